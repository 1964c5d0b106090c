//! Dependency resolution. `ward update` resolves every dependency (fetching git ones),
//! checks versions and writes the lock; every other command reads the lock and verifies it
//! against the manifests: every entry must be a dependency some `ward.toml` in the tree
//! declares, from the source it declares, at the version its manifest states and its
//! requirement allows, with the content it was locked with. Nothing is fetched except by
//! `ward update` and `ward fetch`.

mod locked;
mod update;

use std::path::{Path, PathBuf};

use crate::git::Git;
use crate::lock::{Lock, LockedPackage};
use crate::manifest::{self, Dependency, FileError, GitRef, Manifest};
use crate::stdlib::Identity;
use locked::locked;
use update::update;

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

/// What to say of a dependency that is not a package to find: the standard library (its
/// requirement checked against the library loaded), or the root package itself. `None` for
/// any other dependency.
fn not_a_package_to_resolve(
    dep: &Dependency,
    requirer: &str,
    root: &str,
    ctx: &Context,
) -> Option<Vec<Problem>> {
    if dep.source == manifest::Source::Stdlib {
        return Some(
            library_requirement(dep, requirer, ctx.library)
                .into_iter()
                .collect(),
        );
    }
    if dep.name == root {
        return Some(vec![problem(
            format!("package `{root}` depends on itself (through `{requirer}`)"),
            None,
        )]);
    }
    None
}

/// The manifest in a dependency's directory, checked to be the package the dependency names
/// and not one claiming to be the standard library; `missing` says what a directory with no
/// `ward.toml` means where it is asked.
fn dependency_manifest(
    dir: &Path,
    dep: &Dependency,
    requirer: &str,
    missing: impl FnOnce() -> Problem,
) -> Result<Manifest, Problem> {
    let m = match manifest::read(dir) {
        Ok(Some(m)) => m,
        Ok(None) => return Err(missing()),
        Err(e) => return Err(Problem::File(e)),
    };
    if m.name != dep.name {
        return Err(problem(
            format!(
                "`{requirer}` depends on `{}`, but {} is package `{}`",
                dep.name,
                dir.display(),
                m.name
            ),
            Some("the key in [dependencies] must be the package's name".into()),
        ));
    }
    if m.claims_stdlib() {
        return Err(claims_stdlib_problem(&dep.name, requirer, &m));
    }
    Ok(m)
}

/// Do two path dependencies (each joined to the directory of the manifest naming it) point at
/// one directory?
fn same_place(a: &Path, b: &Path) -> bool {
    crate::stdlib::same_dir(a, b)
}
