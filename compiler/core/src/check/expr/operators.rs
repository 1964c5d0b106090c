//! Operators, calls and record literals: the operand types each one accepts and the type it
//! gives, with a help line naming both types on a mismatch.

use smol_str::SmolStr;
use ward_syntax::Span;
use ward_syntax::ast::{self, ArithOp, CompareOp, ExprKind};

use super::FUNCTIONS;
use crate::check::{Cx, Found, Use};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::hir::{ExprId, HKind};
use crate::interface::Sig;
use crate::symbols::Symbol;
use crate::ty::Ty;

impl Cx<'_> {
    pub(super) fn arith(
        &mut self,
        span: Span,
        op: ArithOp,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
    ) -> ExprId {
        let l = self.expr(lhs, None);
        let r = self.expr(rhs, None);
        let (lt, rt) = (self.hir.expr(l).ty.clone(), self.hir.expr(r).ty.clone());
        use Ty::*;
        let result = match (op, &lt, &rt) {
            (_, Any, _) | (_, _, Any) => Some(Any),
            (ArithOp::Add | ArithOp::Sub | ArithOp::Mul, Int, Int) => Some(Int),
            (ArithOp::Div, Int | Decimal, Int | Decimal) => Some(Decimal),
            (_, Int | Decimal, Int | Decimal) => Some(Decimal),
            (ArithOp::Add | ArithOp::Sub, Date, Duration) => Some(Date),
            (ArithOp::Add, Duration, Date) => Some(Date),
            (ArithOp::Sub, Date, Date) => Some(Duration),
            (ArithOp::Add | ArithOp::Sub, Duration, Duration) => Some(Duration),
            (ArithOp::Mul, Duration, Int) | (ArithOp::Mul, Int, Duration) => Some(Duration),
            _ => None,
        };
        let ty = result.unwrap_or_else(|| {
            let verb = match op {
                ArithOp::Add => "add",
                ArithOp::Sub => "subtract",
                ArithOp::Mul => "multiply",
                ArithOp::Div => "divide",
            };
            self.error(
                Diagnostic::error(
                    "ward::type-mismatch",
                    span,
                    format!("cannot {verb} `{lt}` and `{rt}`"),
                )
                .label(format!("`{lt}` and `{rt}`"))
                .help(
                    "dates take durations (`incident.aware_at + 72 hours`); numbers take numbers",
                ),
            );
            Any
        });
        self.hir.push(HKind::Arith { op, lhs: l, rhs: r }, ty)
    }

    pub(super) fn compare(
        &mut self,
        span: Span,
        op: CompareOp,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
    ) -> ExprId {
        let (l, r) = if self.is_unresolved_bare(lhs) && !self.is_unresolved_bare(rhs) {
            let r = self.expr(rhs, None);
            let rt = self.hir.expr(r).ty.clone();
            (self.expr(lhs, Some(&rt)), r)
        } else {
            let l = self.expr(lhs, None);
            let lt = self.hir.expr(l).ty.clone();
            (l, self.expr(rhs, Some(&lt)))
        };
        let (lt, rt) = (self.hir.expr(l).ty.clone(), self.hir.expr(r).ty.clone());
        let ordered = matches!(
            op,
            CompareOp::Lt | CompareOp::Le | CompareOp::Gt | CompareOp::Ge
        );
        if ordered {
            let ok =
                |t: &Ty| matches!(t, Ty::Int | Ty::Decimal | Ty::Date | Ty::Duration | Ty::Any);
            if !ok(&lt) || !ok(&rt) {
                self.error(
                    Diagnostic::error(
                        "ward::type-mismatch",
                        span,
                        format!(
                            "`{}` orders numbers, dates and durations, not `{lt}`",
                            op.symbol()
                        ),
                    )
                    .label(format!("`{lt}` {} `{rt}`", op.symbol())),
                );
            }
        } else if !lt.is_scalar() {
            self.error(
                Diagnostic::error(
                    "ward::type-mismatch",
                    span,
                    format!("a `{lt}` cannot be compared with `{}`", op.symbol()),
                )
                .label("records and lists are not compared whole")
                .help("compare a field, or test membership with `has`"),
            );
        }
        self.hir
            .push(HKind::Compare { op, lhs: l, rhs: r }, Ty::Bool)
    }

    pub(super) fn call(&mut self, span: Span, func: &ast::Name, args: &[ast::Expr]) -> ExprId {
        let arity = |cx: &mut Cx<'_>, n: usize| {
            if args.len() != n {
                cx.error(
                    Diagnostic::error(
                        "ward::arity",
                        span,
                        format!("`{}` takes {n} argument, not {}", func.text, args.len()),
                    )
                    .label("wrong number of arguments"),
                );
                // The arguments are still checked: a mistake in one is reported too, and the
                // names they use are not reported as unused.
                for a in args {
                    cx.expr(a, None);
                }
                false
            } else {
                true
            }
        };
        match func.text.as_str() {
            "count" => {
                if !arity(self, 1) {
                    return self.hir.push(HKind::Error, Ty::Int);
                }
                let x = self.expr(&args[0], None);
                self.collection_element(args[0].span, x);
                self.hir.push(HKind::Count(x), Ty::Int)
            }
            "present" => {
                if !arity(self, 1) {
                    return self.hir.push(HKind::Error, Ty::Bool);
                }
                if let ExprKind::Name(n) = &args[0].kind {
                    if self.peek(&n.text).is_none() {
                        // Say what is really wrong: the name itself.
                        self.unknown_value(n, None);
                        return self.hir.push(HKind::Error, Ty::Bool);
                    }
                    if let Some(Found::Item(r, Sig::Fact(f))) = self.lookup(&n.text) {
                        self.symbols.refer(n.span, Symbol::Item(r.clone()));
                        if f.optional {
                            self.uses.insert(Use::Fact(r.clone()));
                            return self.hir.push(HKind::Present(r), Ty::Bool);
                        }
                        self.error(
                            Diagnostic::error(
                                "ward::present",
                                args[0].span,
                                format!("`{}` is not an optional fact", n.text),
                            )
                            .label("always part of the case")
                            .help("`present` asks whether an `optional` record was supplied; an ordinary fact that is left out is unknown, and `is known` asks that"),
                        );
                        return self.hir.push(HKind::Error, Ty::Bool);
                    }
                }
                self.error(
                    Diagnostic::error(
                        "ward::present",
                        args[0].span,
                        "`present` takes the name of an optional fact",
                    )
                    .label("not an optional fact"),
                );
                self.hir.push(HKind::Error, Ty::Bool)
            }
            other => {
                let s = did_you_mean(other, FUNCTIONS.iter().copied());
                self.error(
                    Diagnostic::error(
                        "ward::unknown-function",
                        func.span,
                        format!("there is no function `{other}`"),
                    )
                    .label("unknown function")
                    .help(match s {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("Ward's functions are {}", FUNCTIONS.join(" and ")),
                    })
                    .replace_with(func.span, s),
                );
                for a in args {
                    self.expr(a, None);
                }
                self.err_node()
            }
        }
    }

    pub(super) fn record_literal(
        &mut self,
        span: Span,
        fields: &[(ast::Name, ast::Expr)],
        expected: Option<&Ty>,
    ) -> ExprId {
        if !self.in_given {
            self.error(
                Diagnostic::error(
                    "ward::record-literal",
                    span,
                    "record values are written only in a test's `given`",
                )
                .label("record value"),
            );
            return self.err_node();
        }
        let Some((r, rs)) = expected.and_then(|t| self.record_sig(t)) else {
            self.error(
                Diagnostic::error(
                    "ward::type-mismatch",
                    span,
                    format!(
                        "a record is not a `{}`",
                        expected.map(|t| t.to_string()).unwrap_or("_".into())
                    ),
                )
                .label("record value"),
            );
            return self.err_node();
        };
        let mut out = Vec::new();
        for (n, v) in fields {
            match rs.field(&n.text) {
                Some(i) => {
                    self.symbols
                        .refer(n.span, Symbol::Field(r.clone(), SmolStr::new(&n.text)));
                    let id = self.expr(v, Some(&rs.fields[i].ty));
                    out.push((i as u16, id));
                }
                None => {
                    let s = did_you_mean(&n.text, rs.fields.iter().map(|f| f.name.as_str()));
                    self.error(
                        Diagnostic::error(
                            "ward::unknown-field",
                            n.span,
                            format!("`{}` has no field `{}`", r.name, n.text),
                        )
                        .label("unknown field")
                        .did_you_mean(n.span, s),
                    );
                }
            }
        }
        self.hir.push(HKind::RecordLit(out), Ty::Record(r))
    }
}
