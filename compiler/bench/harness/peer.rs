//! The shared half of the peer comparison with a Rego engine (issue 6, item 2), included by
//! `benches/peer.rs` (the race) and `tests/agreement.rs` (the proof that the race is fair). It
//! loads the Rego translation in `rego/ward_subset.rego` into `regorus` (its tree-walking
//! engine and its RVM bytecode VM), checks that the translation still covers exactly the Ward
//! rules it was written from, builds a Ward program restricted to the translated obligations,
//! and compares every engine's status for every translated obligation on a case.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use ward_core::eval::{Case, Program, Status, evaluate};
use ward_core::hir::Instant;

/// The Rego translation, compiled into the binary so the comparison needs no file at run time.
pub const POLICY: &str = include_str!("../rego/ward_subset.rego");

/// The Rego rule every engine evaluates: an object from obligation id to status.
pub const ENTRY: &str = "data.ward.status";

/// Each translated obligation with the Ward rules that conclude about it and the exceptions to
/// those rules, as `rego/ward_subset.rego` encodes them. [`check_translation`] compares this with
/// the compiled standard library, so a rule added to (or removed from) one of these obligations
/// is caught by name before any case is compared. (This table is half the file's length; it
/// is data, kept beside the check that reads it.)
pub const TRANSLATED: &[(&str, &[&str], &[&str])] = &[
    (
        "dpia-consider",
        &["nhs.adopters.data.step_2_dpia.dpia_consider_general"],
        &["nhs.adopters.data.step_2_dpia.dpia_by_law"],
    ),
    ("dpia", &["nhs.adopters.data.step_2_dpia.dpia_by_law"], &[]),
    (
        "dpia-keep-live",
        &["nhs.adopters.data.step_2_dpia.dpia_live_document"],
        &[],
    ),
    (
        "nis-security-measures",
        &["nhs.adopters.cyber.cyber_security.nis_security"],
        &[],
    ),
    (
        "nis-incident-report-72h",
        &["nhs.adopters.cyber.cyber_security.nis_report"],
        &[],
    ),
    (
        "dspt-assessment",
        &[
            "nhs.adopters.cyber.cyber_security.dspt_for_nhs_data_access",
            "nhs.adopters.cyber.cyber_security.dspt_for_nhs_england_access_from_elsewhere",
        ],
        &[],
    ),
    (
        "cyber-essentials-public-contracts",
        &["nhs.adopters.cyber.cyber_security.cyber_essentials_for_public_bids"],
        &[],
    ),
    (
        "yellow-card-report",
        &["nhs.adopters.using.reporting_safety_issues.yellow_card_gb"],
        &["nhs.adopters.using.reporting_safety_issues.scotland_reports_elsewhere"],
    ),
    (
        "hfs-adverse-incident-report-scotland",
        &["nhs.adopters.using.reporting_safety_issues.hfs_scotland"],
        &[],
    ),
    (
        "care-inspectorate-report-scotland-private",
        &["nhs.adopters.using.reporting_safety_issues.care_inspectorate_scotland_private"],
        &[],
    ),
    (
        "ni-device-reporting-eu-mdr",
        &["nhs.adopters.using.reporting_safety_issues.northern_ireland_eu_mdr"],
        &[],
    ),
    (
        "notify-developer-adverse-incident",
        &["nhs.adopters.using.reporting_safety_issues.notify_developer"],
        &[],
    ),
    (
        "developer-incident-reporting-corrective-action",
        &["nhs.adopters.using.reporting_safety_issues.developer_reports_to_mhra"],
        &[],
    ),
    (
        "ico-registration",
        &[
            "nhs.adopters.data.step_1_register_with_ico.ico_registration_required",
            "nhs.adopters.data.lifecycle.developer_registered_with_ico",
        ],
        &[],
    ),
    (
        "cqc-regulated-activity-check",
        &["nhs.adopters.implementation.cqc.cqc_check_regulated_activity"],
        &[],
    ),
    (
        "cqc-registration",
        &["nhs.adopters.implementation.cqc.cqc_register"],
        &["nhs.adopters.implementation.cqc.cqc_already_registered"],
    ),
    (
        "cqc-continuing-compliance",
        &["nhs.adopters.implementation.cqc.cqc_continue_to_meet_regulations"],
        &[],
    ),
    (
        "cqc-inspection-evidence",
        &["nhs.adopters.implementation.cqc.cqc_inspection_readiness"],
        &[],
    ),
    (
        "devolved-care-regulator-check",
        &[
            "nhs.adopters.implementation.cqc.devolved_wales_care_inspectorate_wales",
            "nhs.adopters.implementation.cqc.devolved_scotland_care_inspectorate",
            "nhs.adopters.implementation.cqc.devolved_northern_ireland_rqia",
        ],
        &[],
    ),
    (
        "dtac-assessment",
        &[
            "nhs.faq.dtac.dtac_assess_new_technology",
            "nhs.faq.dtac.dtac_central_assessment",
            "nhs.faq.dtac.dtac_commissioner_review",
            "nhs.faq.dtac.dtac_developer_baseline",
        ],
        &[],
    ),
    (
        "dtac-contract-renewal-review",
        &[
            "nhs.faq.dtac.dtac_renewal_review",
            "nhs.faq.dtac.dtac_evidence_pack",
        ],
        &[],
    ),
    (
        "nhs-number-assurance",
        &[
            "nhs.faq.dtac.nhs_number_developer",
            "nhs.faq.dtac.nhs_number_adopter",
        ],
        &[],
    ),
    (
        "third-party-component-crm",
        &[
            "nhs.faq.dtac.third_party_products_crm",
            "nhs.faq.dtac.network_connected_crm",
        ],
        &[],
    ),
    (
        "data-sharing-agreement",
        &[
            "nhs.adopters.data.agreements_and_contracts.dsa_when_sharing",
            "nhs.adopters.data.agreements_and_contracts.dsa_when_receiving",
        ],
        &[],
    ),
    (
        "controller-processor-contract",
        &[
            "nhs.adopters.data.agreements_and_contracts.contract_with_processor",
            "nhs.adopters.data.agreements_and_contracts.contract_as_processor",
        ],
        &[],
    ),
    (
        "cldc-legal-basis",
        &[
            "nhs.adopters.data.common_law_confidentiality.cldc_before_disclosure",
            "nhs.adopters.data.common_law_confidentiality.cldc_before_receipt",
        ],
        &[],
    ),
    (
        "caldicott-principles",
        &["nhs.adopters.data.step_7_caldicott.caldicott_principles"],
        &[],
    ),
    (
        "caldicott-guardian",
        &["nhs.adopters.data.step_7_caldicott.caldicott_guardian_check"],
        &[],
    ),
    (
        "dcb0160-clinical-risk-management-system",
        &["nhs.adopters.assessing.clinical_risk_management.dcb0160_risk_management_system"],
        &[],
    ),
    (
        "dcb0160-clinical-risk-assessment",
        &["nhs.adopters.assessing.clinical_risk_management.dcb0160_risk_assessment"],
        &[],
    ),
    (
        "dcb0160-verify-developer-dcb0129",
        &[
            "nhs.adopters.assessing.clinical_risk_management.dcb0160_check_dcb0129",
            "nhs.adopters.assessing.clinical_risk_management.dcb0129_non_compliant_do_not_adopt",
        ],
        &["nhs.adopters.assessing.clinical_risk_management.dcb0129_non_compliant_do_not_adopt"],
    ),
    (
        "iso-80001-connected-medical-device",
        &["nhs.adopters.assessing.clinical_risk_management.iso_80001_connected_device"],
        &[],
    ),
    (
        "article-6-lawful-basis",
        &["nhs.adopters.data.step_4_article_6_and_9.article_6"],
        &[],
    ),
    (
        "article-9-condition",
        &["nhs.adopters.data.step_4_article_6_and_9.article_9"],
        &[],
    ),
    (
        "research-lawful-basis-and-condition",
        &[
            "nhs.adopters.data.step_4_article_6_and_9.research_basis",
            "nhs.adopters.data.step_4_article_6_and_9.research_basis_public_task",
            "nhs.adopters.data.step_4_article_6_and_9.research_basis_legitimate_interests",
        ],
        &[
            "nhs.adopters.data.step_4_article_6_and_9.research_basis_public_task",
            "nhs.adopters.data.step_4_article_6_and_9.research_basis_legitimate_interests",
        ],
    ),
    (
        "privacy-notice",
        &[
            "nhs.adopters.data.step_4_article_6_and_9.privacy_notice",
            "nhs.adopters.data.step_4_article_6_and_9.privacy_notice_on_repurposing",
        ],
        &[],
    ),
    (
        "determine-if-research",
        &[
            "nhs.adopters.data.research_vs_non_research.distinguish_research_from_evaluation",
            "nhs.adopters.data.step_5_research.determine_research",
        ],
        &[],
    ),
    (
        "research-approvals",
        &["nhs.adopters.data.step_5_research.research_approvals_needed"],
        &[],
    ),
    (
        "hra-approval-anonymised-nhs-data",
        &["nhs.adopters.data.step_5_research.hra_approval_even_if_anonymous"],
        &[],
    ),
    (
        "clinical-investigation-approval",
        &[
            "nhs.adopters.data.step_6_clinical_investigation.clinical_investigation_needs_approval",
            "nhs.adopters.data.step_6_clinical_investigation.clinical_investigation_rec_unmarked",
        ],
        &["nhs.adopters.data.step_6_clinical_investigation.clinical_investigation_rec_unmarked"],
    ),
    (
        "mhra-clinical-investigation-notification",
        &["nhs.adopters.data.step_6_clinical_investigation.notify_mhra"],
        &[],
    ),
    (
        "clinical-investigation-cag-application",
        &["nhs.adopters.data.step_6_clinical_investigation.cag_application"],
        &[],
    ),
    (
        "national-data-opt-out",
        &[
            "nhs.good_practice.p06_data_protection.opt_out_dissemination",
            "nhs.good_practice.p06_data_protection.opt_out_own_processing",
        ],
        &["nhs.good_practice.p06_data_protection.opt_out_anonymised_release"],
    ),
    (
        "research-only-device-ethics",
        &["nhs.good_practice.p06_data_protection.research_only_device_local_ethics"],
        &[],
    ),
    (
        "psed-general-duty",
        &["nhs.adopters.using.equality_duties.psed_general_duty"],
        &[],
    ),
    (
        "psed-specific-duties-eia-procurement",
        &["nhs.adopters.using.equality_duties.psed_specific_duties_eia_procurement"],
        &[],
    ),
    (
        "psed-specific-duties-objectives-publication",
        &["nhs.adopters.using.equality_duties.psed_specific_duties_objectives_publication"],
        &[],
    ),
    (
        "care-team-sharing-legal-basis-check",
        &["nhs.adopters.data.compatibility_testing.care_team_sharing_check"],
        &["nhs.adopters.data.compatibility_testing.care_team_only_no_action"],
    ),
];

