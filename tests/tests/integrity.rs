//! No input a trust controls can remove or weaken a legal duty unseen (issue 13, items 1, 3
//! and 5): each attack package in `fixtures/attacks/packages/` is refused with an error naming it, or the
//! DPIA the law requires stays legally required; a replaced standard library is possible only
//! with `--stdlib`, and then the report says so in its first lines; a lock that does not match
//! the manifests is refused, entry by entry; broken manifests and locks are errors, never
//! "absent".

use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use ward_tests::{AS_OF, Run, flat, root, ward_in, ward_with_cache};

/// The case where the law requires a DPIA (large-scale innovative processing of health data).
const REQUIRED: &str = "policies/cases/english-trust-ai-imaging-pilot.yaml";
/// The same case with the scale unknown: the legal DPIA is undetermined.
const UNDETERMINED: &str = "tests/fixtures/attacks/cases/imaging-pilot-scale-unknown.yaml";

fn case(rel: &str) -> String {
    root().join(rel).display().to_string()
}

fn attacks() -> PathBuf {
    root().join("tests/fixtures/attacks/packages")
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ward-integrity-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn eval_json(cwd: &Path, case_rel: &str, extra: &[&str]) -> Run {
    let case = case(case_rel);
    let mut args = vec!["eval", case.as_str(), "--as-of", AS_OF, "--format", "json"];
    args.extend_from_slice(extra);
    ward_in(cwd, &args)
}

/// The DPIA's entry in a JSON report.
fn dpia(run: &Run) -> Json {
    let report: Json = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr));
    report["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "dpia")
        .cloned()
        .unwrap_or(Json::Null)
}

/// The DPIA is what the law says: required for the first case, required / undetermined with
/// its question about scale for the second.
fn assert_dpia_is_the_law(cwd: &Path, extra: &[&str]) {
    let run = eval_json(cwd, REQUIRED, extra);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let d = dpia(&run);
    assert_eq!(
        (&d["status"], &d["level"]),
        (&"applies".into(), &"required".into()),
        "{d}"
    );
    let run = eval_json(cwd, UNDETERMINED, extra);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let d = dpia(&run);
    assert_eq!(
        (&d["status"], &d["level"]),
        (&"undetermined".into(), &"required".into()),
        "{d}"
    );
    assert_eq!(d["questions"][0]["fact"], "data.large_scale", "{d}");
}

