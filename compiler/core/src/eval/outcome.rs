//! From rule conditions to obligation outcomes: exceptions, supersession and levels.
//!
//! A rule's *effective* value is its condition, unless an exception overrides it:
//! * a `waive` exception that holds sets the rule aside; one that is unknown makes the rule
//!   unknown (we cannot say whether the duty was waived);
//! * any other exception (a stronger or different form of the duty) supersedes the rule only
//!   when it certainly holds; while it is unknown the general rule still stands, so "consider
//!   a DPIA" applies even when we cannot yet tell whether a DPIA is required by law.
//!
//! An obligation applies when one of its rules is effective, is undetermined when none is
//! but one might be, and does not apply otherwise.

use serde::Serialize;
use ward_syntax::ast::{Level, Verb};

use super::case::Case;
use super::eval::{Evaluator, iter_elements};
use super::ir::Program;
use super::value::Value;
use crate::hir::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Applies,
    Undetermined,
    DoesNotApply,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Applies => "applies",
            Status::Undetermined => "undetermined",
            Status::DoesNotApply => "does_not_apply",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RuleOutcome {
    /// The condition: `Some(b)` when known.
    pub cond: Option<bool>,
    pub effective: Option<bool>,
    /// The exception that superseded or waived the rule, if one certainly held.
    pub overridden_by: Option<u32>,
    /// For `for` rules: the elements for which the condition holds.
    pub elements: Vec<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObligationOutcome {
    pub status: Status,
    /// The strongest rule that decides the outcome (effective, or for an undetermined
    /// obligation, possibly effective).
    pub rule: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub rules: Vec<RuleOutcome>,
    pub obligations: Vec<ObligationOutcome>,
}

/// How strongly a rule binds, to pick an obligation's reported level: a requirement beats a
/// recommendation, then the law beats best practice beats local policy beats a recommendation.
pub fn rank(verb: Verb, level: Level) -> (u8, u8) {
    let v = match verb {
        Verb::Require | Verb::Forbid => 1,
        Verb::Recommend | Verb::Waive => 0,
    };
    let l = match level {
        Level::Required => 3,
        Level::BestPractice => 2,
        Level::Local => 1,
        Level::Recommended => 0,
    };
    (v, l)
}

/// Evaluate every rule and obligation of the program against one case.
pub fn evaluate(prog: &Program, case: &Case, as_of: Instant) -> Outcome {
    let mut ev = Evaluator::new(prog, case, as_of);
    evaluate_with(&mut ev)
}

pub fn evaluate_with(ev: &mut Evaluator<'_>) -> Outcome {
    let prog = ev.prog;
    let mut rules = vec![RuleOutcome::default(); prog.rules.len()];
    for &ri in &prog.rule_order {
        let rule = &prog.rules[ri as usize];
        let mut out = RuleOutcome::default();
        out.cond = match rule.for_each {
            None => ev.eval(rule.cond).truth(),
            Some(coll) => {
                let c = ev.eval(coll);
                match iter_elements(&c) {
                    None => None,
                    Some(items) => {
                        let mut unknown = false;
                        for (i, item) in items.iter().enumerate() {
                            ev.set_local(0, item.clone());
                            match ev.eval(rule.cond) {
                                Value::Bool(true) => out.elements.push(i as u32),
                                Value::Bool(false) => {}
                                _ => unknown = true,
                            }
                        }
                        if !out.elements.is_empty() {
                            Some(true)
                        } else if unknown {
                            None
                        } else {
                            Some(false)
                        }
                    }
                }
            }
        };
        let mut waived = Some(false);
        for &e in &rule.excepted_by {
            let er = &prog.rules[e as usize];
            let eff = rules[e as usize].effective;
            if er.verb == Verb::Waive {
                waived = match (waived, eff) {
                    (Some(true), _) | (_, Some(true)) => Some(true),
                    (Some(false), Some(false)) => Some(false),
                    _ => None,
                };
                if eff == Some(true) && out.overridden_by.is_none() {
                    out.overridden_by = Some(e);
                }
            } else if eff == Some(true) && out.overridden_by.is_none() {
                out.overridden_by = Some(e);
            }
        }
        let superseded = out.overridden_by.is_some_and(|e| prog.rules[e as usize].verb != Verb::Waive);
        out.effective = if superseded {
            Some(false)
        } else {
            match (out.cond, waived) {
                (Some(false), _) | (_, Some(true)) => Some(false),
                (Some(true), Some(false)) => Some(true),
                _ => None,
            }
        };
        rules[ri as usize] = out;
    }
    let obligations = prog
        .obligations
        .iter()
        .map(|o| {
            let mut best_true: Option<u32> = None;
            let mut best_open: Option<u32> = None;
            let better = |cur: Option<u32>, r: u32| match cur {
                None => Some(r),
                Some(c) => {
                    let (a, b) = (&prog.rules[c as usize], &prog.rules[r as usize]);
                    if rank(b.verb, b.level) > rank(a.verb, a.level) { Some(r) } else { Some(c) }
                }
            };
            for &r in &o.rules {
                match rules[r as usize].effective {
                    Some(true) => best_true = better(best_true, r),
                    None => best_open = better(best_open, r),
                    Some(false) => {}
                }
            }
            match (best_true, best_open) {
                (Some(r), _) => ObligationOutcome { status: Status::Applies, rule: Some(r) },
                (None, Some(r)) => ObligationOutcome { status: Status::Undetermined, rule: Some(r) },
                _ => ObligationOutcome { status: Status::DoesNotApply, rule: None },
            }
        })
        .collect();
    Outcome { rules, obligations }
}
