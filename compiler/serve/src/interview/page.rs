//! The interview's pages, rendered with minijinja from `templates/` (HTML autoescaping by the
//! `.html` names): the start page, one page per step, the problem page, and the bar put at
//! the top of the decision record the interview ends with. The record itself is the
//! renderer `POST /v1/evaluate` uses for `text/html`; this only adds the bar.

use std::sync::OnceLock;

use minijinja::{Environment, Value, context};
use serde::Serialize;
use ward_core::eval::Program;
use ward_core::eval::outcome::Status;
use ward_core::interview::session::{Pending, Session};
use ward_core::report::words::level_words;

use super::answer::{self, FieldError};
use super::trail::Trail;
use crate::policy::Policy;

const CSS: &str = include_str!("../templates/interview.css");

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        for (name, text) in [
            ("base.html", include_str!("../templates/base.html")),
            ("start.html", include_str!("../templates/start.html")),
            ("step.html", include_str!("../templates/step.html")),
            ("problem.html", include_str!("../templates/problem.html")),
            ("finish.html", include_str!("../templates/finish.html")),
        ] {
            if let Err(e) = env.add_template(name, text) {
                // A unit test renders every template; this is a bug in Ward, not input.
                tracing::error!(template = name, error = %e, "an interview template does not parse");
            }
        }
        env
    })
}

fn render(name: &str, ctx: Value) -> String {
    let css = format!("{}\n{CSS}", ward_core::report::templates::CSS);
    let ctx = context! { css => css, ..ctx };
    match env().get_template(name).and_then(|t| t.render(ctx)) {
        Ok(s) => s,
        Err(e) => format!(
            "<!DOCTYPE html><html lang=\"en-GB\"><title>Error</title><p>The {name} template failed: {}</p></html>",
            html_escape(&format!("{e:#}"))
        ),
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The hidden fields every form carries.
fn hidden(t: &Trail) -> Value {
    context! { as_of => t.as_of, start => t.start, answers => t.answers_field() }
}

/// The start page: a date, an optional partial case, and any problems with them.
pub fn start(policy: &Policy, as_of: &str, case: &str, errors: &[String]) -> String {
    render(
        "start.html",
        context! { policy => policy.hash, as_of => as_of, case => case, errors => errors },
    )
}

/// A 400 page naming what was wrong with the hidden fields.
pub fn problem(policy: &Policy, title: &str, detail: &str) -> String {
    render(
        "problem.html",
        context! { policy => policy.hash, title => title, detail => detail },
    )
}

/// A duty settled so far.
#[derive(Serialize)]
struct Settled {
    id: String,
    title: String,
    level: Option<&'static str>,
}

/// The duties the answers so far settle: those that apply and those that do not.
fn settled(prog: &Program, session: &Session<'_>, as_of: ward_core::hir::Instant) -> Value {
    let outcome = ward_core::eval::evaluate(prog, session.case(), as_of);
    let mut applies = Vec::new();
    let mut not = Vec::new();
    for (o, oo) in prog.obligations.iter().zip(&outcome.obligations) {
        let level = oo
            .rule
            .and_then(|r| prog.rules.get(r as usize))
            .map(|r| level_words(ward_core::report::level_str(r.level)));
        let s = Settled {
            id: o.id.clone(),
            title: o.title.clone(),
            level,
        };
        match oo.status {
            Status::Applies => applies.push(s),
            Status::DoesNotApply => not.push(s),
            Status::Undetermined => {}
        }
    }
    context! { applies => applies, not_applying => not }
}

/// One step: the question, its control, progress, the duties settled, and any error.
pub fn step(
    policy: &Policy,
    trail: &Trail,
    session: &Session<'_>,
    p: &Pending,
    as_of: ward_core::hir::Instant,
    error: Option<&FieldError>,
    fields: &[(String, String)],
) -> String {
    let submitted = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let checked: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == "value")
        .map(|(_, v)| v.clone())
        .collect();
    let q = &p.question;
    let kind = match p.another {
        Some(_) => "another".to_string(),
        None => serde_json::to_value(&q.answer)
            .ok()
            .and_then(|v| v["kind"].as_str().map(str::to_string))
            .unwrap_or_default(),
    };
    render(
        "step.html",
        context! {
            policy => policy.hash,
            number => session.answered() + 1,
            wording => p.wording(),
            help => q.help,
            path => q.path,
            kind => kind,
            another => p.another,
            control => answer::control(p),
            options => answer::options(p),
            hint => answer::input_hint(p),
            progress => p.progress,
            answered => session.answered(),
            settled => settled(&policy.prog, session, as_of),
            error => error,
            value => submitted("value"),
            checked => checked,
            day => submitted("day"),
            month => submitted("month"),
            year => submitted("year"),
            time => submitted("time"),
            hidden => hidden(trail),
        },
    )
}

/// The decision record, with the interview's bar (download the case, back, start again)
/// after its header.
pub fn finish(record: &str, trail: &Trail, answered: usize) -> String {
    let bar = render(
        "finish.html",
        context! { hidden => hidden(trail), answered => answered },
    );
    let style = format!("<style>\n{CSS}\n</style>\n</head>");
    record
        .replacen("</head>", &style, 1)
        .replacen("</header>", &format!("</header>\n{bar}"), 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_parses() {
        let env = super::env();
        for name in [
            "base.html",
            "start.html",
            "step.html",
            "problem.html",
            "finish.html",
        ] {
            assert!(env.get_template(name).is_ok(), "{name}");
        }
    }
}
