//! Dependency resolution. `ward update` resolves every dependency (fetching git ones),
//! checks versions and writes the lock; every other command reads the lock and verifies it
//! against the manifests: every entry must be a dependency some `ward.toml` in the tree
//! declares, from the source it declares, at the version its manifest states and its
//! requirement allows, with the content it was locked with. Nothing is fetched except by
//! `ward update` and `ward fetch`.

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};

use crate::git::Git;
use crate::lock::{LOCK_VERSION, Lock, LockedPackage};
use crate::manifest::{self, Dependency, FileError, GitRef, Manifest, Source};
use crate::stdlib::Identity;

/// What resolution needs besides the package: where git dependencies are cached, how to run
/// git (only `update` and `fetch` do), and the standard library the packages will be loaded
/// with (its version answers `nhs = "…"`; its hash is compared with the lock's `nhs` entry).
pub struct Context<'a> {
    pub cache: &'a Path,
    pub git: &'a dyn Git,
    pub library: &'a Identity,
}

/// A [`Git`] for commands that never fetch: any call is a bug, reported as an error.
pub struct NoGit;

impl Git for NoGit {
    fn clone_repository(&self, _: &str, _: &Path) -> Result<(), String> {
        Err("this command does not fetch".into())
    }
    fn fetch(&self, _: &Path) -> Result<(), String> {
        Err("this command does not fetch".into())
    }
    fn commit(&self, _: &Path, _: &str) -> Result<Option<String>, String> {
        Err("this command does not fetch".into())
    }
    fn checkout(&self, _: &Path, _: &str, _: &Path) -> Result<(), String> {
        Err("this command does not fetch".into())
    }
}

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

/// `sha256:` of a package's content: its manifest and every module, by relative path. A file
/// that cannot be read counts as its error, so the checksum never matches a readable one.
pub fn package_checksum(m: &Manifest) -> String {
    let dir = m.dir();
    let mut files = crate::walk::ward_files(&m.src).paths;
    files.push(m.path.clone());
    let mut entries: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|f| {
            let rel = f
                .strip_prefix(dir)
                .unwrap_or(f)
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = crate::fsread::read_bounded(f, ward_core::limits::MAX_SOURCE_BYTES)
                .unwrap_or_else(|e| format!("unreadable: {e}").into_bytes());
            (rel, bytes)
        })
        .collect();
    entries.sort();
    let mut all = Vec::new();
    for (path, bytes) in &entries {
        all.extend_from_slice(path.as_bytes());
        all.push(0);
        let bytes = crate::content::hashed(bytes);
        all.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        all.extend_from_slice(&bytes);
    }
    ward_core::lower::sha256_hex(&all)
}

/// `target` relative to `base` when one can be written (`../regional`), else absolute.
fn relative_to(base: &Path, target: &Path) -> PathBuf {
    let (Ok(base), Ok(target)) = (base.canonicalize(), target.canonicalize()) else {
        return target.to_path_buf();
    };
    match crate::paths::neighbour(&base, &target) {
        Some(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Some(rel) => rel,
        None => target,
    }
}

/// Where a locked git revision is checked out. Both parts are checked first (a package name
/// and a full object id), so nothing a lock says can point the path elsewhere.
fn checkout_dir(cache: &Path, name: &str, revision: &str) -> Result<PathBuf, Problem> {
    if !manifest::valid_name(name) {
        return Err(problem(format!("`{name}` is not a package name"), None));
    }
    crate::git::check_revision(revision).map_err(|e| problem(e, None))?;
    Ok(cache
        .join("git")
        .join("checkouts")
        .join(format!("{name}-{revision}")))
}

/// Fetch `url` at `reference` into the cache; the checkout directory and the exact commit.
fn fetch_git(
    ctx: &Context,
    name: &str,
    url: &str,
    reference: &GitRef,
) -> Result<(PathBuf, String), Problem> {
    let fail = |what: &str, e: String| {
        problem(
            format!("could not {what} `{name}` from {url}: {e}"),
            Some("check the URL and that the tag or revision exists".into()),
        )
    };
    crate::git::check_url(url).map_err(|e| fail("fetch", e))?;
    let spec = match reference {
        GitRef::Tag(t) => {
            crate::git::check_tag(t).map_err(|e| fail("fetch", e))?;
            format!("refs/tags/{t}^{{commit}}")
        }
        GitRef::Rev(r) => {
            crate::git::check_short_revision(r).map_err(|e| fail("fetch", e))?;
            format!("{r}^{{commit}}")
        }
    };
    let db =
        ctx.cache.join("git").join("db").join(
            &ward_core::lower::sha256_hex(url.as_bytes()).trim_start_matches("sha256:")[..16],
        );
    if !db.join("HEAD").exists() && !db.join(".git").exists() {
        if let Some(parent) = db.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail("fetch", e.to_string()))?;
        }
        ctx.git
            .clone_repository(url, &db)
            .map_err(|e| fail("clone", e))?;
    } else {
        ctx.git.fetch(&db).map_err(|e| fail("fetch", e))?;
    }
    let revision = ctx
        .git
        .commit(&db, &spec)
        .map_err(|e| fail("find the revision of", e))?
        .ok_or_else(|| fail("find the revision of", "no such tag or revision".into()))?;
    let dir = checkout_dir(ctx.cache, name, &revision)?;
    if !dir.exists() {
        ctx.git
            .checkout(&db, &revision, &dir)
            .map_err(|e| fail("check out", e))?;
    }
    Ok((dir, revision))
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

