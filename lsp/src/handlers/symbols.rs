//! `textDocument/documentSymbol` (the outline) and `workspace/symbol`: the IDE layer's
//! symbols, with the protocol's symbol kinds.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    self as lsp, DocumentSymbolParams, DocumentSymbolResponse, Location, OneOf, SymbolInformation,
    WorkspaceSymbol, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};
use ward_ide::SymbolKind;

use super::{document, location, uri_of};
use crate::analysis::{Snapshot, modified};
use crate::convert::LineMap;
use crate::server::ClientFeatures;

/// At most this many workspace symbols per answer.
const WORKSPACE_LIMIT: usize = 500;

fn kind(k: SymbolKind) -> lsp::SymbolKind {
    match k {
        SymbolKind::Module => lsp::SymbolKind::MODULE,
        SymbolKind::Use => lsp::SymbolKind::NAMESPACE,
        SymbolKind::Enum => lsp::SymbolKind::ENUM,
        SymbolKind::EnumValue => lsp::SymbolKind::ENUM_MEMBER,
        SymbolKind::Record => lsp::SymbolKind::STRUCT,
        SymbolKind::Field => lsp::SymbolKind::FIELD,
        SymbolKind::Fact => lsp::SymbolKind::VARIABLE,
        SymbolKind::Def => lsp::SymbolKind::FUNCTION,
        SymbolKind::Source => lsp::SymbolKind::OBJECT,
        SymbolKind::Obligation => lsp::SymbolKind::EVENT,
        SymbolKind::Rule => lsp::SymbolKind::METHOD,
        SymbolKind::Test => lsp::SymbolKind::KEY,
        SymbolKind::Jurisdiction => lsp::SymbolKind::PROPERTY,
    }
}

#[allow(deprecated)]
fn nested(map: &LineMap<'_>, s: ward_ide::DocumentSymbol) -> lsp::DocumentSymbol {
    let children: Vec<lsp::DocumentSymbol> =
        s.children.into_iter().map(|c| nested(map, c)).collect();
    lsp::DocumentSymbol {
        name: s.name,
        detail: s.detail,
        kind: kind(s.kind),
        tags: None,
        deprecated: None,
        range: map.range(s.span),
        selection_range: map.range(s.name_span),
        children: (!children.is_empty()).then_some(children),
    }
}

pub fn document_symbols(
    s: &Snapshot,
    params: DocumentSymbolParams,
    features: &ClientFeatures,
) -> Result<Option<DocumentSymbolResponse>> {
    let Some(file) = document(s, &params.text_document.uri)? else {
        return Ok(None);
    };
    let map = LineMap::new(s.analysis.text(file));
    let out: Vec<lsp::DocumentSymbol> = s
        .analysis
        .document_symbols(file)
        .map_err(modified)?
        .into_iter()
        .map(|d| nested(&map, d))
        .collect();
    if features.hierarchical_symbols {
        return Ok(Some(DocumentSymbolResponse::Nested(out)));
    }
    // Clients without nested outlines get a flat list, children after their parent.
    let uri = uri_of(s, file);
    let mut flat = Vec::new();
    for d in out {
        let container = d.name.clone();
        flat.push(information(&uri, &d, None));
        for c in d.children.iter().flatten() {
            flat.push(information(&uri, c, Some(container.clone())));
        }
    }
    Ok(Some(DocumentSymbolResponse::Flat(flat)))
}

#[allow(deprecated)]
fn information(
    uri: &lsp::Uri,
    s: &lsp::DocumentSymbol,
    container: Option<String>,
) -> SymbolInformation {
    SymbolInformation {
        name: s.name.clone(),
        kind: s.kind,
        tags: None,
        deprecated: None,
        location: Location {
            uri: uri.clone(),
            range: s.selection_range,
        },
        container_name: container,
    }
}

pub fn workspace_symbols(
    s: &Snapshot,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    let found = s
        .analysis
        .workspace_symbols(&params.query)
        .map_err(modified)?;
    let out: Vec<WorkspaceSymbol> = found
        .into_iter()
        .filter_map(|w| {
            Some(WorkspaceSymbol {
                location: OneOf::Left(location(s, w.at)?),
                name: w.name,
                kind: kind(w.kind),
                tags: None,
                container_name: Some(w.module.to_string()),
                data: None,
            })
        })
        .take(WORKSPACE_LIMIT)
        .collect();
    Ok(Some(WorkspaceSymbolResponse::Nested(out)))
}
