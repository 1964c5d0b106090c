//! One-line text of the tree: an expression, a type, a path or a citation printed flat, with
//! string escapes. The printer measures this text to decide whether a node fits on its line.

use crate::ast::*;

pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(super) fn path(p: &Path) -> String {
    p.text()
}

pub(super) fn type_expr(t: &TypeExpr) -> String {
    match t {
        TypeExpr::Named(p) => path(p),
        TypeExpr::List(inner, _) => format!("list<{}>", type_expr(inner)),
        TypeExpr::Set(inner, _) => format!("set<{}>", type_expr(inner)),
    }
}

/// An expression on one line, exactly as the tree says (parentheses are tree nodes).
pub fn expr_flat(e: &Expr) -> String {
    let mut s = String::new();
    write_flat(e, &mut s);
    s
}

fn write_flat(e: &Expr, s: &mut String) {
    match &e.kind {
        ExprKind::Bool(b) => s.push_str(if *b { "true" } else { "false" }),
        ExprKind::Int(n) => s.push_str(&n.to_string()),
        ExprKind::Decimal(d) | ExprKind::Date(d) | ExprKind::DateTime(d) => s.push_str(d),
        ExprKind::Text(t) => s.push_str(&escape(t)),
        ExprKind::Duration { amount, unit } => {
            s.push_str(&format!("{amount} {}", unit.keyword(*amount)))
        }
        ExprKind::Today => s.push_str("today"),
        ExprKind::Name(n) => s.push_str(&n.text),
        ExprKind::Field { base, field } => {
            write_flat(base, s);
            s.push('.');
            s.push_str(&field.text);
        }
        ExprKind::Paren(inner) => {
            s.push('(');
            write_flat(inner, s);
            s.push(')');
        }
        ExprKind::Not(inner) => {
            s.push_str("not ");
            write_flat(inner, s);
        }
        ExprKind::Neg(inner) => {
            s.push('-');
            write_flat(inner, s);
        }
        ExprKind::Logic { op, operands } => {
            let sep = match op {
                LogicOp::And => " and ",
                LogicOp::Or => " or ",
            };
            for (i, o) in operands.iter().enumerate() {
                if i > 0 {
                    s.push_str(sep);
                }
                write_flat(o, s);
            }
        }
        ExprKind::Arith { op, lhs, rhs } => {
            write_flat(lhs, s);
            s.push_str(match op {
                ArithOp::Add => " + ",
                ArithOp::Sub => " - ",
                ArithOp::Mul => " * ",
                ArithOp::Div => " / ",
            });
            write_flat(rhs, s);
        }
        ExprKind::Compare { op, lhs, rhs } => {
            write_flat(lhs, s);
            s.push(' ');
            s.push_str(op.symbol());
            s.push(' ');
            write_flat(rhs, s);
        }
        ExprKind::In { negated, lhs, rhs } => {
            write_flat(lhs, s);
            s.push_str(if *negated { " not in " } else { " in " });
            write_flat(rhs, s);
        }
        ExprKind::Has { mode, lhs, rhs } => {
            write_flat(lhs, s);
            s.push_str(match mode {
                HasMode::One => " has ",
                HasMode::Any => " has any ",
                HasMode::All => " has all ",
            });
            write_flat(rhs, s);
        }
        ExprKind::Is { test, operand } => {
            write_flat(operand, s);
            s.push_str(match test {
                IsTest::Empty => " is empty",
                IsTest::NotEmpty => " is not empty",
                IsTest::Unknown => " is unknown",
                IsTest::Known => " is known",
            });
        }
        ExprKind::Quant {
            kind,
            var,
            collection,
            filter,
        } => {
            s.push_str(match kind {
                Quantifier::Any => "any ",
                Quantifier::All => "all ",
            });
            s.push_str(&var.text);
            s.push_str(" in ");
            write_flat(collection, s);
            if let Some(f) = filter {
                s.push_str(" where ");
                write_flat(f, s);
            }
        }
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            s.push_str("if ");
            write_flat(cond, s);
            s.push_str(" then ");
            write_flat(then, s);
            s.push_str(" else ");
            write_flat(otherwise, s);
        }
        ExprKind::Call { func, args } => {
            s.push_str(&func.text);
            s.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_flat(a, s);
            }
            s.push(')');
        }
        ExprKind::Set(items) => {
            s.push('{');
            for (i, a) in items.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_flat(a, s);
            }
            s.push('}');
        }
        ExprKind::List(items) => {
            s.push('[');
            for (i, a) in items.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_flat(a, s);
            }
            s.push(']');
        }
        ExprKind::Record(fields) => {
            s.push_str("{ ");
            for (i, (n, v)) in fields.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                s.push_str(&n.text);
                s.push_str(" = ");
                write_flat(v, s);
            }
            s.push_str(" }");
        }
    }
}

pub(super) fn citation(c: &Citation) -> String {
    match &c.at {
        Some(at) => format!("{} at {}", path(&c.source), escape(&at.value)),
        None => path(&c.source),
    }
}

pub(super) fn level(l: Level) -> &'static str {
    l.keyword()
}
