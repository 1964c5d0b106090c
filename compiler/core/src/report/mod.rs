//! The evaluation report: every obligation that applies or is undetermined, with its level,
//! holder, deadline, rules, citations, the facts that triggered it, or the facts that would
//! decide it. The JSON form is a stable contract; the text form is for people.

pub mod beyond;
pub mod explain;
pub mod explain_text;
pub mod guidance;
pub mod layout;
pub mod meta;
mod model;
pub mod questions;
pub mod templates;
pub mod text;
pub mod trace;
pub mod urgency;
pub mod words;

pub use meta::Meta;
pub use model::{
    AlsoApplies, CitationEntry, CoverageEntry, DeadlineEntry, FactEntry, LapsedException,
    LocalException, ModuleEntry, ObligationEntry, OriginEntry, Question, Report, StdlibEntry,
    Supersession,
};
pub use questions::OpenQuestion;

use std::collections::HashSet;

use serde_json::Value as Json;
use ward_syntax::ast::{Level, Verb};

use crate::db::OriginKind;
use crate::eval::case::Case;
use crate::eval::coverage::coverage_notes;
use crate::eval::deadline::rule_deadlines;
use crate::eval::explain::{Explainer, FactPath, Step, Why};
use crate::eval::fact_path::{path_question, path_text};
use crate::eval::ir::{Program, RTy};
use crate::eval::outcome::{Outcome, Status, rank};
use crate::eval::value::Value;
use crate::hir::Instant;
use crate::time::format_instant;

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Also list obligations that do not apply.
    pub include_all: bool,
}

pub fn level_str(l: Level) -> &'static str {
    l.keyword()
}

pub fn verb_str(v: Verb) -> &'static str {
    v.keyword()
}

fn origin_str(k: OriginKind) -> &'static str {
    match k {
        OriginKind::Stdlib => "stdlib",
        OriginKind::Dependency => "package",
        OriginKind::Root => "local",
    }
}

/// The runtime type of the value at a path.
pub(crate) fn path_type<'p>(prog: &'p Program, p: &FactPath) -> &'p RTy {
    let mut ty = &prog.slots[p.slot as usize].ty;
    for s in &p.steps {
        ty = match (s, ty) {
            (Step::Index(_), RTy::List(el) | RTy::Set(el)) => el,
            (Step::Field(f), RTy::Record(r)) => &prog.records[*r as usize].fields[*f as usize].ty,
            _ => ty,
        };
    }
    ty
}

/// A value as JSON, with enum values by name.
pub fn value_json(prog: &Program, ty: &RTy, v: &Value) -> Json {
    match (ty, v) {
        (_, Value::Unknown) => Json::Null,
        (_, Value::Bool(b)) => Json::Bool(*b),
        (_, Value::Int(i)) => Json::from(*i),
        (_, Value::Dec(d)) => {
            serde_json::from_str(&d.to_string()).unwrap_or(Json::String(d.to_string()))
        }
        (_, Value::Text(t)) => Json::String(t.to_string()),
        (_, Value::Date(d)) => Json::String(format_instant(*d)),
        (_, Value::Dur(p)) => Json::String(crate::time::format_period(*p)),
        (RTy::Enum(e), Value::Enum(i)) => Json::String(
            prog.enums[*e as usize]
                .variants
                .get(*i as usize)
                .cloned()
                .unwrap_or_default(),
        ),
        (RTy::Set(el) | RTy::List(el), Value::EnumSet(mask)) => {
            let names = match &**el {
                RTy::Enum(e) => prog.enums[*e as usize]
                    .variants
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1u64 << i) != 0)
                    .map(|(_, n)| Json::String(n.clone()))
                    .collect(),
                _ => vec![],
            };
            Json::Array(names)
        }
        (RTy::Set(el) | RTy::List(el), Value::Set(xs) | Value::List(xs)) => {
            Json::Array(xs.iter().map(|x| value_json(prog, el, x)).collect())
        }
        (RTy::Record(r), Value::Record(fs)) => {
            let rec = &prog.records[*r as usize];
            let mut m = serde_json::Map::new();
            for (f, x) in rec.fields.iter().zip(fs.iter()) {
                if !x.is_unknown() {
                    m.insert(f.name.clone(), value_json(prog, &f.ty, x));
                }
            }
            Json::Object(m)
        }
        (_, other) => Json::String(format!("{other:?}")),
    }
}

