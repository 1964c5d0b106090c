//! `ward exceptions [PATH]`: every local exception of a package and its dependencies — the rule,
//! the national (or shared) rules it sets aside, its justification, its review date, and whether
//! it is active, due for review within 30 days, or lapsed — so a governance board can see
//! every local departure from the guidance in one place, before a review date passes.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;
use ward_core::review::{self, ExceptionEntry, ReviewState};

use crate::as_of::as_of_or_today;
use crate::policy::print_banner;
use crate::render::plural;
use crate::{Env, OutputFormat, StdlibArg};
use ward_project as project;

#[derive(clap::Args, Debug)]
pub struct ExceptionsArgs {
    /// A project directory or a `.ward` file (default: the current directory).
    path: Option<PathBuf>,
    /// Judge review dates as at this date (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    #[command(flatten)]
    stdlib: StdlibArg,
}

#[derive(Serialize)]
struct Listing<'a> {
    as_of: String,
    exceptions: &'a [ExceptionEntry],
}

pub fn run(args: ExceptionsArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let json = args.format == OutputFormat::Json;
    let stdlib = args.stdlib.choice(env);
    let path = args.path;
    let Some(as_of) = as_of_or_today(args.as_of.as_deref(), err, env) else {
        return 2;
    };
    let p = project::load_for_check(&env.cwd, &env.cache, &stdlib, path.as_deref(), "exceptions");
    print_banner(out, &p, env);
    let prog = match crate::policy::program(&p, err, env, "no exception was listed") {
        Ok(prog) => prog,
        Err(code) => return code,
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
