//! Helpers shared by the integration tests: run the CLI in process with a fixed date and no
//! colour, load the standard library into a host, and read fixture files.

pub mod annotations;
pub mod diagnostic_fixture;
pub mod diagnostics_doc;
pub mod random_case;

use std::path::{Path, PathBuf};

use ward_core::Host;

/// The repository root (the workspace directory).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// The date every test evaluates as at, so snapshots never depend on the day.
pub const AS_OF: &str = "2026-11-22";

/// The output of one CLI run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run `ward <args>` in process, from the repository root, without colour.
pub fn ward(args: &[&str]) -> Run {
    ward_in(&root(), args)
}

/// Run `ward <args>` in process from `cwd`.
pub fn ward_in(cwd: &Path, args: &[&str]) -> Run {
    ward_with_cache(cwd, &std::env::temp_dir().join("ward-tests-cache"), args)
}

/// Run `ward <args>` in process from `cwd`, fetching git dependencies into `cache`.
pub fn ward_with_cache(cwd: &Path, cache: &Path, args: &[&str]) -> Run {
    // No test but the signing tests sees an installed library: this directory is never
    // written.
    let library = ward_project::stdlib_package::Installation {
        data: std::env::temp_dir().join("ward-tests-no-installed-library"),
        keys: ward_project::stdlib_package::Keyring::embedded().clone(),
    };
    ward_with_library(cwd, cache, library, args)
}

/// Run `ward <args>` in process from `cwd`, with `library` as the installed standard library
/// (its data directory and the keys it must be signed with).
pub fn ward_with_library(
    cwd: &Path,
    cache: &Path,
    library: ward_project::stdlib_package::Installation,
    args: &[&str],
) -> Run {
    let mut argv: Vec<std::ffi::OsString> = vec!["ward".into()];
    argv.extend(args.iter().map(|a| a.into()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let env = ward_cli::Env {
        cwd: cwd.to_path_buf(),
        color: false,
        today: ward_core::time::parse_instant(AS_OF).expect("a valid date"),
        cache: cache.to_path_buf(),
        progress: false,
        library,
    };
    // On a thread with the binary's stack, so that tests at the limits see what users see.
    let (code, out, err) = std::thread::Builder::new()
        .stack_size(ward_cli::STACK_BYTES)
        .spawn(move || {
            let code = ward_cli::run(argv, &mut out, &mut err, env);
            (code, out, err)
        })
        .expect("a thread for the command")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
    Run {
        code,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    }
}

/// Text with miette's wrapping undone (margins dropped, every run of whitespace one space), to
/// look for a long message in rendered output.
pub fn flat(s: &str) -> String {
    s.replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A host holding the embedded standard library.
pub fn stdlib_host(db: ward_core::Database) -> Host {
    let mut host = Host::new(db);
    ward_stdlib::load_into(&mut host);
    host
}

/// Every `.ward` file of the standard library and of the test fixtures, with its text.
pub fn all_ward_sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["stdlib/nhs", "tests/fixtures", "policies"] {
        for f in ward_project::walk::ward_files(&root().join(dir)).paths {
            let text = std::fs::read_to_string(&f).expect("a readable fixture");
            out.push((
                f.strip_prefix(root()).unwrap_or(&f).display().to_string(),
                text,
            ));
        }
    }
    out
}

/// A printed syntax tree with every position removed, to compare meaning across formatting.
pub fn tree_without_spans(text: &str) -> String {
    let parsed = ward_syntax::parse(text);
    let printed = format!("{:#?}", parsed.module.items);
    let mut out = String::with_capacity(printed.len());
    let mut chars = printed.chars().peekable();
    // Spans print as `@start..end`: drop them.
    while let Some(c) = chars.next() {
        if c == '@' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
            while chars
                .peek()
                .is_some_and(|d| d.is_ascii_digit() || *d == '.')
            {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Every `.yaml` and `.json` case file in `dir` (relative to the repository root), sorted;
/// never empty.
pub fn case_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no cases in {dir}");
    files
}
