//! `ward verify` and `ward diff`: the fixtures under `tests/fixtures/verify/` (one local
//! package per directory) snapshotted with their witnesses; every witness run through
//! `ward eval` to show what its finding claims; the library's own verification; a diff of
//! the library against a copy with one rule changed; and properties over random small
//! programs ("never fires" means no random case fires it; programs the diff calls equivalent
//! agree on random cases).

use std::path::Path;

use proptest::prelude::*;
use serde_json::Value as Json;
use ward_core::eval::{Program, case, evaluate};
use ward_core::{Host, Origin};
use ward_tests::random_case::{Rng, random_case};
use ward_tests::{AS_OF, root, ward};

fn json(args: &[&str]) -> (i32, Json) {
    let r = ward(args);
    let v =
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", r.stdout, r.stderr));
    (r.code, v)
}

/// The status of `id` when `ward eval` runs `witness` (with `--policy dir` if given).
fn eval_status(witness: &str, dir: Option<&str>, id: &str) -> String {
    let tmp = std::env::temp_dir().join(format!("ward-verify-witness-{}.yaml", std::process::id()));
    std::fs::write(&tmp, witness).expect("a temporary witness");
    let path = tmp.display().to_string();
    let mut args = vec!["eval", &path, "--format", "json", "--all", "--as-of", AS_OF];
    if let Some(d) = dir {
        args.extend(["--policy", d]);
    }
    let (_, v) = json(&args);
    let obligations = v["obligations"].as_array().cloned().unwrap_or_default();
    obligations
        .iter()
        .find(|o| o["id"] == id)
        .map(|o| o["status"].as_str().unwrap_or("").to_string())
        .unwrap_or_else(|| "does_not_apply".into())
}

#[test]
fn fixtures_with_their_witnesses() {
    // One local package per directory: adding a fixture is adding a directory.
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/fixtures/verify"))
        .expect("the fixtures")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let dir = format!("tests/fixtures/verify/{name}");
        let r = ward(&["verify", "--policy", &dir, "--as-of", AS_OF]);
        assert_eq!(
            r.code, 1,
            "{name} has failing findings:\n{}{}",
            r.stdout, r.stderr
        );
        // The counts follow the library; the findings and witnesses are what is kept.
        insta::with_settings!({filters => vec![(r"\d+ rules, \d+ obligations \(\d+ variables, \d+ clauses\)", "[counts]")]}, {
            insta::assert_snapshot!(format!("verify_{name}"), r.stdout);
        });
        let (_, v) = json(&[
            "verify", "--policy", &dir, "--as-of", AS_OF, "--format", "json",
        ]);
        for f in v["findings"].as_array().expect("findings") {
            assert_eq!(f["confirmed"], true, "not confirmed: {f}");
            // The witness is a case `ward eval` accepts.
            let tmp =
                std::env::temp_dir().join(format!("ward-verify-load-{}.yaml", std::process::id()));
            std::fs::write(&tmp, f["witness"].as_str().unwrap_or("")).expect("a witness file");
            let r = ward(&[
                "eval",
                &tmp.display().to_string(),
                "--policy",
                &dir,
                "--as-of",
                AS_OF,
            ]);
            assert_eq!(r.code, 0, "{}", r.stderr);
        }
    }
}

#[test]
fn a_weakening_package_is_caught_and_ward_eval_confirms_it() {
    let dir = "tests/fixtures/verify/weakening";
    let (code, v) = json(&[
        "verify", "--policy", dir, "--as-of", AS_OF, "--format", "json",
    ]);
    assert_eq!(code, 1);
    let f = v["findings"]
        .as_array()
        .and_then(|fs| fs.iter().find(|f| f["kind"] == "weakens"))
        .cloned()
        .expect("the weakening is found");
    assert_eq!(f["subject"], "esf-evidence-review");
    let w = f["witness"].as_str().expect("a witness");
    let before = eval_status(w, None, "esf-evidence-review");
    let after = eval_status(w, Some(dir), "esf-evidence-review");
    assert_ne!(before, after, "the witness shows the change");
    assert_eq!(after, "does_not_apply");
}

#[test]
fn the_library_and_the_example_packages_verify() {
    for args in [
        vec!["verify", "stdlib", "--as-of", AS_OF, "--format", "json"],
        vec![
            "verify",
            "--policy",
            "policies/trust",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ],
    ] {
        let (code, v) = json(&args);
        assert_eq!(code, 0, "{v}");
        for f in v["findings"].as_array().expect("findings") {
            assert_eq!(f["confirmed"], true, "{f}");
        }
        // Nothing in the library is approximated, so its proofs are exact up to the bounds.
        assert_eq!(v["approximations"], serde_json::json!([]));
    }
}

