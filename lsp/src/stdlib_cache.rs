//! The embedded standard library, written out as read-only files so that go to definition can
//! open them. The directory is keyed by Ward's version and a hash of the library's text, so
//! two servers of different builds never share (or fight over) one copy. The `ward` directory
//! it lives in must be private to the user (`ward_project::private_dir`): another user who
//! could write there could make go to definition open a "standard library" of their own.

use std::path::{Path, PathBuf};

/// The directory holding the materialised library (`…/ward/stdlib-0.1.0-1a2b3c4d/`), written
/// if needed; `None` if no private cache directory can be had.
pub fn materialise() -> Option<PathBuf> {
    let key = format!("stdlib-{}-{:08x}", ward_core::VERSION, fingerprint());
    for dir in cache_dirs() {
        match ward_project::private_dir::ensure(&dir) {
            Ok(dir) => {
                if write_all(&dir.join(&key)).is_ok() {
                    return Some(dir.join(&key));
                }
            }
            Err(e) => eprintln!("ward-lsp: not using {}: {e}", dir.display()),
        }
    }
    None
}

/// Where the `ward` cache directory may be: `$XDG_CACHE_HOME/ward`, `~/.cache/ward`
/// (`%LOCALAPPDATA%\\ward` on Windows), then the user's own `ward-<uid>` under the system's
/// temporary directory (never a directory all users share).
fn cache_dirs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME").filter(|x| !x.is_empty()) {
        out.push(PathBuf::from(x).join("ward"));
    }
    if let Some(x) = std::env::var_os("LOCALAPPDATA").filter(|x| !x.is_empty()) {
        out.push(PathBuf::from(x).join("ward"));
    }
    if let Some(h) = std::env::var_os("HOME").filter(|x| !x.is_empty()) {
        out.push(PathBuf::from(h).join(".cache").join("ward"));
    }
    out.push(ward_project::private_dir::temp_fallback("ward"));
    out
}

/// Every file of the copy as (path below the directory, text): the modules, and the guidance
/// documents they cite under `guidance/`, so that a citation can open the cited text.
fn contents() -> impl Iterator<Item = (&'static str, &'static str)> {
    let modules = ward_stdlib::modules().iter().copied();
    let documents = ward_stdlib::documents().iter().map(|d| (d.path, d.text));
    modules.chain(documents)
}

/// FNV-1a over every file's path and text: stable across builds and platforms.
fn fingerprint() -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for (path, text) in contents() {
        for b in path.bytes().chain([0]).chain(text.bytes()).chain([0]) {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h
}

fn write_all(dir: &Path) -> std::io::Result<()> {
    for (path, text) in contents() {
        let file = dir.join(path);
        if std::fs::read_to_string(&file).is_ok_and(|t| t == text) {
            continue;
        }
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // A previous, partial copy may have left the file read-only.
        if let Ok(meta) = std::fs::metadata(&file) {
            let mut perms = meta.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            let _ = std::fs::set_permissions(&file, perms);
        }
        std::fs::write(&file, text)?;
        let mut perms = std::fs::metadata(&file)?.permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&file, perms)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_every_module_and_document_once() {
        let dir = std::env::temp_dir().join(format!("ward-lsp-stdlib-test-{}", std::process::id()));
        super::write_all(&dir).unwrap();
        // A second write finds everything in place.
        super::write_all(&dir).unwrap();
        assert!(super::contents().any(|(p, _)| p.starts_with("guidance/")));
        for (path, text) in super::contents() {
            assert_eq!(std::fs::read_to_string(dir.join(path)).unwrap(), text);
        }
        for (path, _) in super::contents() {
            let f = dir.join(path);
            let mut perms = std::fs::metadata(&f).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            std::fs::set_permissions(&f, perms).unwrap();
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
