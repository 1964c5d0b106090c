//! Dependency resolution. `ward update` resolves every dependency (fetching git ones),
//! checks versions and writes the lock; every other command reads the lock and refuses a
//! dependency whose content no longer matches it. Nothing is fetched except by `ward update`
//! and `ward fetch`.

use std::collections::{BTreeMap, VecDeque};
use std::path::{Component, Path, PathBuf};

use crate::lock::{LOCK_VERSION, Lock, LockedPackage};
use crate::manifest::{self, Dependency, FileError, GitRef, Manifest, Source};

/// Something wrong with the packages, for the user.
#[derive(Clone, Debug)]
pub enum Problem {
    File(FileError),
    Message {
        message: String,
        help: Option<String>,
    },
    /// Worth saying, but not a reason to stop (the standard library moved on).
    Warning {
        message: String,
        help: Option<String>,
    },
}

impl Problem {
    pub fn is_warning(&self) -> bool {
        matches!(self, Problem::Warning { .. })
    }
}

fn problem(message: String, help: Option<String>) -> Problem {
    Problem::Message { message, help }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Use the lock as it is; fetch nothing.
    Locked,
    /// Use the lock, fetching git revisions that are not in the cache yet.
    Fetch,
    /// Re-resolve every dependency and write a new lock.
    Update,
}

#[derive(Clone, Debug)]
pub struct ResolvedPackage {
    pub manifest: Manifest,
    pub locked: LockedPackage,
}

#[derive(Clone, Debug)]
pub struct Resolved {
    pub root: Manifest,
    /// Every dependency but the standard library, by name.
    pub packages: Vec<ResolvedPackage>,
    pub lock: Lock,
    pub warnings: Vec<Problem>,
}

/// `sha256:` of a package's content: its manifest and every module, by relative path.
pub fn package_checksum(m: &Manifest) -> String {
    let dir = m.dir();
    let mut files = crate::walk::ward_files(&m.src);
    files.push(m.path.clone());
    let mut entries: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|f| {
            let rel = f
                .strip_prefix(dir)
                .unwrap_or(f)
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(f).unwrap_or_default())
        })
        .collect();
    entries.sort();
    digest(entries.iter().map(|(p, b)| (p.as_str(), b.as_slice())))
}

/// `sha256:` of the standard library built into this binary.
pub fn stdlib_checksum() -> String {
    digest(
        ward_stdlib::modules()
            .iter()
            .map(|(p, t)| (*p, t.as_bytes())),
    )
}

fn digest<'a>(entries: impl Iterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut all = Vec::new();
    for (path, bytes) in entries {
        all.extend_from_slice(path.as_bytes());
        all.push(0);
        all.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        all.extend_from_slice(bytes);
    }
    ward_core::lower::sha256_hex(&all)
}

/// `target` relative to `base` when one can be written (`../regional`), else absolute.
fn relative_to(base: &Path, target: &Path) -> PathBuf {
    let (Ok(base), Ok(target)) = (base.canonicalize(), target.canonicalize()) else {
        return target.to_path_buf();
    };
    let b: Vec<Component> = base.components().collect();
    let t: Vec<Component> = target.components().collect();
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return target;
    }
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c);
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