pub(crate) fn citation_entry(prog: &Program, c: &crate::eval::ir::Citation) -> CitationEntry {
    let s = &prog.sources[c.source as usize];
    CitationEntry {
        document: s.document.clone(),
        section: s.section.clone(),
        at: c.at.clone(),
        from: s.from.clone(),
        covers: s.covers.clone(),
        label: s.label.map(level_str),
        reviewed: s.reviewed.clone(),
        title: None,
        url: s.url.clone(),
        text: None,
    }
}

pub(crate) fn origin_of(prog: &Program, module: u32) -> OriginEntry {
    let m = &prog.modules[module as usize];
    OriginEntry {
        origin: origin_str(m.origin),
        package: m.package.clone(),
        version: m.version.clone(),
        module: m.name.clone(),
    }
}

/// Build the report for one evaluated case.
pub fn build(
    prog: &Program,
    case: &Case,
    as_of: Instant,
    outcome: &Outcome,
    opts: Options,
) -> Report {
    let mut ex = Explainer::new(prog, case, as_of);
    let stages = urgency::Stages::of(prog, case);
    let mut missing: Vec<(usize, String, FactPath, bool)> = Vec::new();
    let mut entries: Vec<(Status, (u8, u8), usize, ObligationEntry)> = Vec::new();
    for (oi, o) in prog.obligations.iter().enumerate() {
        let oo = outcome.obligations[oi];
        if oo.status == Status::DoesNotApply && !opts.include_all {
            continue;
        }
        let deciding = oo.rule.map(|r| &prog.rules[r as usize]);
        let (verb, level) = deciding
            .map(|r| (r.verb, r.level))
            .unwrap_or((Verb::Require, Level::Recommended));
        let mut entry = ObligationEntry {
            id: o.id.clone(),
            status: oo.status.as_str(),
            level: level_str(level),
            title: o.title.clone(),
            held_by: o.held_by.clone(),
            verb: verb_str(verb),
            due: None,
            overdue: None,
            deadlines: vec![],
            rules: vec![],
            citations: vec![],
            because: vec![],
            missing: vec![],
            questions: vec![],
            superseded: vec![],
            also_applies: vec![],
            lapsed_exceptions: vec![],
            source: origin_of(prog, deciding.map(|r| r.module).unwrap_or(o.module)),
            why_not: None,
            act_now: None,
        };
        let mut citations: Vec<CitationEntry> = Vec::new();
        let add_citations = |rule: u32, cs: &mut Vec<CitationEntry>| {
            for c in &prog.rules[rule as usize].citations {
                let e = citation_entry(prog, c);
                if !cs.contains(&e) {
                    cs.push(e);
                }
            }
        };
        match oo.status {
            Status::Applies => {
                // Every effective rule, strongest first.
                let mut fired: Vec<u32> = o
                    .rules
                    .iter()
                    .copied()
                    .filter(|&r| outcome.rules[r as usize].effective == Some(true))
                    .collect();
                fired.sort_by_key(|&r| {
                    std::cmp::Reverse(rank(
                        prog.rules[r as usize].verb,
                        prog.rules[r as usize].level,
                    ))
                });
                // The facts already listed, so a rule over many incidents stays linear.
                let mut listed = HashSet::new();
                for &r in &fired {
                    entry.rules.push(prog.rules[r as usize].name.clone());
                    add_citations(r, &mut citations);
                    let why = ex.rule_condition(r);
                    for read in &why.reads {
                        let fe = FactEntry {
                            fact: path_text(prog, &read.path),
                            value: value_json(prog, path_type(prog, &read.path), &read.value),
                            default: read.defaulted,
                        };
                        if listed.insert(fe.fact.clone()) {
                            entry.because.push(fe);
                        }
                    }
                    let mut ev = crate::eval::eval::Evaluator::new(prog, case, as_of);
                    let kinds = prog.rules[r as usize].deadlines.iter().map(deadline_kind);
                    for (d, kind) in rule_deadlines(&mut ev, prog, r, outcome)
                        .into_iter()
                        .zip(kinds)
                    {
                        entry.deadlines.push(DeadlineEntry {
                            text: d.text,
                            kind,
                            date: d.date.map(format_instant),
                            overdue: d.overdue,
                            beyond_range: d.beyond_range,
                        });
                    }
                }
            }
            Status::Undetermined => {
                let open = outcome.open_rules(prog, oi);
                let whys: Vec<Why> = open
                    .iter()
                    .map(|&r| ex.rule_effective(r, outcome))
                    .collect();
                for &r in &open {
                    entry.rules.push(prog.rules[r as usize].name.clone());
                    add_citations(r, &mut citations);
                }
                let why = Why::junction(whys, true);
                for p in why.ranked_missing() {
                    let fact = path_text(prog, &p);
                    let decisive = (why.to_true.len() == 1 && why.to_true[0] == p)
                        || (why.to_false.len() == 1 && why.to_false[0] == p);
                    missing.push((oi, fact.clone(), p.clone(), decisive));
                    if let Some(ask) = path_question(prog, &p) {
                        entry.questions.push(Question {
                            fact: fact.clone(),
                            ask,
                        });
                    }
                    entry.missing.push(fact);
                }
                for r in outcome.applying_rules(prog, oi) {
                    let rule = &prog.rules[r as usize];
                    let mut because = Vec::new();
                    let mut listed = HashSet::new();
                    for read in &ex.rule_condition(r).reads {
                        let fe = FactEntry {
                            fact: path_text(prog, &read.path),
                            value: value_json(prog, path_type(prog, &read.path), &read.value),
                            default: read.defaulted,
                        };
                        if listed.insert(fe.fact.clone()) {
                            because.push(fe);
                        }
                    }
                    let mut ev = crate::eval::eval::Evaluator::new(prog, case, as_of);
                    let dues = rule_deadlines(&mut ev, prog, r, outcome);
                    let due = dues
                        .iter()
                        .filter_map(|d| d.date)
                        .min_by_key(|d| d.secs)
                        .map(format_instant)
                        .or_else(|| dues.first().map(|d| d.text.clone()));
                    entry.also_applies.push(AlsoApplies {
                        rule: rule.name.clone(),
                        level: level_str(rule.level),
                        verb: verb_str(rule.verb),
                        due,
                        because,
                        source: origin_of(prog, rule.module),
                    });
                }
            }
            Status::DoesNotApply => {
                entry.why_not = Some(explain::why_not(&mut ex, outcome, oi));
            }
        }
        // Exceptions to this obligation's rules that lapsed (honoured or not).
        for &r in &o.rules {
            let ro = &outcome.rules[r as usize];
            if ro.cond == Some(false) {
                continue;
            }
            let by = match (ro.lapsed_by, ro.overridden_by) {
                (Some(e), _) => Some((e, false)),
                // Applied although lapsed: only under `--allow-expired`.
                (None, Some(e)) if outcome.lapsed.contains(&e) => Some((e, true)),
                _ => None,
            };
            if let Some((e, honoured)) = by {
                let er = &prog.rules[e as usize];
                entry.lapsed_exceptions.push(LapsedException {
                    rule: prog.rules[r as usize].name.clone(),
                    by: er.name.clone(),
                    review: er.review.clone().unwrap_or_default(),
                    honoured,
                });
            }
        }
        // Supersessions and waivers of this obligation's rules.
        for &r in &o.rules {
            if let (Some(by), Some(true)) = (
                outcome.rules[r as usize].overridden_by,
                outcome.rules[r as usize].cond,
            ) {
                let byr = &prog.rules[by as usize];
                entry.superseded.push(Supersession {
                    rule: prog.rules[r as usize].name.clone(),
                    by: byr.name.clone(),
                    how: if byr.verb == Verb::Waive {
                        "waived"
                    } else {
                        "superseded"
                    },
                });
            }
        }
        let dated: Vec<&DeadlineEntry> = entry
            .deadlines
            .iter()
            .filter(|d| d.date.is_some())
            .collect();
        if let Some(first) = dated.iter().min_by(|a, b| a.date.cmp(&b.date)) {
            entry.due = first.date.clone();
            entry.overdue = Some(first.overdue);
        } else if let Some(d) = entry.deadlines.iter().find(|d| d.beyond_range) {
            entry.due = Some(format!(
                "{}: after {}, the last date Ward computes",
                d.text,
                crate::time::LAST_DATE
            ));
        } else if let Some(d) = entry.deadlines.first() {
            entry.due = Some(d.text.clone());
        }
        entry.citations = citations;
        if oo.status == Status::Applies
            && let Some(rule) = deciding
        {
            let dated = entry.deadlines.iter().any(|d| d.date.is_some());
            entry.act_now = urgency::act_now(
                prog,
                rule,
                entry.overdue == Some(true),
                dated,
                stages.as_ref(),
            );
        }
        let r = deciding.map(|r| rank(r.verb, r.level)).unwrap_or((0, 0));
        entries.push((oo.status, r, oi, entry));
    }
    // Required first, then best practice, local, recommended; applying before undetermined.
    let group = |level: &str| match level {
        "required" => 0,
        "best_practice" => 1,
        "recommended" => 2,
        _ => 3,
    };
    entries.sort_by_key(|(status, _, oi, e)| (group(e.level), *status, *oi));
    let notes = coverage_notes(prog, case, as_of, outcome);
    let beyond_coverage = beyond::beyond_coverage(prog, &notes, &mut ex, outcome);
    let coverage = notes
        .into_iter()
        .map(|n| CoverageEntry {
            nation: n.nation,
            covers: n.covers,
            note: n.note,
            sections: n
                .sources
                .iter()
                .map(|&s| {
                    citation_entry(
                        prog,
                        &crate::eval::ir::Citation {
                            source: s,
                            at: None,
                        },
                    )
                })
                .collect(),
            applied_anyway: n
                .applied
                .iter()
                .map(|&o| prog.obligations[o as usize].id.clone())
                .collect(),
            outside_coverage: n
                .outside
                .iter()
                .map(|&o| prog.obligations[o as usize].id.clone())
                .collect(),
        })
        .collect();
    let local_exceptions = local_exceptions(prog, outcome, as_of);
    let open_questions = questions::consolidate(
        prog,
        missing
            .iter()
            .map(|(oi, fact, p, decisive)| questions::Missing {
                duty: &prog.obligations[*oi].id,
                fact: fact.clone(),
                ask: path_question(prog, p),
                ty: path_type(prog, p),
                decisive: *decisive,
            })
            .collect(),
    );
    Report {
        ward_version: crate::VERSION.to_string(),
        stdlib: None,
        as_of: format_instant(as_of),
        allow_expired: outcome.options.allow_expired,
        modules: prog
            .modules
            .iter()
            .map(|m| ModuleEntry {
                name: m.name.clone(),
                hash: m.hash.clone(),
                origin: origin_str(m.origin),
                package: m.package.clone(),
                version: m.version.clone(),
            })
            .collect(),
        obligations: entries.into_iter().map(|(_, _, _, e)| e).collect(),
        coverage_notes: coverage,
        local_exceptions,
        meta: None,
        case_hash: None,
        open_questions,
        beyond_coverage,
    }
}

