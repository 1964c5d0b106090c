//! Nothing panics, whatever the input: arbitrary and truncated policy text through the whole
//! check pipeline and the formatter, arbitrary JSON through the case loader and the evaluator,
//! and inputs at the limits (deep nesting, huge files) give errors, not crashes.

use proptest::prelude::*;
use serde_json::Value as Json;
use ward_core::eval::{Format, case};
use ward_core::{Database, Origin};
use ward_tests::{all_ward_sources, stdlib_host};

fn check_text(text: &str) {
    let _ = ward_syntax::parse(text);
    let _ = ward_syntax::format(text);
    let mut host = ward_core::Host::default();
    host.set_file(
        "fuzz",
        "fuzz.ward",
        text.to_string(),
        Origin::root("fuzz", "0.0.0"),
    );
    let _ = host.diagnostics();
    let _ = host.program();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        check_text(&text);
    }

    #[test]
    fn token_soup_never_panics(words in proptest::collection::vec(prop_oneof![
        Just("rule"), Just("obligation"), Just("when"), Just("then"), Just("require"), Just("{"), Just("}"),
        Just("("), Just(")"), Just("and"), Just("or"), Just("not"), Just("="), Just("in"), Just("has"),
        Just("any"), Just("x"), Just("y.z"), Just("\"t\""), Just("12 months"), Just("2026-01-01"),
        Just("test"), Just("given"), Just("expect"), Just("def"), Just("fact"), Just(":"), Just("bool"),
        Just("record"), Just("enum"), Just(","), Just("\n"), Just("///"), Just("//"), Just("-"),
    ], 0..80)) {
        check_text(&words.join(" "));
    }
}

#[test]
fn truncated_sources_never_panic() {
    let mut host = stdlib_host(Database::default());
    for (path, text) in all_ward_sources() {
        let cuts: Vec<usize> = (1..8).map(|k| text.len() * k / 8).collect();
        for cut in cuts {
            let mut at = cut;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            host.set_file(
                "truncated",
                &path,
                text[..at].to_string(),
                Origin::root("t", "0.0.0"),
            );
            let _ = host.diagnostics();
            let _ = ward_syntax::format(&text[..at]);
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for depth in [100, 100_000] {
        let text = format!(
            "def deep = {}true{}\n",
            "(".repeat(depth),
            ")".repeat(depth)
        );
        let parsed = ward_syntax::parse(&text);
        assert!(
            parsed
                .errors
                .iter()
                .any(|e| e.message.contains("nests more than")),
            "{:?}",
            parsed.errors.first()
        );
        let nots = format!("def deep = {}true\n", "not ".repeat(depth));
        assert!(!ward_syntax::parse(&nots).errors.is_empty());
        check_text(&text);
    }
    // A long flat chain is fine: it is a list, not a tower.
    let chain = format!("def long = {}\n", vec!["true"; 5_000].join(" and "));
    assert!(ward_syntax::parse(&chain).errors.is_empty());
}

#[test]
fn oversized_inputs_are_refused() {
    let big = "// padding\n".repeat(500_000);
    let parsed = ward_syntax::parse(&big);
    assert!(parsed.errors.iter().any(|e| e.message.contains("bytes")));
    let host = stdlib_host(Database::default());
    let prog = host.program().expect("the standard library compiles");
    let huge = format!("{{\"incidents\": [{}]}}", vec!["{}"; 9_000_000].join(","));
    let err = case::load(&prog, &huge, Format::Json).unwrap_err();
    assert!(err[0].message.contains("bytes"), "{}", err[0]);
    let long_list = format!("{{\"incidents\": [{}]}}", vec!["{}"; 200_000].join(","));
    let err = case::load(&prog, &long_list, Format::Json).unwrap_err();
    assert!(err[0].message.contains("elements"), "{}", err[0]);
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(case::load(&prog, &deep, Format::Json).is_err());
}

/// JSON built from the fact vocabulary, so that most keys are real and values are near-misses.
fn json_strategy() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        prop_oneof![
            Just("england"),
            Just("scotland"),
            Just("nhs_trust"),
            Just("adopter"),
            Just("medical_device"),
            Just("class_2a"),
            Just("identifiable"),
            Just("pilot"),
            Just("live_use"),
            Just("nis_incident"),
            Just("significant"),
            Just("undetermined"),
            Just("unknown"),
            Just("2026-11-20T06:45:00Z"),
            Just("2026-02-30"),
            Just("72 hours"),
            Just(""),
            Just("research"),
            Just("developer"),
        ]
        .prop_map(|s| Json::String(s.to_string())),
    ];
    let keys = prop_oneof![
        Just("organisation"),
        Just("technology"),
        Just("data"),
        Just("activity"),
        Just("incidents"),
        Just("change"),
        Just("research"),
        Just("status"),
        Just("nation"),
        Just("type"),
        Just("roles"),
        Just("device_status"),
        Just("traits"),
        Just("flows"),
        Just("identifiability"),
        Just("stages"),
        Just("kind"),
        Just("aware_at"),
        Just("continuity_impact"),
        Just("health_care"),
        Just("large_scale"),
        Just("purposes"),
        Just("recipient"),
        Just("nis_oes"),
        Just("markets"),
        Just("bogus"),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            proptest::collection::vec((keys.clone(), inner), 0..8).prop_map(|kvs| Json::Object(
                kvs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn arbitrary_case_json_never_panics(json in json_strategy()) {
        thread_local! {
            static PROG: std::sync::Arc<ward_core::eval::Program> =
                stdlib_host(Database::default()).program().expect("the standard library compiles");
        }
        PROG.with(|prog| {
            if let Ok(c) = case::from_json(prog, &json) {
                let as_of = ward_core::time::parse_instant("2026-11-22").unwrap();
                let outcome = ward_core::eval::evaluate(prog, &c, as_of);
                let report = ward_core::report::build(prog, &c, as_of, &outcome, ward_core::report::Options { include_all: true });
                let _ = ward_core::report::to_json(&report);
                let _ = ward_core::report::text::render(&report);
            }
        });
    }
}
