//! Facts: what a case may state, with their types and defaults.

use smol_str::SmolStr;
use ward_syntax::ast;

use crate::check::Cx;
use crate::diagnostic::Diagnostic;
use crate::hir::HFact;
use crate::interface::{FactSig, Sig};
use crate::symbols::Symbol;
use crate::ty::Ty;

impl Cx<'_> {
    pub(super) fn fact_decl(&mut self, item: &ast::Item, d: &ast::FactDecl) {
        if !self.local_is(&d.name.text, item) {
            return;
        }
        self.symbols
            .define(d.name.span, Symbol::Item(self.item_ref(&d.name.text)));
        let ty = self.resolve_type(&d.ty);
        if d.optional && !matches!(ty, Ty::Record(_) | Ty::Any) {
            self.error(
                Diagnostic::error("ward::optional", d.ty.span(), "only a record fact can be `optional`")
                    .label(format!("`{ty}` is not a record"))
                    .help("any fact may be left out of a case and is then unknown; `optional` says a whole record may be absent"),
            );
        }
        self.sigs.insert(
            SmolStr::new(&d.name.text),
            Sig::Fact(FactSig {
                ty: ty.clone(),
                optional: d.optional,
                ask: d.ask.as_ref().map(|a| a.value.clone()),
            }),
        );
        self.hir.facts.push(HFact {
            name: SmolStr::new(&d.name.text),
            doc: item.docs.text(),
            ty,
            ask: d.ask.as_ref().map(|a| a.value.clone()),
            optional: d.optional,
            default: None,
        });
    }

    pub(super) fn fact_default(&mut self, d: &ast::FactDecl) {
        let Some(default) = &d.default else { return };
        let Some(fi) = self.hir.facts.iter().position(|f| f.name == d.name.text) else {
            return;
        };
        let ty = self.hir.facts[fi].ty.clone();
        let id = self.default_value(default, &ty);
        self.hir.facts[fi].default = Some(id);
    }

    /// `default v when c` means `if c then v else unknown`.
    pub(super) fn default_value(&mut self, d: &ast::Default, ty: &Ty) -> crate::hir::ExprId {
        let value = self.expr(&d.value, Some(ty));
        match &d.when {
            None => value,
            Some(w) => {
                let cond = self.expr(w, Some(&Ty::Bool));
                let unknown = self.hir.push(crate::hir::HKind::Unknown, ty.clone());
                self.hir.push(
                    crate::hir::HKind::If {
                        cond,
                        then: value,
                        otherwise: unknown,
                    },
                    ty.clone(),
                )
            }
        }
    }
}
