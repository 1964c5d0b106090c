//! Shared set-up for the benchmarks: the standard library in a host, and generated cases that
//! exercise it (a deterministic mix of nations, roles, stages, data and incidents).

use ward_core::{Database, Host, Origin};

/// A host with the embedded standard library.
pub fn stdlib_host(db: Database) -> Host {
    let mut host = Host::new(db);
    for (path, text) in ward_stdlib::modules() {
        host.set_file(&ward_stdlib::module_name(path), &format!("stdlib/{path}"), text.to_string(), Origin::stdlib());
    }
    host
}

/// A small deterministic generator (xorshift), so every run evaluates the same cases.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    pub fn some<'a>(&mut self, xs: &[&'a str], max: usize) -> Vec<&'a str> {
        let n = (self.next() % (max as u64 + 1)) as usize;
        let mut out: Vec<&str> = (0..n).map(|_| self.pick(xs)).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
    pub fn flag(&mut self) -> Option<bool> {
        match self.next() % 3 {
            0 => None,
            1 => Some(true),
            _ => Some(false),
        }
    }
}

/// One realistic case as JSON: most facts present, some left unknown.
pub fn case_json(rng: &mut Rng) -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let mut org = Map::new();
    org.insert("nation".into(), json!(rng.pick(&["england", "england", "england", "wales", "scotland", "northern_ireland"])));
    org.insert(
        "type".into(),
        json!(rng.pick(&["nhs_trust", "nhs_foundation_trust", "integrated_care_board", "nhs_primary_care", "independent_healthcare_provider", "commercial_company", "local_authority"])),
    );
    org.insert("roles".into(), json!(rng.some(&["adopter", "adopter", "developer", "commissioner"], 2)));
    for f in ["regulated_activity", "cqc_registered", "nhs_data_access", "private_clients_only", "public_functions", "specific_duties_listed", "caldicott_guardian"] {
        if let Some(b) = rng.flag() {
            org.insert(f.into(), json!(b));
        }
    }
    let mut tech = Map::new();
    tech.insert("health_it".into(), json!(rng.next() % 4 != 0));
    tech.insert("device_status".into(), json!(rng.pick(&["not_device", "medical_device", "ivd", "undetermined"])));
    tech.insert("risk_class".into(), json!(rng.pick(&["class_1", "class_2a", "class_2b", "class_3"])));
    tech.insert("markings".into(), json!(rng.some(&["ukca", "ce"], 2)));
    tech.insert("markets".into(), json!(rng.some(&["england", "wales", "scotland", "northern_ireland", "eu"], 3)));
    tech.insert(
        "traits".into(),
        json!(rng.some(&["ai", "innovative", "network_connected", "uses_nhs_number", "api", "wearable", "automated_decisions", "clinician_operated"], 5)),
    );
    tech.insert("nice_status".into(), json!(rng.pick(&["nice_guidance", "early_value_assessment", "none"])));
    let mut data = Map::new();
    data.insert("health_care".into(), json!(rng.next() % 5 != 0));
    data.insert("identifiability".into(), json!(rng.pick(&["identifiable", "pseudonymised", "anonymous", "none"])));
    if let Some(b) = rng.flag() {
        data.insert("large_scale".into(), json!(b));
    }
    let n_flows = (rng.next() % 3) as usize;
    let flows: Vec<Value> = (0..n_flows)
        .map(|_| {
            json!({
                "purpose": rng.pick(&["direct_care", "local_validation", "research", "service_evaluation", "post_market_surveillance"]),
                "recipient": rng.pick(&["direct_care_team", "developer", "other"]),
                "recipient_role": rng.pick(&["controller", "processor"]),
                "identifiability": rng.pick(&["identifiable", "pseudonymised", "anonymous"]),
                "cldc_basis": rng.pick(&["implied_consent", "explicit_consent", "s251_support", "none"]),
            })
        })
        .collect();
    data.insert("flows".into(), Value::Array(flows));
    let activity = json!({
        "stages": rng.some(&["procurement", "integration", "pilot", "live_use", "decommissioning", "development", "market_placement"], 3),
        "purposes": rng.some(&["direct_care", "research", "service_evaluation", "local_validation"], 2),
    });
    let mut case = Map::new();
    case.insert("organisation".into(), Value::Object(org));
    case.insert("technology".into(), Value::Object(tech));
    case.insert("data".into(), Value::Object(data));
    case.insert("activity".into(), activity);
    if rng.next() % 4 == 0 {
        case.insert(
            "incidents".into(),
            json!([{
                "kind": rng.pick(&["device_adverse_event", "device_concern", "nis_incident"]),
                "device_contributory": rng.next() % 2 == 0,
                "serious_harm": rng.pick(&["occurred", "might_have", "none"]),
                "continuity_impact": rng.pick(&["significant", "not_significant"]),
                "aware_at": "2026-11-20T06:45:00Z",
            }]),
        );
    }
    Value::Object(case)
}
