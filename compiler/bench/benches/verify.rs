//! `cargo bench -p ward-bench --bench verify`: `ward verify` over the standard library with
//! the example packages (the trust's, which depends on the region's), the library alone, and
//! `ward diff` between the library and a copy with one rule changed. Goal: each ≤ 2 s.

use std::path::Path;
use std::sync::Arc;

use ward_bench::stdlib_host;
use ward_core::eval::Program;
use ward_core::{Database, Origin};
use ward_project::stdlib::Choice;

fn main() {
    divan::main();
}

fn opts() -> ward_verify::Options {
    ward_verify::Options {
        as_of: ward_core::time::parse_instant("2026-11-22").unwrap(),
        bound: None,
        allow_expired: false,
    }
}

fn library() -> Arc<Program> {
    stdlib_host(Database::default()).program().unwrap()
}

fn with_packages() -> Arc<Program> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let cache = std::env::temp_dir().join("ward-bench-cache");
    let p = ward_project::load_for_eval(
        &root,
        &cache,
        &Choice::Embedded,
        &[root.join("policies/trust")],
    );
    p.host.program().expect("the example packages compile")
}

/// The library with `esf_review` lowered from best practice to a recommendation.
fn changed_library() -> Arc<Program> {
    let mut host = stdlib_host(Database::default());
    let module = "nhs.adopters.assessing.evidence";
    let file = host.file(module).unwrap();
    let path = file.path(host.db()).clone();
    let text = file.text(host.db()).replacen(
        "  level best_practice\n  when adopter and activity.stages has any {procurement, pilot}\n  then require esf-evidence-review",
        "  level recommended\n  when adopter and activity.stages has any {procurement, pilot}\n  then recommend esf-evidence-review",
        1,
    );
    host.set_file(module, &path, text, Origin::stdlib());
    host.program().unwrap()
}

/// `ward verify --policy policies/trust`: the local rules, and every national duty compared
/// with the library alone.
#[divan::bench(sample_count = 5)]
fn verify_library_with_example_packages(bencher: divan::Bencher) {
    let (base, with, opts) = (library(), with_packages(), opts());
    bencher.bench_local(|| {
        ward_verify::verify(&with, Some(&base), &opts)
            .findings
            .len()
    });
}

/// `ward verify stdlib`.
#[divan::bench(sample_count = 5)]
fn verify_library(bencher: divan::Bencher) {
    let (base, opts) = (library(), opts());
    bencher.bench_local(|| ward_verify::verify(&base, None, &opts).findings.len());
}

/// `ward diff` between the library and a copy with one rule changed.
#[divan::bench(sample_count = 5)]
fn diff_library_with_one_rule_changed(bencher: divan::Bencher) {
    let (old, new, opts) = (library(), changed_library(), opts());
    bencher.bench_local(|| ward_verify::diff::symbolic(&old, &new, &opts).len());
}
