//! Loading policy into a host: the standard library ([`crate::stdlib`] decides which), the
//! project being checked (with its locked dependencies), and any `--policy` directories. This
//! is the only place `.ward` files are read from disk, and every read is bounded
//! ([`crate::fsread`]).
//!
//! Nothing loaded here can stand in for the national library: a package named `nhs` or
//! declaring `standard-library` is refused (unless it is the `--stdlib` directory, or an exact
//! copy of the built-in library where a package was expected), no local module may take a name
//! in the library's `nhs` namespace, and two packages may not share a name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ward_core::{Host, Origin};

use crate::discover::{enclosing_project, project_root};
use crate::git::Git;
use crate::manifest::{self, FileError, Manifest};
use crate::naming::{module_name, module_name_for};
use crate::paths::display_path;
use crate::resolve::{self, Mode, NoGit, Problem};
use crate::stdlib::{self, Choice, Identity, Library};
use crate::walk::{Listing, ward_files};

/// A loaded workspace and which of its modules the user pointed at.
pub struct Project {
    pub host: Host,
    /// Modules loaded from the path given on the command line (what `test` and `check` are about).
    pub selected: Vec<String>,
    /// What could not be loaded.
    pub problems: Vec<Problem>,
    /// The standard library loaded, for the report's first lines.
    pub stdlib: Identity,
}

impl Project {
    /// Did anything fail to load (warnings aside)?
    pub fn failed(&self) -> bool {
        self.problems.iter().any(|p| !p.is_warning())
    }
}

/// What a root given to the loader is to the command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// The package the command is about (`ward check PATH`, the package around the working
    /// directory, a package of the editor's workspace). If it is an exact copy of the built-in
    /// standard library, it is checked as the library.
    Selected,
    /// A `--policy DIR`: local policy, never a library.
    Policy,
}

/// What one root turned out to be.
enum Plan {
    Package(PathBuf),
    Plain(PathBuf, PathBuf),
    /// A directory that claims to be the standard library.
    Library(PathBuf, Box<Manifest>, Role),
    Skip,
}

fn message(message: String, help: Option<String>) -> Problem {
    Problem::Message { message, help }
}

struct Loader<'a> {
    cwd: &'a Path,
    cache: &'a Path,
    host: Host,
    problems: Vec<Problem>,
    library: Identity,
    /// Each package loaded, by name, with its directory: two packages may not share a name.
    packages: BTreeMap<String, PathBuf>,
    /// Folders of loose files already loaded.
    loose: Vec<PathBuf>,
}

