//! Citations checked against the cited documents: every source's `section` must be a heading
//! of its document, and every `at` must name text that follows it. The compiler reads no
//! files, so the caller supplies the documents it knows (the CLI: the embedded guidance).

use crate::check::check_module;
use crate::db::{Db, SourceFile, Workspace};
use crate::diagnostic::Diagnostic;
use crate::modules::module_index;
use crate::symbols::Symbol;
use crate::ty::ItemRef;

/// A line as a reader sees it: markdown heading markers and emphasis removed. Headings and
/// `at` texts are compared in this form, here and wherever a citation is looked up.
pub fn plain(line: &str) -> String {
    line.trim()
        .trim_start_matches('#')
        .replace("**", "")
        .trim()
        .to_string()
}

/// Diagnostics for citations whose text is not in the document. Documents `documents` does
/// not know are not checked.
pub fn check_citations(
    db: &dyn Db,
    ws: Workspace,
    documents: &dyn Fn(&str) -> Option<&'static str>,
) -> Vec<(SourceFile, Diagnostic)> {
    let index = module_index(db, ws);
    let mut out = Vec::new();
    // Every section heading any source declares, by document: a section ends where the next
    // declared one begins.
    let mut headings: std::collections::HashMap<String, Vec<String>> =
        std::collections::HashMap::new();
    for &f in index.modules.values() {
        for s in &check_module(db, ws, f).hir.sources {
            headings
                .entry(s.document.clone())
                .or_default()
                .push(s.section.clone());
        }
    }
    for (m, &f) in &index.modules {
        let checked = check_module(db, ws, f);
        let span_of = |sym: &Symbol| {
            checked
                .symbols
                .occurrences
                .iter()
                .find(|o| o.is_definition && &o.symbol == sym)
                .map(|o| o.span)
                .unwrap_or_default()
        };
        for s in &checked.hir.sources {
            let Some(doc) = documents(&s.document) else {
                continue;
            };
            if !doc.lines().any(|l| plain(l) == s.section) {
                let span = span_of(&Symbol::Item(ItemRef::new(m.clone(), s.name.clone())));
                out.push((
                    f,
                    Diagnostic::error(
                        "ward::citation",
                        span,
                        format!("`{}` has no heading \"{}\"", s.document, s.section),
                    )
                    .label("section not found in the document")
                    .help("copy the section heading exactly as the document writes it"),
                ));
            }
        }
        for r in &checked.hir.rules {
            for c in &r.cites {
                let Some(at) = &c.at else { continue };
                let source = index.get(&c.source.module).and_then(|sf| {
                    check_module(db, ws, sf)
                        .hir
                        .sources
                        .iter()
                        .find(|s| s.name == c.source.name)
                        .cloned()
                });
                let Some(s) = source else { continue };
                let Some(doc) = documents(&s.document) else {
                    continue;
                };
                let lines: Vec<String> = doc.lines().map(plain).collect();
                let others = headings.get(&s.document).cloned().unwrap_or_default();
                // The heading may appear more than once (a table of contents first): the cited
                // text must lie between one occurrence and the next declared section heading.
                let found = lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| **l == s.section)
                    .any(|(start, _)| {
                        lines[start + 1..]
                            .iter()
                            .take_while(|l| !others.contains(l))
                            .any(|l| l.starts_with(at.as_str()))
                    });
                if !found {
                    let span = span_of(&Symbol::Item(ItemRef::new(m.clone(), r.name.clone())));
                    out.push((
                        f,
                        Diagnostic::error(
                            "ward::citation",
                            span,
                            format!("rule `{}` cites \"{at}\", which is not in \"{}\"", r.name, s.section),
                        )
                        .label("cited text not found")
                        .help("`at` names a sub-heading of the section (or, for the FAQ, the opening words of the answer) exactly as written"),
                    ));
                }
            }
        }
    }
    out
}
