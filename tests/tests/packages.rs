//! Packages: path and git dependencies resolve and lock; a tampered dependency is refused; a
//! version conflict is a clear error; local policy cannot waive the law, directly or through an
//! intermediate package; errors in ward.toml point at the offending value; the example trust
//! package evaluates with its local outcomes labelled.

use std::path::{Path, PathBuf};
use std::process::Command;

use ward_tests::{AS_OF, root, ward, ward_with_cache};

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ward-packages-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Ward Tests",
            "-c",
            "user.email=tests@ward.invalid",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A shared package `shared` with one local obligation, at `dir`.
fn shared_package(dir: &Path, version: &str, rule_body: &str) {
    write(
        &dir.join("ward.toml"),
        &format!(
            "[package]\nname = \"shared\"\nversion = \"{version}\"\n\n[dependencies]\nnhs = \"^0.1\"\n"
        ),
    );
    write(
        &dir.join("checks.ward"),
        &format!(
            "use nhs.case.{{technology}}\n\nsource shared_policy {{\n  document \"Shared policy\"\n  section \"Checks\"\n  label none\n}}\n\nobligation shared-ai-check \"Shared AI check\" held_by adopter\n\n{rule_body}\n"
        ),
    );
}

const SHARED_RULE: &str = "rule ai_check {\n  cites shared_policy\n  level local\n  when technology.traits has ai\n  then require shared-ai-check\n}";

fn trust_package(dir: &Path, dependency: &str) {
    write(
        &dir.join("ward.toml"),
        &format!(
            "[package]\nname = \"trust\"\nversion = \"1.0.0\"\n\n[dependencies]\nnhs = \"^0.1\"\nshared = {dependency}\n"
        ),
    );
    write(
        &dir.join("local.ward"),
        "use shared.checks.{shared_policy}\n\nobligation trust-sign-off \"Sign-off\" held_by adopter\n\nrule sign_off {\n  cites shared_policy\n  level local\n  when true\n  then require trust-sign-off\n}\n\ntest \"both duties apply\" {\n  given { technology.traits = {ai} }\n  expect require shared-ai-check at local\n  expect require trust-sign-off\n}\n",
    );
}

#[test]
fn path_dependencies_resolve_lock_and_check() {
    let dir = scratch("path");
    shared_package(&dir.join("shared"), "1.0.0", SHARED_RULE);
    trust_package(
        &dir.join("trust"),
        "{ path = \"../shared\", version = \"^1.0\" }",
    );
    let trust = dir.join("trust");
    let check = ward_with_cache(&trust, &dir.join("cache"), &["check"]);
    assert_eq!(check.code, 2, "no lock yet is bad input: {}", check.stderr);
    assert!(check.stderr.contains("no ward.lock"), "{}", check.stderr);
    let update = ward_with_cache(&trust, &dir.join("cache"), &["update"]);
    assert_eq!(update.code, 0, "{}", update.stderr);
    let lock = std::fs::read_to_string(trust.join("ward.lock")).unwrap();
    assert!(
        lock.contains("name = \"shared\"") && lock.contains("source = \"path+../shared\""),
        "{lock}"
    );
    assert!(lock.contains("checksum = \"sha256:"), "{lock}");
    let test = ward_with_cache(&trust, &dir.join("cache"), &["test"]);
    assert_eq!(test.code, 0, "{}{}", test.stdout, test.stderr);
    assert!(
        test.stdout.contains("1 passed, 0 failed"),
        "{}",
        test.stdout
    );
}

#[test]
fn git_dependencies_resolve_to_a_locked_revision() {
    let dir = scratch("git");
    let repo = dir.join("shared-repo");
    shared_package(&repo, "1.1.0", SHARED_RULE);
    git(&repo, &["init", "--quiet"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "--quiet", "-m", "shared 1.1.0"]);
    git(&repo, &["tag", "v1.1.0"]);
    let url = format!("file://{}", repo.display());
    let trust = dir.join("trust");
    trust_package(
        &trust,
        &format!("{{ git = \"{url}\", tag = \"v1.1.0\", version = \"^1.1\" }}"),
    );
    let cache = dir.join("cache");
    let update = ward_with_cache(&trust, &cache, &["update"]);
    assert_eq!(update.code, 0, "{}", update.stderr);
    let lock = std::fs::read_to_string(trust.join("ward.lock")).unwrap();
    assert!(lock.contains("revision = \""), "{lock}");
    assert!(
        lock.contains(&format!("source = \"git+{url}?tag=v1.1.0\"")),
        "{lock}"
    );
    assert_eq!(ward_with_cache(&trust, &cache, &["test"]).code, 0);
    // A fresh cache: `check` refuses to fetch; `fetch` brings the locked revision back.
    let fresh = dir.join("fresh-cache");
    let check = ward_with_cache(&trust, &fresh, &["check"]);
    assert_ne!(check.code, 0);
    assert!(
        check.stderr.contains("has not been fetched"),
        "{}",
        check.stderr
    );
    assert_eq!(ward_with_cache(&trust, &fresh, &["fetch"]).code, 0);
    assert_eq!(ward_with_cache(&trust, &fresh, &["check"]).code, 0);
}