/// `requirer`'s requirement on the standard library, checked against the one loaded.
fn library_requirement(dep: &Dependency, requirer: &str, library: &Identity) -> Option<Problem> {
    let req = dep.requirement.as_ref()?;
    let version = semver::Version::parse(&library.version).ok()?;
    if req.matches(&version) {
        return None;
    }
    Some(problem(
        format!(
            "`{requirer}` requires the standard library `nhs` {}, but the library loaded is version {version}",
            dep.requirement_text.as_deref().unwrap_or("*")
        ),
        Some("use a ward whose standard library satisfies the requirement, or change the requirement after reviewing the library's changes".into()),
    ))
}

/// A dependency's package that claims to be the standard library is refused.
fn claims_stdlib_problem(dep: &str, requirer: &str, m: &Manifest) -> Problem {
    problem(
        format!(
            "`{requirer}` depends on `{dep}` at {}, which declares itself the standard library; a dependency cannot be or replace the national library",
            m.dir().display()
        ),
        Some("remove `standard-library` from its ward.toml, or depend on another package".into()),
    )
}

/// Resolve the packages of the project at `root_dir`.
pub fn resolve(root_dir: &Path, ctx: &Context, mode: Mode) -> Result<Resolved, Vec<Problem>> {
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
        Mode::Update => update(root, root_dir, ctx),
        Mode::Locked | Mode::Fetch => locked(root, root_dir, ctx, mode == Mode::Fetch),
    }
}

/// Each package found so far, with where it came from and who required it at which version
/// (kept to explain a later conflict).
type Found = BTreeMap<String, (ResolvedPackage, Source, Vec<(String, String)>)>;

/// Do two path dependencies (each joined to the directory of the manifest naming it) point at
/// one directory?
fn same_place(a: &Path, b: &Path) -> bool {
    crate::stdlib::same_dir(a, b)
}

