//! End to end under a real editor: headless Neovim's built-in LSP client starts the
//! `ward-lsp` binary, opens a module with deliberate mistakes in a copy of the fixture
//! workspace `tests/fixtures/trust`, and asks for hover and go to definition from the cursor,
//! as `K` and `gd` do. The Lua side is `tests/neovim/ward_e2e.lua` (Neovim 0.7 APIs only); it
//! writes what Neovim received as JSON, which this test checks.
//!
//! `tests/run` installs Neovim; with `CI=true` a missing `nvim` (0.7 or newer) fails the test,
//! and otherwise it is not run, with a note on standard error.

mod common;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{fixture, path_of, position_of, text_at, uri};
use serde_json::{Value, json};

/// How long Neovim may take in all; it is killed after that. (The script waits at most
/// `SCRIPT_TIMEOUT_MS` for each answer.)
const NVIM_TIMEOUT: Duration = Duration::from_secs(60);
const SCRIPT_TIMEOUT_MS: &str = "30000";

/// The module Neovim opens. Two mistakes, each with a "did you mean": an obligation id after
/// non-ASCII text on its line (`’` and `£`: one UTF-16 unit each, but three and two bytes),
/// and a misspelt derived value. Everything else checks cleanly.
const PILOT: &str = r#"//! An AI pilot, for the Neovim end-to-end test: it has two deliberate mistakes.

use nhs.case.{organisation, technology}
use nhs.adopters.data.step_2_dpia.{step_2_dpia}
use trust.common.{weak_assurance}

/// Review the pilot’s £ budget before it starts.
obligation trust-pilot-review "Review the pilot’s £ budget" held_by adopter strengthens dpia-consder

/// An AI pilot in England by a weakly assured supplier is reviewed.
rule pilot_review {
  cites step_2_dpia
  level local
  when organisation.nation = england
    and technology.traits has ai
    and weak_asurance
  then require trust-pilot-review before "the pilot starts"
}
"#;

