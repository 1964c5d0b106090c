//! `textDocument/definition`: from any use of a name to its declaration, across modules and
//! into the standard library (whose embedded text the server writes out read-only).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{GotoDefinitionParams, GotoDefinitionResponse};

use super::{locate, location};
use crate::analysis::{Snapshot, modified};

pub fn definition(
    s: &Snapshot,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let at = params.text_document_position_params;
    let Some(pos) = locate(s, &at.text_document.uri, at.position)? else {
        return Ok(None);
    };
    let Some(target) = s.analysis.definition(pos).map_err(modified)? else {
        return Ok(None);
    };
    Ok(location(s, target).map(GotoDefinitionResponse::Scalar))
}
