//! Write N generated cases as JSON Lines, for measuring `ward eval --batch`:
//! `gen_cases 100000 > cases.jsonl`.

use std::io::Write;

use ward_bench::{Rng, case_json};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut rng = Rng::new(2026);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for _ in 0..n {
        let _ = writeln!(out, "{}", case_json(&mut rng));
    }
}
