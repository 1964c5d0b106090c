//! `textDocument/formatting`: the formatter of `ward fmt`, as one edit of the whole document.
//! When the IDE layer cannot format (a syntax error, the read-only library), the reason is
//! returned for the server to show: formatting that silently does nothing looks broken.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{DocumentFormattingParams, TextEdit};

use super::document;
use crate::analysis::{Snapshot, modified};
use crate::convert::{self, LineMap};

/// The edits, or the reason the document was not formatted (for `window/showMessage`).
pub fn formatting(
    s: &Snapshot,
    params: DocumentFormattingParams,
) -> Result<std::result::Result<Option<Vec<TextEdit>>, String>> {
    let Some(file) = document(s, &params.text_document.uri)? else {
        return Ok(Ok(None));
    };
    match s.analysis.format(file).map_err(modified)? {
        Ok(edits) => {
            let map = LineMap::new(s.analysis.text(file));
            Ok(Ok(Some(
                edits
                    .into_iter()
                    .map(|e| convert::text_edit(&map, e.span, e.new_text))
                    .collect(),
            )))
        }
        Err(e) => Ok(Err(e.message)),
    }
}
