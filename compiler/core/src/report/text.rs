//! The report for people: grouped by level (legally required first), each obligation with
//! who holds it, when it is due, why it applies and what it cites. Plain text, no colour, so
//! it reads the same in a terminal, an email or a screen reader.

use std::fmt::Write;

use serde_json::Value as Json;

use super::{FactEntry, ObligationEntry, Report};

fn level_title(level: &str) -> &'static str {
    match level {
        "required" => "LEGALLY REQUIRED",
        "best_practice" => "BEST PRACTICE",
        "recommended" => "RECOMMENDED",
        _ => "LOCAL POLICY",
    }
}

fn value_text(v: &Json) -> String {
    match v {
        Json::Null => "unknown".into(),
        Json::String(s) => s.clone(),
        Json::Array(xs) => format!(
            "[{}]",
            xs.iter().map(value_text).collect::<Vec<_>>().join(", ")
        ),
        Json::Object(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{k}: {}", value_text(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// A level as a word in a sentence: "local policy", "best practice policy".
fn level_word(level: &str) -> &'static str {
    match level {
        "required" => "legal",
        "best_practice" => "best-practice",
        "recommended" => "recommended",
        _ => "local",
    }
}

fn because_text(facts: &[FactEntry]) -> String {
    facts
        .iter()
        .map(|b| {
            let d = if b.default { " (default)" } else { "" };
            format!("{} = {}{d}", b.fact, value_text(&b.value))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn obligation(out: &mut String, o: &ObligationEntry) {
    let marker = match o.status {
        "applies" => match o.verb {
            "forbid" => "FORBIDDEN",
            "recommend" => "CONSIDER",
            _ => "APPLIES",
        },
        "undetermined" => "UNDETERMINED",
        _ => "DOES NOT APPLY",
    };
    let _ = writeln!(out, "  [{marker}] {}: {}", o.id, o.title);
    let mut line = format!("    Held by: {}.", o.held_by);
    if let Some(due) = &o.due {
        let overdue = if o.overdue == Some(true) {
            " (OVERDUE)"
        } else {
            ""
        };
        let _ = write!(line, " Due: {due}{overdue}.");
    }
    if o.source.origin != "stdlib" {
        let _ = write!(
            line,
            " From: {} {} ({}).",
            o.source.package, o.source.version, o.source.origin
        );
    }
    let _ = writeln!(out, "{line}");
    if o.deadlines.len() > 1 {
        for d in &o.deadlines {
            match &d.date {
                Some(date) => {
                    let overdue = if d.overdue { " (OVERDUE)" } else { "" };
                    let _ = writeln!(out, "    Deadline: {}: {date}{overdue}", d.text);
                }
                None if d.beyond_range => {
                    let _ = writeln!(
                        out,
                        "    Deadline: {}: after {}, the last date Ward computes",
                        d.text,
                        crate::time::LAST_DATE
                    );
                }
                None => {
                    let _ = writeln!(out, "    Deadline: {}", d.text);
                }
            }
        }
    }
    if !o.because.is_empty() {
        let _ = writeln!(out, "    Because: {}", because_text(&o.because));
    }
    if !o.missing.is_empty() {
        let _ = writeln!(out, "    Would be decided by (fewest first):");
        // By fact, so that a hundred thousand missing facts are not a quadratic search.
        let mut asks = std::collections::HashMap::new();
        for q in &o.questions {
            asks.entry(q.fact.as_str()).or_insert(q);
        }
        for m in &o.missing {
            match asks.get(m.as_str()) {
                Some(q) => {
                    let _ = writeln!(out, "      - {m}: {}", q.ask);
                }
                None => {
                    let _ = writeln!(out, "      - {m}");
                }
            }
        }
    }
    for a in &o.also_applies {
        let what = match a.verb {
            "forbid" => "forbids it",
            "recommend" => "recommends it",
            _ => "requires it",
        };
        let mut line = format!(
            "    Meanwhile {} policy {what} ({})",
            level_word(a.level),
            a.rule
        );
        if let Some(due) = &a.due {
            let _ = write!(line, ", due: {due}");
        }
        if a.source.origin != "stdlib" {
            let _ = write!(
                line,
                ", from: {} {} ({})",
                a.source.package, a.source.version, a.source.origin
            );
        }
        let _ = writeln!(out, "{line}.");
        if !a.because.is_empty() {
            let _ = writeln!(out, "      Because: {}", because_text(&a.because));
        }
    }
    for l in &o.lapsed_exceptions {
        if l.honoured {
            let _ = writeln!(
                out,
                "    Note: the exception {} lapsed (review date {}) but was applied to {}, because of --allow-expired.",
                l.by, l.review, l.rule
            );
        } else {
            let _ = writeln!(
                out,
                "    Note: the exception {} lapsed (review date {}), so {} applies again.",
                l.by, l.review, l.rule
            );
        }
    }
    for s in &o.superseded {
        let _ = writeln!(out, "    Note: {} is {} by {}.", s.rule, s.how, s.by);
    }
    for c in &o.citations {
        let at =
            c.at.as_ref()
                .map(|a| format!(" > \"{a}\""))
                .unwrap_or_default();
        let mut meta = Vec::new();
        if !c.from.is_empty() {
            meta.push(format!("from {}", c.from.join(", ")));
        }
        if !c.covers.is_empty() {
            meta.push(format!("covers {}", c.covers.join(", ")));
        }
        if let Some(r) = &c.reviewed {
            meta.push(format!("reviewed {r}"));
        }
        let meta = if meta.is_empty() {
            String::new()
        } else {
            format!(" ({})", meta.join("; "))
        };
        let _ = writeln!(
            out,
            "    Cites: {}, \"{}\"{at}{meta}",
            c.document, c.section
        );
    }
    if !o.rules.is_empty() {
        let _ = writeln!(out, "    Rule: {}", o.rules.join(", "));
    }
}

/// Lapsed local exceptions, in the report's first lines: what they no longer set aside, or,
/// under `--allow-expired`, that they were applied anyway.
fn lapsed_notice(out: &mut String, report: &Report) {
    let lapsed: Vec<&super::LocalException> = report
        .local_exceptions
        .iter()
        .filter(|e| e.state == "lapsed")
        .collect();
    let n = lapsed.len();
    if report.allow_expired {
        let _ = writeln!(
            out,
            "WARNING: --allow-expired: local exceptions past their review date are applied; {}",
            match n {
                0 => "none held in this case.".to_string(),
                1 => "1 lapsed exception sets duties aside in this report:".to_string(),
                n => format!("{n} lapsed exceptions set duties aside in this report:"),
            }
        );
    } else if n == 1 {
        let _ = writeln!(
            out,
            "1 local exception has lapsed (its review date has passed) and no longer sets anything aside; the duty it excepted is reported:"
        );
    } else if n > 1 {
        let _ = writeln!(
            out,
            "{n} local exceptions have lapsed (their review dates have passed) and no longer set anything aside; the duties they excepted are reported:"
        );
    }
    for e in lapsed {
        let _ = writeln!(
            out,
            "  {} (review {}): {}",
            e.rule,
            e.review,
            e.excepts.join(", ")
        );
    }
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Ward {} evaluation as of {}",
        report.ward_version, report.as_of
    );
    if let Some(banner) = report.stdlib.as_ref().and_then(|s| s.banner()) {
        let _ = writeln!(out, "{banner}");
    }
    let applies = report
        .obligations
        .iter()
        .filter(|o| o.status == "applies")
        .count();
    let open = report
        .obligations
        .iter()
        .filter(|o| o.status == "undetermined")
        .count();
    let _ = writeln!(out, "{applies} obligations apply; {open} are undetermined.");
    lapsed_notice(&mut out, report);
    let mut current = "";
    for o in &report.obligations {
        if o.level != current {
            current = o.level;
            let _ = writeln!(out, "\n{}", level_title(current));
        }
        obligation(&mut out, o);
    }
    if !report.local_exceptions.is_empty() {
        let _ = writeln!(out, "\nLOCAL EXCEPTIONS");
        for e in &report.local_exceptions {
            let overdue = match (e.review_overdue, e.state) {
                (true, _) => " (REVIEW OVERDUE)",
                (false, "due_soon") => " (review due within 30 days)",
                _ => "",
            };
            let does = match (e.state, e.honoured) {
                ("lapsed", false) => "LAPSED: no longer sets aside",
                ("lapsed", true) => "LAPSED, applied because of --allow-expired: sets aside",
                _ => "sets aside",
            };
            let _ = writeln!(
                out,
                "  {} {does} {} ({})",
                e.rule,
                e.excepts.join(", "),
                e.obligation
            );
            let _ = writeln!(out, "    Justification: {}", e.justification);
            let _ = writeln!(
                out,
                "    Review by: {}{overdue}. From: {} {}.",
                e.review, e.source.package, e.source.version
            );
        }
    }
    if !report.coverage_notes.is_empty() {
        let _ = writeln!(out, "\nCOVERAGE NOTES");
        for n in &report.coverage_notes {
            let _ = writeln!(out, "  {}", n.note);
            let sections: Vec<String> = n
                .sections
                .iter()
                .map(|s| format!("\"{}\"", s.section))
                .collect();
            let _ = writeln!(out, "    Sections: {}", sections.join(", "));
            if !n.outside_coverage.is_empty() {
                let _ = writeln!(
                    out,
                    "    Not reported for {}, though they would apply where the guidance covers: {}",
                    n.nation,
                    n.outside_coverage.join(", ")
                );
            }
            if !n.applied_anyway.is_empty() {
                let _ = writeln!(
                    out,
                    "    Reported for {} because the text names it: {}",
                    n.nation,
                    n.applied_anyway.join(", ")
                );
            }
        }
    }
    out
}
