//! `ward.lock`: every resolved dependency with its exact revision and the sha256 of its
//! content. Written only by `ward update`; every other command verifies against it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::manifest::FileError;

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

pub fn read(dir: &Path) -> Result<Option<Lock>, FileError> {
    let path = dir.join("ward.lock");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    let lock: Lock = toml::from_str(&text).map_err(|e| FileError {
        path: path.clone(),
        text: text.clone(),
        span: e.span(),
        message: format!("ward.lock: {}", e.message()),
        label: "here".into(),
        help: Some("ward.lock is written by `ward update`; run it to rewrite the file".into()),
    })?;
    if lock.version != LOCK_VERSION {
        return Err(FileError {
            path,
            text,
            span: None,
            message: format!(
                "ward.lock has format version {}, but this ward reads version {LOCK_VERSION}",
                lock.version
            ),
            label: String::new(),
            help: Some("run `ward update` to rewrite it".into()),
        });
    }
    Ok(Some(lock))
}

pub fn write(dir: &Path, lock: &Lock) -> std::io::Result<()> {
    let mut lock = lock.clone();
    lock.packages.sort_by(|a, b| a.name.cmp(&b.name));
    let body = toml::to_string(&lock).expect("a lock always serialises");
    let text = format!(
        "# Written by `ward update`: the exact dependencies this package was checked with.\n# Do not edit by hand.\n{body}"
    );
    std::fs::write(dir.join("ward.lock"), text)
}
