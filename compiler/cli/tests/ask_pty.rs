//! `ward ask` in a pseudo-terminal, driven as a person would: answers typed and picked with
//! the arrow keys, Esc to go back one question, Ctrl-C midway — and the partial case it saves
//! checked. It runs the built `ward` binary (so the prompts see a real terminal).

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession as Session;
use expectrl::{Expect, Session as Spawn};

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const CTRL_C: &str = "\x03";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ward-ask-pty-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn start(dir: &Path, out: &str) -> Session {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ward"));
    cmd.args(["ask", "--as-of", "2026-11-22", "-o", out])
        .current_dir(dir)
        // The installed library, if any, is no business of this test.
        .env("WARD_DATA_HOME", dir.join("no-library"))
        .env("NO_COLOR", "1");
    let mut s = Spawn::spawn(cmd).expect("a pseudo-terminal");
    s.set_expect_timeout(Some(Duration::from_secs(60)));
    s
}

/// Wait for `text`, then press `keys` one at a time.
fn at(s: &mut Session, text: &str, keys: &[&str]) {
    s.expect(text)
        .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"));
    // Let the prompt finish drawing (a whole line more: its first choice) before keys arrive.
    s.expect(expectrl::Regex(r"\n[^\r\n]*\r?\n"))
        .unwrap_or_else(|e| panic!("waiting for the prompt after {text:?}: {e}"));
    std::thread::sleep(Duration::from_millis(150));
    for k in keys {
        s.send(k).unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }
}

/// The process's exit code once it has ended.
fn finish(mut s: Session) -> i32 {
    let _ = s.expect(expectrl::Eof);
    match s.get_process_mut().wait() {
        Ok(WaitStatus::Exited(_, code)) => code,
        other => panic!("ward ask ended oddly: {other:?}"),
    }
}

#[test]
fn answers_typed_and_picked_then_ctrl_c_saves_the_partial_case() {
    let dir = scratch("ctrl-c");
    let mut s = start(&dir, "partial.case.yaml");
    // Roles: a multi-select; space picks the first (adopter), then arrow to developer.
    at(
        &mut s,
        "Is the organisation adopting",
        &[" ", DOWN, " ", ENTER],
    );
    // Nation: arrow down twice to scotland.
    at(&mut s, "In which UK nation", &[DOWN, DOWN, ENTER]);
    // Midway through the next question, Ctrl-C.
    at(&mut s, "2 answers", &[CTRL_C]);
    s.expect("interrupted; saved 2 answers to partial.case.yaml")
        .expect("the interview says what it saved");
    assert_eq!(finish(s), 130);
    let written = std::fs::read_to_string(dir.join("partial.case.yaml")).unwrap();
    assert!(
        written.contains("  roles: [adopter, developer]\n"),
        "{written}"
    );
    assert!(written.contains("  nation: scotland\n"), "{written}");
    assert!(written.contains("# Unfinished"), "{written}");
    assert!(
        written.contains("  # In which UK nation does the organisation"),
        "{written}"
    );
}

#[test]
fn esc_goes_back_one_question() {
    let dir = scratch("back");
    let mut s = start(&dir, "back.case.yaml");
    at(&mut s, "Is the organisation adopting", &[" ", ENTER]);
    at(&mut s, "In which UK nation", &[DOWN, ENTER]);
    // Back from the third question to the nation, and answer it again: england.
    at(&mut s, "2 answers", &[ESC]);
    at(&mut s, "In which UK nation", &[ENTER]);
    at(&mut s, "2 answers", &[CTRL_C]);
    s.expect("saved 2 answers").unwrap();
    assert_eq!(finish(s), 130);
    let written = std::fs::read_to_string(dir.join("back.case.yaml")).unwrap();
    assert!(written.contains("  nation: england\n"), "{written}");
    assert!(!written.contains("wales"), "{written}");
}