/// `name` in a directory of `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// `(major, minor)` from `nvim --version`'s first line, `NVIM v0.7.2`.
fn nvim_version(nvim: &Path) -> Option<(u32, u32)> {
    let out = Command::new(nvim)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let v = text.lines().next()?.trim().strip_prefix("NVIM v")?;
    let mut parts = v.split(['.', '-']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// A scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The `line:character` form the script takes a position in.
fn arg(pos: &Value) -> String {
    format!("{}:{}", pos["line"], pos["character"])
}

/// Zero-based line and byte column of the first `needle` in `text`: where Neovim's
/// `vim.diagnostic` puts a diagnostic (it converts the server's UTF-16 columns to bytes).
fn line_and_byte(text: &str, needle: &str) -> (u64, u64) {
    let byte = text.find(needle).unwrap();
    let before = &text[..byte];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() as u64,
        (byte - line_start) as u64,
    )
}

#[test]
fn neovim_builtin_client() {
    // `tests/run` installs Neovim (`tests/tools`), so under CI a missing or old `nvim` is a
    // failure, never a skip; a developer's plain `cargo test` without it gets a note instead.
    let in_ci = std::env::var("CI").as_deref() == Ok("true");
    let Some(nvim) = on_path("nvim") else {
        assert!(!in_ci, "CI=true but `nvim` is not on PATH: run tests/tools");
        eprintln!(
            "neovim: not run — `nvim` is not on PATH (install Neovim 0.7 or newer, or run \
             tests/tools, to run this end-to-end test)"
        );
        return;
    };
    match nvim_version(&nvim) {
        Some(v) if v >= (0, 7) => {}
        v => {
            assert!(
                !in_ci,
                "CI=true but {} is {v:?}; the test needs Neovim 0.7 or newer",
                nvim.display()
            );
            eprintln!(
                "neovim: not run — {} is {v:?}, and the script needs Neovim 0.7 or newer",
                nvim.display()
            );
            return;
        }
    }

    let dir = std::env::temp_dir().join(format!("ward-lsp-neovim-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let dir = dir.canonicalize().unwrap();
    let scratch = Scratch(dir.clone());
    let root = dir.join("trust");
    copy_dir(&fixture("trust"), &root);
    let file = root.join("pilot.ward");
    std::fs::write(&file, PILOT).unwrap();
    let cache = dir.join("cache");
    let out = dir.join("result.json");
    let log_path = dir.join("nvim.log");
    let log = File::create(&log_path).unwrap();

    let hover_at = position_of(PILOT, "technology.traits", 0, 2);
    let definition_at = position_of(PILOT, "organisation.nation", 0, 2);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/neovim/ward_e2e.lua");
    let luafile = format!(
        "luafile {}",
        script
            .to_string_lossy()
            .replace('\\', "\\\\")
            .replace(' ', "\\ ")
    );

    let started = Instant::now();
    let mut child = Command::new(&nvim)
        // If the script failed before its own `qa!`, the next command still ends Neovim.
        .args(["--headless", "--clean", "-c", &luafile, "-c", "cquit 3"])
        .current_dir(&dir)
        .env("WARD_LSP", env!("CARGO_BIN_EXE_ward-lsp"))
        .env("WARD_ROOT", &root)
        .env("WARD_FILE", &file)
        .env("WARD_OUT", &out)
        .env("WARD_HOVER", arg(&hover_at))
        .env("WARD_DEFINITION", arg(&definition_at))
        .env("WARD_TIMEOUT_MS", SCRIPT_TIMEOUT_MS)
        // The server writes the standard library below the cache directory, as in the
        // protocol tests; Neovim keeps its own files in the scratch directory too.
        .env("XDG_CACHE_HOME", &cache)
        .env("WARD_HOME", cache.join("ward-home"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .env_remove("NVIM")
        .env_remove("NVIM_LISTEN_ADDRESS")
        .env_remove("NVIM_LOG_FILE")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("nvim starts");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > NVIM_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "nvim did not finish within {NVIM_TIMEOUT:?}; its output:\n{}",
                std::fs::read_to_string(&log_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    eprintln!("neovim: nvim ran for {:?}", started.elapsed());
    let nvim_output = std::fs::read_to_string(&log_path).unwrap_or_default();
    let raw = std::fs::read_to_string(&out).unwrap_or_else(|e| {
        panic!(
            "nvim ({status}) wrote no result to {}: {e}\n{nvim_output}",
            out.display()
        )
    });
    let r: Value = serde_json::from_str(&raw).expect("the result is JSON");
    let context = format!(
        "nvim {status}; result:\n{}\nnvim's output:\n{nvim_output}",
        serde_json::to_string_pretty(&r).unwrap()
    );
    assert!(r.get("error").is_none(), "the script failed: {context}");
    assert!(status.success(), "nvim did not quit cleanly: {context}");
    assert_eq!(r["server_info"]["name"], json!("ward-lsp"), "{context}");
    assert_eq!(r["offset_encoding"], json!("utf-16"), "{context}");
    assert_eq!(
        r["uri"],
        json!(uri(&file)),
        "Neovim's URI for the file: {context}"
    );

    // Diagnostics, as `vim.diagnostic` holds them: the server published them for the version
    // Neovim opened, and Neovim put both on the right line and (byte) columns.
    let published = r["published"].as_array().unwrap();
    assert!(
        published
            .iter()
            .any(|p| p["uri"] == r["uri"] && p["version"] == r["opened_version"]),
        "diagnostics carry the version Neovim sent in didOpen: {context}"
    );
    let diags = r["diagnostics"].as_array().unwrap();
    let find = |code: &str| {
        diags
            .iter()
            .find(|d| d["code"] == json!(code))
            .unwrap_or_else(|| panic!("no {code} diagnostic: {context}"))
    };
    for (code, needle, message) in [
        (
            "ward::unknown-name",
            "weak_asurance",
            "cannot find `weak_asurance` in this scope\nhelp: did you mean `weak_assurance`?",
        ),
        (
            "ward::unknown-obligation",
            "dpia-consder",
            "no obligation has the id `dpia-consder`\nhelp: did you mean `dpia-consider`?",
        ),
    ] {
        let d = find(code);
        let (line, col) = line_and_byte(PILOT, needle);
        assert_eq!(d["message"], json!(message), "{context}");
        assert_eq!(d["severity"], json!(1), "an error: {context}");
        assert_eq!(d["source"], json!("ward"), "{context}");
        assert_eq!(
            (&d["lnum"], &d["col"], &d["end_lnum"], &d["end_col"]),
            (
                &json!(line),
                &json!(col),
                &json!(line),
                &json!(col + needle.len() as u64)
            ),
            "`{needle}` is underlined exactly: {context}"
        );
    }
    assert_eq!(
        diags.len(),
        2,
        "only the two deliberate mistakes are reported: {context}"
    );

    // Hover on the standard-library fact `technology`, asked from the cursor.
    let hover = &r["hover"];
    assert_eq!(
        hover["position"], hover_at,
        "the cursor round-trips: {context}"
    );
    assert_eq!(hover["kind"], json!("markdown"), "{context}");
    let markdown = hover["markdown"].as_str().unwrap();
    assert!(
        markdown.starts_with("```ward\nfact technology: Technology\n```"),
        "{context}"
    );
    assert!(markdown.contains("*Declared in* `nhs.case`"), "{context}");
    assert_eq!(text_at(PILOT, &hover["range"]), "technology", "{context}");
    let lines = hover["lines"].as_array().unwrap();
    assert!(
        lines.contains(&json!("fact technology: Technology")),
        "Neovim's hover window shows the declaration: {context}"
    );

    // Go to definition of `organisation`: into the standard library's read-only copy, which
    // Neovim opens, the cursor on the declared name.
    let def = &r["definition"];
    assert_eq!(
        def["position"], definition_at,
        "the cursor round-trips: {context}"
    );
    let target = path_of(def["uri"].as_str().unwrap());
    assert!(target.ends_with("nhs/case.ward"), "{context}");
    let stdlib_root = cache.join("ward");
    assert!(
        target.starts_with(&stdlib_root)
            && target
                .strip_prefix(&stdlib_root)
                .unwrap()
                .to_string_lossy()
                .starts_with("stdlib-"),
        "the target is the server's copy of the standard library: {context}"
    );
    let stdlib_text = std::fs::read_to_string(&target).unwrap();
    let range = json!({
        "start": { "line": def["line"], "character": def["character"] },
        "end": { "line": def["end_line"], "character": def["end_character"] },
    });
    assert_eq!(text_at(&stdlib_text, &range), "organisation", "{context}");
    let target_line = stdlib_text
        .lines()
        .nth(def["line"].as_u64().unwrap() as usize)
        .unwrap();
    assert!(
        target_line.starts_with("fact organisation:"),
        "{target_line}"
    );
    let jumped = &def["jumped"];
    assert_eq!(jumped["file"], json!(target.to_string_lossy()), "{context}");
    assert_eq!(jumped["line"], def["line"], "{context}");
    assert_eq!(jumped["word"], json!("organisation"), "{context}");
    assert_eq!(
        jumped["readonly"],
        json!(true),
        "Neovim opens the library read-only: {context}"
    );

    // Nothing alarming shown, and an orderly exit after Neovim's `shutdown` and `exit`.
    let alarms: Vec<&Value> = r["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"].as_u64().is_some_and(|t| t <= 2))
        .collect();
    assert!(alarms.is_empty(), "errors or warnings: {alarms:?}");
    assert_eq!(
        r["exit"],
        json!({ "code": 0, "signal": 0 }),
        "the server exits 0 after shutdown: {context}"
    );
    drop(scratch);
}
