//! `ward eval --batch`: the full result lines are what one line evaluated alone gives, in input
//! order, however the lines are split across cores; the compact form is snapshotted.
//! `fixtures/batch/examples.jsonl` is the thirteen example cases of `policies/cases/`, one JSON
//! line each (YAML read with PyYAML, dates as `YYYY-MM-DD`).

use ward_core::batch::{Form, LineOptions, evaluate};
use ward_tests::{AS_OF, root, stdlib_host, ward};

fn examples() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/batch/examples.jsonl")).unwrap();
    text.lines().map(str::to_string).collect()
}

/// The examples repeated past one reader chunk (4,096 lines) and many blocks, with a bad line
/// and a blank one among them.
fn repeated(dir: &std::path::Path) -> (std::path::PathBuf, Vec<String>) {
    let ex = examples();
    let mut lines: Vec<String> = (0..4200).map(|i| ex[i % ex.len()].clone()).collect();
    lines[100] = "not json".into();
    lines[4150] = r#"{"technology": {"risk_class": "class_9"}}"#.into();
    lines[200] = String::new();
    let path = dir.join("repeated.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    (path, lines)
}

/// What evaluating each line by itself, one after another, gives.
fn sequential(lines: &[String], form: Form) -> String {
    let prog = stdlib_host(ward_core::Database::default())
        .program()
        .expect("the standard library compiles");
    let as_of = ward_core::time::parse_instant(AS_OF).unwrap();
    let opts = LineOptions {
        form,
        ..Default::default()
    };
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if !l.trim().is_empty() {
            out.push_str(&evaluate(&prog, l, as_of, i + 1, opts).json);
        }
    }
    out
}

#[test]
fn parallel_results_are_the_sequential_ones_in_input_order() {
    let dir = tempfile_dir("parallel");
    let (path, lines) = repeated(&dir);
    let path = path.display().to_string();
    for (format, form) in [("json", Form::Full), ("compact", Form::Compact)] {
        let run = ward(&[
            "eval", "--batch", &path, "--as-of", AS_OF, "--format", format,
        ]);
        assert_eq!(run.code, 2, "two bad lines: {}", run.stderr);
        assert!(
            run.stderr.contains(":101: this is not valid JSON"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(":4151: technology.risk_class"),
            "{}",
            run.stderr
        );
        assert_eq!(
            run.stdout.lines().count(),
            lines.len() - 1,
            "blank lines give no result"
        );
        assert!(
            run.stdout == sequential(&lines, form),
            "--format {format}: the batch differs from evaluating its lines one by one"
        );
    }
}

#[test]
fn full_lines_of_the_examples() {
    // The full form is a contract (`ward export`'s differential test and `ward serve` read it):
    // held byte for byte.
    let path = root().join("tests/fixtures/batch/examples.jsonl");
    let run = ward(&[
        "eval",
        "--batch",
        &path.display().to_string(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn compact_lines_of_the_examples() {
    let path = root().join("tests/fixtures/batch/examples.jsonl");
    let run = ward(&[
        "eval",
        "--batch",
        &path.display().to_string(),
        "--as-of",
        AS_OF,
        "--format",
        "compact",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for l in run.stdout.lines() {
        serde_json::from_str::<serde_json::Value>(l).expect("each compact line is JSON");
    }
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn rules_add_the_deciding_rule_and_change_nothing_else() {
    // `--rules` (read by `ward export`'s differential runs) adds `"rule"` after the verb of
    // every obligation; taking it out again gives the line without `--rules`, byte for byte.
    let path = root()
        .join("tests/fixtures/batch/examples.jsonl")
        .display()
        .to_string();
    let plain = ward(&["eval", "--batch", &path, "--as-of", AS_OF]);
    let ruled = ward(&["eval", "--batch", &path, "--as-of", AS_OF, "--rules"]);
    assert_eq!(ruled.code, 0, "{}", ruled.stderr);
    let mut rules = 0;
    for (p, r) in plain.stdout.lines().zip(ruled.stdout.lines()) {
        let v: serde_json::Value = serde_json::from_str(r).unwrap();
        let mut stripped = r.to_string();
        for ob in v["obligations"].as_array().unwrap() {
            let rule = ob["rule"].as_str().expect("a rule");
            assert!(rule.starts_with("nhs."), "{rule}");
            stripped = stripped.replacen(&format!(",\"rule\":\"{rule}\""), "", 1);
            rules += 1;
        }
        assert_eq!(stripped, p);
    }
    assert!(rules > 0);
    let compact = ward(&["eval", "--batch", &path, "--rules", "--format", "compact"]);
    assert_eq!(compact.code, 2);
}

#[test]
fn compact_is_refused_without_a_batch() {
    let run = ward(&[
        "eval",
        "policies/cases/english-trust-ai-imaging-pilot.yaml",
        "--format",
        "compact",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("use it with --batch"), "{}", run.stderr);
}

fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ward-batch-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_weaker_duty_that_applies_beside_an_undetermined_one_is_listed_under_both() {
    // The local recommendation of a DPIA applies; the legal DPIA waits on `data.large_scale`.
    let dir = tempfile_dir("weaker");
    let path = dir.join("case.jsonl");
    std::fs::write(
        &path,
        r#"{"organisation":{"nation":"england","type":"nhs_trust","roles":["adopter"]},"technology":{"traits":["ai","innovative"],"nice_status":"none"},"data":{"health_care":true,"identifiability":"identifiable","subjects":["living"]},"activity":{"stages":["pilot"]}}"#,
    )
    .unwrap();
    let run = ward(&[
        "eval",
        "--batch",
        &path.display().to_string(),
        "--as-of",
        AS_OF,
        "--format",
        "compact",
        "--policy",
        "tests/fixtures/attacks/weaker_rule",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    let has = |group: &str, level: &str| {
        line[group][level]
            .as_array()
            .is_some_and(|ids| ids.iter().any(|id| id == "dpia"))
    };
    assert!(has("undetermined", "required"), "{line}");
    assert!(has("applies", "local"), "{line}");
}
