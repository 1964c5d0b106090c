//! The case-file JSON Schema (`ward schema`, `ward_core::schema`), checked by an independent
//! validator: every example case and every case the loader accepts validates; every file in
//! `fixtures/schema/rejected/` is refused by the schema and by the case loader alike; the
//! VS Code extension ships exactly what `ward schema` prints and contributes it for
//! `*.case.yaml` and `*.case.json`.

use std::path::Path;

use ward_core::Database;
use ward_core::eval::case_doc::{Kind, Node};
use ward_core::eval::{Format, case};
use ward_tests::{case_files, root, stdlib_host, ward};

fn schema() -> serde_json::Value {
    let prog = stdlib_host(Database::default()).program().unwrap();
    ward_core::schema::case_schema(&prog)
}

/// A case file as the JSON value its reader sees.
fn as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let read = match Format::from_path(path) {
        Format::Json => ward_core::eval::case_json::read(text),
        Format::Yaml => ward_core::eval::case_yaml::read(text),
    };
    let (doc, _) = read.unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    json(&doc)
}

fn json(n: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &n.kind {
        Kind::Null => J::Null,
        Kind::Bool(b) => J::Bool(*b),
        Kind::Int(i) => J::from(*i),
        Kind::Number(s) => serde_json::from_str(s).unwrap_or(J::String(s.clone())),
        Kind::NonFinite(s) => J::String(s.clone()),
        Kind::Str { text, .. } => J::String(text.clone()),
        Kind::List(xs) => J::Array(xs.iter().map(json).collect()),
        Kind::Map(es) => J::Object(es.iter().map(|e| (e.key.clone(), json(&e.value))).collect()),
    }
}

#[test]
fn every_example_and_accepted_case_validates() {
    let s = schema();
    assert_eq!(s["$schema"], ward_core::schema::DIALECT);
    let validator = jsonschema::draft202012::new(&s).expect("the schema is a valid 2020-12 schema");
    let mut files = case_files("policies/cases");
    files.extend(case_files("tests/fixtures/cases/accepted"));
    files.extend(case_files("tests/fixtures/cases"));
    for f in files {
        let value = as_json(&f);
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", f.display());
    }
}

#[test]
fn malformed_cases_are_rejected_by_the_schema_and_the_loader() {
    let s = schema();
    let prog = stdlib_host(Database::default()).program().unwrap();
    let validator = jsonschema::draft202012::new(&s).unwrap();
    let mut files = case_files("tests/fixtures/schema/rejected");
    files.push(root().join("tests/fixtures/cases/refused/bad-values.yaml"));
    files.push(root().join("tests/fixtures/cases/refused/yaml-booleans.yaml"));
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            case::load(&prog, &text, Format::from_path(&f)).is_err(),
            "{}: the loader accepts it",
            f.display()
        );
        assert!(
            !validator.is_valid(&as_json(&f)),
            "{}: the schema accepts it",
            f.display()
        );
    }
}

#[test]
fn the_extension_ships_the_schema_ward_prints() {
    let run = ward(&["schema"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let printed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(printed, schema());
    let shipped = root().join("editors/vscode/schemas/case.schema.json");
    let text = std::fs::read_to_string(&shipped).unwrap_or_default();
    assert_eq!(
        text, run.stdout,
        "the extension's schema is out of date: run `cargo run -p ward-cli -- schema > editors/vscode/schemas/case.schema.json`"
    );
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("editors/vscode/package.json")).unwrap(),
    )
    .unwrap();
    let contributes = &manifest["contributes"];
    let url = "./schemas/case.schema.json";
    assert_eq!(contributes["jsonValidation"][0]["url"], url);
    assert_eq!(contributes["jsonValidation"][0]["fileMatch"], "*.case.json");
    assert_eq!(contributes["yamlValidation"][0]["url"], url);
    assert!(
        contributes["yamlValidation"][0]["fileMatch"]
            .as_array()
            .unwrap()
            .contains(&"*.case.yaml".into())
    );
    let ignore = std::fs::read_to_string(root().join("editors/vscode/.vscodeignore")).unwrap();
    assert!(
        ignore.lines().any(|l| l == "!schemas/**"),
        "the .vsix leaves the schema out"
    );
}

#[test]
fn the_schema_describes_facts_with_their_questions() {
    let s = schema();
    let nation = &s["$defs"]["Organisation"]["properties"]["nation"];
    assert_eq!(nation["$ref"], "#/$defs/Nation");
    assert!(
        nation["description"]
            .as_str()
            .unwrap()
            .starts_with("In which UK nation")
    );
    let status = &s["$defs"]["DeviceStatus"];
    let values = status["enum"].as_array().unwrap();
    let docs = status["enumDescriptions"].as_array().unwrap();
    assert_eq!(values.len(), docs.len());
    assert!(values.contains(&"medical_device".into()) && values.contains(&serde_json::Value::Null));
    let aware = &s["$defs"]["Incident"]["properties"]["aware_at"];
    assert_eq!(aware["anyOf"][0]["format"], "date");
    assert!(s["properties"]["meta"].is_object());
}