#[test]
fn a_tampered_dependency_is_refused_with_both_hashes() {
    let dir = scratch("tamper");
    shared_package(&dir.join("shared"), "1.0.0", SHARED_RULE);
    trust_package(&dir.join("trust"), "{ path = \"../shared\" }");
    let trust = dir.join("trust");
    assert_eq!(
        ward_with_cache(&trust, &dir.join("cache"), &["update"]).code,
        0
    );
    let file = dir.join("shared/checks.ward");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("has ai", "has api");
    std::fs::write(&file, text).unwrap();
    let check = ward_with_cache(&trust, &dir.join("cache"), &["check"]);
    assert_ne!(check.code, 0);
    assert!(
        check
            .stderr
            .contains("dependency `shared` 1.0.0 no longer matches ward.lock"),
        "{}",
        check.stderr
    );
    assert_eq!(
        check.stderr.matches("sha256:").count(),
        2,
        "both hashes are named: {}",
        check.stderr
    );
    // `ward update` accepts the change deliberately.
    assert_eq!(
        ward_with_cache(&trust, &dir.join("cache"), &["update"]).code,
        0
    );
    assert_eq!(
        ward_with_cache(&trust, &dir.join("cache"), &["check"]).code,
        0
    );
}

#[test]
fn a_version_conflict_is_a_clear_error() {
    let dir = scratch("conflict");
    shared_package(&dir.join("shared"), "1.0.0", SHARED_RULE);
    trust_package(
        &dir.join("trust"),
        "{ path = \"../shared\", version = \"^2.0\" }",
    );
    let update = ward_with_cache(&dir.join("trust"), &dir.join("cache"), &["update"]);
    assert_eq!(update.code, 2);
    assert!(update.stderr.contains("version conflict: `trust` requires `shared` ^2.0, but the package found is version 1.0.0"), "{}", update.stderr);
    // Two packages disagreeing about a third.
    let dir = scratch("conflict2");
    shared_package(&dir.join("shared"), "1.0.0", SHARED_RULE);
    write(
        &dir.join("middle/ward.toml"),
        "[package]\nname = \"middle\"\nversion = \"1.0.0\"\n\n[dependencies]\nshared = { path = \"../shared\", version = \"^1.0\" }\n",
    );
    write(
        &dir.join("top/ward.toml"),
        "[package]\nname = \"top\"\nversion = \"1.0.0\"\n\n[dependencies]\nmiddle = { path = \"../middle\" }\nshared = { path = \"../shared\", version = \"=0.9.0\" }\n",
    );
    let update = ward_with_cache(&dir.join("top"), &dir.join("cache"), &["update"]);
    assert_eq!(update.code, 2);
    assert!(
        update.stderr.contains("version conflict"),
        "{}",
        update.stderr
    );
    // The standard library is a versioned dependency too.
    write(
        &dir.join("future/ward.toml"),
        "[package]\nname = \"future\"\nversion = \"1.0.0\"\n\n[dependencies]\nnhs = \"^9.0\"\n",
    );
    let update = ward_with_cache(&dir.join("future"), &dir.join("cache"), &["update"]);
    assert!(
        update
            .stderr
            .contains("requires the standard library `nhs` ^9.0"),
        "{}",
        update.stderr
    );
}

#[test]
fn local_policy_cannot_waive_the_law_even_through_an_intermediate_package() {
    let dir = scratch("waive");
    // The intermediate, shared package tries to set aside the DPIA required by law.
    let waiver = "use nhs.adopters.data.step_2_dpia.{dpia_by_law}\n\nrule skip_dpia {\n  cites shared_policy\n  level local\n  exception to dpia_by_law\n  justification \"Small pilots\"\n  review 2027-01-01\n  when technology.traits has ai\n  then waive dpia\n}";
    shared_package(&dir.join("shared"), "1.0.0", waiver);
    trust_package(&dir.join("trust"), "{ path = \"../shared\" }");
    let trust = dir.join("trust");
    assert_eq!(
        ward_with_cache(&trust, &dir.join("cache"), &["update"]).code,
        0
    );
    let check = ward_with_cache(&trust, &dir.join("cache"), &["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stderr.contains(
            "`skip_dpia` would weaken `nhs.adopters.data.step_2_dpia.dpia_by_law`, which is"
        ),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("Consider doing a DPIA"),
        "the citation is named: {}",
        check.stderr
    );

    // A local rule forbidding what the law requires is refused too.
    let dir = scratch("forbid");
    shared_package(
        &dir.join("shared"),
        "1.0.0",
        "rule no_dpia {\n  cites shared_policy\n  level local\n  when technology.traits has ai\n  then forbid dpia\n}",
    );
    trust_package(&dir.join("trust"), "{ path = \"../shared\" }");
    assert_eq!(
        ward_with_cache(&dir.join("trust"), &dir.join("cache"), &["update"]).code,
        0
    );
    let check = ward_with_cache(&dir.join("trust"), &dir.join("cache"), &["check"]);
    assert!(
        check.stderr.contains(
            "forbids `dpia`, which `nhs.adopters.data.step_2_dpia.dpia_by_law` makes a legal"
        ),
        "{}",
        check.stderr
    );
}

