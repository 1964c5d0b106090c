//! Directories that only the user may write: Ward's cache (fetched dependencies) and the
//! language server's copy of the standard library. Another user who could write there could
//! plant a "standard library" or a dependency that go-to-definition then opens, or that a
//! check then loads, so a directory is used only if it is a real directory (not a link),
//! owned by the user and writable by no one else; one Ward creates is created that way
//! (mode 0700). The fallback under the system's shared temporary directory is named for the
//! user (`ward-<uid>`), never shared.

use std::io;
use std::path::{Path, PathBuf};

/// The user's id, as the kernel sees this process (`None` where it cannot be told).
pub fn user_id() -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").ok().map(|m| m.uid())
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The per-user directory under the system's temporary directory, for when the user has no
/// cache directory.
pub fn temp_fallback(name: &str) -> PathBuf {
    let user = user_id().map_or_else(|| "user".to_string(), |u| u.to_string());
    std::env::temp_dir().join(format!("{name}-{user}"))
}

/// Create `dir` (and its parents) if needed, then make sure it is private; an error says why
/// it cannot be used.
pub fn ensure(dir: &Path) -> io::Result<PathBuf> {
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    match builder.create(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    check(dir)?;
    Ok(dir.to_path_buf())
}

/// Refuse a link, a non-directory, a directory of another user or one others may write.
pub fn check(dir: &Path) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(dir)?;
    let refuse = |why: &str| {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{}: {why}; Ward keeps its files only in a directory private to the user",
                dir.display()
            ),
        ))
    };
    if meta.file_type().is_symlink() {
        return refuse("is a symbolic link");
    }
    if !meta.is_dir() {
        return refuse("is not a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if user_id().is_some_and(|u| u != meta.uid()) {
            return refuse("belongs to another user");
        }
        if meta.mode() & 0o022 != 0 {
            return refuse("may be written by other users");
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn creates_private_and_refuses_links_and_shared_directories() {
        let base = std::env::temp_dir().join(format!("ward-private-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let dir = base.join("a").join("ward");
        super::ensure(&dir).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        // Again: it exists and is fine.
        super::ensure(&dir).unwrap();
        // A link to it is refused, though it points at a good directory.
        let link = base.join("link");
        std::os::unix::fs::symlink(&dir, &link).unwrap();
        assert!(super::ensure(&link).is_err());
        // A directory others may write is refused.
        let shared = base.join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
        let err = super::ensure(&shared).unwrap_err();
        assert!(err.to_string().contains("other users"), "{err}");
        // A file is refused.
        let file = base.join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(super::ensure(&file).is_err());
        std::fs::remove_dir_all(&base).unwrap();
    }
}
