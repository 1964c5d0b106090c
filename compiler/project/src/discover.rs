//! Finding packages: the one a path belongs to, and every package below a workspace folder.

use std::path::{Path, PathBuf};

use crate::walk::{skipped_dir, ward_files};

/// The nearest ancestor of `dir` (or `dir` itself) with a `ward.toml`.
pub fn enclosing_project(dir: &Path) -> Option<PathBuf> {
    let mut dir = dir.to_path_buf();
    loop {
        if dir.join("ward.toml").is_file() {
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
/// files (when it holds any `.ward` file).
pub fn discover_projects(root: &Path) -> Vec<PathBuf> {
    if root.join("ward.toml").is_file() {
        return vec![root.to_path_buf()];
    }
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    let mut visited = 0usize;
    while let Some(d) = stack.pop() {
        visited += 1;
        if visited > 20_000 {
            break;
        }
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut subdirs = Vec::new();
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().to_string();
            if p.is_dir() && !skipped_dir(&name) {
                subdirs.push(p);
            }
        }
        for s in subdirs {
            if s.join("ward.toml").is_file() {
                found.push(s);
            } else {
                stack.push(s);
            }
        }
    }
    found.sort();
    if found.is_empty() && !ward_files(root).is_empty() {
        found.push(root.to_path_buf());
    }
    found
}
