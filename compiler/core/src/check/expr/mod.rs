//! Expressions: resolve every name, give every node a type, report mismatches with both types.
//!
//! Checking is bidirectional: an expected type flows down, so `organisation.nation = england`
//! finds `england` among the values of `Nation` without an import, and `{}` takes the type
//! its context wants.
//!
//! The entry point and the shape of each expression live here; resolving a bare name is in
//! `names`, dotted access (`a.b.c`) in `fields`, and operators, calls and record literals in
//! `operators`.

mod fields;
mod names;
mod operators;

use smol_str::SmolStr;
use ward_syntax::Span;
use ward_syntax::ast::{self, ExprKind, HasMode, IsTest, Quantifier};

use super::{Cx, Found, LocalVar};
use crate::diagnostic::Diagnostic;
use crate::hir::{ExprId, HKind, Lit};
use crate::interface::Sig;
use crate::symbols::Symbol;
use crate::ty::Ty;

const FUNCTIONS: &[&str] = &["count", "present"];

impl Cx<'_> {
    /// Check `e`, expecting `expected` if given; reports a mismatch and returns the node.
    pub(crate) fn expr(&mut self, e: &ast::Expr, expected: Option<&Ty>) -> ExprId {
        let id = self.expr_inner(e, expected);
        if let Some(exp) = expected {
            let ty = self.hir.expr(id).ty.clone();
            if !ty.fits(exp) {
                self.error(
                    Diagnostic::error(
                        "ward::type-mismatch",
                        e.span,
                        format!("expected `{exp}`, found `{ty}`"),
                    )
                    .label(format!("this is `{ty}`"))
                    .maybe_help(mismatch_help(exp, &ty)),
                );
            }
        }
        id
    }

    fn err_node(&mut self) -> ExprId {
        self.hir.push(HKind::Error, Ty::Any)
    }

    fn expr_inner(&mut self, e: &ast::Expr, expected: Option<&Ty>) -> ExprId {
        match &e.kind {
            ExprKind::Bool(b) => self.hir.push(HKind::Lit(Lit::Bool(*b)), Ty::Bool),
            ExprKind::Int(n) => self.hir.push(HKind::Lit(Lit::Int(*n)), Ty::Int),
            ExprKind::Decimal(d) => match d.parse::<rust_decimal::Decimal>() {
                Ok(v) => self.hir.push(HKind::Lit(Lit::Decimal(v)), Ty::Decimal),
                Err(_) => {
                    self.error(
                        Diagnostic::error(
                            "ward::number",
                            e.span,
                            format!("`{d}` is not a number Ward can hold"),
                        )
                        .label("out of range"),
                    );
                    self.err_node()
                }
            },
            ExprKind::Text(t) => self
                .hir
                .push(HKind::Lit(Lit::Text(SmolStr::new(t))), Ty::Text),
            ExprKind::Date(d) | ExprKind::DateTime(d) => match crate::time::parse_instant(d) {
                Some(at) => self.hir.push(HKind::Lit(Lit::Date(at)), Ty::Date),
                None => {
                    self.error(
                        Diagnostic::error(
                            "ward::date",
                            e.span,
                            format!("`{d}` is not a valid date"),
                        )
                        .label("no such date")
                        .help("dates are written YYYY-MM-DD, date-times YYYY-MM-DDThh:mm:ssZ"),
                    );
                    self.err_node()
                }
            },
            ExprKind::Duration { amount, unit } => {
                let p = crate::time::period(*amount, *unit);
                self.hir.push(HKind::Lit(Lit::Duration(p)), Ty::Duration)
            }
            ExprKind::Today => self.hir.push(HKind::Today, Ty::Date),
            ExprKind::Paren(inner) => self.expr_inner(inner, expected),
            ExprKind::Name(n) => self.name(n, expected),
            ExprKind::Field { .. } => self.field(e, expected),
            ExprKind::Not(inner) => {
                let x = self.expr(inner, Some(&Ty::Bool));
                self.hir.push(HKind::Not(x), Ty::Bool)
            }
            ExprKind::Neg(inner) => {
                let x = self.expr(inner, None);
                let ty = self.hir.expr(x).ty.clone();
                if !matches!(ty, Ty::Int | Ty::Decimal | Ty::Duration | Ty::Any) {
                    self.error(
                        Diagnostic::error(
                            "ward::type-mismatch",
                            e.span,
                            format!("cannot negate a `{ty}`"),
                        )
                        .label("not a number or duration"),
                    );
                }
                self.hir.push(HKind::Neg(x), ty)
            }
            ExprKind::Logic { op, operands } => {
                let ids = operands
                    .iter()
                    .map(|o| self.expr(o, Some(&Ty::Bool)))
                    .collect();
                let kind = match op {
                    ast::LogicOp::And => HKind::And(ids),
                    ast::LogicOp::Or => HKind::Or(ids),
                };
                self.hir.push(kind, Ty::Bool)
            }
            ExprKind::Arith { op, lhs, rhs } => self.arith(e.span, *op, lhs, rhs),
            ExprKind::Compare { op, lhs, rhs } => self.compare(e.span, *op, lhs, rhs),
            ExprKind::In { negated, lhs, rhs } => {
                let (elem, coll) = if self.is_unresolved_bare(lhs) && !self.is_unresolved_bare(rhs)
                {
                    let coll = self.expr(rhs, None);
                    let el_ty = self.collection_element(rhs.span, coll);
                    (self.expr(lhs, Some(&el_ty)), coll)
                } else {
                    let elem = self.expr(lhs, None);
                    let el_ty = self.hir.expr(elem).ty.clone();
                    let coll = self.expr(rhs, Some(&Ty::Set(Box::new(el_ty))));
                    self.collection_element(rhs.span, coll);
                    (elem, coll)
                };
                self.hir.push(
                    HKind::In {
                        negated: *negated,
                        elem,
                        coll,
                    },
                    Ty::Bool,
                )
            }
            ExprKind::Has { mode, lhs, rhs } => {
                let coll = self.expr(lhs, None);
                let el_ty = self.collection_element(lhs.span, coll);
                let elem = match mode {
                    HasMode::One => self.expr(rhs, Some(&el_ty)),
                    HasMode::Any | HasMode::All => self.expr(rhs, Some(&Ty::Set(Box::new(el_ty)))),
                };
                self.hir.push(
                    HKind::Has {
                        mode: *mode,
                        coll,
                        elem,
                    },
                    Ty::Bool,
                )
            }
            ExprKind::Is { test, operand } => {
                let x = self.expr(operand, None);
                if matches!(test, IsTest::Empty | IsTest::NotEmpty) {
                    self.collection_element(operand.span, x);
                }
                self.hir.push(
                    HKind::Is {
                        test: *test,
                        operand: x,
                    },
                    Ty::Bool,
                )
            }
            ExprKind::Quant {
                kind,
                var,
                collection,
                filter,
            } => {
                let coll = self.expr(collection, None);
                let el_ty = self.collection_element(collection.span, coll);
                let local = self.bind_local(var, el_ty);
                if let Some(f) = filter
                    && let ExprKind::Logic {
                        op: ast::LogicOp::Or,
                        operands,
                    } = &f.kind
                {
                    let q = match kind {
                        Quantifier::Any => "any",
                        Quantifier::All => "all",
                    };
                    self.error(
                            Diagnostic::warning(
                                "ward::quantifier-scope",
                                operands[1].span,
                                "this `or` is part of the `where` condition",
                            )
                            .label("tested for each element")
                            .help(format!(
                                "`where` runs to the end of the expression; write `{q} {v} in … where (… or …)` if that is meant, or `({q} {v} in … where …) or …`",
                                v = var.text
                            )),
                        );
                }
                let f = filter.as_ref().map(|f| self.expr(f, Some(&Ty::Bool)));
                self.locals.pop();
                if f.is_none() && *kind == Quantifier::All {
                    self.error(
                        Diagnostic::error(
                            "ward::quantifier",
                            e.span,
                            "`all` needs a `where` condition",
                        )
                        .label("all of them … what?")
                        .help(format!("write `all {} in … where <condition>`", var.text)),
                    );
                }
                self.hir.push(
                    HKind::Quant {
                        kind: *kind,
                        local,
                        coll,
                        filter: f,
                    },
                    Ty::Bool,
                )
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                let c = self.expr(cond, Some(&Ty::Bool));
                let t = self.expr(then, expected);
                let t_ty = self.hir.expr(t).ty.clone();
                let o = self.expr(otherwise, Some(&t_ty));
                self.hir.push(
                    HKind::If {
                        cond: c,
                        then: t,
                        otherwise: o,
                    },
                    t_ty,
                )
            }
            ExprKind::Call { func, args } => self.call(e.span, func, args),
            ExprKind::Set(items) | ExprKind::List(items) => {
                let is_set = matches!(e.kind, ExprKind::Set(_));
                let mut el = expected.and_then(|t| t.element()).cloned();
                let mut ids = Vec::new();
                for it in items {
                    let id = self.expr(it, el.as_ref());
                    if el.is_none() {
                        el = Some(self.hir.expr(id).ty.clone());
                    }
                    ids.push(id);
                }
                let el = Box::new(el.unwrap_or(Ty::Any));
                if is_set {
                    self.hir.push(HKind::SetLit(ids), Ty::Set(el))
                } else {
                    self.hir.push(HKind::ListLit(ids), Ty::List(el))
                }
            }
            ExprKind::Record(fields) => self.record_literal(e.span, fields, expected),
        }
    }

    /// A name that resolves to nothing as a value: an enum value waiting for its type.
    fn is_unresolved_bare(&mut self, e: &ast::Expr) -> bool {
        let ExprKind::Name(n) = &e.kind else {
            return false;
        };
        if self.locals.iter().any(|l| l.name == n.text) {
            return false;
        }
        if self.self_record.is_some() {
            return false;
        }
        !matches!(
            self.peek(&n.text),
            Some(Found::Item(_, Sig::Fact(_) | Sig::Def(_)))
        )
    }

    pub(crate) fn bind_local(&mut self, var: &ast::Name, ty: Ty) -> u32 {
        let id = self.next_local;
        self.next_local += 1;
        self.symbols.define(var.span, Symbol::Local(var.span));
        self.locals.push(LocalVar {
            name: SmolStr::new(&var.text),
            id,
            ty,
            span: var.span,
        });
        id
    }

    /// The element type of a collection node, reporting a non-collection.
    fn collection_element(&mut self, span: Span, id: ExprId) -> Ty {
        let ty = self.hir.expr(id).ty.clone();
        match ty.element() {
            Some(el) => el.clone(),
            None => {
                self.error(
                    Diagnostic::error(
                        "ward::type-mismatch",
                        span,
                        format!("expected a list or set, found `{ty}`"),
                    )
                    .label(format!("this is `{ty}`, not a collection"))
                    .help(
                        "`has`, `in`, `is empty`, `count` and quantifiers work on lists and sets",
                    ),
                );
                Ty::Any
            }
        }
    }
}

fn mismatch_help(expected: &Ty, found: &Ty) -> Option<String> {
    match (expected, found) {
        (Ty::Bool, Ty::Enum(e)) => {
            Some(format!("compare it with a value: `… = <{} value>`", e.name))
        }
        (Ty::Bool, Ty::Set(_) | Ty::List(_)) => {
            Some("test membership with `has` or `is not empty`".into())
        }
        (Ty::Set(_), t) if t.is_scalar() => Some("write a set of values: `{a, b}`".into()),
        _ => None,
    }
}