impl Loader<'_> {
    fn shown(&self, p: &Path) -> String {
        display_path(self.cwd, p)
    }

    fn walk_problems(&mut self, listing: &Listing) {
        for p in &listing.problems {
            let text = p.describe(&|q| display_path(self.cwd, q));
            self.problems.push(message(text, p.help()));
        }
    }

    /// Add one file as `module`; returns whether it was added.
    fn add(&mut self, module: &str, file: &Path, origin: &Origin) -> bool {
        let shown = self.shown(file);
        if !origin.is_stdlib()
            && (module == ward_stdlib::PACKAGE
                || module.starts_with(&format!("{}.", ward_stdlib::PACKAGE)))
        {
            self.problems.push(message(
                format!(
                    "{shown}: module `{module}` would be part of the standard library `nhs`; local policy cannot add to or replace the national library"
                ),
                Some(
                    "every module named `nhs.…` belongs to the national library: move the file out of its `nhs` directory, or give the folder a ward.toml with its own package name".into(),
                ),
            ));
            return false;
        }
        if let Some(existing) = self.host.file(module) {
            let db = self.host.db();
            let what = if existing.origin(db).is_stdlib() {
                "the standard library; local policy cannot replace the national library".to_string()
            } else {
                existing.path(db).clone()
            };
            self.problems.push(message(
                format!("{shown}: module `{module}` is already provided by {what}"),
                Some(
                    "module names begin with the package name, so rename the package or the file"
                        .into(),
                ),
            ));
            return false;
        }
        match crate::fsread::read_policy(file) {
            Ok(bytes) => {
                let text = match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(e) => {
                        self.problems.push(message(
                            format!("{shown}: not valid UTF-8; invalid bytes were replaced"),
                            None,
                        ));
                        String::from_utf8_lossy(e.as_bytes()).into_owned()
                    }
                };
                self.host.set_file(module, &shown, text, origin.clone());
                true
            }
            Err(e) => {
                self.problems.push(message(format!("{shown}: {e}"), None));
                false
            }
        }
    }

    /// Claim `name` for the package at `dir`: false if it is already loaded (the same
    /// directory) or if another package has the name (a problem naming both).
    fn register(&mut self, m: &Manifest) -> bool {
        let dir = m.dir().to_path_buf();
        match self.packages.get(&m.name) {
            Some(other) if stdlib::same_dir(other, &dir) => false,
            Some(other) => {
                let other = self.shown(other);
                self.problems.push(message(
                    format!(
                        "two packages are named `{}`: {other} and {}",
                        m.name,
                        self.shown(&dir)
                    ),
                    Some("a package's name begins all its module names, so it must be unique: rename one of them in its ward.toml".into()),
                ));
                false
            }
            None => {
                self.packages.insert(m.name.clone(), dir);
                true
            }
        }
    }

    /// Every module of a package, named `package.path.below.src`.
    fn add_package(&mut self, m: &Manifest, origin: &Origin) -> Vec<String> {
        let listing = ward_files(&m.src);
        self.walk_problems(&listing);
        let mut added = Vec::new();
        let mut names = Vec::new();
        for file in &listing.paths {
            let Some(module) = module_name(m, file) else {
                self.not_a_module_name(file);
                continue;
            };
            names.push(module.clone());
            let origin = Origin {
                exported: m.exports_module(&module),
                ..origin.clone()
            };
            if self.add(&module, file, &origin) {
                added.push(module);
            }
        }
        if listing.paths.is_empty() && listing.problems.is_empty() {
            self.problems.push(Problem::Warning {
                message: format!(
                    "package `{}` has no modules: there is no .ward file in {}",
                    m.name,
                    self.shown(&m.src)
                ),
                help: None,
            });
        }
        for (i, export) in m.exports.iter().flatten().enumerate() {
            if !names.contains(export) {
                self.problems.push(Problem::File(FileError {
                    path: m.path.clone(),
                    text: m.text.clone(),
                    span: m.export_spans.get(i).cloned(),
                    message: format!(
                        "`exports` names `{export}`, but package `{}` has no such module",
                        m.name
                    ),
                    label: "no such module".into(),
                    help: Some(format!(
                        "exports are module names: `{}.rules` for rules.ward in the package's `src`",
                        m.name
                    )),
                }));
            }
        }
        added
    }

    fn not_a_module_name(&mut self, file: &Path) {
        self.problems.push(message(
            format!(
                "{}: the file's path is not a module name (use letters, digits and underscores)",
                self.shown(file)
            ),
            None,
        ));
    }

    /// A directory (or file) without a manifest: module names are paths below it.
    fn add_plain(&mut self, root: &Path, dir: &Path) -> Vec<String> {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "policy".into());
        let origin = Origin::root(&name, "0.0.0");
        let files = if root.is_dir() {
            if self.loose.iter().any(|d| stdlib::same_dir(d, dir)) {
                return vec![];
            }
            self.loose.push(dir.to_path_buf());
            let listing = ward_files(dir);
            self.walk_problems(&listing);
            if listing.paths.is_empty() && listing.problems.is_empty() {
                self.problems.push(message(
                    format!(
                        "{}: there is no ward.toml and no .ward file here",
                        self.shown(dir)
                    ),
                    Some("give the directory of a package (with a ward.toml) or of .ward files; `ward init` starts a package".into()),
                ));
            }
            listing.paths
        } else {
            vec![root.to_path_buf()]
        };
        let mut added = Vec::new();
        for file in files {
            let rel = file.strip_prefix(dir).unwrap_or(&file);
            let Some(module) = module_name_for(rel) else {
                self.not_a_module_name(&file);
                continue;
            };
            if self.add(&module, &file, &origin) {
                added.push(module);
            }
        }
        added
    }

    /// A package root with its locked dependencies.
    fn add_root(&mut self, dir: &Path) -> Vec<String> {
        let ctx = resolve::Context {
            cache: self.cache,
            git: &NoGit as &dyn Git,
            library: &self.library.clone(),
        };
        let resolved = match resolve::resolve(dir, &ctx, Mode::Locked) {
            Ok(r) => {
                self.problems.extend(r.warnings.iter().cloned());
                r
            }
            Err(ps) => {
                self.problems.extend(ps);
                return vec![];
            }
        };
        for p in &resolved.packages {
            let m = &p.manifest;
            if !self.register(m) {
                continue;
            }
            let deps = m
                .dependencies
                .iter()
                .map(|d| d.name.as_str().into())
                .collect();
            let origin =
                Origin::dependency(&m.name, &m.version.to_string()).with_dependencies(deps, true);
            self.add_package(m, &origin);
        }
        let m = &resolved.root;
        if !self.register(m) {
            return vec![];
        }
        let deps = m
            .dependencies
            .iter()
            .map(|d| d.name.as_str().into())
            .collect();
        let origin = Origin::root(&m.name, &m.version.to_string()).with_dependencies(deps, true);
        self.add_package(m, &origin)
    }
}

