//! Decision records: the Markdown report and `ward explain` for every example case, as
//! snapshots. For each case, `ward explain` is run on the first duty that applies, the first
//! that does not, and the first that is undetermined (where the case has one), so every
//! outcome's explanation is covered; adding a case adds its snapshots. Hashes change with
//! every library edit, so they are filtered out.

use ward_tests::{AS_OF, case_files, root, ward};

fn cases() -> Vec<(String, String)> {
    case_files("policies/cases")
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(root()).unwrap().display().to_string();
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            (rel, stem)
        })
        .collect()
}

macro_rules! snapshots {
    ($($body:tt)*) => {
        insta::with_settings!({
            snapshot_path => "snapshots/records",
            prepend_module_to_snapshot => false,
            filters => vec![(r"sha256:[0-9a-f]{16,64}", "sha256:[hash]")],
        }, { $($body)* })
    };
}

#[test]
fn markdown_reports() {
    for (rel, stem) in cases() {
        let md = ward(&["eval", &rel, "--as-of", AS_OF, "--format", "markdown"]);
        assert_eq!(md.code, 0, "{rel}: {}", md.stderr);
        assert!(
            md.stdout.starts_with("# "),
            "{rel}: a Markdown heading first"
        );
        snapshots! { insta::assert_snapshot!(format!("{stem}.md"), md.stdout); }
    }
}

/// The first obligation of each status in the case's `--all` report.
fn one_of_each(rel: &str) -> Vec<(&'static str, String)> {
    let all = ward(&["eval", rel, "--as-of", AS_OF, "--all", "--format", "json"]);
    assert_eq!(all.code, 0, "{rel}: {}", all.stderr);
    let report: serde_json::Value = serde_json::from_str(&all.stdout).unwrap();
    let obligations = report["obligations"].as_array().unwrap();
    ["applies", "does_not_apply", "undetermined"]
        .into_iter()
        .filter_map(|status| {
            obligations
                .iter()
                .find(|o| o["status"] == status)
                .map(|o| (status, o["id"].as_str().unwrap().to_string()))
        })
        .collect()
}

#[test]
fn explanations() {
    let mut statuses = std::collections::BTreeSet::new();
    for (rel, stem) in cases() {
        for (status, id) in one_of_each(&rel) {
            statuses.insert(status);
            let text = ward(&["explain", &rel, &id, "--as-of", AS_OF]);
            assert_eq!(text.code, 0, "{rel} {id}: {}", text.stderr);
            let json = ward(&["explain", &rel, &id, "--as-of", AS_OF, "--format", "json"]);
            let e: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
            assert_eq!(e["obligation"]["status"], status, "{rel} {id}");
            if status == "does_not_apply" {
                let why = e["obligation"]["why_not"].as_str().unwrap_or_default();
                assert!(
                    !why.is_empty(),
                    "{rel} {id}: a does-not-apply duty says why"
                );
                assert!(
                    text.stdout.contains(why),
                    "{rel} {id}: the text gives the same reason"
                );
            }
            snapshots! { insta::assert_snapshot!(format!("{stem}.explain.{status}"), text.stdout); }
        }
    }
    assert_eq!(
        statuses.len(),
        3,
        "the examples cover every outcome: {statuses:?}"
    );
}

