//! `ward exceptions [PATH]`: every local exception of a package and its dependencies — the rule,
//! the national (or shared) rules it sets aside, its justification, its review date, and whether
//! it is active, due for review within 30 days, or lapsed — so a governance board can see
//! every local departure from the guidance in one place, before a review date passes.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;
use ward_core::review::{self, ExceptionEntry, ReviewState};

use crate::Env;
use crate::commands::{
    as_of_or_today, print_banner, print_problems, refuse_broken_policy, relevant,
};
use crate::render::plural;
use ward_project as project;
use ward_project::stdlib::Choice;

#[derive(Serialize)]
struct Listing<'a> {
    as_of: String,
    exceptions: &'a [ExceptionEntry],
}

pub fn run(
    path: Option<PathBuf>,
    stdlib: &Choice,
    as_of: Option<&str>,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
    env: &Env,
) -> i32 {
    let Some(as_of) = as_of_or_today(as_of, err, env) else {
        return 2;
    };
    let p = project::load_for_check(&env.cwd, &env.cache, stdlib, path.as_deref(), "exceptions");
    print_banner(out, &p, env);
    if print_problems(err, &p, env) {
        return 2;
    }
    let Some(prog) = p.host.program() else {
        let diags = relevant(&p.host, &p.selected);
        return refuse_broken_policy(err, &p.host, diags, env, "no exception was listed");
    };
    let list = review::list(&prog, as_of);
    let date = ward_core::time::format_instant(as_of);
    if json {
        let listing = Listing {
            as_of: date,
            exceptions: &list,
        };
        let text = serde_json::to_string_pretty(&listing).expect("a listing always serialises");
        let _ = writeln!(out, "{text}");
        return 0;
    }
    let _ = write!(out, "{}", text(&list, &date));
    0
}

fn text(list: &[ExceptionEntry], date: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    if list.is_empty() {
        let _ = writeln!(out, "no local exceptions (as of {date})");
        return out;
    }
    let count = |s: ReviewState| list.iter().filter(|e| e.state == s).count();
    let _ = writeln!(
        out,
        "{} as of {date}: {} active, {} due for review within {} days, {} lapsed",
        plural(list.len(), "local exception", "local exceptions"),
        count(ReviewState::Active),
        count(ReviewState::DueSoon),
        review::NOTICE_DAYS,
        count(ReviewState::Lapsed),
    );
    for e in list {
        let (marker, when) = match e.state {
            ReviewState::Active => ("ACTIVE", format!("in {} days", e.days_left)),
            ReviewState::DueSoon => (
                "DUE FOR REVIEW",
                match e.days_left {
                    0 => "today".to_string(),
                    1 => "tomorrow".to_string(),
                    n => format!("in {n} days"),
                },
            ),
            ReviewState::Lapsed => (
                "LAPSED",
                format!(
                    "{} ago; no longer applied by `ward eval` unless --allow-expired",
                    plural((-e.days_left) as usize, "day", "days")
                ),
            ),
        };
        let _ = writeln!(out, "\n  [{marker}] {}", e.rule);
        let _ = writeln!(
            out,
            "    Excepts: {} ({} {})",
            e.excepts.join(", "),
            e.verb,
            e.obligation
        );
        let _ = writeln!(out, "    Justification: {}", e.justification);
        let _ = writeln!(out, "    Review by: {} ({when}).", e.review);
        let _ = writeln!(out, "    From: {} {} ({}).", e.package, e.version, e.origin);
    }
    out
}