/// Load the standard library `choice` names, then each root. The first root is the one the
/// command is about (`selected`); `command` names the command in help lines.
fn load(
    cwd: &Path,
    cache: &Path,
    choice: &Choice,
    roots: &[(PathBuf, Role)],
    command: &str,
) -> Project {
    let mut problems = Vec::new();
    // First, what each root is, so the library is settled before anything is added.
    let mut plans = Vec::new();
    for (root, role) in roots {
        if std::fs::symlink_metadata(root).is_err() {
            problems.push(message(
                format!("{}: no such file or directory", display_path(cwd, root)),
                None,
            ));
            plans.push(Plan::Skip);
            continue;
        }
        let dir = project_root(root);
        plans.push(match manifest::read(&dir) {
            Ok(Some(m)) if m.claims_stdlib() => Plan::Library(dir, Box::new(m), *role),
            Ok(Some(_)) => Plan::Package(dir),
            Ok(None) => Plan::Plain(root.clone(), dir),
            Err(e) => {
                problems.push(Problem::File(e));
                Plan::Skip
            }
        });
    }
    let mut library: Option<Library> = match stdlib::select(choice, cwd) {
        Ok(mut l) => {
            problems.append(&mut l.notes);
            Some(l)
        }
        Err(ps) => {
            problems.extend(ps);
            None
        }
    };
    // A library copy where a package was expected: used as the library only if it is the
    // built-in one byte for byte (or the `--stdlib` directory itself).
    let mut library_roots = vec![false; plans.len()];
    for (i, plan) in plans.iter().enumerate() {
        let Plan::Library(dir, m, role) = plan else {
            continue;
        };
        let shown = display_path(cwd, dir);
        if stdlib::is_chosen_dir(choice, cwd, dir) {
            library_roots[i] = true;
            continue;
        }
        if *role == Role::Policy {
            problems.push(message(
                format!(
                    "--policy {shown}: {}; local policy cannot be or replace the national library",
                    stdlib::claim(m, cwd)
                ),
                Some(format!("a local package needs its own name and no `standard-library`; the library's maintainers load a copy of it with `--stdlib {shown}`")),
            ));
            continue;
        }
        if choice.is_dir() {
            problems.push(message(
                format!(
                    "{}, but --stdlib names the library to use",
                    stdlib::claim(m, cwd)
                ),
                Some("give the library once, with --stdlib".into()),
            ));
            continue;
        }
        match stdlib::implicit(dir, m, cwd, command) {
            Ok(lib) => {
                library_roots[i] = true;
                // Not `--stdlib` (refused above): the copy pointed at is the library checked,
                // in place of the built-in or installed one.
                library = Some(lib);
            }
            Err(ps) => problems.extend(ps),
        }
    }
    let Some(library) = library else {
        return Project {
            host: Host::default(),
            selected: vec![],
            problems,
            stdlib: Identity::builtin(),
        };
    };
    let mut l = Loader {
        cwd,
        cache,
        host: Host::default(),
        problems,
        library: library.identity.clone(),
        packages: BTreeMap::new(),
        loose: Vec::new(),
    };
    library.load_into(&mut l.host);
    let mut selected = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        let added = match plan {
            Plan::Package(dir) => l.add_root(dir),
            Plan::Plain(root, dir) => l.add_plain(root, dir),
            Plan::Library(..) if library_roots[i] => library.module_names(),
            Plan::Library(..) | Plan::Skip => vec![],
        };
        if i == 0 {
            selected = added;
        }
    }
    Project {
        host: l.host,
        selected,
        problems: l.problems,
        stdlib: l.library,
    }
}

/// The standard library alone, or with the project enclosing `cwd` and `--policy` directories.
pub fn load_for_eval(cwd: &Path, cache: &Path, stdlib: &Choice, policies: &[PathBuf]) -> Project {
    let mut roots: Vec<(PathBuf, Role)> = policies
        .iter()
        .map(|p| (cwd.join(p), Role::Policy))
        .collect();
    if let Some(p) = enclosing_project(cwd) {
        roots.insert(0, (p, Role::Selected));
    }
    load(cwd, cache, stdlib, &roots, "eval")
}

/// For `check` and `test` (`command`): the named path, where the literal `stdlib` names the
/// embedded library if there is no such directory, and no path with `--stdlib DIR` names the
/// library in DIR.
pub fn load_for_check(
    cwd: &Path,
    cache: &Path,
    stdlib: &Choice,
    path: Option<&Path>,
    command: &str,
) -> Project {
    let p = path
        .map(|p| cwd.join(p))
        .unwrap_or_else(|| cwd.to_path_buf());
    let library_itself = match path {
        None => stdlib.is_dir(),
        Some(given) => given == Path::new("stdlib") && std::fs::symlink_metadata(&p).is_err(),
    };
    if library_itself {
        let mut project = load(cwd, cache, stdlib, &[], command);
        if !project.failed() {
            project.selected = project.host.files().map(|(m, _)| m.to_string()).collect();
        }
        return project;
    }
    load(cwd, cache, stdlib, &[(p, Role::Selected)], command)
}

/// For the language server: every package of the workspace (from
/// [`discover_projects`](crate::discover::discover_projects)), with the library `stdlib`
/// chooses (the server passes the user's installation, as the command line does).
pub fn load_workspace(cwd: &Path, cache: &Path, stdlib: &Choice, dirs: &[PathBuf]) -> Project {
    let roots: Vec<(PathBuf, Role)> = dirs.iter().map(|d| (d.clone(), Role::Selected)).collect();
    load(cwd, cache, stdlib, &roots, "check")
}