fn git(args: &[&str], cwd: Option<&Path>) -> Result<String, String> {
    let mut cmd = std::process::Command::new("git");
    if let Some(d) = cwd {
        cmd.arg("-C").arg(d);
    }
    cmd.args(args).env("GIT_TERMINAL_PROMPT", "0");
    let out = cmd
        .output()
        .map_err(|e| format!("could not run git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

fn checkout_dir(cache: &Path, name: &str, revision: &str) -> PathBuf {
    cache
        .join("git")
        .join("checkouts")
        .join(format!("{name}-{revision}"))
}

/// Fetch `url` at `reference` into the cache; the checkout directory and the exact commit.
fn fetch_git(
    cache: &Path,
    name: &str,
    url: &str,
    reference: &GitRef,
) -> Result<(PathBuf, String), Problem> {
    let db = cache
        .join("git")
        .join("db")
        .join(&ward_core::lower::sha256_hex(url.as_bytes()).trim_start_matches("sha256:")[..16]);
    let fail = |what: &str, e: String| {
        problem(
            format!("could not {what} `{name}` from {url}: {e}"),
            Some("check the URL and that the tag or revision exists".into()),
        )
    };
    if !db.join("HEAD").exists() && !db.join(".git").exists() {
        std::fs::create_dir_all(db.parent().unwrap()).map_err(|e| fail("fetch", e.to_string()))?;
        git(
            &[
                "clone",
                "--quiet",
                "--no-checkout",
                url,
                &db.to_string_lossy(),
            ],
            None,
        )
        .map_err(|e| fail("clone", e))?;
    } else {
        git(&["fetch", "--quiet", "--tags", "origin"], Some(&db)).map_err(|e| fail("fetch", e))?;
    }
    let spec = match reference {
        GitRef::Tag(t) => format!("refs/tags/{t}^{{commit}}"),
        GitRef::Rev(r) => format!("{r}^{{commit}}"),
    };
    let revision = git(&["rev-parse", "--verify", "--quiet", &spec], Some(&db))
        .map_err(|e| fail("find the revision of", e))?;
    if revision.is_empty() {
        return Err(fail(
            "find the revision of",
            "no such tag or revision".into(),
        ));
    }
    let dir = checkout_dir(cache, name, &revision);
    if !dir.exists() {
        git(
            &[
                "clone",
                "--quiet",
                &db.to_string_lossy(),
                &dir.to_string_lossy(),
            ],
            None,
        )
        .map_err(|e| fail("check out", e))?;
        git(&["checkout", "--quiet", "--detach", &revision], Some(&dir))
            .map_err(|e| fail("check out", e))?;
    }
    Ok((dir, revision))
}

/// Check out an already-locked revision into the cache if it is not there.
fn fetch_locked(cache: &Path, locked: &LockedPackage) -> Result<PathBuf, Problem> {
    let revision = locked.revision.clone().unwrap_or_default();
    let dir = checkout_dir(cache, &locked.name, &revision);
    if dir.exists() {
        return Ok(dir);
    }
    let url = locked
        .source
        .trim_start_matches("git+")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    let (dir, _) = fetch_git(cache, &locked.name, &url, &GitRef::Rev(revision))?;
    Ok(dir)
}

fn requirement_problem(
    dep: &Dependency,
    requirer: &str,
    found: &semver::Version,
    others: &[(String, String)],
) -> Problem {
    let mut message = format!(
        "version conflict: `{requirer}` requires `{}` {}, but the package found is version {found}",
        dep.name,
        dep.requirement_text.as_deref().unwrap_or("*")
    );
    for (who, req) in others {
        message.push_str(&format!("; `{who}` requires {req}"));
    }
    problem(
        message,
        Some(format!(
            "make the requirements on `{}` agree, or point `{requirer}` at a version that satisfies them",
            dep.name
        )),
    )
}

/// Resolve the packages of the project at `root_dir`.
pub fn resolve(root_dir: &Path, cache: &Path, mode: Mode) -> Result<Resolved, Vec<Problem>> {
    let root = match manifest::read(root_dir) {
        Ok(Some(m)) => m,
        Ok(None) => {
            return Err(vec![problem(
                format!("{} has no ward.toml", root_dir.display()),
                Some("run `ward init` to start a package".into()),
            )]);
        }
        Err(e) => return Err(vec![Problem::File(e)]),
    };
    match mode {
        Mode::Update => update(root, root_dir, cache),
        Mode::Locked | Mode::Fetch => locked(root, root_dir, cache, mode == Mode::Fetch),
    }
}

/// Each package found so far, with where it came from and who required it at which version
/// (kept to explain a later conflict).
type Found = BTreeMap<String, (ResolvedPackage, Source, Vec<(String, String)>)>;

fn update(root: Manifest, root_dir: &Path, cache: &Path) -> Result<Resolved, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut found: Found = BTreeMap::new();
    let mut stdlib_required: Vec<(String, String)> = Vec::new();
    let mut queue: VecDeque<(Dependency, String, PathBuf)> = root
        .dependencies
        .iter()
        .map(|d| (d.clone(), root.name.clone(), root.dir().to_path_buf()))
        .collect();
    let stdlib_version =
        semver::Version::parse(ward_core::VERSION).expect("ward's version is semver");
    while let Some((dep, requirer, base)) = queue.pop_front() {
        let req_text = dep.requirement_text.clone().unwrap_or_else(|| "*".into());
        if dep.source == Source::Stdlib || dep.name == ward_stdlib::PACKAGE {
            if dep
                .requirement
                .as_ref()
                .is_some_and(|r| !r.matches(&stdlib_version))
            {
                problems.push(problem(
                    format!(
                        "`{requirer}` requires the standard library `nhs` {req_text}, but this ward carries version {stdlib_version}"
                    ),
                    Some("use a ward whose standard library satisfies the requirement, or relax it".into()),
                ));
            }
            stdlib_required.push((requirer, req_text));
            continue;
        }
        if dep.name == root.name {
            problems.push(problem(
                format!(
                    "package `{}` depends on itself (through `{requirer}`)",
                    root.name
                ),
                None,
            ));
            continue;
        }
        if let Some((pkg, source, reqs)) = found.get_mut(&dep.name) {
            let same_source = match (&dep.source, &*source) {
                (Source::Path(a), Source::Path(b)) => {
                    base.join(a).canonicalize().ok() == pkg.manifest.dir().canonicalize().ok()
                        || a == b
                }
                (a, b) => a == b,
            };
            if !same_source {
                problems.push(problem(
                    format!(
                        "`{}` is required from two sources: {} and {}",
                        dep.name,
                        source.lock_text(),
                        dep.source.lock_text()
                    ),
                    Some("every package in the tree must use one copy of a dependency".into()),
                ));
                continue;
            }
            if dep
                .requirement
                .as_ref()
                .is_some_and(|r| !r.matches(&pkg.manifest.version))
            {
                problems.push(requirement_problem(
                    &dep,
                    &requirer,
                    &pkg.manifest.version,
                    reqs,
                ));
                continue;
            }
            reqs.push((requirer, req_text));
            continue;
        }
        let (dir, revision, source_text) = match &dep.source {
            Source::Path(p) => {
                let dir = base.join(p);
                let rel = relative_to(root_dir, &dir);
                (dir, None, format!("path+{}", rel.display()))
            }
            Source::Git { url, reference } => match fetch_git(cache, &dep.name, url, reference) {
                Ok((dir, rev)) => (dir, Some(rev), dep.source.lock_text()),
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            },
            Source::Stdlib => unreachable!("handled above"),
        };
        let m = match manifest::read(&dir) {
            Ok(Some(m)) => m,
            Ok(None) => {
                problems.push(problem(
                    format!(
                        "dependency `{}` at {} has no ward.toml",
                        dep.name,
                        dir.display()
                    ),
                    Some("a dependency is a Ward package: a directory with a ward.toml".into()),
                ));
                continue;
            }
            Err(e) => {
                problems.push(Problem::File(e));
                continue;
            }
        };
        if m.name != dep.name {
            problems.push(problem(
                format!(
                    "`{requirer}` depends on `{}`, but {} is package `{}`",
                    dep.name,
                    dir.display(),
                    m.name
                ),
                Some("the key in [dependencies] must be the package's name".into()),
            ));
            continue;
        }
        if dep
            .requirement
            .as_ref()
            .is_some_and(|r| !r.matches(&m.version))
        {
            problems.push(requirement_problem(&dep, &requirer, &m.version, &[]));
            continue;
        }
        for d in &m.dependencies {
            queue.push_back((d.clone(), m.name.clone(), m.dir().to_path_buf()));
        }
        let locked = LockedPackage {
            name: m.name.clone(),
            version: m.version.to_string(),
            source: source_text,
            revision,
            checksum: package_checksum(&m),
            dependencies: m.dependencies.iter().map(|d| d.name.clone()).collect(),
        };
        found.insert(
            dep.name.clone(),
            (
                ResolvedPackage {
                    manifest: m,
                    locked,
                },
                dep.source.clone(),
                vec![(requirer, req_text)],
            ),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut lock = Lock {
        version: LOCK_VERSION,
        packages: found.values().map(|(p, _, _)| p.locked.clone()).collect(),
    };
    lock.packages.push(LockedPackage {
        name: ward_stdlib::PACKAGE.into(),
        version: ward_core::VERSION.into(),
        source: "builtin".into(),
        revision: None,
        checksum: stdlib_checksum(),
        dependencies: vec![],
    });
    lock.packages.sort_by(|a, b| a.name.cmp(&b.name));
    let packages = found.into_values().map(|(p, _, _)| p).collect();
    Ok(Resolved {
        root,
        packages,
        lock,
        warnings: vec![],
    })
}

fn locked(
    root: Manifest,
    root_dir: &Path,
    cache: &Path,
    fetch: bool,
) -> Result<Resolved, Vec<Problem>> {
    let lock = match crate::lock::read(root_dir) {
        Ok(Some(l)) => l,
        Ok(None) if root.dependencies.iter().all(|d| d.source == Source::Stdlib) => {
            return Ok(Resolved {
                root,
                packages: vec![],
                lock: Lock {
                    version: LOCK_VERSION,
                    packages: vec![],
                },
                warnings: vec![],
            });
        }
        Ok(None) => {
            return Err(vec![problem(
                format!("package `{}` has dependencies but no ward.lock", root.name),
                Some("run `ward update` to resolve and lock them".into()),
            )]);
        }
        Err(e) => return Err(vec![Problem::File(e)]),
    };
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    for d in &root.dependencies {
        if lock.get(&d.name).is_none() {
            problems.push(problem(
                format!("`{}` is in ward.toml but not in ward.lock", d.name),
                Some("the lock is out of date: run `ward update`".into()),
            ));
        }
    }
    let mut packages = Vec::new();
    for locked in &lock.packages {
        if locked.source == "builtin" {
            // The standard library is part of the `ward` being run, so a different one is
            // reported (results may differ from when the lock was written) but does not stop.
            let now = stdlib_checksum();
            if locked.checksum != now {
                warnings.push(Problem::Warning {
                    message: format!(
                        "the standard library `nhs` differs from the one ward.lock records: locked {}, found {now}",
                        locked.checksum
                    ),
                    help: Some(format!(
                        "this ward carries nhs {}; results may differ from when the lock was written; run `ward update` to record it",
                        ward_core::VERSION
                    )),
                });
            }
            continue;
        }
        let dir = if let Some(rel) = locked.source.strip_prefix("path+") {
            root_dir.join(rel)
        } else if locked.source.starts_with("git+") {
            let dir = checkout_dir(
                cache,
                &locked.name,
                locked.revision.as_deref().unwrap_or_default(),
            );
            if !dir.exists() {
                if fetch {
                    match fetch_locked(cache, locked) {
                        Ok(d) => d,
                        Err(p) => {
                            problems.push(p);
                            continue;
                        }
                    }
                } else {
                    problems.push(problem(
                        format!(
                            "`{}` (revision {}) has not been fetched",
                            locked.name,
                            locked.revision.as_deref().unwrap_or("?")
                        ),
                        Some("run `ward fetch` to download the locked revisions".into()),
                    ));
                    continue;
                }
            } else {
                dir
            }
        } else {
            problems.push(problem(
                format!(
                    "ward.lock names an unknown source `{}` for `{}`",
                    locked.source, locked.name
                ),
                None,
            ));
            continue;
        };
        let m = match manifest::read(&dir) {
            Ok(Some(m)) => m,
            Ok(None) => {
                problems.push(problem(
                    format!(
                        "locked dependency `{}` is missing: {} has no ward.toml",
                        locked.name,
                        dir.display()
                    ),
                    Some("restore it, or run `ward update`".into()),
                ));
                continue;
            }
            Err(e) => {
                problems.push(Problem::File(e));
                continue;
            }
        };
        let now = package_checksum(&m);
        if now != locked.checksum {
            problems.push(problem(
                format!(
                    "dependency `{}` {} no longer matches ward.lock: locked {}, found {now}",
                    locked.name, locked.version, locked.checksum
                ),
                Some("its content changed since it was locked; if the change is intended, review it and run `ward update`".into()),
            ));
            continue;
        }
        packages.push(ResolvedPackage {
            manifest: m,
            locked: locked.clone(),
        });
    }
    if problems.is_empty() {
        Ok(Resolved {
            root,
            packages,
            lock,
            warnings,
        })
    } else {
        problems.extend(warnings);
        Err(problems)
    }
}
