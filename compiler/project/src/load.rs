//! Loading policy into a host: the embedded standard library, the project being checked (with
//! its locked dependencies), and any `--policy` directories. This is the only place `.ward`
//! files are read from disk.

use std::path::{Path, PathBuf};

use ward_core::{Host, Origin};

use crate::discover::{enclosing_project, project_root};
use crate::manifest::{self, Manifest};
use crate::naming::{module_name, module_name_for};
use crate::paths::display_path;
use crate::resolve::{self, Mode, Problem};
use crate::walk::ward_files;

/// A loaded workspace and which of its modules the user pointed at.
pub struct Project {
    pub host: Host,
    /// Modules loaded from the path given on the command line (what `test` and `check` are about).
    pub selected: Vec<String>,
    /// What could not be loaded.
    pub problems: Vec<Problem>,
}

fn load_stdlib(host: &mut Host) {
    ward_stdlib::load_into(host);
}

struct Loader<'a> {
    cwd: &'a Path,
    cache: &'a Path,
    host: Host,
    problems: Vec<Problem>,
}

fn message(message: String, help: Option<String>) -> Problem {
    Problem::Message { message, help }
}

impl Loader<'_> {
    /// Add one file as `module`; returns whether it was added.
    fn add(&mut self, module: &str, file: &Path, origin: &Origin) -> bool {
        if let Some(existing) = self.host.file(module) {
            let theirs = existing.origin(self.host.db());
            if theirs.package == origin.package && theirs.kind == origin.kind {
                return false;
            }
            let what = if theirs.is_stdlib() {
                "the standard library; local policy cannot replace the national library".to_string()
            } else {
                format!("package `{}`", theirs.package)
            };
            self.problems.push(message(
                format!(
                    "{}: module `{module}` is already provided by {what}",
                    display_path(self.cwd, file)
                ),
                Some(
                    "module names begin with the package name, so rename the package or the file"
                        .into(),
                ),
            ));
            return false;
        }
        match std::fs::read(file) {
            Ok(bytes) => {
                let text = match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(e) => {
                        self.problems.push(message(
                            format!(
                                "{}: not valid UTF-8; invalid bytes were replaced",
                                display_path(self.cwd, file)
                            ),
                            None,
                        ));
                        String::from_utf8_lossy(e.as_bytes()).into_owned()
                    }
                };
                self.host
                    .set_file(module, &display_path(self.cwd, file), text, origin.clone());
                true
            }
            Err(e) => {
                self.problems.push(message(
                    format!("{}: {e}", display_path(self.cwd, file)),
                    None,
                ));
                false
            }
        }
    }

    /// Every module of a package, named `package.path.below.src`.
    fn add_package(&mut self, m: &Manifest, origin: &Origin) -> Vec<String> {
        let mut added = Vec::new();
        for file in ward_files(&m.src) {
            let Some(module) = module_name(m, &file) else {
                self.not_a_module_name(&file);
                continue;
            };
            let origin = Origin {
                exported: m.exports_module(&module),
                ..origin.clone()
            };
            if self.add(&module, &file, &origin) {
                added.push(module);
            }
        }
        added
    }

    fn not_a_module_name(&mut self, file: &Path) {
        self.problems.push(message(
            format!(
                "{}: the file's path is not a module name (use letters, digits and underscores)",
                display_path(self.cwd, file)
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
        let files = if root.is_file() {
            vec![root.to_path_buf()]
        } else {
            ward_files(dir)
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
        let resolved = match resolve::resolve(dir, self.cache, Mode::Locked) {
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
        let deps = m
            .dependencies
            .iter()
            .map(|d| d.name.as_str().into())
            .collect();
        let origin = Origin::root(&m.name, &m.version.to_string()).with_dependencies(deps, true);
        self.add_package(m, &origin)
    }
}

/// Load the standard library, then each directory (or file) in `roots`. The first root is the
/// one the command is about (`selected`). A root whose `ward.toml` declares
/// `standard-library = true` replaces the embedded library (for working on the library itself).
pub fn load(cwd: &Path, cache: &Path, roots: &[PathBuf]) -> Project {
    let mut l = Loader {
        cwd,
        cache,
        host: Host::default(),
        problems: Vec::new(),
    };
    let mut manifests = Vec::new();
    for root in roots {
        let dir = project_root(root);
        match manifest::read(&dir) {
            Ok(m) => manifests.push((root.clone(), dir, m)),
            Err(e) => l.problems.push(Problem::File(e)),
        }
    }
    if !manifests
        .iter()
        .any(|(_, _, m)| m.as_ref().is_some_and(|m| m.standard_library))
    {
        load_stdlib(&mut l.host);
    }
    let mut selected = Vec::new();
    for (i, (root, dir, manifest)) in manifests.iter().enumerate() {
        if !root.exists() {
            l.problems.push(message(
                format!("{}: no such file or directory", display_path(cwd, root)),
                None,
            ));
            continue;
        }
        let added = match manifest {
            Some(m) if m.standard_library => l.add_package(m, &Origin::stdlib()),
            Some(_) => l.add_root(dir),
            None => l.add_plain(root, dir),
        };
        if i == 0 {
            selected = added;
        }
    }
    Project {
        host: l.host,
        selected,
        problems: l.problems,
    }
}

/// The standard library alone, or with the project enclosing `cwd` and `--policy` directories.
pub fn load_for_eval(cwd: &Path, cache: &Path, policies: &[PathBuf]) -> Project {
    let mut roots: Vec<PathBuf> = policies.iter().map(|p| cwd.join(p)).collect();
    if let Some(p) = enclosing_project(cwd) {
        roots.insert(0, p);
    }
    if roots.is_empty() {
        let mut host = Host::default();
        load_stdlib(&mut host);
        return Project {
            host,
            selected: vec![],
            problems: vec![],
        };
    }
    load(cwd, cache, &roots)
}

/// For `check` and `test`: the named path, where the literal `stdlib` names the embedded
/// library if there is no such directory.
pub fn load_for_check(cwd: &Path, cache: &Path, path: Option<&Path>) -> Project {
    let p = path
        .map(|p| cwd.join(p))
        .unwrap_or_else(|| cwd.to_path_buf());
    if path.is_some_and(|p| p == Path::new("stdlib")) && !p.exists() {
        let mut host = Host::default();
        load_stdlib(&mut host);
        let selected = host.files().map(|(m, _)| m.to_string()).collect();
        return Project {
            host,
            selected,
            problems: vec![],
        };
    }
    load(cwd, cache, &[p])
}
