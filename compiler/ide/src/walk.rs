//! Visiting the expressions of a syntax tree. The compiler's symbol index says what each name
//! means; some editor features also need the shape around a name (which quantifier binds a
//! variable, over which collection), and this walk gives them that without a second checker.

use ward_syntax::Span;
use ward_syntax::ast::{DeadlineKind, Expr, ExprKind, Item, ItemKind, RuleClauseKind};

/// Call `f` on every expression of `item`, outermost first.
pub fn exprs<'a>(item: &'a Item, f: &mut dyn FnMut(&'a Expr)) {
    match &item.kind {
        ItemKind::Record(r) => {
            for fld in &r.fields {
                if let Some(d) = &fld.default {
                    expr(&d.value, f);
                    if let Some(w) = &d.when {
                        expr(w, f);
                    }
                }
            }
        }
        ItemKind::Fact(d) => {
            if let Some(d) = &d.default {
                expr(&d.value, f);
                if let Some(w) = &d.when {
                    expr(w, f);
                }
            }
        }
        ItemKind::Def(d) => expr(&d.body, f),
        ItemKind::Rule(r) => {
            for c in &r.clauses {
                if let RuleClauseKind::For { collection, .. } = &c.kind {
                    expr(collection, f);
                }
            }
            expr(&r.when, f);
            for d in &r.then.deadlines {
                match &d.kind {
                    DeadlineKind::Within { period, anchor } => {
                        expr(period, f);
                        expr(anchor, f);
                    }
                    DeadlineKind::Every { period, from } => {
                        expr(period, f);
                        if let Some(x) = from {
                            expr(x, f);
                        }
                    }
                    DeadlineKind::Before(_) | DeadlineKind::Due(_) => {}
                }
            }
        }
        ItemKind::Test(t) => {
            for a in &t.given {
                expr(&a.value, f);
            }
        }
        ItemKind::Module(m) => {
            if let Some(e) = &m.under {
                expr(e, f);
            }
        }
        ItemKind::Use(_)
        | ItemKind::Enum(_)
        | ItemKind::Source(_)
        | ItemKind::Obligation(_)
        | ItemKind::Jurisdiction(_) => {}
    }
}

/// Call `f` on `e` and every expression inside it. Iterative, so no nesting exhausts the stack.
pub fn expr<'a>(e: &'a Expr, f: &mut dyn FnMut(&'a Expr)) {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        f(e);
        let mut children: Vec<&'a Expr> = Vec::new();
        match &e.kind {
            ExprKind::Bool(_)
            | ExprKind::Int(_)
            | ExprKind::Decimal(_)
            | ExprKind::Text(_)
            | ExprKind::Date(_)
            | ExprKind::DateTime(_)
            | ExprKind::Duration { .. }
            | ExprKind::Today
            | ExprKind::Name(_) => {}
            ExprKind::Field { base, .. } => children.push(base),
            ExprKind::Paren(x) | ExprKind::Not(x) | ExprKind::Neg(x) => children.push(x),
            ExprKind::Logic { operands, .. } => children.extend(operands.iter()),
            ExprKind::Arith { lhs, rhs, .. }
            | ExprKind::Compare { lhs, rhs, .. }
            | ExprKind::In { lhs, rhs, .. }
            | ExprKind::Has { lhs, rhs, .. } => {
                children.push(lhs);
                children.push(rhs);
            }
            ExprKind::Is { operand, .. } => children.push(operand),
            ExprKind::Quant {
                collection, filter, ..
            } => {
                children.push(collection);
                if let Some(x) = filter {
                    children.push(x);
                }
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => children.extend([&**cond, &**then, &**otherwise]),
            ExprKind::Call { args, .. } => children.extend(args.iter()),
            ExprKind::Set(xs) | ExprKind::List(xs) => children.extend(xs.iter()),
            ExprKind::Record(fs) => children.extend(fs.iter().map(|(_, x)| x)),
        }
        stack.extend(children.into_iter().rev());
    }
}

/// The collection a variable bound at `binder` ranges over: a quantifier's `in …` or a rule's
/// `for x in …`.
pub fn binder_collection(items: &[Item], binder: Span) -> Option<&Expr> {
    let item = items
        .iter()
        .find(|i| i.span.start <= binder.start && binder.end <= i.span.end)?;
    if let ItemKind::Rule(r) = &item.kind {
        for c in &r.clauses {
            if let RuleClauseKind::For { var, collection } = &c.kind
                && var.span == binder
            {
                return Some(collection);
            }
        }
    }
    let mut found = None;
    exprs(item, &mut |e| {
        if let ExprKind::Quant {
            var, collection, ..
        } = &e.kind
            && var.span == binder
            && found.is_none()
        {
            found = Some(&**collection);
        }
    });
    found
}
