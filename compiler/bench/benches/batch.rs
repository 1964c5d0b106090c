//! Batch lines, per case: JSON text in, result line out (`ward_core::batch`), for the full and
//! the compact result form, on the thirteen example cases (all nations, coverage notes
//! included) and on generated ones; the split of a line into loading, evaluation and writing;
//! and a chunk of lines on every core, as `ward eval --batch` runs it. The whole process,
//! file in and file out, is measured by `compiler/bench/batch-throughput`.

use std::sync::Arc;

use ward_bench::{Rng, case_json, stdlib_host};
use ward_core::Database;
use ward_core::batch::{Form, Input, LineOptions, evaluate_chunk, evaluate_into, load_line};
use ward_core::eval::{Case, Program};

fn main() {
    divan::main();
}

const LINES: usize = 1000;

fn program() -> Arc<Program> {
    stdlib_host(Database::default())
        .program()
        .expect("the standard library compiles")
}

fn as_of() -> ward_core::hir::Instant {
    ward_core::time::parse_instant("2026-11-22").unwrap()
}

/// `n` lines of the named input: the example cases repeated, or generated cases.
fn lines(which: &str, n: usize) -> Vec<String> {
    match which {
        "examples" => {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../tests/fixtures/batch/examples.jsonl"
            );
            let text = std::fs::read_to_string(path).expect("the example cases as JSON lines");
            let ex: Vec<&str> = text.lines().collect();
            (0..n).map(|i| ex[i % ex.len()].to_string()).collect()
        }
        _ => {
            let mut rng = Rng::new(7);
            (0..n).map(|_| case_json(&mut rng).to_string()).collect()
        }
    }
}

fn opts(form: Form) -> LineOptions {
    LineOptions {
        form,
        ..Default::default()
    }
}

const INPUTS: [&str; 2] = ["examples", "generated"];

/// One thread: parse + load + evaluate + write the result line into a reused buffer.
mod line {
    use super::*;

    fn run(bencher: divan::Bencher, which: &str, form: Form) {
        let prog = program();
        let lines = lines(which, LINES);
        let at = as_of();
        let mut out = String::with_capacity(LINES * 4096);
        bencher
            .counter(divan::counter::ItemsCount::new(lines.len()))
            .bench_local(move || {
                out.clear();
                for (i, l) in lines.iter().enumerate() {
                    evaluate_into(&mut out, &prog, l, at, i + 1, opts(form));
                }
                out.len()
            });
    }

    #[divan::bench(args = INPUTS, sample_count = 10)]
    fn full(bencher: divan::Bencher, which: &str) {
        run(bencher, which, Form::Full);
    }

    #[divan::bench(args = INPUTS, sample_count = 10)]
    fn compact(bencher: divan::Bencher, which: &str) {
        run(bencher, which, Form::Compact);
    }
}

/// Where a line's time goes: loading the JSON text into a case, evaluating it, and evaluating
/// and writing each form (the writing is the difference from `evaluate`).
mod split {
    use super::*;

    fn loaded(prog: &Program, which: &str) -> Vec<Case> {
        lines(which, LINES)
            .iter()
            .filter_map(|l| load_line(prog, l).ok())
            .collect()
    }

    #[divan::bench(args = INPUTS, sample_count = 10)]
    fn load(bencher: divan::Bencher, which: &str) {
        let prog = program();
        let lines = lines(which, LINES);
        bencher
            .counter(divan::counter::ItemsCount::new(lines.len()))
            .bench_local(|| lines.iter().filter(|l| load_line(&prog, l).is_ok()).count());
    }

    #[divan::bench(args = INPUTS, sample_count = 10)]
    fn evaluate(bencher: divan::Bencher, which: &str) {
        let prog = program();
        let cases = loaded(&prog, which);
        let at = as_of();
        bencher
            .counter(divan::counter::ItemsCount::new(cases.len()))
            .bench_local(|| {
                cases
                    .iter()
                    .map(|c| ward_core::eval::evaluate(&prog, c, at).rules.len())
                    .sum::<usize>()
            });
    }

    fn write(bencher: divan::Bencher, which: &str, form: Form) {
        let prog = program();
        let cases = loaded(&prog, which);
        let at = as_of();
        bencher
            .counter(divan::counter::ItemsCount::new(cases.len()))
            .bench_local(|| {
                cases
                    .iter()
                    .map(|c| ward_core::batch::evaluate_case(&prog, c, at, 1, opts(form)).len())
                    .sum::<usize>()
            });
    }

    #[divan::bench(args = INPUTS, sample_count = 10)]
    fn evaluate_and_write_full(bencher: divan::Bencher, which: &str) {
        write(bencher, which, Form::Full);
    }

    #[divan::bench(args = INPUTS, sample_count = 10)]
    fn evaluate_and_write_compact(bencher: divan::Bencher, which: &str) {
        write(bencher, which, Form::Compact);
    }
}

/// 4,096 lines (one reader chunk of `ward eval --batch`) on every core of rayon's pool.
mod chunk {
    use super::*;

    fn run(bencher: divan::Bencher, which: &str, form: Form) {
        let prog = program();
        let chunk: Vec<(usize, Input)> = lines(which, 4096)
            .into_iter()
            .enumerate()
            .map(|(i, l)| (i + 1, Input::Text(l)))
            .collect();
        let at = as_of();
        bencher
            .counter(divan::counter::ItemsCount::new(chunk.len()))
            .bench(|| {
                evaluate_chunk(&prog, &chunk, at, opts(form))
                    .iter()
                    .map(|b| b.text.len())
                    .sum::<usize>()
            });
    }

    #[divan::bench(args = INPUTS, sample_count = 10)]
    fn full(bencher: divan::Bencher, which: &str) {
        run(bencher, which, Form::Full);
    }

    #[divan::bench(args = INPUTS, sample_count = 10)]
    fn compact(bencher: divan::Bencher, which: &str) {
        run(bencher, which, Form::Compact);
    }
}
