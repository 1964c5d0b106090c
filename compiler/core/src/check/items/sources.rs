//! Sources and the jurisdiction: the documents rules cite, and the enum whose values say
//! where a source applies.

use std::collections::HashMap;

use smol_str::SmolStr;
use ward_syntax::ast::{self, SourceFieldKind};

use crate::check::{Cx, Found};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::hir::HSource;
use crate::interface::{Sig, SourceSig};
use crate::symbols::Symbol;
use crate::ty::Ty;

impl Cx<'_> {
    pub(super) fn jurisdiction(&mut self, d: &ast::JurisdictionDecl) {
        let segs = &d.path.segments;
        let found = self.lookup(&segs[0].text);
        let ok = match (found, segs.len()) {
            (Some(Found::Item(r, Sig::Fact(f))), 2) => match &f.ty {
                Ty::Record(rec) => match self.sig_of(rec) {
                    Some(Sig::Record(rs)) => match rs.field(&segs[1].text) {
                        Some(i) if matches!(rs.fields[i].ty, Ty::Enum(_)) => {
                            self.symbols.refer(segs[0].span, Symbol::Item(r.clone()));
                            self.symbols.refer(
                                segs[1].span,
                                Symbol::Field(rec.clone(), SmolStr::new(&segs[1].text)),
                            );
                            self.uses.insert(crate::check::Use::Field(
                                rec.clone(),
                                SmolStr::new(&segs[1].text),
                            ));
                            self.hir.jurisdiction = Some((r, SmolStr::new(&segs[1].text)));
                            true
                        }
                        _ => false,
                    },
                    _ => false,
                },
                _ => false,
            },
            _ => false,
        };
        if !ok {
            self.error(
                Diagnostic::error(
                    "ward::jurisdiction",
                    d.path.span,
                    "a jurisdiction is an enum field of a record fact",
                )
                .label("not an enum field of a fact")
                .help("for example `jurisdiction organisation.nation`"),
            );
        }
    }

    pub(super) fn source_decl(&mut self, item: &ast::Item, d: &ast::SourceDecl) {
        if !self.local_is(&d.name.text, item) {
            return;
        }
        self.symbols
            .define(d.name.span, Symbol::Item(self.item_ref(&d.name.text)));
        let mut s = HSource {
            name: SmolStr::new(&d.name.text),
            doc: item.docs.text(),
            document: String::new(),
            section: String::new(),
            from: Vec::new(),
            covers: Vec::new(),
            label: None,
            reviewed: None,
            note: None,
            url: None,
        };
        let mut seen: HashMap<&'static str, ward_syntax::Span> = HashMap::new();
        for f in &d.fields {
            if let Some(prev) = seen.insert(f.kind.keyword(), f.span) {
                self.error(
                    Diagnostic::error(
                        "ward::duplicate-field",
                        f.span,
                        format!("`{}` is given twice", f.kind.keyword()),
                    )
                    .label("given again")
                    .related(None, prev, "first given here"),
                );
                continue;
            }
            match &f.kind {
                SourceFieldKind::Document(t) => s.document = t.value.clone(),
                SourceFieldKind::Section(t) => s.section = t.value.clone(),
                SourceFieldKind::From(ts) => s.from = ts.iter().map(|t| t.value.clone()).collect(),
                SourceFieldKind::Covers(ns) => {
                    s.covers = ns.iter().map(|n| SmolStr::new(&n.text)).collect()
                }
                SourceFieldKind::Label(l) => s.label = *l,
                SourceFieldKind::Reviewed(date) => {
                    if crate::time::parse_instant(&date.text).is_none() {
                        self.error(
                            Diagnostic::error(
                                "ward::date",
                                date.span,
                                format!("`{}` is not a date", date.text),
                            )
                            .label("not a calendar date"),
                        );
                    }
                    s.reviewed = Some(date.text.clone());
                }
                SourceFieldKind::Note(t) => s.note = Some(t.value.clone()),
                SourceFieldKind::Url(t) => s.url = Some(t.value.clone()),
            }
        }
        for (kw, empty) in [
            ("document", s.document.is_empty()),
            ("section", s.section.is_empty()),
        ] {
            if empty {
                self.error(
                    Diagnostic::error(
                        "ward::source",
                        d.name.span,
                        format!("source `{}` has no `{kw}`", d.name.text),
                    )
                    .label(format!("missing `{kw}`"))
                    .help(
                        "a source names the document (file) and the exact section heading it cites",
                    ),
                );
            }
        }
        self.sigs.insert(
            SmolStr::new(&d.name.text),
            Sig::Source(SourceSig {
                document: s.document.clone(),
                section: s.section.clone(),
            }),
        );
        self.hir.sources.push(s);
    }

    /// Check a source's `covers` values against the jurisdiction's enum (second pass, as it
    /// needs the whole-program tables).
    pub(super) fn source_covers(&mut self, d: &ast::SourceDecl) {
        let Some(g) = self.globals else { return };
        let Some(sig) = g.jurisdiction_enum.as_ref() else {
            return;
        };
        for f in &d.fields {
            let SourceFieldKind::Covers(ns) = &f.kind else {
                continue;
            };
            for n in ns {
                if sig.1.variant(&n.text).is_none() {
                    let s = did_you_mean(&n.text, sig.1.variants.iter().map(|v| v.name.as_str()));
                    self.error(
                        Diagnostic::error(
                            "ward::unknown-name",
                            n.span,
                            format!(
                                "`{}` is not a value of `{}`, the jurisdiction",
                                n.text, sig.0.name
                            ),
                        )
                        .label("unknown jurisdiction")
                        .did_you_mean(n.span, s),
                    );
                } else {
                    self.symbols.refer(
                        n.span,
                        Symbol::Variant(sig.0.clone(), SmolStr::new(&n.text)),
                    );
                }
            }
        }
    }
}
