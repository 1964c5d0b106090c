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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct RuleOutcome {
    /// The condition: `Some(b)` when known.
    pub cond: Option<bool>,
    pub effective: Option<bool>,
    /// The exception that superseded or waived the rule, if one certainly held.
    pub overridden_by: Option<u32>,
    /// For `for` rules: where in [`Outcome::elements`] the matching elements are listed.
    pub elements: (u32, u32),
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
    /// For `for` rules, the indices of the elements whose condition holds (see
    /// [`RuleOutcome::elements`]).
    pub elements: Vec<u32>,
}

impl Outcome {
    /// The elements of a `for` rule's collection for which its condition holds.
    pub fn elements_of(&self, rule: u32) -> &[u32] {
        let (start, len) = self.rules[rule as usize].elements;
        &self.elements[start as usize..(start + len) as usize]
    }
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
    let mut elements = Vec::new();
    for &ri in &prog.rule_order {
        let rule = &prog.rules[ri as usize];
        let mut out = RuleOutcome::default();
        out.cond = match rule.for_each {
            None => ev.truth(rule.cond),
            Some(coll) => {
                let c = ev.eval(coll);
                match iter_elements(&c) {
                    None => None,
                    Some(items) => {
                        let mut unknown = false;
                        let start = elements.len();
                        for (i, item) in items.iter().enumerate() {
                            ev.set_local(0, item.clone());
                            match ev.truth(rule.cond) {
                                Some(true) => elements.push(i as u32),
                                Some(false) => {}
                                None => unknown = true,
                            }
                        }
                        out.elements = (start as u32, (elements.len() - start) as u32);
                        if elements.len() > start {
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
        if rule.excepted_by.is_empty() {
            out.effective = out.cond;
            rules[ri as usize] = out;
            continue;
        }
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
        let superseded = out
            .overridden_by
            .is_some_and(|e| prog.rules[e as usize].verb != Verb::Waive);
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
    // Each obligation's rules are sorted strongest first (at lowering), so the first effective
    // one decides the level, and the first open one the level of an undetermined outcome.
    let obligations = prog
        .obligations
        .iter()
        .map(|o| {
            let mut open = None;
            for &r in &o.rules {
                match rules[r as usize].effective {
                    Some(true) => {
                        return ObligationOutcome {
                            status: Status::Applies,
                            rule: Some(r),
                        };
                    }
                    None if open.is_none() => open = Some(r),
                    _ => {}
                }
            }
            match open {
                Some(r) => ObligationOutcome {
                    status: Status::Undetermined,
                    rule: Some(r),
                },
                None => ObligationOutcome {
                    status: Status::DoesNotApply,
                    rule: None,
                },
            }
        })
        .collect();
    Outcome {
        rules,
        obligations,
        elements,
    }
}
