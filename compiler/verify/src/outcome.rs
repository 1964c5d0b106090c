//! Rules and obligations, symbolically: each rule's condition and effective value, and each
//! obligation's outcome (status, and the verb and level of the rule that decides it), as
//! `ward_core::eval::outcome` computes them.

use ward_core::eval::Status;
use ward_core::eval::ir::Program;
use ward_core::hir::Instant;
use ward_syntax::ast::{Level, Verb};

use crate::cnf::L;
use crate::encode::{Encoder, World, quantify};
use crate::sym::Tri;

/// What a report says of an obligation: its status and the shape of its deciding rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shape {
    pub status: Status,
    pub verb: Option<Verb>,
    pub level: Option<Level>,
}

impl Shape {
    pub fn text(&self) -> String {
        match (self.verb, self.level) {
            (Some(v), Some(l)) => format!(
                "{} ({} at {})",
                self.status.as_str(),
                v.keyword(),
                l.keyword()
            ),
            _ => self.status.as_str().to_string(),
        }
    }

    /// How strong the outcome is: applies above undetermined above does not apply, then the
    /// deciding rule's rank (a weakening is a step down this order).
    pub fn strength(&self) -> (u8, (u8, u8)) {
        let s = match self.status {
            Status::Applies => 2,
            Status::Undetermined => 1,
            Status::DoesNotApply => 0,
        };
        let r = match (self.verb, self.level) {
            (Some(v), Some(l)) => ward_core::eval::outcome::rank(v, l),
            _ => (0, 0),
        };
        (s, r)
    }
}

/// One program's rules and obligations under the shared case variables.
#[derive(Clone)]
pub struct Encoded {
    /// Per rule: its condition and its effective value.
    pub cond: Vec<Tri>,
    pub effective: Vec<Tri>,
    /// Per obligation: each possible outcome with the literal that says it is the outcome.
    pub outcomes: Vec<Vec<(Shape, L)>>,
}

pub fn encode(enc: &mut Encoder<'_>, w: &mut World, allow_expired: bool) -> Encoded {
    let prog: &Program = enc.prog;
    let today: Instant = enc.today;
    let n = prog.rules.len();
    let unknown = Tri::constant(&w.cnf, None);
    let mut cond = vec![unknown; n];
    let mut effective = vec![unknown; n];
    for &ri in &prog.rule_order {
        let rule = &prog.rules[ri as usize];
        let c = match rule.for_each {
            None => enc.truth(w, rule.cond),
            Some(coll) => {
                let cv = enc.node(w, coll);
                match enc.each(w, 0, &cv, Some(rule.cond)) {
                    Some(items) => {
                        let known = w.known(&cv);
                        quantify(&mut w.cnf, true, known, &items)
                    }
                    None if matches!(cv, crate::sym::Sym::Opaque { .. }) => Tri::fresh(&mut w.cnf),
                    None => unknown,
                }
            }
        };
        cond[ri as usize] = c;
        // Exceptions in force (a lapsed one sets nothing aside unless honoured).
        let live: Vec<u32> = rule
            .excepted_by
            .iter()
            .copied()
            .filter(|&e| {
                allow_expired
                    || !prog.rules[e as usize]
                        .review_at
                        .is_some_and(|d| ward_core::review::lapsed(d, today))
            })
            .collect();
        if live.is_empty() {
            effective[ri as usize] = c;
            continue;
        }
        let waives: Vec<Tri> = live
            .iter()
            .filter(|&&e| prog.rules[e as usize].verb == Verb::Waive)
            .map(|&e| effective[e as usize])
            .collect();
        let waived = Tri::or(&mut w.cnf, &waives);
        // Superseded: the first exception that certainly holds is not a waiver.
        let mut before: Vec<L> = Vec::new();
        let mut sup = Vec::new();
        for &e in &live {
            let held = effective[e as usize].t;
            if prog.rules[e as usize].verb != Verb::Waive {
                let mut conj: Vec<L> = before.iter().map(|&b: &L| !b).collect();
                conj.push(held);
                sup.push(w.cnf.and(&conj));
            }
            before.push(held);
        }
        let sup = w.cnf.or(&sup);
        let t = w.cnf.and(&[!sup, c.t, waived.f]);
        let f = w.cnf.or(&[sup, c.f, waived.t]);
        effective[ri as usize] = Tri { t, f };
    }
    let outcomes = prog
        .obligations
        .iter()
        .map(|o| decide(prog, w, &o.rules, &effective))
        .collect();
    Encoded {
        cond,
        effective,
        outcomes,
    }
}

/// The outcome of an obligation from its rules' effective values, as `outcome::decide`.
fn decide(prog: &Program, w: &mut World, order: &[u32], eff: &[Tri]) -> Vec<(Shape, L)> {
    let cnf = &mut w.cnf;
    let k = order.len();
    let truth: Vec<L> = order.iter().map(|&r| eff[r as usize].t).collect();
    let open: Vec<L> = order
        .iter()
        .map(|&r| {
            let e = eff[r as usize];
            cnf.and2(!e.t, !e.f)
        })
        .collect();
    let mut first_true = Vec::with_capacity(k);
    let mut first_open = Vec::with_capacity(k);
    for i in 0..k {
        let mut a: Vec<L> = truth[..i].iter().map(|&x| !x).collect();
        a.push(truth[i]);
        first_true.push(cnf.and(&a));
        let mut b: Vec<L> = open[..i].iter().map(|&x| !x).collect();
        b.extend(truth[..i].iter().map(|&x| !x));
        b.push(open[i]);
        first_open.push(cnf.and(&b));
    }
    let rank = |i: usize| prog.rules[order[i] as usize].rank;
    let shape = |status, i: usize| {
        let r = &prog.rules[order[i] as usize];
        Shape {
            status,
            verb: Some(r.verb),
            level: Some(r.level),
        }
    };
    let mut out: Vec<(Shape, L)> = Vec::new();
    let mut add = |cnf: &mut crate::cnf::Cnf, s: Shape, l: L| {
        if cnf.is_false(l) {
            return;
        }
        match out.iter_mut().find(|(x, _)| *x == s) {
            Some((_, m)) => *m = cnf.or2(*m, l),
            None => out.push((s, l)),
        }
    };
    for i in 0..k {
        // Applies by rule i unless a stronger rule before it is open.
        let blockers: Vec<L> = (0..i)
            .filter(|&j| rank(j) > rank(i))
            .map(|j| first_open[j])
            .collect();
        let blocked = cnf.or(&blockers);
        let applies = cnf.and2(first_true[i], !blocked);
        add(cnf, shape(Status::Applies, i), applies);
        // Undetermined at rule i (the first open one) unless a later rule of at least its
        // rank certainly applies.
        let settles: Vec<L> = (i + 1..k)
            .filter(|&j| rank(i) <= rank(j))
            .map(|j| first_true[j])
            .collect();
        let settled = cnf.or(&settles);
        let und = cnf.and2(first_open[i], !settled);
        add(cnf, shape(Status::Undetermined, i), und);
    }
    let mut none: Vec<L> = truth.iter().map(|&x| !x).collect();
    none.extend(open.iter().map(|&x| !x));
    let none = cnf.and(&none);
    add(
        cnf,
        Shape {
            status: Status::DoesNotApply,
            verb: None,
            level: None,
        },
        none,
    );
    out
}
