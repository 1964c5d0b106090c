//! `ward fmt [PATH]…`: format `.ward` files in place, or with `--check` only say which are not.

use std::io::Write;
use std::path::{Path, PathBuf};

use ward_core::Host;
use ward_project::paths::display_path;
use ward_project::{self as project, fswrite, walk};

use crate::Env;
use crate::render::{self, plural};

#[derive(clap::Args, Debug)]
pub struct FmtArgs {
    /// Files or directories (default: the current directory).
    paths: Vec<PathBuf>,
    /// Change nothing; exit 1 if any file is not formatted.
    #[arg(long)]
    check: bool,
}

/// One file `ward fmt` may rewrite: the path it was reached by, and the file itself.
struct FmtTarget {
    shown: String,
    path: PathBuf,
    real: PathBuf,
}

/// Where `file` really is, if that is inside `project`; otherwise the warning to give.
fn inside_project(file: &Path, project: &Path, env: &Env) -> Result<PathBuf, String> {
    let shown = display_path(&env.cwd, file);
    let real = file
        .canonicalize()
        .map_err(|e| format!("{shown}: not formatted: {e}"))?;
    let boundary = project
        .canonicalize()
        .unwrap_or_else(|_| project.to_path_buf());
    if real.starts_with(&boundary) {
        Ok(real)
    } else {
        Err(format!(
            "{shown}: not formatted: it is a symbolic link to {}, outside the project ({}); Ward does not write outside the project",
            real.display(),
            display_path(&env.cwd, project)
        ))
    }
}

/// `ward fmt`: format in place (atomically), or with `--check` only report. Files reached
/// through a symbolic link that leaves the project are neither read nor written: a warning
/// says so, and the exit code is 1 if such a file was named on the command line.
pub fn run(args: FmtArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let FmtArgs { paths, check } = args;
    let paths = if paths.is_empty() {
        vec![env.cwd.clone()]
    } else {
        paths.iter().map(|p| env.cwd.join(p)).collect()
    };
    let mut files: Vec<FmtTarget> = Vec::new();
    let mut failed = 0;
    let push = |files: &mut Vec<FmtTarget>, path: PathBuf, real: PathBuf| {
        if !files.iter().any(|f| f.real == real) {
            files.push(FmtTarget {
                shown: display_path(&env.cwd, &path),
                path,
                real,
            });
        }
    };
    for p in &paths {
        if p.is_dir() {
            let listing = walk::ward_files(p);
            for problem in &listing.problems {
                let text = problem.describe(&|q| display_path(&env.cwd, q));
                match problem {
                    walk::WalkProblem::TooManyEntries { .. } => {
                        let _ = writeln!(err, "error: {text}");
                        return 2;
                    }
                    _ => {
                        let _ = writeln!(err, "warning: {text}; not formatted");
                    }
                }
            }
            for f in listing.paths {
                match inside_project(&f, p, env) {
                    Ok(real) => push(&mut files, f, real),
                    Err(w) => {
                        let _ = writeln!(err, "warning: {w}");
                    }
                }
            }
        } else if std::fs::symlink_metadata(p).is_ok() {
            let project = project::discover::project_root(p);
            match inside_project(p, &project, env) {
                Ok(real) => push(&mut files, p.clone(), real),
                Err(w) => {
                    let _ = writeln!(err, "error: {w}");
                    failed += 1;
                }
            }
        } else {
            let _ = writeln!(
                err,
                "error: {}: no such file or directory",
                display_path(&env.cwd, p)
            );
            return 2;
        }
    }
    let mut changed = Vec::new();
    for f in &files {
        let shown = &f.shown;
        let text = match project::fsread::read_text(&f.path, ward_core::limits::MAX_SOURCE_BYTES) {
            Ok(t) => t,
            Err(e) => {
                let _ = writeln!(err, "error: {shown}: {e}");
                failed += 1;
                continue;
            }
        };
        match ward_syntax::format(&text) {
            Ok(formatted) if formatted == text => {}
            Ok(formatted) => {
                changed.push(shown.clone());
                // The file itself is replaced (a link to it inside the project stays a link).
                if !check && let Err(e) = fswrite::write(&f.real, formatted.as_bytes()) {
                    let _ = writeln!(err, "error: {shown}: {e}");
                    failed += 1;
                }
            }
            Err(errors) => {
                let mut host = Host::default();
                let file =
                    host.set_file("fmt", shown, text, ward_core::Origin::root("fmt", "0.0.0"));
                let diags = vec![(
                    file,
                    errors.iter().map(ward_core::Diagnostic::from).collect(),
                )];
                render::diagnostics(err, &host, &diags, env.color);
                let _ = writeln!(
                    err,
                    "error: {shown} has syntax errors and was not formatted"
                );
                failed += 1;
            }
        }
    }
    for c in &changed {
        let _ = writeln!(
            out,
            "{} {c}",
            if check { "would reformat" } else { "formatted" }
        );
    }
    if check && !changed.is_empty() {
        let _ = writeln!(
            err,
            "error: {} not formatted; run `ward fmt`",
            plural(changed.len(), "file is", "files are")
        );
        return 1;
    }
    if failed > 0 {
        return 1;
    }
    if changed.is_empty() {
        let _ = writeln!(
            out,
            "{} already formatted",
            plural(files.len(), "file", "files")
        );
    }
    0
}
