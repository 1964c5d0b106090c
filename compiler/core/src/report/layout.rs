//! The report's one structure for people, shared by the text, Markdown and HTML renderings:
//! a header (the case's `meta`), a summary of counts by level, *act now*, the rest by level
//! (each level by urgency, not by module), the questions that would settle the undetermined
//! duties, local exceptions, coverage notes, the documents cited, and an audit footer. It is
//! a pure function of the [`Report`], so every rendering says the same things in the same
//! order.

use serde::Serialize;

use super::words::{facts_words, holder_words, level_words, value_words};
use super::{CitationEntry, ObligationEntry, Report};

#[derive(Clone, Debug, Serialize)]
pub struct Layout {
    pub title: String,
    /// The case's `meta` gave the title (else it is a generic one).
    pub titled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prepared_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub as_of: String,
    /// Warnings a reader must see first (a replaced standard library, lapsed exceptions).
    pub warnings: Vec<String>,
    pub summary: Summary,
    pub act_now: Vec<Duty>,
    pub levels: Vec<LevelGroup>,
    /// With `--all`: the duties that do not apply, each with its `why_not` as its `why`.
    pub not_applying: Vec<Duty>,
    pub questions: Vec<QuestionView>,
    pub exceptions: Vec<ExceptionView>,
    pub coverage: Vec<CoverageView>,
    pub documents: Vec<DocumentView>,
    pub footer: Footer,
}

