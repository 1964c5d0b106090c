//! From rule conditions to obligation outcomes: exceptions, supersession and levels.
//!
//! A rule's *effective* value is its condition, unless an exception overrides it:
//! * a `waive` exception that holds sets the rule aside; one that is unknown makes the rule
//!   unknown (we cannot say whether the duty was waived);
//! * any other exception (a stronger or different form of the duty) supersedes the rule only
//!   when it certainly holds; while it is unknown the general rule still stands, so "consider
//!   a DPIA" applies even when we cannot yet tell whether a DPIA is required by law.
//!
//! A local exception whose `review` date has passed (as at the evaluation date) has *lapsed*:
//! it neither waives nor supersedes, so the duty it set aside returns, unless the caller asks
//! for lapsed exceptions to be honoured ([`Options::allow_expired`]).
//!
//! An obligation's outcome is the strongest thing that can be said about it. Its rules are
//! ranked (the law above best practice above local policy above a recommendation; see
//! [`rank`]): it *applies* when an effective rule ranks at least as high as every rule that
//! might still be effective; it is *undetermined* when a stronger rule might be effective,
//! even if a weaker one applies (which is then reported beside it), so a weaker local rule
//! never stands in for an undetermined legal duty; and it does not apply otherwise.

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
    /// A lapsed exception that would have waived or superseded this rule (it certainly held),
    /// but was not applied because its review date has passed.
    pub lapsed_by: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObligationOutcome {
    pub status: Status,
    /// The strongest rule that decides the outcome: the effective rule for an obligation that
    /// applies; the strongest rule that might be effective for an undetermined one.
    pub rule: Option<u32>,
    /// For an undetermined obligation: the strongest rule that certainly applies, weaker than
    /// [`ObligationOutcome::rule`] (a local recommendation beside an undetermined legal duty).
    pub applying: Option<u32>,
}

/// How an evaluation treats what the policy alone does not settle.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Honour local exceptions whose review date has passed (`ward eval --allow-expired`).
    /// Off by default: a lapsed exception no longer sets anything aside.
    pub allow_expired: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub rules: Vec<RuleOutcome>,
    pub obligations: Vec<ObligationOutcome>,
    /// For `for` rules, the indices of the elements whose condition holds (see
    /// [`RuleOutcome::elements`]).
    pub elements: Vec<u32>,
    /// The exceptions (rule indices) whose review date had passed as at the evaluation date,
    /// whether or not they were honoured.
    pub lapsed: Vec<u32>,
    /// The options the case was evaluated with.
    pub options: Options,
}

impl Outcome {
    /// The elements of a `for` rule's collection for which its condition holds.
    pub fn elements_of(&self, rule: u32) -> &[u32] {
        let (start, len) = self.rules[rule as usize].elements;
        &self.elements[start as usize..(start + len) as usize]
    }

    /// Whether the exception `rule` was applied in this evaluation: it has not lapsed, or
    /// lapsed exceptions were honoured.
    pub fn honours(&self, rule: u32) -> bool {
        self.options.allow_expired || !self.lapsed.contains(&rule)
    }

    /// The rules that leave an undetermined obligation open: those that might be effective and
    /// rank above every rule that certainly applies. Their missing facts are what would decide
    /// it; a weaker rule that might be effective changes nothing once a stronger one applies.
    pub fn open_rules(&self, prog: &Program, obligation: usize) -> Vec<u32> {
        let oo = self.obligations[obligation];
        let floor = oo.applying.map(|a| prog.rules[a as usize].rank);
        prog.obligations[obligation]
            .rules
            .iter()
            .copied()
            .filter(|&r| {
                self.rules[r as usize].effective.is_none()
                    && floor.is_none_or(|f| prog.rules[r as usize].rank > f)
            })
            .collect()
    }

    /// The rules of an obligation that certainly apply, strongest first.
    pub fn applying_rules(&self, prog: &Program, obligation: usize) -> Vec<u32> {
        prog.obligations[obligation]
            .rules
            .iter()
            .copied()
            .filter(|&r| self.rules[r as usize].effective == Some(true))
            .collect()
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

/// Evaluate every rule and obligation of the program against one case (lapsed exceptions are
/// not honoured).
pub fn evaluate(prog: &Program, case: &Case, as_of: Instant) -> Outcome {
    evaluate_opts(prog, case, as_of, Options::default())
}

pub fn evaluate_opts(prog: &Program, case: &Case, as_of: Instant, options: Options) -> Outcome {
    let mut ev = Evaluator::new(prog, case, as_of);
    evaluate_with(&mut ev, options)
}

/// Evaluate with an evaluator the caller keeps (its derived values and defaults stay computed).
pub fn evaluate_with(ev: &mut Evaluator<'_>, options: Options) -> Outcome {
    let prog = ev.prog;
    let today = ev.today;
    // Exceptions whose review date has passed, found as their targets are evaluated (every
    // exception has one), so a program without review dates pays nothing.
    let mut lapsed: Vec<u32> = Vec::new();
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
            if er
                .review_at
                .is_some_and(|d| crate::review::lapsed(d, today))
            {
                if !lapsed.contains(&e) {
                    lapsed.push(e);
                }
                // A lapsed exception sets nothing aside (unless honoured on request, then it
                // is applied like any other below); say which one would have.
                if !options.allow_expired {
                    if eff == Some(true) && out.lapsed_by.is_none() {
                        out.lapsed_by = Some(e);
                    }
                    continue;
                }
            }
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
    let obligations = prog
        .obligations
        .iter()
        .map(|o| decide(prog, &o.rules, &rules))
        .collect();
    // In program order, as reports list them.
    lapsed.sort_unstable();
    Outcome {
        rules,
        obligations,
        elements,
        lapsed,
        options,
    }
}

/// An obligation's outcome from its rules (sorted strongest first at lowering): the strongest
/// rule that might be effective sets the level; if it is only possibly effective and no rule
/// of the same rank certainly is, the obligation is undetermined at that level, with the
/// strongest weaker rule that does apply kept beside it.
fn decide(prog: &Program, order: &[u32], rules: &[RuleOutcome]) -> ObligationOutcome {
    let mut open: Option<u32> = None;
    for &r in order {
        match rules[r as usize].effective {
            Some(true) => {
                return match open {
                    Some(o) if prog.rules[o as usize].rank > prog.rules[r as usize].rank => {
                        ObligationOutcome {
                            status: Status::Undetermined,
                            rule: Some(o),
                            applying: Some(r),
                        }
                    }
                    _ => ObligationOutcome {
                        status: Status::Applies,
                        rule: Some(r),
                        applying: None,
                    },
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
            applying: None,
        },
        None => ObligationOutcome {
            status: Status::DoesNotApply,
            rule: None,
            applying: None,
        },
    }
}
