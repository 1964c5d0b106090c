//! Expression building: operators, quantifiers, literals and the values of a test's `given`.
//! Separate from the item builders because expressions are the one recursive part of the tree.

use pest::iterators::Pair;

use crate::ast::*;

use super::{Builder, kids};
use crate::limits;
use crate::parse::Rule;

impl Builder<'_> {
    pub(super) fn expr(&mut self, p: Pair<'_, Rule>) -> Option<Expr> {
        let span = self.span(&p);
        match p.as_rule() {
            Rule::expr | Rule::primary => self.expr(kids(p).next()?),
            Rule::or_expr | Rule::and_expr => {
                let op = if p.as_rule() == Rule::or_expr {
                    LogicOp::Or
                } else {
                    LogicOp::And
                };
                let mut operands = Vec::new();
                for c in kids(p) {
                    if !matches!(c.as_rule(), Rule::or_op | Rule::and_op) {
                        operands.push(self.expr(c)?);
                    }
                }
                if operands.len() == 1 {
                    operands.pop()
                } else {
                    Some(Expr {
                        kind: ExprKind::Logic { op, operands },
                        span,
                    })
                }
            }
            Rule::not_expr => {
                let mut it = kids(p);
                let first = it.next()?;
                if first.as_rule() == Rule::not_op {
                    let inner = self.expr(it.next()?)?;
                    Some(Expr {
                        kind: ExprKind::Not(Box::new(inner)),
                        span,
                    })
                } else {
                    self.expr(first)
                }
            }
            Rule::cmp_expr => {
                let mut it = kids(p);
                let lhs = self.expr(it.next()?)?;
                let Some(tail) = it.next() else {
                    return Some(lhs);
                };
                let mut t = kids(tail);
                let op = t.next()?;
                let op_rule = op.as_rule();
                if op_rule == Rule::is_op {
                    let test = match kids(t.next()?).next()?.as_rule() {
                        Rule::is_empty => IsTest::Empty,
                        Rule::is_not_empty => IsTest::NotEmpty,
                        Rule::is_unknown => IsTest::Unknown,
                        _ => IsTest::Known,
                    };
                    return Some(Expr {
                        kind: ExprKind::Is {
                            test,
                            operand: Box::new(lhs),
                        },
                        span,
                    });
                }
                let rhs = Box::new(self.expr(t.next()?)?);
                let lhs = Box::new(lhs);
                let kind = match op_rule {
                    Rule::cmp_op => {
                        let op = match op.as_str() {
                            "=" => CompareOp::Eq,
                            "!=" => CompareOp::Ne,
                            "<" => CompareOp::Lt,
                            "<=" => CompareOp::Le,
                            ">" => CompareOp::Gt,
                            _ => CompareOp::Ge,
                        };
                        ExprKind::Compare { op, lhs, rhs }
                    }
                    Rule::in_op => ExprKind::In {
                        negated: false,
                        lhs,
                        rhs,
                    },
                    Rule::not_in_op => ExprKind::In {
                        negated: true,
                        lhs,
                        rhs,
                    },
                    Rule::has_op => ExprKind::Has {
                        mode: HasMode::One,
                        lhs,
                        rhs,
                    },
                    Rule::has_any_op => ExprKind::Has {
                        mode: HasMode::Any,
                        lhs,
                        rhs,
                    },
                    _ => ExprKind::Has {
                        mode: HasMode::All,
                        lhs,
                        rhs,
                    },
                };
                Some(Expr { kind, span })
            }
            Rule::add_expr | Rule::mul_expr => {
                // Left-associative, built iteratively so that long chains cost no recursion.
                let mut it = kids(p);
                let mut acc = self.expr(it.next()?)?;
                while let Some(op) = it.next() {
                    let rhs = self.expr(it.next()?)?;
                    let op = match op.as_str() {
                        "+" => ArithOp::Add,
                        "-" => ArithOp::Sub,
                        "*" => ArithOp::Mul,
                        _ => ArithOp::Div,
                    };
                    let span = acc.span.cover(rhs.span);
                    acc = Expr {
                        kind: ExprKind::Arith {
                            op,
                            lhs: Box::new(acc),
                            rhs: Box::new(rhs),
                        },
                        span,
                    };
                }
                Some(acc)
            }
            Rule::unary => {
                let mut it = kids(p);
                let first = it.next()?;
                if first.as_rule() == Rule::neg_op {
                    let inner = self.expr(it.next()?)?;
                    Some(Expr {
                        kind: ExprKind::Neg(Box::new(inner)),
                        span,
                    })
                } else {
                    self.expr(first)
                }
            }
            Rule::postfix => {
                let mut it = kids(p);
                let mut acc = self.expr(it.next()?)?;
                for f in it {
                    let field = self.name(kids(f).next()?);
                    let span = acc.span.cover(field.span);
                    acc = Expr {
                        kind: ExprKind::Field {
                            base: Box::new(acc),
                            field,
                        },
                        span,
                    };
                }
                Some(acc)
            }
            Rule::paren => {
                let inner = self.expr(kids(p).next()?)?;
                Some(Expr {
                    kind: ExprKind::Paren(Box::new(inner)),
                    span,
                })
            }
            Rule::quantifier => {
                let mut it = kids(p);
                let kind = if it.next()?.as_str() == "any" {
                    Quantifier::Any
                } else {
                    Quantifier::All
                };
                let var = self.name(it.next()?);
                let collection = Box::new(self.expr(it.next()?)?);
                let filter = match it.next() {
                    Some(f) => Some(Box::new(self.expr(f)?)),
                    None => None,
                };
                Some(Expr {
                    kind: ExprKind::Quant {
                        kind,
                        var,
                        collection,
                        filter,
                    },
                    span,
                })
            }
            Rule::if_expr => {
                let mut it = kids(p);
                let cond = Box::new(self.expr(it.next()?)?);
                let then = Box::new(self.expr(it.next()?)?);
                let otherwise = Box::new(self.expr(it.next()?)?);
                Some(Expr {
                    kind: ExprKind::If {
                        cond,
                        then,
                        otherwise,
                    },
                    span,
                })
            }
            Rule::call => {
                let mut it = kids(p);
                let func = self.name(it.next()?);
                let mut args = Vec::new();
                for a in it {
                    args.push(self.expr(a)?);
                }
                Some(Expr {
                    kind: ExprKind::Call { func, args },
                    span,
                })
            }
            Rule::set_lit | Rule::list_lit => {
                let is_set = p.as_rule() == Rule::set_lit;
                let mut items = Vec::new();
                for a in kids(p) {
                    items.push(self.expr(a)?);
                }
                let kind = if is_set {
                    ExprKind::Set(items)
                } else {
                    ExprKind::List(items)
                };
                Some(Expr { kind, span })
            }
            Rule::ident => Some(Expr {
                kind: ExprKind::Name(self.name(p)),
                span,
            }),
            Rule::today => Some(Expr {
                kind: ExprKind::Today,
                span,
            }),
            _ => self.literal(p),
        }
    }

    /// Literals shared by expressions and `given` values.
    pub(super) fn literal(&mut self, p: Pair<'_, Rule>) -> Option<Expr> {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::bool_lit => ExprKind::Bool(p.as_str() == "true"),
            Rule::int_lit => match p.as_str().parse::<i64>() {
                Ok(n) => ExprKind::Int(n),
                Err(_) => {
                    self.error(
                        span,
                        format!("the number {} is too large", p.as_str()),
                        "too large",
                        Some(format!(
                            "whole numbers range from {} to {}",
                            i64::MIN,
                            i64::MAX
                        )),
                    );
                    ExprKind::Int(0)
                }
            },
            Rule::decimal_lit => ExprKind::Decimal(p.as_str().to_string()),
            Rule::string => ExprKind::Text(self.text(p).value),
            Rule::date_lit => ExprKind::Date(p.as_str().to_string()),
            Rule::datetime_lit => ExprKind::DateTime(p.as_str().to_string()),
            Rule::duration_lit => {
                let written = p.as_str().to_string();
                let mut it = kids(p);
                let n = it.next()?;
                let amount = match n.as_str().parse::<i64>() {
                    Ok(a) if a <= limits::MAX_DURATION_AMOUNT => a,
                    _ => {
                        self.error(
                            span,
                            format!("the duration {written} is too long"),
                            "too long",
                            Some(format!(
                                "durations are at most {} of a unit",
                                limits::MAX_DURATION_AMOUNT
                            )),
                        );
                        0
                    }
                };
                let unit = Unit::from_keyword(it.next()?.as_str())?;
                ExprKind::Duration { amount, unit }
            }
            _ => return None,
        };
        Some(Expr { kind, span })
    }

    /// A value in a test's `given` block.
    pub(super) fn value(&mut self, p: Pair<'_, Rule>) -> Option<Expr> {
        let span = self.span(&p);
        let inner = if p.as_rule() == Rule::value {
            kids(p).next()?
        } else {
            p
        };
        match inner.as_rule() {
            Rule::record_value => {
                let mut fields = Vec::new();
                for fv in kids(inner) {
                    let mut it = kids(fv);
                    let name = self.name(it.next()?);
                    let v = self.value(it.next()?)?;
                    fields.push((name, v));
                }
                Some(Expr {
                    kind: ExprKind::Record(fields),
                    span,
                })
            }
            Rule::set_value | Rule::list_value => {
                let is_set = inner.as_rule() == Rule::set_value;
                let mut items = Vec::new();
                for v in kids(inner) {
                    items.push(self.value(v)?);
                }
                let kind = if is_set {
                    ExprKind::Set(items)
                } else {
                    ExprKind::List(items)
                };
                Some(Expr { kind, span })
            }
            Rule::neg_value => {
                let v = self.literal(kids(inner).next()?)?;
                Some(Expr {
                    kind: ExprKind::Neg(Box::new(v)),
                    span,
                })
            }
            Rule::name_any => Some(Expr {
                kind: ExprKind::Name(self.name(inner)),
                span,
            }),
            _ => self.literal(inner),
        }
    }
}
