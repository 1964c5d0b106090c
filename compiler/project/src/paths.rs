//! Paths as people read them in messages.

use std::path::Path;

/// A path as the user would like to read it: relative to the working directory if possible
/// (`.` for the working directory itself), with forward slashes.
pub fn display_path(cwd: &Path, p: &Path) -> String {
    let shown = p
        .strip_prefix(cwd)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/");
    if shown.is_empty() { ".".into() } else { shown }
}
