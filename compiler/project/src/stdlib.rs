//! Which standard library is loaded, and what it is. The national library's identity is its
//! content: the sha256 of every module's name and text ([`embedded_hash`] for the copy built
//! into this `ward`). [`select`] is the one place that decides which library a command loads —
//! the embedded copy, a directory a library maintainer named with `--stdlib DIR`, or a signed
//! package installed with `ward stdlib install` (verified again on every load, and used only
//! while it is newer than the built-in copy) — and gives its [`Identity`], which every report
//! states in its first lines. Nothing else can replace the library: a package that
//! is named `nhs` or declares `standard-library` is refused everywhere but here.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ward_core::citations::DocumentInfo;
use ward_core::{Host, Origin};

use crate::manifest;
use crate::naming::module_name;
use crate::paths::display_path;
use crate::resolve::Problem;

/// Which standard library to load.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Choice {
    /// The library built into this `ward`.
    #[default]
    Embedded,
    /// A directory holding the library (`ward.toml` with `name = "nhs"` and
    /// `standard-library = true`): `--stdlib DIR`, for the library's maintainers.
    Dir(PathBuf),
    /// The library installed from a signed package, if there is one and it is newer than the
    /// built-in copy; else the built-in copy. What every command uses without `--stdlib`.
    Installed(crate::stdlib_package::Installation),
}

impl Choice {
    /// Does `--stdlib DIR` name the library?
    pub fn is_dir(&self) -> bool {
        matches!(self, Choice::Dir(_))
    }
}

/// What the loaded standard library is, for reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// Its content is exactly the library built into this `ward`.
    pub embedded: bool,
    /// `sha256:` of its modules (names and text).
    pub hash: String,
    /// `sha256:` of the library built into this `ward`.
    pub embedded_hash: String,
    pub version: String,
    /// The directory or package file it was loaded from, when it was not the built-in copy.
    pub path: Option<PathBuf>,
    /// For an installed package: the key that signed it, `id (name)`.
    pub signer: Option<String>,
}

impl Identity {
    /// The identity of the library built into this `ward`.
    pub fn builtin() -> Identity {
        Identity {
            embedded: true,
            hash: embedded_hash().to_string(),
            embedded_hash: embedded_hash().to_string(),
            version: ward_stdlib::version().to_string(),
            path: None,
            signer: None,
        }
    }

    /// For the report: `ward_core::report::StdlibEntry`.
    pub fn entry(&self, cwd: &Path) -> ward_core::report::StdlibEntry {
        ward_core::report::StdlibEntry {
            embedded: self.embedded,
            hash: self.hash.clone(),
            embedded_hash: self.embedded_hash.clone(),
            version: self.version.clone(),
            path: self.path.as_deref().map(|p| display_path(cwd, p)),
            signed_by: self.signer.clone(),
        }
    }

    /// The line a report opens with when the library is not the built-in one.
    pub fn banner(&self, cwd: &Path) -> Option<String> {
        self.entry(cwd).banner()
    }
}

/// `sha256:` of the standard library built into this binary, computed once.
pub fn embedded_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        digest(
            ward_stdlib::modules()
                .iter()
                .map(|(p, t)| (p.to_string(), t.as_bytes())),
        )
    })
}

/// The content digest ([`ward_core::content::library_digest`]): each module's path below the
/// library root (`nhs/data/dpia.ward`) in path order, and its bytes.
pub(crate) fn digest<'a>(entries: impl Iterator<Item = (String, &'a [u8])>) -> String {
    ward_core::content::library_digest(entries)
}

/// One module of a library.
struct Module {
    name: String,
    shown: String,
    text: String,
}

/// A standard library ready to load: its modules and its identity.
pub struct Library {
    pub identity: Identity,
    modules: Vec<Module>,
    /// The documents an installed package carries (`None`: the built-in ones, if any).
    documents: Option<Vec<(DocumentInfo, String)>>,
    origin: Origin,
    /// What the command should say about the choice without failing (an installed package
    /// left unused because the built-in library is newer).
    pub notes: Vec<Problem>,
}

impl Library {
    /// Put the library into `host`, every module with the standard library's origin. The
    /// built-in library comes with its build-time compilation (`ward-stdlib-compiled`), used
    /// only while its key is this library's content hash: the host answers `program()` with it
    /// until anything else is added, so a command on the library alone compiles nothing.
    pub fn load_into(&self, host: &mut Host) {
        if self.modules.is_empty() {
            ward_stdlib::load_into(host);
            if let Some(program) = ward_stdlib_compiled::program_for(&self.identity.hash) {
                host.set_precompiled(program);
            }
            return;
        }
        for m in &self.modules {
            host.set_file(&m.name, &m.shown, m.text.clone(), self.origin.clone());
        }
        for (info, text) in self.documents.iter().flatten() {
            host.set_document(info.clone(), text.clone());
        }
    }

