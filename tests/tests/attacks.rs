//! Attacks on Ward's central promise, that local policy cannot weaken the law (issue 13). Each
//! package in `fixtures/attacks/` tries one way; each is either refused at check time (and
//! then nothing is evaluated), or evaluated against an English trust piloting an innovative AI
//! tool on large-scale identifiable health data (`cases/dpia-applies.yaml`: the DPIA is law)
//! and the same case with `data.large_scale` left out (`cases/dpia-scale-unknown.yaml`: the
//! legal DPIA is undetermined). Evaluated, the DPIA must stay legally required, or legally
//! required / undetermined with its question, in the text report, the JSON report and batch
//! lines alike. Snapshots show the check output and the DPIA entries of every report.
//!
//! Local exceptions past their review date are here too: they lapse (the duty returns, and
//! the report says so first), unless `--allow-expired`, which the report also says first;
//! `ward check` warns 30 days ahead; `ward exceptions` lists them all.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use ward_tests::{AS_OF, root, ward, ward_in};

const ATTACKS: &str = "tests/fixtures/attacks";
const APPLIES: &str = "tests/fixtures/attacks/cases/dpia-applies.yaml";
const UNKNOWN: &str = "tests/fixtures/attacks/cases/dpia-scale-unknown.yaml";
const BATCH: &str = "tests/fixtures/attacks/cases/both.jsonl";

/// Every attack package (every directory but `cases`), sorted.
fn attack_packages() -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(root().join(ATTACKS))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("ward.toml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 6, "attack packages: {dirs:?}");
    dirs
}

