//! Writing files without following links and without leaving half a file behind. Every file
//! Ward writes (`ward.lock`, formatted policy, the files of `ward init`) goes through here: the
//! text is written to a temporary file in the same directory, which then takes the place of the
//! target in one rename, so a crash or a full disk leaves the old file or the new one, never a
//! mixture. A symbolic link at the target is refused rather than written through (it could
//! point anywhere), and creating a file never replaces anything, not even a dangling link.

use std::io::{self, Write};
use std::path::Path;

fn refuse(path: &Path, why: String) -> io::Error {
    io::Error::other(format!("{}: {why}", path.display()))
}

/// What is at `path` without following a link: `Ok(None)` if nothing.
fn existing(path: &Path) -> io::Result<Option<std::fs::Metadata>> {
    match std::fs::symlink_metadata(path) {
        Ok(m) => Ok(Some(m)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn link_refusal(path: &Path) -> io::Error {
    let target = std::fs::read_link(path)
        .map(|t| format!(" (to {})", t.display()))
        .unwrap_or_default();
    refuse(
        path,
        format!(
            "is a symbolic link{target}; Ward does not write through links, so replace it with the file itself"
        ),
    )
}

/// A temporary file next to `path` holding `bytes`, flushed to disk, with the usual
/// permissions for a new file.
fn staged(path: &Path, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    staged_with(path, bytes, 0o666)
}

/// [`staged`], with `mode` as the permissions (less the umask) on Unix.
fn staged_with(path: &Path, bytes: &[u8], mode: u32) -> io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".ward-write-");
    // New files get the usual permissions (less the umask), not a temporary file's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Write `bytes` to `path`, replacing a regular file there (keeping its permissions) or
/// creating it. A symbolic link or anything else that is not a regular file is refused.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let current = existing(path)?;
    if let Some(meta) = &current {
        if meta.file_type().is_symlink() {
            return Err(link_refusal(path));
        }
        if !meta.is_file() {
            return Err(refuse(
                path,
                "is not a regular file, so Ward will not replace it".into(),
            ));
        }
    }
    let tmp = staged(path, bytes)?;
    if let Some(meta) = current {
        std::fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Create `path` holding `bytes`. Anything already there, including a symbolic link that
/// points nowhere, is left alone and reported.
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    create(path, bytes, 0o666)
}

/// [`create_new`] for a secret (a signing key): readable and writable by its owner only, from
/// the moment it exists.
pub fn create_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    create(path, bytes, 0o600)
}

fn create(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    if let Some(meta) = existing(path)? {
        if meta.file_type().is_symlink() {
            return Err(link_refusal(path));
        }
        return Err(refuse(path, "already exists".into()));
    }
    let tmp = staged_with(path, bytes, mode)?;
    // No-clobber: if something appeared meanwhile, it stays and this fails.
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("ward-fswrite-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn write_replaces_a_file_and_leaves_no_temporary_behind() {
        let dir = scratch("replace");
        let f = dir.join("ward.lock");
        write(&f, b"one").unwrap();
        write(&f, b"two").unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(create_new(&f, b"three").is_err());
        assert_eq!(std::fs::read(&f).unwrap(), b"two");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_never_written_through() {
        let dir = scratch("links");
        let outside = dir.join("outside.txt");
        std::fs::write(&outside, "keep").unwrap();
        let link = dir.join("ward.lock");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        let err = write(&link, b"evil").unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep");
        let dangling = dir.join("ward.toml");
        let target = dir.join("created-elsewhere.txt");
        std::os::unix::fs::symlink(&target, &dangling).unwrap();
        assert!(create_new(&dangling, b"x").is_err());
        assert!(!target.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_private_file_is_its_owners_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("private");
        let f = dir.join("key");
        create_private(&f, b"secret").unwrap();
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(create_private(&f, b"again").is_err());
        assert_eq!(std::fs::read(&f).unwrap(), b"secret");
    }
}
