//! `ward stdlib pack`: a library directory (the repository's `stdlib/`, with its `ward.toml`,
//! its modules below `src` and `guidance/documents.toml` with the documents it lists) made into
//! an unsigned package. The files are read through [`crate::fsread`] and [`crate::walk`] like
//! every other file Ward reads, and checked by the same [`contents`](super::contents) check that
//! loading applies, so a package that packs is one that loads once signed.

use std::path::Path;

use super::contents::{MAX_DOCUMENT_BYTES, REGISTRY, contents, parse_registry};
use super::format::{self, Entry};
use super::manifest::PackageManifest;
use crate::paths::display_path;
use crate::resolve::Problem;

/// An unsigned package and its manifest.
pub struct Packed {
    pub bytes: Vec<u8>,
    pub manifest: PackageManifest,
}

fn problem(message: String) -> Problem {
    Problem::Message {
        message,
        help: None,
    }
}

/// Pack the library in `dir`; `created` is the day (YYYY-MM-DD).
pub fn pack(dir: &Path, cwd: &Path, created: &str) -> Result<Packed, Vec<Problem>> {
    let shown = |p: &Path| display_path(cwd, p);
    let m = match crate::manifest::read(dir) {
        Ok(Some(m)) => m,
        Ok(None) => {
            return Err(vec![problem(format!(
                "{}: there is no ward.toml",
                shown(dir)
            ))]);
        }
        Err(e) => return Err(vec![Problem::File(e)]),
    };
    if m.name != ward_stdlib::PACKAGE || !m.standard_library {
        return Err(vec![Problem::Message {
            message: format!(
                "{}: package `{}` is not the standard library",
                shown(&m.path),
                m.name
            ),
            help: Some("a library package is packed from a directory whose ward.toml says `name = \"nhs\"` and `standard-library = true`".into()),
        }]);
    }
    let listing = crate::walk::ward_files(&m.src);
    let mut problems: Vec<Problem> = listing
        .problems
        .iter()
        .map(|p| Problem::Message {
            message: p.describe(&|q| display_path(cwd, q)),
            help: p.help(),
        })
        .collect();
    let mut entries = Vec::new();
    for file in &listing.paths {
        let rel = file
            .strip_prefix(&m.src)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        match crate::fsread::read_policy(file) {
            Ok(bytes) => entries.push(Entry {
                path: format!("{}/{rel}", ward_stdlib::PACKAGE),
                bytes,
            }),
            Err(e) => problems.push(problem(format!("{}: {e}", shown(file)))),
        }
    }
    let registry_path = dir.join(REGISTRY);
    match crate::fsread::read_text(&registry_path, MAX_DOCUMENT_BYTES) {
        Ok(text) => match parse_registry(&text) {
            Ok(infos) => {
                for info in infos {
                    let path = dir.join("guidance").join(&info.file);
                    match crate::fsread::read_bounded(&path, MAX_DOCUMENT_BYTES) {
                        Ok(bytes) => entries.push(Entry {
                            path: format!("guidance/{}", info.file),
                            bytes,
                        }),
                        Err(e) => problems.push(problem(format!("{}: {e}", shown(&path)))),
                    }
                }
                entries.push(Entry {
                    path: REGISTRY.into(),
                    bytes: text.into_bytes(),
                });
            }
            Err(e) => problems.push(problem(format!("{}: {e}", shown(&registry_path)))),
        },
        Err(e) => problems.push(problem(format!("{}: {e}", shown(&registry_path)))),
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let checked = contents(&entries).map_err(|e| vec![problem(format!("{}: {e}", shown(dir)))])?;
    let manifest = PackageManifest {
        format: format::FORMAT,
        name: ward_stdlib::PACKAGE.into(),
        version: m.version.to_string(),
        created: created.to_string(),
        hash: checked.hash(),
        files: entries.len(),
    };
    let bytes = format::encode(&manifest.to_text(), &entries)
        .map_err(|e| vec![problem(format!("{}: {e}", shown(dir)))])?;
    Ok(Packed { bytes, manifest })
}
