//! `ward eval -`: a case on standard input, JSON or YAML (told apart by its text), gives the
//! report the same case gives from a file.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn eval(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ward"))
        .arg("eval")
        .args(args)
        .args(["--as-of", "2026-11-22"])
        .current_dir(&root)
        .env(
            "WARD_DATA_HOME",
            std::env::temp_dir().join("ward-eval-stdin-no-library"),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ward binary runs");
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The report without its audit footer's case hash and file name lines.
fn body(report: &str) -> String {
    report
        .lines()
        .filter(|l| !l.contains("sha256:") && !l.contains("policies/cases"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_case_on_standard_input_gives_the_files_report() {
    for case in [
        "policies/cases/developer-public-contract-bid.json",
        "policies/cases/english-trust-ai-imaging-pilot.yaml",
    ] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let text = std::fs::read(root.join(case)).unwrap();
        let (code, from_file, err) = eval(&[case], None);
        assert_eq!(code, 0, "{err}");
        let (code, from_stdin, err) = eval(&["-"], Some(&text));
        assert_eq!(code, 0, "{case}: {err}");
        assert_eq!(body(&from_file), body(&from_stdin), "{case}");
    }
}

#[test]
fn a_bad_case_on_standard_input_is_named_as_such() {
    let (code, _, err) = eval(&["-"], Some(b"organisation: {nation: atlantis}\n"));
    assert_eq!(code, 2);
    assert!(
        err.contains("standard input does not describe a valid case"),
        "{err}"
    );
    assert!(err.contains("organisation.nation"), "{err}");
}
