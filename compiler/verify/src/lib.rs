//! Proofs about policy: the lowered program compiled symbolically into three-valued
//! propositional logic over the case's facts ([`encode`], [`outcome`]), solved in process
//! with batsat, and the findings `ward verify` and `ward diff` make with it, each with a
//! witness case that the real evaluator is run on ([`witness`]).
//!
//! What the encoding does not model exactly is over-approximated (a fresh, unconstrained
//! value) and listed in [`Report::approximations`]: a proof that something cannot happen
//! still holds, and anything found to happen is marked confirmed only when the evaluator
//! agrees on its witness. Lists get a bounded number of elements ([`bound`]).

pub mod bound;
mod branch;
pub mod check;
pub mod cnf;
mod compare;
pub mod diff;
pub mod encode;
pub mod finding;
pub mod inputs;
pub mod outcome;
pub mod sym;
pub mod view;
pub mod witness;

use serde::Serialize;
use ward_core::db::OriginKind;
use ward_core::eval::ir::Program;
use ward_core::hir::Instant;

use encode::{Encoder, World};
use finding::{Finding, allows};
use outcome::Encoded;
use sym::Sym;

pub use finding::Kind;

#[derive(Clone, Debug)]
pub struct Options {
    /// The evaluation date (for `today` and for lapsed exceptions).
    pub as_of: Instant,
    /// Elements per list; `None` for as many as each list's quantifiers need.
    pub bound: Option<usize>,
    pub allow_expired: bool,
}

/// One or more programs encoded over one set of case variables.
pub struct Session<'p> {
    pub progs: Vec<&'p Program>,
    pub world: World,
    pub encoders: Vec<Encoder<'p>>,
    pub encoded: Vec<Encoded>,
    /// Every derived value of each program.
    pub defs: Vec<Vec<Sym>>,
    pub opts: &'p Options,
    /// Lists read in ways the bound does not cover.
    pub bounded: Vec<String>,
}

impl<'p> Session<'p> {
    pub fn new(progs: &[&'p Program], opts: &'p Options) -> Session<'p> {
        let mut world = World::default();
        let mut bounded = Vec::new();
        for p in progs {
            let (sites, beyond) = bound::sites(p);
            for (path, n) in sites {
                let e = world.inputs.bounds.entry(path).or_insert(1);
                *e = (*e).max(opts.bound.unwrap_or(n)).max(1);
            }
            bounded.extend(beyond);
        }
        if let Some(b) = opts.bound {
            for v in world.inputs.bounds.values_mut() {
                *v = b;
            }
        }
        world.inputs.default_bound = opts.bound.unwrap_or(1).max(1);
        bounded.sort();
        bounded.dedup();
        let mut encoders = Vec::new();
        let mut encoded = Vec::new();
        let mut defs = Vec::new();
        for &p in progs {
            let mut enc = Encoder::new(p, opts.as_of);
            encoded.push(outcome::encode(&mut enc, &mut world, opts.allow_expired));
            defs.push(
                (0..p.defs.len() as u32)
                    .map(|d| enc.def(&mut world, d))
                    .collect(),
            );
            encoders.push(enc);
        }
        world.inputs.finish(&mut world.cnf);
        Session {
            progs: progs.to_vec(),
            world,
            encoders,
            encoded,
            defs,
            opts,
            bounded,
        }
    }

    /// Satisfiable with `assumptions`? The model then says as few facts as it can (a short
    /// witness case).
    pub fn witness(&mut self, assumptions: &[cnf::L]) -> bool {
        let prefer: Vec<cnf::L> = self
            .world
            .inputs
            .facts_said()
            .into_iter()
            .map(|l| !l)
            .collect();
        self.world.cnf.solve_preferring(assumptions, &prefer)
    }

    /// Which of `lits` can be true (each on its own): each model found marks every literal it
    /// makes true, so this takes about as many solver calls as there are models needed to
    /// cover them, plus one to prove the rest impossible.
    pub fn possible(&mut self, lits: &[cnf::L]) -> Vec<bool> {
        let mut can = vec![false; lits.len()];
        loop {
            let open: Vec<cnf::L> = lits
                .iter()
                .zip(&can)
                .filter(|(_, c)| !**c)
                .map(|(l, _)| *l)
                .filter(|&l| !self.world.cnf.is_false(l))
                .collect();
            if open.is_empty() {
                break;
            }
            let any = self.world.cnf.or(&open);
            if !self.world.cnf.solve(&[any]) {
                break;
            }
            for (i, &l) in lits.iter().enumerate() {
                if !can[i] && self.world.cnf.value(l) {
                    can[i] = true;
                }
            }
        }
        can
    }

