//! Deadlines and periods, computed against the evaluation date.
//!
//! `within 72 hours of incident.aware_at` becomes a date once the anchor is known (for a
//! `for` rule, once per matching element: the earliest is the one that matters);
//! `every 12 months from status.pen_test` becomes the next due date; `before "…"` names an
//! event Ward cannot date. A due date before `--as-of` is overdue.

use super::eval::{Evaluator, iter_elements};
use super::ir::{DeadlineKind, Program};
use super::outcome::Outcome;
use super::value::Value;
use crate::hir::Instant;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    /// As written in the rule: `within 72 hours of incident.aware_at`.
    pub text: String,
    pub date: Option<Instant>,
    pub overdue: bool,
    /// The anchor and period are known, but the date falls after `time::LAST_DATE`.
    pub beyond_range: bool,
}

/// The deadlines of one effective rule.
pub fn rule_deadlines(
    ev: &mut Evaluator<'_>,
    prog: &Program,
    rule: u32,
    outcome: &Outcome,
) -> Vec<Due> {
    let r = &prog.rules[rule as usize];
    let mut out = Vec::new();
    for d in &r.deadlines {
        let mut dates = Vec::new();
        let mut beyond = false;
        let mut compute = |ev: &mut Evaluator<'_>| -> Option<Instant> {
            let (at, p) = match &d.kind {
                DeadlineKind::Stated(_) | DeadlineKind::Every { from: None, .. } => return None,
                DeadlineKind::Within { period, anchor } => (ev.eval(*anchor), ev.eval(*period)),
                DeadlineKind::Every {
                    period,
                    from: Some(from),
                } => (ev.eval(*from), ev.eval(*period)),
            };
            let (Value::Date(at), Value::Dur(p)) = (at, p) else {
                return None;
            };
            let due = crate::time::shift(at, p, 1);
            beyond |= due.is_none();
            due
        };
        match r.for_each {
            None => dates.extend(compute(ev)),
            Some(coll) => {
                let c = ev.eval(coll);
                if let Some(items) = iter_elements(&c) {
                    for &i in outcome.elements_of(rule) {
                        if let Some(item) = items.get(i as usize) {
                            ev.set_local(0, item.clone());
                            dates.extend(compute(ev));
                        }
                    }
                }
            }
        }
        let date = dates.into_iter().min_by_key(|d| d.secs);
        let overdue = date.is_some_and(|d| d.secs < ev.today.secs);
        out.push(Due {
            text: d.text.clone(),
            date,
            overdue,
            beyond_range: date.is_none() && beyond,
        });
    }
    out
}
