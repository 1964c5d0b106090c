//! `cargo bench -p ward-bench --bench peer`: the peer comparison of issue 6, item 2. Ward's
//! evaluator races `regorus`, a Rego engine, on the same generated cases. regorus runs a hand
//! translation of 48 standard-library obligations (`rego/ward_subset.rego`). Before any timing,
//! every case is checked: all engines must give the same status for every translated obligation,
//! or the run prints each disagreement and exits with status 1. The table at the end gives the
//! median per-case time of each engine and the per-case ratio regorus / Ward.
//!
//! `PEER_CASES` (default 2000) sets the number of cases of each kind; `PEER_REPS` (default 7)
//! sets how many times each case is timed on each engine.

#[path = "../harness/peer.rs"]
mod peer;

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

use peer::{Engines, TRANSLATED, as_of};
use ward_bench::{Rng, case_json, case_json_wide};
use ward_core::eval::case;
use ward_core::eval::{Case, evaluate};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One engine's work on one case, repeated `n` times; what it returns is kept from the
/// optimiser.
type Work<'a> = Box<dyn FnMut(usize, u32) + 'a>;

/// What one case is given to each engine, prepared once: Ward's loaded case, regorus's input
/// value, and the JSON text for the end-to-end variant.
struct Prepared {
    case: Case,
    input: regorus::Value,
    text: String,
}

/// A row of the table: an engine and its per-case times.
struct Row {
    name: String,
    times: Vec<f64>,
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

fn quantile(xs: &[f64], q: f64) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q).round() as usize]
}

fn fmt_time(secs: f64) -> String {
    if secs < 1e-6 {
        format!("{:.0} ns", secs * 1e9)
    } else if secs < 1e-3 {
        format!("{:.2} µs", secs * 1e6)
    } else {
        format!("{:.2} ms", secs * 1e3)
    }
}

