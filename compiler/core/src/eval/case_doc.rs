//! The document tree both case readers build (JSON in `case_json`, YAML in `case_yaml`) and
//! the typed loader (`case`) reads: scalars, lists and maps, each with the line and column it
//! starts at. A map keeps its keys in order; a key given twice is refused here, naming both
//! places, so no reader can silently keep the first or the last. What reaches the typed loader
//! is plain data with no YAML left in it (no tags, anchors, aliases or merge keys).

use std::collections::HashMap;
use std::fmt;

pub use super::case::CaseError;
use crate::limits;

/// Where a value starts: 1-based line and column (columns count characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One value of the document.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

impl Node {
    /// The document as JSON: a YAML case file as the same case in JSON (the example of
    /// `ward serve`'s OpenAPI document, the load benchmark's body). A number JSON cannot hold
    /// (YAML's `.nan`, or one out of range) stays as the text written.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Int(i) => Value::from(*i),
            Kind::Number(s) | Kind::NonFinite(s) => serde_json::from_str(s)
                .ok()
                .unwrap_or_else(|| Value::String(s.clone())),
            Kind::Str { text, .. } => Value::String(text.clone()),
            Kind::List(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Kind::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect(),
            ),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    /// A whole number that fits 64 bits.
    Int(i64),
    /// Any other finite number, as written (`0.25`, `1e3`, `18446744073709551616`).
    Number(String),
    /// YAML's `.nan`, `.inf` and `-.inf`, as written: numbers no Ward type holds.
    NonFinite(String),
    /// Text; `quoted` when the file put it in quotes (always, in JSON).
    Str {
        text: String,
        quoted: bool,
    },
    List(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

/// One step of the path from the top of the document to a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// `data.flows[0].recipient`.
pub fn path_text(path: &[Seg]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// A problem a reader found; the same as the typed loader's.
pub type DocError = CaseError;

/// The problems found so far, at most `limits::MAX_CASE_ERRORS` of them kept: a file of a
/// million mistakes gives a hundred, and a count of the rest.
#[derive(Default)]
pub struct Problems {
    list: Vec<CaseError>,
    omitted: usize,
}

impl Problems {
    pub fn push(&mut self, e: CaseError) {
        if self.list.len() < limits::MAX_CASE_ERRORS {
            self.list.push(e);
        } else {
            self.omitted += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn extend(&mut self, more: Vec<CaseError>) {
        for e in more {
            self.push(e);
        }
    }

    /// The problems kept, and a last one counting those left out.
    pub fn finish(mut self) -> Vec<CaseError> {
        if self.omitted > 0 {
            self.list.push(CaseError {
                path: String::new(),
                message: format!(
                    "and {} more {} (only the first {} are listed)",
                    self.omitted,
                    if self.omitted == 1 {
                        "problem"
                    } else {
                        "problems"
                    },
                    limits::MAX_CASE_ERRORS
                ),
                help: None,
            });
        }
        self.list
    }
}

/// Maps with more keys than this are checked for duplicates by hashing, not by scanning.
const SCAN_KEYS: usize = 16;

/// A map being read: its entries so far, and an index of their keys once it is large.
#[derive(Default)]
pub struct MapBuilder {
    entries: Vec<Entry>,
    index: Option<HashMap<String, usize>>,
}

impl MapBuilder {
    /// The entry already holding `key`, if any.
    pub fn find(&mut self, key: &str) -> Option<&Entry> {
        if self.index.is_none() && self.entries.len() > SCAN_KEYS {
            let index = self
                .entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.key.clone(), i))
                .collect();
            self.index = Some(index);
        }
        match &self.index {
            Some(ix) => ix.get(key).map(|&i| &self.entries[i]),
            None => self.entries.iter().find(|e| e.key == key),
        }
    }

    /// Add an entry, or return the error for a key the map already has (the first is kept).
    /// `path` is the map's own.
    pub fn insert(&mut self, entry: Entry, path: &[Seg]) -> Result<(), CaseError> {
        if let Some(first) = self.find(&entry.key) {
            let mut full = path.to_vec();
            full.push(Seg::Key(entry.key.clone()));
            return Err(duplicate(&full, &entry.key, first.key_pos, entry.key_pos));
        }
        self.push(entry);
        Ok(())
    }

    /// Add an entry whose key the caller has found to be new.
    pub fn push(&mut self, entry: Entry) {
        if let Some(ix) = &mut self.index {
            ix.insert(entry.key.clone(), self.entries.len());
        }
        self.entries.push(entry);
    }

    pub fn finish(self) -> Vec<Entry> {
        self.entries
    }
}

/// The error for a key given twice; `path` ends with the key.
pub fn duplicate(path: &[Seg], key: &str, first: Pos, second: Pos) -> CaseError {
    CaseError {
        path: path_text(path),
        message: format!(
            "the key `{}` is given twice, at {first} and at {second}",
            shorten(key)
        ),
        help: Some("give each key once: a case file cannot say two things about one fact".into()),
    }
}

/// Text echoed in an error, cut to 60 characters (with its length) so a huge value in a case
/// never makes a huge message.
pub fn shorten(s: &str) -> String {
    const SHOWN: usize = 60;
    let mut chars = s.char_indices();
    match chars.nth(SHOWN) {
        None => s.to_string(),
        Some((cut, _)) => format!("{}… ({} characters)", &s[..cut], s.chars().count()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_shortened_with_its_length() {
        assert_eq!(shorten("short"), "short");
        let long = "x".repeat(4_000_000);
        let s = shorten(&long);
        assert!(s.starts_with(&"x".repeat(60)), "{s}");
        assert!(s.ends_with("… (4000000 characters)"), "{s}");
        assert_eq!(shorten(&"é".repeat(60)), "é".repeat(60));
    }

    #[test]
    fn large_maps_find_duplicates_by_hashing() {
        let mut m = MapBuilder::default();
        let entry = |k: String, line| Entry {
            key: k,
            key_pos: Pos { line, column: 1 },
            value: Node {
                pos: Pos::default(),
                kind: Kind::Null,
            },
        };
        for i in 0..1000 {
            m.insert(entry(format!("k{i}"), i + 1), &[]).unwrap();
        }
        let e = m.insert(entry("k3".into(), 2000), &[]).unwrap_err();
        assert_eq!(e.path, "k3");
        assert!(e.message.contains("at 4:1 and at 2000:1"), "{}", e.message);
    }
}