#[test]
fn the_broken_example_package_is_refused() {
    let run = ward(&["check", "policies/broken_trust"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("ward::cannot-waive-law"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("nhs.adopters.data.step_2_dpia.dpia_by_law"),
        "{}",
        run.stderr
    );
}

#[test]
fn errors_in_ward_toml_point_at_the_value() {
    let dir = scratch("manifest");
    write(
        &dir.join("ward.toml"),
        "[package]\nname = \"Bad-Name\"\nversion = \"1.0.0\"\n",
    );
    let run = ward_with_cache(&dir, &dir.join("cache"), &["check"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("`Bad-Name` is not a package name"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("ward.toml:2:8"),
        "the span is rendered: {}",
        run.stderr
    );
    write(
        &dir.join("ward.toml"),
        "[package]\nname = \"ok\"\nversion = \"one\"\n",
    );
    let run = ward_with_cache(&dir, &dir.join("cache"), &["check"]);
    assert!(
        run.stderr.contains("`one` is not a version") && run.stderr.contains("ward.toml:3:11"),
        "{}",
        run.stderr
    );
    write(
        &dir.join("ward.toml"),
        "[package]\nname = \"ok\"\nversion = \"1.0.0\"\ncolour = \"blue\"\n",
    );
    let run = ward_with_cache(&dir, &dir.join("cache"), &["check"]);
    assert!(
        run.stderr.contains("unknown field `colour`"),
        "{}",
        run.stderr
    );
    write(
        &dir.join("ward.toml"),
        "[package]\nname = \"ok\"\nversion = \"1.0.0\"\n\n[dependencies]\nother = { git = \"file:///nowhere\" }\n",
    );
    let run = ward_with_cache(&dir, &dir.join("cache"), &["update"]);
    assert!(
        run.stderr.contains("names no tag or revision"),
        "{}",
        run.stderr
    );
}

#[test]
fn module_names_are_rooted_in_the_package_and_exports_are_enforced() {
    let dir = scratch("exports");
    write(
        &dir.join("shared/ward.toml"),
        "[package]\nname = \"shared\"\nversion = \"1.0.0\"\nexports = [\"shared.public\"]\n",
    );
    write(&dir.join("shared/public.ward"), "def open_value = true\n");
    write(
        &dir.join("shared/internal.ward"),
        "def hidden_value = true\n",
    );
    write(
        &dir.join("trust/ward.toml"),
        "[package]\nname = \"trust\"\nversion = \"1.0.0\"\n\n[dependencies]\nshared = { path = \"../shared\" }\n",
    );
    write(
        &dir.join("trust/uses.ward"),
        "use shared.public.{open_value}\nuse shared.internal.{hidden_value}\n\ndef both = open_value and hidden_value\n",
    );
    let trust = dir.join("trust");
    assert_eq!(
        ward_with_cache(&trust, &dir.join("cache"), &["update"]).code,
        0
    );
    let check = ward_with_cache(&trust, &dir.join("cache"), &["check"]);
    assert!(
        check
            .stderr
            .contains("module `shared.internal` is private to package `shared`"),
        "{}",
        check.stderr
    );
    assert!(!check.stderr.contains("shared.public`"), "{}", check.stderr);
}

#[test]
fn the_example_trust_package_evaluates_with_local_outcomes_labelled() {
    let trust = root().join("policies/trust");
    let check = ward_tests::ward_in(&trust, &["test"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let case = root()
        .join("policies/cases/english-trust-ai-imaging-pilot.yaml")
        .display()
        .to_string();
    let run = ward_tests::ward_in(
        &trust,
        &["eval", &case, "--as-of", AS_OF, "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let obligations = report["obligations"].as_array().unwrap();
    let find = |id: &str| {
        obligations
            .iter()
            .find(|o| o["id"] == id)
            .unwrap_or_else(|| panic!("{id} listed"))
    };
    let register = find("trust-ai-register");
    assert_eq!(register["level"], "local");
    assert_eq!(register["source"]["origin"], "local");
    assert_eq!(register["source"]["package"], "tyne_valley_trust");
    let panel = find("regional-ai-assurance-panel");
    assert_eq!(panel["source"]["origin"], "package");
    assert_eq!(panel["source"]["package"], "north_east_ai");
    assert_eq!(panel["source"]["version"], "1.2.0");
    let dpia = find("dpia");
    assert_eq!(dpia["source"]["origin"], "stdlib");
    let modules = report["modules"].as_array().unwrap();
    assert!(
        modules
            .iter()
            .any(|m| m["name"] == "tyne_valley_trust.governance" && m["origin"] == "local")
    );
    assert!(
        modules
            .iter()
            .all(|m| m["hash"].as_str().unwrap().starts_with("sha256:"))
    );
}
