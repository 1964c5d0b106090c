//! `docs/diagnostics.md`, generated: every code of the registry ([`ward_core::codes`]) with its
//! severity, its summary and its fixture as the example. A test compares the file with this
//! and rewrites it under `UPDATE_DOCS=1`.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use ward_core::Severity;
use ward_core::codes::{self, Code};

/// Where the fixtures of the codes are.
pub fn fixture_dir() -> PathBuf {
    crate::root().join("tests/fixtures/diagnostics/codes")
}

/// The fixture of a code: `ward::unknown-name` is `unknown-name.ward` (one file) or
/// `unknown-name.txt` (several files, with `//- /path` headers).
pub fn fixture_of(dir: &Path, code: &str) -> Option<PathBuf> {
    let stem = code.strip_prefix("ward::")?;
    ["ward", "txt"]
        .iter()
        .map(|ext| dir.join(format!("{stem}.{ext}")))
        .find(|p| p.is_file())
}

fn severity(c: &Code) -> &'static str {
    match c.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// GitHub's anchor for a `### \`ward::x\`` heading.
fn anchor(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

/// The text of `docs/diagnostics.md`.
pub fn generate(dir: &Path) -> String {
    let mut out = String::new();
    out.push_str("# Diagnostics\n\n");
    out.push_str("<!-- Generated from compiler/core/src/codes.rs and tests/fixtures/diagnostics/codes/:\n     run `UPDATE_DOCS=1 cargo test -p ward-tests --test all codes::` after changing either. -->\n\n");
    out.push_str("Every diagnostic `ward check` (and the editor) can report, by its code. An *error* stops\nthe policy from compiling, so `ward eval` and `ward test` refuse it; a *warning* does not. Each\nexample is the code's test fixture: the comment under a line marks what is reported there (see\n[testing](testing.md#diagnostic-fixtures)).\n\n");
    for g in codes::GROUPS {
        let _ = writeln!(
            out,
            "- {}: {}",
            g.title,
            g.codes
                .iter()
                .map(|c| format!("[`{}`](#{})", c.name, anchor(c.name)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for g in codes::GROUPS {
        let _ = write!(out, "\n## {}\n", g.title);
        for c in g.codes {
            let _ = write!(
                out,
                "\n### `{}`\n\n*{}* — {}\n",
                c.name,
                severity(c),
                c.summary
            );
            match fixture_of(dir, c.name) {
                Some(p) => {
                    let mut text = std::fs::read_to_string(&p).unwrap_or_default();
                    if !text.ends_with('\n') {
                        text.push('\n');
                    }
                    let lang = if p.extension().is_some_and(|e| e == "ward") {
                        "ward"
                    } else {
                        "text"
                    };
                    let _ = write!(out, "\n```{lang}\n{}```\n", text);
                }
                None => {
                    if let Some((_, why)) =
                        codes::WITHOUT_FIXTURE.iter().find(|(n, _)| *n == c.name)
                    {
                        let _ = write!(out, "\nNo fixture: {why}.\n");
                    }
                }
            }
        }
    }
    out
}
