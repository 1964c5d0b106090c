//! Embeds every `.ward` module under `nhs/` and every guidance text under `guidance/`, with its
//! entry in `guidance/documents.toml`, so the `ward` binary carries the standard library and
//! the documents it cites. A guidance file without an entry (or an entry without a file, or a
//! repeated id) stops the build: no document reaches a user without a title.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, ext, out);
        } else if p.extension().and_then(|e| e.to_str()) == Some(ext) {
            out.push(p);
        }
    }
}

fn relative(root: &Path, f: &Path) -> String {
    f.strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// A string field of a registry entry; `None` when absent, a build error when not a string.
fn field(entry: &toml::Table, n: usize, key: &str) -> Option<String> {
    entry.get(key).map(|v| match v.as_str() {
        Some(s) if !s.trim().is_empty() => s.to_string(),
        _ => panic!("guidance/documents.toml: document {n}: `{key}` must be a non-empty string"),
    })
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn documents(root: &Path, code: &mut String) {
    let registry_path = root.join("guidance/documents.toml");
    println!("cargo:rerun-if-changed={}", registry_path.display());
    let text = std::fs::read_to_string(&registry_path)
        .unwrap_or_else(|e| panic!("{}: {e}", registry_path.display()));
    let registry: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("guidance/documents.toml: {e}"));
    let entries: Vec<&toml::Table> = registry
        .get("document")
        .and_then(|d| d.as_array())
        .map(|a| {
            a.iter()
                .map(|v| v.as_table().expect("each [[document]] is a table"))
                .collect()
        })
        .unwrap_or_default();
    let mut files = Vec::new();
    walk(&root.join("guidance"), "txt", &mut files);
    let on_disk: BTreeSet<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    let mut ids = BTreeSet::new();
    let mut listed = BTreeSet::new();
    writeln!(code, "pub static DOCUMENTS: &[Embedded] = &[").unwrap();
    for (n, entry) in entries.iter().enumerate() {
        let n = n + 1;
        let need = |key: &str| {
            field(entry, n, key).unwrap_or_else(|| {
                panic!("guidance/documents.toml: document {n}: `{key}` is required")
            })
        };
        let file = need("file");
        let id = need("id");
        assert!(
            is_id(&id),
            "guidance/documents.toml: `{id}` is not an id: use lower-case kebab-case"
        );
        assert!(
            ids.insert(id.clone()),
            "guidance/documents.toml: the id `{id}` is used twice"
        );
        assert!(
            on_disk.contains(&file),
            "guidance/documents.toml: `{file}` is not a file in guidance/"
        );
        assert!(
            listed.insert(file.clone()),
            "guidance/documents.toml: `{file}` is listed twice"
        );
        let path = files
            .iter()
            .find(|f| f.file_name().unwrap().to_string_lossy() == file.as_str())
            .unwrap();
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            code,
            "    Embedded {{ path: {:?}, file: {file:?}, id: {id:?}, title: {:?}, publisher: {:?}, version: {:?}, url: {:?}, text: include_str!({:?}) }},",
            relative(root, path),
            need("title"),
            need("publisher"),
            field(entry, n, "version"),
            field(entry, n, "url"),
            path.display().to_string()
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();
    if let Some(missing) = on_disk.difference(&listed).next() {
        panic!(
            "guidance/{missing} has no entry in guidance/documents.toml (give it an id and a title)"
        );
    }
}

/// The library's version, from its `ward.toml`: what an installed package must be newer than.
fn library_version(root: &Path, code: &mut String) {
    let path = root.join("ward.toml");
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let table: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("stdlib/ward.toml: {e}"));
    let version = table
        .get("package")
        .and_then(|p| p.get("version"))
        .and_then(|v| v.as_str())
        .expect("stdlib/ward.toml: [package] version is required");
    writeln!(code, "pub static LIBRARY_VERSION: &str = {version:?};").unwrap();
}

/// The public keys in `keys/*.pub`: the keys a signed library package must be signed with.
fn trusted_keys(root: &Path, code: &mut String) {
    let mut files = Vec::new();
    walk(&root.join("keys"), "pub", &mut files);
    println!("cargo:rerun-if-changed={}", root.join("keys").display());
    writeln!(code, "pub static TRUSTED_KEYS: &[(&str, &str)] = &[").unwrap();
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        writeln!(
            code,
            "    ({:?}, include_str!({:?})),",
            relative(root, &f),
            f.display().to_string()
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut code = String::new();
    let mut files = Vec::new();
    walk(&root.join("nhs"), "ward", &mut files);
    println!("cargo:rerun-if-changed={}", root.join("nhs").display());
    println!("cargo:rerun-if-changed={}", root.join("guidance").display());
    writeln!(code, "pub static MODULES: &[(&str, &str)] = &[").unwrap();
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        writeln!(
            code,
            "    ({:?}, include_str!({:?})),",
            relative(&root, &f),
            f.display().to_string()
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();
    documents(&root, &mut code);
    library_version(&root, &mut code);
    trusted_keys(&root, &mut code);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(out, code).unwrap();
}
