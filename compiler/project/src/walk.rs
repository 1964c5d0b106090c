//! Listing a package's `.ward` files.

use std::path::{Path, PathBuf};

/// Directories never searched for modules: build output, editor and VCS state.
pub fn skipped_dir(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

/// `.ward` files below `dir`, sorted, skipping build output and hidden directories.
pub fn ward_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().to_string();
            if p.is_dir() {
                if !skipped_dir(&name) {
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
