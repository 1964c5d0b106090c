//! Derived values: checked on first reference, so a name resolves exactly as in any other
//! expression, with cycles reported where they close.

use smol_str::SmolStr;
use ward_syntax::ast::ItemKind;

use crate::check::{Cx, DefState};
use crate::diagnostic::Diagnostic;
use crate::hir::HDef;
use crate::interface::{DefSig, Sig};
use crate::symbols::Symbol;
use crate::ty::Ty;

impl Cx<'_> {
    /// Derived values. Each is checked when first referred to (so that a reference resolves
    /// exactly as in any other expression: an enum value named like a derived value is still
    /// the enum value); a reference back into a def being checked is a cycle.
    pub(super) fn defs(&mut self) {
        let items = self.items;
        for (i, it) in items.iter().enumerate() {
            if let ItemKind::Def(d) = &it.kind
                && self.local_is(&d.name.text, it)
            {
                self.pending_defs
                    .insert(SmolStr::new(&d.name.text), (i, DefState::Waiting));
            }
        }
        let names: Vec<SmolStr> = self.pending_defs.keys().cloned().collect();
        for n in names {
            self.infer_def(&n, None);
        }
    }

    /// Check the derived value `name` now if it has not been; `from` is the reference that
    /// asks for it. Returns false when the reference closes a cycle.
    pub(crate) fn infer_def(&mut self, name: &str, from: Option<ward_syntax::Span>) -> bool {
        let Some(&(i, state)) = self.pending_defs.get(name) else {
            return true;
        };
        match state {
            DefState::Done => return true,
            DefState::Checking => {
                let chain: Vec<String> = self.def_stack.iter().map(|s| format!("`{s}`")).collect();
                let ItemKind::Def(d) = &self.items[i].kind else {
                    return false;
                };
                self.error(
                    Diagnostic::error(
                        "ward::def-cycle",
                        from.unwrap_or(d.name.span),
                        format!("derived value `{name}` depends on itself"),
                    )
                    .label("refers back into a derived value being computed")
                    .related(None, d.name.span, format!("`{name}` is defined here"))
                    .help(format!(
                        "the cycle runs through {}; a derived value must be computable from facts",
                        chain.join(" → ")
                    )),
                );
                return false;
            }
            DefState::Waiting => {}
        }
        if self.def_stack.len() >= crate::limits::MAX_DEF_DEPTH {
            let ItemKind::Def(d) = &self.items[i].kind else {
                return false;
            };
            self.error(
                Diagnostic::error(
                    "ward::limit",
                    d.name.span,
                    format!(
                        "derived values refer to each other more than {} deep",
                        crate::limits::MAX_DEF_DEPTH
                    ),
                )
                .label("too deep"),
            );
            self.sigs
                .insert(SmolStr::new(name), Sig::Def(DefSig { ty: Ty::Any }));
            self.pending_defs
                .insert(SmolStr::new(name), (i, DefState::Done));
            return false;
        }
        self.pending_defs
            .insert(SmolStr::new(name), (i, DefState::Checking));
        self.def_stack.push(SmolStr::new(name));
        let item = &self.items[i];
        let ItemKind::Def(d) = &item.kind else {
            return true;
        };
        let r = self.item_ref(&d.name.text);
        self.symbols.define(d.name.span, Symbol::Item(r));
        // Bodies are checked without the locals of whatever expression asked for them.
        let saved_locals = std::mem::take(&mut self.locals);
        let saved_self = self.self_record.take();
        let annotated = d.ty.as_ref().map(|t| self.resolve_type(t));
        let body = self.expr(&d.body, annotated.as_ref());
        self.locals = saved_locals;
        self.self_record = saved_self;
        let ty = annotated.unwrap_or_else(|| self.hir.expr(body).ty.clone());
        self.sigs.insert(
            SmolStr::new(&d.name.text),
            Sig::Def(DefSig { ty: ty.clone() }),
        );
        self.hir.defs.push(HDef {
            name: SmolStr::new(&d.name.text),
            doc: item.docs.text(),
            ty,
            body,
        });
        self.def_stack.pop();
        self.pending_defs
            .insert(SmolStr::new(name), (i, DefState::Done));
        true
    }
}
