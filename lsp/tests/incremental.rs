//! The server's edits re-check only what depends on the edited module: an edit inside a rule's
//! body leaves every other module's checked program alone, while an edit to what a module
//! exports re-checks its dependents. Proved with the database's execution log, through the
//! same world and snapshot the server uses.

use std::path::Path;

use tower_lsp_server::ls_types::{NumberOrString, Uri};
use ward_core::{Database, Host, Origin};
use ward_lsp::world::{Applied, Edit, World};

fn fixture_world() -> (World, Uri, String) {
    let mut host = Host::new(Database::with_execution_log());
    ward_stdlib::load_into(&mut host);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trust");
    for name in ["ai", "common"] {
        let text = std::fs::read_to_string(root.join(format!("{name}.ward"))).unwrap();
        host.set_file(
            &format!("trust.{name}"),
            &format!("{name}.ward"),
            text,
            Origin::root("trust", "1.0.0"),
        );
    }
    let world = World::from_host(host, &root, std::slice::from_ref(&root), None);
    let ai = root.join("ai.ward");
    let uri = Uri::from_file_path(&ai).unwrap();
    let text = std::fs::read_to_string(&ai).unwrap();
    (world, uri, text)
}

/// Publish every diagnostic (as the server does after an edit) and return what was executed.
fn diagnostics_run(world: &World) -> Vec<String> {
    let snap = world.snapshot();
    ward_lsp::handlers::diagnostics::compute(&snap).expect("nothing cancels this snapshot");
    drop(snap);
    let mut runs = world.host().db().take_executions();
    runs.sort();
    runs
}

fn full(text: String) -> Vec<Edit> {
    vec![Edit { range: None, text }]
}

#[test]
fn a_body_edit_rechecks_only_its_module() {
    let (mut world, uri, text) = fixture_world();
    assert_eq!(world.open(&uri, 1, text.clone()), Applied::Changed);
    let first = diagnostics_run(&world);
    assert!(
        first.len() > 10,
        "the first run checks everything: {first:?}"
    );

    let edited = text.replace(
        "before \"the pilot starts\"",
        "before \"the pilot is approved\"",
    );
    assert_eq!(world.change(&uri, 2, full(edited)), Applied::Changed);
    assert_eq!(
        diagnostics_run(&world),
        ["check_module(trust.ai)", "signatures(trust.ai)"]
    );

    // A stale version changes nothing and runs nothing.
    assert_eq!(world.change(&uri, 1, full(text.clone())), Applied::Stale);
    assert_eq!(diagnostics_run(&world), Vec::<String>::new());
}

#[test]
fn an_interface_edit_rechecks_the_dependents() {
    let (mut world, uri, text) = fixture_world();
    world.open(&uri, 1, text);
    diagnostics_run(&world);
    let common = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trust/common.ward");
    let common_uri = Uri::from_file_path(&common).unwrap();
    let common_text = std::fs::read_to_string(&common).unwrap();
    world.open(&common_uri, 1, common_text.clone());
    // Opening with the text on disk changes nothing the compiler sees.
    assert_eq!(diagnostics_run(&world), Vec::<String>::new());

    let widened = common_text
        .replace("def weak_assurance =", "def weak_assurance: bool =")
        .replace(
            "enum Assurance { full, partial, none_given }",
            "enum Assurance { full, partial, none_given, withdrawn }",
        );
    world.change(&common_uri, 2, full(widened));
    let runs = diagnostics_run(&world);
    assert!(
        runs.contains(&"check_module(trust.common)".to_string()),
        "{runs:?}"
    );
    assert!(
        runs.contains(&"check_module(trust.ai)".to_string()),
        "the importer is re-checked: {runs:?}"
    );
    assert!(
        !runs.iter().any(|r| r.contains("(nhs.")),
        "no standard-library module is re-checked: {runs:?}"
    );
}

#[test]
fn citation_diagnostics_follow_their_items_without_locating_again() {
    let (mut world, uri, text) = fixture_world();
    let bad = text.replace(
        "  cites step_2_dpia\n",
        "  cites step_2_dpia at \"No such sub-heading\"\n",
    );
    world.open(&uri, 1, bad.clone());
    // The citation diagnostic of `trust.ai`, as published, and its text.
    let check = |world: &World| {
        let snap = world.snapshot();
        let published = ward_lsp::handlers::diagnostics::compute(&snap).unwrap();
        let (_, _, ds) = published.into_iter().find(|(u, _, _)| *u == uri).unwrap();
        let cites: Vec<_> = ds
            .into_iter()
            .filter(|d| d.code == Some(NumberOrString::String("ward::citation".into())))
            .collect();
        drop(snap);
        let runs = world.host().db().take_executions();
        (cites, runs)
    };
    let (first, runs) = check(&world);
    assert_eq!(first.len(), 1, "the bad sub-heading is reported: {first:?}");
    assert!(runs.iter().any(|r| r.starts_with("locate(")), "{runs:?}");
    // Lines added above the rule move it; the diagnostic follows, and no citation is
    // located again (the documents and the sections are unchanged).
    world.change(&uri, 2, full(format!("// A comment.\n// Another.\n{bad}")));
    let (moved, runs) = check(&world);
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].range.start.line, first[0].range.start.line + 2);
    assert!(!runs.iter().any(|r| r.starts_with("locate(")), "{runs:?}");
    world.change(&uri, 3, full(text));
    assert_eq!(check(&world).0.len(), 0);
}
