//! Enums and records: their variants and fields, checked in the first pass so that every
//! module sees their shapes, with field defaults checked once every type is known.

use std::collections::HashMap;

use smol_str::SmolStr;
use ward_syntax::ast;

use crate::check::Cx;
use crate::diagnostic::Diagnostic;
use crate::hir::{HEnum, HField, HRecord, HVariant};
use crate::interface::{EnumSig, FieldSig, RecordSig, Sig, VariantSig};
use crate::symbols::Symbol;
use crate::ty::Ty;

impl Cx<'_> {
    pub(super) fn enum_decl(&mut self, item: &ast::Item, d: &ast::EnumDecl) {
        if !self.local_is(&d.name.text, item) {
            return;
        }
        let r = self.item_ref(&d.name.text);
        self.symbols.define(d.name.span, Symbol::Item(r.clone()));
        let mut seen: HashMap<&str, ward_syntax::Span> = HashMap::new();
        let mut variants = Vec::new();
        let mut hvariants = Vec::new();
        for v in &d.variants {
            if let Some(prev) = seen.insert(&v.name.text, v.name.span) {
                self.error(
                    Diagnostic::error(
                        "ward::duplicate-definition",
                        v.name.span,
                        format!(
                            "`{}` is listed twice in enum `{}`",
                            v.name.text, d.name.text
                        ),
                    )
                    .label("listed again")
                    .related(None, prev, "first listed here"),
                );
                continue;
            }
            self.symbols.define(
                v.name.span,
                Symbol::Variant(r.clone(), SmolStr::new(&v.name.text)),
            );
            variants.push(VariantSig {
                name: SmolStr::new(&v.name.text),
                means_unknown: v.means_unknown,
            });
            hvariants.push(HVariant {
                name: SmolStr::new(&v.name.text),
                doc: v.docs.text(),
                means_unknown: v.means_unknown,
            });
        }
        if variants.is_empty() {
            self.error(
                Diagnostic::error(
                    "ward::empty-enum",
                    d.name.span,
                    format!("enum `{}` has no values", d.name.text),
                )
                .label("empty")
                .help("list its values: `enum Nation { england, wales }`"),
            );
        }
        if variants.len() > crate::limits::MAX_ENUM_VALUES {
            self.error(
                Diagnostic::error(
                    "ward::limit",
                    d.name.span,
                    format!(
                        "enum `{}` has {} values; Ward allows {}",
                        d.name.text,
                        variants.len(),
                        crate::limits::MAX_ENUM_VALUES
                    ),
                )
                .label("too many values"),
            );
            variants.truncate(crate::limits::MAX_ENUM_VALUES);
            hvariants.truncate(crate::limits::MAX_ENUM_VALUES);
        }
        self.sigs
            .insert(SmolStr::new(&d.name.text), Sig::Enum(EnumSig { variants }));
        self.hir.enums.push(HEnum {
            name: SmolStr::new(&d.name.text),
            doc: item.docs.text(),
            variants: hvariants,
        });
    }

    pub(super) fn record_decl(&mut self, item: &ast::Item, d: &ast::RecordDecl) {
        if !self.local_is(&d.name.text, item) {
            return;
        }
        let r = self.item_ref(&d.name.text);
        self.symbols.define(d.name.span, Symbol::Item(r.clone()));
        let mut fields = Vec::new();
        let mut hfields = Vec::new();
        let mut seen: HashMap<&str, ward_syntax::Span> = HashMap::new();
        for f in &d.fields {
            if let Some(prev) = seen.insert(&f.name.text, f.name.span) {
                self.error(
                    Diagnostic::error(
                        "ward::duplicate-definition",
                        f.name.span,
                        format!(
                            "record `{}` has two fields called `{}`",
                            d.name.text, f.name.text
                        ),
                    )
                    .label("declared again")
                    .related(None, prev, "first declared here"),
                );
                continue;
            }
            self.symbols.define(
                f.name.span,
                Symbol::Field(r.clone(), SmolStr::new(&f.name.text)),
            );
            let ty = self.resolve_type(&f.ty);
            if ty == Ty::Record(r.clone()) {
                self.error(
                    Diagnostic::error(
                        "ward::type",
                        f.ty.span(),
                        format!("record `{}` cannot contain itself", d.name.text),
                    )
                    .label("recursive field")
                    .help("use `list<…>` if the record holds several of its own kind"),
                );
            }
            fields.push(FieldSig {
                name: SmolStr::new(&f.name.text),
                ty: ty.clone(),
                ask: f.ask.as_ref().map(|a| a.value.clone()),
                has_default: f.default.is_some(),
            });
            hfields.push(HField {
                name: SmolStr::new(&f.name.text),
                doc: f.docs.text(),
                ty,
                ask: f.ask.as_ref().map(|a| a.value.clone()),
                default: None,
            });
        }
        self.sigs.insert(
            SmolStr::new(&d.name.text),
            Sig::Record(RecordSig { fields }),
        );
        self.hir.records.push(HRecord {
            name: SmolStr::new(&d.name.text),
            doc: item.docs.text(),
            fields: hfields,
        });
    }

    pub(super) fn record_defaults(&mut self, d: &ast::RecordDecl) {
        let Some(ri) = self.hir.records.iter().position(|r| r.name == d.name.text) else {
            return;
        };
        let r = self.item_ref(&d.name.text);
        for f in &d.fields {
            let Some(default) = &f.default else { continue };
            let Some(fi) = self.hir.records[ri]
                .fields
                .iter()
                .position(|hf| hf.name == f.name.text)
            else {
                continue;
            };
            let ty = self.hir.records[ri].fields[fi].ty.clone();
            self.self_record = Some(r.clone());
            let id = self.default_value(default, &ty);
            self.self_record = None;
            self.hir.records[ri].fields[fi].default = Some(id);
        }
    }
}
