//! Evaluation reports as snapshots: every example case in `policies/cases/` and every case
//! fixture in `fixtures/cases/`, in text and JSON, evaluated as at a fixed date. Module hashes
//! and the standard library's hash change with every library edit, so the JSON snapshots
//! redact them; a separate test checks that the same inputs give byte-identical output.

use ward_tests::{AS_OF, case_files, root, ward};

/// Snapshot `<stem>.text` and `<stem>.json` for every case file in `dir`.
fn eval_snapshots(dir: &str) {
    for path in case_files(dir) {
        let rel = path.strip_prefix(root()).unwrap().display().to_string();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(&path).unwrap();
        let text = ward(&["eval", &rel, "--as-of", AS_OF]);
        let json = ward(&["eval", &rel, "--as-of", AS_OF, "--format", "json"]);
        insta::with_settings!({ snapshot_path => format!("snapshots/{}", dir.replace('/', "_")), prepend_module_to_snapshot => false, filters => vec![(r"sha256:[0-9a-f]{16,64}", "sha256:[hash]")] }, {
            insta::assert_snapshot!(format!("{stem}.text"), format!("{source}\n----- ward eval (exit {}) -----\n{}{}", text.code, text.stdout, text.stderr));
            if json.code == 0 {
                let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("eval --format json prints JSON");
                insta::assert_json_snapshot!(format!("{stem}.json"), value, { ".modules" => "[modules]", ".stdlib.hash" => "[hash]", ".stdlib.embedded_hash" => "[hash]" });
            }
        });
    }
}

#[test]
fn example_cases() {
    eval_snapshots("policies/cases");
}

#[test]
fn case_fixtures() {
    eval_snapshots("tests/fixtures/cases");
}

#[test]
fn the_same_inputs_give_byte_identical_output() {
    let case = "policies/cases/english-trust-ai-imaging-pilot.yaml";
    let a = ward(&["eval", case, "--as-of", AS_OF, "--format", "json"]);
    let b = ward(&["eval", case, "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
    let report: serde_json::Value = serde_json::from_str(&a.stdout).unwrap();
    let modules = report["modules"].as_array().unwrap();
    assert!(
        modules
            .iter()
            .all(|m| m["hash"].as_str().unwrap().starts_with("sha256:"))
    );
    assert_eq!(report["ward_version"], env!("CARGO_PKG_VERSION"));
    // The library's identity: the built-in one, named by its content hash.
    let stdlib = &report["stdlib"];
    assert_eq!(stdlib["embedded"], true, "{stdlib}");
    assert_eq!(stdlib["hash"], stdlib["embedded_hash"]);
    assert_eq!(
        stdlib["hash"].as_str(),
        Some(ward_project::stdlib::embedded_hash())
    );
    assert_eq!(stdlib["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        a.stdout
            .starts_with("{\n  \"ward_version\": \"0.1.0\",\n  \"stdlib\": {"),
        "the identity is in the first lines: {}",
        &a.stdout[..200]
    );
    assert_eq!(report["as_of"], AS_OF);
}

#[test]
fn a_missing_fact_makes_its_obligation_undetermined_and_named() {
    let run = ward(&[
        "eval",
        "tests/fixtures/cases/ico-unknown-processing.json",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ico = report["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "ico-registration")
        .expect("listed");
    assert_eq!(ico["status"], "undetermined");
    let missing: Vec<&str> = ico["missing"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m.as_str())
        .collect();
    assert!(
        missing.contains(&"organisation.processes_personal_data"),
        "{missing:?}"
    );
}
