//! The next-questions query itself (see the module doc of `interview` for its contract): one
//! evaluation, one missing-facts walk of each undetermined duty's open rules, the anchors of
//! applying duties' deadlines, and a what-if evaluation per unconfirmed optional record or
//! defaulted list — then each fact once, ranked.

use std::collections::HashMap;

use serde::Serialize;
use ward_syntax::ast::{Level, Verb};

use super::kind::{Answer, answer_kind, path_help};
use crate::eval::case::Case;
use crate::eval::eval::{Evaluator, iter_elements};
use crate::eval::explain::{Explainer, FactPath, Step, Why};
use crate::eval::fact_path::{path_question, path_text};
use crate::eval::ir::{DeadlineKind, NodeId, Program, RTy};
use crate::eval::outcome::{Options, Outcome, Status, evaluate, evaluate_with, rank};
use crate::hir::Instant;
use crate::report::level_str;

/// How far the case has got.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct Progress {
    /// Duties that apply or do not apply.
    pub settled: usize,
    pub undetermined: usize,
    pub total: usize,
}

/// Why a question is asked.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// It is a missing fact of an undetermined duty.
    Undetermined,
    /// An optional record or a defaulted list the case has not confirmed: whether there is
    /// one (a change, incidents) would change some duty.
    Presence,
    /// It anchors the deadline of a duty that applies (its due date is unknown without it).
    Deadline,
    /// It decides how a duty that applies applies: another of its rules (with deadlines of
    /// its own, or a stronger form that would supersede the one that applies) might apply.
    Form,
    /// It decides a duty the report lists as beyond the guidance's coverage: one that would
    /// apply were the organisation in a nation the cited guidance covers.
    Coverage,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NextQuestion {
    /// `organisation.nation`, `data.flows[0].cldc_basis`, `change`.
    pub path: String,
    /// The fact's `ask` text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ask: Option<String>,
    /// The fact's doc comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub answer: Answer,
    pub reason: Reason,
    /// How many undetermined duties this answer alone could settle.
    pub settles: usize,
    /// Every duty it bears on, by id.
    pub duties: Vec<String>,
    /// The levels at stake (`required`, `best_practice`, …), strongest first.
    pub levels: Vec<&'static str>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NextQuestions {
    pub progress: Progress,
    /// Best first; empty when nothing more can be settled by asking.
    pub questions: Vec<NextQuestion>,
}

/// The questions worth asking next about `case`, best first, never one in `declined`
/// (paths answered "don't know").
pub fn next_questions(
    prog: &Program,
    case: &Case,
    as_of: Instant,
    declined: &[String],
) -> NextQuestions {
    let outcome = evaluate(prog, case, as_of);
    let undetermined = outcome
        .obligations
        .iter()
        .filter(|o| o.status == Status::Undetermined)
        .count();
    let total = prog.obligations.len();
    let mut acc = Acc::default();
    let mut ex = Explainer::missing_only(prog, case, as_of);
    let mut just = Explainer::new(prog, case, as_of);
    for (oi, oo) in outcome.obligations.iter().enumerate() {
        if oo.status == Status::Undetermined {
            let level = rule_level(prog, oo.rule);
            let open = outcome.open_rules(prog, oi);
            let whys = open
                .iter()
                .map(|&r| ex.rule_effective(r, &outcome))
                .collect();
            let why = Why::junction(whys, true);
            for p in why.ranked_missing() {
                let decisive = (why.to_true.len() == 1 && why.to_true[0] == p)
                    || (why.to_false.len() == 1 && why.to_false[0] == p);
                acc.add_path(prog, &p, oi, level, decisive, Reason::Undetermined);
            }
        }
        if oo.status == Status::Applies {
            for &r in &prog.obligations[oi].rules {
                if outcome.rules[r as usize].effective.is_some() {
                    continue;
                }
                let level = prog.rules[r as usize].level;
                for p in ex.rule_effective(r, &outcome).ranked_missing() {
                    acc.add_path(prog, &p, oi, level, false, Reason::Form);
                }
            }
        }
        for r in outcome.applying_rules(prog, oi) {
            let level = prog.rules[r as usize].level;
            // A rule may hold because a fact is unknown (`not (x is known and x)`): the
            // fact still decides the duty, so it is asked.
            for read in just.rule_effective(r, &outcome).reads {
                if read.value.is_unknown() {
                    acc.add_path(prog, &read.path, oi, level, false, Reason::Form);
                }
            }
            for p in anchors(&mut ex, prog, &outcome, r) {
                acc.add_path(prog, &p, oi, level, false, Reason::Deadline);
            }
        }
    }
    unconfirmed(prog, case, as_of, &outcome, declined, &mut acc);
    beyond_coverage(prog, case, as_of, &outcome, &mut acc);
    NextQuestions {
        progress: Progress {
            settled: total - undetermined,
            undetermined,
            total,
        },
        questions: acc.finish(prog, declined),
    }
}