#[test]
fn why_not_names_the_failing_condition() {
    let case = "policies/cases/english-trust-ai-imaging-pilot.yaml";
    let run = ward(&["eval", case, "--as-of", AS_OF, "--all", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let drift = report["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "ai-drift-bias-monitoring")
        .expect("listed with --all");
    assert_eq!(drift["status"], "does_not_apply");
    assert_eq!(
        drift["why_not"],
        "needs `activity.stages has live_use`; the case has activity.stages is procurement, integration, pilot"
    );
    // The text report with --all lists it under DOES NOT APPLY with the same reason.
    let text = ward(&["eval", case, "--as-of", AS_OF, "--all"]).stdout;
    let at = text
        .find("\nDOES NOT APPLY\n")
        .expect("a section for --all");
    let section = &text[at..];
    assert!(
        section.contains(
            "[ai-drift-bias-monitoring]\n     Why not: needs `activity.stages has live_use`"
        ),
        "{section}"
    );
}

#[test]
fn explain_refuses_an_unknown_obligation_with_a_suggestion() {
    let run = ward(&[
        "explain",
        "policies/cases/english-trust-ai-imaging-pilot.yaml",
        "dpia-consdier",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("there is no obligation `dpia-consdier`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `dpia-consider`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn fail_on_gates_a_pipeline() {
    let nis = "policies/cases/nhs-trust-ransomware-nis-incident.yaml";
    let gp = "policies/cases/gp-practice-digital-triage-unknowns.yaml";
    let required = ward(&["eval", nis, "--as-of", AS_OF, "--fail-on", "required"]);
    assert_eq!(required.code, 1, "{}", required.stderr);
    assert!(
        required.stderr.contains("--fail-on required"),
        "{}",
        required.stderr
    );
    // The NIS case leaves nothing undetermined; the GP case does.
    assert_eq!(
        ward(&["eval", nis, "--as-of", AS_OF, "--fail-on", "undetermined"]).code,
        0
    );
    assert_eq!(
        ward(&["eval", gp, "--as-of", AS_OF, "--fail-on", "undetermined"]).code,
        1
    );
    // Far enough ahead, the 72-hour NIS report is overdue.
    assert_eq!(
        ward(&["eval", nis, "--as-of", AS_OF, "--fail-on", "overdue"]).code,
        0
    );
    assert_eq!(
        ward(&["eval", nis, "--as-of", "2027-01-01", "--fail-on", "overdue"]).code,
        1
    );
}

#[test]
fn a_case_meta_block_heads_the_report() {
    let dir = std::env::temp_dir().join(format!("ward-records-meta-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let case = dir.join("case.yaml");
    std::fs::write(
        &case,
        "meta:\n  title: AI triage pilot\n  reference: DG-2026-014\n  prepared_by: Digital governance team\n  date: 2026-11-20\norganisation:\n  nation: england\n",
    )
    .unwrap();
    let path = case.display().to_string();
    let text = ward(&["eval", &path, "--as-of", AS_OF]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(text.stdout.starts_with("Ward 0.1.0 evaluation as of 2026-11-22\nAI triage pilot\nReference: DG-2026-014. Prepared by: Digital governance team. Date: 2026-11-20\n"), "{}", text.stdout);
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "meta:\n  titel: x\n").unwrap();
    let run = ward(&["eval", &bad.display().to_string(), "--as-of", AS_OF]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("meta.titel: there is no such field"),
        "{}",
        run.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_html_report_is_one_self_contained_file() {
    for (rel, _) in cases() {
        let html = ward(&["eval", &rel, "--as-of", AS_OF, "--format", "html"]);
        assert_eq!(html.code, 0, "{rel}: {}", html.stderr);
        let page = &html.stdout;
        assert!(
            page.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"),
            "{rel}"
        );
        for external in ["<script src", "<link ", "@import", "src=\"http"] {
            assert!(
                !page.contains(external),
                "{rel}: no external assets ({external})"
            );
        }
        assert!(page.contains("@media print"), "{rel}: print styles");
        assert!(!page.contains("template failed"), "{rel}");
    }
}

#[test]
fn ward_doc_writes_a_page_per_obligation_fact_and_module() {
    let dir = std::env::temp_dir().join(format!("ward-records-doc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.display().to_string();
    let run = ward(&["doc", "policies/trust", "-o", &out]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("pages to"), "{}", run.stdout);
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(
        index.contains("role=\"search\""),
        "the index has a search box"
    );
    for page in [
        "obligation/dpia.html",
        "fact/organisation.html",
        "module/nhs.adopters.data.step_2_dpia.html",
    ] {
        let html = std::fs::read_to_string(dir.join(page)).unwrap_or_default();
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"),
            "{page}"
        );
        assert!(!html.contains("template failed"), "{page}");
    }
    let dpia = std::fs::read_to_string(dir.join("obligation/dpia.html")).unwrap();
    assert!(
        dpia.contains("<code>data.large_scale</code>"),
        "each condition as written"
    );
    // A local package's modules have pages too.
    let local = std::fs::read_dir(dir.join("module"))
        .unwrap()
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with("nhs."))
        .count();
    assert!(local > 0, "the trust's modules are in the site");
    let _ = std::fs::remove_dir_all(&dir);
}
