//! `textDocument/definition`: from any use of a name to its declaration, across modules and
//! into the standard library (whose embedded text the server writes out read-only).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{GotoDefinitionParams, GotoDefinitionResponse};

use super::{locate, location};
use crate::analysis::Analysis;

pub fn definition(
    a: &Analysis,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let at = params.text_document_position_params;
    let Some((file, offset)) = locate(a, &at.text_document.uri, at.position) else {
        return Ok(None);
    };
    let Some(occ) = a.occurrence_at(file, offset) else {
        return Ok(None);
    };
    let Some(target) = a.definition(file, &occ.symbol) else {
        return Ok(None);
    };
    Ok(location(a, target).map(GotoDefinitionResponse::Scalar))
}
