//! Test fixtures: Ward text with a cursor, as one file or several.
//!
//! ```text
//! //- /trust/common.ward
//! def big = supplier.contract_value > 10000
//! //- /trust/ai.ward
//! use trust.common.{big}
//! rule r { level local when b$0ig then require dpia }
//! ```
//!
//! A `//- /package/path.ward` line starts a file; its module name comes from the path
//! (`/trust/data/dpia.ward` is `trust.data.dpia`, in package `trust`), as a package's files
//! are named below its root. Text with no header is one file, `/trust/main.ward`. `$0` marks
//! the cursor; two `$0` mark a range. Markers are removed before the text is loaded, and at
//! most one file may have them. The host passed in typically already holds the embedded
//! standard library, so fixtures are checked exactly as a trust's package would be.

use smol_str::SmolStr;
use ward_core::{Host, Origin, SourceFile};
use ward_syntax::Span;

use crate::{Analysis, FilePosition, FileSpan};

/// The cursor marker.
pub const CURSOR: &str = "$0";

/// A fixture loaded into a host.
pub struct Fixture {
    pub host: Host,
    /// Each file of the fixture, as (module, file), in the order written.
    pub files: Vec<(SmolStr, SourceFile)>,
    /// The file with the markers and their offsets (one: a cursor; two: a range).
    marked: Option<(SourceFile, Vec<usize>)>,
}

/// One file of a fixture before loading: path, module name and text without markers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixtureFile {
    pub path: String,
    pub module: String,
    pub package: String,
    pub text: String,
    pub markers: Vec<usize>,
}

/// The file a fixture without headers is.
pub const DEFAULT_PATH: &str = "/trust/main.ward";

/// Split fixture text at its `//- /path` header lines into (path, text), in the order written.
/// Text before the first header (blank lines aside) is [`DEFAULT_PATH`]. Files of any kind may
/// be written (`//- /trust/ward.toml`); the diagnostics fixtures in `tests/` share this format.
pub fn split(fixture: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Vec::new();
    for line in fixture.split_inclusive('\n') {
        if let Some(path) = line.trim_end().strip_prefix("//- ") {
            files.push((path.trim().to_string(), String::new()));
        } else {
            if files.is_empty() {
                if line.trim().is_empty() {
                    continue;
                }
                files.push((DEFAULT_PATH.to_string(), String::new()));
            }
            files.last_mut().unwrap().1.push_str(line);
        }
    }
    files
}

/// Split fixture text into `.ward` files and find the markers. Panics (it is for tests) on a
/// header that is not `//- /package/….ward` or on markers in more than one file.
pub fn parse(fixture: &str) -> Vec<FixtureFile> {
    let files = split(fixture);
    let out: Vec<FixtureFile> = files
        .into_iter()
        .map(|(path, raw)| {
            let rel = path
                .strip_prefix('/')
                .and_then(|p| p.strip_suffix(".ward"))
                .unwrap_or_else(|| {
                    panic!("fixture header `{path}`: write `//- /package/name.ward`")
                });
            let package = rel.split('/').next().unwrap_or_default().to_string();
            assert!(
                rel.contains('/'),
                "fixture header `{path}`: the first directory is the package"
            );
            let mut text = String::with_capacity(raw.len());
            let mut markers = Vec::new();
            let mut rest = raw.as_str();
            while let Some(i) = rest.find(CURSOR) {
                text.push_str(&rest[..i]);
                markers.push(text.len());
                rest = &rest[i + CURSOR.len()..];
            }
            text.push_str(rest);
            FixtureFile {
                module: rel.replace('/', "."),
                package,
                path: path.trim_start_matches('/').to_string(),
                text,
                markers,
            }
        })
        .collect();
    assert!(
        out.iter().filter(|f| !f.markers.is_empty()).count() <= 1,
        "markers may be in one file only"
    );
    out
}

impl Fixture {
    /// Load `fixture` into `host`: each file as a module of its package (the project being
    /// checked, as the editor's open folder would be).
    pub fn load(mut host: Host, fixture: &str) -> Fixture {
        let mut files = Vec::new();
        let mut marked = None;
        for f in parse(fixture) {
            let sf = host.set_file(
                &f.module,
                &f.path,
                f.text,
                Origin::root(&f.package, "1.0.0"),
            );
            if !f.markers.is_empty() {
                marked = Some((sf, f.markers));
            }
            files.push((SmolStr::new(&f.module), sf));
        }
        Fixture {
            host,
            files,
            marked,
        }
    }

    /// A snapshot of the loaded host, with the standard library read-only (as the editor
    /// shows the embedded library).
    pub fn analysis(&self) -> Analysis {
        let db = self.host.db();
        let stdlib: Vec<SmolStr> = self
            .host
            .files()
            .filter(|(_, f)| f.origin(db).is_stdlib())
            .map(|(m, _)| m.clone())
            .collect();
        Analysis::new(db.clone(), self.host.workspace()).with_read_only(stdlib)
    }

    /// The module of that name.
    pub fn file(&self, module: &str) -> SourceFile {
        self.files
            .iter()
            .find(|(m, _)| m == module)
            .map(|(_, f)| *f)
            .unwrap_or_else(|| panic!("no module `{module}` in the fixture"))
    }

    /// The file the markers are in (the first file when there are none).
    pub fn marked_file(&self) -> SourceFile {
        self.marked
            .as_ref()
            .map(|(f, _)| *f)
            .unwrap_or_else(|| self.files[0].1)
    }

    /// The `$0` cursor.
    pub fn position(&self) -> FilePosition {
        match &self.marked {
            Some((file, m)) if m.len() == 1 => FilePosition {
                file: *file,
                offset: m[0],
            },
            _ => panic!("the fixture needs exactly one `$0`"),
        }
    }

    /// The `$0…$0` range.
    pub fn range(&self) -> FileSpan {
        match &self.marked {
            Some((file, m)) if m.len() == 2 => FileSpan {
                file: *file,
                span: Span::new(m[0], m[1]),
            },
            _ => panic!("the fixture needs two `$0` around a range"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_files_of_any_kind_in_order() {
        let files = split("//- /trust/ward.toml\n[package]\n//- /trust/a.ward\ndef x = true\n");
        assert_eq!(
            files,
            [
                ("/trust/ward.toml".to_string(), "[package]\n".to_string()),
                ("/trust/a.ward".to_string(), "def x = true\n".to_string()),
            ]
        );
        assert_eq!(split("\ndef x = true\n")[0].0, DEFAULT_PATH);
    }

    #[test]
    fn files_modules_and_markers() {
        let files =
            parse("//- /trust/a.ward\nfact x: bool\n//- /trust/data/b.ward\ndef y = $0x$0\n");
        assert_eq!(files.len(), 2);
        assert_eq!(
            (
                files[0].module.as_str(),
                files[0].package.as_str(),
                files[0].path.as_str()
            ),
            ("trust.a", "trust", "trust/a.ward")
        );
        assert_eq!(files[0].text, "fact x: bool\n");
        assert_eq!(files[1].module, "trust.data.b");
        assert_eq!(files[1].text, "def y = x\n");
        assert_eq!(files[1].markers, [8, 9]);
        let one = parse("\nfact x: bool$0\n");
        assert_eq!(
            (one[0].module.as_str(), one[0].markers.as_slice()),
            ("trust.main", [12].as_slice())
        );
    }
}
