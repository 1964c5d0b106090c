//! One module per request kind. Each takes the snapshot and the request's parameters and
//! returns the protocol's answer; positions go through [`crate::convert`].

pub mod code_action;
pub mod completion;
pub mod definition;
pub mod diagnostics;
pub mod folding;
pub mod formatting;
pub mod hover;
pub mod references;
pub mod rename;
pub mod semantic_tokens;
pub mod symbols;

use tower_lsp_server::ls_types::{Location, Position, Uri};
use ward_core::SourceFile;

use crate::analysis::{Analysis, FileSpan};
use crate::convert::{self, LineMap};

/// The module and byte offset a request's position points at; `None` for a document that is
/// not part of the workspace.
pub(crate) fn locate(a: &Analysis, uri: &Uri, pos: Position) -> Option<(SourceFile, usize)> {
    let file = a.file_of_uri(uri)?;
    let offset = LineMap::new(a.text(file)).offset(pos);
    Some((file, offset))
}

/// The URI a module is reported under.
pub(crate) fn uri_of(a: &Analysis, file: SourceFile) -> Uri {
    match a.info(file) {
        Some(info) => info.uri.clone(),
        None => convert::synthetic_uri(a.module_name(file)),
    }
}

/// A protocol location for a place in the workspace, if the editor can open it (the
/// standard library's copy may be missing when no cache directory was writable).
pub(crate) fn location(a: &Analysis, at: FileSpan) -> Option<Location> {
    let info = a.info(at.file)?;
    if info.read_only && info.path.is_none() {
        return None;
    }
    let map = LineMap::new(a.text(at.file));
    Some(convert::location(info.uri.clone(), &map, at.span))
}

/// The text of a span (empty if the span is out of range).
pub(crate) fn slice(text: &str, span: ward_syntax::Span) -> &str {
    text.get(span.range()).unwrap_or("")
}
