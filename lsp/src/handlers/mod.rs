//! One module per request kind. Each takes the snapshot and the request's parameters, asks the
//! IDE layer ([`ward_ide::Analysis`]) in byte offsets, and converts its plain answer to the
//! protocol's; positions go through [`crate::convert`]. No handler knows Ward's semantics.

pub mod code_action;
pub mod completion;
pub mod definition;
pub mod diagnostics;
pub mod document_link;
pub mod folding;
pub mod formatting;
pub mod hover;
pub mod references;
pub mod rename;
pub mod semantic_tokens;
pub mod symbols;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Location, Position, Uri};
use ward_ide::{FilePosition, FileSpan, SourceFile};

use crate::analysis::{Snapshot, modified};
use crate::convert::{self, LineMap};

/// The module and byte offset a request's position points at; `None` for a document that is
/// not part of the workspace.
pub(crate) fn locate(s: &Snapshot, uri: &Uri, pos: Position) -> Result<Option<FilePosition>> {
    let Some(file) = s.file_of_uri(uri).map_err(modified)? else {
        return Ok(None);
    };
    let offset = LineMap::new(s.analysis.text(file)).offset(pos);
    Ok(Some(FilePosition { file, offset }))
}

/// The module a request's document is.
pub(crate) fn document(s: &Snapshot, uri: &Uri) -> Result<Option<SourceFile>> {
    s.file_of_uri(uri).map_err(modified)
}

/// The URI a module is reported under.
pub(crate) fn uri_of(s: &Snapshot, file: SourceFile) -> Uri {
    match s.info(file) {
        Some(info) => info.uri.clone(),
        None => convert::synthetic_uri(s.analysis.module_name(file)),
    }
}

/// A protocol location for a place in the workspace, if the editor can open it (the
/// standard library's copy may be missing when no cache directory was writable).
pub(crate) fn location(s: &Snapshot, at: FileSpan) -> Option<Location> {
    let info = s.info(at.file)?;
    if info.read_only && info.path.is_none() {
        return None;
    }
    let map = LineMap::new(s.analysis.text(at.file));
    Some(convert::location(info.uri.clone(), &map, at.span))
}
