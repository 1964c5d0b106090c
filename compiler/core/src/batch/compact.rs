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
    group(out, prog, &outcome, Group::Applies, "applies", true);
    group(
        out,
        prog,
        &outcome,
        Group::Undetermined,
        "undetermined",
        true,
    );
    group(out, prog, &outcome, Group::Forbids, "forbids", false);
    overdue(out, &mut ev, prog, &outcome, as_of);
    lapsed_exceptions(out, prog, &outcome);
}

/// `,"name":{"level":[ids],…}`; a pass over the obligations per level keeps the line free of
/// allocation (there are a few hundred obligations, and each test is two loads).
fn group(
    out: &mut String,
    prog: &Program,
    outcome: &Outcome,
    which: Group,
    name: &str,
    always: bool,
) {
    let mut opened = false;
    if always {
        open(out, name);
        opened = true;
    }
    let mut any_level = false;
    for level in LEVELS {
        let mut first = true;
        for (oi, o) in prog.obligations.iter().enumerate() {
            let here = places(prog, outcome, oi)
                .into_iter()
                .flatten()
                .any(|(g, r)| g == which && prog.rules[r as usize].level == level);
            if !here {
                continue;
            }
            if !opened {
                open(out, name);
                opened = true;
            }
            if first {
                if any_level {
                    out.push(',');
                }
                out.push('"');
                out.push_str(level.keyword());
                out.push_str("\":[");
                first = false;
                any_level = true;
            } else {
                out.push(',');
            }
            // Obligation ids are kebab-case by the grammar: nothing in them needs escaping.
            out.push('"');
            out.push_str(&o.id);
            out.push('"');
        }
        if !first {
            out.push(']');
        }
    }
    if opened {
        out.push('}');
    }
}

fn open(out: &mut String, name: &str) {
    out.push_str(",\"");
    out.push_str(name);
    out.push_str("\":{");
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
