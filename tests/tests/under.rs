//! `module … under <condition>`: the conjuncts every rule of a module shares. A module
//! written with `under` must lower to exactly the program of the same module with the
//! conjuncts written out in each rule (so every report is the same), and a mistake in the
//! condition is reported once, where it is written.

use ward_core::db::Origin;
use ward_core::{Database, Host};
use ward_tests::stdlib_host;

const SHARED: &str = r#"module trust.ai
  under technology.traits has ai and organisation.nation = england

use nhs.case.{organisation, technology, incidents}

obligation local-ai-review "Review AI tools" held_by adopter
obligation local-ai-incident "Report AI incidents to the safety group" held_by adopter

source trust_ai_policy { document "Trust AI policy.pdf" section "3. Review" label none }

rule review_ai {
  cites trust_ai_policy
  level local
  when organisation.public_authority
  then require local-ai-review
}

rule incident_ai {
  cites trust_ai_policy
  level local
  for i in incidents
  when i.serious_harm = occurred or i.kind = device_concern
  then require local-ai-incident
}
"#;

const WRITTEN_OUT: &str = r#"module trust.ai

use nhs.case.{organisation, technology, incidents}

obligation local-ai-review "Review AI tools" held_by adopter
obligation local-ai-incident "Report AI incidents to the safety group" held_by adopter

source trust_ai_policy { document "Trust AI policy.pdf" section "3. Review" label none }

rule review_ai {
  cites trust_ai_policy
  level local
  when technology.traits has ai and organisation.nation = england and organisation.public_authority
  then require local-ai-review
}

rule incident_ai {
  cites trust_ai_policy
  level local
  for i in incidents
  when technology.traits has ai and organisation.nation = england and (i.serious_harm = occurred or i.kind = device_concern)
  then require local-ai-incident
}
"#;

fn host_with(text: &str) -> Host {
    let mut host = stdlib_host(Database::default());
    host.set_file(
        "trust.ai",
        "trust/ai.ward",
        text.to_string(),
        Origin::root("trust", "0.1.0"),
    );
    host
}

fn diagnostics(host: &Host) -> Vec<String> {
    host.diagnostics()
        .into_iter()
        .flat_map(|(_, ds)| ds)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

#[test]
fn under_lowers_to_the_conditions_written_out() {
    let (shared, written) = (host_with(SHARED), host_with(WRITTEN_OUT));
    assert_eq!(diagnostics(&shared), Vec::<String>::new());
    assert_eq!(diagnostics(&written), Vec::<String>::new());
    let (a, b) = (shared.program().unwrap(), written.program().unwrap());
    assert_eq!(a.nodes, b.nodes, "the lowered conditions differ");
    let conditions = |p: &ward_core::eval::Program| {
        p.rules
            .iter()
            .filter(|r| r.name.starts_with("trust."))
            .map(|r| {
                let texts: Vec<_> = r.conditions.iter().map(|c| c.text.clone()).collect();
                (r.name.clone(), r.cond, r.for_each, texts)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(conditions(&a), conditions(&b));
    let ours = conditions(&a)
        .into_iter()
        .find(|r| r.0 == "trust.ai.review_ai");
    assert_eq!(
        ours.map(|r| r.3),
        Some(vec![
            "technology.traits has ai".to_string(),
            "organisation.nation = england".to_string(),
            "organisation.public_authority".to_string(),
        ]),
        "`ward explain` lists the shared conjuncts first"
    );
}

#[test]
fn a_mistake_in_under_is_reported_once() {
    let text = SHARED.replace(
        "organisation.nation = england",
        "organisation.nation = englnd",
    );
    let found = diagnostics(&host_with(&text));
    assert_eq!(
        found.iter().filter(|d| d.contains("englnd")).count(),
        1,
        "{found:#?}"
    );
    let text = SHARED.replace(
        "under technology.traits has ai and organisation.nation = england",
        "under organisation.nation",
    );
    let found = diagnostics(&host_with(&text));
    assert_eq!(
        found
            .iter()
            .filter(|d| d.starts_with("ward::type-mismatch"))
            .count(),
        1,
        "{found:#?}"
    );
}
