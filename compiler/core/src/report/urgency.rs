//! Which duties a report puts under *act now*: overdue ones; duties (not mere
//! recommendations) with a clock started by an event (a deadline `within …` of an incident or
//! a letter, a duty per incident, or one due "as soon as possible"); and legally required duties due before a stage the case has
//! already reached ("before the pilot starts" in a pilot). Stages are read from
//! `activity.stages` when the policy declares it; a deadline's event is matched to a stage by
//! the words below, and a deadline that names no stage is never called overdue by guesswork.

use crate::eval::case::Case;
use crate::eval::ir::{DeadlineKind, Program, RuleInfo};
use crate::eval::value::Value;
use ward_syntax::ast::{Level, Verb};

/// Words in a `before "…"` deadline that name a lifecycle stage (by the stage enum's names).
const STAGE_WORDS: &[(&str, &[&str])] = &[
    (
        "problem_identification",
        &["deciding whether", "considering plans"],
    ),
    ("procurement", &["buying", "procure", "due diligence"]),
    (
        "integration",
        &[
            "integrat",
            "testing starts",
            "the activity starts",
            "the processing starts",
            "sharing the data",
            "is disclosed",
            "is shared",
        ],
    ),
    ("pilot", &["pilot"]),
    (
        "live_use",
        &["going live", "deploy", "adopting the technology"],
    ),
    ("decommissioning", &["decommission"]),
    ("development", &["the investigation begins"]),
    (
        "market_placement",
        &["on the market", "supplying the technology", "release"],
    ),
];

/// The stages the case has reached, as indices into the stage enum, with the enum.
pub struct Stages {
    enum_: u32,
    reached: u64,
}

impl Stages {
    pub fn of(prog: &Program, case: &Case) -> Option<Stages> {
        let slot = prog
            .slots
            .iter()
            .position(|s| s.path == "activity.stages")?;
        let crate::eval::ir::RTy::Set(el) = &prog.slots[slot].ty else {
            return None;
        };
        let crate::eval::ir::RTy::Enum(e) = **el else {
            return None;
        };
        match case.slots[slot] {
            Value::EnumSet(mask) => Some(Stages {
                enum_: e,
                reached: mask,
            }),
            _ => None,
        }
    }

    /// The latest stage reached, in the enum's (lifecycle) order.
    fn latest(&self) -> Option<usize> {
        (0..64).rev().find(|i| self.reached & (1u64 << i) != 0)
    }

    /// The deadline text names a stage the case has reached (or passed).
    fn passed(&self, prog: &Program, text: &str) -> bool {
        let Some(latest) = self.latest() else {
            return false;
        };
        let variants = &prog.enums[self.enum_ as usize].variants;
        let text = text.to_lowercase();
        STAGE_WORDS.iter().any(|(stage, words)| {
            variants
                .iter()
                .position(|v| v == stage)
                .is_some_and(|i| i <= latest && words.iter().any(|w| text.contains(w)))
        })
    }
}

/// Why a duty that applies is one to act on now, if it is.
pub fn act_now(
    prog: &Program,
    rule: &RuleInfo,
    overdue: bool,
    dated: bool,
    stages: Option<&Stages>,
) -> Option<&'static str> {
    if overdue {
        return Some("overdue");
    }
    let binding = matches!(rule.verb, Verb::Require | Verb::Forbid);
    let event = rule.deadlines.iter().any(|d| match &d.kind {
        DeadlineKind::Within { .. } => dated,
        DeadlineKind::Stated(_) => d.text.contains("as soon as possible"),
        DeadlineKind::Every { .. } => false,
    });
    // An incident's clock runs whatever the guidance's label: a Yellow Card report is "best
    // practice" in the guidance, and still due as soon as possible.
    let per_event = rule.for_each.is_some() && !rule.deadlines.is_empty();
    if binding && rule.level != Level::Recommended && (event || per_event) {
        return Some("event");
    }
    if binding
        && rule.level == Level::Required
        && let Some(s) = stages
    {
        let before = rule.deadlines.iter().any(|d| {
            matches!(d.kind, DeadlineKind::Stated(_))
                && ["before", "during", "at "]
                    .iter()
                    .any(|w| d.text.starts_with(w))
                && s.passed(prog, &d.text)
        });
        if before {
            return Some("before_stage");
        }
    }
    None
}
