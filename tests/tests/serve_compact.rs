//! `POST /v1/evaluate?view=compact` (the compact result for machine clients), compact JSON
//! text for the full report, and the worked example in the OpenAPI document.

use serde_json::Value;
use ward_core::batch::{Form, LineOptions};
use ward_tests::AS_OF;

use crate::serve::{assert_valid, case, post, request, small, start, validator};

const EXAMPLE: &str = "english-trust-ai-imaging-pilot.yaml";

#[test]
fn the_compact_view_is_the_compact_batch_line_with_the_case_hash_and_date() {
    let s = start("policies/trust", small());
    let doc = request(&s, "GET", "/openapi.json", &[], b"").json();
    let json = serde_json::to_vec(&doc["paths"]["/v1/evaluate"]["post"]["requestBody"]["content"]
        ["application/json"]["example"])
    .unwrap();
    let r = post(&s, "/v1/evaluate?view=compact", "application/json", &json);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        r.header("ward-policy-hash"),
        Some(s.app.policy().hash.as_str())
    );
    let compact = r.json();
    assert_valid(&doc, "CompactResult", &compact);
    assert!(!validator(&doc, "Report").is_valid(&compact));

    // The same object as `ward eval --batch --format compact`'s line, less the line number.
    let policy = s.app.policy();
    let as_of = ward_core::time::parse_instant(AS_OF).unwrap();
    let opts = LineOptions {
        form: Form::Compact,
        ..LineOptions::default()
    };
    let line = ward_core::batch::evaluate(
        &policy.prog,
        std::str::from_utf8(&json).unwrap(),
        as_of,
        1,
        opts,
    );
    let mut want: Value = serde_json::from_str(&line.json).unwrap();
    let want = want.as_object_mut().unwrap();
    want.remove("line");
    want.insert("as_of".into(), AS_OF.into());
    want.insert(
        "case_hash".into(),
        ward_core::report::meta::case_hash(&json).into(),
    );
    assert_eq!(&compact, &Value::Object(want.clone()));

    // Its `applies` are the duties the full report says apply.
    let full = post(&s, "/v1/evaluate", "application/json", &json);
    assert_eq!(full.status, 200);
    assert_valid(&doc, "Report", &full.json());
    let mut applying: Vec<String> = full.json()["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == "applies" && o["verb"] != "forbid")
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    let mut listed: Vec<String> = compact["applies"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|ids| ids.as_array().unwrap().iter())
        .map(|id| id.as_str().unwrap().to_string())
        .collect();
    applying.sort();
    listed.sort();
    assert!(!listed.is_empty());
    assert_eq!(listed, applying);

    // The same case in YAML: the same duties (its own bytes, so its own hash).
    let yaml = post(
        &s,
        "/v1/evaluate?view=compact",
        "application/yaml",
        &case(EXAMPLE),
    );
    assert_eq!(yaml.status, 200, "{}", yaml.body);
    let yaml = yaml.json();
    assert_eq!(yaml["applies"], compact["applies"]);
    assert_eq!(yaml["undetermined"], compact["undetermined"]);
    assert_eq!(
        yaml["case_hash"],
        ward_core::report::meta::case_hash(&case(EXAMPLE)).as_str()
    );
}

#[test]
fn the_compact_view_refuses_what_it_cannot_give_and_bad_cases_as_the_full_view_does() {
    let s = start("policies/trust", small());
    let body = case(EXAMPLE);
    let problem = |path: &str, headers: &[(&str, &str)], body: &[u8]| {
        let mut h = vec![("Content-Type", "application/yaml")];
        h.extend_from_slice(headers);
        let r = request(&s, "POST", path, &h, body);
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
        let p = r.json();
        (r.status, p["type"].as_str().unwrap_or_default().to_string())
    };
    let t = |s: &str| format!("urn:ward:problem:{s}");
    assert_eq!(
        problem(
            "/v1/evaluate?view=compact",
            &[("Accept", "text/html")],
            &body
        ),
        (406, t("not-acceptable"))
    );
    assert_eq!(
        problem("/v1/evaluate?view=compact&all=true", &[], &body),
        (400, t("invalid-query"))
    );
    assert_eq!(
        problem("/v1/evaluate?view=short", &[], &body),
        (400, t("invalid-query"))
    );
    assert_eq!(
        problem("/v1/explain?obligation=dpia&view=compact", &[], &body),
        (400, t("invalid-query"))
    );
    // A case that is not valid: the same 422 and field errors in either view.
    let bad = b"organisation:\n  nation: atlantis\nbogus: 1\n";
    let full = post(&s, "/v1/evaluate", "application/yaml", bad);
    let compact = post(&s, "/v1/evaluate?view=compact", "application/yaml", bad);
    assert_eq!(full.status, 422);
    assert_eq!(compact.status, 422);
    assert_eq!(full.json()["errors"], compact.json()["errors"]);
    assert!(!compact.json()["errors"].as_array().unwrap().is_empty());
}

#[test]
fn json_answers_are_compact_text_and_the_example_is_the_worked_case() {
    let s = start("policies/trust", small());
    let r = post(&s, "/v1/evaluate", "application/yaml", &case(EXAMPLE));
    assert_eq!(r.status, 200);
    // One line: no indentation, whatever the value (the value is checked against `ward eval`'s
    // by the serve tests).
    assert!(!r.body.contains('\n'), "pretty-printed");
    let doc = request(&s, "GET", "/openapi.json", &[], b"").json();
    let text = String::from_utf8(case(EXAMPLE)).unwrap();
    let (node, _) = ward_core::eval::case_yaml::read(&text).unwrap();
    for op in ["/v1/evaluate", "/v1/explain", "/v1/next-questions"] {
        let example =
            &doc["paths"][op]["post"]["requestBody"]["content"]["application/json"]["example"];
        assert_eq!(example, &node.to_json(), "{op}");
        assert_valid(&doc, "Case", example);
    }
    let view = doc["paths"]["/v1/evaluate"]["post"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "view")
        .cloned()
        .expect("evaluate documents `view`");
    assert_eq!(
        doc["components"]["schemas"]["View"]["enum"],
        serde_json::json!(["full", "compact"])
    );
    assert!(view["schema"].to_string().contains("View"));
    let explain = doc["paths"]["/v1/explain"]["post"]["parameters"].to_string();
    assert!(!explain.contains("\"view\""));
}