#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub applies: usize,
    pub undetermined: usize,
    pub beyond_coverage: usize,
    pub act_now: usize,
    pub questions: usize,
    pub rows: Vec<CountRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CountRow {
    pub level: String,
    pub applies: usize,
    pub undetermined: usize,
    pub beyond_coverage: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct LevelGroup {
    pub key: String,
    pub title: String,
    pub duties: Vec<Duty>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Duty {
    /// Its number in the report, counting from the first duty under *act now*.
    pub number: usize,
    pub id: String,
    pub title: String,
    /// `applies`, `undetermined`, `beyond_coverage`.
    pub status: String,
    /// "Applies", "Consider", "Forbidden", "Undetermined", "UK-wide law, guidance for England".
    pub status_words: String,
    pub level: String,
    pub holder: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    pub overdue: bool,
    /// Why it is under *act now*, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub act_now: Option<String>,
    /// The facts that triggered it, readable.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub why: String,
    /// For an undetermined duty: the facts that would settle it, with their questions.
    pub settle: Vec<String>,
    /// Other lines: weaker rules meanwhile, supersessions, lapsed or applied exceptions,
    /// the coverage mark.
    pub notes: Vec<String>,
    pub cites: Vec<CiteView>,
    /// Where it comes from, when that is not the national library.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CiteView {
    pub document: String,
    pub section: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The number of the document in the list of documents cited.
    pub number: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct QuestionView {
    pub fact: String,
    pub ask: String,
    pub answers: String,
    pub settles: usize,
    pub duties: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExceptionView {
    pub rule: String,
    pub does: String,
    pub justification: String,
    pub review: String,
    pub package: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct CoverageView {
    pub note: String,
    pub sections: String,
    pub not_reported: Vec<String>,
    pub reported: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DocumentView {
    pub number: usize,
    pub title: String,
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Footer {
    pub ward_version: String,
    pub as_of: String,
    pub case_hash: String,
    pub stdlib: String,
    pub packages: Vec<String>,
}

const LEVELS: [(&str, &str); 4] = [
    ("required", "Legally required"),
    ("best_practice", "Best practice"),
    ("local", "Local policy"),
    ("recommended", "Recommended"),
];

fn status_words(o: &ObligationEntry) -> &'static str {
    match (o.status, o.verb) {
        ("applies", "forbid") => "forbidden",
        ("applies", "recommend") => "consider",
        ("applies", _) => "applies",
        ("undetermined", _) => "undetermined",
        _ => "does not apply",
    }
}

fn act_now_words(reason: &str) -> &'static str {
    match reason {
        "overdue" => "overdue",
        "event" => "a deadline set by an event (an incident, a letter)",
        _ => "legally required before a stage the case has already reached",
    }
}

/// Urgency within a level: overdue, then act now, then dated (earliest first), then the
/// rest; the law before best practice (under *act now*, where levels mix); applying before
/// undetermined; then by title, so modules do not decide the order.
fn urgency(d: &Duty) -> (u8, u8, String, usize, u8, String) {
    let dated = d
        .due
        .as_ref()
        .filter(|s| s.as_bytes().first().is_some_and(u8::is_ascii_digit));
    (
        u8::from(!d.overdue),
        u8::from(d.act_now.is_none()),
        dated.cloned().unwrap_or_else(|| "~".into()),
        LEVELS
            .iter()
            .position(|(k, _)| level_words(k) == d.level)
            .unwrap_or(LEVELS.len()),
        match d.status.as_str() {
            "applies" => 0,
            "undetermined" => 1,
            _ => 2,
        },
        d.title.clone(),
    )
}

struct Docs(Vec<DocumentView>);

impl Docs {
    fn cite(&mut self, c: &CitationEntry) -> CiteView {
        let title = c.title.clone().unwrap_or_else(|| c.document.clone());
        let number = match self.0.iter().position(|d| d.file == c.document) {
            Some(i) => i + 1,
            None => {
                self.0.push(DocumentView {
                    number: self.0.len() + 1,
                    title: title.clone(),
                    file: c.document.clone(),
                    url: None,
                });
                self.0.len()
            }
        };
        CiteView {
            document: title,
            section: c.section.clone(),
            at: c.at.clone(),
            url: c.url.clone(),
            number,
        }
    }
}

fn duty(o: &ObligationEntry, docs: &mut Docs, coverage: Option<&str>) -> Duty {
    let mut notes = Vec::new();
    for a in &o.also_applies {
        let what = match a.verb {
            "forbid" => "forbids it",
            "recommend" => "recommends it",
            _ => "requires it",
        };
        let due = a
            .due
            .as_ref()
            .map(|d| format!(", due {d}"))
            .unwrap_or_default();
        notes.push(format!(
            "Meanwhile, {} {what} ({}){due}.",
            level_words(a.level),
            a.rule
        ));
    }
    for s in &o.superseded {
        notes.push(format!("{} is {} by {}.", s.rule, s.how, s.by));
    }
    for l in &o.lapsed_exceptions {
        notes.push(if l.honoured {
            format!(
                "The exception {} lapsed on {} but was applied (--allow-expired).",
                l.by, l.review
            )
        } else {
            format!(
                "The exception {} lapsed on {}, so {} applies again.",
                l.by, l.review, l.rule
            )
        });
    }
    if let Some(c) = coverage {
        notes.push(c.to_string());
    }
    // By fact, so that a hundred thousand missing facts are not a quadratic search.
    let mut asks = std::collections::HashMap::new();
    for q in &o.questions {
        asks.entry(q.fact.as_str()).or_insert(q);
    }
    let settle = o
        .missing
        .iter()
        .map(|m| match asks.get(m.as_str()) {
            Some(q) => format!("{m}: {}", q.ask),
            None => m.clone(),
        })
        .collect();
    Duty {
        number: 0,
        id: o.id.clone(),
        title: o.title.clone(),
        status: if coverage.is_some() {
            "beyond_coverage".into()
        } else {
            o.status.into()
        },
        status_words: if coverage.is_some() {
            "UK-wide law, beyond the guidance's stated coverage".into()
        } else {
            status_words(o).into()
        },
        level: level_words(o.level).into(),
        holder: holder_words(&o.held_by),
        due: o.due.clone(),
        overdue: o.overdue == Some(true),
        act_now: o.act_now.map(|r| act_now_words(r).into()),
        why: facts_words(&o.because),
        settle,
        notes,
        cites: o.citations.iter().map(|c| docs.cite(c)).collect(),
        from: (o.source.origin != "stdlib").then(|| {
            format!(
                "{} {} ({})",
                o.source.package, o.source.version, o.source.origin
            )
        }),
    }
}

/// The layout of a report.
pub fn layout(report: &Report) -> Layout {
    let mut docs = Docs(Vec::new());
    let mut act_now = Vec::new();
    let mut not_applying: Vec<Duty> = Vec::new();
    let mut levels: Vec<LevelGroup> = LEVELS
        .iter()
        .map(|(k, t)| LevelGroup {
            key: (*k).into(),
            title: (*t).into(),
            duties: vec![],
        })
        .collect();
    let mut rows: Vec<CountRow> = LEVELS
        .iter()
        .map(|(k, _)| CountRow {
            level: level_words(k).into(),
            applies: 0,
            undetermined: 0,
            beyond_coverage: 0,
        })
        .collect();
    let level_index = |l: &str| LEVELS.iter().position(|(k, _)| *k == l).unwrap_or(2);
    for o in &report.obligations {
        let i = level_index(o.level);
        match o.status {
            "applies" => rows[i].applies += 1,
            "undetermined" => rows[i].undetermined += 1,
            _ => {
                // Listed only with `--all`, each with why it does not apply.
                let mut d = duty(o, &mut docs, None);
                d.why = o.why_not.clone().unwrap_or_default();
                not_applying.push(d);
                continue;
            }
        }
        let d = duty(o, &mut docs, None);
        if d.act_now.is_some() {
            act_now.push(d);
        } else {
            levels[i].duties.push(d);
        }
    }
    for b in &report.beyond_coverage {
        let i = level_index(b.obligation.level);
        rows[i].beyond_coverage += 1;
        let mark = format!(
            "Beyond the guidance's coverage: it covers {}, the case is in {}. {}",
            b.covers.join(", "),
            b.nation,
            b.note
        );
        levels[i]
            .duties
            .push(duty(&b.obligation, &mut docs, Some(&mark)));
    }
    act_now.sort_by_key(urgency);
    for l in &mut levels {
        l.duties.sort_by_key(urgency);
    }
    levels.retain(|l| !l.duties.is_empty());
    not_applying.sort_by(|a, b| a.title.cmp(&b.title));
    let all = act_now
        .iter_mut()
        .chain(levels.iter_mut().flat_map(|l| l.duties.iter_mut()))
        .chain(not_applying.iter_mut());
    for (i, d) in all.enumerate() {
        d.number = i + 1;
    }
    rows.retain(|r| r.applies + r.undetermined + r.beyond_coverage > 0);
    let questions: Vec<QuestionView> = report
        .open_questions
        .iter()
        .map(|q| QuestionView {
            fact: q.fact.clone(),
            ask: q.ask.clone().unwrap_or_default(),
            answers: if q.many {
                format!("any of: {}", q.answers.join(", "))
            } else {
                q.answers.join(" / ")
            },
            settles: q.settles,
            duties: q.duties.len(),
        })
        .collect();
    let exceptions = report
        .local_exceptions
        .iter()
        .map(|e| ExceptionView {
            rule: e.rule.clone(),
            does: match (e.state, e.honoured) {
                ("lapsed", false) => {
                    format!("lapsed: no longer sets aside {}", e.excepts.join(", "))
                }
                ("lapsed", true) => format!(
                    "lapsed, applied because of --allow-expired: sets aside {}",
                    e.excepts.join(", ")
                ),
                ("due_soon", _) => format!(
                    "sets aside {} (review due within 30 days)",
                    e.excepts.join(", ")
                ),
                _ => format!("sets aside {}", e.excepts.join(", ")),
            },
            justification: e.justification.clone(),
            review: e.review.clone(),
            package: format!("{} {}", e.source.package, e.source.version),
        })
        .collect();
    let coverage = report
        .coverage_notes
        .iter()
        .map(|n| CoverageView {
            note: n.note.clone(),
            sections: n
                .sections
                .iter()
                .map(|s| format!("\"{}\"", s.section))
                .collect::<Vec<_>>()
                .join(", "),
            not_reported: n
                .outside_coverage
                .iter()
                .filter(|id| {
                    !report
                        .beyond_coverage
                        .iter()
                        .any(|b| &b.obligation.id == *id)
                })
                .cloned()
                .collect(),
            reported: n.applied_anyway.clone(),
        })
        .collect();
    let beyond = report.beyond_coverage.iter().map(|b| &b.obligation);
    for c in report
        .obligations
        .iter()
        .chain(beyond)
        .flat_map(|o| &o.citations)
    {
        if let Some(d) = docs.0.iter_mut().find(|d| d.file == c.document)
            && d.url.is_none()
            && c.title.is_some()
        {
            d.url = document_url(c);
        }
    }
    let meta = report.meta.clone().unwrap_or_default();
    let mut warnings = Vec::new();
    if let Some(b) = report.stdlib.as_ref().and_then(|s| s.banner()) {
        warnings.push(b);
    }
    warnings.extend(super::text::lapsed_lines(report));
    let footer = Footer {
        ward_version: report.ward_version.clone(),
        as_of: report.as_of.clone(),
        case_hash: report
            .case_hash
            .clone()
            .unwrap_or_else(|| "not recorded".into()),
        stdlib: match &report.stdlib {
            Some(s) if s.embedded => format!(
                "the national library built into this ward (nhs {}, {})",
                s.version, s.hash
            ),
            Some(s) => format!(
                "REPLACED: nhs {} ({}), not the built-in {}",
                s.version, s.hash, s.embedded_hash
            ),
            None => "not recorded".into(),
        },
        packages: packages(report),
    };
    Layout {
        titled: meta.title.is_some(),
        title: meta.title.unwrap_or_else(|| "Ward evaluation".into()),
        reference: meta.reference,
        prepared_by: meta.prepared_by,
        date: meta.date,
        as_of: report.as_of.clone(),
        warnings,
        summary: Summary {
            applies: rows.iter().map(|r| r.applies).sum(),
            undetermined: rows.iter().map(|r| r.undetermined).sum(),
            beyond_coverage: rows.iter().map(|r| r.beyond_coverage).sum(),
            act_now: act_now.len(),
            questions: questions.len(),
            rows,
        },
        act_now,
        levels,
        not_applying,
        questions,
        exceptions,
        coverage,
        documents: docs.0,
        footer,
    }
}

/// A document's own address: a section's `url` is the section's, so only a citation whose
/// address came from the registry (set with the title) names the document.
fn document_url(c: &CitationEntry) -> Option<String> {
    c.url.clone()
}

/// Each package with its version and a hash of its modules (the modules' hashes, in order).
fn packages(report: &Report) -> Vec<String> {
    use sha2::Digest;
    let mut out: Vec<(String, String, &str, sha2::Sha256)> = Vec::new();
    for m in &report.modules {
        let i = match out
            .iter()
            .position(|(p, v, _, _)| *p == m.package && *v == m.version)
        {
            Some(i) => i,
            None => {
                out.push((
                    m.package.clone(),
                    m.version.clone(),
                    m.origin,
                    sha2::Sha256::new(),
                ));
                out.len() - 1
            }
        };
        out[i].3.update(m.name.as_bytes());
        out[i].3.update(m.hash.as_bytes());
    }
    out.into_iter()
        .map(|(p, v, origin, h)| {
            let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
            format!("{p} {v} ({origin}), sha256:{}", &hex[..16])
        })
        .collect()
}

/// The value of a fact in words (re-exported for the renderings).
pub fn value(v: &serde_json::Value) -> String {
    value_words(v)
}
