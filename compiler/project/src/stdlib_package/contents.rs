//! What a package may hold, and what its files mean: the library's modules (`nhs/….ward`), the
//! registry of the documents it cites (`guidance/documents.toml`) and those documents
//! (`guidance/*.txt`). Any other path — absolute, with `..`, a hidden file, another kind of
//! file, a name twice — is refused, and so is a document the registry does not list or a
//! listed one that is missing, exactly as the build refuses them for the built-in library.

use std::collections::BTreeSet;
use std::path::Path;

use ward_core::citations::DocumentInfo;

use super::format::Entry;
use super::refusal::Refusal;

/// Where the document registry lives in a library.
pub const REGISTRY: &str = "guidance/documents.toml";
/// The largest document Ward reads from a package.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// A package's files, understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contents {
    /// (path in the library, text): `("nhs/data/dpia.ward", "…")`, as `ward_stdlib::modules`.
    pub modules: Vec<(String, String)>,
    pub documents: Vec<(DocumentInfo, String)>,
}

impl Contents {
    /// `sha256:` of the modules: the library's identity.
    pub fn hash(&self) -> String {
        crate::stdlib::digest(self.modules.iter().map(|(p, t)| (p.clone(), t.as_bytes())))
    }
}

/// What a path in a package is.
enum Kind {
    Module,
    Registry,
    Document(String),
}

fn plain_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// What `path` is, or why a library may not hold it.
fn kind(path: &str) -> Result<Kind, String> {
    if path.is_empty() || path.starts_with('/') || path.contains('\\') || path.contains(':') {
        return Err(format!(
            "`{path}`: a path in a package is relative, with `/`"
        ));
    }
    let parts: Vec<&str> = path.split('/').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || *p == "." || *p == "..")
    {
        return Err(format!(
            "`{path}`: a path in a package has no empty, `.` or `..` parts"
        ));
    }
    match parts.as_slice() {
        ["guidance", "documents.toml"] => Ok(Kind::Registry),
        ["guidance", file] if file.ends_with(".txt") && plain_name(file) => {
            Ok(Kind::Document(file.to_string()))
        }
        [first, rest @ ..]
            if *first == ward_stdlib::PACKAGE
                && !rest.is_empty()
                && path.ends_with(".ward")
                && ward_core::db::module_name_for(Path::new(&rest.join("/"))).is_some() =>
        {
            Ok(Kind::Module)
        }
        _ => Err(format!(
            "`{path}`: a library package holds only modules (`nhs/….ward`, named with letters, digits and underscores), `{REGISTRY}` and the documents it lists (`guidance/*.txt`)"
        )),
    }
}

fn text(e: &Entry, limit: usize) -> Result<String, Refusal> {
    if e.bytes.len() > limit {
        return Err(Refusal::Payload(format!(
            "`{}` is larger than {}, the most Ward reads",
            e.path,
            crate::fsread::size(limit)
        )));
    }
    String::from_utf8(e.bytes.clone())
        .map_err(|_| Refusal::Payload(format!("`{}` is not UTF-8 text", e.path)))
}

/// The files of a package, checked and understood.
pub fn contents(entries: &[Entry]) -> Result<Contents, Refusal> {
    let mut seen = BTreeSet::new();
    let mut modules = Vec::new();
    let mut registry = None;
    let mut texts = Vec::new();
    for e in entries {
        if !seen.insert(e.path.as_str()) {
            return Err(Refusal::Payload(format!(
                "`{}` is in the package twice",
                e.path
            )));
        }
        match kind(&e.path).map_err(Refusal::Payload)? {
            Kind::Module => modules.push((
                e.path.clone(),
                text(e, ward_core::limits::MAX_SOURCE_BYTES)?,
            )),
            Kind::Registry => registry = Some(text(e, MAX_DOCUMENT_BYTES)?),
            Kind::Document(file) => texts.push((file, text(e, MAX_DOCUMENT_BYTES)?)),
        }
    }
    if modules.is_empty() {
        return Err(Refusal::Payload("the package has no modules".into()));
    }
    let registry =
        registry.ok_or_else(|| Refusal::Payload(format!("the package has no `{REGISTRY}`")))?;
    let infos =
        parse_registry(&registry).map_err(|e| Refusal::Payload(format!("{REGISTRY}: {e}")))?;
    let mut documents = Vec::new();
    for info in infos {
        let Some(i) = texts.iter().position(|(f, _)| *f == info.file) else {
            return Err(Refusal::Payload(format!(
                "{REGISTRY} lists `{}`, which is not in the package",
                info.file
            )));
        };
        let (_, text) = texts.swap_remove(i);
        documents.push((info, text));
    }
    if let Some((file, _)) = texts.first() {
        return Err(Refusal::Payload(format!(
            "`guidance/{file}` has no entry in {REGISTRY}"
        )));
    }
    modules.sort_by(|a, b| Path::new(&a.0).cmp(Path::new(&b.0)));
    documents.sort_by(|a, b| a.0.file.cmp(&b.0.file));
    Ok(Contents { modules, documents })
}

