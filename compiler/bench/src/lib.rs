//! Shared set-up for the benchmarks: the standard library in a host, and generated cases that
//! exercise it (a deterministic mix of nations, roles, stages, data and incidents).

use ward_core::{Database, Host};

/// A host with the embedded standard library.
pub fn stdlib_host(db: Database) -> Host {
    let mut host = Host::new(db);
    ward_stdlib::load_into(&mut host);
    host
}

/// A small deterministic generator (xorshift), so every run evaluates the same cases.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    // Not an `Iterator`: it never ends, and callers want the bare number.
    #[allow(clippy::should_implement_trait)]
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
    org.insert(
        "nation".into(),
        json!(rng.pick(&[
            "england",
            "england",
            "england",
            "wales",
            "scotland",
            "northern_ireland"
        ])),
    );
    org.insert(
        "type".into(),
        json!(rng.pick(&[
            "nhs_trust",
            "nhs_foundation_trust",
            "integrated_care_board",
            "nhs_primary_care",
            "independent_healthcare_provider",
            "commercial_company",
            "local_authority"
        ])),
    );
    org.insert(
        "roles".into(),
        json!(rng.some(&["adopter", "adopter", "developer", "commissioner"], 2)),
    );
    for f in [
        "regulated_activity",
        "cqc_registered",
        "nhs_data_access",
        "private_clients_only",
        "public_functions",
        "specific_duties_listed",
        "caldicott_guardian",
    ] {
        if let Some(b) = rng.flag() {
            org.insert(f.into(), json!(b));
        }
    }
    let mut tech = Map::new();
    tech.insert("health_it".into(), json!(!rng.next().is_multiple_of(4)));
    tech.insert(
        "device_status".into(),
        json!(rng.pick(&["not_device", "medical_device", "ivd", "undetermined"])),
    );
    tech.insert(
        "risk_class".into(),
        json!(rng.pick(&["class_1", "class_2a", "class_2b", "class_3"])),
    );
    tech.insert("markings".into(), json!(rng.some(&["ukca", "ce"], 2)));
    tech.insert(
        "markets".into(),
        json!(rng.some(
            &["england", "wales", "scotland", "northern_ireland", "eu"],
            3
        )),
    );
    tech.insert(
        "traits".into(),
        json!(rng.some(
            &[
                "ai",
                "innovative",
                "network_connected",
                "uses_nhs_number",
                "api",
                "wearable",
                "automated_decisions",
                "clinician_operated"
            ],
            5
        )),
    );
    tech.insert(
        "nice_status".into(),
        json!(rng.pick(&["nice_guidance", "early_value_assessment", "none"])),
    );
    let mut data = Map::new();
    data.insert("health_care".into(), json!(!rng.next().is_multiple_of(5)));
    data.insert(
        "identifiability".into(),
        json!(rng.pick(&["identifiable", "pseudonymised", "anonymous", "none"])),
    );
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
    if rng.next().is_multiple_of(4) {
        case.insert(
            "incidents".into(),
            json!([{
                "kind": rng.pick(&["device_adverse_event", "device_concern", "nis_incident"]),
                "device_contributory": rng.next().is_multiple_of(2),
                "serious_harm": rng.pick(&["occurred", "might_have", "none"]),
                "continuity_impact": rng.pick(&["significant", "not_significant"]),
                "aware_at": "2026-11-20T06:45:00Z",
            }]),
        );
    }
    Value::Object(case)
}