    /// Where the encoding over-approximates, as `module: why` lines.
    pub fn approximations(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for e in &self.encoders {
            for why in e.approx.values() {
                let line = why.to_string();
                if !out.contains(&line) {
                    out.push(line);
                }
            }
        }
        out
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Stats {
    pub rules: usize,
    pub obligations: usize,
    pub variables: u32,
    pub clauses: usize,
    /// Elements given to each list.
    pub bounds: Vec<(String, usize)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Malformed `verify allow` lines.
    pub bad_allows: Vec<String>,
    /// What the encoding over-approximates (proofs still hold; witnesses are checked).
    pub approximations: Vec<String>,
    /// Lists read in ways the bound does not cover: proofs about them hold up to the bound.
    pub bounded: Vec<String>,
    pub stats: Stats,
}

impl Report {
    /// Findings that fail the run: not allowed, and of a failing kind.
    pub fn failures(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.allowed.is_none() && f.kind.fails())
            .count()
            + self.bad_allows.len()
    }
}

/// Verify `prog`. With `base` (the national library alone), the local modules of `prog` are
/// checked and every national duty's outcome is compared; without, every module is.
pub fn verify(prog: &Program, base: Option<&Program>, opts: &Options) -> Report {
    let mut findings = Vec::new();
    let (approximations, bounded, stats);
    {
        let mut s = Session::new(&[prog], opts);
        let local_only = base.is_some();
        let selected =
            |m: u32| !local_only || prog.modules[m as usize].origin != OriginKind::Stdlib;
        check::program(&mut s, &selected, &mut findings);
        if let Some(b) = base {
            let mut pair = Session::new(&[b, prog], opts);
            check::interference(&mut pair, &mut findings);
        }
        approximations = s.approximations();
        bounded = s.bounded.clone();
        stats = Stats {
            rules: prog.rules.len(),
            obligations: prog.obligations.len(),
            variables: s.world.cnf.vars(),
            clauses: s.world.cnf.clauses,
            bounds: {
                let mut b: Vec<(String, usize)> =
                    s.world.inputs.bounds.clone().into_iter().collect();
                b.sort();
                b
            },
        };
    }
    let bad_allows = apply_allows(prog, &mut findings);
    Report {
        findings,
        bad_allows,
        approximations,
        bounded,
        stats,
    }
}

/// Mark the findings kept on purpose: a `verify allow KIND: reason` line in the doc of the
/// rule (or obligation) the finding is about, or, for a national duty changed by local
/// packages, of each local rule responsible.
fn apply_allows(prog: &Program, findings: &mut [Finding]) -> Vec<String> {
    let mut bad = Vec::new();
    let mut docs: Vec<(&str, &str)> = Vec::new();
    for r in &prog.rules {
        docs.push((&r.name, &r.doc));
    }
    for o in &prog.obligations {
        docs.push((&o.id, &o.doc));
    }
    for (name, doc) in &docs {
        for b in allows(doc).1 {
            bad.push(format!("{name}: {b}"));
        }
    }
    for f in findings.iter_mut() {
        let doc = docs.iter().find(|(n, _)| *n == f.subject).map(|(_, d)| *d);
        let reason = doc.and_then(|d| allows(d).0.into_iter().find(|(k, _)| *k == f.kind));
        f.allowed = reason.map(|(_, r)| r).or_else(|| {
            // A change to a national duty: allowed when a responsible local rule says why.
            let names = f.message.split('`').skip(1).step_by(2);
            names
                .filter_map(|n| docs.iter().find(|(x, _)| *x == n))
                .filter(|_| matches!(f.kind, Kind::Weakens | Kind::Strengthens))
                .find_map(|(_, d)| allows(d).0.into_iter().find(|(k, _)| *k == f.kind))
                .map(|(_, r)| r)
        });
    }
    bad
}
