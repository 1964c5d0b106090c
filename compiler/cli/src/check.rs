//! `ward check [PATH]`: parse, resolve and type-check a project and the standard library,
//! and check its citations against the documents the binary carries.

use std::io::Write;
use std::path::PathBuf;

use ward_project as project;

use crate::policy::{print_banner, print_problems, relevant};
use crate::render::{self, plural};
use crate::{Env, StdlibArg};

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// A project directory or a `.ward` file (default: the current directory).
    path: Option<PathBuf>,
    #[command(flatten)]
    stdlib: StdlibArg,
}

pub fn run(args: CheckArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let stdlib = args.stdlib.choice(env);
    let mut p =
        project::load_for_check(&env.cwd, &env.cache, &stdlib, args.path.as_deref(), "check");
    // Exception reviews are checked against the day the command runs.
    p.host.set_today(Some(env.today));
    print_banner(out, &p, env);
    let load_failed = print_problems(err, &p, env);
    let mut diags = relevant(&p.host, &p.selected);
    // Citations of the documents the binary carries are checked against their text.
    for (f, d) in ward_core::citations::check_citations(p.host.db(), p.host.workspace()) {
        match diags.iter_mut().find(|(g, _)| *g == f) {
            Some((_, ds)) => ds.push(d),
            None => diags.push((f, vec![d])),
        }
    }
    let (errors, warnings) = render::diagnostics(err, &p.host, &diags, env.color);
    let modules = p.selected.len();
    if load_failed {
        // A package problem is bad input: say what could not be loaded, not "0 errors".
        let failures = p.problems.iter().filter(|m| !m.is_warning()).count();
        let mut line = format!(
            "error: the policy could not be loaded ({}); it was not fully checked",
            plural(failures, "problem", "problems")
        );
        if errors + warnings > 0 {
            line.push_str(&format!(
                "; {} and {} besides",
                plural(errors, "error", "errors"),
                plural(warnings, "warning", "warnings")
            ));
        }
        let _ = writeln!(err, "{line}");
        return 2;
    }
    if errors > 0 {
        let _ = writeln!(
            err,
            "error: {} and {} in {}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings"),
            plural(diags.len(), "module", "modules")
        );
        return 1;
    }
    let _ = writeln!(
        out,
        "ok: {} checked, {}",
        plural(modules, "module", "modules"),
        plural(warnings, "warning", "warnings")
    );
    0
}
