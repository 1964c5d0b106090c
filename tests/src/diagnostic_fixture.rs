//! Running one diagnostics fixture: a package (or several) written in the `//- /path` format
//! the IDE tests use ([`ward_ide::fixture::split`]), put on disk and checked twice — by the
//! `ward check` command, for the snapshot a policy author would see, and by the same loader and
//! queries directly, for the diagnostics as data that the inline expectations
//! ([`crate::annotations`]) are compared with.
//!
//! The first file's package is the one checked. A package the fixture gives no `ward.toml` gets
//! `name = "<its directory>"`, so `/trust/rules.ward` is module `trust.rules`, as in the IDE
//! fixtures. A checked package whose `ward.toml` in the fixture has `[dependencies]`, and
//! which has no `ward.lock` there, is locked with `ward update` first (its output is part of
//! the snapshot).

use std::path::{Path, PathBuf};

use ward_project::stdlib::Choice;

use crate::annotations::{Actual, Expected};
use crate::{AS_OF, ward_with_cache};

/// A fixture after it was checked.
pub struct Checked {
    /// Each file, as (path below the fixture's root, text), in the order written.
    pub files: Vec<(String, String)>,
    /// The commands' output, for the snapshot.
    pub rendered: String,
    /// What the loader and the checker reported.
    pub actual: Vec<Actual>,
    /// What the annotations expect.
    pub expected: Vec<Expected>,
}

impl Checked {
    /// The text of a file of the fixture.
    pub fn text(&self, path: &str) -> &str {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map_or("", |(_, t)| t.as_str())
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a file in a directory")).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Check the fixture `name` with text `fixture`. Panics on a malformed fixture or annotation.
pub fn check(name: &str, fixture: &str) -> Checked {
    let files: Vec<(String, String)> = ward_ide::fixture::split(fixture)
        .into_iter()
        .map(|(p, t)| {
            let rel = p
                .strip_prefix('/')
                .filter(|r| r.contains('/'))
                .unwrap_or_else(|| {
                    panic!("{name}: write headers as `//- /package/file`, not `{p}`")
                });
            (rel.to_string(), t)
        })
        .collect();
    let package_of = |p: &str| p.split('/').next().unwrap_or_default().to_string();
    let selected = package_of(&files[0].0);
    let scratch: PathBuf = std::env::temp_dir().join(format!(
        "ward-codes-{}-{}",
        std::process::id(),
        name.replace(['/', '.'], "_")
    ));
    let _ = std::fs::remove_dir_all(&scratch);
    for (p, t) in &files {
        write(&scratch.join(p), t);
    }
    let mut packages: Vec<String> = files.iter().map(|(p, _)| package_of(p)).collect();
    packages.dedup();
    for pkg in &packages {
        let manifest = scratch.join(pkg).join("ward.toml");
        if !manifest.exists() {
            write(
                &manifest,
                &format!("[package]\nname = \"{pkg}\"\nversion = \"1.0.0\"\n"),
            );
        }
    }
    let cache = scratch.join(".cache");
    let given = |f: &str| {
        files
            .iter()
            .find(|(p, _)| *p == format!("{selected}/{f}"))
            .map(|(_, t)| t.as_str())
    };
    let mut rendered = String::new();
    let has_dependencies = given("ward.toml").is_some_and(|t| t.contains("[dependencies]"));
    if has_dependencies && given("ward.lock").is_none() {
        let run = ward_with_cache(&scratch.join(&selected), &cache, &["update"]);
        rendered.push_str(&format!(
            "----- ward update (exit {}) -----\n{}{}",
            run.code, run.stdout, run.stderr
        ));
    }
    let run = ward_with_cache(&scratch, &cache, &["check", &selected]);
    rendered.push_str(&format!(
        "----- ward check {selected} (exit {}) -----\n{}{}",
        run.code, run.stdout, run.stderr
    ));
    let actual = reported(&scratch, &cache, &selected);
    let _ = std::fs::remove_dir_all(&scratch);
    let mut expected = Vec::new();
    for (p, t) in &files {
        expected.extend(crate::annotations::parse(p, t).unwrap_or_else(|e| panic!("{name}: {e}")));
    }
    Checked {
        files,
        rendered,
        actual,
        expected,
    }
}

/// What `ward check <selected>` reports, as data: load problems, every diagnostic of the
/// checked package, errors anywhere else, and citations checked against the documents.
fn reported(scratch: &Path, cache: &Path, selected: &str) -> Vec<Actual> {
    let mut p = ward_project::load_for_check(
        scratch,
        cache,
        &Choice::Embedded,
        Some(Path::new(selected)),
        "check",
    );
    p.host
        .set_today(Some(ward_core::time::parse_instant(AS_OF).expect("a date")));
    let mut out = Vec::new();
    for problem in &p.problems {
        out.push(match problem {
            ward_project::Problem::File(e) => Actual {
                path: ward_project::paths::display_path(scratch, &e.path),
                span: e.span.clone().map(|r| (r.start, r.end)),
                severity: ward_core::Severity::Error,
                code: ward_project::FileError::CODE.to_string(),
                message: e.message.clone(),
            },
            // A problem outside any file has no code: no fixture may cause one.
            other => Actual {
                path: String::new(),
                span: None,
                severity: if other.is_warning() {
                    ward_core::Severity::Warning
                } else {
                    ward_core::Severity::Error
                },
                code: "(a load problem without a code)".into(),
                message: format!("{other:?}"),
            },
        });
    }
    let db = p.host.db();
    let actual = |f: ward_core::SourceFile, d: &ward_core::Diagnostic| Actual {
        path: f.path(db).clone(),
        span: Some((d.span.start as usize, d.span.end as usize)),
        severity: d.severity,
        code: d.code.to_string(),
        message: d.message.clone(),
    };
    for (f, ds) in p.host.diagnostics() {
        let mine = p
            .selected
            .iter()
            .any(|m| m.as_str() == f.module(db).as_str());
        out.extend(
            ds.iter()
                .filter(|d| mine || d.is_error())
                .map(|d| actual(f, d)),
        );
    }
    for (f, d) in ward_core::citations::check_citations(db, p.host.workspace()) {
        out.push(actual(f, &d));
    }
    out
}
