//! `ward.toml`: a package's name, version, exported modules and dependencies. Errors carry the
//! byte span of the offending value, so they render like errors in policy.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

/// A problem in a manifest or lockfile, with where it is.
#[derive(Clone, Debug)]
pub struct FileError {
    pub path: PathBuf,
    pub text: String,
    pub span: Option<std::ops::Range<usize>>,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

impl FileError {
    /// The diagnostic code a file error is reported with.
    pub const CODE: &'static str = "ward::package";
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    package: Spanned<RawPackage>,
    #[serde(default)]
    dependencies: BTreeMap<String, Spanned<RawDependency>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPackage {
    name: Spanned<String>,
    version: Spanned<String>,
    #[serde(default)]
    description: Option<String>,
    /// The directory holding the modules, relative to the manifest (default: the manifest's).
    #[serde(default)]
    src: Option<Spanned<String>>,
    #[serde(default)]
    exports: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    standard_library: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawDependency {
    /// `nhs = "^0.1"`
    Version(String),
    Detailed(RawDetailed),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDetailed {
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    git: Option<String>,
    #[serde(default)]
    tag: Option<String>,
    #[serde(default)]
    rev: Option<String>,
    #[serde(default)]
    version: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The standard library built into this `ward`.
    Stdlib,
    Path(PathBuf),
    Git {
        url: String,
        reference: GitRef,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GitRef {
    Tag(String),
    Rev(String),
}

impl Source {
    /// The source as written in the lockfile: `path+../regional`, `git+file:///…?tag=v1`.
    pub fn lock_text(&self) -> String {
        match self {
            Source::Stdlib => "builtin".into(),
            Source::Path(p) => format!("path+{}", p.display()),
            Source::Git {
                url,
                reference: GitRef::Tag(t),
            } => format!("git+{url}?tag={t}"),
            Source::Git {
                url,
                reference: GitRef::Rev(r),
            } => format!("git+{url}?rev={r}"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Dependency {
    pub name: String,
    pub source: Source,
    pub requirement: Option<semver::VersionReq>,
    pub requirement_text: Option<String>,
    pub span: std::ops::Range<usize>,
}

#[derive(Clone, Debug)]
pub struct Manifest {
    pub path: PathBuf,
    pub text: String,
    pub name: String,
    pub name_span: std::ops::Range<usize>,
    pub version: semver::Version,
    pub description: Option<String>,
    /// The directory whose `.ward` files are the package's modules.
    pub src: PathBuf,
    /// Where `src` is written in the manifest, if it is.
    pub src_span: Option<std::ops::Range<usize>>,
    /// Modules other packages may import (`None`: all).
    pub exports: Option<Vec<String>>,
    /// Where each of `exports` is written.
    pub export_spans: Vec<std::ops::Range<usize>>,
    /// `standard-library = true`: the package says it is the national library. Only
    /// `--stdlib DIR` loads such a package (see [`crate::stdlib`]); anywhere else it is refused.
    pub standard_library: bool,
    pub dependencies: Vec<Dependency>,
}

impl Manifest {
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Does the package claim to be the standard library (named `nhs`, or
    /// `standard-library = true`)?
    pub fn claims_stdlib(&self) -> bool {
        self.name == ward_stdlib::PACKAGE || self.standard_library
    }

    pub fn exports_module(&self, module: &str) -> bool {
        self.exports
            .as_ref()
            .is_none_or(|e| e.iter().any(|m| m == module))
    }
}

pub fn valid_name(n: &str) -> bool {
    n.starts_with(|c: char| c.is_ascii_lowercase())
        && n.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Read `dir/ward.toml`, if there is one. A manifest that is there but cannot be read (not a
/// regular file, too large, not UTF-8, unreadable) is an error, never taken as absent; so is a
/// `src` that is not a directory inside the package.
pub fn read(dir: &Path) -> Result<Option<Manifest>, FileError> {
    let path = dir.join("ward.toml");
    let text = match read_package_file(&path, ward_core::limits::MAX_MANIFEST_BYTES)? {
        Some(t) => t,
        None => return Ok(None),
    };
    let m = parse(&path, &text)?;
    check_src(&m)?;
    Ok(Some(m))
}

/// A relative path as written in a manifest, with `\` read as `/`: a `ward.toml` written on
/// Windows (`path = "..\\regional"`) then means the same on every platform, and the lock
/// records it one way (`path+../regional`) wherever it was written.
fn portable(written: &str) -> PathBuf {
    PathBuf::from(written.replace('\\', "/"))
}

/// The text of a `ward.toml` or `ward.lock` at `path`: `None` if nothing is there at all;
/// an error naming the file if something is there that cannot be read as text.
pub(crate) fn read_package_file(path: &Path, limit: usize) -> Result<Option<String>, FileError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    match crate::fsread::read_text(path, limit) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.is_not_found() && std::fs::symlink_metadata(path).is_err() => Ok(None),
        Err(e) => {
            let what = if e.is_not_found() {
                "is a symbolic link to nothing".to_string()
            } else {
                e.to_string()
            };
            // Rendered after the path: `trust/ward.toml: the file is a named pipe …`.
            Err(FileError {
                path: path.to_path_buf(),
                text: String::new(),
                span: None,
                message: format!("the file {what}"),
                label: String::new(),
                help: Some(format!(
                    "{name} must be a readable UTF-8 text file of at most {}",
                    crate::fsread::size(limit)
                )),
            })
        }
    }
}

/// `src` must be a directory inside the package (so a walk of it stays in the package).
fn check_src(m: &Manifest) -> Result<(), FileError> {
    let err = |message: String, help: &str| FileError {
        path: m.path.clone(),
        text: m.text.clone(),
        span: m.src_span.clone(),
        message,
        label: "here".into(),
        help: Some(help.into()),
    };
    let shown = m
        .src_span
        .as_ref()
        .map(|r| m.text[r.clone()].trim_matches('"').to_string());
    let shown = shown.unwrap_or_else(|| ".".into());
    if !m.src.is_dir() {
        return Err(err(
            format!("`src` names `{shown}`, which is not a directory"),
            "`src` is the directory of the package's modules, relative to ward.toml",
        ));
    }
    let (Ok(src), Ok(dir)) = (m.src.canonicalize(), m.dir().canonicalize()) else {
        return Ok(());
    };
    if !src.starts_with(&dir) {
        return Err(err(
            format!("`src` names `{shown}`, which is outside the package"),
            "`src` must be the package's directory or a directory inside it",
        ));
    }
    Ok(())
}

pub fn parse(path: &Path, text: &str) -> Result<Manifest, FileError> {
    let err = |span: Option<std::ops::Range<usize>>,
               message: String,
               label: &str,
               help: Option<String>| FileError {
        path: path.to_path_buf(),
        text: text.to_string(),
        span,
        message,
        label: label.to_string(),
        help,
    };
    let raw: RawManifest = toml::from_str(text).map_err(|e| {
        let message = e.message().to_string();
        let help = if message.contains("unknown field") {
            Some("a manifest has `[package]` (name, version, description, src, exports, standard-library) and `[dependencies]`".into())
        } else if message.contains("missing field") {
            Some("`[package]` needs at least `name` and `version`".into())
        } else {
            None
        };
        err(e.span(), format!("ward.toml: {message}"), "here", help)
    })?;
    let pkg = raw.package.into_inner();
    let name = pkg.name.get_ref().clone();
    if !valid_name(&name) {
        return Err(err(
            Some(pkg.name.span()),
            format!("`{name}` is not a package name"),
            "invalid name",
            Some("package names are lowercase letters, digits and underscores, starting with a letter: they begin every module name".into()),
        ));
    }
    let version = semver::Version::parse(pkg.version.get_ref()).map_err(|e| {
        err(
            Some(pkg.version.span()),
            format!("`{}` is not a version: {e}", pkg.version.get_ref()),
            "not a semantic version",
            Some("write versions as MAJOR.MINOR.PATCH, for example \"1.0.0\"".into()),
        )
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let src_span = pkg.src.as_ref().map(|s| s.span());
    let src = match pkg.src.as_ref().map(|s| s.get_ref().as_str()) {
        None | Some(".") | Some("") => dir.to_path_buf(),
        Some(s) => dir.join(portable(s)),
    };
    let mut dependencies = Vec::new();
    for (dep_name, spanned) in raw.dependencies {
        let span = spanned.span();
        let (source, req_text) = match spanned.into_inner() {
            RawDependency::Version(v) if dep_name == ward_stdlib::PACKAGE => {
                (Source::Stdlib, Some(v))
            }
            RawDependency::Version(_) => {
                return Err(err(
                    Some(span),
                    format!(
                        "dependency `{dep_name}` says only a version, but Ward has no package registry"
                    ),
                    "no source",
                    Some(format!(
                        "give a path or a git repository: `{dep_name} = {{ path = \"../{dep_name}\" }}`"
                    )),
                ));
            }
            RawDependency::Detailed(_) if dep_name == ward_stdlib::PACKAGE => {
                return Err(err(
                    Some(span),
                    "the standard library `nhs` is built into ward; it cannot come from a path or a git repository".into(),
                    "not allowed for `nhs`",
                    Some("write the version it needs, for example `nhs = \"^0.1\"`; to work on the library itself, pass it with `--stdlib DIR`".into()),
                ));
            }
            RawDependency::Detailed(d) => {
                let source = match (d.path, d.git, d.tag, d.rev) {
                    (Some(p), None, None, None) => Source::Path(portable(&p)),
                    (None, Some(url), Some(tag), None) => Source::Git {
                        url,
                        reference: GitRef::Tag(tag),
                    },
                    (None, Some(url), None, Some(rev)) => Source::Git {
                        url,
                        reference: GitRef::Rev(rev),
                    },
                    (None, Some(_), None, None) => {
                        return Err(err(
                            Some(span),
                            format!("git dependency `{dep_name}` names no tag or revision"),
                            "unpinned",
                            Some("pin it: `tag = \"v1.0.0\"` or `rev = \"<commit>\"`".into()),
                        ));
                    }
                    _ => {
                        return Err(err(
                            Some(span),
                            format!("dependency `{dep_name}` must have exactly one source"),
                            "ambiguous source",
                            Some(
                                "use `path = \"…\"`, or `git = \"…\"` with one of `tag` or `rev`"
                                    .into(),
                            ),
                        ));
                    }
                };
                if let Source::Git { url, reference } = &source {
                    let checked = crate::git::check_url(url).and_then(|_| match reference {
                        GitRef::Tag(t) => crate::git::check_tag(t),
                        GitRef::Rev(r) => crate::git::check_short_revision(r),
                    });
                    if let Err(why) = checked {
                        return Err(err(
                            Some(span),
                            format!("git dependency `{dep_name}`: {why}"),
                            "refused",
                            None,
                        ));
                    }
                }
                (source, d.version)
            }
        };
        if !valid_name(&dep_name) {
            return Err(err(
                Some(span),
                format!("`{dep_name}` is not a package name"),
                "invalid name",
                None,
            ));
        }
        let requirement = match &req_text {
            Some(t) => Some(semver::VersionReq::parse(t).map_err(|e| {
                err(
                    Some(span.clone()),
                    format!("`{t}` is not a version requirement: {e}"),
                    "bad requirement",
                    Some("for example \"^1.2\" or \">=1.0, <2.0\"".into()),
                )
            })?),
            None => None,
        };
        dependencies.push(Dependency {
            name: dep_name,
            source,
            requirement,
            requirement_text: req_text,
            span,
        });
    }
    let export_spans = pkg
        .exports
        .as_ref()
        .map(|es| es.iter().map(|e| e.span()).collect())
        .unwrap_or_default();
    let exports = pkg
        .exports
        .map(|es| es.into_iter().map(|e| e.into_inner()).collect());
    Ok(Manifest {
        path: path.to_path_buf(),
        text: text.to_string(),
        name_span: pkg.name.span(),
        name,
        version,
        description: pkg.description,
        src,
        src_span,
        exports,
        export_spans,
        standard_library: pkg.standard_library,
        dependencies,
    })
}
