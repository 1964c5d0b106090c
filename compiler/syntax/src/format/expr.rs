//! Printing expressions and `given` values that do not fit on one line: a long condition
//! breaks at its top-level `and`/`or`, a long list puts one element per line.

use crate::ast::*;

use super::flat::expr_flat;
use super::{INDENT, Printer, WIDTH};

impl Printer<'_> {
    /// A `given` value; long lists put one element per line.
    pub(super) fn value(&mut self, v: &Expr, indent: usize) {
        let flat = expr_flat(v);
        if self.col() + flat.len() <= WIDTH {
            self.out.push_str(&flat);
            return;
        }
        match &v.kind {
            ExprKind::List(items) | ExprKind::Set(items) => {
                let (open, close) = if matches!(v.kind, ExprKind::List(_)) {
                    ('[', ']')
                } else {
                    ('{', '}')
                };
                self.out.push(open);
                self.newline();
                for it in items {
                    self.indent(indent + INDENT);
                    self.value(it, indent + INDENT);
                    self.out.push(',');
                    self.newline();
                }
                self.indent(indent);
                self.out.push(close);
            }
            ExprKind::Record(fields) => {
                self.out.push('{');
                self.newline();
                for (n, fv) in fields {
                    self.indent(indent + INDENT);
                    self.out.push_str(&n.text);
                    self.out.push_str(" = ");
                    self.value(fv, indent + INDENT);
                    self.out.push(',');
                    self.newline();
                }
                self.indent(indent);
                self.out.push('}');
            }
            _ => self.out.push_str(&flat),
        }
    }

    /// An expression starting at the current column; breaks `and`/`or` chains that do not fit
    /// or that contain comments, one operand per line.
    pub(super) fn expr(&mut self, e: &Expr, indent: usize) {
        let flat = expr_flat(e);
        let commented = self.has_comment_within(e.span);
        if self.col() + flat.len() <= WIDTH && !commented {
            self.out.push_str(&flat);
            return;
        }
        match &e.kind {
            ExprKind::Logic { op, operands } => {
                let kw = match op {
                    LogicOp::And => "and ",
                    LogicOp::Or => "or ",
                };
                for (i, o) in operands.iter().enumerate() {
                    if i > 0 {
                        self.newline();
                        self.leading(o.span.start, indent + INDENT);
                        self.indent(indent + INDENT);
                        self.out.push_str(kw);
                    }
                    self.expr(o, indent + INDENT);
                    if let Some(next) = operands.get(i + 1) {
                        self.trailing_before(o.span.end, next.span.start);
                    }
                }
            }
            ExprKind::Paren(inner) if matches!(inner.kind, ExprKind::Logic { .. }) => {
                self.out.push('(');
                self.newline();
                self.leading(inner.span.start, indent + INDENT);
                self.indent(indent + INDENT);
                self.expr(inner, indent + INDENT);
                self.trailing(inner.span.end);
                self.newline();
                self.leading(e.span.end - 1, indent + INDENT);
                self.indent(indent);
                self.out.push(')');
            }
            ExprKind::Not(inner) if matches!(inner.kind, ExprKind::Paren(_)) => {
                self.out.push_str("not ");
                self.expr(inner, indent);
            }
            ExprKind::Quant {
                kind,
                var,
                collection,
                filter: Some(f),
            } => {
                self.out.push_str(match kind {
                    Quantifier::Any => "any ",
                    Quantifier::All => "all ",
                });
                self.out
                    .push_str(&format!("{} in {} where", var.text, expr_flat(collection)));
                self.newline();
                self.leading(f.span.start, indent + INDENT);
                self.indent(indent + INDENT);
                self.expr(f, indent + INDENT);
            }
            _ => self.out.push_str(&flat),
        }
    }
}
