//! CI's proof that the peer comparison (`benches/peer.rs`) is a fair race: Ward and regorus
//! (its interpreter and its RVM), given the Rego translation in `rego/ward_subset.rego`, agree
//! on the status of every translated obligation, on 800 generated cases of both kinds
//! — the benchmark's ordinary cases and the wide ones that reach the defaults and unknowns.

#[path = "../harness/peer.rs"]
mod peer;

use ward_bench::{Rng, case_json, case_json_wide};

fn agree(cases: Vec<serde_json::Value>) {
    let mut engines = peer::Engines::new().unwrap_or_else(|e| panic!("{e}"));
    match peer::check_agreement(&mut engines, &cases) {
        Ok(summary) => println!("{summary}"),
        Err(report) => panic!("the engines disagree:\n{report}"),
    }
}

#[test]
fn the_translation_covers_the_rules_it_was_written_from() {
    let prog = ward_bench::stdlib_host(ward_core::Database::default())
        .program()
        .expect("the standard library compiles");
    if let Err(e) = peer::check_translation(&prog) {
        panic!("{e}");
    }
    assert!(
        peer::TRANSLATED.len() >= 25,
        "issue 6 asks for at least 25 obligations"
    );
}

#[test]
fn engines_agree_on_ordinary_cases() {
    let mut rng = Rng::new(42);
    agree((0..300).map(|_| case_json(&mut rng)).collect());
}

#[test]
fn engines_agree_on_wide_cases() {
    let mut rng = Rng::new(2026);
    agree((0..500).map(|_| case_json_wide(&mut rng)).collect());
}

/// Hand-written cases for readings the generators rarely reach: the national data opt-out's
/// exemption for a release of data the organisation anonymised itself, the DSPT and ICO
/// registration of a developer based outside England that supplies England, and an older
/// case file's `change.significant` read by the kinds of change (issue 17).
#[test]
fn engines_agree_on_the_fidelity_readings() {
    use serde_json::json;
    let trust = json!({ "nation": "england", "type": "nhs_trust", "roles": ["adopter"] });
    let anonymised_release = |anonymises_own: serde_json::Value, purposes: serde_json::Value| {
        json!({
            "organisation": trust,
            "data": {
                "health_care": true,
                "identifiability": "identifiable",
                "anonymises_own": anonymises_own,
                "flows": [{ "purpose": "research", "recipient": "other", "identifiability": "anonymous" }]
            },
            "activity": { "stages": ["live_use"], "purposes": purposes }
        })
    };
    let supplier = |nation: &str, markets: serde_json::Value| {
        json!({
            "organisation": {
                "nation": nation, "type": "commercial_company", "roles": ["developer"],
                "nhs_data_access": true, "processes_personal_data": true
            },
            "technology": { "markets": markets }
        })
    };
    // In live use the DCB0160 risk assessment turns on `significant_device`; at contract
    // renewal keeping the DPIA live turns on `significant_processing`.
    let old_change = |stage: &str, kinds: serde_json::Value| {
        json!({
            "organisation": trust,
            "technology": { "device_status": "medical_device" },
            "data": { "health_care": true, "identifiability": "identifiable" },
            "activity": { "stages": [stage] },
            "change": { "source": "developer", "kinds": kinds, "significant": true }
        })
    };
    agree(vec![
        anonymised_release(json!(true), json!(["direct_care", "research"])),
        anonymised_release(json!(null), json!(["direct_care", "research"])),
        anonymised_release(
            json!(true),
            json!(["direct_care", "research", "service_evaluation"]),
        ),
        anonymised_release(json!(false), json!(["research"])),
        supplier("scotland", json!(["scotland", "england"])),
        supplier("wales", json!(["wales"])),
        supplier("northern_ireland", json!(null)),
        json!({
            "organisation": { "nation": "wales", "type": "commercial_company", "nhs_data_access": true },
            "data": { "health_care": true, "england_origin": true }
        }),
        old_change("live_use", json!(["software_update", "new_feature"])),
        old_change("live_use", json!(["infrastructure_update", "dpo_change"])),
        old_change(
            "live_use",
            json!(["software_update", "processing_purpose_change"]),
        ),
        old_change("contract_renewal", json!(["research_data_change"])),
        old_change("contract_renewal", json!(["software_update"])),
    ]);
}
