//! A trust package and the dependencies it names, as an editor sees them: a dependency's file
//! is known by its real path (not `trust/../regional/…`), so opening it in the editor is the
//! same module, not a second copy with false `duplicate-definition` errors; and a folder holding
//! both packages loads each module once, with no "already provided" problem.

use std::path::{Path, PathBuf};

use ward_lsp::convert::path_to_uri;
use ward_lsp::world::World;

fn policies() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../policies")
        .canonicalize()
        .unwrap()
}

fn codes(world: &World) -> Vec<String> {
    let snap = world.snapshot();
    let all = snap.analysis.diagnostics().unwrap();
    let mut out: Vec<String> = all
        .into_iter()
        .flat_map(|(file, ds)| {
            let module = snap.analysis.module_name(file).clone();
            ds.into_iter().map(move |d| format!("{module}: {}", d.code))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn opening_a_dependency_is_the_same_module() {
    let trust = policies().join("trust");
    let (mut world, problems) = World::load(std::slice::from_ref(&trust), None);
    assert!(problems.is_empty(), "{problems:?}");
    let before = codes(&world);
    let regional = policies().join("regional/assurance.ward");
    let dep = world
        .files()
        .iter()
        .find(|f| f.module.starts_with("north_east_ai."))
        .expect("the regional package is loaded")
        .clone();
    assert_eq!(dep.path.as_deref(), Some(regional.as_path()));
    let uri = path_to_uri(&regional).unwrap();
    assert_eq!(dep.uri, uri);

    let text = std::fs::read_to_string(&regional).unwrap();
    world.open(&uri, 1, text);
    assert_eq!(
        world
            .files()
            .iter()
            .filter(|f| f.module.starts_with("north_east_ai."))
            .count(),
        1,
        "opened once, not loaded a second time"
    );
    assert_eq!(codes(&world), before, "no new diagnostics from opening it");
    world.close(&uri);
    assert_eq!(codes(&world), before, "closing it keeps its diagnostics");
}

#[test]
fn a_folder_with_both_packages_loads_each_module_once() {
    let (world, problems) = World::load(&[policies()], None);
    let all = problems.join("\n");
    assert!(!all.contains("already provided"), "{all}");
    let regional: Vec<_> = world
        .files()
        .iter()
        .filter(|f| f.module.starts_with("north_east_ai."))
        .collect();
    assert_eq!(regional.len(), 1, "{regional:?}");
}
