//! Legal duties beyond the guidance's stated coverage. Most data-protection sections of the
//! guidance (and its cyber security section) declare coverage of England only, though the
//! law they describe (the UK GDPR, the Data Protection Act 2018, the NIS Regulations) is
//! UK-wide. For a case in Wales, Scotland or Northern Ireland those duties are not reported
//! as applying — the guidance does not say so — but a report must not hide them in a note:
//! they are listed in the body, at their level, marked as beyond the guidance's coverage.
//!
//! Which notes say the law is UK-wide is read from the source's own `note` (it says
//! "UK-wide" or "across the UK"); a note that says the law itself is England's (CQC) keeps
//! its duties in the coverage note only.

use serde::Serialize;

use super::{ObligationEntry, citation_entry, level_str, origin_of, verb_str};
use crate::eval::coverage::CoverageNote;
use crate::eval::explain::Explainer;
use crate::eval::ir::Program;
use crate::eval::outcome::Outcome;
use ward_syntax::ast::Level;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BeyondCoverage {
    /// The case's nation.
    pub nation: String,
    /// The nations the cited guidance declares it covers.
    pub covers: Vec<String>,
    /// Why the law still applies: the source's note.
    pub note: String,
    /// The duty, as it would be reported where the guidance covers (status `does_not_apply`
    /// here, with its `why_not`).
    pub obligation: ObligationEntry,
}

/// The note says the law it describes applies across the UK.
pub fn uk_wide(note: &str) -> bool {
    note.contains("UK-wide") || note.contains("across the UK")
}

/// The legally required duties of UK-wide-law notes that the case's nation put outside the
/// guidance's coverage.
pub fn beyond_coverage(
    prog: &Program,
    notes: &[CoverageNote],
    ex: &mut Explainer<'_>,
    outcome: &Outcome,
) -> Vec<BeyondCoverage> {
    let mut out: Vec<BeyondCoverage> = Vec::new();
    for n in notes.iter().filter(|n| uk_wide(&n.note)) {
        for &oi in &n.outside {
            let o = &prog.obligations[oi as usize];
            let Some(&strongest) = o.rules.first() else {
                continue;
            };
            let r = &prog.rules[strongest as usize];
            if r.level != Level::Required || out.iter().any(|b| b.obligation.id == o.id) {
                continue;
            }
            let mut citations = Vec::new();
            for c in &r.citations {
                let e = citation_entry(prog, c);
                if !citations.contains(&e) {
                    citations.push(e);
                }
            }
            let deadlines: Vec<String> = r.deadlines.iter().map(|d| d.text.clone()).collect();
            let entry = ObligationEntry {
                id: o.id.clone(),
                status: "does_not_apply",
                level: level_str(r.level),
                title: o.title.clone(),
                held_by: o.held_by.clone(),
                verb: verb_str(r.verb),
                due: deadlines.first().cloned(),
                overdue: None,
                deadlines: vec![],
                rules: vec![r.name.clone()],
                citations,
                because: vec![],
                missing: vec![],
                questions: vec![],
                superseded: vec![],
                also_applies: vec![],
                lapsed_exceptions: vec![],
                source: origin_of(prog, r.module),
                why_not: Some(super::explain::why_not(ex, outcome, oi as usize)),
                act_now: None,
            };
            out.push(BeyondCoverage {
                nation: n.nation.clone(),
                covers: n.covers.clone(),
                note: n.note.clone(),
                obligation: entry,
            });
        }
    }
    out
}