/// The evaluation date. Statuses never depend on it (only deadlines do), but Ward needs one.
pub fn as_of() -> Instant {
    ward_core::time::parse_instant("2026-11-22").expect("a valid date")
}

/// The rules that conclude about an obligation and, transitively, the exceptions to them.
fn rules_and_exceptions(prog: &Program, o: usize) -> (Vec<u32>, Vec<u32>) {
    let rules = prog.obligations[o].rules.clone();
    let mut exceptions = Vec::new();
    let mut todo = rules.clone();
    while let Some(r) = todo.pop() {
        for &e in &prog.rules[r as usize].excepted_by {
            if !exceptions.contains(&e) {
                exceptions.push(e);
                todo.push(e);
            }
        }
    }
    (rules, exceptions)
}

/// Does the compiled standard library still have exactly the rules and exceptions the Rego
/// translation encodes, for every translated obligation? `Err` says what differs.
pub fn check_translation(prog: &Program) -> Result<(), String> {
    let mut out = String::new();
    for (id, rules, exceptions) in TRANSLATED {
        let Some(o) = prog.obligation_by_id(id) else {
            let _ = writeln!(out, "{id}: no such obligation in the standard library");
            continue;
        };
        let (rs, es) = rules_and_exceptions(prog, o);
        let names = |xs: &[u32]| {
            xs.iter()
                .map(|&r| prog.rules[r as usize].name.clone())
                .collect::<BTreeSet<_>>()
        };
        let owned = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        for (what, have, want) in [
            ("rules", names(&rs), owned(rules)),
            ("exceptions", names(&es), owned(exceptions)),
        ] {
            if have != want {
                let _ = writeln!(
                    out,
                    "{id}: the standard library's {what} are {have:?}, the translation encodes {want:?}; update rego/ward_subset.rego and TRANSLATED"
                );
            }
        }
    }
    if out.is_empty() { Ok(()) } else { Err(out) }
}

