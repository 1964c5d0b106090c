//! The report for people, as plain text: the shared [`layout`](super::layout) — summary, act
//! now, the rest by level and urgency, the questions that would settle what is undetermined,
//! exceptions, coverage, the documents cited, the audit footer. No colour, so it reads the
//! same in a terminal, an email or a screen reader.

use std::fmt::Write;

use super::Report;
use super::layout::{Duty, Layout, layout};

/// Lapsed local exceptions, for the report's first lines: what they no longer set aside, or,
/// under `--allow-expired`, that they were applied anyway.
pub fn lapsed_lines(report: &Report) -> Vec<String> {
    let lapsed: Vec<&super::LocalException> = report
        .local_exceptions
        .iter()
        .filter(|e| e.state == "lapsed")
        .collect();
    let n = lapsed.len();
    let mut out = Vec::new();
    if report.allow_expired {
        out.push(format!(
            "WARNING: --allow-expired: local exceptions past their review date are applied; {}",
            match n {
                0 => "none held in this case.".to_string(),
                1 => "1 lapsed exception sets duties aside in this report:".to_string(),
                n => format!("{n} lapsed exceptions set duties aside in this report:"),
            }
        ));
    } else if n == 1 {
        out.push("1 local exception has lapsed (its review date has passed) and no longer sets anything aside; the duty it excepted is reported:".into());
    } else if n > 1 {
        out.push(format!("{n} local exceptions have lapsed (their review dates have passed) and no longer set anything aside; the duties they excepted are reported:"));
    }
    for e in lapsed {
        out.push(format!(
            "  {} (review {}): {}",
            e.rule,
            e.review,
            e.excepts.join(", ")
        ));
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The summary sentence every rendering opens with.
pub fn summary_sentence(l: &Layout) -> String {
    let s = &l.summary;
    let mut out = format!(
        "{} {}; {} undetermined",
        plural(s.applies, "duty", "duties"),
        if s.applies == 1 { "applies" } else { "apply" },
        s.undetermined
    );
    if s.beyond_coverage > 0 {
        let _ = write!(
            out,
            "; {} under UK-wide law beyond the guidance's stated coverage",
            s.beyond_coverage
        );
    }
    let _ = write!(out, ". Act now on {}.", plural(s.act_now, "duty", "duties"));
    if let Some(q) = l.questions.first() {
        let _ = write!(
            out,
            " {} would settle the undetermined ones; the first, {}, could settle {} alone.",
            plural(s.questions, "question", "questions"),
            q.fact,
            plural(q.settles, "duty", "duties")
        );
    }
    out
}

fn duty(out: &mut String, d: &Duty, act_now: bool) {
    let _ = writeln!(
        out,
        "  {}. {} ({}; {}) [{}]",
        d.number, d.title, d.level, d.status_words, d.id
    );
    let mut line = format!("     Who: {}.", d.holder);
    if let Some(due) = &d.due {
        let overdue = if d.overdue { " (OVERDUE)" } else { "" };
        let _ = write!(line, " Due: {due}{overdue}.");
    }
    if act_now && let Some(why) = &d.act_now {
        let _ = write!(line, " Now: {why}.");
    }
    if let Some(from) = &d.from {
        let _ = write!(line, " From: {from}.");
    }
    let _ = writeln!(out, "{line}");
    if !d.why.is_empty() {
        let _ = writeln!(out, "     Why: {}.", d.why);
    }
    if !d.settle.is_empty() {
        let _ = writeln!(out, "     Would be settled by: {}", d.settle.join("; "));
    }
    for note in &d.notes {
        let _ = writeln!(out, "     Note: {note}");
    }
    if !d.cites.is_empty() {
        let _ = writeln!(out, "     Guidance: {}", cites(d));
    }
}

/// A duty's citations, grouped by document and section: `[1] "Section" > "A", "B"`.
fn cites(d: &Duty) -> String {
    let mut groups: Vec<(usize, &str, Vec<&str>)> = Vec::new();
    for c in &d.cites {
        let at = c.at.as_deref();
        match groups
            .iter_mut()
            .find(|(n, s, _)| *n == c.number && *s == c.section)
        {
            Some((_, _, ats)) => ats.extend(at),
            None => groups.push((c.number, &c.section, at.into_iter().collect())),
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut last = 0;
    for (n, section, ats) in groups {
        let doc = if n == last {
            String::new()
        } else {
            format!("[{n}] ")
        };
        last = n;
        let ats: Vec<String> = ats.iter().map(|a| format!("\"{a}\"")).collect();
        let at = if ats.is_empty() {
            String::new()
        } else {
            format!(" > {}", ats.join(", "))
        };
        out.push(format!("{doc}\"{section}\"{at}"));
    }
    out.join("; ")
}

pub fn render(report: &Report) -> String {
    render_layout(&layout(report))
}

pub fn render_layout(l: &Layout) -> String {
    let mut out = String::new();
    // What made the report, and anything that changes how to read it, come first (a replaced
    // library, lapsed exceptions: see ARCHITECTURE.md); then what the case is.
    let _ = writeln!(
        out,
        "Ward {} evaluation as of {}",
        l.footer.ward_version, l.as_of
    );
    for w in &l.warnings {
        let _ = writeln!(out, "{w}");
    }
    if l.titled {
        let _ = writeln!(out, "{}", l.title);
    }
    let mut meta = Vec::new();
    if let Some(r) = &l.reference {
        meta.push(format!("Reference: {r}"));
    }
    if let Some(p) = &l.prepared_by {
        meta.push(format!("Prepared by: {p}"));
    }
    if let Some(d) = &l.date {
        meta.push(format!("Date: {d}"));
    }
    if !meta.is_empty() {
        let _ = writeln!(out, "{}", meta.join(". "));
    }
    let _ = writeln!(out, "\nSUMMARY\n  {}", summary_sentence(l));
    for r in &l.summary.rows {
        let mut line = format!(
            "  {}: {} apply, {} undetermined",
            r.level, r.applies, r.undetermined
        );
        if r.beyond_coverage > 0 {
            let _ = write!(
                line,
                ", {} beyond the guidance's coverage",
                r.beyond_coverage
            );
        }
        let _ = writeln!(out, "{line}");
    }
    if !l.act_now.is_empty() {
        let _ = writeln!(out, "\nACT NOW");
        for d in &l.act_now {
            duty(&mut out, d, true);
        }
    }
    for g in &l.levels {
        let _ = writeln!(out, "\n{}", g.title.to_uppercase());
        for d in &g.duties {
            duty(&mut out, d, false);
        }
    }
    if !l.not_applying.is_empty() {
        let _ = writeln!(out, "\nDOES NOT APPLY");
        for d in &l.not_applying {
            let _ = writeln!(out, "  {}. {} [{}]", d.number, d.title, d.id);
            let _ = writeln!(out, "     Why not: {}.", d.why);
        }
    }
    if !l.questions.is_empty() {
        let _ = writeln!(out, "\nQUESTIONS THAT WOULD SETTLE THE UNDETERMINED DUTIES");
        for (i, q) in l.questions.iter().enumerate() {
            let ask = if q.ask.is_empty() {
                String::new()
            } else {
                format!(": {}", q.ask)
            };
            let _ = writeln!(out, "  {}. {}{ask}", i + 1, q.fact);
            let _ = writeln!(
                out,
                "     Answers: {}. Could settle {} on its own; bears on {}.",
                q.answers,
                plural(q.settles, "duty", "duties"),
                q.duties
            );
        }
    }
    if !l.exceptions.is_empty() {
        let _ = writeln!(out, "\nLOCAL EXCEPTIONS");
        for e in &l.exceptions {
            let _ = writeln!(out, "  {} {}", e.rule, e.does);
            let _ = writeln!(out, "     Justification: {}", e.justification);
            let _ = writeln!(out, "     Review by: {}. From: {}.", e.review, e.package);
        }
    }
    if !l.coverage.is_empty() {
        let _ = writeln!(out, "\nCOVERAGE NOTES");
        for c in &l.coverage {
            let _ = writeln!(out, "  {}", c.note);
            let _ = writeln!(out, "     Sections: {}", c.sections);
            if !c.not_reported.is_empty() {
                let _ = writeln!(
                    out,
                    "     Not reported here, though they would apply where the guidance covers: {}",
                    c.not_reported.join(", ")
                );
            }
            if !c.reported.is_empty() {
                let _ = writeln!(
                    out,
                    "     Reported because the text names this nation: {}",
                    c.reported.join(", ")
                );
            }
        }
    }
    if !l.documents.is_empty() {
        let _ = writeln!(out, "\nGUIDANCE CITED");
        for d in &l.documents {
            let url = d.url.as_ref().map(|u| format!(", {u}")).unwrap_or_default();
            let _ = writeln!(out, "  [{}] {} ({}){url}", d.number, d.title, d.file);
        }
    }
    let f = &l.footer;
    let _ = writeln!(out, "\nAUDIT");
    let _ = writeln!(
        out,
        "  Ward {}, as of {}. Case: {}.",
        f.ward_version, f.as_of, f.case_hash
    );
    let _ = writeln!(out, "  Standard library: {}.", f.stdlib);
    for p in &f.packages {
        let _ = writeln!(out, "  Package: {p}.");
    }
    let _ = writeln!(out, "  Why a duty applies or not: ward explain CASE ID.");
    out
}
