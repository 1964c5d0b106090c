//! Diagnostics as snapshots: each fixture in `fixtures/diagnostics/` is checked with the
//! standard library, and its snapshot shows the source on top and the rendered diagnostics
//! below. Adding a case means adding a file.

use ward_tests::{root, ward};

#[test]
fn diagnostics() {
    insta::glob!("../fixtures/diagnostics", "*.ward", |path| {
        let rel = path.strip_prefix(root()).unwrap().display().to_string();
        let source = std::fs::read_to_string(path).unwrap();
        let run = ward(&["check", &rel]);
        assert!(!run.stderr.is_empty(), "{rel} should have diagnostics");
        let snapshot = format!(
            "{source}\n----- ward check (exit {}) -----\n{}{}",
            run.code, run.stdout, run.stderr
        );
        insta::assert_snapshot!(snapshot);
    });
}

#[test]
fn three_mistakes_give_three_diagnostics() {
    let run = ward(&["check", "tests/fixtures/diagnostics/three_mistakes.ward"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("cannot find `organisaton`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `organisation`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("expected `bool`, found `RiskClass`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`register_ai` is defined twice"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("3 errors"), "{}", run.stderr);
}

#[test]
fn the_standard_library_checks_clean() {
    let run = ward(&["check", "stdlib"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("ok:"), "{}", run.stdout);
}

/// Issue 19: a word being typed below a rule keeps the rule: its import stays used, and the
/// only diagnostic is the stray word.
#[test]
fn a_word_typed_below_a_rule_keeps_the_rule() {
    let run = ward(&[
        "check",
        "tests/fixtures/diagnostics/typing_below_a_rule.ward",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("never used"), "{}", run.stderr);
    assert!(run.stderr.contains("found `rul`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("1 error and 0 warnings"),
        "{}",
        run.stderr
    );
}
