//! The compact result line, for dashboards and audits over many cases:
//!
//! ```json
//! {"line":1,"applies":{"required":["dpia"],"best_practice":["dtac"]},"undetermined":{"required":["nis-incident-report"]}}
//! ```
//!
//! Obligation ids are grouped by the level of the rule that decides them, strongest level
//! first, so `.applies.required` is what the law asks of this case. `applies` and
//! `undetermined` are always written (`{}` when empty); `forbids` (a `forbid` rule applies),
//! `overdue` (an applying duty's earliest dated deadline is before the as-of date) and
//! `lapsed_exceptions` (as in the full line) only when there is something in them. An
//! undetermined duty beside which a weaker rule already applies is listed under both, at each
//! rule's level: the weaker duty holds now, the stronger is still open.

use smallvec::SmallVec;
use ward_syntax::ast::{Level, Verb};

use super::{LineOptions, earliest_due, lapsed_exceptions};
use crate::eval::case::Case;
use crate::eval::eval::Evaluator;
use crate::eval::ir::Program;
use crate::eval::outcome::{Options, Outcome, Status, evaluate_with};
use crate::hir::Instant;

/// Strongest first: the order the groups are written in.
const LEVELS: [Level; 4] = [
    Level::Required,
    Level::BestPractice,
    Level::Recommended,
    Level::Local,
];

/// In the order written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Applies,
    Undetermined,
    Forbids,
}

/// Where an obligation is listed: up to two (group, rule) places.
fn places(prog: &Program, outcome: &Outcome, oi: usize) -> [Option<(Group, u32)>; 2] {
    let oo = outcome.obligations[oi];
    let by_verb = |r: u32| {
        if prog.rules[r as usize].verb == Verb::Forbid {
            Group::Forbids
        } else {
            Group::Applies
        }
    };
    match (oo.status, oo.rule) {
        (Status::Applies, Some(r)) => [Some((by_verb(r), r)), None],
        (Status::Undetermined, Some(r)) => [
            Some((Group::Undetermined, r)),
            oo.applying.map(|a| (by_verb(a), a)),
        ],
        _ => [None, None],
    }
}

pub(super) fn obligations(
    out: &mut String,
    prog: &Program,
    c: &Case,
    as_of: Instant,
    opts: LineOptions,
) {
    let mut ev = Evaluator::new(prog, c, as_of);
    let outcome = evaluate_with(
        &mut ev,
        Options {
            allow_expired: opts.allow_expired,
        },
    );
    // Each place as (group, level) key and obligation; a stable sort by key keeps the library's
    // order within a group. On the stack for any library of up to 512 places.
    let mut placed: SmallVec<[(u8, u32); 512]> = SmallVec::new();
    for oi in 0..prog.obligations.len() {
        for (g, r) in places(prog, &outcome, oi).into_iter().flatten() {
            let level = LEVELS
                .iter()
                .position(|&l| l == prog.rules[r as usize].level)
                .unwrap_or(LEVELS.len() - 1);
            placed.push((g as u8 * LEVELS.len() as u8 + level as u8, oi as u32));
        }
    }
    placed.sort_by_key(|&(k, _)| k);
    let mut rest = &placed[..];
    for g in [Group::Applies, Group::Undetermined, Group::Forbids] {
        let n = rest
            .iter()
            .take_while(|&&(k, _)| k / LEVELS.len() as u8 == g as u8)
            .count();
        let (here, after) = rest.split_at(n);
        rest = after;
        group(out, prog, g, here);
    }
    overdue(out, &mut ev, prog, &outcome, as_of);
    lapsed_exceptions(out, prog, &outcome);
}

/// `,"name":{"level":[ids],…}` from one group's places, sorted by level.
fn group(out: &mut String, prog: &Program, g: Group, placed: &[(u8, u32)]) {
    // `applies` and `undetermined` are always there, so a reader need not test for them.
    if placed.is_empty() && g == Group::Forbids {
        return;
    }
    out.push_str(match g {
        Group::Applies => ",\"applies\":{",
        Group::Undetermined => ",\"undetermined\":{",
        Group::Forbids => ",\"forbids\":{",
    });
    let mut last = None;
    for &(k, oi) in placed {
        if last != Some(k) {
            if last.is_some() {
                out.push_str("],");
            }
            out.push('"');
            out.push_str(LEVELS[(k % LEVELS.len() as u8) as usize].keyword());
            out.push_str("\":[");
            last = Some(k);
        } else {
            out.push(',');
        }
        // Obligation ids are kebab-case by the grammar: nothing in them needs escaping.
        out.push('"');
        out.push_str(&prog.obligations[oi as usize].id);
        out.push('"');
    }
    if last.is_some() {
        out.push(']');
    }
    out.push('}');
}

/// `,"overdue":[ids]` for the duties that apply whose earliest dated deadline has passed.
fn overdue(
    out: &mut String,
    ev: &mut Evaluator<'_>,
    prog: &Program,
    outcome: &Outcome,
    as_of: Instant,
) {
    let mut first = true;
    for (oi, o) in prog.obligations.iter().enumerate() {
        if outcome.obligations[oi].status != Status::Applies {
            continue;
        }
        let Some((Some(date), _)) = earliest_due(ev, prog, oi, outcome) else {
            continue;
        };
        if date.secs >= as_of.secs {
            continue;
        }
        out.push_str(if first { ",\"overdue\":[\"" } else { ",\"" });
        first = false;
        out.push_str(&o.id);
        out.push('"');
    }
    if !first {
        out.push(']');
    }
}
