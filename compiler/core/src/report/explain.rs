//! `ward explain CASE OBLIGATION`: why one duty applies, does not apply, or is undetermined.
//! The obligation's report entry (status, level, holder, due date, missing facts) comes from
//! [`super::build`], and every rule that concludes about it is traced ([`super::trace`]), so
//! the explanation says exactly what the report says, at length.

use serde::Serialize;

use super::trace::{self, RuleTrace};
use super::{Meta, ObligationEntry, Report, StdlibEntry};
use crate::eval::case::Case;
use crate::eval::explain::Explainer;
use crate::eval::ir::Program;
use crate::eval::outcome::Outcome;
use crate::hir::Instant;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Explanation {
    pub ward_version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stdlib: Option<StdlibEntry>,
    pub as_of: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The obligation as the report shows it (with `why_not` when it does not apply).
    pub obligation: ObligationEntry,
    /// What the obligation is, as its declaration documents it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub doc: String,
    /// One sentence: the outcome and what decided it.
    pub summary: String,
    /// Every rule that concludes about it, strongest first.
    pub rules: Vec<RuleTrace>,
}

/// What went wrong looking an obligation up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownObligation {
    pub id: String,
    /// The closest id, if one is close.
    pub suggestion: Option<String>,
}

/// Explain obligation `id` in an evaluated case. `report` must have been built with
/// `include_all` (so the entry is there whatever its status).
pub fn explain(
    prog: &Program,
    case: &Case,
    as_of: Instant,
    outcome: &Outcome,
    report: &Report,
    id: &str,
) -> Result<Explanation, UnknownObligation> {
    let Some(oi) = prog.obligation_by_id(id) else {
        let ids = prog.obligations.iter().map(|o| o.id.as_str());
        return Err(UnknownObligation {
            id: id.to_string(),
            suggestion: crate::diagnostic::did_you_mean(id, ids).map(str::to_string),
        });
    };
    let o = &prog.obligations[oi];
    let entry = report
        .obligations
        .iter()
        .find(|e| e.id == o.id)
        .cloned()
        .ok_or_else(|| UnknownObligation {
            id: id.to_string(),
            suggestion: None,
        })?;
    let mut ex = Explainer::new(prog, case, as_of);
    let rules: Vec<RuleTrace> = o
        .rules
        .iter()
        .map(|&r| trace::rule(&mut ex, outcome, r))
        .collect();
    let summary = summary(&entry, &rules);
    Ok(Explanation {
        ward_version: report.ward_version.clone(),
        stdlib: report.stdlib.clone(),
        as_of: report.as_of.clone(),
        meta: report.meta.clone(),
        obligation: entry,
        doc: o.doc.clone(),
        summary,
        rules,
    })
}

fn summary(e: &ObligationEntry, rules: &[RuleTrace]) -> String {
    let level = super::words::level_words(e.level);
    match e.status {
        "applies" => {
            let by = rules
                .iter()
                .find(|r| r.effective == "true")
                .map(|r| r.rule.as_str())
                .unwrap_or("");
            format!("Applies ({level}): rule {by} holds and nothing sets it aside.")
        }
        "undetermined" => {
            let first = e
                .questions
                .first()
                .map(|q| format!(" Answer first: {} ({}).", q.fact, q.ask))
                .unwrap_or_default();
            format!(
                "Undetermined ({level}): {} the case leaves unknown.{first}",
                match e.missing.len() {
                    1 => "it turns on 1 fact".to_string(),
                    n => format!("it turns on {n} facts"),
                }
            )
        }
        _ => match &e.why_not {
            Some(w) => format!("Does not apply: {w}."),
            None => "Does not apply: no rule concludes it.".into(),
        },
    }
}

/// The short reason an obligation that does not apply gives in the report (`why_not`): the
/// strongest rule's first decisive false condition, and how many other rules also fail.
pub fn why_not(ex: &mut Explainer<'_>, outcome: &Outcome, obligation: usize) -> String {
    let prog = ex.ev.prog;
    let rules = &prog.obligations[obligation].rules;
    let Some(&first) = rules.first() else {
        return "no rule in this policy concludes it".into();
    };
    let t = trace::rule(ex, outcome, first);
    let mut out = trace::why_not_rule(&t);
    match rules.len() {
        1 => {}
        2 => out.push_str(" (1 other rule does not hold either)"),
        n => out.push_str(&format!(" ({} other rules do not hold either)", n - 1)),
    }
    out
}
