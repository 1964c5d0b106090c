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
    let case = case_file("unknown-field.json", r#"{"technology": {"risk_clas": "class_2a"}}"#);
    let run = ward(&["eval", &case, "--as-of", "2026-11-22"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("technology.risk_clas: `Technology` has no field `risk_clas`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `risk_class`?"), "{}", run.stderr);
}

#[test]
fn a_wrong_enum_value_lists_the_allowed_ones() {
    let case = case_file("bad-enum.yaml", "technology:\n  risk_class: class_9\n");
    let run = ward(&["eval", &case]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("technology.risk_class: \"class_9\" is not a value of `RiskClass`"), "{}", run.stderr);
    assert!(run.stderr.contains("class_1, class_2a"), "{}", run.stderr);
}

#[test]
fn a_wrong_type_says_what_was_expected_and_found() {
    let case = case_file("bad-type.yaml", "data:\n  health_care: \"yes\"\n  flows:\n    - recipient: 3\n");
    let run = ward(&["eval", &case]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("data.health_care: expected true or false, found the text \"yes\""), "{}", run.stderr);
    assert!(run.stderr.contains("write true or false without quotes"), "{}", run.stderr);
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
    let run = ward(&["eval", "policies/cases/english-trust-ai-imaging-pilot.yaml", "--as-of", "22/11/2026"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a date"), "{}", run.stderr);
}

#[test]
fn test_ends_with_the_count_line() {
    let run = ward(&["test", "stdlib"]);
    let last = run.stdout.trim_end().lines().last().unwrap_or_default().to_string();
    assert!(last.ends_with(" failed") && last.contains(" passed, "), "{last}");
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
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "obligation local-x \"X\" held_by adopter\n");
    let run = ward(&["fmt", "--check", &path]);
    assert_eq!(run.code, 0);
}

#[test]
fn eval_works_from_any_directory() {
    let case = root().join("policies/cases/english-trust-ai-imaging-pilot.yaml").display().to_string();
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
