//! A cited document: its text and what it is — a stable id, its title as published, its
//! publisher, version and address. Sources name a document by its file name (a contract that
//! reports keep); people are shown its title.

use std::collections::BTreeMap;

use crate::db::{Db, Workspace};

/// What a document is, for people and for reports.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DocumentInfo {
    /// The file name sources write in `document "…"`: `000_789ceead711778a6.txt`.
    pub file: String,
    /// A stable, readable name: `adopters-guidance`.
    pub id: String,
    /// The title as published: `All adopters' guidance`.
    pub title: String,
    pub publisher: String,
    /// The version or date as the document gives it (`updated 19 January 2021`), if it does.
    pub version: Option<String>,
    /// Where it is published, if the text says.
    pub url: Option<String>,
}

impl DocumentInfo {
    /// A document known only by its file name (a host with no registry entry for it).
    pub fn unnamed(file: &str) -> DocumentInfo {
        DocumentInfo {
            file: file.to_string(),
            id: file.to_string(),
            title: file.to_string(),
            publisher: String::new(),
            version: None,
            url: None,
        }
    }
}

/// One cited document, supplied by the host.
#[salsa::input(debug)]
pub struct Document {
    #[returns(ref)]
    pub info: DocumentInfo,
    #[returns(ref)]
    pub text: String,
}

/// The workspace's documents by file name.
#[salsa::tracked(returns(ref))]
pub fn document_index(db: &dyn Db, ws: Workspace) -> BTreeMap<String, Document> {
    ws.documents(db)
        .iter()
        .map(|d| (d.info(db).file.clone(), *d))
        .collect()
}

/// The document a source names, if the host supplied it.
pub fn document_named(db: &dyn Db, ws: Workspace, file: &str) -> Option<Document> {
    document_index(db, ws).get(file).copied()
}

/// A line as a reader sees it: markdown heading markers and emphasis removed. Headings and
/// `at` texts are compared in this form.
pub fn plain(line: &str) -> String {
    line.trim()
        .trim_start_matches('#')
        .replace("**", "")
        .trim()
        .to_string()
}

/// One line of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Byte offsets of the line in the document's text, without its line break.
    pub start: usize,
    pub end: usize,
    /// The line in [`plain`] form.
    pub plain: String,
    /// Marked up as a heading (`# …`) by the document itself.
    pub marked: bool,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.plain.is_empty()
    }
}

/// A document's lines, computed once per text.
#[salsa::tracked(returns(ref))]
pub fn lines(db: &dyn Db, doc: Document) -> Vec<Line> {
    let text = doc.text(db);
    let mut out = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let body = raw.trim_end_matches(['\n', '\r']);
        out.push(Line {
            start,
            end: start + body.len(),
            plain: plain(body),
            marked: body.trim_start().starts_with('#'),
        });
        start += raw.len();
    }
    out
}