/// The program with only the translated obligations, their rules and the exceptions to them:
/// the same work the Rego policy does. Facts, defs and the expression arena are shared as they
/// are, so cases loaded with the full program evaluate with this one.
pub fn restrict(prog: &Program) -> Program {
    let obligations: Vec<usize> = TRANSLATED
        .iter()
        .map(|(id, _, _)| {
            prog.obligation_by_id(id)
                .unwrap_or_else(|| panic!("{id} is not in the standard library"))
        })
        .collect();
    let mut keep: BTreeSet<u32> = BTreeSet::new();
    for &o in &obligations {
        let (rs, es) = rules_and_exceptions(prog, o);
        keep.extend(rs);
        keep.extend(es);
    }
    let new_rule: BTreeMap<u32, u32> = keep
        .iter()
        .enumerate()
        .map(|(i, &r)| (r, i as u32))
        .collect();
    let new_obligation: BTreeMap<u32, u32> = obligations
        .iter()
        .enumerate()
        .map(|(i, &o)| (o as u32, i as u32))
        .collect();
    let mut sub = prog.clone();
    sub.tests.clear();
    sub.rules = keep
        .iter()
        .map(|&r| {
            let mut info = prog.rules[r as usize].clone();
            info.excepted_by = info.excepted_by.iter().map(|e| new_rule[e]).collect();
            // Waivers may name an obligation outside the subset; no evaluation reads it.
            info.obligation = new_obligation.get(&info.obligation).copied().unwrap_or(0);
            info
        })
        .collect();
    sub.rule_order = prog
        .rule_order
        .iter()
        .filter_map(|r| new_rule.get(r).copied())
        .collect();
    sub.obligations = obligations
        .iter()
        .map(|&o| {
            let mut info = prog.obligations[o].clone();
            info.rules = info.rules.iter().map(|r| new_rule[r]).collect();
            info
        })
        .collect();
    sub
}

