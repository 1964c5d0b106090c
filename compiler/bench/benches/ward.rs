//! `cargo bench -p ward-bench`: cold check of the standard library, re-check after a one-line
//! edit, evaluation of one case against the full library (program compiled once), and batch
//! throughput with JSON parsing included; the check every load of an installed, signed
//! library package repeats; and the pathological inputs of issue 20 (10,000 misspelt names,
//! chains of 10,000 operators and of 3,000 derived values).

use std::sync::Arc;

use ward_bench::{Rng, case_json, stdlib_host};
use ward_core::eval::{Case, Program, case, evaluate};
use ward_core::{Database, Origin};

fn main() {
    divan::main();
}

fn program() -> Arc<Program> {
    stdlib_host(Database::default())
        .program()
        .expect("the standard library compiles")
}

fn cases(prog: &Program, n: usize) -> Vec<Case> {
    let mut rng = Rng::new(42);
    (0..n)
        .filter_map(|_| case::from_json(prog, &case_json(&mut rng)).ok())
        .collect()
}

fn as_of() -> ward_core::hir::Instant {
    ward_core::time::parse_instant("2026-11-22").unwrap()
}

/// Parse, resolve and type-check the whole standard library from nothing.
#[divan::bench(sample_count = 20)]
fn cold_check_stdlib() -> usize {
    let host = stdlib_host(Database::default());
    host.diagnostics().len()
}

/// Re-check after a one-line edit inside one module (a rule body).
#[divan::bench(sample_count = 50)]
fn recheck_after_one_module_edit(bencher: divan::Bencher) {
    let mut host = stdlib_host(Database::default());
    host.diagnostics();
    let module = "nhs.adopters.cyber.cyber_security";
    let file = host.file(module).unwrap();
    let path = file.path(host.db()).clone();
    let original = file.text(host.db()).clone();
    let edited = original.replace("due \"continuously\"", "due \"continuously, and reviewed\"");
    assert_ne!(original, edited);
    let mut flip = false;
    bencher.bench_local(move || {
        flip = !flip;
        let text = if flip {
            edited.clone()
        } else {
            original.clone()
        };
        host.set_file(module, &path, text, Origin::stdlib());
        host.diagnostics().len()
    });
}

/// Check a module of 10,000 misspelt names (issue 20): each asks "did you mean", which is
/// bounded per module (`ward_core::limits::MAX_SUGGESTION_COMPARISONS`), so this stays near
/// linear instead of comparing every name with every other.
#[divan::bench(sample_count = 5)]
fn check_ten_thousand_unknown_names() -> usize {
    let mut text = String::from("fact x: int\n\n");
    for i in 0..10_000 {
        text.push_str(&format!("def v{i} = unknown_name_{i} + x\n"));
    }
    let mut host = stdlib_host(Database::default());
    host.set_file(
        "unknown",
        "unknown.ward",
        text,
        Origin::root("bench", "0.0.0"),
    );
    host.diagnostics().len()
}

/// Check a module whose one derived value is a chain of 10,000 `+` (refused with one error
/// before any tree is built), and one of 3,000 derived values each reading the one before.
#[divan::bench(sample_count = 5)]
fn check_pathological_chains() -> usize {
    let plus = format!(
        "fact x: int\n\ndef total = {}\n",
        vec!["x"; 10_000].join(" + ")
    );
    let mut defs = String::from("fact x: int\n\ndef d0 = x\n");
    for i in 1..3_000 {
        defs.push_str(&format!("def d{i} = d{} + 1\n", i - 1));
    }
    let mut host = stdlib_host(Database::default());
    host.set_file("plus", "plus.ward", plus, Origin::root("bench", "0.0.0"));
    host.set_file("defs", "defs.ward", defs, Origin::root("bench", "0.0.0"));
    host.diagnostics().len()
}

/// Every obligation of the full library against one case, the program compiled once.
#[divan::bench(sample_count = 200, sample_size = 100)]
fn evaluate_one_case(bencher: divan::Bencher) {
    let prog = program();
    let cases = cases(&prog, 256);
    let at = as_of();
    let mut i = 0;
    bencher.bench_local(move || {
        i = (i + 1) % cases.len();
        evaluate(&prog, &cases[i], at)
    });
}

/// Cases per second through parse + load + evaluate + a compact result line, on one thread.
#[divan::bench(sample_count = 10)]
fn batch_line(bencher: divan::Bencher) {
    let prog = program();
    let mut rng = Rng::new(7);
    let lines: Vec<String> = (0..1000).map(|_| case_json(&mut rng).to_string()).collect();
    let at = as_of();
    bencher
        .counter(divan::counter::ItemsCount::new(lines.len()))
        .bench_local(move || {
            let mut out = String::new();
            for (i, l) in lines.iter().enumerate() {
                out.push_str(&ward_core::batch::evaluate_line(
                    &prog,
                    l,
                    at,
                    i + 1,
                    Default::default(),
                ));
            }
            out.len()
        });
}

/// Components of a batch line, to see where the time goes.
mod parts {
    use super::*;

    #[divan::bench(sample_count = 20)]
    fn parse_json(bencher: divan::Bencher) {
        let mut rng = Rng::new(7);
        let lines: Vec<String> = (0..200).map(|_| case_json(&mut rng).to_string()).collect();
        bencher.bench_local(|| {
            lines
                .iter()
                .filter(|l| serde_json::from_str::<serde_json::Value>(l).is_ok())
                .count()
        });
    }

