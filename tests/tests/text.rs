//! Unusual text in policy files (issue 20, items 5 and 6): a byte-order mark is skipped with
//! every span still right, and `ward fmt` keeps it; bidirectional control characters in
//! strings, titles, section names and comments are each a `ward::bidi-control` warning.

use ward_core::{Database, Diagnostic, Origin};
use ward_tests::{flat, root, stdlib_host, ward};

fn diagnostics(path: &str, text: &str) -> Vec<Diagnostic> {
    let mut host = stdlib_host(Database::default());
    host.set_file("m", path, text.to_string(), Origin::root("t", "0.0.0"));
    host.diagnostics()
        .into_iter()
        .flat_map(|(_, d)| d)
        .collect()
}

#[test]
fn a_byte_order_mark_is_skipped_and_spans_count_it() {
    let path = "tests/fixtures/text/bom_error.ward";
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    assert!(text.starts_with('\u{feff}'));
    let parsed = ward_syntax::parse(&text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let diags = diagnostics(path, &text);
    let unknown = diags
        .iter()
        .find(|d| d.code == "ward::unknown-name")
        .expect("the unknown name is found");
    let (s, e) = (unknown.span.start as usize, unknown.span.end as usize);
    assert_eq!(&text[s..e], "not_declared");
    // The CLI points at the same place: line 1, after the mark.
    let run = ward(&["check", path]);
    assert!(
        flat(&run.stderr).contains("bom_error.ward:1:"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("expected an item"), "{}", run.stderr);
}

#[test]
fn the_formatter_keeps_a_byte_order_mark() {
    let text = "\u{feff}def   ready =  true\n";
    let once = ward_syntax::format(text).expect("it parses");
    assert_eq!(once, "\u{feff}def ready = true\n");
    assert_eq!(ward_syntax::format(&once).unwrap(), once);
    // And adds none to a file without one.
    assert_eq!(
        ward_syntax::format("def ready = true\n").unwrap(),
        "def ready = true\n"
    );
}

#[test]
fn bidirectional_controls_are_warned_about_where_they_are() {
    let path = "tests/fixtures/text/bidi.ward";
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let warnings: Vec<Diagnostic> = diagnostics(path, &text)
        .into_iter()
        .filter(|d| d.code == "ward::bidi-control")
        .collect();
    let found: Vec<(String, &str)> = warnings
        .iter()
        .map(|d| {
            let at = &text[d.span.start as usize..d.span.end as usize];
            (
                format!("U+{:04X}", at.chars().next().unwrap() as u32),
                d.message.as_str(),
            )
        })
        .collect();
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(
        found[0].0 == "U+202E" && found[0].1.contains("in a string"),
        "{found:?}"
    );
    assert!(
        found[1].0 == "U+2066" && found[1].1.contains("in a string"),
        "{found:?}"
    );
    assert!(
        found[2].0 == "U+202E" && found[2].1.contains("in a comment"),
        "{found:?}"
    );
    assert!(
        found[3].0 == "U+200F" && found[3].1.contains("in a string"),
        "{found:?}"
    );
    assert!(warnings.iter().all(|d| d.help.is_some() && !d.is_error()));
    let run = ward(&["check", path]);
    assert!(
        flat(&run.stderr).contains("ward::bidi-control"),
        "{}",
        run.stderr
    );
}
