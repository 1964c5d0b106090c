//! The policy a command runs on, once loaded: package problems are bad input (exit 2), and a
//! policy that does not compile is refused with its errors (exit 1) before anything runs.

use std::io::Write;
use std::sync::Arc;

use ward_core::{Host, SourceFile, eval::Program};
use ward_project::Project;

use crate::Env;
use crate::render::{self, plural};

/// Render the project's package problems; true when one of them stops the load.
pub(crate) fn print_problems(err: &mut dyn Write, p: &Project, env: &Env) -> bool {
    for m in &p.problems {
        render::problem(err, &env.cwd, m, env.color);
    }
    p.failed()
}

/// The first line of a command's output when the standard library is not the built-in one.
pub(crate) fn print_banner(out: &mut dyn Write, p: &Project, env: &Env) {
    if let Some(b) = p.stdlib.banner(&env.cwd) {
        let _ = writeln!(out, "{b}");
    }
}

/// Diagnostics worth showing for this command: everything about the selected modules, and
/// errors anywhere (an error elsewhere still stops the program from compiling).
pub(crate) fn relevant(
    host: &Host,
    selected: &[String],
) -> Vec<(SourceFile, Vec<ward_core::Diagnostic>)> {
    host.diagnostics()
        .into_iter()
        .map(|(f, ds)| {
            let mine = selected
                .iter()
                .any(|m| m.as_str() == f.module(host.db()).as_str());
            let ds: Vec<_> = ds.into_iter().filter(|d| mine || d.is_error()).collect();
            (f, ds)
        })
        .filter(|(_, ds)| !ds.is_empty())
        .collect()
}

/// The lowered program of a loaded project, or the exit code after saying why there is none:
/// its package problems, or its errors and `consequence` ("nothing was evaluated").
pub(crate) fn program(
    p: &Project,
    err: &mut dyn Write,
    env: &Env,
    consequence: &str,
) -> Result<Arc<Program>, i32> {
    if print_problems(err, p, env) {
        return Err(2);
    }
    p.host
        .program()
        .ok_or_else(|| refuse_broken_policy(err, &p.host, p.host.diagnostics(), env, consequence))
}

/// The policy does not compile: render its errors (warnings would bury them), say what was
/// not done, and give the exit code.
pub(crate) fn refuse_broken_policy(
    err: &mut dyn Write,
    host: &Host,
    diags: Vec<(SourceFile, Vec<ward_core::Diagnostic>)>,
    env: &Env,
    consequence: &str,
) -> i32 {
    let errors_only: Vec<_> = diags
        .into_iter()
        .map(|(f, ds)| {
            (
                f,
                ds.into_iter().filter(|d| d.is_error()).collect::<Vec<_>>(),
            )
        })
        .filter(|(_, ds)| !ds.is_empty())
        .collect();
    let (errors, _) = render::diagnostics(err, host, &errors_only, env.color);
    let _ = writeln!(
        err,
        "error: the policy has {}; {consequence}",
        plural(errors, "error", "errors")
    );
    1
}
