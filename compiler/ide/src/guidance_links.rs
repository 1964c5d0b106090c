//! Links from a citation to the guidance text it cites: a source's `document "…"` opens the
//! document, its `section "…"` opens it at the section's heading, and a rule's
//! `cites x at "…"` opens it at the sub-heading or answer `at` names. Lines come from the
//! compiler's one citation lookup (`citations::locate`), so a link lands where hover's
//! excerpt is taken from. The host decides where a document is shown (the IDE layer knows
//! documents only by the file name sources cite).
//!
//! The source's name in `cites x` is left to go to definition: one click, one meaning.

use ward_core::SourceFile;
use ward_core::citations;
use ward_core::symbols::Symbol;
use ward_syntax::Span;
use ward_syntax::ast::{ItemKind, RuleClauseKind, SourceFieldKind};

use crate::Analysis;

/// A span of a module that opens a guidance document at a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuidanceLink {
    /// The string literal the link covers, quotes included.
    pub span: Span,
    /// The document's file name, as sources cite it (`000_789ceead711778a6.txt`).
    pub document: String,
    /// The 0-based line of the document's text to open at.
    pub line: usize,
    /// What the link opens, for its tooltip: `All adopters' guidance › Step 2: …`.
    pub tooltip: String,
}

pub(crate) fn links(a: &Analysis, file: SourceFile) -> Vec<GuidanceLink> {
    let (db, ws) = (a.db(), a.workspace());
    let title = |document: &str| {
        citations::document_named(db, ws, document)
            .map(|d| d.info(db).title.clone())
            .unwrap_or_else(|| document.to_string())
    };
    let mut out = Vec::new();
    for item in &a.parsed(file).module.items {
        match &item.kind {
            ItemKind::Source(s) => {
                let text = |want: fn(&SourceFieldKind) -> Option<&ward_syntax::ast::Text>| {
                    s.fields.iter().find_map(|f| want(&f.kind))
                };
                let Some(document) = text(|k| match k {
                    SourceFieldKind::Document(t) => Some(t),
                    _ => None,
                }) else {
                    continue;
                };
                if citations::document_named(db, ws, &document.value).is_none() {
                    continue;
                }
                out.push(GuidanceLink {
                    span: document.span,
                    document: document.value.clone(),
                    line: 0,
                    tooltip: format!("Open {}", title(&document.value)),
                });
                let section = text(|k| match k {
                    SourceFieldKind::Section(t) => Some(t),
                    _ => None,
                });
                if let Some(section) = section
                    && let Ok(found) =
                        citations::locate(db, ws, &document.value, &section.value, None)
                {
                    out.push(GuidanceLink {
                        span: section.span,
                        document: document.value.clone(),
                        line: found.heading,
                        tooltip: format!("Open {} at “{}”", title(&document.value), section.value),
                    });
                }
            }
            ItemKind::Rule(r) => {
                for clause in &r.clauses {
                    let RuleClauseKind::Cites(cites) = &clause.kind else {
                        continue;
                    };
                    for c in cites {
                        let Some(at) = &c.at else { continue };
                        let Some(source) = cited_source(a, file, c.source.span) else {
                            continue;
                        };
                        if let Ok(found) = citations::locate(
                            db,
                            ws,
                            &source.document,
                            &source.section,
                            Some(&at.value),
                        ) {
                            out.push(GuidanceLink {
                                span: at.span,
                                document: source.document.clone(),
                                line: found.at.unwrap_or(found.heading),
                                tooltip: format!(
                                    "Open {} at “{}” › “{}”",
                                    title(&source.document),
                                    source.section,
                                    at.value
                                ),
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|l| l.span.start);
    out
}

/// The source a `cites` path names, as the checker resolved it.
fn cited_source(a: &Analysis, file: SourceFile, path: Span) -> Option<ward_core::hir::HSource> {
    let occurrence = a.occurrence_at(file, path.end.saturating_sub(1) as usize)?;
    let Symbol::Item(r) = occurrence.symbol else {
        return None;
    };
    a.hir(a.file_of(&r.module)?)
        .sources
        .iter()
        .find(|s| s.name == r.name)
        .cloned()
}