fn deadline_kind(d: &crate::eval::ir::Deadline) -> &'static str {
    match d.kind {
        crate::eval::ir::DeadlineKind::Within { .. } => "within",
        crate::eval::ir::DeadlineKind::Every { .. } => "every",
        crate::eval::ir::DeadlineKind::Stated(_) => "stated",
    }
}

/// Every exception from outside the national library that overrode a rule in this case.
fn local_exceptions(prog: &Program, outcome: &Outcome, as_of: Instant) -> Vec<LocalException> {
    let mut out = Vec::new();
    for (ri, r) in prog.rules.iter().enumerate() {
        if prog.modules[r.module as usize].origin == OriginKind::Stdlib {
            continue;
        }
        let excepts: Vec<String> = prog
            .rules
            .iter()
            .enumerate()
            .filter(|(ti, t)| {
                let me = Some(ri as u32);
                t.excepted_by.contains(&(ri as u32))
                    && (outcome.rules[*ti].overridden_by == me
                        || outcome.rules[*ti].lapsed_by == me)
            })
            .map(|(_, t)| t.name.clone())
            .collect();
        if excepts.is_empty() {
            continue;
        }
        let review = r.review.clone().unwrap_or_default();
        let state = r
            .review_at
            .map(|d| crate::review::state(d, as_of))
            .unwrap_or(crate::review::ReviewState::Active);
        let review_overdue = state == crate::review::ReviewState::Lapsed;
        out.push(LocalException {
            rule: r.name.clone(),
            excepts,
            obligation: prog.obligations[r.obligation as usize].id.clone(),
            justification: r.justification.clone().unwrap_or_default(),
            review,
            review_overdue,
            state: state.as_str(),
            honoured: outcome.honours(ri as u32),
            source: origin_of(prog, r.module),
        });
    }
    out
}

/// The report as pretty JSON, the contract other tools build on.
pub fn to_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("a report always serialises")
}
