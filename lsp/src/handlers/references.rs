//! `textDocument/references`: every occurrence of the symbol under the cursor in the
//! workspace, from the compiler's symbol index of each module.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Location, ReferenceParams};

use super::{locate, location};
use crate::analysis::Analysis;

pub fn references(a: &Analysis, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let at = params.text_document_position;
    let Some((file, offset)) = locate(a, &at.text_document.uri, at.position) else {
        return Ok(None);
    };
    let Some(occ) = a.occurrence_at(file, offset) else {
        return Ok(None);
    };
    let include_declaration = params.context.include_declaration;
    let found: Vec<Location> = a
        .references(file, &occ.symbol)
        .into_iter()
        .filter(|(_, is_def)| include_declaration || !is_def)
        .filter_map(|(at, _)| location(a, at))
        .collect();
    Ok(Some(found))
}
