//! Dotted access: `module.item`, `Enum.value` and `record.field`, told apart by what the
//! left-hand side resolves to.

use smol_str::SmolStr;
use ward_syntax::ast::{self, ExprKind};

use crate::check::{Cx, Found, Use};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::hir::{ExprId, HKind};
use crate::interface::Sig;
use crate::symbols::Symbol;
use crate::ty::{ItemRef, Ty};

impl Cx<'_> {
    /// `a.b.c`: module-qualified items, `Enum.value`, and field access on records.
    pub(super) fn field(&mut self, e: &ast::Expr, expected: Option<&Ty>) -> ExprId {
        let ExprKind::Field { base, field } = &e.kind else {
            unreachable!("called on a field")
        };
        // `Enum.value` and `module.item` start with a bare name that is not a value.
        if let ExprKind::Name(head) = &base.kind {
            let is_local = self.locals.iter().any(|l| l.name == head.text)
                || (self.self_record.is_some() && self.self_field(&head.text));
            if !is_local {
                match self.peek(&head.text) {
                    Some(Found::Item(r, Sig::Enum(es))) => {
                        self.lookup(&head.text);
                        self.symbols.refer(head.span, Symbol::Item(r.clone()));
                        return self.qualified_variant(&r, &es, field);
                    }
                    Some(Found::Module(m)) => {
                        self.lookup(&head.text);
                        return self.module_member(&m, head, field, expected);
                    }
                    _ => {}
                }
            }
        }
        let b = self.expr(base, None);
        let bty = self.hir.expr(b).ty.clone();
        if bty.is_any() {
            return self.err_node();
        }
        match self.record_sig(&bty) {
            Some((r, rs)) => match rs.field(&field.text) {
                Some(i) => {
                    self.symbols.refer(
                        field.span,
                        Symbol::Field(r.clone(), SmolStr::new(&field.text)),
                    );
                    self.uses
                        .insert(Use::Field(r.clone(), SmolStr::new(&field.text)));
                    let ty = rs.fields[i].ty.clone();
                    self.hir.push(
                        HKind::Field {
                            base: b,
                            record: r,
                            index: i as u16,
                        },
                        ty,
                    )
                }
                None => {
                    let s = did_you_mean(&field.text, rs.fields.iter().map(|f| f.name.as_str()));
                    let all: Vec<&str> = rs.fields.iter().map(|f| f.name.as_str()).collect();
                    self.error(
                        Diagnostic::error(
                            "ward::unknown-field",
                            field.span,
                            format!("`{}` has no field `{}`", r.name, field.text),
                        )
                        .label("unknown field")
                        .help(match s {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("its fields are: {}", all.join(", ")),
                        })
                        .replace_with(field.span, s),
                    );
                    self.err_node()
                }
            },
            None => {
                let help = match &bty {
                    Ty::List(el) => self
                        .record_sig(el)
                        .map(|(r, _)| {
                            format!(
                                "this is a list of `{}`: test its elements with `any x in {} where x.{} …`",
                                r.name,
                                ward_syntax::format::expr_flat(base),
                                field.text
                            )
                        }),
                    _ => None,
                };
                self.error(
                    Diagnostic::error(
                        "ward::type-mismatch",
                        field.span,
                        format!(
                            "a `{bty}` has no fields, so `.{}` means nothing here",
                            field.text
                        ),
                    )
                    .label("no such field")
                    .maybe_help(help),
                );
                self.err_node()
            }
        }
    }

    pub(super) fn self_field(&self, name: &str) -> bool {
        self.self_record
            .as_ref()
            .and_then(|r| self.sig_of(r))
            .is_some_and(|s| matches!(s, Sig::Record(rs) if rs.field(name).is_some()))
    }

    pub(super) fn qualified_variant(
        &mut self,
        r: &ItemRef,
        es: &crate::interface::EnumSig,
        field: &ast::Name,
    ) -> ExprId {
        match es.variant(&field.text) {
            Some(i) => {
                self.symbols.refer(
                    field.span,
                    Symbol::Variant(r.clone(), SmolStr::new(&field.text)),
                );
                self.hir.push(
                    HKind::Variant {
                        enum_: r.clone(),
                        index: i as u16,
                    },
                    Ty::Enum(r.clone()),
                )
            }
            None => {
                let s = did_you_mean(&field.text, es.variants.iter().map(|v| v.name.as_str()));
                self.error(
                    Diagnostic::error(
                        "ward::unknown-value",
                        field.span,
                        format!("`{}` has no value `{}`", r.name, field.text),
                    )
                    .label("unknown value")
                    .did_you_mean(field.span, s),
                );
                self.err_node()
            }
        }
    }

    pub(super) fn module_member(
        &mut self,
        m: &str,
        head: &ast::Name,
        field: &ast::Name,
        expected: Option<&Ty>,
    ) -> ExprId {
        self.symbols
            .refer(head.span, Symbol::Module(SmolStr::new(m)));
        let Some(iface) = self.interface_of(m) else {
            return self.err_node();
        };
        let r = ItemRef::new(m, field.text.as_str());
        match iface.get(&field.text).cloned() {
            Some(Sig::Fact(f)) => {
                self.symbols.refer(field.span, Symbol::Item(r.clone()));
                self.uses.insert(Use::Fact(r.clone()));
                self.hir.push(HKind::Fact(r), f.ty)
            }
            Some(Sig::Def(d)) => {
                self.symbols.refer(field.span, Symbol::Item(r.clone()));
                self.hir.push(HKind::Def(r), d.ty)
            }
            Some(other) => {
                self.error(
                    Diagnostic::error(
                        "ward::not-a-value",
                        field.span,
                        format!(
                            "`{}` is {}, not a value",
                            field.text,
                            other.kind_with_article()
                        ),
                    )
                    .label("not a value"),
                );
                self.err_node()
            }
            None => {
                let _ = expected;
                self.error(crate::scope::unknown_member(
                    m,
                    field.span,
                    &field.text,
                    iface,
                ));
                self.err_node()
            }
        }
    }
}
