//! Finding and loading policy: the embedded standard library, the project being checked, and
//! any `--policy` directories. This is the only place the CLI reads `.ward` files.

use std::path::{Path, PathBuf};

use ward_core::db::module_name_for;
use ward_core::{Host, Origin};

/// A loaded workspace and which of its modules the user pointed at.
pub struct Project {
    pub host: Host,
    /// Modules loaded from the path given on the command line (what `test` and `check` are about).
    pub selected: Vec<String>,
    /// Files that could not be loaded, as messages.
    pub problems: Vec<String>,
}

/// The `[package]` table of a `ward.toml`, as far as loading needs it.
struct Manifest {
    name: String,
    version: String,
    standard_library: bool,
}

fn read_manifest(dir: &Path) -> Result<Option<Manifest>, String> {
    let path = dir.join("ward.toml");
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(None) };
    let value: toml::Table = text.parse().map_err(|e| format!("{}: {e}", path.display()))?;
    let pkg = value.get("package").and_then(|p| p.as_table());
    let get = |k: &str| pkg.and_then(|p| p.get(k)).and_then(|v| v.as_str()).map(str::to_string);
    let name = get("name").ok_or_else(|| format!("{}: `[package] name` is missing", path.display()))?;
    Ok(Some(Manifest {
        version: get("version").unwrap_or_else(|| "0.0.0".into()),
        standard_library: pkg.and_then(|p| p.get("standard-library")).and_then(|v| v.as_bool()).unwrap_or(false),
        name,
    }))
}

/// `.ward` files below `dir`, sorted, skipping build output and hidden directories.
pub fn ward_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().to_string();
            if p.is_dir() {
                if !name.starts_with('.') && name != "target" && name != "node_modules" {
                    stack.push(p);
                }
            } else if p.extension().and_then(|x| x.to_str()) == Some("ward") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A path as the user would like to read it: relative to the working directory if possible.
pub fn display_path(cwd: &Path, p: &Path) -> String {
    p.strip_prefix(cwd).unwrap_or(p).to_string_lossy().replace('\\', "/")
}

/// The directory a project starts at: `path` itself, or for a file, the nearest ancestor with a
/// `ward.toml` (else the file's directory).
fn project_root(path: &Path) -> PathBuf {
    if path.is_dir() {
        return path.to_path_buf();
    }
    let mut dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let start = dir.clone();
    loop {
        if dir.join("ward.toml").is_file() {
            return dir;
        }
        if !dir.pop() {
            return start;
        }
    }
}

/// The nearest ancestor of `cwd` with a `ward.toml`, for commands run inside a project.
pub fn enclosing_project(cwd: &Path) -> Option<PathBuf> {
    let mut dir = cwd.to_path_buf();
    loop {
        if dir.join("ward.toml").is_file() {
            return Some(dir);
        }
        if !dir.pop() {
            return None;
        }
    }
}

fn load_stdlib(host: &mut Host) {
    for (path, text) in ward_stdlib::modules() {
        let module = ward_stdlib::module_name(path);
        host.set_file(&module, &format!("stdlib/{path}"), text.to_string(), Origin::stdlib());
    }
}

/// Load the standard library, then each directory (or file) in `roots`. The first root is the
/// one the command is about (`selected`). A root whose `ward.toml` declares
/// `standard-library = true` replaces the embedded library (for working on the library itself).
pub fn load(cwd: &Path, roots: &[PathBuf]) -> Project {
    let mut host = Host::default();
    let mut problems = Vec::new();
    let mut selected = Vec::new();
    let mut replaced_stdlib = false;
    let mut loaded: Vec<(PathBuf, Option<Manifest>)> = Vec::new();
    for root in roots {
        let dir = project_root(root);
        let manifest = match read_manifest(&dir) {
            Ok(m) => m,
            Err(e) => {
                problems.push(e);
                None
            }
        };
        if manifest.as_ref().is_some_and(|m| m.standard_library) {
            replaced_stdlib = true;
        }
        loaded.push((root.clone(), manifest));
    }
    if !replaced_stdlib {
        load_stdlib(&mut host);
    }
    for (i, (root, manifest)) in loaded.iter().enumerate() {
        let dir = project_root(root);
        let origin = match manifest {
            Some(m) if m.standard_library => Origin::stdlib(),
            Some(m) => Origin::root(&m.name, &m.version),
            None => Origin::root(&dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(), "0.0.0"),
        };
        let files = if root.is_file() { vec![root.clone()] } else { ward_files(&dir) };
        if files.is_empty() && !root.exists() {
            problems.push(format!("{}: no such file or directory", display_path(cwd, root)));
        }
        for file in files {
            let rel = file.strip_prefix(&dir).unwrap_or(&file);
            let Some(module) = module_name_for(rel) else {
                problems.push(format!(
                    "{}: the file's path is not a module name (use letters, digits and underscores)",
                    display_path(cwd, &file)
                ));
                continue;
            };
            if !origin.is_stdlib() && host.file(&module).is_some_and(|f| f.origin(host.db()).is_stdlib()) {
                problems.push(format!(
                    "{}: module `{module}` has the name of a standard-library module; local policy cannot replace the national library",
                    display_path(cwd, &file)
                ));
                continue;
            }
            match std::fs::read(&file) {
                Ok(bytes) => {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    if String::from_utf8(bytes).is_err() {
                        problems.push(format!("{}: not valid UTF-8; invalid bytes were replaced", display_path(cwd, &file)));
                    }
                    host.set_file(&module, &display_path(cwd, &file), text, origin.clone());
                    if i == 0 {
                        selected.push(module);
                    }
                }
                Err(e) => problems.push(format!("{}: {e}", display_path(cwd, &file))),
            }
        }
    }
    Project { host, selected, problems }
}

/// The standard library alone, or with the project enclosing `cwd` and `--policy` directories.
pub fn load_for_eval(cwd: &Path, policies: &[PathBuf]) -> Project {
    let mut roots: Vec<PathBuf> = policies.iter().map(|p| cwd.join(p)).collect();
    if let Some(p) = enclosing_project(cwd) {
        roots.insert(0, p);
    }
    if roots.is_empty() {
        let mut host = Host::default();
        load_stdlib(&mut host);
        return Project { host, selected: vec![], problems: vec![] };
    }
    load(cwd, &roots)
}

/// For `check` and `test`: the named path, where the literal `stdlib` names the embedded
/// library if there is no such directory.
pub fn load_for_check(cwd: &Path, path: Option<&Path>) -> Project {
    let p = path.map(|p| cwd.join(p)).unwrap_or_else(|| cwd.to_path_buf());
    if path.is_some_and(|p| p == Path::new("stdlib")) && !p.exists() {
        let mut host = Host::default();
        load_stdlib(&mut host);
        let selected = host.files().map(|(m, _)| m.to_string()).collect();
        return Project { host, selected, problems: vec![] };
    }
    load(cwd, &[p])
}
