//! The report for people: grouped by level (legally required first), each obligation with
//! who holds it, when it is due, why it applies and what it cites. Plain text, no colour, so
//! it reads the same in a terminal, an email or a screen reader.

use std::fmt::Write;

use serde_json::Value as Json;

use super::{ObligationEntry, Report};

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
                None => {
                    let _ = writeln!(out, "    Deadline: {}", d.text);
                }
            }
        }
    }
    if !o.because.is_empty() {
        let facts: Vec<String> = o
            .because
            .iter()
            .map(|b| {
                let d = if b.default { " (default)" } else { "" };
                format!("{} = {}{d}", b.fact, value_text(&b.value))
            })
            .collect();
        let _ = writeln!(out, "    Because: {}", facts.join("; "));
    }
    if !o.missing.is_empty() {
        let _ = writeln!(out, "    Would be decided by (fewest first):");
        for m in &o.missing {
            match o.questions.iter().find(|q| &q.fact == m) {
                Some(q) => {
                    let _ = writeln!(out, "      - {m}: {}", q.ask);
                }
                None => {
                    let _ = writeln!(out, "      - {m}");
                }
            }
        }
    }
    for m in &o.may_also {
        let _ = writeln!(
            out,
            "    May also be {} ({}), depending on: {}",
            m.level.replace('_', " "),
            m.rule,
            m.missing.join(", ")
        );
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
    let mut current = "";
    for o in &report.obligations {
        if o.level != current {
            current = o.level;
            let _ = writeln!(out, "\n{}", level_title(current));
        }
        obligation(&mut out, o);
    }
    if !report.local_exceptions.is_empty() {
        let _ = writeln!(out, "\nLOCAL EXCEPTIONS APPLIED");
        for e in &report.local_exceptions {
            let overdue = if e.review_overdue {
                " (REVIEW OVERDUE)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  {} sets aside {} ({})",
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
