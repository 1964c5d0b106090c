//! `ward update` (resolve every dependency again and rewrite `ward.lock`) and `ward fetch`
//! (fetch what `ward.lock` names, re-resolving nothing): one resolution, two modes.

use std::io::Write;
use std::path::PathBuf;

use ward_project::paths::display_path;
use ward_project::stdlib::Choice;
use ward_project::{self as project, lock, resolve};

use crate::Env;
use crate::render::{self, plural};

#[derive(clap::Args, Debug)]
pub struct PackageDirArgs {
    /// The package directory (default: the current directory).
    path: Option<PathBuf>,
}

pub fn run(
    args: PackageDirArgs,
    mode: project::Mode,
    out: &mut dyn Write,
    err: &mut dyn Write,
    env: &Env,
) -> i32 {
    let path = args.path;
    let dir = path.map(|p| env.cwd.join(p)).unwrap_or_else(|| {
        project::discover::enclosing_project(&env.cwd).unwrap_or_else(|| env.cwd.clone())
    });
    // Requirements on `nhs` are checked against the library commands would load.
    let library =
        match ward_project::stdlib::select(&Choice::Installed(env.library.clone()), &env.cwd) {
            Ok(l) => l.identity,
            Err(problems) => {
                for p in &problems {
                    render::problem(err, &env.cwd, p, env.color);
                }
                return 2;
            }
        };
    let ctx = project::Context {
        cache: &env.cache,
        git: &ward_project::git::GitCli,
        library: &library,
    };
    match resolve::resolve(&dir, &ctx, mode) {
        Ok(resolved) => {
            if mode == project::Mode::Update {
                if let Err(e) = lock::write(&dir, &resolved.lock) {
                    let _ = writeln!(err, "error: could not write ward.lock: {e}");
                    return 2;
                }
                for p in &resolved.lock.packages {
                    let rev = p
                        .revision
                        .as_ref()
                        .map(|r| format!(" @ {}", &r[..r.len().min(12)]))
                        .unwrap_or_default();
                    let _ = writeln!(out, "locked {} {} ({}{rev})", p.name, p.version, p.source);
                }
                let _ = writeln!(
                    out,
                    "wrote {}",
                    display_path(&env.cwd, &dir.join("ward.lock"))
                );
            } else {
                let _ = writeln!(
                    out,
                    "{} fetched and verified",
                    plural(resolved.packages.len(), "dependency", "dependencies")
                );
            }
            0
        }
        Err(problems) => {
            for p in &problems {
                render::problem(err, &env.cwd, p, env.color);
            }
            2
        }
    }
}
