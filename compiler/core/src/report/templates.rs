//! The Markdown and HTML renderings, through minijinja templates (`templates/`). minijinja
//! renders the same `Serialize` structures the JSON contract and the text report are built
//! from, escapes HTML by the template's extension, and needs no build-time code generation
//! (askama's derive would recompile with every template edit on a slow machine; maud writes
//! HTML only, and the Markdown report needs the same engine). The templates are embedded,
//! so the HTML is one self-contained file: its stylesheet is inlined, nothing is fetched.

use minijinja::{Environment, Value, context};

use super::explain::Explanation;
use super::layout::{Layout, layout};
use super::words::{fact_words, holder_words, level_words};
use super::{FactEntry, Report};

/// The stylesheet every page inlines (the reports and `ward doc`).
pub const CSS: &str = include_str!("templates/report.css");

/// Markdown's own characters in free text, escaped so titles and notes print as written
/// (backticks are kept: `why_not` quotes conditions as code).
fn md(s: String) -> String {
    let mut out = String::with_capacity(s.len());
    let mut code = false;
    for c in s.chars() {
        if c == '`' {
            code = !code;
        } else if !code && matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn facts(v: Value) -> String {
    let facts: Vec<FactEntry> = serde_json::to_value(&v)
        .ok()
        .and_then(|j| serde_json::from_value(j).ok())
        .unwrap_or_default();
    facts.iter().map(fact_words).collect::<Vec<_>>().join("; ")
}

fn env() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.add_filter("md", md);
    env.add_filter("facts_words", facts);
    env.add_filter("level_words", |s: String| level_words(&s).to_string());
    env.add_filter("holds_words", |s: String| {
        match s.as_str() {
            "true" => "holds",
            "false" => "does not hold",
            _ => "may hold (unknown)",
        }
        .to_string()
    });
    env.add_filter("effective_words", |s: String| {
        match s.as_str() {
            "true" => "it concludes",
            "false" => "it does not conclude",
            _ => "whether it concludes is unknown",
        }
        .to_string()
    });
    env.add_filter("lines", |s: String| {
        s.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    });
    for (name, text) in [
        ("report.md", include_str!("templates/report.md")),
        ("report.html", include_str!("templates/report.html")),
        ("explain.md", include_str!("templates/explain.md")),
        ("explain.html", include_str!("templates/explain.html")),
    ] {
        env.add_template(name, text)
            .expect("the embedded templates parse (a unit test renders each)");
    }
    env
}

fn render(name: &str, ctx: Value) -> String {
    match env().get_template(name).and_then(|t| t.render(ctx)) {
        Ok(s) => s,
        // A template that fails on some input is a bug in Ward; say so rather than panic.
        Err(e) => format!("error: the {name} template failed: {e:#}\n"),
    }
}

fn report_with(name: &str, l: &Layout) -> String {
    let sentence = super::text::summary_sentence(l);
    render(name, context! { l => l, sentence => sentence, css => CSS })
}

/// The report as Markdown.
pub fn markdown(report: &Report) -> String {
    report_with("report.md", &layout(report))
}

/// The report as one self-contained, accessible HTML file that prints cleanly.
pub fn html(report: &Report) -> String {
    report_with("report.html", &layout(report))
}

fn explain_with(name: &str, e: &Explanation) -> String {
    let o = &e.obligation;
    let questions: Vec<Value> = o
        .missing
        .iter()
        .map(|m| {
            let ask = o
                .questions
                .iter()
                .find(|q| &q.fact == m)
                .map(|q| q.ask.clone());
            context! { fact => m, ask => ask }
        })
        .collect();
    render(
        name,
        context! {
            e => e,
            o => o,
            level => level_words(o.level),
            holder => holder_words(&o.held_by),
            questions => questions,
            banner => e.stdlib.as_ref().and_then(|s| s.banner()),
            css => CSS,
        },
    )
}

pub fn explain_markdown(e: &Explanation) -> String {
    explain_with("explain.md", e)
}

pub fn explain_html(e: &Explanation) -> String {
    explain_with("explain.html", e)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_templates_parse() {
        let env = super::env();
        for name in ["report.md", "report.html", "explain.md", "explain.html"] {
            assert!(env.get_template(name).is_ok(), "{name}");
        }
        assert_eq!(super::md("a_b *c*".into()), "a\\_b \\*c\\*");
        assert_eq!(super::md("needs `x_y`".into()), "needs `x_y`");
    }
}