/// A copy of the library in `dir` with `esf_review` lowered from best practice to a
/// recommendation.
fn changed_library(dir: &Path) {
    let src = root().join("stdlib");
    for f in ward_project::walk::ward_files(&src.join("nhs")).paths {
        let rel = f.strip_prefix(&src).expect("inside stdlib");
        let text = std::fs::read_to_string(&f).expect("readable");
        let text = if rel.ends_with("evidence.ward") {
            text.replacen(
                "  level best_practice\n  when adopter and activity.stages has any {procurement, pilot}\n  then require esf-evidence-review",
                "  level recommended\n  when adopter and activity.stages has any {procurement, pilot}\n  then recommend esf-evidence-review",
                1,
            )
        } else {
            text
        };
        let to = dir.join(rel);
        std::fs::create_dir_all(to.parent().expect("a parent")).expect("a directory");
        std::fs::write(to, text).expect("written");
    }
    std::fs::copy(src.join("ward.toml"), dir.join("ward.toml")).expect("manifest");
}

#[test]
fn diff_finds_the_changed_rule_each_way_and_in_the_portfolio() {
    let tmp = std::env::temp_dir().join(format!("ward-verify-diff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    changed_library(&tmp);
    let cases: Vec<String> = ward_tests::case_files("policies/cases")
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let v: Json =
                serde_json::from_str(&std::fs::read_to_string(p).expect("a case")).expect("json");
            v.to_string()
        })
        .collect();
    // And one case the change reaches: an adopter's pilot.
    let mut cases = cases;
    cases.push(r#"{"organisation":{"roles":["adopter"]},"activity":{"stages":["pilot"]}}"#.into());
    let portfolio = tmp.join("portfolio.jsonl");
    std::fs::write(&portfolio, cases.join("\n")).expect("portfolio");
    let new = tmp.display().to_string();
    let (code, v) = json(&[
        "diff",
        "stdlib",
        &new,
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--cases",
        &portfolio.display().to_string(),
    ]);
    assert_eq!(code, 0, "{v}");
    let changes = v["changes"].as_array().expect("changes");
    assert!(!changes.is_empty());
    for c in changes {
        assert_eq!(
            c["obligation"], "esf-evidence-review",
            "only the changed rule's duty: {c}"
        );
        assert_eq!(c["confirmed"], true, "{c}");
    }
    assert!(changes.iter().any(|c| c["direction"] == "weaker"));
    let moved: Vec<&Json> = v["cases"].as_array().expect("cases").iter().collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(moved[0]["line"], cases.len());
    assert_eq!(moved[0]["obligation"], "esf-evidence-review");
    assert_eq!(moved[0]["old"], "applies (best_practice)");
    assert_eq!(moved[0]["new"], "applies (recommended)");
    let text = ward(&["diff", "stdlib", &new, "--as-of", AS_OF]).stdout;
    assert!(text.contains("esf-evidence-review (weaker): "), "{text}");
    let _ = std::fs::remove_dir_all(&tmp);
}

// Random small programs: a few rules over a self-contained vocabulary.

const VOCAB: &str = "
enum Colour { red, green, blue }
record Thing {
  on: bool
  colour: Colour
  tags: set<Colour>
  lit: bool default colour = red
}
record Item { colour: Colour  ok: bool }
fact thing: Thing
fact items: list<Item> default []
source s { document \"d\" section \"s\" label none }
obligation ob-a \"A\" held_by any
obligation ob-b \"B\" held_by any
";

fn cond() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("thing.on".to_string()),
        Just("thing.lit".to_string()),
        Just("thing.colour = red".to_string()),
        Just("thing.colour in {green, blue}".to_string()),
        Just("thing.tags has any {red, blue}".to_string()),
        Just("thing.tags has green".to_string()),
        Just("thing.colour is known".to_string()),
        Just("any i in items where i.ok and i.colour = thing.colour".to_string()),
        Just("all i in items where i.colour = blue".to_string()),
    ];
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|a| format!("not ({a})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) and ({b})")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("({a}) or ({b})")),
        ]
    })
}

fn module(conds: &[String], waive: bool) -> String {
    let mut s = VOCAB.to_string();
    let shapes = [
        ("require", "ob-a", "local"),
        ("forbid", "ob-a", "local"),
        ("recommend", "ob-b", "recommended"),
        ("require", "ob-b", "local"),
    ];
    for (i, c) in conds.iter().enumerate() {
        let (verb, ob, level) = shapes[i % shapes.len()];
        s.push_str(&format!(
            "rule r{i} {{\n  cites s\n  level {level}\n  when {c}\n  then {verb} {ob}\n}}\n"
        ));
    }
    if waive {
        s.push_str("rule w {\n  cites s\n  level local\n  exception to r0\n  justification \"j\"\n  review 2030-01-01\n  when thing.on\n  then waive ob-a\n}\n");
    }
    s
}

fn compile(text: &str) -> Option<std::sync::Arc<Program>> {
    let mut host = Host::default();
    host.set_file(
        "fuzz",
        "fuzz.ward",
        text.to_string(),
        Origin::root("fuzz", "0.1.0"),
    );
    host.program()
}

