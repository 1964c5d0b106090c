//! Limits on the shape of a policy (issue 20, items 1 and 2): a flat chain of ten thousand
//! `+`, `*`, `and`, `or` or `.` steps and a chain of three thousand derived values are errors
//! with a span and a help line, never a stack overflow, in `ward check`, `ward fmt` and
//! `ward eval`; a chain at the limit still checks, formats and evaluates. The inputs are made
//! here from the frame in `tests/fixtures/limits/chain.ward`, not committed.
//!
//! These tests run on the test harness's threads (2 MiB of stack, unoptimised code), which is
//! less than any command gets, so passing here means the limits leave room to spare.

use std::path::{Path, PathBuf};

use ward_tests::{Run, flat, root, ward_in};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ward-limits-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A policy directory whose `main.ward` defines `value = expr` and a rule reading it with
/// `use_it`.
fn policy(name: &str, expr: &str, use_it: &str) -> PathBuf {
    let frame = std::fs::read_to_string(root().join("tests/fixtures/limits/chain.ward")).unwrap();
    let dir = scratch(name);
    let text = frame.replace("{{expr}}", expr).replace("{{use}}", use_it);
    std::fs::write(dir.join("main.ward"), text).unwrap();
    std::fs::write(
        dir.join("case.json"),
        r#"{"organisation": {"roles": ["adopter"]}, "n": 1, "b": true, "r": {"a": {"a": 1}}}"#,
    )
    .unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> Run {
    ward_in(dir, args)
}

fn chain(term: &str, op: &str, n: usize) -> String {
    vec![term; n].join(op)
}

#[test]
fn ten_thousand_step_chains_are_an_error_with_a_span_not_a_crash() {
    let cases = [
        ("plus", chain("n", " + ", 10_000), "value > 0"),
        ("times", chain("n", " * ", 10_000), "value > 0"),
        ("field", format!("r{}", ".a".repeat(10_000)), "value > 0"),
        (
            "mixed",
            format!("({}) * 2", chain("n", " - ", 300)),
            "value > 0",
        ),
    ];
    for (name, expr, use_it) in cases {
        let dir = policy(name, &expr, use_it);
        let check = run(&dir, &["check", "main.ward"]);
        assert_eq!(check.code, 1, "{name}: {}", check.stderr);
        let text = flat(&check.stderr);
        assert!(
            text.contains("this expression is more than 256 levels deep")
                && text.contains("main.ward:")
                && text.contains("help: each operator"),
            "{name}: {text}"
        );
        let fmt = run(&dir, &["fmt", "--check", "main.ward"]);
        assert_ne!(fmt.code, 0, "{name}: {}", fmt.stderr);
        assert_eq!(fmt.code, 1, "{name}: {}", fmt.stderr);
        let eval = run(&dir, &["eval", "case.json", "--policy", "."]);
        assert_eq!(eval.code, 1, "{name}: {}", eval.stderr);
        assert!(
            flat(&eval.stderr).contains("levels deep"),
            "{name}: {}",
            eval.stderr
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn ten_thousand_term_logic_chains_are_flat_and_fine() {
    for (name, op) in [("and", " and "), ("or", " or ")] {
        let dir = policy(name, &chain("b", op, 10_000), "value");
        let check = run(&dir, &["check", "main.ward"]);
        assert_eq!(check.code, 0, "{name}: {}", check.stderr);
        let fmt = run(&dir, &["fmt", "main.ward"]);
        assert_eq!(fmt.code, 0, "{name}: {}", fmt.stderr);
        let eval = run(&dir, &["eval", "case.json", "--policy", "."]);
        assert_eq!(eval.code, 0, "{name}: {}", eval.stderr);
        assert!(eval.stdout.contains("do-it"), "{name}: {}", eval.stdout);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn chains_at_the_limit_check_format_and_evaluate() {
    let cases = [
        ("plus", chain("n", " + ", 256), "value > 0"),
        ("times", chain("n", " * ", 256), "value > 0"),
        // 64 brackets, each around a short chain: 64 × 4 levels.
        (
            "nested",
            format!("{}n{}", "(n + n + ".repeat(64), ")".repeat(64)),
            "value > 0",
        ),
    ];
    for (name, expr, use_it) in cases {
        let dir = policy(name, &expr, use_it);
        let check = run(&dir, &["check", "main.ward"]);
        assert_eq!(check.code, 0, "{name}: {}", check.stderr);
        let fmt = run(&dir, &["fmt", "main.ward"]);
        assert_eq!(fmt.code, 0, "{name}: {}", fmt.stderr);
        let eval = run(&dir, &["eval", "case.json", "--policy", "."]);
        assert_eq!(eval.code, 0, "{name}: {}", eval.stderr);
        assert!(eval.stdout.contains("do-it"), "{name}: {}", eval.stdout);
        // Batches run on worker threads, with their missing facts explained.
        let case = std::fs::read_to_string(dir.join("case.json")).unwrap();
        std::fs::write(dir.join("cases.jsonl"), format!("{case}\n{{}}\n")).unwrap();
        let batch = run(
            &dir,
            &[
                "eval",
                "--batch",
                "cases.jsonl",
                "--missing",
                "--policy",
                ".",
            ],
        );
        assert_eq!(batch.code, 0, "{name}: {}", batch.stderr);
        assert_eq!(batch.stdout.lines().count(), 2, "{name}: {}", batch.stdout);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_chain_of_three_thousand_derived_values_is_an_error_not_a_crash() {
    let mut defs = String::from("n\n\ndef d0 = n\n");
    for i in 1..3_000 {
        defs.push_str(&format!("def d{i} = d{} + 1\n", i - 1));
    }
    defs.push_str("def top = d2999");
    let dir = policy("defs", &defs, "value > 0");
    let check = run(&dir, &["check", "main.ward"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let text = flat(&check.stderr);
    assert!(
        text.contains("derived values refer to each other more than 128 deep"),
        "{text}"
    );
    assert!(text.contains("help:"), "{text}");
    let eval = run(&dir, &["eval", "case.json", "--policy", "."]);
    assert_eq!(eval.code, 1, "{}", eval.stderr);
    let _ = std::fs::remove_dir_all(&dir);

    // At the limit (128 derived values, each reading the one before) all is well.
    let mut defs = String::from("n\n\ndef d1 = n\n");
    for i in 2..=127 {
        defs.push_str(&format!("def d{i} = d{} + 1\n", i - 1));
    }
    defs.push_str("def top = d127");
    let dir = policy("defs-ok", &defs, "value > 0");
    let check = run(&dir, &["check", "main.ward"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let eval = run(&dir, &["eval", "case.json", "--policy", "."]);
    assert_eq!(eval.code, 0, "{}", eval.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Item 3: "did you mean" compares each misspelt name with every name in scope, so ten
/// thousand of them once took 43 seconds, on every edit in the editor. The comparisons are
/// now budgeted per module: the first misspellings still get their suggestion, the rest are
/// errors without one, and the whole check stays near linear (timed in
/// `compiler/bench`, `check_ten_thousand_unknown_names`).
#[test]
fn ten_thousand_misspelt_names_are_each_an_error_and_suggestions_are_bounded() {
    let mut text = String::from("fact amount: int\n\n");
    for i in 0..10_000 {
        text.push_str(&format!("def v{i} = amuont + {i}\n"));
    }
    let mut host = ward_tests::stdlib_host(ward_core::Database::default());
    host.set_file(
        "many",
        "many.ward",
        text,
        ward_core::Origin::root("t", "0.0.0"),
    );
    let diags: Vec<ward_core::Diagnostic> = host
        .diagnostics()
        .into_iter()
        .flat_map(|(_, ds)| ds)
        .filter(|d| d.code == "ward::unknown-name")
        .collect();
    assert_eq!(diags.len(), 10_000);
    let suggested = diags
        .iter()
        .filter(|d| d.help.as_deref() == Some("did you mean `amount`?"))
        .count();
    assert!(diags[0].help.as_deref() == Some("did you mean `amount`?"));
    assert!((10..1_000).contains(&suggested), "{suggested} suggestions");
    assert_eq!(diags.last().unwrap().help, None);
}
