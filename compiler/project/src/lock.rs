//! `ward.lock`: every resolved dependency with its exact revision and the sha256 of its
//! content. Written only by `ward update`; every other command verifies against it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::manifest::{FileError, read_package_file, valid_name};

pub const LOCK_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    pub version: u32,
    #[serde(default, rename = "package")]
    pub packages: Vec<LockedPackage>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockedPackage {
    pub name: String,
    pub version: String,
    /// `builtin`, `path+../regional`, `git+file:///…?tag=v1.0.0`
    pub source: String,
    /// The commit a git dependency resolved to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    pub checksum: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<String>,
}

impl Lock {
    pub fn get(&self, name: &str) -> Option<&LockedPackage> {
        self.packages.iter().find(|p| p.name == name)
    }
}

/// Read `dir/ward.lock`, if there is one. A lock that is there but cannot be read or parsed is
/// an error, never taken as absent; so is an entry that is malformed in itself (see
/// [`Lock::check`]). Whether the entries agree with the manifests is [`crate::resolve`]'s job.
pub fn read(dir: &Path) -> Result<Option<Lock>, FileError> {
    let path = dir.join("ward.lock");
    let Some(text) = read_package_file(&path, ward_core::limits::MAX_LOCK_BYTES)? else {
        return Ok(None);
    };
    parse(&path, &text).map(Some)
}

/// Parse and check the text of a lock read from `path` (named in errors): the lock's format
/// and each entry on its own. Pure, so the fuzzer can drive it.
pub fn parse(path: &Path, text: &str) -> Result<Lock, FileError> {
    let err = |span, message: String, help: &str| FileError {
        path: path.to_path_buf(),
        text: text.to_string(),
        span,
        message,
        label: "here".into(),
        help: Some(help.into()),
    };
    let lock: Lock = toml::from_str(text).map_err(|e| {
        err(
            e.span(),
            format!("ward.lock: {}", e.message()),
            "ward.lock is written by `ward update`; run it to rewrite the file",
        )
    })?;
    if lock.version != LOCK_VERSION {
        return Err(err(
            None,
            format!(
                "ward.lock has format version {}, but this ward reads version {LOCK_VERSION}",
                lock.version
            ),
            "run `ward update` to rewrite it",
        ));
    }
    if let Err(message) = lock.check() {
        return Err(err(
            None,
            message,
            "ward.lock is written by `ward update`; do not edit it by hand: run `ward update` to rewrite it",
        ));
    }
    Ok(lock)
}

impl Lock {
    /// Each entry on its own (messages are rendered after the lock's path): a package name, a version, a source Ward knows (the standard
    /// library only as `builtin`; git only from an allowed URL, with a full revision), a
    /// sha256 checksum; and no name twice.
    pub fn check(&self) -> Result<(), String> {
        let mut seen = std::collections::BTreeSet::new();
        for p in &self.packages {
            let at = format!("the entry for `{}`", p.name);
            if !valid_name(&p.name) {
                return Err(format!("{at}: `{}` is not a package name", p.name));
            }
            if !seen.insert(p.name.as_str()) {
                return Err(format!("`{}` is listed more than once", p.name));
            }
            if semver::Version::parse(&p.version).is_err() {
                return Err(format!("{at}: `{}` is not a version", p.version));
            }
            let hex = p.checksum.strip_prefix("sha256:").unwrap_or_default();
            if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!("{at}: `{}` is not a sha256 checksum", p.checksum));
            }
            let is_stdlib = p.name == ward_stdlib::PACKAGE;
            match p.source.as_str() {
                "builtin" if is_stdlib => {}
                "builtin" => {
                    return Err(format!(
                        "{at}: the source `builtin` belongs to the standard library `nhs` alone"
                    ));
                }
                _ if is_stdlib => {
                    return Err(format!(
                        "{at}: the standard library's source must be `builtin`, not `{}`",
                        p.source
                    ));
                }
                s if s.starts_with("path+") => {
                    if p.revision.is_some() {
                        return Err(format!("{at}: a path dependency has no revision"));
                    }
                }
                s if s.starts_with("git+") => {
                    let (url, _) = git_source(s)
                        .ok_or_else(|| format!("{at}: `{s}` names no tag or revision"))?;
                    crate::git::check_url(url).map_err(|e| format!("{at}: {e}"))?;
                    let Some(rev) = &p.revision else {
                        return Err(format!("{at}: a git dependency needs its `revision`"));
                    };
                    crate::git::check_revision(rev).map_err(|e| format!("{at}: {e}"))?;
                }
                s => return Err(format!("{at}: unknown source `{s}`")),
            }
        }
        Ok(())
    }
}

/// A lock source `git+URL?tag=T` or `git+URL?rev=R`: the URL and the `tag=`/`rev=` part.
pub fn git_source(source: &str) -> Option<(&str, &str)> {
    source.strip_prefix("git+")?.rsplit_once('?')
}

/// Write `dir/ward.lock` atomically; a `ward.lock` that is a symbolic link is refused.
pub fn write(dir: &Path, lock: &Lock) -> std::io::Result<()> {
    let mut lock = lock.clone();
    lock.packages.sort_by(|a, b| a.name.cmp(&b.name));
    let body = toml::to_string(&lock).expect("a lock always serialises");
    let text = format!(
        "# Written by `ward update`: the exact dependencies this package was checked with.\n# Do not edit by hand.\n{body}"
    );
    crate::fswrite::write(&dir.join("ward.lock"), text.as_bytes())
}