fn json_report(case: &str, policy: &str, extra: &[&str]) -> Json {
    let mut args = vec![
        "eval", case, "--policy", policy, "--as-of", AS_OF, "--format", "json",
    ];
    args.extend_from_slice(extra);
    let run = ward(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("eval --format json prints JSON")
}

fn text_report(case: &str, policy: &str, extra: &[&str]) -> String {
    let mut args = vec!["eval", case, "--policy", policy, "--as-of", AS_OF];
    args.extend_from_slice(extra);
    let run = ward(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

fn obligation<'a>(report: &'a Json, id: &str) -> Option<&'a Json> {
    report["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
}

/// The obligation's entry in a text report, with the heading it is listed under (its level,
/// or ACT NOW).
fn text_block(text: &str, id: &str) -> Option<(String, String)> {
    let mut heading = String::new();
    let mut block: Option<String> = None;
    for line in text.lines() {
        if let Some(b) = &mut block {
            if !line.starts_with("     ") {
                break;
            }
            // Citations and holders are the library's business, not the attack's.
            if !line.starts_with("     Guidance:") {
                b.push_str(line);
                b.push('\n');
            }
            continue;
        }
        if !line.starts_with(' ') && !line.is_empty() {
            heading = line.to_string();
        }
        if line.starts_with("  ") && line.ends_with(&format!(" [{id}]")) {
            block = Some(format!("{line}\n"));
        }
    }
    block.map(|b| (heading, b))
}

/// The DPIA of both cases is as the law says, in every output, and the snapshot gets the
/// report's DPIA entries.
fn dpia_holds(package: &str, snap: &mut String) {
    let policy = format!("{ATTACKS}/{package}");
    for (case, undetermined) in [(APPLIES, false), (UNKNOWN, true)] {
        let report = json_report(case, &policy, &[]);
        let dpia = obligation(&report, "dpia").expect("the DPIA is listed");
        assert_eq!(dpia["level"], "required", "{package} {case}: {dpia}");
        assert_eq!(dpia["verb"], "require", "{package} {case}: {dpia}");
        assert_eq!(
            dpia["source"]["origin"], "stdlib",
            "{package} {case}: {dpia}"
        );
        if undetermined {
            assert_eq!(dpia["status"], "undetermined", "{package} {case}: {dpia}");
            assert_eq!(dpia["missing"][0], "data.large_scale", "{package}: {dpia}");
            assert_eq!(
                dpia["questions"][0]["ask"], "Is the processing on a large scale?",
                "{package}: {dpia}"
            );
        } else {
            assert_eq!(dpia["status"], "applies", "{package} {case}: {dpia}");
        }
        let text = text_report(case, &policy, &[]);
        let (heading, block) = text_block(&text, "dpia").expect("the DPIA is in the text report");
        assert!(
            ["LEGALLY REQUIRED", "ACT NOW"].contains(&heading.as_str()),
            "{package} {case}: {heading}\n{block}"
        );
        if undetermined {
            assert!(
                block.contains("(legally required; undetermined) [dpia]"),
                "{block}"
            );
            assert!(
                block.contains(
                    "Would be settled by: data.large_scale: Is the processing on a large scale?"
                ),
                "{block}"
            );
        } else {
            assert!(
                block.contains("(legally required; applies) [dpia]"),
                "{block}"
            );
        }
        let name = Path::new(case).file_name().unwrap().to_string_lossy();
        snap.push_str(&format!(
            "\n----- ward eval {name} -----\n{heading}\n{block}"
        ));
        for id in ["dpia-consider"] {
            match text_block(&text, id) {
                Some((h, b)) => snap.push_str(&format!("{h}\n{b}")),
                None => snap.push_str(&format!("({id} not listed)\n")),
            }
        }
        let mut entry = dpia.clone();
        entry.as_object_mut().unwrap().remove("citations");
        snap.push_str(&format!(
            "json dpia: {}\n",
            serde_json::to_string_pretty(&entry).unwrap()
        ));
    }
    // Batch lines agree with the report.
    let run = ward(&[
        "eval",
        "--batch",
        BATCH,
        "--policy",
        &policy,
        "--as-of",
        AS_OF,
        "--missing",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<Json> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for (line, status) in [(&lines[0], "applies"), (&lines[1], "undetermined")] {
        let dpia = obligation(line, "dpia").expect("the DPIA is in the batch line");
        assert_eq!(dpia["status"], status, "{package}: {dpia}");
        assert_eq!(dpia["level"], "required", "{package}: {dpia}");
        assert_eq!(dpia["verb"], "require", "{package}: {dpia}");
        if status == "undetermined" {
            assert_eq!(dpia["missing"][0], "data.large_scale", "{package}: {dpia}");
        }
        snap.push_str(&format!("batch line {}: {dpia}\n", line["line"]));
    }
}

#[test]
fn no_attack_package_weakens_the_legal_dpia() {
    for package in attack_packages() {
        let dir = format!("{ATTACKS}/{package}");
        let check = ward(&["check", &dir]);
        let mut snap = format!(
            "----- ward check (exit {}) -----\n{}{}",
            check.code, check.stdout, check.stderr
        );
        if check.code == 0 {
            dpia_holds(&package, &mut snap);
        } else {
            assert_eq!(check.code, 1, "{package}: {}", check.stderr);
            // Refused as weakening the law, or as declaring a national fact again.
            assert!(
                check.stderr.contains("ward::cannot-waive-law")
                    || check.stderr.contains("ward::duplicate-definition"),
                "{package}: {}",
                check.stderr
            );
            // A refused policy is never evaluated.
            let eval = ward(&["eval", APPLIES, "--policy", &dir, "--as-of", AS_OF]);
            assert_eq!(eval.code, 1, "{package}: {}", eval.stdout);
            assert!(eval.stdout.is_empty(), "{package}: {}", eval.stdout);
            assert!(
                eval.stderr.contains("nothing was evaluated"),
                "{eval}",
                eval = eval.stderr
            );
        }
        insta::with_settings!({ snapshot_path => "snapshots/attacks", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(package.clone(), snap);
        });
    }
}

/// The issue's attacks by name, so a change to the fixtures cannot quietly drop one.
#[test]
fn the_issue_attacks_are_refused_or_contained() {
    let refused = |p: &str| ward(&["check", &format!("{ATTACKS}/{p}")]).code == 1;
    // Item 3: `forbid` through an exception to the rule the legal DPIA strengthens.
    assert!(refused("forbid_via_exception"));
    assert!(refused("forbid_weaker_form"));
    assert!(refused("forbid_plain"));
    assert!(refused("waive_law"));
    assert!(refused("supersede_law"));
    // Item 2: compiles, and is contained (checked in full by the test above).
    assert!(!refused("weaker_rule"));
    let report = json_report(UNKNOWN, &format!("{ATTACKS}/weaker_rule"), &[]);
    let dpia = obligation(&report, "dpia").unwrap();
    assert_eq!(dpia["status"], "undetermined");
    assert_eq!(dpia["level"], "required");
    let also = &dpia["also_applies"][0];
    assert_eq!(also["rule"], "weaker_rule.policy.recommend_dpia_everywhere");
    assert_eq!(also["level"], "local");
    assert_eq!(also["verb"], "recommend");
    assert_eq!(also["source"]["origin"], "local");
    // Issue 12: no weakening without an exception. A national fact declared again with a
    // default is refused; derived values named as national ones are the package's own, and
    // the legal DPIA goes on reading the national ones (checked in full by the test above).
    assert!(refused("shadow_fact"));
    assert!(!refused("shadow_derived"));
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ward-attacks-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A trust that expects its local recommendation to be *the* outcome while the legal DPIA is
/// undetermined gets a failing test that says why.
#[test]
fn a_test_expecting_the_weaker_rule_fails_and_names_both() {
    let dir = scratch("expect-weaker");
    std::fs::write(
        dir.join("ward.toml"),
        "[package]\nname = \"t\"\nversion = \"1.0.0\"\n\n[dependencies]\nnhs = \"^0.1\"\n",
    )
    .unwrap();
    let policy = std::fs::read_to_string(root().join(ATTACKS).join("weaker_rule/policy.ward"))
        .unwrap()
        .replace(
            "expect undetermined dpia missing data.large_scale",
            "expect recommend dpia at local",
        );
    std::fs::write(dir.join("policy.ward"), policy).unwrap();
    let run = ward_in(&dir, &["test"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "expected `dpia` to apply (recommend at local), but it is undetermined (require at required), while a weaker rule applies (recommend at local, `t.policy.recommend_dpia_everywhere`); missing: data.large_scale"
        ),
        "{}",
        run.stdout
    );
}

const EXPIRED: &str = "tests/fixtures/attacks/expired_exception";

#[test]
fn a_lapsed_exception_no_longer_waives_and_the_report_says_so_first() {
    let text = text_report(UNKNOWN, EXPIRED, &[]);
    let head: Vec<&str> = text.lines().take(4).collect();
    assert!(
        head[1].starts_with("1 local exception has lapsed"),
        "{head:?}"
    );
    assert!(
        head[2].contains("dpia_screening_done_at_board (review 2026-06-30)"),
        "{head:?}"
    );
    let (heading, block) = text_block(&text, "dpia-consider").expect("consider a DPIA returns");
    assert_eq!(heading, "RECOMMENDED");
    assert!(block.contains("lapsed on 2026-06-30, so"), "{block}");
    let report = json_report(UNKNOWN, EXPIRED, &[]);
    assert!(report.get("allow_expired").is_none());
    let consider = obligation(&report, "dpia-consider").expect("consider a DPIA returns");
    assert_eq!(consider["status"], "applies");
    assert_eq!(consider["lapsed_exceptions"][0]["honoured"], false);
    // The exception due within 30 days still waives the ESF review; the active one its duty.
    assert!(obligation(&report, "esf-evidence-review").is_none());
    assert!(obligation(&report, "training-considerations").is_none());
    let states: Vec<(&str, &str, bool)> = report["local_exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["rule"].as_str().unwrap(),
                e["state"].as_str().unwrap(),
                e["honoured"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            (
                "expired_exception.exceptions.dpia_screening_done_at_board",
                "lapsed",
                false
            ),
            (
                "expired_exception.exceptions.esf_done_regionally",
                "due_soon",
                true
            ),
            (
                "expired_exception.exceptions.training_by_supplier",
                "active",
                true
            ),
        ]
    );
    // Before the review date, the same exception applies.
    let before = ward(&[
        "eval",
        UNKNOWN,
        "--policy",
        EXPIRED,
        "--as-of",
        "2026-06-30",
        "--format",
        "json",
    ]);
    let before: Json = serde_json::from_str(&before.stdout).unwrap();
    assert!(obligation(&before, "dpia-consider").is_none());
    let mut snap = head.join("\n");
    snap.push_str(&format!("\n\n{heading}\n{block}"));
    snap.push_str(&format!(
        "\nlocal_exceptions: {}\n",
        serde_json::to_string_pretty(&report["local_exceptions"]).unwrap()
    ));
    insta::with_settings!({ snapshot_path => "snapshots/attacks", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("expired_exception_eval", snap);
    });
}

#[test]
fn allow_expired_honours_lapsed_exceptions_and_says_so_first() {
    let text = text_report(UNKNOWN, EXPIRED, &["--allow-expired"]);
    let second = text.lines().nth(1).unwrap();
    assert!(
        second.starts_with("WARNING: --allow-expired: local exceptions past their review date are applied; 1 lapsed exception sets duties aside"),
        "{second}"
    );
    assert!(text_block(&text, "dpia-consider").is_none());
    let report = json_report(UNKNOWN, EXPIRED, &["--allow-expired"]);
    assert_eq!(report["allow_expired"], true);
    assert!(obligation(&report, "dpia-consider").is_none());
    let lapsed = &report["local_exceptions"][0];
    assert_eq!(lapsed["state"], "lapsed");
    assert_eq!(lapsed["honoured"], true);
    // Batch lines: the lapsed exception is named, and whether it was honoured.
    for (extra, honoured, consider) in [(None, false, true), (Some("--allow-expired"), true, false)]
    {
        let mut args = vec![
            "eval", "--batch", BATCH, "--policy", EXPIRED, "--as-of", AS_OF,
        ];
        args.extend(extra);
        let run = ward(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let line: Json = serde_json::from_str(run.stdout.lines().nth(1).unwrap()).unwrap();
        assert_eq!(
            line["lapsed_exceptions"][0]["rule"],
            "expired_exception.exceptions.dpia_screening_done_at_board"
        );
        assert_eq!(line["lapsed_exceptions"][0]["honoured"], honoured);
        assert_eq!(obligation(&line, "dpia-consider").is_some(), consider);
    }
}

#[test]
fn check_warns_thirty_days_before_a_review_and_after_it() {
    let run = ward(&["check", EXPIRED]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("ward::review-lapsed"), "{}", run.stderr);
    assert!(run.stderr.contains("ward::review-due"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`esf_done_regionally` is due for review in 18 days (2026-12-10)"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("training_by_supplier"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("2 warnings"), "{}", run.stdout);
    insta::with_settings!({ snapshot_path => "snapshots/attacks", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("expired_exception_check", format!("{}{}", run.stdout, run.stderr));
    });
}

#[test]
fn ward_exceptions_lists_every_local_exception_with_its_state() {
    let text = ward(&["exceptions", EXPIRED]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.starts_with(
            "3 local exceptions as of 2026-11-22: 1 active, 1 due for review within 30 days, 1 lapsed"
        ),
        "{}",
        text.stdout
    );
    let json = ward(&["exceptions", EXPIRED, "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let listing: Json = serde_json::from_str(&json.stdout).unwrap();
    let later = ward(&[
        "exceptions",
        EXPIRED,
        "--as-of",
        "2027-10-01",
        "--format",
        "json",
    ]);
    let later: Json = serde_json::from_str(&later.stdout).unwrap();
    assert!(
        later["exceptions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["state"] == "lapsed")
    );
    let none = ward(&["exceptions", &format!("{ATTACKS}/weaker_rule")]);
    assert_eq!(none.code, 0, "{}", none.stderr);
    assert_eq!(none.stdout, "no local exceptions (as of 2026-11-22)\n");
    let refused = ward(&["exceptions", &format!("{ATTACKS}/forbid_plain")]);
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("no exception was listed"),
        "{}",
        refused.stderr
    );
    insta::with_settings!({ snapshot_path => "snapshots/attacks", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("ward_exceptions_text", text.stdout);
        insta::assert_json_snapshot!("ward_exceptions_json", listing);
    });
}

/// Defence in depth: lowering never wires an exception from outside the library to a
/// `required` rule, nor lets a local `forbid` of a legal duty decide, even for a program the
/// checker would refuse (here built by hand from a clean one).
#[test]
fn lowering_never_lets_local_policy_set_the_law_aside() {
    let mut host = ward_tests::stdlib_host(ward_core::Database::default());
    let policy = std::fs::read_to_string(
        root()
            .join(ATTACKS)
            .join("supersede_through_weaker/policy.ward"),
    )
    .unwrap();
    host.set_file(
        "trust.policy",
        "trust/policy.ward",
        policy,
        ward_core::Origin::root("trust", "1.0.0"),
    );
    let prog = host.program().expect("the package compiles");
    let rule = |name: &str| {
        prog.rules
            .iter()
            .position(|r| r.name == name)
            .unwrap_or_else(|| panic!("{name}")) as u32
    };
    let local = rule("trust.policy.recommend_a_full_dpia");
    let by_law = rule("nhs.adopters.data.step_2_dpia.dpia_by_law");
    let general = rule("nhs.adopters.data.step_2_dpia.dpia_consider_general");
    assert!(ward_core::lower::may_except(&prog, local, general));
    assert!(ward_core::lower::may_except(&prog, by_law, general));
    assert!(!ward_core::lower::may_except(&prog, local, by_law));
    let mut forged = (*prog).clone();
    forged.rules[local as usize].verb = ward_syntax::ast::Verb::Forbid;
    assert!(!ward_core::lower::may_decide(&forged, local));
    assert!(ward_core::lower::may_decide(&forged, by_law));
}
