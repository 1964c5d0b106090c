//! The per-user directories Ward keeps things in, for the CLI and the server alike: the cache
//! of fetched dependencies, and the data directory holding an installed standard library.

use std::path::PathBuf;

/// `WARD_HOME`, else `$XDG_CACHE_HOME/ward`, else `~/.cache/ward`, else a temporary directory.
pub fn cache_dir() -> PathBuf {
    std::env::var_os("WARD_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("ward")))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("ward")))
        .unwrap_or_else(|| std::env::temp_dir().join("ward"))
}

/// Where an installed standard library is kept (it is not a cache: removing it changes which
/// guidance is used): `WARD_DATA_HOME`, else `$XDG_DATA_HOME/ward`, else
/// `~/.local/share/ward`, else a temporary directory.
pub fn data_dir() -> PathBuf {
    let nonempty = |v: &str| std::env::var_os(v).filter(|s| !s.is_empty());
    nonempty("WARD_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| nonempty("XDG_DATA_HOME").map(|d| PathBuf::from(d).join("ward")))
        .or_else(|| {
            nonempty("HOME").map(|h| PathBuf::from(h).join(".local").join("share").join("ward"))
        })
        .unwrap_or_else(|| std::env::temp_dir().join("ward-data"))
}
