//! The citation check: every source's `section` must be a heading of its document, and every
//! `at` must name text inside that section. Documents the host did not supply are not
//! checked (a trust may cite its own papers). `ward check` and the language server report
//! these with the other diagnostics.

use crate::check::{check_module, interface};
use crate::citations::locate::{NotFound, locate};
use crate::db::{Db, SourceFile, Workspace};
use crate::diagnostic::Diagnostic;
use crate::interface::Sig;
use crate::modules::module_index;
use crate::symbols::Symbol;
use crate::ty::ItemRef;

/// The citation diagnostics of every module, by file.
pub fn check_citations(db: &dyn Db, ws: Workspace) -> Vec<(SourceFile, Diagnostic)> {
    module_index(db, ws)
        .modules
        .values()
        .flat_map(|&f| {
            module_citation_diagnostics(db, ws, f)
                .iter()
                .map(move |d| (f, d.clone()))
        })
        .collect()
}

/// The citation diagnostics of one module: its sources' sections and its rules' `at`s.
#[salsa::tracked(returns(ref))]
pub fn module_citation_diagnostics(
    db: &dyn Db,
    ws: Workspace,
    file: SourceFile,
) -> Vec<Diagnostic> {
    let index = module_index(db, ws);
    let checked = check_module(db, ws, file);
    let module = file.module(db);
    let span_of = |name: &str| {
        let sym = Symbol::Item(ItemRef::new(module.clone(), name));
        checked
            .symbols
            .occurrences
            .iter()
            .find(|o| o.is_definition && o.symbol == sym)
            .map(|o| o.span)
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for s in &checked.hir.sources {
        if locate(db, ws, &s.document, &s.section, None) == Err(NotFound::Section) {
            out.push(
                Diagnostic::error(
                    "ward::citation",
                    span_of(&s.name),
                    format!("`{}` has no heading \"{}\"", s.document, s.section),
                )
                .label("section not found in the document")
                .help("copy the section heading exactly as the document writes it"),
            );
        }
    }
    for r in &checked.hir.rules {
        for c in &r.cites {
            let Some(at) = &c.at else { continue };
            let source = index.get(&c.source.module).and_then(|f| {
                match interface(db, ws, f).get(&c.source.name) {
                    Some(Sig::Source(s)) => Some(s.clone()),
                    _ => None,
                }
            });
            let Some(s) = source else { continue };
            // A missing heading is reported on the source; a missing document is not ours.
            if locate(db, ws, &s.document, &s.section, Some(at)) == Err(NotFound::At) {
                out.push(
                    Diagnostic::error(
                        "ward::citation",
                        span_of(&r.name),
                        format!("rule `{}` cites \"{at}\", which is not in \"{}\"", r.name, s.section),
                    )
                    .label("cited text not found")
                    .help("`at` names a sub-heading of the section (or, for the FAQ, the opening words of the answer) exactly as written"),
                );
            }
        }
    }
    out
}
