//! The example packages' `ward.lock` files are current: each is what `ward update` would write
//! now, and loading the package with it reports no mismatch. A stale lock made every start of
//! the language server log a mismatch and every `ward.toml` change raise a warning (issue 19).

use ward_project::resolve::{self, Context, Mode, NoGit};
use ward_project::stdlib::Identity;
use ward_tests::root;

/// Every package under `policies/` (a directory with a `ward.toml` and dependencies).
fn packages() -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(root().join("policies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("ward.toml").is_file())
        .collect();
    out.sort();
    out
}

#[test]
fn every_example_lock_is_what_update_would_write() {
    // Path dependencies only: nothing is fetched, so the git cache is never read.
    let cache = std::env::temp_dir();
    let library = Identity::builtin();
    let ctx = Context {
        cache: &cache,
        git: &NoGit,
        library: &library,
    };
    let packages = packages();
    assert!(packages.len() >= 3, "{packages:?}");
    for dir in packages {
        let on_disk = ward_project::lock::read(&dir)
            .unwrap_or_else(|e| panic!("{}: {e:?}", dir.display()))
            .unwrap_or_else(|| panic!("{} has no ward.lock", dir.display()));
        let fresh = resolve::resolve(&dir, &ctx, Mode::Update)
            .unwrap_or_else(|ps| panic!("{}: {ps:?}", dir.display()));
        assert_eq!(
            on_disk,
            fresh.lock,
            "{}/ward.lock is stale: run `ward update` there",
            dir.display()
        );
        let locked = resolve::resolve(&dir, &ctx, Mode::Locked)
            .unwrap_or_else(|ps| panic!("{}: {ps:?}", dir.display()));
        assert!(
            locked.warnings.is_empty(),
            "{}: {:?}",
            dir.display(),
            locked.warnings
        );
    }
}