fn rule_level(prog: &Program, rule: Option<u32>) -> Level {
    rule.map(|r| prog.rules[r as usize].level)
        .unwrap_or(Level::Recommended)
}

/// The missing facts that leave an applying rule's deadlines undated.
fn anchors(ex: &mut Explainer<'_>, prog: &Program, outcome: &Outcome, r: u32) -> Vec<FactPath> {
    let rule = &prog.rules[r as usize];
    let nodes: Vec<NodeId> = rule
        .deadlines
        .iter()
        .flat_map(|d| match d.kind {
            DeadlineKind::Within { period, anchor } => vec![anchor, period],
            DeadlineKind::Every {
                period,
                from: Some(from),
            } => vec![from, period],
            _ => vec![],
        })
        .collect();
    let mut out = Vec::new();
    if nodes.is_empty() {
        return out;
    }
    let look = |ex: &mut Explainer<'_>, out: &mut Vec<FactPath>| {
        for &n in &nodes {
            let w = ex.explain(n);
            if w.value.is_unknown() {
                out.extend(w.ranked_missing());
            }
        }
    };
    match rule.for_each {
        None => look(ex, &mut out),
        Some(coll) => {
            let c = ex.explain(coll);
            if let Some(items) = iter_elements(&c.value) {
                for &i in outcome.elements_of(r) {
                    let Some(item) = items.get(i as usize) else {
                        continue;
                    };
                    let at = c.at.clone().map(|mut p| {
                        p.steps.push(Step::Index(i));
                        p
                    });
                    ex.set_local(0, item.clone(), at);
                    look(ex, &mut out);
                }
            }
        }
    }
    out
}

/// Optional records the case leaves out and top-level facts it leaves to their default
/// (`incidents: default []`): each is asked when having one (a change under way, some
/// incidents) would change a duty.
fn unconfirmed(
    prog: &Program,
    case: &Case,
    as_of: Instant,
    outcome: &Outcome,
    declined: &[String],
    acc: &mut Acc,
) {
    for (fi, f) in prog.facts.iter().enumerate() {
        if declined.iter().any(|d| d == &f.name) {
            continue;
        }
        let slot = f.first_slot;
        let other = match &f.ty {
            RTy::Record(_) if f.optional && !case.present[fi] => {
                let mut with = case.clone();
                with.present[fi] = true;
                evaluate(prog, &with, as_of)
            }
            RTy::Record(_) => continue,
            _ if case.slots[slot as usize].is_unknown()
                && prog.slots[slot as usize].default.is_some() =>
            {
                let mut ev = Evaluator::masked(prog, case, as_of, slot);
                evaluate_with(&mut ev, Options::default())
            }
            _ => continue,
        };
        for (oi, (now, then)) in outcome
            .obligations
            .iter()
            .zip(&other.obligations)
            .enumerate()
        {
            if now.status != then.status {
                let level = rule_level(prog, then.rule.or(now.rule));
                let q = acc.entry(f.name.clone(), (slot, vec![]), Reason::Presence, || {
                    (f.ask.clone(), f.doc.clone(), answer_kind(prog, &f.ty))
                });
                q.bear(oi, level, false);
            }
        }
    }
}

/// The missing facts of duties that would apply in a nation the cited guidance covers, but
/// not the case's: the report lists those duties (coverage notes, duties beyond coverage),
/// so what decides them elsewhere is asked too.
fn beyond_coverage(prog: &Program, case: &Case, as_of: Instant, outcome: &Outcome, acc: &mut Acc) {
    let Some((slot, _)) = prog.jurisdiction else {
        return;
    };
    let crate::eval::value::Value::Enum(nation) = case.slots[slot as usize] else {
        return;
    };
    let here = 1u64 << nation;
    let mut elsewhere = 0u64;
    let mut uncovered = vec![false; prog.sources.len()];
    for (si, src) in prog.sources.iter().enumerate() {
        if !src.covers.is_empty() && src.covers_mask & here == 0 {
            elsewhere |= src.covers_mask;
            uncovered[si] = true;
        }
    }
    for i in (0..64u16).filter(|i| elsewhere & (1u64 << i) != 0) {
        let mut alt = case.clone();
        alt.slots[slot as usize] = crate::eval::value::Value::Enum(i);
        let there = evaluate(prog, &alt, as_of);
        let mut ex = Explainer::missing_only(prog, &alt, as_of);
        for (oi, oo) in there.obligations.iter().enumerate() {
            let cites_uncovered = prog.obligations[oi].rules.iter().any(|&r| {
                prog.rules[r as usize]
                    .citations
                    .iter()
                    .any(|c| uncovered[c.source as usize])
            });
            if oo.status != Status::Undetermined
                || outcome.obligations[oi].status == Status::Applies
                || !cites_uncovered
            {
                continue;
            }
            let level = rule_level(prog, oo.rule);
            let whys = there
                .open_rules(prog, oi)
                .iter()
                .map(|&r| ex.rule_effective(r, &there))
                .collect();
            for p in Why::junction(whys, true).ranked_missing() {
                acc.add_path(prog, &p, oi, level, false, Reason::Coverage);
            }
        }
    }
}

