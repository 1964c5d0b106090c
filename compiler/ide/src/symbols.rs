//! Symbols: the outline of a module (items, with a record's fields and an enum's values
//! inside) and every named item of every module, by a fuzzy match of a query.

use smol_str::SmolStr;
use ward_core::SourceFile;
use ward_syntax::Span;
use ward_syntax::ast::{Item, ItemKind};

use crate::{Analysis, FileSpan};

/// What a symbol is, for the editor's icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Module,
    Use,
    Enum,
    EnumValue,
    Record,
    Field,
    Fact,
    Def,
    Source,
    Obligation,
    Rule,
    Test,
    Jurisdiction,
}

/// One entry of a module's outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole item.
    pub span: Span,
    /// Its name, to select.
    pub name_span: Span,
    pub children: Vec<DocumentSymbol>,
}

/// A named item anywhere in the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: SymbolKind,
    pub module: SmolStr,
    pub at: FileSpan,
}

fn kind_of(item: &Item) -> SymbolKind {
    match &item.kind {
        ItemKind::Module(_) => SymbolKind::Module,
        ItemKind::Use(_) => SymbolKind::Use,
        ItemKind::Enum(_) => SymbolKind::Enum,
        ItemKind::Record(_) => SymbolKind::Record,
        ItemKind::Fact(_) => SymbolKind::Fact,
        ItemKind::Def(_) => SymbolKind::Def,
        ItemKind::Source(_) => SymbolKind::Source,
        ItemKind::Obligation(_) => SymbolKind::Obligation,
        ItemKind::Rule(_) => SymbolKind::Rule,
        ItemKind::Test(_) => SymbolKind::Test,
        ItemKind::Jurisdiction(_) => SymbolKind::Jurisdiction,
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

fn leaf(name: &str, kind: SymbolKind, span: Span, name_span: Span) -> DocumentSymbol {
    DocumentSymbol {
        name: name.to_string(),
        detail: None,
        kind,
        span,
        name_span,
        children: Vec::new(),
    }
}

pub(crate) fn document_symbols(a: &Analysis, file: SourceFile) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    for item in &a.parsed(file).module.items {
        let Some((name, name_span)) = title(item) else {
            continue;
        };
        let children = match &item.kind {
            ItemKind::Record(r) => r
                .fields
                .iter()
                .map(|f| leaf(&f.name.text, SymbolKind::Field, f.span, f.name.span))
                .collect(),
            ItemKind::Enum(e) => e
                .variants
                .iter()
                .map(|v| leaf(&v.name.text, SymbolKind::EnumValue, v.span, v.name.span))
                .collect(),
            _ => Vec::new(),
        };
        out.push(DocumentSymbol {
            name,
            detail: detail(item),
            kind: kind_of(item),
            span: item.span,
            name_span,
            children,
        });
    }
    out
}

/// Does `query` match `name` as a case-insensitive subsequence (`dpcon` → `dpia-consider`)?
pub(crate) fn matches(query: &str, name: &str) -> bool {
    let mut chars = name.chars().flat_map(char::to_lowercase);
    query
        .chars()
        .flat_map(char::to_lowercase)
        .all(|q| chars.any(|c| c == q))
}

pub(crate) fn workspace_symbols(a: &Analysis, query: &str) -> Vec<WorkspaceSymbol> {
    let query = query.trim();
    let mut out = Vec::new();
    for (module, file) in a.all_modules() {
        for item in &a.parsed(file).module.items {
            let Some(name) = item.name() else { continue };
            if !matches(query, &name.text) {
                continue;
            }
            out.push(WorkspaceSymbol {
                name: name.text.clone(),
                kind: kind_of(item),
                module: module.clone(),
                at: FileSpan {
                    file,
                    span: name.span,
                },
            });
        }
    }
    out
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
