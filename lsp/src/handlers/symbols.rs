//! `textDocument/documentSymbol` (the outline: items, with a record's fields and an enum's
//! values inside) and `workspace/symbol` (every named item of every module, by a fuzzy match
//! of the query).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, Location, OneOf,
    SymbolInformation, SymbolKind, WorkspaceSymbol, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};
use ward_syntax::Span;
use ward_syntax::ast::{Item, ItemKind};

use super::uri_of;
use crate::analysis::Analysis;
use crate::convert::LineMap;
use crate::server::ClientFeatures;

/// The symbol kind an item is shown with.
fn kind_of(item: &Item) -> SymbolKind {
    match &item.kind {
        ItemKind::Module(_) => SymbolKind::MODULE,
        ItemKind::Use(_) => SymbolKind::NAMESPACE,
        ItemKind::Enum(_) => SymbolKind::ENUM,
        ItemKind::Record(_) => SymbolKind::STRUCT,
        ItemKind::Fact(_) => SymbolKind::VARIABLE,
        ItemKind::Def(_) => SymbolKind::FUNCTION,
        ItemKind::Source(_) => SymbolKind::OBJECT,
        ItemKind::Obligation(_) => SymbolKind::EVENT,
        ItemKind::Rule(_) => SymbolKind::METHOD,
        ItemKind::Test(_) => SymbolKind::KEY,
        ItemKind::Jurisdiction(_) => SymbolKind::PROPERTY,
    }
}

/// An item's name and the span to select: the declared name, a test's title, a module path.
fn title(item: &Item) -> Option<(String, Span)> {
    if let Some(n) = item.name() {
        return Some((n.text.clone(), n.span));
    }
    match &item.kind {
        ItemKind::Test(t) => Some((format!("test \"{}\"", t.name.value), t.name.span)),
        ItemKind::Module(m) => Some((m.path.text(), m.path.span)),
        ItemKind::Jurisdiction(j) => Some((format!("jurisdiction {}", j.path.text()), j.path.span)),
        ItemKind::Use(_) => None,
        _ => None,
    }
}

fn detail(item: &Item) -> Option<String> {
    match &item.kind {
        ItemKind::Obligation(o) => Some(o.title.value.clone()),
        ItemKind::Rule(r) => Some(format!(
            "{} {}",
            r.then.verb.keyword(),
            r.then.obligation.text()
        )),
        ItemKind::Source(_)
        | ItemKind::Enum(_)
        | ItemKind::Record(_)
        | ItemKind::Fact(_)
        | ItemKind::Def(_) => Some(item.keyword().to_string()),
        _ => None,
    }
}

#[allow(deprecated)]
fn symbol(
    map: &LineMap<'_>,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    span: Span,
    select: Span,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: map.range(span),
        selection_range: map.range(select),
        children: (!children.is_empty()).then_some(children),
    }
}

pub fn document_symbols(
    a: &Analysis,
    params: DocumentSymbolParams,
    features: &ClientFeatures,
) -> Result<Option<DocumentSymbolResponse>> {
    let Some(file) = a.file_of_uri(&params.text_document.uri) else {
        return Ok(None);
    };
    let map = LineMap::new(a.text(file));
    let mut out = Vec::new();
    for item in &a.parsed(file).module.items {
        let Some((name, select)) = title(item) else {
            continue;
        };
        let children: Vec<DocumentSymbol> = match &item.kind {
            ItemKind::Record(r) => r
                .fields
                .iter()
                .map(|f| {
                    symbol(
                        &map,
                        f.name.text.clone(),
                        None,
                        SymbolKind::FIELD,
                        f.span,
                        f.name.span,
                        vec![],
                    )
                })
                .collect(),
            ItemKind::Enum(e) => e
                .variants
                .iter()
                .map(|v| {
                    symbol(
                        &map,
                        v.name.text.clone(),
                        None,
                        SymbolKind::ENUM_MEMBER,
                        v.span,
                        v.name.span,
                        vec![],
                    )
                })
                .collect(),
            _ => vec![],
        };
        out.push(symbol(
            &map,
            name,
            detail(item),
            kind_of(item),
            item.span,
            select,
            children,
        ));
    }
    if features.hierarchical_symbols {
        return Ok(Some(DocumentSymbolResponse::Nested(out)));
    }
    // Clients without nested outlines get a flat list, children after their parent.
    let uri = uri_of(a, file);
    let mut flat = Vec::new();
    for s in out {
        let container = s.name.clone();
        flat.push(information(&uri, &s, None));
        for c in s.children.iter().flatten() {
            flat.push(information(&uri, c, Some(container.clone())));
        }
    }
    Ok(Some(DocumentSymbolResponse::Flat(flat)))
}

#[allow(deprecated)]
fn information(
    uri: &tower_lsp_server::ls_types::Uri,
    s: &DocumentSymbol,
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

/// Does `query` match `name` as a case-insensitive subsequence (`dpcon` → `dpia-consider`)?
fn matches(query: &str, name: &str) -> bool {
    let mut chars = name.chars().flat_map(char::to_lowercase);
    query
        .chars()
        .flat_map(char::to_lowercase)
        .all(|q| chars.any(|c| c == q))
}

pub fn workspace_symbols(
    a: &Analysis,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    let query = params.query.trim();
    let mut out = Vec::new();
    for (module, file) in a.modules() {
        let Some(info) = a.info(file) else { continue };
        if info.read_only && info.path.is_none() {
            continue;
        }
        let map = LineMap::new(a.text(file));
        for item in &a.parsed(file).module.items {
            let Some(name) = item.name() else { continue };
            if !matches(query, &name.text) {
                continue;
            }
            out.push(WorkspaceSymbol {
                name: name.text.clone(),
                kind: kind_of(item),
                tags: None,
                container_name: Some(module.to_string()),
                location: OneOf::Left(Location {
                    uri: info.uri.clone(),
                    range: map.range(name.span),
                }),
                data: None,
            });
            if out.len() >= 500 {
                return Ok(Some(WorkspaceSymbolResponse::Nested(out)));
            }
        }
    }
    Ok(Some(WorkspaceSymbolResponse::Nested(out)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn fuzzy_matching_is_a_subsequence() {
        assert!(super::matches("dpcon", "dpia-consider"));
        assert!(super::matches("", "anything"));
        assert!(super::matches("DPIA", "dpia_by_law"));
        assert!(!super::matches("zz", "dpia"));
    }
}
