//! Reading and evaluating one case file into a report: shared by `ward eval` and
//! `ward explain`, so both load, check, evaluate and name documents the same way.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::ValueEnum;
use ward_core::eval::{Format, Outcome, Program, case};
use ward_core::report::{self, Report};
use ward_core::{Host, hir::Instant};
use ward_project::paths::display_path;
use ward_project::stdlib::Choice;

use crate::Env;
use crate::as_of::as_of_or_today;
use crate::input;
use crate::render::plural;

/// How a report (or an explanation) is printed.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
    Markdown,
    Html,
}

/// A case evaluated, with everything a rendering needs.
pub struct Evaluated {
    pub host: Host,
    pub prog: Arc<Program>,
    pub case: ward_core::eval::Case,
    pub as_of: Instant,
    pub outcome: Outcome,
    pub report: Report,
}

/// Load the policy, read and check the case, evaluate it and build the report (with titles
/// and addresses for its citations, the case's `meta` and its hash). On failure the error is
/// printed and the exit code returned.
#[allow(clippy::too_many_arguments)]
pub fn evaluate(
    case_path: &Path,
    as_of: Option<&str>,
    policies: &[PathBuf],
    stdlib: &Choice,
    include_all: bool,
    allow_expired: bool,
    err: &mut dyn Write,
    env: &Env,
) -> Result<Evaluated, i32> {
    let as_of = as_of_or_today(as_of, err, env).ok_or(2)?;
    let p = ward_project::load_for_eval(&env.cwd, &env.cache, stdlib, policies);
    let prog = crate::policy::program(&p, err, env, "nothing was evaluated")?;
    // `-` is standard input, JSON or YAML by its first character.
    let stdin = case_path == Path::new("-");
    let full = env.cwd.join(case_path);
    let shown = if stdin {
        "standard input".to_string()
    } else {
        display_path(&env.cwd, &full)
    };
    let read = if stdin {
        input::read_case_stdin().map(|text| input::CaseFile {
            hash: report::meta::case_hash(text.as_bytes()),
            text,
        })
    } else {
        input::read_case_file(&full)
    };
    let input::CaseFile { text, hash } = read.map_err(|e| {
        let _ = writeln!(err, "error: {shown}: {e}");
        2
    })?;
    let format = if stdin {
        input::sniff_format(&text)
    } else {
        Format::from_path(case_path)
    };
    let bad = |err: &mut dyn Write, errors: Vec<case::CaseError>| {
        // Past the cap, the count says there were more than were listed.
        let count = if errors.len() > ward_core::limits::MAX_CASE_ERRORS {
            format!("more than {} problems", ward_core::limits::MAX_CASE_ERRORS)
        } else {
            plural(errors.len(), "problem", "problems")
        };
        let _ = writeln!(
            err,
            "error: {shown} does not describe a valid case ({count}):"
        );
        for e in errors {
            let _ = writeln!(err, "  {e}");
        }
        2
    };
    let case = case::load(&prog, &text, format).map_err(|e| bad(err, e))?;
    let meta = report::meta::read(&text, format).map_err(|e| bad(err, e))?;
    let outcome = ward_core::eval::evaluate_opts(
        &prog,
        &case,
        as_of,
        ward_core::eval::Options { allow_expired },
    );
    let mut rep = report::build(
        &prog,
        &case,
        as_of,
        &outcome,
        report::Options { include_all },
    );
    rep.stdlib = Some(p.stdlib.entry(&env.cwd));
    rep.meta = meta;
    rep.case_hash = Some(hash);
    report::guidance::name_documents(&mut rep, &p.host);
    Ok(Evaluated {
        host: p.host,
        prog,
        case,
        as_of,
        outcome,
        report: rep,
    })
}

/// `--fail-on`: what makes `ward eval` exit 1, so a pipeline can gate on it.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    /// A duty that applies is past its due date.
    Overdue,
    /// A duty is undetermined (the case leaves a deciding fact out).
    Undetermined,
    /// A legally required duty applies.
    Required,
}

/// The duties that trip `--fail-on`, with what to say about them on stderr.
pub fn tripped(report: &Report, on: FailOn) -> Option<String> {
    let (n, what) = match on {
        FailOn::Overdue => (
            report
                .obligations
                .iter()
                .filter(|o| o.overdue == Some(true))
                .count(),
            "overdue",
        ),
        FailOn::Undetermined => (
            report
                .obligations
                .iter()
                .filter(|o| o.status == "undetermined")
                .count(),
            "undetermined",
        ),
        FailOn::Required => (
            report
                .obligations
                .iter()
                .filter(|o| o.status == "applies" && o.level == "required")
                .count(),
            "legally required and applying",
        ),
    };
    (n > 0).then(|| format!("{} {what}", plural(n, "duty is", "duties are")))
}
