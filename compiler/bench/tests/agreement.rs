//! CI's proof that the peer comparison (`benches/peer.rs`) is a fair race: Ward and regorus
//! (its interpreter and its RVM), given the Rego translation in `rego/ward_subset.rego`, agree
//! on the status of every translated obligation, on 800 generated cases of both kinds
//! — the benchmark's ordinary cases and the wide ones that reach the defaults and unknowns.

#[path = "../harness/peer.rs"]
mod peer;

use ward_bench::{Rng, case_json, case_json_wide};

fn agree(cases: Vec<serde_json::Value>) {
    let mut engines = peer::Engines::new().unwrap_or_else(|e| panic!("{e}"));
    match peer::check_agreement(&mut engines, &cases) {
        Ok(summary) => println!("{summary}"),
        Err(report) => panic!("the engines disagree:\n{report}"),
    }
}

#[test]
fn the_translation_covers_the_rules_it_was_written_from() {
    let prog = ward_bench::stdlib_host(ward_core::Database::default())
        .program()
        .expect("the standard library compiles");
    if let Err(e) = peer::check_translation(&prog) {
        panic!("{e}");
    }
    assert!(
        peer::TRANSLATED.len() >= 25,
        "issue 6 asks for at least 25 obligations"
    );
}

#[test]
fn engines_agree_on_ordinary_cases() {
    let mut rng = Rng::new(42);
    agree((0..300).map(|_| case_json(&mut rng)).collect());
}

#[test]
fn engines_agree_on_wide_cases() {
    let mut rng = Rng::new(2026);
    agree((0..500).map(|_| case_json_wide(&mut rng)).collect());
}
