//! The next-questions query (`ward_core::interview`): what it asks of an empty case, that
//! answers take the facts they make irrelevant off the list, and that "don't know" is never
//! asked again.

use std::sync::Arc;

use ward_core::Database;
use ward_core::eval::{Format, Program, case};
use ward_core::interview::{Answer, Reason, next_questions};
use ward_tests::{AS_OF, stdlib_host};

fn program() -> Arc<Program> {
    stdlib_host(Database::default())
        .program()
        .expect("the standard library compiles")
}

fn as_of() -> ward_core::hir::Instant {
    ward_core::time::parse_instant(AS_OF).unwrap()
}

fn paths(prog: &Program, yaml: &str, declined: &[String]) -> Vec<String> {
    let c = case::load(prog, yaml, Format::Yaml).expect("a valid case");
    next_questions(prog, &c, as_of(), declined)
        .questions
        .into_iter()
        .map(|q| q.path)
        .collect()
}

#[test]
fn an_empty_case_starts_with_the_organisation() {
    let prog = program();
    let c = case::load(&prog, "{}", Format::Yaml).unwrap();
    let next = next_questions(&prog, &c, as_of(), &[]);
    assert_eq!(next.progress.total, prog.obligations.len());
    assert_eq!(
        next.progress.settled + next.progress.undetermined,
        next.progress.total
    );
    assert!(next.progress.undetermined > 0);
    let first: Vec<(&str, Reason, usize)> = next
        .questions
        .iter()
        .take(8)
        .map(|q| (q.path.as_str(), q.reason, q.settles))
        .collect();
    insta::assert_debug_snapshot!(first);
    let nation = next
        .questions
        .iter()
        .find(|q| q.path == "organisation.nation")
        .expect("the nation is asked");
    let Answer::Choice { choices } = &nation.answer else {
        panic!("a nation is a choice, not {:?}", nation.answer)
    };
    assert_eq!(choices.len(), 4);
    assert!(nation.ask.as_deref().unwrap().contains("UK nation"));
    assert!(nation.help.is_some());
}

#[test]
fn a_technology_that_is_not_a_device_is_not_asked_its_class() {
    let prog = program();
    let base = "organisation: {nation: england, type: nhs_trust, roles: [adopter]}\n";
    let before = paths(&prog, base, &[]);
    assert!(before.iter().any(|p| p == "technology.device_status"));
    let after = paths(
        &prog,
        &format!("{base}technology: {{device_status: not_device}}\n"),
        &[],
    );
    assert!(
        !after
            .iter()
            .any(|p| p.starts_with("technology.device_status"))
    );
    assert!(
        !after.iter().any(|p| p == "technology.risk_class"),
        "{after:?}"
    );
    assert!(
        !after.iter().any(|p| p == "technology.markings"),
        "{after:?}"
    );
}

#[test]
fn a_declined_question_is_not_asked_again() {
    let prog = program();
    let base = "organisation: {nation: england}\n";
    let before = paths(&prog, base, &[]);
    let top = before[0].clone();
    let after = paths(&prog, base, std::slice::from_ref(&top));
    assert!(!after.contains(&top));
    assert!(!after.is_empty());
}

#[test]
fn the_query_serialises_for_tools() {
    let prog = program();
    let c = case::load(&prog, "organisation: {nation: wales}", Format::Yaml).unwrap();
    let next = next_questions(&prog, &c, as_of(), &[]);
    let json = serde_json::to_value(&next).unwrap();
    assert!(json["progress"]["undetermined"].as_u64().unwrap() > 0);
    let q = &json["questions"][0];
    assert!(q["path"].is_string());
    assert!(q["answer"]["kind"].is_string());
    assert!(q["duties"].as_array().is_some_and(|d| !d.is_empty()));
}
