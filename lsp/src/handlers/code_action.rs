//! `textDocument/codeAction`: the IDE layer's quick fixes, each with the diagnostic it fixes
//! and its edit as a workspace edit.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    WorkspaceEdit,
};
use ward_ide::FileSpan;

use super::{document, uri_of};
use crate::analysis::{Snapshot, modified};
use crate::convert::{self, LineMap};

pub fn code_actions(s: &Snapshot, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let Some(file) = document(s, &params.text_document.uri)? else {
        return Ok(None);
    };
    let a = &s.analysis;
    let map = LineMap::new(a.text(file));
    let range = FileSpan {
        file,
        span: map.span(params.range),
    };
    let modules = a.modules().map_err(modified)?;
    let uri = uri_of(s, file);
    let elsewhere = |module: &str, span: ward_syntax::Span| {
        let other = modules.iter().find(|(m, _)| m == module)?.1;
        Some((uri_of(s, other), LineMap::new(a.text(other)).range(span)))
    };
    let actions = a.code_actions(range).map_err(modified)?;
    let out = actions
        .into_iter()
        .map(|action| {
            let edits = action
                .edits
                .into_iter()
                .map(|e| convert::text_edit(&map, e.span, e.new_text))
                .collect();
            CodeActionOrCommand::CodeAction(CodeAction {
                title: action.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![convert::diagnostic(
                    &action.diagnostic,
                    &map,
                    &uri,
                    &elsewhere,
                )]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: action.preferred.then_some(true),
                ..CodeAction::default()
            })
        })
        .collect();
    Ok(Some(out))
}
