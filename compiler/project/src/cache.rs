//! The one directory Ward keeps fetched dependencies in, for the CLI and the server alike.

use std::path::PathBuf;

/// `WARD_HOME`, else `$XDG_CACHE_HOME/ward`, else `~/.cache/ward`, else a temporary directory.
pub fn cache_dir() -> PathBuf {
    std::env::var_os("WARD_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("ward")))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("ward")))
        .unwrap_or_else(|| std::env::temp_dir().join("ward"))
}