/// Time every engine on every case: for each case, `reps` rounds; in each round every engine
/// (in an order that rotates, so none always runs first) evaluates the case `batch[e]` times in
/// a row. A case's time on an engine is the median over the rounds of the time per evaluation.
fn race(engines: &mut [(&str, Work<'_>)], cases: usize, reps: usize) -> Vec<Row> {
    // Calibrate: batches of about 20 µs, so the clock's own cost is negligible.
    let mut batch = Vec::new();
    for (_, work) in engines.iter_mut() {
        let probe = cases.min(50);
        let start = Instant::now();
        for i in 0..probe {
            work(i, 1);
        }
        let per = start.elapsed().as_secs_f64() / probe as f64;
        batch.push(((20e-6 / per).ceil() as u32).clamp(1, 1000));
    }
    let k = engines.len();
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(cases); k];
    let mut rounds: Vec<Vec<f64>> = vec![Vec::with_capacity(reps); k];
    for i in 0..cases {
        for r in 0..reps {
            for j in 0..k {
                let e = (i + r + j) % k;
                let (_, work) = &mut engines[e];
                let start = Instant::now();
                work(i, batch[e]);
                rounds[e].push(start.elapsed().as_secs_f64() / batch[e] as f64);
            }
        }
        for (t, round) in times.iter_mut().zip(rounds.iter_mut()) {
            t.push(median(round));
            round.clear();
        }
    }
    engines
        .iter()
        .zip(times)
        .map(|((name, _), times)| Row {
            name: name.to_string(),
            times,
        })
        .collect()
}

fn print_table(title: &str, rows: &[Row], wards: &[usize], peers: &[usize]) {
    println!("\n{title}");
    println!(
        "  {:<58} {:>11} {:>11} {:>11}",
        "engine", "median", "p10", "p90"
    );
    for row in rows {
        let mut t = row.times.clone();
        let m = median(&mut t);
        println!(
            "  {:<58} {:>11} {:>11} {:>11}",
            row.name,
            fmt_time(m),
            fmt_time(quantile(&row.times, 0.1)),
            fmt_time(quantile(&row.times, 0.9))
        );
    }
    println!(
        "  {:<58} {:>11} {:>11} {:>11} {:>9}",
        "per-case ratio (regorus / Ward)", "median", "p10", "min", "≥ 10×"
    );
    for &p in peers {
        for &w in wards {
            let ratios: Vec<f64> = rows[p]
                .times
                .iter()
                .zip(&rows[w].times)
                .map(|(r, w)| r / w)
                .collect();
            let mut sorted = ratios.clone();
            let m = median(&mut sorted);
            let at_least_10 =
                ratios.iter().filter(|&&x| x >= 10.0).count() as f64 / ratios.len() as f64;
            println!(
                "  {:<58} {:>10.1}× {:>10.1}× {:>10.1}× {:>8.1}%",
                format!("{} / {}", short(&rows[p].name), short(&rows[w].name)),
                m,
                quantile(&ratios, 0.1),
                sorted[0],
                at_least_10 * 100.0
            );
        }
    }
}

/// The headline: per case, the faster of regorus's two paths over Ward, median over the cases.
fn print_headline(rows: &[Row]) {
    let ratio = |w: usize| {
        let mut r: Vec<f64> = (0..rows[w].times.len())
            .map(|i| rows[2].times[i].min(rows[3].times[i]) / rows[w].times[i])
            .collect();
        median(&mut r)
    };
    let (whole, restricted) = (ratio(0), ratio(1));
    println!(
        "  headline: faster regorus path / Ward, median per case: {whole:.1}x against the whole \
         library, {restricted:.1}x against the same obligations; target (Ward at least 10x \
         faster): {}",
        if whole >= 10.0 { "met" } else { "NOT met" }
    );
}

fn short(name: &str) -> &str {
    name.split(':').next().unwrap_or(name)
}

fn main() -> ExitCode {
    let n = env_usize("PEER_CASES", 2000);
    let reps = env_usize("PEER_REPS", 7).max(1);

    // 1. Compile Ward's standard library once and the Rego policy once (twice over: the
    //    interpreter parses it; the RVM compiles it to bytecode).
    let start = Instant::now();
    let mut engines = match Engines::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("cannot set up the comparison:\n{e}");
            return ExitCode::FAILURE;
        }
    };
    let setup = start.elapsed();
    let at = as_of();

    // 2. The same cases for every engine: the ordinary generated mix, and the wide one.
    let mut rng = Rng::new(42);
    let ordinary: Vec<serde_json::Value> = (0..n).map(|_| case_json(&mut rng)).collect();
    let mut rng = Rng::new(2026);
    let wide: Vec<serde_json::Value> = (0..n).map(|_| case_json_wide(&mut rng)).collect();

    println!(
        "peer comparison: Ward ({} obligations, {} rules) against regorus 0.14 on the {} obligations translated in rego/ward_subset.rego",
        engines.full.obligations.len(),
        engines.full.rules.len(),
        TRANSLATED.len()
    );
    println!(
        "set-up (compile the standard library, parse the policy, compile it for the RVM): {setup:.2?}"
    );

    // 3. Agreement on every case, before any timing.
    for (what, cases) in [("ordinary", &ordinary), ("wide", &wide)] {
        match peer::check_agreement(&mut engines, cases) {
            Ok(summary) => println!("agreement, {what} cases: {summary}"),
            Err(report) => {
                eprintln!("the engines disagree on {what} cases:\n{report}");
                return ExitCode::FAILURE;
            }
        }
    }

    // 4. Per-case times.
    for (what, cases) in [("ordinary", &ordinary), ("wide", &wide)] {
        let prepared: Vec<Prepared> = cases
            .iter()
            .map(|json| Prepared {
                case: case::from_json(&engines.full, json).expect("checked above"),
                input: regorus::Value::from(json.clone()),
                text: json.to_string(),
            })
            .collect();
        let Engines {
            full,
            subset,
            rego,
            rvm,
        } = &mut engines;
        let full: &ward_core::eval::Program = full;
        let subset: &ward_core::eval::Program = subset;
        let rego = std::cell::RefCell::new(rego);
        let rvm = std::cell::RefCell::new(rvm);
        let p = &prepared;

        let mut eval_only: Vec<(&str, Work<'_>)> = vec![
            (
                "Ward: evaluate, whole standard library",
                Box::new(move |i, n| {
                    for _ in 0..n {
                        black_box(evaluate(full, black_box(&p[i].case), at));
                    }
                }),
            ),
            (
                "Ward restricted: evaluate, the translated obligations only",
                Box::new(move |i, n| {
                    for _ in 0..n {
                        black_box(evaluate(subset, black_box(&p[i].case), at));
                    }
                }),
            ),
            (
                "regorus engine: set_input + eval_rule",
                Box::new(|i, n| {
                    let mut r = rego.borrow_mut();
                    for _ in 0..n {
                        black_box(
                            r.eval(black_box(p[i].input.clone()))
                                .expect("checked above"),
                        );
                    }
                }),
            ),
            (
                "regorus RVM: set_input + execute",
                Box::new(|i, n| {
                    let mut r = rvm.borrow_mut();
                    for _ in 0..n {
                        black_box(
                            r.eval(black_box(p[i].input.clone()))
                                .expect("checked above"),
                        );
                    }
                }),
            ),
        ];
        let rows = race(&mut eval_only, cases.len(), reps);
        print_table(
            &format!(
                "{what} cases, evaluation only (case already loaded): {} cases x {reps} rounds, median of per-case medians",
                cases.len()
            ),
            &rows,
            &[0, 1],
            &[2, 3],
        );
        print_headline(&rows);
        drop(eval_only);

        let mut from_text: Vec<(&str, Work<'_>)> = vec![
            (
                "Ward: load JSON + evaluate, whole standard library",
                Box::new(move |i, n| {
                    for _ in 0..n {
                        // The loader batch evaluation uses.
                        let c = ward_core::batch::load_line(full, black_box(&p[i].text))
                            .expect("checked above");
                        black_box(evaluate(full, &c, at));
                    }
                }),
            ),
            (
                "Ward restricted: load JSON + evaluate, translated only",
                Box::new(move |i, n| {
                    for _ in 0..n {
                        // The loader batch evaluation uses.
                        let c = ward_core::batch::load_line(full, black_box(&p[i].text))
                            .expect("checked above");
                        black_box(evaluate(subset, &c, at));
                    }
                }),
            ),
            (
                "regorus engine: parse JSON + set_input + eval_rule",
                Box::new(|i, n| {
                    let mut r = rego.borrow_mut();
                    for _ in 0..n {
                        let v = regorus::Value::from_json_str(black_box(&p[i].text))
                            .expect("valid JSON");
                        black_box(r.eval(v).expect("checked above"));
                    }
                }),
            ),
            (
                "regorus RVM: parse JSON + set_input + execute",
                Box::new(|i, n| {
                    let mut r = rvm.borrow_mut();
                    for _ in 0..n {
                        let v = regorus::Value::from_json_str(black_box(&p[i].text))
                            .expect("valid JSON");
                        black_box(r.eval(v).expect("checked above"));
                    }
                }),
            ),
        ];
        let rows = race(&mut from_text, cases.len(), reps.div_ceil(2));
        print_table(
            &format!(
                "{what} cases, from JSON text: {} cases x {} rounds",
                cases.len(),
                reps.div_ceil(2)
            ),
            &rows,
            &[0, 1],
            &[2, 3],
        );
    }
    ExitCode::SUCCESS
}
