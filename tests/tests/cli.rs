//! The `ward` command's contract: exit codes, error messages for bad input, and the shape of
//! its output. Everything runs in process with a fixed date.

use ward_tests::{root, ward};

fn case_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("ward-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn an_unknown_field_names_its_path_and_suggests() {
    let case = case_file(
        "unknown-field.json",
        r#"{"technology": {"risk_clas": "class_2a"}}"#,
    );
    let run = ward(&["eval", &case, "--as-of", "2026-11-22"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("technology.risk_clas: `Technology` has no field `risk_clas`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `risk_class`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_wrong_enum_value_lists_the_allowed_ones() {
    let case = case_file("bad-enum.yaml", "technology:\n  risk_class: class_9\n");
    let run = ward(&["eval", &case]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("technology.risk_class: \"class_9\" is not a value of `RiskClass`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("class_1, class_2a"), "{}", run.stderr);
}

#[test]
fn a_wrong_type_says_what_was_expected_and_found() {
    let case = case_file(
        "bad-type.yaml",
        "data:\n  health_care: \"yes\"\n  flows:\n    - recipient: 3\n",
    );
    let run = ward(&["eval", &case]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("data.health_care: expected true or false, found the text \"yes\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("write true or false without quotes"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("data.flows[0].recipient: expected one of direct_care_team, developer, other, found the number 3"), "{}", run.stderr);
    assert!(run.stderr.contains("2 problems"), "{}", run.stderr);
}

#[test]
fn malformed_files_are_errors_not_crashes() {
    for (name, text) in [
        ("broken.json", "{\"organisation\": "),
        ("not-an-object.json", "[1, 2, 3]"),
        ("broken.yaml", "organisation: [unclosed"),
        ("unknown-fact.yaml", "organisaton: {nation: england}"),
        ("null.json", "null"),
    ] {
        let case = case_file(name, text);
        let run = ward(&["eval", &case]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.starts_with("error:"), "{name}: {}", run.stderr);
    }
    let run = ward(&["eval", "no/such/case.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no/such/case.yaml"), "{}", run.stderr);
}

#[test]
fn a_bad_date_is_a_usage_error() {
    let run = ward(&[
        "eval",
        "policies/cases/english-trust-ai-imaging-pilot.yaml",
        "--as-of",
        "22/11/2026",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a date"), "{}", run.stderr);
}

#[test]
fn test_ends_with_the_count_line() {
    let run = ward(&["test", "stdlib"]);
    let last = run
        .stdout
        .trim_end()
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    assert!(
        last.ends_with(" failed") && last.contains(" passed, "),
        "{last}"
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn fmt_check_reports_unformatted_files() {
    let dir = std::env::temp_dir().join(format!("ward-fmt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("messy.ward");
    std::fs::write(&file, "obligation local-x   \"X\" held_by adopter\n").unwrap();
    let path = file.display().to_string();
    let run = ward(&["fmt", "--check", &path]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("would reformat"), "{}", run.stdout);
    let run = ward(&["fmt", &path]);
    assert_eq!(run.code, 0);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "obligation local-x \"X\" held_by adopter\n"
    );
    let run = ward(&["fmt", "--check", &path]);
    assert_eq!(run.code, 0);
}

#[test]
fn eval_works_from_any_directory() {
    let case = root()
        .join("policies/cases/english-trust-ai-imaging-pilot.yaml")
        .display()
        .to_string();
    let elsewhere = std::env::temp_dir();
    let run = ward_tests::ward_in(&elsewhere, &["eval", &case, "--as-of", "2026-11-22"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("LEGALLY REQUIRED"), "{}", run.stdout);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(ward(&["frobnicate"]).code, 2);
    assert_eq!(ward(&["eval"]).code, 2);
    assert_eq!(ward(&["--version"]).code, 0);
}

#[test]
fn batch_evaluates_every_line_in_order_and_reports_bad_ones() {
    let lines = [
        r#"{"organisation": {"nation": "england", "type": "nhs_trust", "roles": ["adopter"]}, "data": {"health_care": true, "identifiability": "identifiable"}}"#,
        r#"{"technology": {"risk_class": "class_9"}}"#,
        "not json at all",
        r#"{"organisation": {"nation": "scotland"}}"#,
    ];
    let path = case_file("batch.jsonl", &(lines.join("\n") + "\n"));
    let run = ward(&["eval", "--batch", &path, "--as-of", "2026-11-22"]);
    assert_eq!(
        run.code, 2,
        "bad lines make the exit code 2: {}",
        run.stderr
    );
    let out: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each result is JSON"))
        .collect();
    assert_eq!(out.len(), 4, "one result per line");
    for (i, r) in out.iter().enumerate() {
        assert_eq!(r["line"], i + 1, "results are in input order");
    }
    assert!(
        out[0]["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["id"] == "ico-registration")
    );
    assert_eq!(out[1]["errors"][0]["path"], "technology.risk_class");
    assert!(
        run.stderr
            .contains(":2: technology.risk_class: \"class_9\" is not a value of `RiskClass`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(":3: this is not valid JSON"),
        "{}",
        run.stderr
    );
    assert!(
        out[3]["obligations"].is_array(),
        "the batch went on after the bad lines"
    );
    assert!(
        run.stderr.contains("2 lines of 4 could not be evaluated"),
        "{}",
        run.stderr
    );
    // With --missing, undetermined obligations name the facts that would decide them.
    let run = ward(&[
        "eval",
        "--batch",
        &path,
        "--as-of",
        "2026-11-22",
        "--missing",
    ]);
    let first: serde_json::Value =
        serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    let open = first["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["status"] == "undetermined")
        .expect("something is undetermined");
    assert!(
        open["missing"].as_array().is_some_and(|m| !m.is_empty()),
        "{open}"
    );
}

#[test]
fn oversized_and_unreadable_input_is_refused_without_stopping_a_batch() {
    // A case file past the limit is refused after reading just past it.
    let huge = format!("{{\"incidents\": [{}]}}", vec!["{}"; 6_000_000].join(","));
    let path = case_file("huge.json", &huge);
    let run = ward(&["eval", &path]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("larger than 16 MiB"), "{}", run.stderr);

    // In a batch, an oversized line and a line that is not UTF-8 are reported by line
    // number, and the lines after them are still evaluated.
    let dir = std::path::Path::new(&path).parent().unwrap().to_path_buf();
    let batch = dir.join("unreadable.jsonl");
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"{\"organisation\": {\"nation\": \"wales\"}}\n");
    bytes.extend_from_slice(huge.as_bytes());
    bytes.extend_from_slice(b"\n\xff\xfe\n{\"organisation\": {\"nation\": \"scotland\"}}\n");
    std::fs::write(&batch, bytes).unwrap();
    let run = ward(&["eval", "--batch", &batch.display().to_string()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(":2: the line is larger than 16 MiB"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(":3: the line is not valid UTF-8"),
        "{}",
        run.stderr
    );
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each result is JSON"))
        .collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[3]["obligations"].is_array(), "the batch went on");
}

#[test]
fn a_batch_longer_than_one_chunk_keeps_input_order() {
    // More lines than one chunk of the pipeline holds, so several chunks are in flight at once;
    // every tenth line is bad, and blank lines are skipped but still counted.
    let mut text = String::new();
    for i in 0..10_000 {
        match i % 10 {
            0 => text.push_str("{\"organisation\": {\"nation\": \"atlantis\"}}\n"),
            5 => text.push('\n'),
            _ => text.push_str("{\"organisation\": {\"nation\": \"wales\"}}\n"),
        }
    }
    let path = case_file("long.jsonl", &text);
    let run = ward(&["eval", "--batch", &path, "--as-of", "2026-11-22"]);
    assert_eq!(run.code, 2);
    let lines: Vec<u64> = run
        .stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("each result is JSON");
            v["line"].as_u64().expect("a line number")
        })
        .collect();
    let expected: Vec<u64> = (1..=10_000).filter(|n| (n - 1) % 10 != 5).collect();
    assert_eq!(
        lines, expected,
        "one result per non-blank line, in input order"
    );
    assert!(
        run.stderr
            .contains("1000 lines of 9000 could not be evaluated"),
        "{}",
        run.stderr.lines().last().unwrap_or_default()
    );
}

/// `ward test --format json` is what editors' test explorers read: every test with its file,
/// line and failures, the rules no test fired, and the counts; the exit code as for text.
#[test]
fn test_lists_every_test_as_json() {
    let run = ward(&["test", "tests/fixtures/test_json", "--format", "json"]);
    assert_eq!(run.code, 1, "one test of the fixture fails: {}", run.stderr);
    let listing: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    insta::assert_json_snapshot!(listing);
    // The text form says the same.
    let text = ward(&["test", "tests/fixtures/test_json"]);
    assert!(
        text.stdout
            .contains("tests/fixtures/test_json/policy.ward:42:3: expected `local-ai-register` to apply (require), but it does not apply"),
        "{}",
        text.stdout
    );
}
