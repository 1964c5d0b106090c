//! `ward explain` as plain text: the outcome in one sentence, then each rule with each
//! condition as written, its value and the facts it read, the defaults used, the exceptions
//! considered, the deadlines and how they were computed, and the guidance cited with its words.

use std::fmt::Write;

use super::CitationEntry;
use super::explain::Explanation;
use super::trace::{ConditionTrace, RuleTrace};
use super::words::{fact_words, holder_words, level_words};

fn holds_words(holds: &str) -> &'static str {
    match holds {
        "true" => "holds",
        "false" => "does not hold",
        _ => "may hold (unknown)",
    }
}

fn conditions(out: &mut String, indent: &str, cs: &[ConditionTrace]) {
    for c in cs {
        let facts: Vec<String> = c.facts.iter().map(fact_words).collect();
        let read = if facts.is_empty() {
            String::new()
        } else {
            format!(" — {}", facts.join("; "))
        };
        let _ = writeln!(out, "{indent}{:<7} {}{read}", c.value, c.text);
    }
}

/// A citation with its document's title, section, address and (when known) its words.
pub fn citation(out: &mut String, indent: &str, c: &CitationEntry) {
    let doc = c.title.as_deref().unwrap_or(&c.document);
    let at =
        c.at.as_ref()
            .map(|a| format!(" > \"{a}\""))
            .unwrap_or_default();
    let url = c
        .url
        .as_ref()
        .map(|u| format!(" <{u}>"))
        .unwrap_or_default();
    let _ = writeln!(out, "{indent}{doc}, \"{}\"{at}{url}", c.section);
    if let Some(t) = &c.text {
        for line in t.lines().filter(|l| !l.trim().is_empty()) {
            let _ = writeln!(out, "{indent}  | {}", line.trim());
        }
    }
}

fn rule(out: &mut String, r: &RuleTrace) {
    let _ = writeln!(
        out,
        "\nRule {} ({}, {}): the condition {}; {}.",
        r.rule,
        level_words(r.level),
        r.verb,
        holds_words(r.holds),
        match r.effective {
            "true" => "it concludes",
            "false" => "it does not conclude",
            _ => "whether it concludes is unknown",
        }
    );
    if r.source.origin != "stdlib" {
        let _ = writeln!(
            out,
            "  From: {} {} ({}).",
            r.source.package, r.source.version, r.source.origin
        );
    }
    if let Some(each) = &r.for_each {
        let _ = writeln!(out, "  For each {each}:");
        if r.elements.is_empty() && r.conditions.is_empty() {
            let _ = writeln!(out, "    (no elements)");
        }
        for e in &r.elements {
            let _ = writeln!(out, "    {}: {}", e.element, holds_words(e.value));
            conditions(out, "      ", &e.conditions);
        }
        conditions(out, "    ", &r.conditions);
    } else {
        let _ = writeln!(out, "  Conditions (all must hold):");
        conditions(out, "    ", &r.conditions);
    }
    if !r.defaults.is_empty() {
        let d: Vec<String> = r.defaults.iter().map(fact_words).collect();
        let _ = writeln!(out, "  Defaults used: {}.", d.join("; "));
    }
    for e in &r.exceptions {
        let fired = if e.fired {
            "it fired"
        } else {
            "it did not fire"
        };
        let lapsed = if e.lapsed {
            " (lapsed: past its review date)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  Exception {} ({}): the condition {}; {fired}{lapsed}.",
            e.rule,
            e.effect,
            holds_words(e.holds)
        );
        if let Some(j) = &e.justification {
            let review = e
                .review
                .as_ref()
                .map(|r| format!(" Review by {r}."))
                .unwrap_or_default();
            let _ = writeln!(out, "    Justification: {j}.{review}");
        }
        conditions(out, "    ", &e.conditions);
    }
    for d in &r.deadlines {
        let date = d
            .date
            .as_ref()
            .map(|x| format!(": {x}"))
            .unwrap_or_default();
        let overdue = if d.overdue { " (OVERDUE)" } else { "" };
        let how = if d.computed.is_empty() {
            String::new()
        } else {
            format!(" (computed as {})", d.computed.join(", "))
        };
        let _ = writeln!(out, "  Deadline: {}{date}{overdue}{how}.", d.text);
    }
    if !r.citations.is_empty() {
        let _ = writeln!(out, "  Cites:");
        for c in &r.citations {
            citation(out, "    ", c);
        }
    }
}

pub fn render(e: &Explanation) -> String {
    let o = &e.obligation;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", o.title, o.id);
    if let Some(b) = e.stdlib.as_ref().and_then(|s| s.banner()) {
        let _ = writeln!(out, "{b}");
    }
    let _ = writeln!(out, "Ward {} explanation as of {}", e.ward_version, e.as_of);
    let _ = writeln!(out, "\n{}", e.summary);
    let mut line = format!(
        "Level: {}. Who: {}.",
        level_words(o.level),
        holder_words(&o.held_by)
    );
    if let Some(due) = &o.due {
        let _ = write!(line, " Due: {due}.");
    }
    let _ = writeln!(out, "{line}");
    if !e.doc.is_empty() {
        let _ = writeln!(out, "{}", e.doc.trim());
    }
    if !o.missing.is_empty() {
        let _ = writeln!(out, "\nQuestions that would settle it (fewest first):");
        for m in &o.missing {
            match o.questions.iter().find(|q| &q.fact == m) {
                Some(q) => {
                    let _ = writeln!(out, "  - {m}: {}", q.ask);
                }
                None => {
                    let _ = writeln!(out, "  - {m}");
                }
            }
        }
    }
    if e.rules.is_empty() {
        let _ = writeln!(out, "\nNo rule in this policy concludes about it.");
    }
    for r in &e.rules {
        rule(&mut out, r);
    }
    out
}
