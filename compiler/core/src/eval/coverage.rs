//! Coverage notes: a case outside the nations a cited section declares.
//!
//! Most data-protection sections of the guidance declare coverage of England only, though
//! the law they describe is UK-wide. Rather than silently report nothing for a Scottish
//! case, Ward asks, for each cited section that does not cover the case's nation, whether
//! its rules would (or might) apply were the nation unknown, and says so.

use super::case::Case;
use super::eval::Evaluator;
use super::ir::Program;
use super::outcome::Outcome;
use super::value::Value;
use crate::hir::Instant;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverageNote {
    /// The case's jurisdiction value (`scotland`).
    pub nation: String,
    /// The sections (source indices) this note is about.
    pub sources: Vec<u32>,
    /// What those sections declare they cover.
    pub covers: Vec<String>,
    /// Obligations from those sections that apply anyway (the text names the nation).
    pub applied: Vec<u32>,
    /// Obligations from those sections that would apply, all else equal, in a nation the
    /// section covers.
    pub outside: Vec<u32>,
    pub note: String,
}

pub fn coverage_notes(
    prog: &Program,
    case: &Case,
    as_of: Instant,
    outcome: &Outcome,
) -> Vec<CoverageNote> {
    let Some((slot, en)) = prog.jurisdiction else {
        return vec![];
    };
    let Value::Enum(nation) = case.slots[slot as usize] else {
        return vec![];
    };
    let nation_name = prog.enums[en as usize].variants[nation as usize].clone();
    // The whole program again as if the case were in each covered nation: what would apply
    // there. Computed once per covered nation that some excluded section needs.
    let mut elsewhere: Vec<(u16, super::outcome::Outcome)> = Vec::new();

    // Group by (covers, note text) so twenty data-protection sections make one note.
    let mut notes: Vec<CoverageNote> = Vec::new();
    for (si, s) in prog.sources.iter().enumerate() {
        if s.covers.is_empty() || s.covers_mask & (1u64 << nation) != 0 {
            continue;
        }
        let mut applied = Vec::new();
        let mut outside = Vec::new();
        for (ri, r) in prog.rules.iter().enumerate() {
            if !r.citations.iter().any(|c| c.source as usize == si)
                || r.verb == ward_syntax::ast::Verb::Waive
            {
                continue;
            }
            let o = r.obligation;
            if outcome.rules[ri].effective == Some(true) {
                if !applied.contains(&o) {
                    applied.push(o);
                }
                continue;
            }
            let covered: Vec<u16> = (0..64u16)
                .filter(|i| s.covers_mask & (1u64 << i) != 0)
                .collect();
            let mut would = false;
            for &i in &covered {
                let k = match elsewhere.iter().position(|(n, _)| *n == i) {
                    Some(k) => k,
                    None => {
                        let mut ev = Evaluator::with_slot(prog, case, as_of, slot, Value::Enum(i));
                        elsewhere
                            .push((i, super::outcome::evaluate_with(&mut ev, outcome.options)));
                        elsewhere.len() - 1
                    }
                };
                if elsewhere[k].1.rules[ri].effective == Some(true) {
                    would = true;
                    break;
                }
            }
            let status = outcome.obligations[o as usize].status;
            if would && status != super::outcome::Status::Applies && !outside.contains(&o) {
                outside.push(o);
            }
        }
        if applied.is_empty() && outside.is_empty() {
            continue;
        }
        let note = s.note.clone().unwrap_or_else(|| {
            format!(
                "This section of the guidance declares coverage of {}; the case is in {nation_name}.",
                s.covers.join(", ")
            )
        });
        match notes
            .iter_mut()
            .find(|n| n.note == note && n.covers == s.covers)
        {
            Some(n) => {
                n.sources.push(si as u32);
                for o in applied {
                    if !n.applied.contains(&o) {
                        n.applied.push(o);
                    }
                }
                for o in outside {
                    if !n.outside.contains(&o) {
                        n.outside.push(o);
                    }
                }
            }
            None => notes.push(CoverageNote {
                nation: nation_name.clone(),
                sources: vec![si as u32],
                covers: s.covers.clone(),
                applied,
                outside,
                note,
            }),
        }
    }
    notes
}