/// One question being gathered: the duties it bears on and what is at stake.
struct Gathering {
    q: NextQuestion,
    order: (u32, Vec<Step>),
    duties: Vec<usize>,
    strongest: (u8, u8),
    levels: Vec<Level>,
}

impl Gathering {
    fn bear(&mut self, duty: usize, level: Level, decisive: bool) {
        if !self.duties.contains(&duty) {
            self.duties.push(duty);
            if decisive {
                self.q.settles += 1;
            }
        }
        if !self.levels.contains(&level) {
            self.levels.push(level);
        }
        self.strongest = self.strongest.max(rank(Verb::Require, level));
    }
}

#[derive(Default)]
struct Acc {
    by_path: HashMap<String, usize>,
    list: Vec<Gathering>,
}

impl Acc {
    fn entry(
        &mut self,
        path: String,
        order: (u32, Vec<Step>),
        reason: Reason,
        describe: impl FnOnce() -> (Option<String>, String, Answer),
    ) -> &mut Gathering {
        let i = match self.by_path.get(&path) {
            Some(&i) => i,
            None => {
                let (ask, help, answer) = describe();
                self.list.push(Gathering {
                    q: NextQuestion {
                        path: path.clone(),
                        ask,
                        help: (!help.is_empty()).then_some(help),
                        answer,
                        reason,
                        settles: 0,
                        duties: vec![],
                        levels: vec![],
                    },
                    order,
                    duties: vec![],
                    strongest: (0, 0),
                    levels: vec![],
                });
                self.by_path.insert(path, self.list.len() - 1);
                self.list.len() - 1
            }
        };
        let g = &mut self.list[i];
        // A fact that bears on an undetermined duty is asked for that, whatever else it dates.
        g.q.reason = g.q.reason.min(reason);
        g
    }

    fn add_path(
        &mut self,
        prog: &Program,
        p: &FactPath,
        duty: usize,
        level: Level,
        decisive: bool,
        reason: Reason,
    ) {
        let text = path_text(prog, p);
        let g = self.entry(text, (p.slot, p.steps.to_vec()), reason, || {
            let (doc, ty) = path_help(prog, p);
            (
                path_question(prog, p),
                doc.to_string(),
                answer_kind(prog, ty),
            )
        });
        g.bear(duty, level, decisive);
    }

    fn finish(self, prog: &Program, declined: &[String]) -> Vec<NextQuestion> {
        let mut list: Vec<Gathering> = self
            .list
            .into_iter()
            .filter(|g| !declined.contains(&g.q.path))
            .collect();
        let group = |r: Reason| match r {
            Reason::Undetermined | Reason::Presence => 0,
            Reason::Deadline | Reason::Form | Reason::Coverage => 1,
        };
        list.sort_by(|a, b| {
            group(a.q.reason)
                .cmp(&group(b.q.reason))
                .then(b.q.settles.cmp(&a.q.settles))
                .then(b.strongest.cmp(&a.strongest))
                .then(b.duties.len().cmp(&a.duties.len()))
                .then_with(|| a.order.cmp(&b.order))
                .then_with(|| a.q.path.cmp(&b.q.path))
        });
        list.into_iter()
            .map(|mut g| {
                g.levels
                    .sort_by_key(|l| std::cmp::Reverse(rank(Verb::Require, *l)));
                g.q.levels = g.levels.iter().map(|l| level_str(*l)).collect();
                g.q.duties = g
                    .duties
                    .iter()
                    .map(|&d| prog.obligations[d].id.clone())
                    .collect();
                g.q
            })
            .collect()
    }
}
