//! Random case files for any program, generated from its fact declarations: each fact left out
//! (unknown) about a third of the time, enums over every declared value (the "undetermined"
//! ones too), sets as random subsets, lists of records with up to three elements, dates within
//! a few years of [`crate::AS_OF`], and numbers near the thresholds policy tends to name. The
//! result is JSON, so it goes through the same case reader as a file, and a failing case can be
//! printed and saved as a fixture.

use serde_json::{Map, Value as Json, json};
use ward_core::eval::Program;
use ward_core::eval::ir::RTy;
use ward_core::time::{format_instant, parse_instant, period, shift};
use ward_syntax::ast::Unit;

/// A small deterministic generator (xorshift64*), so a seed names a case.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Numbers that thresholds in policy are usually written against, and their neighbours.
const NUMBERS: [i64; 14] = [
    0, 1, 2, 5, 10, 16, 18, 50, 100, 250, 1000, 5000, 10000, 100000,
];

/// A random case for `prog`, as the JSON a case file would hold.
pub fn random_case(prog: &Program, rng: &mut Rng) -> Json {
    let mut out = Map::new();
    for fact in &prog.facts {
        if rng.chance(30) {
            continue;
        }
        out.insert(fact.name.clone(), value(prog, &fact.ty, rng, 0));
    }
    Json::Object(out)
}

fn value(prog: &Program, ty: &RTy, rng: &mut Rng, depth: u32) -> Json {
    match ty {
        RTy::Bool => Json::Bool(rng.chance(50)),
        RTy::Int => json!(number(rng)),
        RTy::Decimal => json!(number(rng) as f64 + rng.below(4) as f64 * 0.25),
        RTy::Text => Json::String(["", "a", "supplier", "NHS"][rng.below(4) as usize].into()),
        RTy::Date => Json::String(date(rng)),
        RTy::Duration => {
            let unit = ["days", "weeks", "months", "years"][rng.below(4) as usize];
            Json::String(format!("{} {unit}", rng.below(40)))
        }
        RTy::Enum(e) => {
            let variants = &prog.enums[*e as usize].variants;
            Json::String(variants[rng.below(variants.len() as u64) as usize].clone())
        }
        RTy::Set(el) => match &**el {
            RTy::Enum(e) => {
                let variants = &prog.enums[*e as usize].variants;
                let picked = variants.iter().filter(|_| rng.chance(25)).cloned();
                Json::Array(picked.map(Json::String).collect())
            }
            other => list(prog, other, rng, depth),
        },
        RTy::List(el) => list(prog, el, rng, depth),
        RTy::Record(r) => {
            let mut fields = Map::new();
            for f in &prog.records[*r as usize].fields {
                if depth < 3 && !rng.chance(25) {
                    fields.insert(f.name.clone(), value(prog, &f.ty, rng, depth + 1));
                }
            }
            Json::Object(fields)
        }
    }
}

fn list(prog: &Program, el: &RTy, rng: &mut Rng, depth: u32) -> Json {
    let n = if depth < 3 { rng.below(4) } else { 0 };
    Json::Array((0..n).map(|_| value(prog, el, rng, depth + 1)).collect())
}

fn number(rng: &mut Rng) -> i64 {
    let base = NUMBERS[rng.below(NUMBERS.len() as u64) as usize];
    base + rng.below(3) as i64 - 1
}

/// A day within about three years either side of [`crate::AS_OF`], as `YYYY-MM-DD`, or now
/// and then a time on it (`…T09:00:00Z`), as incident reports give.
fn date(rng: &mut Rng) -> String {
    let as_of = parse_instant(crate::AS_OF).expect("AS_OF is a date");
    let days = rng.below(6 * 365) as i64 - 3 * 365;
    let mut at = shift(as_of, period(days, Unit::Days), 1).unwrap_or(as_of);
    if rng.chance(20) {
        at = shift(at, period(rng.below(24) as i64, Unit::Hours), 1).unwrap_or(at);
        at.precise = true;
    }
    format_instant(at)
}
