//! Every source names a section heading that exists in its document, and every `at` names a
//! heading (or, for the FAQ, the opening words of an answer) that exists after it.

use ward_core::Host;
use ward_core::citations::plain;

fn load() -> Host {
    let mut host = Host::default();
    ward_stdlib::load_into(&mut host);
    host
}

#[test]
fn the_standard_library_compiles() {
    let host = load();
    let errors: Vec<String> = host
        .diagnostics()
        .into_iter()
        .flat_map(|(f, ds)| {
            let path = f.path(host.db()).clone();
            ds.into_iter()
                .filter(|d| d.is_error())
                .map(move |d| format!("{path}: {}", d.message))
        })
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn every_citation_names_text_in_its_document() {
    let host = load();
    let prog = host.program().expect("the standard library compiles");
    let mut problems = Vec::new();
    for s in &prog.sources {
        let Some(doc) = ward_stdlib::document(&s.document) else {
            problems.push(format!("{}: no embedded document `{}`", s.name, s.document));
            continue;
        };
        let lines: Vec<String> = doc.lines().map(plain).collect();
        if !lines.iter().any(|l| l == &s.section) {
            problems.push(format!(
                "{}: `{}` has no heading \"{}\"",
                s.name, s.document, s.section
            ));
        }
    }
    for r in &prog.rules {
        for c in &r.citations {
            let s = &prog.sources[c.source as usize];
            let (Some(at), Some(doc)) = (&c.at, ward_stdlib::document(&s.document)) else {
                continue;
            };
            let lines: Vec<String> = doc.lines().map(plain).collect();
            let start = lines.iter().position(|l| l == &s.section).unwrap_or(0);
            if !lines[start..].iter().any(|l| l.starts_with(at.as_str())) {
                problems.push(format!(
                    "{}: \"{}\" has nothing starting \"{at}\" after its heading",
                    r.name, s.section
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
