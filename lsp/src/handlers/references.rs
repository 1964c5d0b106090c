//! `textDocument/references`: every occurrence of the symbol under the cursor in the
//! workspace.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Location, ReferenceParams};

use super::{locate, location};
use crate::analysis::{Snapshot, modified};

pub fn references(s: &Snapshot, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let at = params.text_document_position;
    let Some(pos) = locate(s, &at.text_document.uri, at.position)? else {
        return Ok(None);
    };
    let found = s
        .analysis
        .references(pos, params.context.include_declaration)
        .map_err(modified)?;
    Ok(found.map(|refs| refs.into_iter().filter_map(|r| location(s, r.at)).collect()))
}
