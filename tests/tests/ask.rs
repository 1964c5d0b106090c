//! `ward ask` without a terminal: answers from `--answers`, one line per question. A whole
//! interview writes a commented case that `ward eval` accepts; dates typed the UK way are
//! stored as ISO; an interview cut short (the answers end, or one is unusable) saves every
//! answer before it; a file resumed from is not asked again, nor its "don't know" answers.
//! (The terminal itself is driven in a pseudo-terminal by `compiler/cli/tests/ask_pty.rs`.)

use std::path::{Path, PathBuf};

use ward_tests::{AS_OF, root, ward_in};

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ward-ask-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn ask(dir: &Path, args: &[&str]) -> ward_tests::Run {
    let mut all = vec!["ask", "--as-of", AS_OF];
    all.extend_from_slice(args);
    ward_in(dir, &all)
}

#[test]
fn a_whole_interview_writes_a_case_ward_eval_accepts() {
    let dir = scratch("whole");
    let answers = root().join("tests/fixtures/ask/welsh-board-pilot.answers");
    let run = ask(
        &dir,
        &[
            "--answers",
            answers.to_str().unwrap(),
            "-o",
            "pilot.case.yaml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(dir.join("pilot.case.yaml")).unwrap();
    insta::assert_snapshot!("welsh_board_pilot_case", written);
    insta::assert_snapshot!("welsh_board_pilot_summary", run.stdout);
    // Each question was put with the progress line before it.
    assert!(
        run.stderr
            .lines()
            .next()
            .unwrap()
            .starts_with("[0 answers · ")
    );
    let eval = ward_in(&dir, &["eval", "pilot.case.yaml", "--as-of", AS_OF]);
    assert_eq!(eval.code, 0, "{}", eval.stderr);
    // The summary `ward ask` printed is the decision record's.
    let summary = run.stdout.lines().nth(1).unwrap();
    assert!(eval.stdout.contains(summary), "{summary}\n{}", eval.stdout);
}

/// The ransomware example without its awareness time: the interview asks for it (it dates
/// the 72-hour NIS report), and a UK date is stored as ISO.
#[test]
fn a_uk_date_is_stored_as_iso() {
    let dir = scratch("date");
    let example = std::fs::read_to_string(
        root().join("policies/cases/nhs-trust-ransomware-nis-incident.yaml"),
    )
    .unwrap();
    let partial: String = example
        .lines()
        .filter(|l| !l.contains("aware_at"))
        .map(|l| format!("{l}\n"))
        .collect();
    let partial = format!("meta:\n  title: \"Ransomware, 21 November\"\n{partial}");
    std::fs::write(dir.join("partial.yaml"), partial).unwrap();
    // "Is a change under way?" comes first (it would change duties), then the date.
    std::fs::write(dir.join("answers"), "no\n21/11/2026\n").unwrap();
    let run = ask(
        &dir,
        &["partial.yaml", "--answers", "answers", "-o", "out.yaml"],
    );
    assert!(
        run.stderr.contains("(incidents[0].aware_at)"),
        "the awareness date is asked: {}",
        run.stderr
    );
    let written = std::fs::read_to_string(dir.join("out.yaml")).unwrap();
    assert!(written.contains("    aware_at: 2026-11-21\n"), "{written}");
    assert!(written.contains("# When did the organisation become aware of the incident?"));
    // The partial case's meta block is kept, and the file is a case `ward eval` reads.
    assert!(
        written.contains("meta:\n  title: \"Ransomware, 21 November\"\n"),
        "{written}"
    );
    let eval = ward_in(&dir, &["eval", "out.yaml", "--as-of", AS_OF]);
    assert_eq!(eval.code, 0, "{}", eval.stderr);
    assert!(
        eval.stdout.contains("Ransomware, 21 November"),
        "{}",
        eval.stdout
    );
}

#[test]
fn answers_that_end_early_save_what_was_answered() {
    let dir = scratch("early");
    std::fs::write(dir.join("answers"), "adopter\nwales\n").unwrap();
    let run = ask(&dir, &["--answers", "answers"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("saved 2 answers to case.yaml"),
        "{}",
        run.stderr
    );
    let written = std::fs::read_to_string(dir.join("case.yaml")).unwrap();
    assert!(written.contains("  nation: wales\n") && written.contains("  roles: [adopter]\n"));
    assert!(written.contains("Unfinished"), "{written}");
    // Going on from the file asks neither again; a "don't know" is kept as null and not
    // asked again either.
    std::fs::write(dir.join("more"), "?\n").unwrap();
    let again = ask(&dir, &["case.yaml", "--answers", "more"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let first = again.stderr.lines().find(|l| l.starts_with("? ")).unwrap();
    assert!(!first.contains("organisation.roles") && !first.contains("organisation.nation"));
    let asked = first[first.rfind('(').unwrap() + 1..first.len() - 1].to_string();
    let field = asked.rsplit('.').next().unwrap();
    let written = std::fs::read_to_string(dir.join("case.yaml")).unwrap();
    assert!(
        written.contains(&format!("{field}: null  # don't know")),
        "{written}"
    );
    std::fs::write(dir.join("none"), "").unwrap();
    let third = ask(&dir, &["case.yaml", "--answers", "none"]);
    assert!(
        !third.stderr.contains(&format!("({asked})")),
        "{}",
        third.stderr
    );
    // Without -o, a case.yaml that is not being continued is never overwritten.
    let refused = ask(&dir, &["--answers", "none"]);
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("case.yaml already exists"),
        "{}",
        refused.stderr
    );
}

#[test]
fn an_unusable_answer_stops_and_keeps_the_ones_before() {
    let dir = scratch("bad");
    std::fs::write(dir.join("answers"), "adopter\natlantis\n").unwrap();
    let run = ask(&dir, &["--answers", "answers", "-o", "c.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("answer 2 (to organisation.nation): \"atlantis\" is not one of the answers"),
        "{}",
        run.stderr
    );
    let written = std::fs::read_to_string(dir.join("c.yaml")).unwrap();
    assert!(written.contains("roles: [adopter]"));
}

#[test]
fn init_writes_an_example_case_that_evaluates() {
    let dir = scratch("init");
    let run = ward_in(&dir, &["init", "trust"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("example.case.yaml"), "{}", run.stdout);
    let text = std::fs::read_to_string(dir.join("trust/example.case.yaml")).unwrap();
    assert!(text.starts_with("# An example case"), "{text}");
    assert!(text.contains("  # In which UK nation"));
    let eval = ward_in(
        &dir,
        &[
            "eval",
            "trust/example.case.yaml",
            "--policy",
            "trust",
            "--as-of",
            AS_OF,
        ],
    );
    assert_eq!(eval.code, 0, "{}", eval.stderr);
    assert!(eval.stdout.contains("local-ai-register"), "{}", eval.stdout);
}