    /// Module names, for `ward check` / `ward test` of the library itself.
    pub fn module_names(&self) -> Vec<String> {
        if self.modules.is_empty() {
            return ward_stdlib::modules()
                .iter()
                .map(|(p, _)| ward_stdlib::module_name(p))
                .collect();
        }
        self.modules.iter().map(|m| m.name.clone()).collect()
    }

    fn embedded() -> Library {
        Library {
            identity: Identity::builtin(),
            modules: Vec::new(),
            documents: None,
            origin: Origin::stdlib(),
            notes: Vec::new(),
        }
    }

    /// The library of a verified package installed at `path`.
    fn installed(package: crate::stdlib_package::Verified, path: &Path) -> Library {
        let version = package.version.to_string();
        let modules = package
            .contents
            .modules
            .into_iter()
            .map(|(p, text)| Module {
                name: ward_stdlib::module_name(&p),
                shown: format!("nhs-{version}.wardpkg/{p}"),
                text,
            })
            .collect();
        let hash = package.manifest.hash;
        Library {
            identity: Identity {
                embedded: hash == embedded_hash(),
                hash,
                embedded_hash: embedded_hash().to_string(),
                version: version.clone(),
                path: Some(path.to_path_buf()),
                signer: Some(package.signer.describe()),
            },
            modules,
            documents: Some(package.contents.documents),
            origin: Origin {
                version: version.as_str().into(),
                ..Origin::stdlib()
            },
            notes: Vec::new(),
        }
    }
}

fn problem(message: String, help: Option<String>) -> Problem {
    Problem::Message { message, help }
}

/// The standard library a command loads, and its identity. This is the one function that
/// decides it.
pub fn select(choice: &Choice, cwd: &Path) -> Result<Library, Vec<Problem>> {
    match choice {
        Choice::Embedded => Ok(Library::embedded()),
        Choice::Dir(dir) => from_dir(&cwd.join(dir), cwd),
        Choice::Installed(installation) => from_installation(installation, cwd),
    }
}

/// The installed package if it is newer than the built-in library (or is it exactly), else
/// the built-in library with a note saying the package was left unused. A package that fails
/// verification is an error: the command stops rather than use another library.
fn from_installation(
    installation: &crate::stdlib_package::Installation,
    cwd: &Path,
) -> Result<Library, Vec<Problem>> {
    let Some(package) = installation.current(cwd).map_err(|p| vec![p])? else {
        return Ok(Library::embedded());
    };
    let built_in = semver::Version::parse(ward_stdlib::version()).ok();
    let newer = built_in.as_ref().is_none_or(|b| {
        package.version > *b || (package.version == *b && package.manifest.hash == embedded_hash())
    });
    if newer {
        return Ok(Library::installed(package, &installation.path()));
    }
    let mut library = Library::embedded();
    library.notes.push(Problem::Warning {
        message: format!(
            "the installed standard library {} (nhs {}) is not newer than the one built into this ward (nhs {}), which is used",
            display_path(cwd, &installation.path()),
            package.version,
            ward_stdlib::version()
        ),
        help: Some("`ward stdlib uninstall` removes the installed package".into()),
    });
    Ok(library)
}

