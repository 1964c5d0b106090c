//! The server's snapshot: the IDE layer's [`Analysis`] (a clone of the salsa database) with
//! the document table — which URI each module is shown under, which documents are open,
//! which are the standard library's read-only copy. Handlers take one of these; everything
//! they ask of Ward they ask the [`Analysis`], which answers in byte offsets and modules.

use std::sync::Arc;

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::Uri;
use ward_ide::{Analysis, Cancellable, Cancelled, SourceFile};

use crate::files::{FileInfo, Files};

pub struct Snapshot {
    pub analysis: Analysis,
    files: Arc<Files>,
    revision: u64,
}

impl Snapshot {
    pub fn new(analysis: Analysis, files: Arc<Files>, revision: u64) -> Snapshot {
        let read_only = files
            .iter()
            .filter(|i| i.read_only)
            .map(|i| i.module.clone());
        Snapshot {
            analysis: analysis.with_read_only(read_only),
            files,
            revision,
        }
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn files(&self) -> &Files {
        &self.files
    }

    pub fn info(&self, file: SourceFile) -> Option<&FileInfo> {
        self.files.get(self.analysis.module_name(file))
    }

    /// The module a document is, if it is part of the workspace.
    pub fn file_of_uri(&self, uri: &Uri) -> Cancellable<Option<SourceFile>> {
        match self.files.module_of_uri(uri) {
            Some(module) => self.analysis.file(module),
            None => Ok(None),
        }
    }
}

/// A request a concurrent edit cancelled: the client asks again (LSP's `ContentModified`).
pub fn modified(_: Cancelled) -> jsonrpc::Error {
    jsonrpc::Error::content_modified()
}
