//! `ward test [PATH]`: run the in-language tests and list the rules no test made fire.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;
use ward_core::testing;
use ward_project as project;

use crate::policy::print_banner;
use crate::render::plural;
use crate::{Env, OutputFormat, StdlibArg};

#[derive(clap::Args, Debug)]
pub struct TestArgs {
    /// A project directory, a `.ward` file, or `stdlib` (default: the current directory).
    path: Option<PathBuf>,
    /// `json` gives one object with every test's module, name, file, line and failures (for
    /// editors' test explorers and CI annotations).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    #[command(flatten)]
    stdlib: StdlibArg,
}

pub fn run(args: TestArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let stdlib = args.stdlib.choice(env);
    let p = project::load_for_check(&env.cwd, &env.cache, &stdlib, args.path.as_deref(), "test");
    let json = args.format == OutputFormat::Json;
    if json {
        // The output is one JSON document, so the library's identity goes to stderr.
        if let Some(b) = p.stdlib.banner(&env.cwd) {
            let _ = writeln!(err, "warning: {b}");
        }
    } else {
        print_banner(out, &p, env);
    }
    let prog = match crate::policy::program(&p, err, env, "no test was run") {
        Ok(prog) => prog,
        Err(code) => return code,
    };
    let selected = &p.selected;
    let run = testing::run(&prog, &|m| selected.iter().any(|s| s == m));
    let located = |module: &str, offset: u32| -> Location {
        match p.host.file(module) {
            Some(f) => {
                let text = f.text(p.host.db());
                let (line, column) = ward_syntax::LineIndex::new(text).human(text, offset as usize);
                Location {
                    file: Some(f.path(p.host.db()).to_string()),
                    line,
                    column,
                }
            }
            None => Location {
                file: None,
                line: 0,
                column: 0,
            },
        }
    };
    if json {
        let listing = Listing {
            tests: run
                .results
                .iter()
                .map(|r| TestEntry {
                    module: &r.module,
                    name: &r.name,
                    at: located(&r.module, r.offset),
                    passed: r.failures.is_empty(),
                    failures: r
                        .failures
                        .iter()
                        .map(|f| FailureEntry {
                            at: located(&r.module, f.offset),
                            message: &f.message,
                        })
                        .collect(),
                })
                .collect(),
            unexercised: run
                .unexercised
                .iter()
                .map(|&r| prog.rules[r as usize].name.as_str())
                .collect(),
            passed: run.passed(),
            failed: run.failed(),
        };
        let text = serde_json::to_string_pretty(&listing).unwrap_or_default();
        let _ = writeln!(out, "{text}");
        return if run.failed() > 0 { 1 } else { 0 };
    }
    for r in &run.results {
        if r.failures.is_empty() {
            let _ = writeln!(out, "ok    {} :: {}", r.module, r.name);
        } else {
            let _ = writeln!(out, "FAIL  {} :: {}", r.module, r.name);
            for f in &r.failures {
                let at = located(&r.module, f.offset);
                let shown = match &at.file {
                    Some(file) => format!("{file}:{}:{}", at.line, at.column),
                    None => r.module.clone(),
                };
                let _ = writeln!(out, "      {shown}: {}", f.message);
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

/// Where a test or a failed expectation is: its file and 1-based line and column (no file
/// for a module the host holds no text of).
#[derive(Serialize)]
struct Location {
    file: Option<String>,
    line: usize,
    column: usize,
}

/// `ward test --format json`.
#[derive(Serialize)]
struct Listing<'a> {
    tests: Vec<TestEntry<'a>>,
    /// Rules of the tested modules that no test made fire.
    unexercised: Vec<&'a str>,
    passed: usize,
    failed: usize,
}

#[derive(Serialize)]
struct TestEntry<'a> {
    module: &'a str,
    name: &'a str,
    #[serde(flatten)]
    at: Location,
    passed: bool,
    failures: Vec<FailureEntry<'a>>,
}

#[derive(Serialize)]
struct FailureEntry<'a> {
    #[serde(flatten)]
    at: Location,
    message: &'a str,
}
