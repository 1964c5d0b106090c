//! What the file system can throw at Ward (issue 20, items 3, 4, 7, 8 and the project parts of
//! 9): policy files that are pipes, devices or a gibibyte are refused without blocking or
//! reading them; symbolic-link loops and `src = "/"` end; nothing is written through a link
//! out of the project; git never sees an option or a disallowed URL; and package problems are
//! bad input (exit 2) with a message that says what was wrong.

use std::path::{Path, PathBuf};

use ward_tests::{Run, flat, root, ward_in, ward_with_cache};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ward-fs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn check(cwd: &Path, args: &[&str]) -> Run {
    ward_with_cache(cwd, &cwd.join(".cache"), args)
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

const MODULE: &str = "def open_value = true\n";

#[cfg(unix)]
#[test]
fn pipes_devices_and_huge_files_are_refused_without_reading_them() {
    use std::os::unix::fs::symlink;
    let dir = scratch("reads");
    // A named pipe among the modules: reading it would wait for a writer forever.
    let pkg = dir.join("pipe");
    write(&pkg.join("ok.ward"), MODULE);
    mkfifo(&pkg.join("stuck.ward"));
    let run = check(&dir, &["check", "pipe"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("pipe/stuck.ward: is a named pipe (FIFO), not a regular file"),
        "{}",
        run.stderr
    );
    // /dev/zero, named directly (a link to it inside a package is refused as leaving it).
    symlink("/dev/zero", dir.join("zero.ward")).unwrap();
    let run = check(&dir, &["check", "zero.ward"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("zero.ward: is a device, not a regular file"),
        "{}",
        run.stderr
    );
    // A sparse gibibyte: refused from its size, nothing read.
    let big = dir.join("big");
    std::fs::create_dir_all(&big).unwrap();
    std::fs::File::create(big.join("huge.ward"))
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let run = check(&dir, &["check", "big"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("big/huge.ward: is larger than 4 MiB, the most Ward reads"),
        "{}",
        run.stderr
    );
    // A case file and a lock that are pipes.
    mkfifo(&dir.join("case.yaml"));
    let run = check(&dir, &["eval", "case.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("case.yaml: the case file is a named pipe (FIFO), not a regular file"),
        "{}",
        run.stderr
    );
    let locked = dir.join("locked");
    write(
        &locked.join("ward.toml"),
        "[package]\nname = \"locked\"\nversion = \"1.0.0\"\n",
    );
    write(&locked.join("rules.ward"), MODULE);
    mkfifo(&locked.join("ward.lock"));
    let run = check(&dir, &["check", "locked"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("ward.lock: the file is a named pipe (FIFO), not a regular file"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_end_and_each_module_is_loaded_once() {
    use std::os::unix::fs::symlink;
    let dir = scratch("loops");
    let pkg = dir.join("pkg");
    write(&pkg.join("a/rules.ward"), MODULE);
    // Six links back to the package: 6^40 paths before the kernel said "too many levels".
    for i in 0..6 {
        symlink("..", pkg.join(format!("a/up{i}"))).unwrap();
    }
    symlink(".", pkg.join("self")).unwrap();
    let run = check(&dir, &["check", "pkg"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("ok: 1 module checked"),
        "{}",
        run.stdout
    );
    // The editor's workspace scan ends too, and finds each package once.
    write(
        &dir.join("ws/trust/ward.toml"),
        "[package]\nname = \"trust\"\nversion = \"1.0.0\"\n",
    );
    symlink("..", dir.join("ws/trust_loop")).unwrap();
    std::fs::create_dir_all(dir.join("ws/deep")).unwrap();
    symlink("../..", dir.join("ws/deep/out")).unwrap();
    let (found, problems) = ward_project::discover::discover_projects(&dir.join("ws"));
    assert_eq!(found, vec![dir.join("ws/trust")], "{problems:?}");
    assert!(
        problems
            .iter()
            .any(|p| format!("{p:?}").contains("outside")),
        "{problems:?}"
    );
}

#[test]
fn src_at_the_root_is_refused_and_walks_are_bounded() {
    let dir = scratch("src-root");
    write(
        &dir.join("pkg/ward.toml"),
        "[package]\nname = \"pkg\"\nversion = \"1.0.0\"\nsrc = \"/\"\n",
    );
    let run = check(&dir, &["check", "pkg"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`src` names `/`, which is outside the package"),
        "{}",
        run.stderr
    );
    // A directory with more entries than a walk visits is refused, not walked to the end.
    let many = dir.join("many");
    std::fs::create_dir_all(&many).unwrap();
    for i in 0..=ward_core::limits::MAX_WALK_ENTRIES {
        std::fs::File::create(many.join(format!("f{i}"))).unwrap();
    }
    let run = check(&dir, &["check", "many"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("many holds more than 100000 files and directories; Ward stopped listing it"),
        "{}",
        run.stderr
    );
    // A hundred thousand files are not left behind in the temporary directory.
    std::fs::remove_dir_all(&many).unwrap();
}

#[cfg(unix)]
#[test]
fn fmt_does_not_write_through_links_out_of_the_project() {
    use std::os::unix::fs::symlink;
    let dir = scratch("fmt");
    let messy = "def   x = true\n";
    let outside = dir.join("outside");
    write(&outside.join("shared.ward"), messy);
    write(&outside.join("dir/inner.ward"), messy);
    let project = dir.join("project");
    write(
        &project.join("ward.toml"),
        "[package]\nname = \"project\"\nversion = \"1.0.0\"\n",
    );
    write(&project.join("own.ward"), messy);
    symlink(outside.join("shared.ward"), project.join("linked.ward")).unwrap();
    symlink(outside.join("dir"), project.join("linked_dir")).unwrap();
    // A link to a file inside the project is followed: the file is formatted, the link stays.
    write(&project.join("sub/real.ward"), messy);
    symlink("sub/real.ward", project.join("alias.ward")).unwrap();

    let run = check(&dir, &["fmt", "project"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("project/linked.ward")
            && run.stderr.contains("project/linked_dir")
            && run.stderr.contains("Ward does not follow links out"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(outside.join("shared.ward")).unwrap(),
        messy
    );
    assert_eq!(
        std::fs::read_to_string(outside.join("dir/inner.ward")).unwrap(),
        messy
    );
    assert_eq!(
        std::fs::read_to_string(project.join("own.ward")).unwrap(),
        "def x = true\n"
    );
    assert_eq!(
        std::fs::read_to_string(project.join("sub/real.ward")).unwrap(),
        "def x = true\n"
    );
    assert!(
        std::fs::symlink_metadata(project.join("alias.ward"))
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link inside the project is still a link"
    );
    // Named on the command line, the file outside is refused and the exit code says so.
    let run = check(&dir, &["fmt", "project/linked.ward"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("project/linked.ward: not formatted: it is a symbolic link to")
            && run.stderr.contains("outside the project"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(outside.join("shared.ward")).unwrap(),
        messy
    );
    // Atomic writes leave no temporary file behind.
    let leftovers: Vec<_> = std::fs::read_dir(&project)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".ward-write-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn update_and_init_do_not_write_through_links() {
    use std::os::unix::fs::symlink;
    let dir = scratch("links");
    let pkg = dir.join("pkg");
    write(
        &pkg.join("ward.toml"),
        "[package]\nname = \"pkg\"\nversion = \"1.0.0\"\n",
    );
    write(&pkg.join("rules.ward"), MODULE);
    let victim = dir.join("victim.txt");
    write(&victim, "precious\n");
    symlink(&victim, pkg.join("ward.lock")).unwrap();
    let run = check(&dir, &["update", "pkg"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("ward.lock") && run.stderr.contains("is a symbolic link"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");

    // `ward init` where ward.toml is a link to nowhere: nothing is created at its target.
    let fresh = dir.join("fresh");
    std::fs::create_dir_all(&fresh).unwrap();
    let target = dir.join("planted.toml");
    symlink(&target, fresh.join("ward.toml")).unwrap();
    let run = check(&dir, &["init", "fresh"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!target.exists(), "nothing was written through the link");
    // And where policy.ward is a dangling link, ward.toml is written and the link left alone.
    let other = dir.join("other");
    std::fs::create_dir_all(&other).unwrap();
    let module_target = dir.join("planted.ward");
    symlink(&module_target, other.join("policy.ward")).unwrap();
    let run = check(&dir, &["init", "other"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("policy.ward was already there"),
        "{}",
        run.stdout
    );
    assert!(
        !module_target.exists(),
        "nothing was written through the link"
    );
    assert!(other.join("ward.toml").is_file());
    // Nor does it start a package with the standard library's name.
    let run = check(&dir, &["init", "nhs"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("`nhs` is the standard library's name"),
        "{}",
        run.stderr
    );
    assert!(!dir.join("nhs/ward.toml").exists());
}

#[test]
fn git_urls_are_allowlisted_and_never_read_as_options() {
    let dir = scratch("git-urls");
    let marker = dir.join("pwned");
    let m = marker.display();
    for url in [
        format!("--upload-pack=touch {m}"),
        format!("--config=core.sshCommand=touch {m}"),
        format!("--template={m}"),
        format!("ext::sh -c touch% {m}"),
        "http://git.example.invalid/shared.git".to_string(),
    ] {
        let pkg = dir.join("pkg");
        write(
            &pkg.join("ward.toml"),
            &format!(
                "[package]\nname = \"pkg\"\nversion = \"1.0.0\"\n\n[dependencies]\nshared = {{ git = \"{url}\", tag = \"v1\" }}\n"
            ),
        );
        for cmd in ["update", "fetch", "check"] {
            let run = check(&pkg, &[cmd]);
            assert_eq!(run.code, 2, "{url} {cmd}: {}", run.stderr);
            assert!(
                flat(&run.stderr).contains("is not a git URL Ward fetches from"),
                "{url} {cmd}: {}",
                run.stderr
            );
        }
    }
    // The same URL from a hand-edited lock, through `ward fetch`.
    let pkg = dir.join("from-lock");
    write(
        &pkg.join("ward.toml"),
        "[package]\nname = \"pkg\"\nversion = \"1.0.0\"\n\n[dependencies]\nshared = { git = \"https://git.example.invalid/shared.git\", tag = \"v1\" }\n",
    );
    write(
        &pkg.join("ward.lock"),
        &format!(
            "version = 1\n\n[[package]]\nname = \"shared\"\nversion = \"1.0.0\"\nsource = \"git+--upload-pack=touch {m}?tag=v1\"\nrevision = \"{}\"\nchecksum = \"sha256:{}\"\n",
            "a".repeat(40),
            "0".repeat(64)
        ),
    );
    let run = check(&pkg, &["fetch"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        flat(&run.stderr).contains("is not a git URL Ward fetches from"),
        "{}",
        run.stderr
    );
    assert!(!marker.exists(), "git ran something");
}

/// Git without `git`: a repository is a directory, tags a table.
struct FakeGit {
    repo: PathBuf,
    commit: String,
    calls: std::cell::RefCell<Vec<String>>,
}

impl ward_project::git::Git for FakeGit {
    fn clone_repository(&self, url: &str, dest: &Path) -> Result<(), String> {
        self.calls.borrow_mut().push(format!("clone {url}"));
        std::fs::create_dir_all(dest.join(".git")).map_err(|e| e.to_string())
    }
    fn fetch(&self, _: &Path) -> Result<(), String> {
        self.calls.borrow_mut().push("fetch".into());
        Ok(())
    }
    fn commit(&self, _: &Path, spec: &str) -> Result<Option<String>, String> {
        self.calls.borrow_mut().push(format!("commit {spec}"));
        Ok(Some(self.commit.clone()))
    }
    fn checkout(&self, _: &Path, revision: &str, dest: &Path) -> Result<(), String> {
        self.calls.borrow_mut().push(format!("checkout {revision}"));
        std::fs::create_dir_all(dest).map_err(|e| e.to_string())?;
        for f in ["ward.toml", "checks.ward"] {
            std::fs::copy(self.repo.join(f), dest.join(f)).map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

#[test]
fn git_is_a_trait_and_what_it_answers_is_checked() {
    let dir = scratch("fake-git");
    let trust = dir.join("trust");
    write(
        &trust.join("ward.toml"),
        "[package]\nname = \"trust\"\nversion = \"1.0.0\"\n\n[dependencies]\nshared = { git = \"https://git.example.invalid/shared.git\", tag = \"v1.0.0\" }\n",
    );
    let library = ward_project::stdlib::Identity::builtin();
    let good = FakeGit {
        repo: root().join("tests/fixtures/attacks/packages/lock_base/shared"),
        commit: "c".repeat(40),
        calls: Default::default(),
    };
    let cache = dir.join("cache");
    let ctx = ward_project::Context {
        cache: &cache,
        git: &good,
        library: &library,
    };
    let resolved = ward_project::resolve::resolve(&trust, &ctx, ward_project::Mode::Update)
        .unwrap_or_else(|ps| panic!("{ps:?}"));
    assert_eq!(
        resolved.lock.get("shared").unwrap().revision.as_deref(),
        Some("c".repeat(40).as_str())
    );
    assert_eq!(
        *good.calls.borrow(),
        vec![
            "clone https://git.example.invalid/shared.git".to_string(),
            "commit refs/tags/v1.0.0^{commit}".into(),
            format!("checkout {}", "c".repeat(40)),
        ]
    );
    // A git that answers with something that is not an object id is not believed.
    let lying = FakeGit {
        repo: good.repo.clone(),
        commit: "../../../tmp".into(),
        calls: Default::default(),
    };
    let ctx = ward_project::Context {
        cache: &dir.join("cache2"),
        git: &lying,
        library: &library,
    };
    let problems = ward_project::resolve::resolve(&trust, &ctx, ward_project::Mode::Update)
        .expect_err("refused");
    assert!(
        format!("{problems:?}").contains("is not a git object id"),
        "{problems:?}"
    );
    assert!(
        !lying
            .calls
            .borrow()
            .iter()
            .any(|c| c.starts_with("checkout"))
    );
}

#[test]
fn package_problems_are_bad_input_and_say_what_was_wrong() {
    let dir = scratch("exit-codes");
    let run = check(&dir, &["check", "no/such/place"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("no/such/place: no such file or directory"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("0 errors and 0 warnings"),
        "{}",
        run.stderr
    );
    // An empty directory is not a package of nothing, nor a batch of cases.
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    let run = check(&dir, &["eval", "--batch", "empty"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("empty: is a directory, not a file of cases"),
        "{}",
        run.stderr
    );
    let run = check(&dir, &["check", "empty"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("empty: there is no ward.toml and no .ward file here"),
        "{}",
        run.stderr
    );
    // A loose module at a standard-library path: the local file is named, no library file is
    // blamed.
    let loose = root().join("tests/fixtures/attacks/packages/loose_nhs");
    let run = ward_in(&root(), &["check", &loose.display().to_string()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "tests/fixtures/attacks/packages/loose_nhs/nhs/adopters/data/step_2_dpia.ward: module `nhs.adopters.data.step_2_dpia` would be part of the standard library `nhs`"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("stdlib/nhs"), "{}", run.stderr);
    let case = root().join("policies/cases/english-trust-ai-imaging-pilot.yaml");
    let run = ward_in(
        &root(),
        &[
            "eval",
            &case.display().to_string(),
            "--policy",
            &loose.display().to_string(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
}
