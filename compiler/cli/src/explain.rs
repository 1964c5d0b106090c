//! `ward explain CASE OBLIGATION_ID`: why one duty applies, does not apply, or is
//! undetermined — each rule, each condition as written with its value and the facts it read,
//! defaults, exceptions, deadlines and the guidance cited with its words.

use std::io::Write;
use std::path::PathBuf;

use ward_core::report::{self, explain};

use crate::Env;
use crate::StdlibArg;
use crate::evaluate::{ReportFormat, evaluate};

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// The case file.
    case: PathBuf,
    /// The obligation's id, as reports print it (`controller-processor-contract`).
    obligation: String,
    /// Evaluate as at this date (YYYY-MM-DD); deadlines are computed against it.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// A local policy directory to add to the standard library (repeatable).
    #[arg(long = "policy", value_name = "DIR")]
    policies: Vec<PathBuf>,
    #[command(flatten)]
    stdlib: StdlibArg,
    /// Apply local exceptions whose review date has passed.
    #[arg(long)]
    allow_expired: bool,
}

pub fn run(args: ExplainArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let ev = match evaluate(
        &args.case,
        args.as_of.as_deref(),
        &args.policies,
        &args.stdlib.choice(env),
        true,
        args.allow_expired,
        err,
        env,
    ) {
        Ok(ev) => ev,
        Err(code) => return code,
    };
    let mut e = match explain::explain(
        &ev.prog,
        &ev.case,
        ev.as_of,
        &ev.outcome,
        &ev.report,
        &args.obligation,
    ) {
        Ok(e) => e,
        Err(u) => {
            let help = u
                .suggestion
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| "`ward eval CASE --all` lists every obligation id".into());
            let _ = writeln!(
                err,
                "error: there is no obligation `{}`\n  help: {help}",
                u.id
            );
            return 2;
        }
    };
    report::guidance::name_and_quote(&mut e, &ev.host);
    let text = match args.format {
        ReportFormat::Text => report::explain_text::render(&e),
        ReportFormat::Json => serde_json::to_string_pretty(&e).unwrap_or_default() + "\n",
        ReportFormat::Markdown => report::templates::explain_markdown(&e),
        ReportFormat::Html => report::templates::explain_html(&e),
    };
    let _ = out.write_all(text.as_bytes());
    0
}