    #[divan::bench(sample_count = 20)]
    fn load_case(bencher: divan::Bencher) {
        let prog = program();
        let mut rng = Rng::new(7);
        let values: Vec<serde_json::Value> = (0..200).map(|_| case_json(&mut rng)).collect();
        bencher.bench_local(|| {
            values
                .iter()
                .filter(|v| case::from_json(&prog, v).is_ok())
                .count()
        });
    }

    #[divan::bench(sample_count = 20)]
    fn line_without_parsing(bencher: divan::Bencher) {
        let prog = program();
        let cases = cases(&prog, 200);
        let at = as_of();
        bencher.bench_local(|| {
            cases
                .iter()
                .map(|c| ward_core::batch::evaluate_case(&prog, c, at, 1, Default::default()).len())
                .sum::<usize>()
        });
    }
}

/// Verify a signed package of the whole library (layout, signature, manifest, paths, hash):
/// what every command pays while an installed library is in use.
#[divan::bench(sample_count = 20)]
fn verify_library_package(bencher: divan::Bencher) {
    use ward_project::stdlib_package::{Keyring, SecretKey, pack, sign, verify};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../stdlib");
    let packed = pack::pack(&dir, &dir, "2026-11-22").expect("the library packs");
    let key = SecretKey::generate("bench").expect("a key");
    let bytes = sign(&packed.bytes, &key).expect("it signs");
    let keys = Keyring::new(vec![key.public()]);
    bencher.bench_local(|| verify(&bytes, &keys).map(|v| v.contents.modules.len()));
}

/// One case with 100,000 incidents (the most a list may hold), each with facts left out, so
/// that every incident rule is undetermined and its explanation lists missing facts per
/// incident: loading and reporting must stay linear in the number of incidents.
mod large_case {
    use super::*;

    const INCIDENTS: usize = 100_000;

    fn text() -> String {
        let mut t = String::from(
            "organisation: { nation: england, type: nhs_foundation_trust, roles: [adopter] }\n\
             technology: { health_it: true, device_status: medical_device }\n\
             data: { health_care: true, identifiability: identifiable }\nincidents:\n",
        );
        for i in 0..INCIDENTS {
            let kind = ["nis_incident", "device_adverse_event"][i % 2];
            t.push_str(&format!(
                "  - kind: {kind}\n    aware_at: 2026-11-{:02}T06:10:00Z\n",
                1 + i % 28
            ));
        }
        t
    }

    #[divan::bench(sample_count = 3)]
    fn load(bencher: divan::Bencher) {
        let prog = program();
        let text = text();
        bencher.bench_local(|| {
            case::load(&prog, &text, case::Format::Yaml)
                .expect("a valid case")
                .slots
                .len()
        });
    }

    #[divan::bench(sample_count = 3)]
    fn load_evaluate_and_report(bencher: divan::Bencher) {
        let prog = program();
        let text = text();
        let at = as_of();
        bencher.bench_local(|| {
            let c = case::load(&prog, &text, case::Format::Yaml).expect("a valid case");
            let outcome = evaluate(&prog, &c, at);
            let report = ward_core::report::build(
                &prog,
                &c,
                at,
                &outcome,
                ward_core::report::Options::default(),
            );
            ward_core::report::text::render(&report).len()
        });
    }
}

/// `ward ask`'s next-question computation (issue 10): the query on an empty case, and on the
/// example cases as an interview goes (each case's replayed interview, question by question,
/// the partial case as it stands before each question). Target: ≤ 1 ms per question.
mod interview {
    use super::*;
    use ward_core::interview::{next_questions, replay};

    fn example(name: &str, prog: &Program) -> Case {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../policies/cases")
            .join(name);
        let text = std::fs::read_to_string(&path).expect("an example case");
        case::load(prog, &text, ward_core::eval::Format::from_path(&path)).expect("it loads")
    }

    #[divan::bench(sample_count = 50)]
    fn next_questions_empty_case(bencher: divan::Bencher) {
        let prog = program();
        let empty = Case::empty(&prog);
        let at = as_of();
        bencher.bench_local(|| next_questions(&prog, &empty, at, &[]).questions.len());
    }

    /// One next-questions computation, averaged over every partial case of an interview.
    #[divan::bench(
        sample_count = 100,
        args = [
            "english-trust-ai-imaging-pilot.yaml",
            "icb-risk-stratification-commissioning.yaml",
            "northern-ireland-developer-insulin-app.json",
            "nhs-trust-ransomware-nis-incident.yaml",
        ]
    )]
    fn next_question_during_interview(bencher: divan::Bencher, name: &str) {
        let prog = program();
        let full = example(name, &prog);
        let at = as_of();
        // The partial cases the interview passes through, rebuilt by replaying it up to
        // each question.
        let n = replay::replay(&prog, &full, at, 500).asked.len();
        let partials: Vec<(Case, Vec<String>)> = (0..n)
            .map(|k| {
                let r = replay::replay(&prog, &full, at, k);
                (r.case, r.declined)
            })
            .collect();
        let mut i = 0;
        bencher.bench_local(move || {
            i = (i + 1) % partials.len();
            let (c, d) = &partials[i];
            next_questions(&prog, c, at, d).questions.len()
        });
    }
}