fn opts() -> ward_verify::Options {
    ward_verify::Options {
        as_of: ward_core::time::parse_instant(AS_OF).expect("a date"),
        bound: None,
        allow_expired: false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn never_fires_means_no_random_case_fires_it(conds in prop::collection::vec(cond(), 1..4), waive: bool, seed: u64) {
        let text = module(&conds, waive);
        let Some(prog) = compile(&text) else { return Ok(()) };
        let opts = opts();
        let report = ward_verify::verify(&prog, None, &opts);
        let dead: Vec<usize> = report.findings.iter()
            .filter(|f| matches!(f.kind, ward_verify::Kind::NeverFires | ward_verify::Kind::ExceptionNeverFires))
            .filter_map(|f| prog.rules.iter().position(|r| r.name == f.subject))
            .collect();
        for f in &report.findings {
            prop_assert!(f.confirmed, "{text}\n{f:?}");
        }
        let mut rng = Rng::new(seed);
        for _ in 0..64 {
            let c = case::from_json(&prog, &random_case(&prog, &mut rng)).expect("a random case loads");
            let out = evaluate(&prog, &c, opts.as_of);
            for &r in &dead {
                prop_assert!(out.rules[r].effective != Some(true), "{text}\nrule {r} fires");
            }
        }
    }

    #[test]
    fn programs_the_diff_calls_equivalent_agree(conds in prop::collection::vec(cond(), 1..4), other in cond(), seed: u64) {
        let old_text = module(&conds, false);
        let mut changed = conds.clone();
        changed[0] = other;
        let new_text = module(&changed, false);
        let (Some(old), Some(new)) = (compile(&old_text), compile(&new_text)) else { return Ok(()) };
        let opts = opts();
        let changes = ward_verify::diff::symbolic(&old, &new, &opts);
        for c in &changes {
            prop_assert!(c.confirmed, "{old_text}\n{new_text}\n{c:?}");
        }
        let mut rng = Rng::new(seed);
        for _ in 0..64 {
            let json = random_case(&old, &mut rng);
            let (co, cn) = (case::from_json(&old, &json).expect("loads"), case::from_json(&new, &json).expect("loads"));
            let (oo, on) = (evaluate(&old, &co, opts.as_of), evaluate(&new, &cn, opts.as_of));
            for (i, o) in old.obligations.iter().enumerate() {
                if changes.iter().any(|c| c.obligation == o.id) {
                    continue;
                }
                let shape = |p: &Program, x: &ward_core::eval::outcome::ObligationOutcome| (x.status, x.rule.map(|r| (p.rules[r as usize].verb, p.rules[r as usize].level)));
                prop_assert_eq!(shape(&old, &oo.obligations[i]), shape(&new, &on.obligations[i]), "{}\n{}\n{}", old_text, new_text, json);
            }
        }
    }
}

#[test]
fn diff_between_two_git_revisions_of_a_package() {
    let repo = std::env::temp_dir().join(format!("ward-verify-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&repo);
    std::fs::create_dir_all(repo.join("pkg")).expect("a directory");
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=ward",
                "-c",
                "user.email=ward@example.invalid",
            ])
            .args(args)
            .current_dir(&repo)
            .output()
            .expect("git runs")
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    let policy = |verb: &str| {
        format!(
            "use nhs.case.{{adopter}}\n\nsource p {{\n  document \"P\"\n  section \"1\"\n  label none\n}}\n\nobligation local-log \"Log it\" held_by adopter\n\nrule log {{\n  cites p\n  level local\n  when adopter\n  then {verb} local-log\n}}\n"
        )
    };
    std::fs::write(repo.join("pkg/policy.ward"), policy("require")).expect("written");
    git(&["init", "--quiet"]);
    git(&["add", "."]);
    git(&["commit", "--quiet", "-m", "one"]);
    std::fs::write(repo.join("pkg/policy.ward"), policy("recommend")).expect("written");
    git(&["commit", "--quiet", "-am", "two"]);
    let r = ward_tests::ward_in(&repo, &["diff", "HEAD~1:pkg", "HEAD:pkg", "--as-of", AS_OF]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "local-log (weaker): undetermined (require at local) → undetermined (recommend at local) [confirmed]"
        ),
        "{}",
        r.stdout
    );
    let _ = std::fs::remove_dir_all(&repo);
}

/// The attack packages that compile (`tests/fixtures/attacks/`): the syntax lets them
/// through, and non-interference says what each does to the national duties.
#[test]
fn the_attacks_that_compile_are_caught_by_non_interference() {
    for name in [
        "expired_exception",
        "supersede_through_weaker",
        "weaker_rule",
        "shadow_derived",
    ] {
        let dir = format!("tests/fixtures/attacks/{name}");
        let (_, v) = json(&[
            "verify", "--policy", &dir, "--as-of", AS_OF, "--format", "json",
        ]);
        let found: Vec<String> = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                assert_eq!(f["confirmed"], true, "{f}");
                format!(
                    "{} {}",
                    f["kind"].as_str().unwrap_or(""),
                    f["subject"].as_str().unwrap_or("")
                )
            })
            .collect();
        let said = if found.is_empty() {
            "(no national duty changes, for any case)".to_string()
        } else {
            found.join("\n")
        };
        insta::assert_snapshot!(format!("attack_{name}"), said);
    }
}
