//! `ward verify [PATH] [--policy DIR]…`: proofs about the loaded policy (rules that never
//! apply, dead or always-firing exceptions, required-and-forbidden conflicts, derived values
//! never known, and, with local packages, every national duty's outcome kept), each finding
//! with a witness case. The proofs are made by `ward_verify`; this loads, prints and writes.

use std::io::Write;
use std::path::{Path, PathBuf};

use ward_project::fswrite;
use ward_verify::{Options, Report};

use crate::as_of::as_of_or_today;
use crate::policy::print_problems;
use crate::{Env, StdlibArg};

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// A package directory, or `stdlib` for the national library alone (default: the current
    /// directory's package, or the library alone).
    path: Option<PathBuf>,
    /// A local policy directory to verify on top of the library (repeatable).
    #[arg(long = "policy", value_name = "DIR")]
    policies: Vec<PathBuf>,
    /// Symbolic elements per list (default: as many as the list's quantifiers need).
    #[arg(long, value_name = "N")]
    bound: Option<usize>,
    /// Verify as at this date (YYYY-MM-DD): `today`, and which exceptions have lapsed.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Write each finding's witness case into DIR.
    #[arg(long, value_name = "DIR")]
    witnesses: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Output::Text)]
    format: Output,
    #[command(flatten)]
    stdlib: StdlibArg,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum, PartialEq, Eq)]
pub enum Output {
    Text,
    Json,
}

pub fn run(args: VerifyArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let Some(as_of) = as_of_or_today(args.as_of.as_deref(), err, env) else {
        return 2;
    };
    let choice = args.stdlib.choice(env);
    let library_only =
        args.path.as_deref() == Some(Path::new("stdlib")) && args.policies.is_empty();
    let p = if library_only {
        ward_project::load_for_check(
            &env.cwd,
            &env.cache,
            &choice,
            args.path.as_deref(),
            "verify",
        )
    } else {
        let mut dirs = args.policies.clone();
        if let Some(path) = &args.path {
            dirs.insert(0, path.clone());
        }
        ward_project::load_for_eval(&env.cwd, &env.cache, &choice, &dirs)
    };
    let prog = match crate::policy::program(&p, err, env, "nothing was verified") {
        Ok(prog) => prog,
        Err(code) => return code,
    };
    let local = prog
        .modules
        .iter()
        .any(|m| m.origin != ward_core::db::OriginKind::Stdlib);
    let base = if local {
        let b = ward_project::load_for_check(
            &env.cwd,
            &env.cache,
            &choice,
            Some(Path::new("stdlib")),
            "verify",
        );
        if print_problems(err, &b, env) {
            return 2;
        }
        b.host.program()
    } else {
        None
    };
    let opts = Options {
        as_of,
        bound: args.bound,
        allow_expired: false,
    };
    let report = ward_verify::verify(&prog, base.as_deref(), &opts);
    if let Some(dir) = &args.witnesses {
        let dir = env.cwd.join(dir);
        if let Err(e) = write_witnesses(&dir, &report) {
            let _ = writeln!(err, "error: {}: {e}", dir.display());
            return 2;
        }
    }
    let text = match args.format {
        Output::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        Output::Text => render(&report),
    };
    let _ = out.write_all(text.as_bytes());
    if report.failures() > 0 { 1 } else { 0 }
}

/// `DIR/<kind>-<subject>.yaml` for each finding.
fn write_witnesses(dir: &Path, report: &Report) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for f in &report.findings {
        let name = format!(
            "{}-{}.yaml",
            f.kind.name(),
            f.subject.replace(['/', '\\'], "_")
        );
        fswrite::write(&dir.join(name), f.witness.as_bytes())?;
    }
    Ok(())
}

/// The findings as text: each with its witness, then what the proofs rest on.
pub fn render(report: &Report) -> String {
    let mut s = String::new();
    let st = &report.stats;
    s.push_str(&format!(
        "ward verify: {} rules, {} obligations ({} variables, {} clauses)\n",
        st.rules, st.obligations, st.variables, st.clauses
    ));
    for f in &report.findings {
        let state = match (&f.allowed, f.confirmed) {
            (Some(_), _) => "allowed",
            (None, true) => "confirmed",
            (None, false) => "NOT confirmed by the evaluator",
        };
        s.push_str(&format!(
            "\n{} {}: {} [{state}]\n",
            f.kind.name(),
            f.subject,
            f.message
        ));
        if let Some(r) = &f.allowed {
            s.push_str(&format!("  kept on purpose: {r}\n"));
        }
        s.push_str("  witness:\n");
        for line in f.witness.lines() {
            s.push_str(&format!("    {line}\n"));
        }
    }
    for b in &report.bad_allows {
        s.push_str(&format!("\nerror: {b}\n"));
    }
    if !st.bounds.is_empty() {
        let b: Vec<String> = st
            .bounds
            .iter()
            .map(|(p, n)| format!("{p} ≤ {n}"))
            .collect();
        s.push_str(&format!("\nlists: {}\n", b.join(", ")));
    }
    for b in &report.bounded {
        s.push_str(&format!(
            "bounded: {b}; proofs about it hold up to the bound\n"
        ));
    }
    for a in &report.approximations {
        s.push_str(&format!(
            "approximated: {a} (proofs still hold; witnesses are checked)\n"
        ));
    }
    let allowed = report
        .findings
        .iter()
        .filter(|f| f.allowed.is_some())
        .count();
    s.push_str(&format!(
        "\n{} findings ({allowed} kept on purpose), {} failing\n",
        report.findings.len(),
        report.failures()
    ));
    s
}