/// The library in `dir`, which must hold a `ward.toml` naming package `nhs` with
/// `standard-library = true`.
fn from_dir(dir: &Path, cwd: &Path) -> Result<Library, Vec<Problem>> {
    let shown = display_path(cwd, dir);
    let help = Some(
        "--stdlib names a copy of the standard library: a directory whose ward.toml says `name = \"nhs\"` and `standard-library = true`".to_string(),
    );
    if !dir.is_dir() {
        return Err(vec![problem(
            format!("--stdlib {shown}: not a directory"),
            help,
        )]);
    }
    let m = match manifest::read(dir) {
        Ok(Some(m)) => m,
        Ok(None) => {
            return Err(vec![problem(
                format!("--stdlib {shown}: there is no ward.toml"),
                help,
            )]);
        }
        Err(e) => return Err(vec![Problem::File(e)]),
    };
    if m.name != ward_stdlib::PACKAGE || !m.standard_library {
        return Err(vec![problem(
            format!(
                "--stdlib {shown}: package `{}` is not a standard library",
                m.name
            ),
            help,
        )]);
    }
    let listing = crate::walk::ward_files(&m.src);
    let mut problems: Vec<Problem> = listing
        .problems
        .iter()
        .map(|p| problem(p.describe(&|q| display_path(cwd, q)), p.help()))
        .collect();
    let mut modules = Vec::new();
    let mut hashed = Vec::new();
    for file in &listing.paths {
        let Some(name) = module_name(&m, file) else {
            problems.push(problem(
                format!(
                    "{}: the file's path is not a module name (use letters, digits and underscores)",
                    display_path(cwd, file)
                ),
                None,
            ));
            continue;
        };
        match crate::fsread::read_policy(file).and_then(|b| {
            String::from_utf8(b).map_err(|e| crate::fsread::ReadError::NotUtf8 {
                at: e.utf8_error().valid_up_to(),
            })
        }) {
            Ok(text) => {
                let rel = file
                    .strip_prefix(&m.src)
                    .unwrap_or(file)
                    .to_string_lossy()
                    .replace('\\', "/");
                hashed.push((format!("{}/{rel}", ward_stdlib::PACKAGE), text.clone()));
                modules.push(Module {
                    name,
                    shown: display_path(cwd, file),
                    text,
                });
            }
            Err(e) => problems.push(problem(format!("{}: {e}", display_path(cwd, file)), None)),
        }
    }
    if modules.is_empty() && problems.is_empty() {
        problems.push(problem(
            format!("--stdlib {shown}: the library has no modules"),
            None,
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let hash = digest(hashed.iter().map(|(p, t)| (p.clone(), t.as_bytes())));
    let version = m.version.to_string();
    let origin = Origin {
        version: version.as_str().into(),
        ..Origin::stdlib()
    };
    Ok(Library {
        identity: Identity {
            embedded: hash == embedded_hash(),
            hash,
            embedded_hash: embedded_hash().to_string(),
            version,
            path: Some(dir.to_path_buf()),
            signer: None,
        },
        modules,
        documents: None,
        origin,
        notes: Vec::new(),
    })
}

/// Is `dir` the directory `choice` loads the library from?
pub fn is_chosen_dir(choice: &Choice, cwd: &Path, dir: &Path) -> bool {
    match choice {
        Choice::Embedded | Choice::Installed(_) => false,
        Choice::Dir(d) => same_dir(&cwd.join(d), dir),
    }
}

pub(crate) fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// How a manifest claims to be the standard library, in words, naming the manifest.
pub fn claim(m: &manifest::Manifest, cwd: &Path) -> String {
    let path = display_path(cwd, &m.path);
    if m.name == ward_stdlib::PACKAGE && m.standard_library {
        format!(
            "{path} declares a copy of the standard library (package `nhs`, `standard-library = true`)"
        )
    } else if m.name == ward_stdlib::PACKAGE {
        format!("{path} names the package `nhs`, the standard library's name")
    } else {
        format!(
            "{path} (package `{}`) declares `standard-library = true`",
            m.name
        )
    }
}

/// A directory that claims to be the standard library, met where a package was expected (the
/// path of `ward check`, the package around the working directory, a package of the editor's
/// workspace). If it is a library that is the built-in one byte for byte, it is that library
/// and can be used as such; anything else is refused, with the problem to report.
pub fn implicit(
    dir: &Path,
    m: &manifest::Manifest,
    cwd: &Path,
    command: &str,
) -> Result<Library, Vec<Problem>> {
    let shown = display_path(cwd, dir);
    if m.name != ward_stdlib::PACKAGE || !m.standard_library {
        return Err(vec![problem(
            format!(
                "{}; a local package cannot be or replace the national library",
                claim(m, cwd)
            ),
            Some(
                "give the package its own name and remove `standard-library` from its ward.toml"
                    .into(),
            ),
        )]);
    }
    match from_dir(dir, cwd) {
        Ok(lib) if lib.identity.embedded => Ok(lib),
        Ok(lib) => Err(vec![problem(
            format!(
                "{shown} is a copy of the standard library that differs from the one built into this ward ({shown}: {}; built in: {}); a copy is used as the standard library only when named with --stdlib",
                lib.identity.hash, lib.identity.embedded_hash
            ),
            Some(format!(
                "to work on the library itself, run `ward {command} --stdlib {shown}`; every report then says it is not the built-in library"
            )),
        )]),
        Err(ps) => Err(ps),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_library_is_the_embedded_one() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../stdlib");
        let lib = select(&Choice::Dir(root.clone()), Path::new("/")).unwrap();
        assert!(lib.identity.embedded, "{:?}", lib.identity);
        assert_eq!(lib.identity.hash, embedded_hash());
        assert_eq!(lib.module_names().len(), ward_stdlib::modules().len());
        assert!(embedded_hash().starts_with("sha256:"));
    }
}