#[test]
fn dont_know_leaves_a_fact_unknown() {
    let dir = scratch("dont-know");
    let mut s = start(&dir, "dk.case.yaml");
    at(&mut s, "Is the organisation adopting", &[" ", ENTER]);
    // "don't know" is the last choice after the four nations.
    at(
        &mut s,
        "In which UK nation",
        &[DOWN, DOWN, DOWN, DOWN, ENTER],
    );
    at(&mut s, "2 answers", &[CTRL_C]);
    s.expect("saved 2 answers").unwrap();
    assert_eq!(finish(s), 130);
    let written = std::fs::read_to_string(dir.join("dk.case.yaml")).unwrap();
    assert!(
        written.contains("  nation: null  # don't know\n"),
        "{written}"
    );
}

#[test]
fn a_list_entry_is_added_its_fields_asked_then_add_another() {
    let dir = scratch("list");
    // The example case `ward init` writes, without its data flows.
    let partial = "organisation: {nation: england, type: nhs_trust, roles: [adopter]}\n\
        technology: {device_status: not_device, health_it: true, traits: [ai], legacy_reasons: []}\n\
        data: {health_care: true, identifiability: pseudonymised}\n\
        activity: {stages: [procurement, pilot], purposes: [service_evaluation]}\n";
    std::fs::write(dir.join("flows.case.yaml"), partial).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ward"));
    cmd.args(["ask", "flows.case.yaml", "--as-of", "2026-11-22"])
        .current_dir(&dir)
        .env("WARD_DATA_HOME", dir.join("no-library"))
        .env("NO_COLOR", "1");
    let mut s = Spawn::spawn(cmd).expect("a pseudo-terminal");
    s.set_expect_timeout(Some(Duration::from_secs(60)));
    at(&mut s, "Add one?", &[ENTER]);
    // Each of the entry's questions that matters, answered with its first choice, until
    // "add another?" (whose cursor starts on no).
    let mut fields = 0;
    loop {
        // The progress line `ward ask` prints, then the prompt's line (ended, so whole).
        let found = s
            .expect(expectrl::Regex(
                r"\[\d+ answers? [^\]\r\n]*\]\r?\n([^\r\n]*)\r?\n",
            ))
            .expect("a question");
        let line = String::from_utf8_lossy(found.get(1).unwrap_or_default()).into_owned();
        if line.contains("Add another?") {
            break;
        }
        fields += 1;
        assert!(fields < 10, "add another? is never asked");
        std::thread::sleep(Duration::from_millis(200));
        s.send(ENTER).unwrap();
    }
    assert!(fields >= 1, "no field of the entry was asked");
    std::thread::sleep(Duration::from_millis(150));
    s.send(ENTER).unwrap();
    std::thread::sleep(Duration::from_millis(700));
    s.send(CTRL_C).unwrap();
    s.expect("interrupted; saved").unwrap();
    assert_eq!(finish(s), 130);
    let written = std::fs::read_to_string(dir.join("flows.case.yaml")).unwrap();
    assert!(written.contains("  flows:\n    -\n"), "{written}");
    assert_eq!(
        written.matches("\n    -\n").count(),
        1,
        "one entry: {written}"
    );
    assert!(
        written.contains("      # Who receives the data: the direct care team, the developer, or someone else?\n      recipient: direct_care_team\n"),
        "{written}"
    );
}

#[test]
fn a_killed_interview_has_already_saved_every_answer() {
    let dir = scratch("killed");
    let mut s = start(&dir, "killed.case.yaml");
    at(&mut s, "Is the organisation adopting", &[" ", ENTER]);
    at(&mut s, "In which UK nation", &[DOWN, DOWN, DOWN, ENTER]);
    at(&mut s, "2 answers", &[]);
    // No chance to save anything now: the file must already hold both answers.
    s.get_process_mut()
        .signal(expectrl::process::unix::Signal::SIGKILL)
        .unwrap();
    let _ = s.expect(expectrl::Eof);
    let written = std::fs::read_to_string(dir.join("killed.case.yaml")).unwrap();
    assert!(written.contains("  roles: [adopter]\n"), "{written}");
    assert!(
        written.contains("  nation: northern_ireland\n"),
        "{written}"
    );
}