/// Both cases are refused (exit 2, nothing evaluated), with `needle` in the error.
fn assert_refused(cwd: &Path, extra: &[&str], needle: &str) {
    for c in [REQUIRED, UNDETERMINED] {
        let run = eval_json(cwd, c, extra);
        assert_eq!(run.code, 2, "{c}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.is_empty(), "nothing is reported: {}", run.stdout);
        assert!(flat(&run.stderr).contains(needle), "{c}: {}", run.stderr);
    }
}

/// A copy of the standard library with `dpia_by_law` narrowed so that it never applies in
/// England: the attack of issue 13 item 1.
fn fake_stdlib(dir: &Path) -> PathBuf {
    let copy = dir.join("fakestd");
    copy_dir(&root().join("stdlib/nhs"), &copy.join("nhs"));
    std::fs::copy(root().join("stdlib/ward.toml"), copy.join("ward.toml")).unwrap();
    let module = copy.join("nhs/adopters/data/step_2_dpia.ward");
    let text = std::fs::read_to_string(&module).unwrap();
    let narrowed = text.replace(
        "    and data.large_scale\n",
        "    and data.large_scale\n    and organisation.nation = scotland\n",
    );
    assert_ne!(text, narrowed, "the rule was found");
    std::fs::write(&module, narrowed).unwrap();
    copy
}

#[test]
fn the_built_in_library_decides_the_dpia() {
    assert_dpia_is_the_law(&root(), &[]);
}

#[test]
fn a_copy_of_the_library_is_refused_as_policy_and_as_the_package_around_the_directory() {
    let dir = scratch("fakestd");
    let fake = fake_stdlib(&dir);
    let shown = fake.display().to_string();
    assert_refused(
        &root(),
        &["--policy", &shown],
        "local policy cannot be or replace the national library",
    );
    // From inside the copy, it is the package around the working directory.
    assert_refused(&fake, &[], "differs from the one built into this ward");
    // `ward check` of the copy says to use --stdlib.
    let run = ward_in(&dir, &["check", "fakestd"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("ward check --stdlib fakestd"),
        "{}",
        run.stderr
    );
}

#[test]
fn stdlib_replaces_the_library_only_when_asked_and_every_report_says_so() {
    let dir = scratch("stdlib-flag");
    fake_stdlib(&dir);
    let run = eval_json(&dir, REQUIRED, &["--stdlib", "fakestd"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Json = serde_json::from_str(&run.stdout).unwrap();
    let stdlib = &report["stdlib"];
    assert_eq!(stdlib["embedded"], false, "{stdlib}");
    assert_ne!(stdlib["hash"], stdlib["embedded_hash"]);
    assert_eq!(
        stdlib["embedded_hash"].as_str(),
        Some(ward_project::stdlib::embedded_hash())
    );
    assert_eq!(stdlib["path"], "fakestd");
    // The JSON says it before anything else about the evaluation.
    assert!(
        run.stdout.starts_with(
            "{\n  \"ward_version\": \"0.1.0\",\n  \"stdlib\": {\n    \"embedded\": false"
        ),
        "{}",
        &run.stdout[..200]
    );
    // The narrowed library drops the DPIA: that is what --stdlib is for, and the text report's
    // second line says the results are not those of the national library.
    assert!(dpia(&run).is_null(), "{}", dpia(&run));
    let text = ward_in(
        &dir,
        &[
            "eval",
            &case(REQUIRED),
            "--as-of",
            AS_OF,
            "--stdlib",
            "fakestd",
        ],
    );
    assert_eq!(text.code, 0, "{}", text.stderr);
    let second = text.stdout.lines().nth(1).unwrap_or_default();
    assert!(
        second.starts_with("STANDARD LIBRARY REPLACED: nhs 0.1.0 from fakestd (sha256:")
            && second.contains("not the national library built into this ward"),
        "{second}"
    );
    // check and test say it first too.
    let check = ward_in(&dir, &["check", "--stdlib", "fakestd"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stdout.starts_with("STANDARD LIBRARY REPLACED"),
        "{}",
        check.stdout
    );
    let test = ward_in(&dir, &["test", "--stdlib", "fakestd"]);
    assert!(
        test.stdout.starts_with("STANDARD LIBRARY REPLACED"),
        "{}",
        test.stdout
    );
    // The module origins stay `stdlib` (the header is the place that says which one).
    assert!(
        report["modules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["origin"] == "stdlib")
    );
}

#[test]
fn the_repository_library_checks_as_itself_because_it_is_the_built_in_one() {
    // `stdlib/` is byte for byte the library built into this ward, so `ward check stdlib`
    // checks it without --stdlib and without a banner; a copy with one byte changed is refused.
    let run = ward_in(&root(), &["check", "stdlib"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("ok: "), "{}", run.stdout);
    let dir = scratch("one-byte");
    copy_dir(&root().join("stdlib/nhs"), &dir.join("stdlib/nhs"));
    std::fs::copy(
        root().join("stdlib/ward.toml"),
        dir.join("stdlib/ward.toml"),
    )
    .unwrap();
    let case = dir.join("stdlib/nhs/case.ward");
    let mut text = std::fs::read_to_string(&case).unwrap();
    text.push('\n');
    std::fs::write(&case, text).unwrap();
    let run = ward_in(&dir, &["test", "stdlib"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("ward test --stdlib stdlib"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_trust_declaring_itself_the_library_is_refused() {
    let pkg = attacks().join("std_flag_trust");
    let shown = pkg.display().to_string();
    assert_refused(
        &root(),
        &["--policy", &shown],
        "declares `standard-library = true`",
    );
    // From inside the package (the package around the working directory).
    assert_refused(&pkg, &[], "declares `standard-library = true`");
    let run = ward_in(&pkg, &["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("ward.toml (package `tyne_valley_trust`) declares `standard-library = true`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_package_named_nhs_is_refused() {
    let shown = attacks().join("named_nhs").display().to_string();
    assert_refused(
        &root(),
        &["--policy", &shown],
        "names the package `nhs`, the standard library's name",
    );
}

#[test]
fn the_library_cannot_come_from_a_path_or_git() {
    for (pkg, needle) in [
        ("nhs_by_path", "nhs = { path = \"../named_nhs\" }"),
        ("nhs_by_git", "nhs = { git = "),
    ] {
        let shown = attacks().join(pkg).display().to_string();
        assert_refused(
            &root(),
            &["--policy", &shown],
            "the standard library `nhs` is built into ward; it cannot come from a path or a git repository",
        );
        let run = eval_json(&root(), REQUIRED, &["--policy", &shown]);
        assert!(
            run.stderr.contains(needle),
            "the value is shown: {}",
            run.stderr
        );
    }
}

#[test]
fn the_library_version_requirement_is_checked_on_every_command() {
    let pkg = attacks().join("future_nhs");
    let needle = "`future_trust` requires the standard library `nhs` ^9.0, but the library loaded is version 0.1.0";
    assert_refused(&root(), &["--policy", &pkg.display().to_string()], needle);
    for args in [&["check"][..], &["test"]] {
        let run = ward_in(&pkg, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn two_packages_with_one_name_are_an_error_naming_both() {
    let a = attacks().join("twins/a").display().to_string();
    let b = attacks().join("twins/b").display().to_string();
    let run = eval_json(&root(), REQUIRED, &["--policy", &a, "--policy", &b]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "two packages are named `twin`: {} and {}",
            "tests/fixtures/attacks/packages/twins/a", "tests/fixtures/attacks/packages/twins/b"
        )),
        "{}",
        run.stderr
    );
    // A policy package named like a dependency of another.
    let dir = scratch("dep-twin");
    copy_dir(&attacks().join("lock_base"), &dir);
    let trust = dir.join("trust");
    assert_eq!(
        ward_with_cache(&trust, &dir.join("cache"), &["update"]).code,
        0
    );
    let run = ward_in(&trust, &["eval", &case(REQUIRED), "--policy", "../decoy"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("two packages are named `shared`")
            && run.stderr.contains("shared and")
            && run.stderr.contains("decoy"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_src_and_exports_of_missing_modules_are_reported() {
    let run = ward_in(&attacks().join("missing_src"), &["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`src` names `nonexistent`, which is not a directory")
            && run.stderr.contains("ward.toml:5:7"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("ok"), "{}", run.stdout);
    let run = ward_in(&attacks().join("bad_exports"), &["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "`exports` names `bad_exports.pubic`, but package `bad_exports` has no such module"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("`bad_exports.public`,"),
        "{}",
        run.stderr
    );
}

#[test]
fn broken_manifests_and_locks_are_errors_never_absent() {
    let dir = scratch("broken-manifests");
    let pkg = dir.join("pkg");
    copy_dir(&attacks().join("lock_base/shared"), &pkg);
    let manifest = pkg.join("ward.toml");
    let check = |what: &str, needle: &str| {
        let run = ward_with_cache(&pkg, &dir.join("cache"), &["check"]);
        assert_eq!(run.code, 2, "{what}: {}{}", run.stdout, run.stderr);
        assert!(!run.stdout.contains("ok"), "{what}: {}", run.stdout);
        assert!(run.stderr.contains(needle), "{what}: {}", run.stderr);
    };
    // Not UTF-8.
    let mut bytes = std::fs::read(&manifest).unwrap();
    bytes.extend_from_slice(b"# \xff\xfe\n");
    std::fs::write(&manifest, &bytes).unwrap();
    check("not UTF-8", "ward.toml: the file is not valid UTF-8 text");
    // Too large (a sparse gibibyte: nothing like it is read).
    let f = std::fs::File::create(&manifest).unwrap();
    f.set_len(1 << 30).unwrap();
    drop(f);
    check(
        "1 GiB",
        "ward.toml: the file is larger than 1 MiB, the most Ward reads",
    );
    // Not a file.
    std::fs::remove_file(&manifest).unwrap();
    std::fs::create_dir(&manifest).unwrap();
    check(
        "a directory",
        "ward.toml: the file is a directory, not a regular file",
    );
    std::fs::remove_dir(&manifest).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("nowhere.toml"), &manifest).unwrap();
        check(
            "a dangling link",
            "ward.toml: the file is a symbolic link to nothing",
        );
        std::fs::remove_file(&manifest).unwrap();
    }
    // A garbage lock is a parse error, not "no ward.lock".
    std::fs::copy(attacks().join("lock_base/shared/ward.toml"), &manifest).unwrap();
    std::fs::write(pkg.join("ward.lock"), "\u{0}\u{1}garbage = = =").unwrap();
    check("a garbage lock", "ward.lock:");
    let run = ward_with_cache(&pkg, &dir.join("cache"), &["check"]);
    assert!(!run.stderr.contains("no ward.lock"), "{}", run.stderr);
}

/// A trust that depends on `shared`, locked by `ward update`, for the lock tampering tests:
/// the directory, and the trust's lock text.
fn locked_trust(name: &str) -> (PathBuf, String) {
    let dir = scratch(name);
    copy_dir(&attacks().join("lock_base"), &dir);
    let trust = dir.join("trust");
    let update = ward_with_cache(&trust, &dir.join("cache"), &["update"]);
    assert_eq!(update.code, 0, "{}", update.stderr);
    let check = ward_with_cache(&trust, &dir.join("cache"), &["check"]);
    assert_eq!(check.code, 0, "the honest lock verifies: {}", check.stderr);
    let lock = std::fs::read_to_string(trust.join("ward.lock")).unwrap();
    (dir, lock)
}

fn checksum_of(dir: &Path) -> String {
    let m = ward_project::manifest::read(dir).unwrap().unwrap();
    ward_project::resolve::package_checksum(&m)
}

/// With `lock` written, every command refuses the package with `needle`; the DPIA of the
/// required case is never reported without the lock being right.
fn assert_lock_refused(dir: &Path, lock: &str, needle: &str) {
    let trust = dir.join("trust");
    std::fs::write(trust.join("ward.lock"), lock).unwrap();
    for args in [&["check"][..], &["test"]] {
        let run = ward_with_cache(&trust, &dir.join("cache"), args);
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(
            flat(&run.stderr).contains(needle),
            "{args:?}: {}",
            run.stderr
        );
    }
    let run = ward_with_cache(
        &trust,
        &dir.join("cache"),
        &["eval", &case(REQUIRED), "--as-of", AS_OF],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(flat(&run.stderr).contains(needle), "{}", run.stderr);
    // `ward update` rewrites the lock from the manifests, and the law is back.
    let update = ward_with_cache(&trust, &dir.join("cache"), &["update"]);
    assert_eq!(update.code, 0, "{}", update.stderr);
    assert_dpia_is_the_law(&trust, &[]);
}

#[test]
fn an_extra_lock_entry_is_refused() {
    let (dir, lock) = locked_trust("lock-extra");
    let extra = format!(
        "{lock}\n[[package]]\nname = \"extra\"\nversion = \"1.0.0\"\nsource = \"path+../extra\"\nchecksum = \"{}\"\n",
        checksum_of(&dir.join("extra"))
    );
    assert_lock_refused(
        &dir,
        &extra,
        "ward.lock has an entry for `extra`, but no ward.toml in the package's dependencies declares it",
    );
}

#[test]
fn builtin_on_a_dependency_is_refused() {
    let (dir, lock) = locked_trust("lock-builtin");
    let tampered = lock.replace("source = \"path+../shared\"", "source = \"builtin\"");
    assert_ne!(tampered, lock);
    assert_lock_refused(
        &dir,
        &tampered,
        "ward.lock: the entry for `shared`: the source `builtin` belongs to the standard library `nhs` alone",
    );
}

#[test]
fn a_redirected_source_is_refused_even_with_the_right_checksum() {
    let (dir, lock) = locked_trust("lock-redirect");
    let original = checksum_of(&dir.join("shared"));
    let tampered = lock
        .replace("source = \"path+../shared\"", "source = \"path+../decoy\"")
        .replace(&original, &checksum_of(&dir.join("decoy")));
    assert_lock_refused(
        &dir,
        &tampered,
        "ward.lock: the entry for `shared` points at",
    );
}

#[test]
fn versions_in_the_lock_are_checked_against_manifests_and_requirements() {
    // A version edited by hand.
    let (dir, lock) = locked_trust("lock-version");
    let tampered = lock.replace(
        "name = \"shared\"\nversion = \"1.0.0\"",
        "name = \"shared\"\nversion = \"1.9.0\"",
    );
    assert_ne!(tampered, lock);
    assert_lock_refused(
        &dir,
        &tampered,
        "ward.lock: the entry for `shared` records version 1.9.0, but its ward.toml says 1.0.0",
    );
    // A requirement the locked version no longer satisfies.
    let (dir, lock) = locked_trust("lock-requirement");
    let manifest = dir.join("trust/ward.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace("version = \"^1.0\"", "version = \"^2.0\""),
    )
    .unwrap();
    let trust = dir.join("trust");
    std::fs::write(trust.join("ward.lock"), &lock).unwrap();
    let run = ward_with_cache(&trust, &dir.join("cache"), &["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "version conflict: `trust` requires `shared` ^2.0, but the package found is version 1.0.0"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn duplicate_entries_are_refused() {
    let (dir, lock) = locked_trust("lock-duplicate");
    let entry = lock
        .split("[[package]]")
        .find(|e| e.contains("name = \"shared\""))
        .unwrap()
        .to_string();
    let tampered = format!("{lock}\n[[package]]{entry}");
    assert_lock_refused(
        &dir,
        &tampered,
        "ward.lock: `shared` is listed more than once",
    );
}

#[test]
fn the_nhs_entry_must_be_builtin() {
    let (dir, lock) = locked_trust("lock-nhs-path");
    let tampered = lock.replacen("source = \"builtin\"", "source = \"path+../decoy\"", 1);
    assert_ne!(tampered, lock);
    assert_lock_refused(
        &dir,
        &tampered,
        "the standard library's source must be `builtin`",
    );
}

#[test]
fn a_git_revision_that_is_not_an_object_id_never_becomes_a_path() {
    let dir = scratch("lock-revision");
    let trust = dir.join("trust");
    copy_dir(&attacks().join("lock_base/trust"), &trust);
    std::fs::write(
        trust.join("ward.toml"),
        "[package]\nname = \"trust\"\nversion = \"1.0.0\"\n\n[dependencies]\nshared = { git = \"https://git.example.invalid/shared.git\", tag = \"v1.0.0\" }\n",
    )
    .unwrap();
    // `<rev>/../../…` would serve any directory from the cache path.
    let served = dir.join("cache/served");
    copy_dir(&attacks().join("lock_base/decoy"), &served);
    let rev = format!("{}/../../served", "a".repeat(40));
    std::fs::write(
        trust.join("ward.lock"),
        format!(
            "version = 1\n\n[[package]]\nname = \"shared\"\nversion = \"1.0.0\"\nsource = \"git+https://git.example.invalid/shared.git?tag=v1.0.0\"\nrevision = \"{rev}\"\nchecksum = \"{}\"\n",
            checksum_of(&served)
        ),
    )
    .unwrap();
    for args in [&["check"][..], &["fetch"]] {
        let run = ward_with_cache(&trust, &dir.join("cache"), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            flat(&run.stderr).contains("is not a git object id (40 or 64 hexadecimal digits)"),
            "{args:?}: {}",
            run.stderr
        );
    }
}