/// The entries of a document registry, checked as the build checks the built-in one.
pub fn parse_registry(text: &str) -> Result<Vec<DocumentInfo>, String> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| e.message().to_string())?;
    let Some(list) = table.get("document") else {
        return Ok(Vec::new());
    };
    let list = list
        .as_array()
        .ok_or("`document` must be an array of tables ([[document]])")?;
    let mut out: Vec<DocumentInfo> = Vec::new();
    for (n, entry) in list.iter().enumerate() {
        let n = n + 1;
        let entry = entry
            .as_table()
            .ok_or_else(|| format!("document {n} is not a table"))?;
        let field = |key: &str| -> Result<Option<String>, String> {
            match entry.get(key) {
                None => Ok(None),
                Some(v) => match v.as_str() {
                    Some(s) if !s.trim().is_empty() => Ok(Some(s.to_string())),
                    _ => Err(format!("document {n}: `{key}` must be a non-empty string")),
                },
            }
        };
        let need =
            |key: &str| field(key)?.ok_or_else(|| format!("document {n}: `{key}` is required"));
        let info = DocumentInfo {
            file: need("file")?,
            id: need("id")?,
            title: need("title")?,
            publisher: need("publisher")?,
            version: field("version")?,
            url: field("url")?,
        };
        if !info.file.ends_with(".txt") || !plain_name(&info.file) {
            return Err(format!(
                "document {n}: `file` `{}` is not a file in guidance/",
                info.file
            ));
        }
        if out.iter().any(|d| d.id == info.id || d.file == info.file) {
            return Err(format!("document {n}: its id or file is listed twice"));
        }
        out.push(info);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, text: &str) -> Entry {
        Entry {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    const REG: &str =
        "[[document]]\nfile = \"a.txt\"\nid = \"a\"\ntitle = \"A\"\npublisher = \"P\"\n";

    #[test]
    fn paths_outside_the_library_are_refused() {
        for bad in [
            "/etc/passwd",
            "../nhs/a.ward",
            "nhs/../../a.ward",
            "nhs//a.ward",
            "nhs/./a.ward",
            "nhs/a.toml",
            "nhs/a-b.ward",
            "nhs/.hidden.ward",
            "north/a.ward",
            "guidance/../a.txt",
            "guidance/.a.txt",
            "C:/nhs/a.ward",
            "nhs\\a.ward",
            "ward.toml",
        ] {
            let entries = [
                entry(bad, "x"),
                entry(REGISTRY, REG),
                entry("guidance/a.txt", "t"),
            ];
            let err = contents(&entries).unwrap_err();
            assert!(matches!(err, Refusal::Payload(_)), "{bad}: {err}");
        }
    }

    #[test]
    fn documents_must_match_the_registry() {
        let good = [
            entry("nhs/a.ward", "module"),
            entry(REGISTRY, REG),
            entry("guidance/a.txt", "t"),
        ];
        let c = contents(&good).unwrap();
        assert_eq!(c.documents[0].0.id, "a");
        assert!(contents(&good[..2]).is_err());
        let extra = [
            good[0].clone(),
            good[1].clone(),
            good[2].clone(),
            entry("guidance/b.txt", "u"),
        ];
        assert!(contents(&extra).is_err());
        let twice = [
            good[0].clone(),
            good[0].clone(),
            good[1].clone(),
            good[2].clone(),
        ];
        assert!(contents(&twice).is_err());
    }
}
