//! `textDocument/completion`: the IDE layer's completions, each replacing the word being
//! typed. A space is a trigger character: the IDE layer answers it only where one kind of
//! thing is expected (obligation ids after `require `, sources after `cites `, …).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    CompletionTriggerKind, Documentation, InsertTextFormat, TextEdit,
};
use ward_ide::{CompletionConfig, CompletionKind, CompletionTrigger};

use super::locate;
use crate::analysis::{Snapshot, modified};
use crate::convert::{self, LineMap, markdown};
use crate::server::ClientFeatures;

/// The characters that open completion as they are typed.
pub fn trigger_characters() -> Vec<String> {
    vec![".".into(), " ".into()]
}

fn kind(k: CompletionKind) -> CompletionItemKind {
    match k {
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::Module => CompletionItemKind::MODULE,
        CompletionKind::Enum => CompletionItemKind::ENUM,
        CompletionKind::EnumValue => CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Record => CompletionItemKind::STRUCT,
        CompletionKind::Field => CompletionItemKind::FIELD,
        CompletionKind::Fact | CompletionKind::Variable => CompletionItemKind::VARIABLE,
        CompletionKind::Def => CompletionItemKind::FUNCTION,
        CompletionKind::Source => CompletionItemKind::REFERENCE,
        CompletionKind::Obligation => CompletionItemKind::EVENT,
        CompletionKind::Rule => CompletionItemKind::METHOD,
        CompletionKind::Label => CompletionItemKind::CONSTANT,
        CompletionKind::Snippet => CompletionItemKind::SNIPPET,
    }
}

pub fn completion(
    s: &Snapshot,
    params: CompletionParams,
    features: &ClientFeatures,
) -> Result<Option<CompletionResponse>> {
    let at = params.text_document_position;
    let Some(pos) = locate(s, &at.text_document.uri, at.position)? else {
        return Ok(None);
    };
    let trigger = match &params.context {
        Some(c) if c.trigger_kind == CompletionTriggerKind::TRIGGER_CHARACTER => c
            .trigger_character
            .as_deref()
            .and_then(|t| t.chars().next())
            .map_or(CompletionTrigger::Invoked, CompletionTrigger::Character),
        _ => CompletionTrigger::Invoked,
    };
    let config = CompletionConfig {
        snippets: features.snippets,
    };
    let Some(items) = s
        .analysis
        .completions(pos, trigger, &config)
        .map_err(modified)?
    else {
        return Ok(None);
    };
    let map = LineMap::new(s.analysis.text(pos.file));
    let items = items
        .into_iter()
        .map(|i| {
            let additional: Vec<TextEdit> = i
                .additional_edits
                .iter()
                .map(|e| convert::text_edit(&map, e.span, e.new_text.clone()))
                .collect();
            CompletionItem {
                kind: Some(kind(i.kind)),
                detail: i.detail.clone(),
                documentation: i
                    .documentation
                    .clone()
                    .map(|d| Documentation::MarkupContent(markdown(d))),
                insert_text_format: i.is_snippet.then_some(InsertTextFormat::SNIPPET),
                text_edit: Some(CompletionTextEdit::Edit(convert::text_edit(
                    &map,
                    i.replace,
                    i.insert_text(),
                ))),
                additional_text_edits: (!additional.is_empty()).then_some(additional),
                sort_text: i.sort_text.clone(),
                label: i.label,
                ..CompletionItem::default()
            }
        })
        .collect();
    Ok(Some(CompletionResponse::Array(items)))
}
