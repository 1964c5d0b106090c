//! Review dates of local exceptions: when an exception lapses, the warning `ward check` gives
//! before it does, and the list `ward exceptions` prints.
//!
//! A local exception sets national guidance aside only until its `review` date. On the day
//! after it, the exception lapses: evaluation stops applying it and the duty it set aside
//! returns (unless the caller explicitly honours lapsed exceptions). One predicate decides
//! this for the evaluator, the report, the checker and the listing, so they never disagree.
//!
//! The compiler never reads the clock: "today" reaches the checker as the workspace's `today`
//! input, which the CLI (or the language server) sets, and evaluation uses its as-of date.

use serde::Serialize;
use ward_syntax::ast::{self, ItemKind, RuleClauseKind};

use crate::db::{Db, OriginKind, SourceFile, Workspace};
use crate::diagnostic::Diagnostic;
use crate::eval::ir::Program;
use crate::hir::Instant;
use crate::modules::module_index;
use crate::time::format_instant;

/// How many days before its review date an exception is reported as due for review.
pub const NOTICE_DAYS: i64 = 30;

/// Where an exception stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// In force, and the review date is more than [`NOTICE_DAYS`] away.
    Active,
    /// In force, with the review date within [`NOTICE_DAYS`] (or today).
    DueSoon,
    /// The review date has passed: the exception no longer applies.
    Lapsed,
}

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Active => "active",
            ReviewState::DueSoon => "due_soon",
            ReviewState::Lapsed => "lapsed",
        }
    }
}

/// The UTC calendar day of an instant.
fn day(i: Instant) -> i64 {
    i.secs.div_euclid(86_400)
}

/// Days from `today` to `review` (negative once it has passed).
pub fn days_left(review: Instant, today: Instant) -> i64 {
    day(review) - day(today)
}

/// Has an exception reviewed on `review` lapsed as at `as_of`? It stands through the whole of
/// its review day and lapses on the day after.
pub fn lapsed(review: Instant, as_of: Instant) -> bool {
    days_left(review, as_of) < 0
}

pub fn state(review: Instant, today: Instant) -> ReviewState {
    match days_left(review, today) {
        d if d < 0 => ReviewState::Lapsed,
        d if d <= NOTICE_DAYS => ReviewState::DueSoon,
        _ => ReviewState::Active,
    }
}

/// Warnings on the `review` date of every local exception that is due for review within
/// [`NOTICE_DAYS`] of the workspace's `today`, or has lapsed. Nothing when `today` is unset.
#[salsa::tracked(returns(ref))]
pub fn review_diagnostics(db: &dyn Db, ws: Workspace) -> Vec<(SourceFile, Diagnostic)> {
    let Some(today) = *ws.today(db) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for &f in module_index(db, ws).modules.values() {
        if f.origin(db).kind == OriginKind::Stdlib {
            continue;
        }
        for item in &crate::parsed(db, f).module.items {
            let ItemKind::Rule(r) = &item.kind else {
                continue;
            };
            if let Some(d) = review_warning(r, today) {
                out.push((f, d));
            }
        }
    }
    out
}

fn review_warning(r: &ast::RuleDecl, today: Instant) -> Option<Diagnostic> {
    let is_exception = r
        .clauses
        .iter()
        .any(|c| matches!(c.kind, RuleClauseKind::Exception(_)));
    let date = r.clauses.iter().find_map(|c| match &c.kind {
        RuleClauseKind::Review(d) => Some(d),
        _ => None,
    })?;
    if !is_exception {
        return None;
    }
    let review = crate::time::parse_instant(&date.text)?;
    let name = &r.name.text;
    let text = format_instant(review);
    Some(match state(review, today) {
        ReviewState::Active => return None,
        ReviewState::DueSoon => {
            let left = days_left(review, today);
            let when = match left {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                n => format!("in {n} days"),
            };
            Diagnostic::warning(
                "ward::review-due",
                date.span,
                format!("local exception `{name}` is due for review {when} ({text})"),
            )
            .label("review date within 30 days")
            .help(format!(
                "review the exception and set a new `review` date; from the day after {text}, `ward eval` no longer applies it and the duty it sets aside is reported again"
            ))
        }
        ReviewState::Lapsed => Diagnostic::warning(
            "ward::review-lapsed",
            date.span,
            format!("local exception `{name}` lapsed: its review date {text} has passed"),
        )
        .label("review date passed")
        .help(
            "`ward eval` no longer applies a lapsed exception: the duty it set aside is reported again (unless `--allow-expired`); review it and set a new `review` date, or remove it",
        ),
    })
}

/// One local exception, as `ward exceptions` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExceptionEntry {
    /// `trust.governance.esf_covered_by_nice_guidance`
    pub rule: String,
    /// The rules it sets aside or supersedes, qualified.
    pub excepts: Vec<String>,
    /// The obligation the exception concludes about.
    pub obligation: String,
    /// `waive` (sets the rule aside) or the verb of the stronger form that supersedes it.
    pub verb: &'static str,
    pub justification: String,
    pub review: String,
    pub state: ReviewState,
    /// Days from the as-of date to the review date (negative once lapsed).
    pub days_left: i64,
    pub package: String,
    pub version: String,
    /// `local` (the package being checked) or `package` (a dependency).
    pub origin: &'static str,
}

/// Every exception outside the national library, in program order, with its state as at
/// `today`.
pub fn list(prog: &Program, today: Instant) -> Vec<ExceptionEntry> {
    let mut out = Vec::new();
    for (ri, r) in prog.rules.iter().enumerate() {
        let m = &prog.modules[r.module as usize];
        if m.origin == OriginKind::Stdlib {
            continue;
        }
        let excepts: Vec<String> = prog
            .rules
            .iter()
            .filter(|t| t.excepted_by.contains(&(ri as u32)))
            .map(|t| t.name.clone())
            .collect();
        if excepts.is_empty() {
            continue;
        }
        // A local exception always has a valid review date (the checker insists); a program
        // built otherwise lists it as lapsed rather than as in force.
        let (state, left) = match r.review_at {
            Some(d) => (state(d, today), days_left(d, today)),
            None => (ReviewState::Lapsed, 0),
        };
        out.push(ExceptionEntry {
            rule: r.name.clone(),
            excepts,
            obligation: prog.obligations[r.obligation as usize].id.clone(),
            verb: r.verb.keyword(),
            justification: r.justification.clone().unwrap_or_default(),
            review: r.review.clone().unwrap_or_default(),
            state,
            days_left: left,
            package: m.package.clone(),
            version: m.version.clone(),
            origin: match m.origin {
                OriginKind::Root => "local",
                _ => "package",
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    fn d(s: &str) -> Instant {
        parse_instant(s).unwrap()
    }

    #[test]
    fn an_exception_stands_through_its_review_day_and_lapses_after() {
        let review = d("2027-03-31");
        assert!(!lapsed(review, d("2027-03-31")));
        assert!(!lapsed(review, d("2027-03-31T23:59:59Z")));
        assert!(lapsed(review, d("2027-04-01")));
        assert_eq!(state(review, d("2027-03-01")), ReviewState::DueSoon);
        assert_eq!(state(review, d("2027-02-28")), ReviewState::Active);
        assert_eq!(state(review, d("2027-03-31")), ReviewState::DueSoon);
        assert_eq!(state(review, d("2027-04-01")), ReviewState::Lapsed);
        assert_eq!(days_left(review, d("2027-03-01")), 30);
    }
}
