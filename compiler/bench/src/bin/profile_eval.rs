//! A fixed workload for instruction-level profiling (`valgrind --tool=callgrind`): the
//! standard library compiled once, then N generated cases evaluated. Counting instructions
//! is repeatable on a shared machine where wall-clock timing is not.

use ward_bench::{Rng, case_json, stdlib_host};
use ward_core::Database;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let mode = std::env::args().nth(2).unwrap_or_else(|| "eval".into());
    let prog = stdlib_host(Database::default())
        .program()
        .expect("the standard library compiles");
    if mode == "stats" {
        let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
        for n in &prog.nodes {
            let k = format!("{n:?}");
            let k = k
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("")
                .to_string();
            *kinds.entry(k).or_default() += 1;
        }
        println!(
            "rules {} defs {} slots {} nodes {} obligations {}",
            prog.rules.len(),
            prog.defs.len(),
            prog.slots.len(),
            prog.nodes.len(),
            prog.obligations.len()
        );
        println!("{kinds:?}");
        let atoms: usize = prog
            .nodes
            .iter()
            .map(|n| match n {
                ward_core::eval::ir::Node::AndAtoms { atoms, .. } => atoms.len(),
                _ => 0,
            })
            .sum();
        println!("atoms {atoms}");
        return;
    }
    let mut rng = Rng::new(42);
    let lines: Vec<String> = (0..n).map(|_| case_json(&mut rng).to_string()).collect();
    let cases: Vec<_> = lines
        .iter()
        .filter_map(|l| {
            ward_core::eval::case::from_json(&prog, &serde_json::from_str(l).unwrap()).ok()
        })
        .collect();
    let at = ward_core::time::parse_instant("2026-11-22").unwrap();
    let mut total = 0usize;
    for _ in 0..3 {
        match mode.as_str() {
            "line" => {
                for (i, l) in lines.iter().enumerate() {
                    total += ward_core::batch::evaluate_line(
                        &prog,
                        l,
                        at,
                        i,
                        ward_core::batch::LineOptions {
                            missing: std::env::var_os("MISSING").is_some(),
                            ..Default::default()
                        },
                    )
                    .len();
                }
            }
            _ => {
                for c in &cases {
                    let o = ward_core::eval::evaluate(&prog, c, at);
                    total += o
                        .obligations
                        .iter()
                        .filter(|o| o.status == ward_core::eval::Status::Applies)
                        .count();
                }
            }
        }
    }
    println!("{total}");
}
