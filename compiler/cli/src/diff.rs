//! `ward diff OLD NEW [--cases portfolio.jsonl]`: what changes between two versions of the
//! library (or of a local package on the installed library): every obligation whose outcome
//! can change, with a witness case each way, and the portfolio's cases whose outcomes change.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ward_core::eval::Program;
use ward_project::stdlib::Choice;
use ward_verify::Options;
use ward_verify::diff::{self, CaseChange, Change};

use crate::as_of::as_of_or_today;
use crate::verify::Output;
use crate::{Env, StdlibArg};

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The old version: a library directory, or a local package directory; or `REV:DIR`, a
    /// directory at a git revision of the repository around the working directory.
    old: PathBuf,
    /// The new version (a directory, or `REV:DIR`).
    new: PathBuf,
    /// A portfolio of cases (one JSON case a line) to evaluate with both.
    #[arg(long, value_name = "FILE")]
    cases: Option<PathBuf>,
    #[arg(long, value_name = "N")]
    bound: Option<usize>,
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value_t = Output::Text)]
    format: Output,
    #[command(flatten)]
    stdlib: StdlibArg,
}

#[derive(serde::Serialize)]
struct DiffReport {
    changes: Vec<Change>,
    cases: Vec<CaseChange>,
}

/// `REV:DIR` (a git revision of the repository around the working directory, and a directory
/// in it) checked out into the cache, once per commit; a path that exists is a directory.
fn revision(given: &Path, err: &mut dyn Write, env: &Env) -> Result<PathBuf, i32> {
    let full = env.cwd.join(given);
    let text = given.to_string_lossy();
    let Some((rev, dir)) = text.split_once(':').filter(|_| !full.exists()) else {
        return Ok(full);
    };
    let git = ward_project::git::GitCli;
    let id = match ward_project::git::Git::commit(&git, &env.cwd, rev) {
        Ok(Some(id)) => id,
        Ok(None) => {
            let _ = writeln!(
                err,
                "error: `{rev}` is not a revision of the repository here, and `{text}` is no directory"
            );
            return Err(2);
        }
        Err(e) => {
            let _ = writeln!(err, "error: {text}: {e}");
            return Err(2);
        }
    };
    let cache = match ward_project::private_dir::ensure(&env.cache.join("revisions")) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(err, "error: {}: {e}", env.cache.display());
            return Err(2);
        }
    };
    let dest = cache.join(&id);
    if !dest.exists()
        && let Err(e) = ward_project::git::Git::checkout(&git, &env.cwd, &id, &dest)
    {
        let _ = std::fs::remove_dir_all(&dest);
        let _ = writeln!(err, "error: {text}: {e}");
        return Err(2);
    }
    Ok(dest.join(dir))
}

/// A directory as a program: the library in it (a `ward.toml` with `standard-library`), or a
/// local package on the chosen library.
fn load(dir: &Path, choice: &Choice, err: &mut dyn Write, env: &Env) -> Result<Arc<Program>, i32> {
    let full = revision(dir, err, env)?;
    let manifest =
        ward_project::fsread::read_text(&full.join("ward.toml"), 1 << 20).unwrap_or_default();
    let is_library = manifest
        .lines()
        .any(|l| l.replace(' ', "") == "standard-library=true");
    let p = if is_library {
        ward_project::load_for_check(
            &env.cwd,
            &env.cache,
            &Choice::Dir(full.clone()),
            None,
            "diff",
        )
    } else {
        ward_project::load_for_eval(&env.cwd, &env.cache, choice, std::slice::from_ref(&full))
    };
    crate::policy::program(&p, err, env, "nothing was compared")
}

pub fn run(args: DiffArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let Some(as_of) = as_of_or_today(args.as_of.as_deref(), err, env) else {
        return 2;
    };
    let choice = args.stdlib.choice(env);
    let old = match load(&args.old, &choice, err, env) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let new = match load(&args.new, &choice, err, env) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let opts = Options {
        as_of,
        bound: args.bound,
        allow_expired: false,
    };
    let changes = diff::symbolic(&old, &new, &opts);
    let cases = match &args.cases {
        None => Vec::new(),
        Some(path) => {
            let full = env.cwd.join(path);
            let text = match ward_project::fsread::read_text(&full, 1 << 30) {
                Ok(t) => t,
                Err(e) => {
                    let _ = writeln!(err, "error: {}: {e}", path.display());
                    return 2;
                }
            };
            match diff::portfolio(&old, &new, &text, &opts) {
                Ok(c) => c,
                Err(e) => {
                    let _ = writeln!(err, "error: {}: {e}", path.display());
                    return 2;
                }
            }
        }
    };
    let report = DiffReport { changes, cases };
    let text = match args.format {
        Output::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        Output::Text => render(&report),
    };
    let _ = out.write_all(text.as_bytes());
    0
}

fn render(r: &DiffReport) -> String {
    let mut s = String::new();
    for c in &r.changes {
        let state = if c.confirmed {
            "confirmed"
        } else {
            "NOT confirmed by the evaluator"
        };
        s.push_str(&format!(
            "{} ({}): {} → {} [{state}]\n  witness:\n",
            c.obligation, c.direction, c.old, c.new
        ));
        for line in c.witness.lines() {
            s.push_str(&format!("    {line}\n"));
        }
    }
    for c in &r.cases {
        s.push_str(&format!(
            "case {}: {}: {} → {}\n",
            c.line, c.obligation, c.old, c.new
        ));
    }
    s.push_str(&format!(
        "{} obligations can change; {} changes in the portfolio\n",
        r.changes.len(),
        r.cases.len()
    ));
    s
}
