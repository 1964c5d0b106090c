//! `ward eval CASE` and `ward eval --batch CASES.jsonl`: evaluate the policy against cases.

use std::io::Write;
use std::path::{Path, PathBuf};

use ward_core::report;
use ward_project as project;
use ward_project::paths::display_path;

use crate::as_of::as_of_or_today;
use crate::evaluate::{FailOn, ReportFormat, evaluate, tripped};
use crate::render::plural;
use crate::{Env, StdlibArg};

#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// The case file (JSON or YAML); `-` reads it from standard input.
    #[arg(required_unless_present = "batch")]
    case: Option<PathBuf>,
    /// Evaluate a JSON Lines file, one case per line, in parallel; one result per line out
    /// (the full line, or with `--format compact` the short one).
    #[arg(long, value_name = "CASES.jsonl", conflicts_with = "case")]
    batch: Option<PathBuf>,
    /// Evaluate as at this date (YYYY-MM-DD); deadlines are computed against it.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// How to print the result. With --batch, every format but `compact` writes the full
    /// result line per case.
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    format: EvalFormat,
    /// A local policy directory to add to the standard library (repeatable).
    #[arg(long = "policy", value_name = "DIR")]
    policies: Vec<PathBuf>,
    /// Exit 1 when any such duty is present (repeatable): overdue, undetermined, required.
    #[arg(long, value_enum, value_name = "WHAT")]
    fail_on: Vec<FailOn>,
    /// Also list the obligations that do not apply.
    #[arg(long)]
    all: bool,
    /// With --batch: list each undetermined obligation's missing facts (slower).
    #[arg(long, requires = "batch")]
    missing: bool,
    /// With --batch (full lines): give each obligation's deciding rule as `"rule"`.
    #[arg(long, requires = "batch")]
    rules: bool,
    #[command(flatten)]
    stdlib: StdlibArg,
    /// Apply local exceptions whose review date has passed (the report says so first).
    #[arg(long)]
    allow_expired: bool,
}

/// `ward eval`'s formats: a report's, and the compact batch line.
#[derive(Clone, Copy, Debug, clap::ValueEnum, PartialEq, Eq)]
enum EvalFormat {
    Text,
    Json,
    Markdown,
    Html,
    /// With --batch: one short line per case, the obligation ids that apply, are undetermined
    /// or forbid, grouped by level (`{"line":1,"applies":{"required":[…]},"undetermined":{…}}`),
    /// and any overdue.
    Compact,
}

pub fn run(args: EvalArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    match (&args.case, &args.batch) {
        (_, Some(path)) => batch(path, &args, out, err, env),
        (Some(case), None) => single(case, &args, out, err, env),
        // clap requires one of the two.
        (None, None) => 2,
    }
}

/// One case file: its report in the format asked for, and the `--fail-on` verdict.
fn single(
    case_path: &Path,
    args: &EvalArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    env: &Env,
) -> i32 {
    let format = match args.format {
        EvalFormat::Text => ReportFormat::Text,
        EvalFormat::Json => ReportFormat::Json,
        EvalFormat::Markdown => ReportFormat::Markdown,
        EvalFormat::Html => ReportFormat::Html,
        EvalFormat::Compact => {
            let _ = writeln!(
                err,
                "error: --format compact is the batch result line; use it with --batch"
            );
            return 2;
        }
    };
    let stdlib = args.stdlib.choice(env);
    let ev = match evaluate(
        case_path,
        args.as_of.as_deref(),
        &args.policies,
        &stdlib,
        args.all,
        args.allow_expired,
        err,
        env,
    ) {
        Ok(ev) => ev,
        Err(code) => return code,
    };
    let rep = &ev.report;
    let text = match format {
        ReportFormat::Json => report::to_json(rep) + "\n",
        ReportFormat::Text => report::text::render(rep),
        ReportFormat::Markdown => report::templates::markdown(rep),
        ReportFormat::Html => report::templates::html(rep),
    };
    let _ = out.write_all(text.as_bytes());
    let mut code = 0;
    for &on in &args.fail_on {
        if let Some(why) = tripped(rep, on) {
            let _ = writeln!(
                err,
                "fail: {why} (--fail-on {})",
                clap::ValueEnum::to_possible_value(&on)
                    .map(|v| v.get_name().to_string())
                    .unwrap_or_default()
            );
            code = 1;
        }
    }
    code
}

/// `ward eval --batch cases.jsonl`: every line in parallel, results printed in input order.
fn batch(path: &Path, args: &EvalArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let Some(as_of) = as_of_or_today(args.as_of.as_deref(), err, env) else {
        return 2;
    };
    if args.rules && args.format == EvalFormat::Compact {
        let _ = writeln!(
            err,
            "error: --rules adds to the full batch line; leave out --format compact"
        );
        return 2;
    }
    let p = project::load_for_eval(
        &env.cwd,
        &env.cache,
        &args.stdlib.choice(env),
        &args.policies,
    );
    let prog = match crate::policy::program(&p, err, env, "nothing was evaluated") {
        Ok(prog) => prog,
        Err(code) => return code,
    };
    let library = p.stdlib;
    // Results are one JSON object per line, so the library's identity goes to stderr first.
    if let Some(b) = library.banner(&env.cwd) {
        let _ = writeln!(err, "warning: {b}");
    }
    let full = env.cwd.join(path);
    let shown = display_path(&env.cwd, &full);
    // A batch may be a stream (`--batch /dev/stdin`, a pipe): it is read a bounded line at a
    // time, so only a directory is refused here.
    if std::fs::metadata(&full).is_ok_and(|m| m.is_dir()) {
        let _ = writeln!(err, "error: {shown}: is a directory, not a file of cases");
        return 2;
    }
    let file = match std::fs::File::open(&full) {
        Ok(f) => f,
        Err(e) => {
            let _ = writeln!(err, "error: {shown}: {e}");
            return 2;
        }
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = if env.progress {
        let b = indicatif::ProgressBar::new(size);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {bytes}/{total_bytes} evaluated, {per_sec}, eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(b)
    } else {
        None
    };
    let job = crate::batch::Job {
        prog: &prog,
        as_of,
        opts: ward_core::batch::LineOptions {
            missing: args.missing,
            allow_expired: args.allow_expired,
            rules: args.rules,
            form: if args.format == EvalFormat::Compact {
                ward_core::batch::Form::Compact
            } else {
                ward_core::batch::Form::Full
            },
        },
        shown: &shown,
    };
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    let summary = crate::batch::run(job, reader, out, err, bar.as_ref());
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    match summary.write_error {
        // The reader of the output has gone (`| head`): nothing is wrong with the batch.
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return 0,
        Some(e) => {
            let _ = writeln!(err, "error: writing the results: {e}");
            return 2;
        }
        None => {}
    }
    if summary.bad > 0 {
        let _ = writeln!(
            err,
            "error: {} of {} could not be evaluated",
            plural(summary.bad, "line", "lines"),
            summary.total
        );
        return 2;
    }
    0
}