/// A case that reaches further than [`case_json`]: it also sets (or leaves out, or writes as
/// `null` or as an `= unknown` value) the facts whose defaults and unknowns are the subtle part
/// of the semantics — `nis_oes`, `processes_personal_data`, `nhs_funded`, `public_authority`,
/// `specific_duties_listed`, `data.subjects`, `england_origin`, `anonymises_own`, `research_status`, received
/// flows, the optional `research` and `change` records, incidents with missing fields — and
/// sometimes leaves out a whole record. The peer comparison checks agreement on these too.
pub fn case_json_wide(rng: &mut Rng) -> serde_json::Value {
    use serde_json::{Map, Value, json};
    // Sets a field to one of `values`, to null, or leaves it out.
    fn maybe(rng: &mut Rng, m: &mut Map<String, Value>, key: &str, values: &[Value]) {
        match rng.next() % 8 {
            0 | 1 => {}
            2 => {
                m.insert(key.into(), Value::Null);
            }
            _ => {
                m.insert(
                    key.into(),
                    values[(rng.next() % values.len() as u64) as usize].clone(),
                );
            }
        }
    }
    fn strs(xs: &[&str]) -> Vec<Value> {
        xs.iter().map(|x| json!(x)).collect()
    }
    fn set(rng: &mut Rng, xs: &[&str], max: usize) -> Value {
        json!(rng.some(xs, max))
    }
    let bools = [json!(true), json!(false)];
    let nations = [
        "england",
        "england",
        "wales",
        "scotland",
        "northern_ireland",
    ];
    let mut case = match case_json(rng) {
        Value::Object(m) => m,
        _ => unreachable!("case_json makes an object"),
    };

    let mut org = Map::new();
    maybe(rng, &mut org, "nation", &strs(&nations));
    maybe(
        rng,
        &mut org,
        "type",
        &strs(&[
            "nhs_trust",
            "nhs_foundation_trust",
            "integrated_care_board",
            "nhs_primary_care",
            "other_nhs_body",
            "local_authority",
            "independent_healthcare_provider",
            "independent_social_care_provider",
            "public_research_body",
            "commercial_company",
            "charity",
        ]),
    );
    let roles = [
        set(
            rng,
            &["adopter", "developer", "commissioner", "data_provider"],
            3,
        ),
        json!([]),
    ];
    maybe(rng, &mut org, "roles", &roles);
    for f in [
        "public_authority",
        "public_functions",
        "specific_duties_listed",
        "nis_oes",
        "private_clients_only",
        "regulated_activity",
        "cqc_registered",
        "nhs_data_access",
        "caldicott_guardian",
        "processes_personal_data",
        "nhs_funded",
    ] {
        // Mostly left out, so that the defaults decide.
        if rng.next().is_multiple_of(3) {
            maybe(rng, &mut org, f, &bools);
        }
    }

    let mut tech = Map::new();
    maybe(rng, &mut tech, "health_it", &bools);
    maybe(
        rng,
        &mut tech,
        "device_status",
        &strs(&["not_device", "medical_device", "ivd", "undetermined"]),
    );
    let markings = [set(rng, &["ukca", "ce"], 2), json!([])];
    maybe(rng, &mut tech, "markings", &markings);
    let markets = [set(
        rng,
        &["england", "wales", "scotland", "northern_ireland", "eu"],
        3,
    )];
    maybe(rng, &mut tech, "markets", &markets);
    let traits = [set(
        rng,
        &[
            "ai",
            "innovative",
            "network_connected",
            "third_party_dependencies",
            "uses_nhs_number",
            "nhse_supported_programme",
            "automated_decisions",
        ],
        4,
    )];
    maybe(rng, &mut tech, "traits", &traits);
    maybe(
        rng,
        &mut tech,
        "dcb0129_status",
        &strs(&["compliant", "non_compliant", "unknown"]),
    );
    maybe(rng, &mut tech, "in_house_only", &bools);

    let flow = |rng: &mut Rng| {
        let mut f = Map::new();
        maybe(
            rng,
            &mut f,
            "purpose",
            &strs(&[
                "direct_care",
                "local_audit",
                "research",
                "compatibility_testing",
                "local_validation",
                "service_evaluation",
            ]),
        );
        maybe(
            rng,
            &mut f,
            "recipient",
            &strs(&["direct_care_team", "developer", "other"]),
        );
        maybe(
            rng,
            &mut f,
            "recipient_role",
            &strs(&["controller", "processor", "sub_processor", "not_applicable"]),
        );
        maybe(
            rng,
            &mut f,
            "identifiability",
            &strs(&["identifiable", "pseudonymised", "anonymous"]),
        );
        maybe(
            rng,
            &mut f,
            "cldc_basis",
            &strs(&[
                "implied_consent",
                "explicit_consent",
                "s251_support",
                "legal_obligation",
                "none",
            ]),
        );
        maybe(
            rng,
            &mut f,
            "consent_practicable",
            &[json!(true), json!(false)],
        );
        Value::Object(f)
    };
    let mut data = Map::new();
    maybe(rng, &mut data, "health_care", &bools);
    maybe(
        rng,
        &mut data,
        "identifiability",
        &strs(&["identifiable", "pseudonymised", "anonymous", "none"]),
    );
    let subjects = [
        json!(["living"]),
        json!(["deceased"]),
        json!(["living", "deceased"]),
        json!([]),
    ];
    maybe(rng, &mut data, "subjects", &subjects);
    maybe(rng, &mut data, "large_scale", &bools);
    maybe(
        rng,
        &mut data,
        "collected_by",
        &strs(&["own_organisation", "other_organisation"]),
    );
    maybe(rng, &mut data, "england_origin", &bools);
    maybe(rng, &mut data, "anonymises_own", &bools);
    let flows: Vec<Value> = (0..rng.next() % 3).map(|_| flow(rng)).collect();
    maybe(rng, &mut data, "flows", &[Value::Array(flows)]);
    let received: Vec<Value> = (0..rng.next() % 3).map(|_| flow(rng)).collect();
    maybe(rng, &mut data, "received", &[Value::Array(received)]);

    let mut activity = Map::new();
    let stages = [set(
        rng,
        &[
            "problem_identification",
            "procurement",
            "integration",
            "pilot",
            "live_use",
            "contract_renewal",
            "development",
            "market_placement",
            "public_contract_bid",
        ],
        3,
    )];
    maybe(rng, &mut activity, "stages", &stages);
    let purposes = [
        set(
            rng,
            &[
                "direct_care",
                "local_audit",
                "research",
                "clinical_investigation",
                "service_evaluation",
                "service_improvement",
                "compatibility_testing",
                "local_validation",
            ],
            2,
        ),
        json!(["research"]),
        json!(["direct_care"]),
        json!([]),
    ];
    maybe(rng, &mut activity, "purposes", &purposes);
    maybe(
        rng,
        &mut activity,
        "research_status",
        &strs(&["research", "not_research", "undetermined"]),
    );
    maybe(rng, &mut activity, "research_only_use", &bools);

    // Each record: usually the wide one, sometimes the ordinary one, sometimes left out.
    for (key, wide) in [
        ("organisation", org),
        ("technology", tech),
        ("data", data),
        ("activity", activity),
    ] {
        match rng.next() % 10 {
            0 => {
                case.remove(key);
            }
            1 | 2 => {}
            _ => {
                case.insert(key.into(), Value::Object(wide));
            }
        }
    }
    if rng.next().is_multiple_of(2) {
        let mut research = Map::new();
        let nations = [set(rng, &nations, 2), json!([])];
        maybe(rng, &mut research, "nations", &nations);
        maybe(rng, &mut research, "nhs_involvement", &bools);
        case.insert("research".into(), Value::Object(research));
    }
    match rng.next() % 4 {
        0 => {
            let mut change = Map::new();
            let kinds = [set(
                rng,
                &[
                    "software_update",
                    "new_feature",
                    "processing_means_change",
                    "processing_purpose_change",
                    "cso_change",
                ],
                2,
            )];
            maybe(rng, &mut change, "kinds", &kinds);
            maybe(rng, &mut change, "significant", &bools);
            maybe(rng, &mut change, "significant_device", &bools);
            maybe(rng, &mut change, "significant_processing", &bools);
            case.insert("change".into(), Value::Object(change));
        }
        1 => {
            case.insert("change".into(), Value::Null);
        }
        _ => {}
    }
    match rng.next() % 4 {
        0 => {
            case.remove("incidents");
        }
        1 | 2 => {
            let incidents: Vec<Value> = (0..1 + rng.next() % 3)
                .map(|_| {
                    let mut i = Map::new();
                    maybe(
                        rng,
                        &mut i,
                        "kind",
                        &strs(&[
                            "device_adverse_event",
                            "device_concern",
                            "risk_class_concern",
                            "nis_incident",
                        ]),
                    );
                    maybe(rng, &mut i, "device_contributory", &bools);
                    maybe(
                        rng,
                        &mut i,
                        "serious_harm",
                        &strs(&["occurred", "might_have", "on_recurrence", "none"]),
                    );
                    maybe(
                        rng,
                        &mut i,
                        "continuity_impact",
                        &strs(&["significant", "not_significant"]),
                    );
                    if rng.next().is_multiple_of(4) {
                        maybe(rng, &mut i, "mhra_reportable", &bools);
                    }
                    i.insert("aware_at".into(), json!("2026-11-20T06:45:00Z"));
                    Value::Object(i)
                })
                .collect();
            case.insert("incidents".into(), Value::Array(incidents));
        }
        _ => {}
    }
    Value::Object(case)
}