/// Ward's statuses for the translated obligations, by id.
pub fn ward_statuses(prog: &Program, case: &Case) -> BTreeMap<String, String> {
    let out = evaluate(prog, case, as_of());
    TRANSLATED
        .iter()
        .map(|(id, _, _)| {
            let o = prog
                .obligation_by_id(id)
                .expect("checked by check_translation");
            (
                id.to_string(),
                out.obligations[o].status.as_str().to_string(),
            )
        })
        .collect()
}

/// The statuses in a regorus result (`{"id": "status", ...}`).
pub fn rego_statuses(v: &regorus::Value) -> Result<BTreeMap<String, String>, String> {
    let obj = v
        .as_object()
        .map_err(|e| format!("the result is not an object ({e}): {v}"))?;
    obj.iter()
        .map(|(k, s)| match (k.as_string(), s.as_string()) {
            (Ok(k), Ok(s)) => Ok((k.to_string(), s.to_string())),
            _ => Err(format!("not a string-to-string entry: {k}: {s}")),
        })
        .collect()
}

/// regorus's tree-walking interpreter with the policy loaded once.
pub struct RegoEngine {
    engine: regorus::Engine,
}

impl RegoEngine {
    pub fn new() -> Result<RegoEngine, String> {
        let mut engine = regorus::Engine::new();
        engine
            .add_policy("ward_subset.rego".into(), POLICY.into())
            .map_err(|e| e.to_string())?;
        Ok(RegoEngine { engine })
    }
    /// Evaluate the whole translated policy against one case.
    pub fn eval(&mut self, input: regorus::Value) -> Result<regorus::Value, String> {
        self.engine.set_input(input);
        self.engine
            .eval_rule(ENTRY.to_string())
            .map_err(|e| e.to_string())
    }
}

/// regorus's RVM: the policy compiled once to bytecode, one VM reused for every case.
pub struct RegoVm {
    vm: regorus::rvm::vm::RegoVM,
}

impl RegoVm {
    pub fn new() -> Result<RegoVm, String> {
        let mut engine = regorus::Engine::new();
        engine
            .add_policy("ward_subset.rego".into(), POLICY.into())
            .map_err(|e| e.to_string())?;
        let entry: regorus::Rc<str> = ENTRY.into();
        let compiled = engine
            .compile_with_entrypoint(&entry)
            .map_err(|e| e.to_string())?;
        let program =
            regorus::languages::rego::compiler::Compiler::compile_from_policy(&compiled, &[ENTRY])
                .map_err(|e| e.to_string())?;
        let mut vm = regorus::rvm::vm::RegoVM::new();
        vm.load_program(program);
        // The VM stops after 25,000 instructions by default; Ward has no such limit, and a
        // large case (many flows and incidents) could reach it. No timer is set.
        vm.set_max_instructions(usize::MAX);
        Ok(RegoVm { vm })
    }
    pub fn eval(&mut self, input: regorus::Value) -> Result<regorus::Value, String> {
        self.vm.set_input(input);
        self.vm.execute().map_err(|e| e.to_string())
    }
}