fn update(root: Manifest, root_dir: &Path, ctx: &Context) -> Result<Resolved, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut found: Found = BTreeMap::new();
    let mut queue: VecDeque<(Dependency, String, PathBuf)> = root
        .dependencies
        .iter()
        .map(|d| (d.clone(), root.name.clone(), root.dir().to_path_buf()))
        .collect();
    while let Some((dep, requirer, base)) = queue.pop_front() {
        let req_text = dep.requirement_text.clone().unwrap_or_else(|| "*".into());
        if dep.source == Source::Stdlib {
            problems.extend(library_requirement(&dep, &requirer, ctx.library));
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
                (Source::Path(a), Source::Path(_)) => same_place(&base.join(a), pkg.manifest.dir()),
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
                let dir = crate::paths::normalize(&base.join(p));
                // With `/` on every platform, so a lock written on Windows verifies on Linux.
                let rel = relative_to(root_dir, &dir)
                    .to_string_lossy()
                    .replace('\\', "/");
                (dir, None, format!("path+{rel}"))
            }
            Source::Git { url, reference } => match fetch_git(ctx, &dep.name, url, reference) {
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
        if m.claims_stdlib() {
            problems.push(claims_stdlib_problem(&dep.name, &requirer, &m));
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
        version: ctx.library.version.clone(),
        source: "builtin".into(),
        revision: None,
        checksum: ctx.library.hash.clone(),
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

/// The source a manifest's dependency must have in the lock, to compare with what it has.
enum Expected {
    /// A directory (the path joined to the directory of the manifest that names it).
    Dir(PathBuf),
    /// `git+URL?tag=…` / `git+URL?rev=…`, and for a `rev`, the prefix the revision must have.
    Git(String, Option<String>),
}

fn locked(
    root: Manifest,
    root_dir: &Path,
    ctx: &Context,
    fetch: bool,
) -> Result<Resolved, Vec<Problem>> {
    let mut problems = Vec::new();
    let lock = match crate::lock::read(root_dir) {
        Ok(Some(l)) => l,
        Ok(None) => {
            for d in &root.dependencies {
                if d.source == Source::Stdlib {
                    problems.extend(library_requirement(d, &root.name, ctx.library));
                }
            }
            if root.dependencies.iter().all(|d| d.source == Source::Stdlib) && problems.is_empty() {
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
            if root.dependencies.iter().any(|d| d.source != Source::Stdlib) {
                problems.push(problem(
                    format!("package `{}` has dependencies but no ward.lock", root.name),
                    Some("run `ward update` to resolve and lock them".into()),
                ));
            }
            return Err(problems);
        }
        Err(e) => return Err(vec![Problem::File(e)]),
    };
    let mut warnings = Vec::new();
    if let Some(std) = lock.get(ward_stdlib::PACKAGE)
        && std.checksum != ctx.library.hash
    {
        // The standard library is part of the `ward` being run, so a different one is
        // reported (results may differ from when the lock was written) but does not stop.
        warnings.push(Problem::Warning {
            message: format!(
                "the standard library `nhs` differs from the one ward.lock records: locked {} {}, loaded {} {}",
                std.version, std.checksum, ctx.library.version, ctx.library.hash
            ),
            help: Some(
                "results may differ from when the lock was written; review the library's changes and run `ward update` to record it".into(),
            ),
        });
    }
    // Walk the manifests from the root, each dependency checked against its lock entry.
    let mut visited: BTreeMap<String, Expected> = BTreeMap::new();
    // Names met once already, whether or not they verified (each problem is said once).
    let mut met = std::collections::BTreeSet::new();
    let mut packages = Vec::new();
    let mut queue: VecDeque<(Dependency, String, PathBuf)> = root
        .dependencies
        .iter()
        .map(|d| (d.clone(), root.name.clone(), root.dir().to_path_buf()))
        .collect();
    while let Some((dep, requirer, base)) = queue.pop_front() {
        if dep.source == Source::Stdlib {
            problems.extend(library_requirement(&dep, &requirer, ctx.library));
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
        let expected = match &dep.source {
            Source::Path(p) => Expected::Dir(crate::paths::normalize(&base.join(p))),
            Source::Git { reference, .. } => Expected::Git(
                dep.source.lock_text(),
                match reference {
                    GitRef::Rev(r) => Some(r.to_ascii_lowercase()),
                    GitRef::Tag(_) => None,
                },
            ),
            Source::Stdlib => unreachable!("handled above"),
        };
        if let Some(first) = visited.get(&dep.name) {
            let same = match (first, &expected) {
                (Expected::Dir(a), Expected::Dir(b)) => same_place(a, b),
                (Expected::Git(a, _), Expected::Git(b, _)) => a == b,
                _ => false,
            };
            if !same {
                problems.push(problem(
                    format!(
                        "`{}` is required from two sources (`{requirer}` names {})",
                        dep.name,
                        dep.source.lock_text()
                    ),
                    Some("every package in the tree must use one copy of a dependency".into()),
                ));
                continue;
            }
            if let Some(p) = packages
                .iter()
                .find(|p: &&ResolvedPackage| p.manifest.name == dep.name)
                && dep
                    .requirement
                    .as_ref()
                    .is_some_and(|r| !r.matches(&p.manifest.version))
            {
                problems.push(requirement_problem(
                    &dep,
                    &requirer,
                    &p.manifest.version,
                    &[],
                ));
            }
            continue;
        }
        if !met.insert(dep.name.clone()) {
            continue;
        }
        let entry_problem = |what: String| {
            problem(
                format!("ward.lock: the entry for `{}` {what}", dep.name),
                Some("ward.lock is written by `ward update`; if the change to ward.toml or to the dependency is intended, review it and run `ward update`".into()),
            )
        };
        let Some(entry) = lock.get(&dep.name) else {
            problems.push(problem(
                format!(
                    "`{}` is in the ward.toml of `{requirer}` but not in ward.lock",
                    dep.name
                ),
                Some("the lock is out of date: run `ward update`".into()),
            ));
            continue;
        };
        // The entry's source must be the one the manifest declares.
        let dir = match &expected {
            Expected::Dir(want) => {
                let Some(rel) = entry.source.strip_prefix("path+") else {
                    problems.push(entry_problem(format!(
                        "has the source `{}`, but the ward.toml of `{requirer}` gives the path {}",
                        entry.source,
                        want.display()
                    )));
                    continue;
                };
                let have = root_dir.join(rel);
                if !same_place(&have, want) {
                    problems.push(entry_problem(format!(
                        "points at {}, but the ward.toml of `{requirer}` gives the path {}",
                        have.display(),
                        want.display()
                    )));
                    continue;
                }
                want.clone()
            }
            Expected::Git(text, rev_prefix) => {
                if &entry.source != text {
                    problems.push(entry_problem(format!(
                        "has the source `{}`, but the ward.toml of `{requirer}` gives `{text}`",
                        entry.source
                    )));
                    continue;
                }
                let revision = entry.revision.clone().unwrap_or_default();
                if let Some(prefix) = rev_prefix
                    && !revision.to_ascii_lowercase().starts_with(prefix.as_str())
                {
                    problems.push(entry_problem(format!(
                        "is at revision {revision}, but the ward.toml of `{requirer}` pins rev {prefix}"
                    )));
                    continue;
                }
                let dir = match checkout_dir(ctx.cache, &entry.name, &revision) {
                    Ok(d) => d,
                    Err(p) => {
                        problems.push(p);
                        continue;
                    }
                };
                if !dir.exists() {
                    if !fetch {
                        problems.push(problem(
                            format!(
                                "`{}` (revision {revision}) has not been fetched",
                                entry.name
                            ),
                            Some("run `ward fetch` to download the locked revisions".into()),
                        ));
                        continue;
                    }
                    let url = crate::lock::git_source(&entry.source)
                        .map(|(u, _)| u)
                        .unwrap_or_default();
                    if let Err(p) = fetch_git(ctx, &entry.name, url, &GitRef::Rev(revision.clone()))
                    {
                        problems.push(p);
                        continue;
                    }
                }
                dir
            }
        };
        let m = match manifest::read(&dir) {
            Ok(Some(m)) => m,
            Ok(None) => {
                problems.push(problem(
                    format!(
                        "locked dependency `{}` is missing: {} has no ward.toml",
                        entry.name,
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
        if m.claims_stdlib() {
            problems.push(claims_stdlib_problem(&dep.name, &requirer, &m));
            continue;
        }
        if semver::Version::parse(&entry.version).ok().as_ref() != Some(&m.version) {
            problems.push(entry_problem(format!(
                "records version {}, but its ward.toml says {}",
                entry.version, m.version
            )));
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
        let mut declared: Vec<&str> = m.dependencies.iter().map(|d| d.name.as_str()).collect();
        let mut recorded: Vec<&str> = entry.dependencies.iter().map(String::as_str).collect();
        declared.sort();
        recorded.sort();
        if declared != recorded {
            problems.push(entry_problem(format!(
                "lists the dependencies [{}], but its ward.toml declares [{}]",
                recorded.join(", "),
                declared.join(", ")
            )));
            continue;
        }
        let now = package_checksum(&m);
        if now != entry.checksum {
            problems.push(problem(
                format!(
                    "dependency `{}` {} no longer matches ward.lock: locked {}, found {now}",
                    entry.name, entry.version, entry.checksum
                ),
                Some("its content changed since it was locked; if the change is intended, review it and run `ward update`".into()),
            ));
            continue;
        }
        for d in &m.dependencies {
            queue.push_back((d.clone(), m.name.clone(), m.dir().to_path_buf()));
        }
        visited.insert(dep.name.clone(), expected);
        packages.push(ResolvedPackage {
            manifest: m,
            locked: entry.clone(),
        });
    }
    // Every entry must be something the tree declares: an extra one would be loaded for no
    // reason a reviewer could see in ward.toml.
    if problems.is_empty() {
        for entry in &lock.packages {
            if entry.name != ward_stdlib::PACKAGE && !visited.contains_key(&entry.name) {
                problems.push(problem(
                    format!(
                        "ward.lock has an entry for `{}`, but no ward.toml in the package's dependencies declares it",
                        entry.name
                    ),
                    Some("ward.lock is written by `ward update`; run it to rewrite the lock from the manifests".into()),
                ));
            }
        }
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
