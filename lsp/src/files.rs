//! The module ↔ document table the server keeps beside the compiler's database: which file
//! or URI each module is shown as, which documents are open at which version, which are the
//! library's read-only copy, and where the cited guidance documents are on disk.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use smol_str::SmolStr;
use tower_lsp_server::ls_types::Uri;

use crate::convert;

/// How a document is identified: by its file path when it has one (clients spell the same
/// `file:` URI in different ways), otherwise by its URI (`untitled:` buffers).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DocKey {
    Path(PathBuf),
    Uri(String),
}

impl DocKey {
    pub fn of(uri: &Uri) -> DocKey {
        match convert::uri_to_path(uri) {
            Some(p) => DocKey::Path(p),
            None => DocKey::Uri(uri.as_str().to_string()),
        }
    }
}

/// What the server knows about one module besides its text.
#[derive(Clone, Debug)]
pub struct FileInfo {
    pub module: SmolStr,
    /// The URI to report the file under: the client's own spelling once it has opened it.
    pub uri: Uri,
    /// The file on disk, if there is one.
    pub path: Option<PathBuf>,
    /// The materialised copy of the embedded standard library: never edited or renamed.
    pub read_only: bool,
    /// The editor's version of the text, while the document is open.
    pub version: Option<i32>,
    /// Loaded as part of a project (it stays in the workspace when its document closes),
    /// rather than added because a stray file was opened.
    pub in_project: bool,
}

/// The module ↔ document table, shared with snapshots (copied on write).
#[derive(Clone, Debug, Default)]
pub struct Files {
    by_module: IndexMap<SmolStr, FileInfo>,
    by_key: HashMap<DocKey, SmolStr>,
    /// Open documents that could not join the workspace.
    pub(crate) rejected: HashMap<DocKey, Rejected>,
    /// Where each guidance document the library cites is on disk, by the file name sources
    /// cite it by: the read-only copy next to the library's modules.
    pub(crate) guidance: BTreeMap<String, PathBuf>,
}

impl Files {
    pub fn get(&self, module: &str) -> Option<&FileInfo> {
        self.by_module.get(module)
    }

    pub fn module_of(&self, key: &DocKey) -> Option<&SmolStr> {
        self.by_key.get(key)
    }

    pub fn module_of_uri(&self, uri: &Uri) -> Option<&SmolStr> {
        self.module_of(&DocKey::of(uri))
    }

    pub fn iter(&self) -> impl Iterator<Item = &FileInfo> {
        self.by_module.values()
    }

    /// The file on disk holding a cited guidance document, if there is one.
    pub fn guidance(&self, document: &str) -> Option<&Path> {
        self.guidance.get(document).map(PathBuf::as_path)
    }

    /// Open documents that are not part of the workspace, and why.
    pub fn rejected(&self) -> impl Iterator<Item = &Rejected> {
        self.rejected.values()
    }

    fn key_of(info: &FileInfo) -> DocKey {
        match &info.path {
            Some(p) => DocKey::Path(p.clone()),
            None => DocKey::of(&info.uri),
        }
    }

    pub(crate) fn insert(&mut self, info: FileInfo) {
        self.by_key
            .insert(Files::key_of(&info), info.module.clone());
        self.by_module.insert(info.module.clone(), info);
    }

    pub(crate) fn remove(&mut self, module: &str) -> Option<FileInfo> {
        let info = self.by_module.shift_remove(module)?;
        self.by_key.remove(&Files::key_of(&info));
        Some(info)
    }
}

/// An open document that is not part of the workspace, and why.
#[derive(Clone, Debug)]
pub struct Rejected {
    pub uri: Uri,
    pub version: i32,
    pub text: String,
    pub why: String,
}
