//! The subcommands. Each loads a project, asks the host, renders, and returns an exit code.

use std::io::Write;
use std::path::{Path, PathBuf};

use ward_core::{Host, SourceFile, report, testing};

use crate::Env;
use crate::evaluate::{FailOn, ReportFormat, evaluate, tripped};
use crate::render::{self, plural};
use ward_project::paths::display_path;
use ward_project::stdlib::Choice;
use ward_project::{self as project, Project, fswrite, lock, manifest, resolve, walk};

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

pub fn check(
    path: Option<PathBuf>,
    stdlib: &Choice,
    out: &mut dyn Write,
    err: &mut dyn Write,
    env: &Env,
) -> i32 {
    let mut p = project::load_for_check(&env.cwd, &env.cache, stdlib, path.as_deref(), "check");
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

/// `--as-of` if given (an error is printed when it is not a date), otherwise today.
pub(crate) fn as_of_or_today(
    as_of: Option<&str>,
    err: &mut dyn Write,
    env: &Env,
) -> Option<ward_core::hir::Instant> {
    match as_of {
        Some(text) => parse_date(text, err),
        None => Some(env.today),
    }
}

fn parse_date(text: &str, err: &mut dyn Write) -> Option<ward_core::hir::Instant> {
    match ward_core::time::parse_instant(text) {
        Some(d) => Some(d),
        None => {
            let _ = writeln!(err, "error: `{text}` is not a date; write it as YYYY-MM-DD");
            None
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn eval(
    case_path: &Path,
    as_of: Option<&str>,
    format: ReportFormat,
    policies: &[PathBuf],
    stdlib: &Choice,
    all: bool,
    allow_expired: bool,
    fail_on: &[FailOn],
    out: &mut dyn Write,
    err: &mut dyn Write,
    env: &Env,
) -> i32 {
    let ev = match evaluate(
        case_path,
        as_of,
        policies,
        stdlib,
        all,
        allow_expired,
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
    for &on in fail_on {
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

/// Load the program for `ward eval --batch`, rendering what is wrong if it does not compile;
/// with the identity of the standard library it was loaded with.
fn eval_program(
    policies: &[PathBuf],
    stdlib: &Choice,
    err: &mut dyn Write,
    env: &Env,
) -> Result<
    (
        std::sync::Arc<ward_core::eval::Program>,
        ward_project::stdlib::Identity,
    ),
    i32,
> {
    let p = project::load_for_eval(&env.cwd, &env.cache, stdlib, policies);
    if print_problems(err, &p, env) {
        return Err(2);
    }
    match p.host.program() {
        Some(prog) => Ok((prog, p.stdlib)),
        None => Err(refuse_broken_policy(
            err,
            &p.host,
            p.host.diagnostics(),
            env,
            "nothing was evaluated",
        )),
    }
}

/// `ward eval --batch cases.jsonl`: every line in parallel, results printed in input order.
#[allow(clippy::too_many_arguments)]
pub fn batch(
    path: &Path,
    as_of: Option<&str>,
    policies: &[PathBuf],
    stdlib: &Choice,
    missing: bool,
    allow_expired: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
    env: &Env,
) -> i32 {
    let Some(as_of) = as_of_or_today(as_of, err, env) else {
        return 2;
    };
    let (prog, library) = match eval_program(policies, stdlib, err, env) {
        Ok(p) => p,
        Err(code) => return code,
    };
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
            missing,
            allow_expired,
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

pub fn test(
    path: Option<PathBuf>,
    stdlib: &Choice,
    out: &mut dyn Write,
    err: &mut dyn Write,
    env: &Env,
) -> i32 {
    let p = project::load_for_check(&env.cwd, &env.cache, stdlib, path.as_deref(), "test");
    print_banner(out, &p, env);
    if print_problems(err, &p, env) {
        return 2;
    }
    let Some(prog) = p.host.program() else {
        let diags = relevant(&p.host, &p.selected);
        return refuse_broken_policy(err, &p.host, diags, env, "no test was run");
    };
    let selected = &p.selected;
    let run = testing::run(&prog, &|m| selected.iter().any(|s| s == m));
    for r in &run.results {
        let file = p.host.file(&r.module);
        let location = |offset: u32| match file {
            Some(f) => {
                let text = f.text(p.host.db());
                let (line, col) = ward_syntax::LineIndex::new(text).human(text, offset as usize);
                format!("{}:{line}:{col}", f.path(p.host.db()))
            }
            None => r.module.clone(),
        };
        if r.failures.is_empty() {
            let _ = writeln!(out, "ok    {} :: {}", r.module, r.name);
        } else {
            let _ = writeln!(out, "FAIL  {} :: {}", r.module, r.name);
            for f in &r.failures {
                let _ = writeln!(out, "      {}: {}", location(f.offset), f.message);
            }
        }
    }
    if !run.unexercised.is_empty() {
        let _ = writeln!(
            out,
            "\n{} that no test made fire:",
            plural(run.unexercised.len(), "rule", "rules")
        );
        for &r in &run.unexercised {
            let _ = writeln!(out, "  {}", prog.rules[r as usize].name);
        }
    } else if !run.results.is_empty() {
        let _ = writeln!(out, "\nevery rule was exercised by a test");
    }
    let _ = writeln!(out, "\n{} passed, {} failed", run.passed(), run.failed());
    if run.failed() > 0 { 1 } else { 0 }
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
pub fn fmt(
    paths: Vec<PathBuf>,
    check: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
    env: &Env,
) -> i32 {
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

pub fn init(
    path: Option<PathBuf>,
    name: Option<String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
    env: &Env,
) -> i32 {
    let dir = path
        .map(|p| env.cwd.join(p))
        .unwrap_or_else(|| env.cwd.clone());
    // Anything called ward.toml counts, even a link to nowhere (writing through it would
    // create a file wherever it points).
    if std::fs::symlink_metadata(dir.join("ward.toml")).is_ok() {
        let _ = writeln!(
            err,
            "error: {} already has a ward.toml",
            display_path(&env.cwd, &dir)
        );
        return 2;
    }
    let name = name.unwrap_or_else(|| {
        let raw = dir
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_else(|| "local_policy".into());
        let mut n: String = raw
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        if !n.starts_with(|c: char| c.is_ascii_lowercase()) {
            n.insert_str(0, "trust_");
        }
        n
    });
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\ndescription = \"Local digital governance policy\"\n\n[dependencies]\n# The national standard library is always available; pin the version you were checked with.\nnhs = \"^{}\"\n# A shared package: path = \"../regional\", or git = \"https://…\" with tag = \"v1.0.0\"\n",
        ward_core::VERSION
    );
    if name == ward_stdlib::PACKAGE {
        let _ = writeln!(
            err,
            "error: `nhs` is the standard library's name, and a local package cannot have it; choose another with --name"
        );
        return 2;
    }
    if let Err(e) = manifest::parse(&dir.join("ward.toml"), &manifest) {
        let _ = writeln!(err, "error: {}", e.message);
        return 2;
    }
    let module = "//! Local policy: duties this organisation adds on top of the national guidance.\n\nuse nhs.case.{organisation, technology}\n\nsource local_policy {\n  document \"Digital governance policy\"\n  section \"AI tools\"\n  label none\n}\n\n/// Every AI tool is recorded in the organisation's AI register before use.\nobligation local-ai-register \"Record the AI tool in the AI register\" held_by adopter\n\nrule ai_register {\n  cites local_policy\n  level local\n  when organisation.roles has adopter and technology.traits has ai\n  then require local-ai-register before \"first use\"\n}\n\ntest \"AI tools are registered\" {\n  given {\n    organisation.roles = {adopter}\n    technology.traits = {ai}\n  }\n  expect require local-ai-register\n}\n";
    // A policy.ward already there (or a link of that name) is left alone.
    let module_path = dir.join("policy.ward");
    let keep_module = std::fs::symlink_metadata(&module_path).is_ok();
    // So is an example case already there.
    let example_path = dir.join(crate::example_case::FILE);
    let example = match std::fs::symlink_metadata(&example_path) {
        Ok(_) => None,
        Err(_) => crate::example_case::text(),
    };
    let result = std::fs::create_dir_all(&dir)
        .and_then(|_| fswrite::create_new(&dir.join("ward.toml"), manifest.as_bytes()))
        .and_then(|_| {
            if keep_module {
                Ok(())
            } else {
                fswrite::create_new(&module_path, module.as_bytes())
            }
        })
        .and_then(|_| match &example {
            Some(text) => fswrite::create_new(&example_path, text.as_bytes()),
            None => Ok(()),
        });
    if let Err(e) = result {
        let _ = writeln!(err, "error: {}: {e}", display_path(&env.cwd, &dir));
        return 2;
    }
    let _ = writeln!(
        out,
        "created package `{name}` in {}: {}",
        display_path(&env.cwd, &dir),
        match (keep_module, example.is_some()) {
            (false, true) =>
                "ward.toml, policy.ward and example.case.yaml (a commented example case)",
            (false, false) => "ward.toml and policy.ward",
            (true, true) =>
                "ward.toml and example.case.yaml (policy.ward was already there and is left as it was)",
            (true, false) => "ward.toml (policy.ward was already there and is left as it was)",
        }
    );
    let _ = writeln!(
        out,
        "next: `ward test {0}`, `ward eval {1} --policy {0}`, and `ward ask` to write a case of your own",
        display_path(&env.cwd, &dir),
        display_path(&env.cwd, &dir.join(crate::example_case::FILE))
    );
    0
}

pub fn update(
    path: Option<PathBuf>,
    mode: project::Mode,
    out: &mut dyn Write,
    err: &mut dyn Write,
    env: &Env,
) -> i32 {
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