/// Everything the comparison needs, compiled once.
pub struct Engines {
    pub full: std::sync::Arc<Program>,
    pub subset: Program,
    pub rego: RegoEngine,
    pub rvm: RegoVm,
}

impl Engines {
    pub fn new() -> Result<Engines, String> {
        let full = ward_bench::stdlib_host(ward_core::Database::default())
            .program()
            .ok_or("the standard library does not compile")?;
        check_translation(&full)?;
        let subset = restrict(&full);
        Ok(Engines {
            full,
            subset,
            rego: RegoEngine::new()?,
            rvm: RegoVm::new()?,
        })
    }

    /// Evaluate one case with every engine and describe each disagreement on a translated
    /// obligation (empty when all agree). `Err` when an engine fails outright.
    pub fn disagreements(&mut self, json: &serde_json::Value) -> Result<Vec<String>, String> {
        let case = ward_core::eval::case::from_json(&self.full, json).map_err(|errs| {
            let msgs: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
            format!("Ward rejects the case: {}", msgs.join("; "))
        })?;
        let ward = ward_statuses(&self.full, &case);
        let subset = ward_statuses(&self.subset, &case);
        let input = regorus::Value::from(json.clone());
        let rego = rego_statuses(
            &self
                .rego
                .eval(input.clone())
                .map_err(|e| format!("regorus engine: {e}"))?,
        )?;
        let rvm = rego_statuses(
            &self
                .rvm
                .eval(input)
                .map_err(|e| format!("regorus RVM: {e}"))?,
        )?;
        let mut out = Vec::new();
        for (id, want) in &ward {
            for (who, got) in [
                ("Ward restricted to the subset", &subset),
                ("regorus engine", &rego),
                ("regorus RVM", &rvm),
            ] {
                let got = got.get(id).map(String::as_str).unwrap_or("(missing)");
                if got != want {
                    out.push(format!("{id}: Ward says {want}, {who} says {got}"));
                }
            }
        }
        for (who, got) in [("regorus engine", &rego), ("regorus RVM", &rvm)] {
            for id in got.keys().filter(|id| !ward.contains_key(*id)) {
                out.push(format!(
                    "{id}: {who} reports an obligation that is not translated"
                ));
            }
        }
        Ok(out)
    }
}

/// Check agreement on every case; `Err` carries a report of every disagreement (each with the
/// case that shows it), or of the first engine failure.
pub fn check_agreement(
    engines: &mut Engines,
    cases: &[serde_json::Value],
) -> Result<AgreementSummary, String> {
    let mut report = String::new();
    let mut bad = 0usize;
    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    for (i, json) in cases.iter().enumerate() {
        let diffs = engines
            .disagreements(json)
            .map_err(|e| format!("case {i}: {e}\n  case: {json}"))?;
        if !diffs.is_empty() {
            bad += 1;
            if bad <= 20 {
                let _ = writeln!(report, "case {i}: {json}");
                for d in diffs {
                    let _ = writeln!(report, "  {d}");
                }
            }
        }
        let case = ward_core::eval::case::from_json(&engines.full, json).expect("loaded above");
        for s in ward_statuses(&engines.full, &case).into_values() {
            *tally.entry(s).or_default() += 1;
        }
    }
    if bad > 0 {
        let _ = writeln!(report, "{bad} of {} cases disagree", cases.len());
        return Err(report);
    }
    Ok(AgreementSummary {
        cases: cases.len(),
        obligations: TRANSLATED.len(),
        applies: tally.get(Status::Applies.as_str()).copied().unwrap_or(0),
        undetermined: tally
            .get(Status::Undetermined.as_str())
            .copied()
            .unwrap_or(0),
        does_not_apply: tally
            .get(Status::DoesNotApply.as_str())
            .copied()
            .unwrap_or(0),
    })
}

/// How many statuses of each kind the agreeing cases covered.
#[derive(Debug)]
pub struct AgreementSummary {
    pub cases: usize,
    pub obligations: usize,
    pub applies: usize,
    pub undetermined: usize,
    pub does_not_apply: usize,
}

impl std::fmt::Display for AgreementSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} cases x {} obligations agree: {} applies, {} undetermined, {} does_not_apply",
            self.cases, self.obligations, self.applies, self.undetermined, self.does_not_apply
        )
    }
}
