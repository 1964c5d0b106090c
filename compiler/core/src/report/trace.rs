//! Why one rule holds, does not, or may: each condition as written with its value and the
//! facts it read, the defaults used, the exceptions and whether each held, the deadlines and
//! how they were computed. Built on the explainer (`eval::explain`), which re-walks the
//! lowered program with the evaluator's semantics: `ward explain` and the report's `why_not`
//! both read this one trace, so they cannot disagree with each other or with the outcome.

use serde::Serialize;
use ward_syntax::ast::Verb;

use super::words::{facts_words, readable_facts};
use super::{
    CitationEntry, FactEntry, OriginEntry, citation_entry, origin_of, path_type, value_json,
};
use crate::eval::eval::{Evaluator, iter_elements};
use crate::eval::explain::{Explainer, FactPath, Step, Why};
use crate::eval::fact_path::path_text;
use crate::eval::ir::{DeadlineKind, Program};
use crate::eval::outcome::Outcome;
use crate::eval::value::Value;
use crate::time::{format_instant, format_period};

/// At most this many elements of a `for` rule's collection are traced one by one.
pub const ELEMENT_LIMIT: usize = 20;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ConditionTrace {
    /// As written in the rule (canonical form).
    pub text: String,
    /// `true`, `false` or `unknown`.
    pub value: &'static str,
    /// The facts it read, with their values (unknown ones are the missing facts).
    pub facts: Vec<FactEntry>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ElementTrace {
    /// `incidents[0]`
    pub element: String,
    pub value: &'static str,
    pub conditions: Vec<ConditionTrace>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ExceptionTrace {
    pub rule: String,
    /// `waives` (sets the rule aside) or `supersedes` (a stronger or other form applies).
    pub effect: &'static str,
    /// Whether its condition holds: `true`, `false` or `unknown`.
    pub holds: &'static str,
    /// Whether it set the rule aside in this evaluation.
    pub fired: bool,
    /// Past its review date (and so not applied, unless lapsed exceptions are honoured).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub lapsed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<String>,
    pub conditions: Vec<ConditionTrace>,
    pub source: OriginEntry,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DeadlineTrace {
    /// As written: `within 72 hours of incident.aware_at`.
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overdue: bool,
    /// How the date was reached: `2026-11-20T08:00:00Z + 72 hours`, one per element.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub computed: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RuleTrace {
    pub rule: String,
    pub level: &'static str,
    pub verb: &'static str,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub doc: String,
    /// Whether the condition holds: `true`, `false` or `unknown`.
    pub holds: &'static str,
    /// Whether the rule concludes (holds and is not set aside): `true`, `false`, `unknown`.
    pub effective: &'static str,
    /// `x in xs` for a `for` rule; its elements are then traced one by one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub for_each: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<ElementTrace>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionTrace>,
    /// Fields the case left out whose `default` was used.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub defaults: Vec<FactEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<ExceptionTrace>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deadlines: Vec<DeadlineTrace>,
    pub citations: Vec<CitationEntry>,
    pub source: OriginEntry,
}

pub fn tri(v: &Value) -> &'static str {
    match v {
        Value::Bool(true) => "true",
        Value::Bool(false) => "false",
        _ => "unknown",
    }
}

fn facts_of(prog: &Program, why: &Why) -> Vec<FactEntry> {
    let mut out: Vec<FactEntry> = Vec::new();
    for read in &why.reads {
        let fe = FactEntry {
            fact: path_text(prog, &read.path),
            value: value_json(prog, path_type(prog, &read.path), &read.value),
            default: read.defaulted,
        };
        if !out.iter().any(|f| f.fact == fe.fact) {
            out.push(fe);
        }
    }
    out
}

/// Each condition of `rule`, explained with whatever locals are bound.
fn conditions(ex: &mut Explainer<'_>, rule: u32) -> Vec<ConditionTrace> {
    let prog = ex.ev.prog;
    prog.rules[rule as usize]
        .conditions
        .iter()
        .map(|c| {
            let why = ex.explain(c.node);
            ConditionTrace {
                text: c.text.clone(),
                value: tri(&why.value),
                facts: facts_of(prog, &why),
            }
        })
        .collect()
}

/// The conditions of a rule, per element for a `for` rule (at most [`ELEMENT_LIMIT`]).
fn rule_conditions(
    ex: &mut Explainer<'_>,
    rule: u32,
) -> (Vec<ConditionTrace>, Vec<ElementTrace>, Value) {
    let prog = ex.ev.prog;
    let r = &prog.rules[rule as usize];
    let Some(coll) = r.for_each else {
        let cs = conditions(ex, rule);
        let holds = ex.rule_condition(rule).value;
        return (cs, vec![], holds);
    };
    let c = ex.explain(coll);
    let holds = ex.rule_condition(rule).value;
    let Some(items) = iter_elements(&c.value) else {
        // The collection itself is unknown: that is the condition to show.
        let text = r.for_text.clone().unwrap_or_default();
        let cond = ConditionTrace {
            text,
            value: "unknown",
            facts: facts_of(prog, &c),
        };
        return (vec![cond], vec![], holds);
    };
    let mut elements = Vec::new();
    for (i, it) in items.iter().enumerate().take(ELEMENT_LIMIT) {
        let at = c.at.clone().map(|mut p: FactPath| {
            p.steps.push(Step::Index(i as u32));
            p
        });
        let name = at
            .as_ref()
            .map(|p| path_text(prog, p))
            .unwrap_or_else(|| format!("element {i}"));
        ex.set_local(0, it.clone(), at);
        let whole = ex.explain(r.cond);
        let conditions = conditions(ex, rule);
        elements.push(ElementTrace {
            element: name,
            value: tri(&whole.value),
            conditions,
        });
    }
    (vec![], elements, holds)
}

fn deadlines(
    prog: &Program,
    ev: &mut Evaluator<'_>,
    rule: u32,
    outcome: &Outcome,
) -> Vec<DeadlineTrace> {
    let r = &prog.rules[rule as usize];
    let dues = crate::eval::deadline::rule_deadlines(ev, prog, rule, outcome);
    r.deadlines
        .iter()
        .zip(dues)
        .map(|(d, due)| {
            let mut computed = Vec::new();
            let (anchor, period) = match &d.kind {
                DeadlineKind::Within { period, anchor } => (Some(*anchor), Some(*period)),
                DeadlineKind::Every {
                    period,
                    from: Some(from),
                } => (Some(*from), Some(*period)),
                _ => (None, None),
            };
            if let (Some(anchor), Some(period)) = (anchor, period) {
                let mut one = |ev: &mut Evaluator<'_>| {
                    if let (Value::Date(at), Value::Dur(p)) = (ev.eval(anchor), ev.eval(period)) {
                        computed.push(format!("{} + {}", format_instant(at), format_period(p)));
                    }
                };
                match r.for_each {
                    None => one(ev),
                    Some(coll) => {
                        if let Some(items) = iter_elements(&ev.eval(coll)) {
                            for &i in outcome.elements_of(rule) {
                                if let Some(item) = items.get(i as usize) {
                                    ev.set_local(0, item.clone());
                                    one(ev);
                                }
                            }
                        }
                    }
                }
            }
            DeadlineTrace {
                text: due.text,
                date: due.date.map(format_instant),
                overdue: due.overdue,
                computed,
            }
        })
        .collect()
}

/// The trace of one rule in an evaluated case.
pub fn rule(ex: &mut Explainer<'_>, outcome: &Outcome, rule: u32) -> RuleTrace {
    let prog = ex.ev.prog;
    let r = &prog.rules[rule as usize];
    let (conds, elements, holds) = rule_conditions(ex, rule);
    let mut defaults: Vec<FactEntry> = Vec::new();
    let all_facts = conds
        .iter()
        .chain(elements.iter().flat_map(|e| e.conditions.iter()))
        .flat_map(|c| c.facts.iter());
    for f in all_facts {
        if f.default && !defaults.iter().any(|d| d.fact == f.fact) {
            defaults.push(f.clone());
        }
    }
    let ro = outcome.rules[rule as usize];
    let exceptions = r
        .excepted_by
        .iter()
        .map(|&e| {
            let er = &prog.rules[e as usize];
            let holds = ex.rule_condition(e).value;
            ExceptionTrace {
                rule: er.name.clone(),
                effect: if er.verb == Verb::Waive {
                    "waives"
                } else {
                    "supersedes"
                },
                holds: tri(&holds),
                fired: ro.overridden_by == Some(e),
                lapsed: outcome.lapsed.contains(&e),
                justification: er.justification.clone(),
                review: er.review.clone(),
                conditions: conditions(ex, e),
                source: origin_of(prog, er.module),
            }
        })
        .collect();
    let effective = match ro.effective {
        Some(true) => "true",
        Some(false) => "false",
        None => "unknown",
    };
    let deadlines = if ro.effective == Some(true) {
        let mut ev = Evaluator::new(prog, ex.ev.case, ex.ev.today);
        deadlines(prog, &mut ev, rule, outcome)
    } else {
        r.deadlines
            .iter()
            .map(|d| DeadlineTrace {
                text: d.text.clone(),
                date: None,
                overdue: false,
                computed: vec![],
            })
            .collect()
    };
    RuleTrace {
        rule: r.name.clone(),
        level: super::level_str(r.level),
        verb: super::verb_str(r.verb),
        doc: r.doc.clone(),
        holds: tri(&holds),
        effective,
        for_each: r.for_text.clone(),
        elements,
        conditions: conds,
        defaults,
        exceptions,
        deadlines,
        citations: r
            .citations
            .iter()
            .map(|c| citation_entry(prog, c))
            .collect(),
        source: origin_of(prog, r.module),
    }
}

/// Why a rule does not conclude, in one clause: the first decisive false condition and what
/// the case says, or the exception that set it aside.
pub fn why_not_rule(t: &RuleTrace) -> String {
    if let Some(e) = t.exceptions.iter().find(|e| e.fired) {
        return format!("set aside: {} {}", e.rule, e.effect);
    }
    let needs = |c: &ConditionTrace| {
        let facts = facts_words(&c.facts);
        if facts.is_empty() {
            format!("needs `{}`", c.text)
        } else {
            format!("needs `{}`; the case has {facts}", c.text)
        }
    };
    if let Some(each) = &t.for_each {
        if t.elements.is_empty() {
            let coll = each.split_once(" in ").map(|(_, c)| c).unwrap_or(each);
            return format!("applies per element of `{coll}`, and the case has none");
        }
        let first = t.elements.iter().find_map(|e| {
            e.conditions
                .iter()
                .find(|c| c.value == "false")
                .map(|c| (e, c))
        });
        return match first {
            Some((e, c)) => format!("no element qualifies: for {}, {}", e.element, needs(c)),
            None => "no element qualifies".into(),
        };
    }
    match t.conditions.iter().find(|c| c.value == "false") {
        Some(c) => needs(c),
        None => "its condition does not hold".into(),
    }
}

/// The decisive facts of a trace, readable (for summaries).
pub fn decisive_facts(t: &RuleTrace) -> Vec<&FactEntry> {
    let mut out: Vec<&FactEntry> = Vec::new();
    for c in &t.conditions {
        for f in readable_facts(&c.facts) {
            if !out.iter().any(|g| g.fact == f.fact) {
                out.push(f);
            }
        }
    }
    out
}
