//! What a Windows machine does differently, held on every platform: policy and cases with CRLF
//! line endings or a UTF-8 byte-order mark, a manifest written with backslash paths, paths
//! with spaces; and the generated shell completions and manual pages. The Windows binary
//! itself is run under Wine by `.ci/release-check`.

use std::path::{Path, PathBuf};

use ward_tests::{AS_OF, root, ward, ward_in};

/// A fresh scratch directory (its name has a space, as Windows user folders often do).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ward platform {}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copy the example trust and regional packages into `dir`, each file through `edit`.
fn copy_policies(dir: &Path, edit: impl Fn(&str, String) -> String) {
    for pkg in ["trust", "regional"] {
        let from = root().join("policies").join(pkg);
        std::fs::create_dir_all(dir.join(pkg)).unwrap();
        for entry in std::fs::read_dir(&from).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(dir.join(pkg).join(&name), edit(&name, text)).unwrap();
        }
    }
}

fn crlf(text: String) -> String {
    text.replace('\n', "\r\n")
}

#[test]
fn a_crlf_checkout_checks_clean_verifies_its_lock_and_is_formatted() {
    let dir = scratch("crlf");
    copy_policies(&dir, |_, t| crlf(t));
    let trust = dir.join("trust");
    assert!(
        std::fs::read_to_string(trust.join("governance.ward"))
            .unwrap()
            .contains("\r\n")
    );
    let lf = ward(&["check", "policies/trust"]);
    let run = ward_in(&trust, &["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, lf.stdout);
    // The lock's checksums were taken over LF files: CRLF reads the same.
    assert!(!run.stderr.contains("no longer matches"), "{}", run.stderr);
    let fmt = ward_in(&trust, &["fmt", "--check"]);
    assert_eq!(fmt.code, 0, "{}{}", fmt.stdout, fmt.stderr);
    // Formatting keeps CRLF rather than rewriting every line.
    let text = std::fs::read_to_string(trust.join("governance.ward")).unwrap();
    let formatted = ward_syntax::format(&text).unwrap();
    assert_eq!(formatted, text);
}

#[test]
fn a_crlf_policy_gives_the_same_evaluation() {
    let dir = scratch("crlf-eval");
    copy_policies(&dir, |_, t| crlf(t));
    let case = root().join("policies/cases/english-trust-ai-imaging-pilot.yaml");
    let case = case.to_str().unwrap();
    let lf_policy = root().join("policies/trust");
    let a = ward(&[
        "eval",
        case,
        "--as-of",
        AS_OF,
        "--policy",
        lf_policy.to_str().unwrap(),
    ]);
    let crlf_policy = dir.join("trust");
    let b = ward(&[
        "eval",
        case,
        "--as-of",
        AS_OF,
        "--policy",
        crlf_policy.to_str().unwrap(),
    ]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(
        (b.code, without_hashes(&b.stdout)),
        (a.code, without_hashes(&a.stdout)),
        "{}",
        b.stderr
    );
}

#[test]
fn a_manifest_written_with_backslashes_means_the_same_path() {
    let dir = scratch("backslash");
    copy_policies(&dir, |name, t| {
        if name == "ward.toml" {
            t.replace("path = \"../regional\"", "path = \"..\\\\regional\"")
        } else {
            t
        }
    });
    let trust = dir.join("trust");
    assert!(
        std::fs::read_to_string(trust.join("ward.toml"))
            .unwrap()
            .contains(r#"path = "..\\regional""#)
    );
    let run = ward_in(&trust, &["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("no longer matches"), "{}", run.stderr);
    // `ward update` records the path with `/`, as a lock written anywhere else has it.
    let update = ward_in(&trust, &["update"]);
    assert_eq!(update.code, 0, "{}{}", update.stdout, update.stderr);
    let lock = std::fs::read_to_string(trust.join("ward.lock")).unwrap();
    assert!(lock.contains("source = \"path+../regional\""), "{lock}");
}

#[test]
fn case_files_with_a_bom_crlf_or_spaces_in_their_path_evaluate_alike() {
    let dir = scratch("cases");
    let original = root().join("policies/cases/english-trust-ai-imaging-pilot.yaml");
    let text = std::fs::read_to_string(&original).unwrap();
    let plain = ward(&["eval", original.to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    let bom = dir.join("ai imaging pilot (bom).yaml");
    std::fs::write(&bom, format!("\u{feff}{}", crlf(text.clone()))).unwrap();
    let spaced = dir.join("ai imaging pilot.yaml");
    std::fs::write(&spaced, &text).unwrap();
    for case in [&bom, &spaced] {
        let run = ward_in(
            &dir,
            &[
                "eval",
                case.file_name().unwrap().to_str().unwrap(),
                "--as-of",
                AS_OF,
            ],
        );
        assert_eq!(
            (run.code, without_hashes(&run.stdout)),
            (0, without_hashes(&plain.stdout)),
            "{}: {}",
            case.display(),
            run.stderr
        );
    }
    let json = root().join("policies/cases/developer-public-contract-bid.json");
    let bom_json = dir.join("bid.json");
    std::fs::write(
        &bom_json,
        format!("\u{feff}{}", std::fs::read_to_string(&json).unwrap()),
    )
    .unwrap();
    let a = ward(&[
        "eval",
        json.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    let b = ward(&[
        "eval",
        bom_json.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    // The audit hash is of each file as stored, mark and all (what `sha256sum` gives); the
    // rest of the report is the same.
    let mut reports = Vec::new();
    for (run, file) in [(&a, &json), (&b, &bom_json)] {
        let mut report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let bytes = std::fs::read(file).unwrap();
        let hash = report
            .as_object_mut()
            .and_then(|o| o.remove("case_hash"))
            .unwrap_or_default();
        assert_eq!(hash, sha256_of(&bytes), "{}", file.display());
        reports.push(report);
    }
    assert_eq!(reports[0], reports[1]);
}

fn sha256_of(bytes: &[u8]) -> String {
    use sha2::Digest;
    let hex: String = sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256:{hex}")
}

#[test]
fn a_utf16_case_is_refused_by_name() {
    let dir = scratch("utf16");
    let f = dir.join("case.yaml");
    let mut bytes = vec![0xFF, 0xFE];
    for u in "organisation:\r\n  nation: england\r\n".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(&f, bytes).unwrap();
    let run = ward(&["eval", f.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is UTF-16 text; Ward reads UTF-8"),
        "{}",
        run.stderr
    );
}

#[test]
fn completions_for_every_shell_name_the_commands() {
    for (shell, marker) in [
        ("bash", "complete -F _ward"),
        ("zsh", "#compdef ward"),
        ("fish", "complete -c ward"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[ward]"),
    ] {
        let run = ward(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}: no {marker:?}");
        for cmd in ["eval", "check", "completions", "man"] {
            assert!(run.stdout.contains(cmd), "{shell}: no {cmd}");
        }
        // fish writes options as `-l as-of`, the others as `--as-of`.
        assert!(run.stdout.contains("as-of"), "{shell}: no --as-of");
    }
    let bad = ward(&["completions", "cmd.exe"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("possible values"), "{}", bad.stderr);
}

#[test]
fn manual_pages_for_ward_and_each_command() {
    let page = ward(&["man"]);
    assert_eq!(page.code, 0, "{}", page.stderr);
    assert!(
        page.stdout.contains(".TH ward 1"),
        "{}",
        &page.stdout[..200.min(page.stdout.len())]
    );
    assert!(
        page.stdout.contains("ward\\-eval"),
        "the page lists the commands"
    );
    for cmd in [
        "check",
        "eval",
        "exceptions",
        "test",
        "init",
        "update",
        "fetch",
        "fmt",
        "completions",
    ] {
        let run = ward(&["man", cmd]);
        assert_eq!(run.code, 0, "{cmd}: {}", run.stderr);
        assert!(run.stdout.contains(&format!(".TH ward-{cmd} 1")), "{cmd}");
        assert!(
            run.stdout
                .contains(&format!("\"ward {}\"", env!("CARGO_PKG_VERSION"))),
            "{cmd}: names the version"
        );
    }
    let eval = ward(&["man", "eval"]);
    assert!(
        eval.stdout.contains("\\-\\-as\\-of"),
        "eval's page has its options"
    );
    let bad = ward(&["man", "evaluate"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("has no command `evaluate`"),
        "{}",
        bad.stderr
    );
}

/// A report with the audit footer's hashes blanked: they identify the exact bytes read (a CRLF
/// or BOM copy is another file to an auditor), while everything the report concludes must be
/// the same.
fn without_hashes(report: &str) -> String {
    let mut out = String::with_capacity(report.len());
    let mut rest = report;
    while let Some(i) = rest.find("sha256:") {
        out.push_str(&rest[..i + "sha256:".len()]);
        rest = rest[i + "sha256:".len()..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
        out.push('…');
    }
    out.push_str(rest);
    out
}
