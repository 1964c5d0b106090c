//! The evaluation report: every obligation that applies or is undetermined, with its level,
//! holder, deadline, rules, citations, the facts that triggered it, or the facts that would
//! decide it. The JSON form is a stable contract; the text form is for people.

pub mod text;

use std::collections::HashSet;

use serde::Serialize;
use serde_json::Value as Json;
use ward_syntax::ast::{Level, Verb};

use crate::db::OriginKind;
use crate::eval::case::Case;
use crate::eval::coverage::coverage_notes;
use crate::eval::deadline::rule_deadlines;
use crate::eval::explain::{Explainer, FactPath, Step, Why, path_question, path_text};
use crate::eval::ir::{Program, RTy};
use crate::eval::outcome::{Outcome, Status, rank};
use crate::eval::value::Value;
use crate::hir::Instant;
use crate::time::format_instant;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Report {
    pub ward_version: String,
    /// Which standard library the report was made with; set by whoever loaded it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stdlib: Option<StdlibEntry>,
    pub as_of: String,
    /// `--allow-expired`: local exceptions past their review date were honoured.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub allow_expired: bool,
    pub modules: Vec<ModuleEntry>,
    pub obligations: Vec<ObligationEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coverage_notes: Vec<CoverageEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub local_exceptions: Vec<LocalException>,
}

/// The identity of the standard library a report was made with: its content hash, and whether
/// that is the library built into this `ward`. The compiler reads no files, so the project
/// loader computes it and the caller puts it in the report.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct StdlibEntry {
    pub embedded: bool,
    pub hash: String,
    pub embedded_hash: String,
    pub version: String,
    /// Where it was loaded from, when that was not the built-in copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// For a library installed from a signed package: the key that signed it, `id (name)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed_by: Option<String>,
}

impl StdlibEntry {
    /// The line a report opens with when the library is not the one built into this `ward`:
    /// a signed, installed update (named with its version, hash and signer), or a replaced one.
    pub fn banner(&self) -> Option<String> {
        if let Some(signer) = &self.signed_by {
            let from = self
                .path
                .as_deref()
                .map(|p| format!(" installed from {p}"))
                .unwrap_or_default();
            return Some(format!(
                "standard library: nhs {} ({}){from}, signed by {signer}; the library built into this ward is {}",
                self.version, self.hash, self.embedded_hash
            ));
        }
        if self.embedded {
            return None;
        }
        let from = self
            .path
            .as_deref()
            .map(|p| format!(" from {p}"))
            .unwrap_or_default();
        Some(format!(
            "STANDARD LIBRARY REPLACED: nhs {}{from} ({}) is not the national library built into this ward ({}); these results are not those of the national guidance",
            self.version, self.hash, self.embedded_hash
        ))
    }
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ModuleEntry {
    pub name: String,
    pub hash: String,
    pub origin: &'static str,
    pub package: String,
    pub version: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ObligationEntry {
    pub id: String,
    pub status: &'static str,
    pub level: &'static str,
    pub title: String,
    pub held_by: String,
    /// `require`, `recommend` or `forbid`: what the deciding rule asks.
    pub verb: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deadlines: Vec<DeadlineEntry>,
    pub rules: Vec<String>,
    pub citations: Vec<CitationEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub because: Vec<FactEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub superseded: Vec<Supersession>,
    /// For an undetermined obligation: weaker rules that certainly apply meanwhile (a local
    /// recommendation beside an undetermined legal duty). `status` and `level` stay those of
    /// the stronger rule, so the legal duty is never reported weaker than it may be.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_applies: Vec<AlsoApplies>,
    /// Local exceptions to this obligation's rules whose review date has passed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lapsed_exceptions: Vec<LapsedException>,
    /// Where the deciding rule comes from: the national library, a shared package, local policy.
    pub source: OriginEntry,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DeadlineEntry {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub overdue: bool,
    /// Its date is after 9999-12-31, the last date Ward computes with.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub beyond_range: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CitationEntry {
    pub document: String,
    pub section: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    pub from: Vec<String>,
    pub covers: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FactEntry {
    pub fact: String,
    pub value: Json,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Question {
    pub fact: String,
    pub ask: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Supersession {
    pub rule: String,
    pub by: String,
    /// `superseded` (a stronger form applies) or `waived` (an exception sets it aside).
    pub how: &'static str,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct AlsoApplies {
    pub rule: String,
    pub level: &'static str,
    pub verb: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub because: Vec<FactEntry>,
    pub source: OriginEntry,
}

/// A rule whose exception lapsed: the exception held, but its review date had passed.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct LapsedException {
    /// The rule the exception would set aside or supersede.
    pub rule: String,
    /// The lapsed exception.
    pub by: String,
    pub review: String,
    /// `true` only under `--allow-expired`: the exception was applied anyway.
    pub honoured: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct OriginEntry {
    pub origin: &'static str,
    pub package: String,
    pub version: String,
    pub module: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CoverageEntry {
    pub nation: String,
    pub covers: Vec<String>,
    pub note: String,
    pub sections: Vec<CitationEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub applied_anyway: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outside_coverage: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct LocalException {
    pub rule: String,
    pub excepts: Vec<String>,
    pub obligation: String,
    pub justification: String,
    pub review: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub review_overdue: bool,
    /// `active`, `due_soon` (review within 30 days) or `lapsed` (review date passed).
    pub state: &'static str,
    /// Whether the exception was applied: always, unless it lapsed (then only under
    /// `--allow-expired`).
    pub honoured: bool,
    pub source: OriginEntry,
}

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
fn path_type<'p>(prog: &'p Program, p: &FactPath) -> &'p RTy {
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

fn citation_entry(prog: &Program, c: &crate::eval::ir::Citation) -> CitationEntry {
    let s = &prog.sources[c.source as usize];
    CitationEntry {
        document: s.document.clone(),
        section: s.section.clone(),
        at: c.at.clone(),
        from: s.from.clone(),
        covers: s.covers.clone(),
        label: s.label.map(level_str),
        reviewed: s.reviewed.clone(),
    }
}

fn origin_of(prog: &Program, module: u32) -> OriginEntry {
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
                    for d in rule_deadlines(&mut ev, prog, r, outcome) {
                        entry.deadlines.push(DeadlineEntry {
                            text: d.text,
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
            Status::DoesNotApply => {}
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
    let coverage = coverage_notes(prog, case, as_of, outcome)
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
