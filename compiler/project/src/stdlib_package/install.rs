//! The installed library: one signed package file in the user's data directory
//! (`<data>/stdlib/nhs.wardpkg`, [`crate::cache::data_dir`]). Installing verifies the package
//! and refuses a rollback; loading reads and verifies the file again every time, and uses the
//! very bytes it verified, so there is no unpacked copy to tamper with and no record that a
//! package "was verified" to trust instead of checking it. A package that fails is an error
//! naming the file, never a quiet return to the built-in library.
//!
//! Which library is newer decides which is used: an installed package whose version is not
//! newer than the built-in library's (after `ward` itself was upgraded) is left unused, and
//! the command says so.

use std::path::{Path, PathBuf};

use super::format::MAX_PACKAGE_BYTES;
use super::keys::Keyring;
use super::verify::{Verified, verify};
use crate::paths::display_path;
use crate::resolve::Problem;

/// Where the installed package is kept, below the data directory.
pub const PACKAGE_FILE: &str = "stdlib/nhs.wardpkg";

/// Where a user's library is installed, and the keys it must be signed with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Installation {
    pub data: PathBuf,
    pub keys: Keyring,
}

/// What `install` did.
#[derive(Debug)]
pub enum Installed {
    /// The package is now the installed library; the one it replaced, if any.
    New {
        package: Box<Verified>,
        replaced: Option<Box<Verified>>,
    },
    /// This very package was already installed.
    Already(Box<Verified>),
}

fn refused(message: String, help: Option<&str>) -> Problem {
    Problem::Message {
        message,
        help: help.map(str::to_string),
    }
}

impl Installation {
    /// The user's installation ([`crate::cache::data_dir`]), checked against the keys built
    /// into this `ward`.
    pub fn for_user() -> Installation {
        Installation {
            data: crate::cache::data_dir(),
            keys: Keyring::embedded().clone(),
        }
    }

    /// The installed package's path.
    pub fn path(&self) -> PathBuf {
        self.data.join(PACKAGE_FILE)
    }

    /// The installed package, read and verified now; `None` if none is installed.
    pub fn current(&self, cwd: &Path) -> Result<Option<Verified>, Problem> {
        let path = self.path();
        if std::fs::symlink_metadata(&path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        {
            return Ok(None);
        }
        let shown = display_path(cwd, &path);
        let bytes = crate::fsread::read_bounded(&path, MAX_PACKAGE_BYTES).map_err(|e| {
            refused(
                format!("the installed standard library {shown} cannot be read: {e}"),
                Some("`ward stdlib uninstall` removes it, and the built-in library is used again"),
            )
        })?;
        match verify(&bytes, &self.keys) {
            Ok(v) => Ok(Some(v)),
            Err(r) => Err(refused(
                format!("the installed standard library {shown} fails verification: {r}"),
                Some(
                    "nothing was loaded; reinstall the package from its publisher, or run `ward stdlib uninstall` to use the built-in library",
                ),
            )),
        }
    }

    /// Verify `bytes` (read from `file`) and make them the installed library, unless that
    /// would go back to an older library.
    pub fn install(&self, bytes: &[u8], file: &Path, cwd: &Path) -> Result<Installed, Problem> {
        let shown = display_path(cwd, file);
        let package = verify(bytes, &self.keys).map_err(|r| Problem::Message {
            message: format!("{shown}: {r}"),
            help: r.help(),
        })?;
        let current = self.current(cwd).map_err(|p| match p {
            Problem::Message { message, .. } => refused(
                format!("{message}; nothing was installed"),
                Some("run `ward stdlib uninstall` first to remove the damaged package"),
            ),
            p => p,
        })?;
        let built_in = semver::Version::parse(ward_stdlib::version()).ok();
        if let Some(b) = &built_in {
            if package.version < *b {
                return Err(refused(
                    format!(
                        "{shown}: nhs {} is older than the library built into this ward (nhs {b}); installing it would roll the guidance back",
                        package.version
                    ),
                    None,
                ));
            }
            if package.version == *b && package.manifest.hash != crate::stdlib::embedded_hash() {
                return Err(refused(
                    format!(
                        "{shown}: nhs {} has the built-in library's version but not its modules ({} here, {} built in); a changed library needs a new version",
                        package.version,
                        package.manifest.hash,
                        crate::stdlib::embedded_hash()
                    ),
                    None,
                ));
            }
        }
        if let Some(cur) = &current {
            if package.version < cur.version {
                return Err(refused(
                    format!(
                        "{shown}: nhs {} is older than the installed nhs {}; a package is installed only over an older library (a rollback is refused)",
                        package.version, cur.version
                    ),
                    Some("to go back on purpose, run `ward stdlib uninstall` first"),
                ));
            }
            if package.version == cur.version {
                if package.digest == cur.digest {
                    return Ok(Installed::Already(Box::new(package)));
                }
                return Err(refused(
                    format!(
                        "{shown}: nhs {} is already installed from a different package ({} installed, {} here); one version has one content",
                        package.version, cur.digest, package.digest
                    ),
                    None,
                ));
            }
        }
        let target = self.path();
        let write = || -> std::io::Result<()> {
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)?;
            }
            crate::fswrite::write(&target, bytes)
        };
        write().map_err(|e| {
            refused(
                format!("could not install into {}: {e}", display_path(cwd, &target)),
                None,
            )
        })?;
        Ok(Installed::New {
            package: Box::new(package),
            replaced: current.map(Box::new),
        })
    }

    /// Remove the installed package, whatever state it is in; what was removed, if anything.
    pub fn uninstall(&self, cwd: &Path) -> Result<Option<String>, Problem> {
        let path = self.path();
        let was = match self.current(cwd) {
            Ok(None) => return Ok(None),
            Ok(Some(v)) => v.describe(),
            Err(_) => "a package that fails verification".to_string(),
        };
        std::fs::remove_file(&path).map_err(|e| {
            refused(
                format!("could not remove {}: {e}", display_path(cwd, &path)),
                None,
            )
        })?;
        Ok(Some(was))
    }
}
