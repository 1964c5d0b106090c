//! Every diagnostic code is registered, documented and tested by a fixture.
//!
//! - Each `"ward::…"` literal in the compiler, the CLI and the language server is in the
//!   registry (`ward_core::codes`), and each registered code is used somewhere.
//! - Each registered code has a fixture in `fixtures/diagnostics/codes/` (or a reason in
//!   `codes::WITHOUT_FIXTURE`), which reports that code; its inline expectations list every
//!   diagnostic it reports, and its snapshot shows what `ward check` prints.
//! - `docs/diagnostics.md` is what the registry and the fixtures generate.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use ward_core::codes;
use ward_tests::annotations;
use ward_tests::diagnostic_fixture;
use ward_tests::diagnostics_doc::{fixture_dir, fixture_of, generate};
use ward_tests::root;

/// Every `"ward::…"` string literal in the Rust sources under `dir`, outside tests and the
/// registry itself. (That each code is really reported is the fixtures' job.)
fn literals(dir: &Path, out: &mut BTreeSet<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if p.is_dir() {
            if name != "tests" && name != "target" {
                literals(&p, out);
            }
            continue;
        }
        // The registry names every code; it is what the sources are compared with.
        if !name.ends_with(".rs") || p == root().join("compiler/core/src/codes.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        // Unit tests at the end of a file may name codes they check for.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let mut rest = code;
        while let Some(i) = rest.find("\"ward::") {
            let tail = &rest[i + 1..];
            let end = tail.find('"').unwrap_or(tail.len());
            let lit = &tail[..end];
            if lit.len() > "ward::".len()
                && lit["ward::".len()..]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                let shown = p.strip_prefix(root()).unwrap_or(&p).display().to_string();
                out.insert((lit.to_string(), shown));
            }
            rest = &tail[end..];
        }
    }
}

fn used_codes() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for dir in ["compiler", "lsp"] {
        literals(&root().join(dir), &mut out);
    }
    out
}

#[test]
fn every_code_in_the_sources_is_registered_and_every_registered_code_is_used() {
    let used = used_codes();
    assert!(used.len() > 40, "the scan finds the codes: {used:?}");
    let missing: Vec<String> = used
        .iter()
        .filter(|(c, _)| codes::lookup(c).is_none())
        .map(|(c, f)| format!("{c} (in {f})"))
        .collect();
    assert!(
        missing.is_empty(),
        "add these codes to compiler/core/src/codes.rs, with a summary:\n{}",
        missing.join("\n")
    );
    let unused: Vec<&str> = codes::all()
        .map(|c| c.name)
        .filter(|n| !used.iter().any(|(c, _)| c == n))
        .collect();
    assert!(
        unused.is_empty(),
        "these registered codes are used nowhere in compiler/ or lsp/: {unused:?}"
    );
}

#[test]
fn every_code_has_a_fixture() {
    let dir = fixture_dir();
    let without: Vec<&str> = codes::all()
        .map(|c| c.name)
        .filter(|n| fixture_of(&dir, n).is_none())
        .filter(|n| !codes::WITHOUT_FIXTURE.iter().any(|(w, _)| w == n))
        .collect();
    assert!(
        without.is_empty(),
        "add a fixture for each of these in tests/fixtures/diagnostics/codes/ (see docs/testing.md): {without:?}"
    );
    for (n, _) in codes::WITHOUT_FIXTURE {
        assert!(codes::lookup(n).is_some(), "{n} is not a registered code");
        assert!(
            fixture_of(&dir, n).is_none(),
            "{n} has a fixture now: take it off codes::WITHOUT_FIXTURE"
        );
    }
    for f in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = f.file_name().to_string_lossy().to_string();
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        assert!(
            codes::lookup(&format!("ward::{stem}")).is_some(),
            "{name} is not named for a registered code"
        );
    }
}

#[test]
fn fixtures() {
    // Every fixture is checked before any failure is reported, so one run shows them all.
    let checked = check_all(&fixture_dir());
    let failures = Mutex::new(Vec::new());
    insta::glob!("../fixtures/diagnostics/codes", "*.{ward,txt}", |path| {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let checked = &checked[&name];
        insta::assert_snapshot!(checked.rendered);
        if let Err(e) = verdict(&name, checked) {
            failures
                .lock()
                .unwrap()
                .push(format!("{e}\n\n{}", checked.rendered));
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Check every fixture in `dir`, by name, on as many threads as there are cores: each loads
/// the standard library twice, which is most of this test's time.
fn check_all(dir: &Path) -> HashMap<String, diagnostic_fixture::Checked> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    let next = AtomicUsize::new(0);
    let done = Mutex::new(HashMap::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                while let Some(name) = names.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let text = std::fs::read_to_string(dir.join(name)).unwrap();
                    let checked = diagnostic_fixture::check(name, &text);
                    done.lock().unwrap().insert(name.clone(), checked);
                }
            });
        }
    });
    done.into_inner().unwrap()
}

/// Does the fixture report its code, every code with its registered severity, and exactly
/// what its annotations say?
fn verdict(name: &str, checked: &diagnostic_fixture::Checked) -> Result<(), String> {
    let code = format!("ward::{}", name.rsplit_once('.').map_or(name, |(s, _)| s));
    if !checked.expected.iter().any(|e| e.code == code) {
        return Err(format!(
            "{name}: annotate at least one `{code}` (see docs/testing.md)"
        ));
    }
    let registered = codes::lookup(&code).map(|c| c.severity);
    for e in checked.expected.iter().filter(|e| e.code == code) {
        if Some(e.severity) != registered {
            return Err(format!(
                "{name}:{}: {code} is registered as {registered:?}",
                e.at
            ));
        }
    }
    for a in &checked.actual {
        match codes::lookup(&a.code) {
            Some(c) if c.severity != a.severity => {
                return Err(format!(
                    "{name}: {} is reported as {:?} but registered as {:?}",
                    a.code, a.severity, c.severity
                ));
            }
            Some(_) => {}
            None => {
                return Err(format!(
                    "{name}: `{}` is not a registered code ({})",
                    a.code, a.message
                ));
            }
        }
    }
    annotations::compare(&checked.expected, &checked.actual, |p| checked.text(p))
        .map_err(|e| format!("{name}: the diagnostics differ from the annotations:\n{e}"))
}

#[test]
fn the_diagnostics_page_is_generated_from_the_registry() {
    let path = root().join("docs/diagnostics.md");
    let want = generate(&fixture_dir());
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/diagnostics.md is out of date: run `UPDATE_DOCS=1 cargo test -p ward-tests --test all codes::`"
    );
}
