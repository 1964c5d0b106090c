//! Case files at the edge of what `ward eval` reads, as data: every file in
//! `fixtures/cases/refused/` must be refused, every file in `fixtures/cases/accepted/` must
//! evaluate, and each run's output is a snapshot (so adding a case means adding a file). The
//! cases too large to keep as files (huge values, thousands of mistakes, towers of brackets)
//! are built here.

use ward_core::eval::{Format, case};
use ward_tests::{AS_OF, case_files, root, stdlib_host, ward};

/// Snapshot `ward eval` of each case in `dir`, which must exit with `code`.
fn snapshot_dir(dir: &str, code: i32) {
    for path in case_files(dir) {
        let rel = path.strip_prefix(root()).unwrap().display().to_string();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(&path).unwrap();
        let run = ward(&["eval", &rel, "--as-of", AS_OF]);
        assert_eq!(run.code, code, "{rel}: {}{}", run.stdout, run.stderr);
        // The library's hashes change with every library edit; the case's own audit hash stays.
        let library = vec![
            (
                r"(built into this ward \(nhs [^,]+, )sha256:[0-9a-f]{64}",
                "${1}sha256:[library]",
            ),
            (r"(\(stdlib\), )sha256:[0-9a-f]{16}", "${1}sha256:[library]"),
        ];
        insta::with_settings!({ snapshot_path => format!("snapshots/{}", dir.replace('/', "_")), prepend_module_to_snapshot => false, filters => library }, {
            insta::assert_snapshot!(name, format!("{source}\n----- ward eval (exit {}) -----\n{}{}", run.code, run.stdout, run.stderr));
        });
    }
}

#[test]
fn refused_cases() {
    snapshot_dir("tests/fixtures/cases/refused", 2);
}

#[test]
fn accepted_cases() {
    snapshot_dir("tests/fixtures/cases/accepted", 0);
}

thread_local! {
    static PROG: std::sync::Arc<ward_core::eval::Program> =
        stdlib_host(ward_core::Database::default()).program().expect("the standard library compiles");
}

fn load(text: &str, format: Format) -> Result<case::Case, Vec<case::CaseError>> {
    PROG.with(|prog| case::load(prog, text, format))
}

#[test]
fn a_batch_line_with_a_key_given_twice_is_refused() {
    // The fast loader must decline it too, so that the checked loader reports it.
    for line in [
        r#"{"data": {"large_scale": true, "large_scale": false}}"#,
        r#"{"data": {}, "data": {"large_scale": true}}"#,
    ] {
        let errs = PROG
            .with(|prog| ward_core::batch::load_line(prog, line))
            .expect_err("a key given twice is refused");
        assert!(
            errs[0].message.contains("is given twice, at 1:"),
            "{}",
            errs[0]
        );
    }
}

fn errors(text: &str, format: Format) -> Vec<String> {
    load(text, format)
        .expect_err("the case is refused")
        .iter()
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn a_huge_value_is_echoed_shortened_with_its_length() {
    let huge = "x".repeat(4 << 20);
    for (text, format) in [
        (
            format!("{{\"technology\": {{\"risk_class\": \"{huge}\"}}}}"),
            Format::Json,
        ),
        (format!("technology:\n  risk_class: {huge}\n"), Format::Yaml),
        (format!("data:\n  large_scale: {huge}\n"), Format::Yaml),
        (format!("? {huge}\n: 1\n"), Format::Yaml),
    ] {
        let errs = errors(&text, format);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].len() < 1_000, "{} bytes", errs[0].len());
        assert!(
            errs[0].contains(&format!("{}… (4194304 characters)", "x".repeat(60))),
            "{}",
            errs[0]
        );
    }
}

#[test]
fn the_errors_of_a_case_are_capped() {
    let flows: Vec<String> = (0..1_000)
        .map(|i| format!("    - {{ recipient: nobody_{i} }}"))
        .collect();
    let text = format!("data:\n  flows:\n{}\n", flows.join("\n"));
    let errs = errors(&text, Format::Yaml);
    assert_eq!(errs.len(), 101);
    assert!(errs[0].starts_with("data.flows[0].recipient: \"nobody_0\" is not a value"));
    assert_eq!(
        errs[100],
        "and 900 more problems (only the first 100 are listed)"
    );
    // Duplicates found while reading count towards the same cap.
    let dups: String = (0..100_000)
        .map(|i| format!("bogus{}: 1\n", i % 2))
        .collect();
    let errs = errors(&dups, Format::Yaml);
    assert_eq!(errs.len(), 101);
    let run = ward(&["eval", &write("many-errors.yaml", &text)]);
    assert!(
        run.stderr
            .contains("does not describe a valid case (more than 100 problems)"),
        "{}",
        run.stderr
    );
}

#[test]
fn towers_of_brackets_fail_on_depth() {
    for (text, format) in [
        (format!("a: {}", "[".repeat(100_000)), Format::Yaml),
        ("[".repeat(16 << 20), Format::Yaml),
        (format!("{{\"a\": {}", "[".repeat(100_000)), Format::Json),
        ("[".repeat(16 << 20), Format::Json),
    ] {
        let errs = errors(&text, format);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].contains("the case nests more than 32 levels deep"),
            "{}",
            errs[0]
        );
    }
}

#[test]
fn arbitrary_text_is_never_a_panic() {
    // Prefixes of every fixture, as both formats: each is loaded or refused, never a crash.
    for path in case_files("tests/fixtures/cases/refused")
        .into_iter()
        .chain(case_files("tests/fixtures/cases/accepted"))
    {
        let text = std::fs::read_to_string(&path).unwrap();
        for (cut, _) in text.char_indices() {
            let _ = load(&text[..cut], Format::Yaml);
            let _ = load(&text[..cut], Format::Json);
        }
    }
}

fn write(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("ward-case-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}
