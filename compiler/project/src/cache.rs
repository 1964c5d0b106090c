//! The one directory Ward keeps fetched dependencies in, for the CLI and the server alike.

use std::path::PathBuf;

/// `WARD_HOME`, else `$XDG_CACHE_HOME/ward`, else `~/.cache/ward`, else a directory of the
/// user's own under the temporary directory (`ward-<uid>`, never one shared by all users).
pub fn cache_dir() -> PathBuf {
    std::env::var_os("WARD_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("ward")))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("ward")))
        .unwrap_or_else(|| crate::private_dir::temp_fallback("ward"))
}
