//! Finding packages: the one a path belongs to, and every package below a workspace folder.

use std::path::{Path, PathBuf};

use crate::paths::display_path;
use crate::resolve::Problem;
use crate::walk::{package_dirs, ward_files};

/// Is there anything called `ward.toml` in `dir`? Anything at all counts (a directory, a pipe,
/// a dangling link), so that reading it reports what is wrong instead of taking the package
/// for a loose folder.
fn has_manifest(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join("ward.toml")).is_ok()
}

/// The nearest ancestor of `dir` (or `dir` itself) with a `ward.toml`.
pub fn enclosing_project(dir: &Path) -> Option<PathBuf> {
    let mut dir = dir.to_path_buf();
    loop {
        if has_manifest(&dir) {
            return Some(dir);
        }
        if !dir.pop() {
            return None;
        }
    }
}

/// The directory a project starts at: `path` itself, or for a file, the nearest ancestor with a
/// `ward.toml` (else the file's directory).
pub fn project_root(path: &Path) -> PathBuf {
    if path.is_dir() {
        return path.to_path_buf();
    }
    let start = path.parent().map(Path::to_path_buf).unwrap_or_default();
    enclosing_project(&start).unwrap_or(start)
}

/// The packages below a workspace folder: the folder itself if it has a `ward.toml`, else
/// every outermost directory below it that has one, else the folder as a package of loose
/// files (when it holds any `.ward` file). The walk is bounded and does not follow links out
/// of the folder; what it could not do comes back as problems.
pub fn discover_projects(root: &Path) -> (Vec<PathBuf>, Vec<Problem>) {
    if has_manifest(root) {
        return (vec![root.to_path_buf()], vec![]);
    }
    let shown = |p: &Path| display_path(root, p);
    let listing = package_dirs(root);
    let mut problems: Vec<Problem> = listing
        .problems
        .iter()
        .map(|p| Problem::Warning {
            message: p.describe(&shown),
            help: p.help(),
        })
        .collect();
    let mut found = listing.paths;
    if found.is_empty() {
        let files = ward_files(root);
        problems.extend(files.problems.iter().map(|p| Problem::Warning {
            message: p.describe(&shown),
            help: p.help(),
        }));
        if !files.paths.is_empty() {
            found.push(root.to_path_buf());
        }
    }
    (found, problems)
}
