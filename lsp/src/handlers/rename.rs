//! `textDocument/prepareRename` and `textDocument/rename`: the IDE layer's rename, as a
//! workspace edit; a refusal becomes `RequestFailed` with its message, which editors show.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    PrepareRenameResponse, RenameParams, TextDocumentPositionParams, TextEdit, WorkspaceEdit,
};

use super::{locate, uri_of};
use crate::analysis::{Snapshot, modified};
use crate::convert::{self, LineMap, request_failed};

pub fn prepare(
    s: &Snapshot,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some(pos) = locate(s, &params.text_document.uri, params.position)? else {
        return Ok(None);
    };
    let target = s
        .analysis
        .prepare_rename(pos)
        .map_err(modified)?
        .map_err(|e| request_failed(e.message))?;
    let map = LineMap::new(s.analysis.text(pos.file));
    Ok(target.map(|t| PrepareRenameResponse::RangeWithPlaceholder {
        range: map.range(t.span),
        placeholder: t.placeholder,
    }))
}

pub fn rename(s: &Snapshot, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let at = params.text_document_position;
    let Some(pos) = locate(s, &at.text_document.uri, at.position)? else {
        return Ok(None);
    };
    let change = s
        .analysis
        .rename(pos, &params.new_name)
        .map_err(modified)?
        .map_err(|e| request_failed(e.message))?;
    Ok(change.map(|change| {
        let mut changes: HashMap<_, Vec<TextEdit>> = HashMap::new();
        for (file, edits) in change.edits {
            let map = LineMap::new(s.analysis.text(file));
            changes.entry(uri_of(s, file)).or_default().extend(
                edits
                    .into_iter()
                    .map(|e| convert::text_edit(&map, e.span, e.new_text)),
            );
        }
        WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }
    }))
}
