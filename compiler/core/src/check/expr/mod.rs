//! Expressions: resolve every name, give every node a type, report mismatches with both types.
//!
//! Checking is bidirectional: an expected type flows down, so `organisation.nation = england`
//! finds `england` among the values of `Nation` without an import, and `{}` takes the type
//! its context wants.

use smol_str::SmolStr;
use ward_syntax::Span;
use ward_syntax::ast::{self, ArithOp, CompareOp, ExprKind, HasMode, IsTest, Quantifier};

use super::{Cx, Found, LocalVar, Use};
use crate::diagnostic::{Diagnostic, Fix, did_you_mean};
use crate::hir::{ExprId, HKind, Lit};
use crate::interface::Sig;
use crate::symbols::Symbol;
use crate::ty::{ItemRef, Ty};

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

    fn name(&mut self, n: &ast::Name, expected: Option<&Ty>) -> ExprId {
        // An enum value, found through the expected type.
        if let Some((er, es)) = expected.and_then(|t| self.enum_sig(t))
            && let Some(i) = es.variant(&n.text)
        {
            self.symbols
                .refer(n.span, Symbol::Variant(er.clone(), SmolStr::new(&n.text)));
            if es.variants[i].means_unknown && !self.in_given {
                self.error(
                    Diagnostic::error(
                        "ward::unknown-value",
                        n.span,
                        format!(
                            "`{}` stands for an unknown value and cannot be compared",
                            n.text
                        ),
                    )
                    .label("always unknown")
                    .help("ask whether the fact is known instead: `… is unknown`"),
                );
            }
            let ty = Ty::Enum(er.clone());
            return self.hir.push(
                HKind::Variant {
                    enum_: er,
                    index: i as u16,
                },
                ty,
            );
        }
        if self.in_given {
            return self.given_name_error(n, expected);
        }
        if let Some(l) = self.locals.iter().rev().find(|l| l.name == n.text).cloned() {
            self.symbols.refer(n.span, Symbol::Local(l.span));
            return self.hir.push(HKind::Local(l.id), l.ty);
        }
        if let Some(rec) = self.self_record.clone()
            && let Some(Sig::Record(rs)) = self.sig_of(&rec)
            && let Some(i) = rs.field(&n.text)
        {
            self.symbols
                .refer(n.span, Symbol::Field(rec.clone(), SmolStr::new(&n.text)));
            self.uses.insert(Use::Field(rec, SmolStr::new(&n.text)));
            return self
                .hir
                .push(HKind::SelfField(i as u16), rs.fields[i].ty.clone());
        }
        if self.pending_defs.contains_key(n.text.as_str()) && !self.infer_def(&n.text, Some(n.span))
        {
            return self.err_node();
        }
        match self.lookup(&n.text) {
            Some(Found::Item(r, Sig::Fact(f))) => {
                self.symbols.refer(n.span, Symbol::Item(r.clone()));
                self.uses.insert(Use::Fact(r.clone()));
                self.hir.push(HKind::Fact(r), f.ty)
            }
            Some(Found::Item(r, Sig::Def(d))) => {
                self.symbols.refer(n.span, Symbol::Item(r.clone()));
                self.hir.push(HKind::Def(r), d.ty)
            }
            Some(Found::Item(r, sig)) => {
                self.symbols.refer(n.span, Symbol::Item(r.clone()));
                let kind = sig.kind_with_article();
                let help = match sig {
                    Sig::Enum(es) => Some(format!(
                        "name one of its values, such as `{}.{}`",
                        n.text,
                        es.variants
                            .first()
                            .map(|v| v.name.as_str())
                            .unwrap_or("value")
                    )),
                    _ => None,
                };
                self.error(
                    Diagnostic::error(
                        "ward::not-a-value",
                        n.span,
                        format!("`{}` is {kind}, not a value", n.text),
                    )
                    .label("not a value")
                    .maybe_help(help),
                );
                self.err_node()
            }
            Some(Found::Module(m)) => {
                self.error(
                    Diagnostic::error(
                        "ward::not-a-value",
                        n.span,
                        format!("`{}` is a module, not a value", n.text),
                    )
                    .label("a module")
                    .help(format!(
                        "name an item of it: `{}.<name>`",
                        m.rsplit('.').next().unwrap_or(&m)
                    )),
                );
                self.err_node()
            }
            None => self.unknown_value(n, expected),
        }
    }

    fn given_name_error(&mut self, n: &ast::Name, expected: Option<&Ty>) -> ExprId {
        let help = match expected.and_then(|t| self.enum_sig(t)) {
            Some((er, es)) => {
                let s = did_you_mean(&n.text, es.variants.iter().map(|v| v.name.as_str()));
                let all: Vec<&str> = es.variants.iter().map(|v| v.name.as_str()).collect();
                let d = Diagnostic::error(
                    "ward::unknown-value",
                    n.span,
                    format!("`{}` is not a value of `{}`", n.text, er.name),
                )
                .label("unknown value")
                .help(match s {
                    Some(s) => format!("did you mean `{s}`? The values are: {}", all.join(", ")),
                    None => format!("the values are: {}", all.join(", ")),
                })
                .replace_with(n.span, s);
                self.error(d);
                return self.err_node();
            }
            None => expected.map(|t| format!("expected a `{t}` value here")),
        };
        self.error(
            Diagnostic::error(
                "ward::given",
                n.span,
                format!("`{}` is not a value", n.text),
            )
            .label("not a literal")
            .maybe_help(help),
        );
        self.err_node()
    }

    fn unknown_value(&mut self, n: &ast::Name, expected: Option<&Ty>) -> ExprId {
        // The context is already wrong (say, the other side of `=` did not resolve): one
        // mistake, one diagnostic.
        if expected.is_some_and(Ty::is_any) {
            return self.err_node();
        }
        let budget = self.locals.len() + self.sigs.len() + self.scope.names.len();
        let suggestion = if self.may_suggest(budget) {
            let mut candidates: Vec<String> =
                self.locals.iter().map(|l| l.name.to_string()).collect();
            for (name, sig) in &self.sigs {
                if matches!(sig, Sig::Fact(_) | Sig::Def(_)) {
                    candidates.push(name.to_string());
                }
            }
            candidates.extend(self.scope.names.keys().map(|k| k.to_string()));
            if let Some((_, es)) = expected.and_then(|t| self.enum_sig(t)) {
                candidates.extend(es.variants.iter().map(|v| v.name.to_string()));
            }
            did_you_mean(&n.text, candidates.iter().map(|c| c.as_str())).map(str::to_string)
        } else {
            None
        };
        // A misspelt import is not also an unused one.
        if let Some(s) = &suggestion
            && self.scope.names.contains_key(s.as_str())
        {
            self.used_imports.insert(SmolStr::new(s));
        }
        // The name of an enum value used where no enum is expected.
        let variant_of = self.enum_with_variant(&n.text);
        let elsewhere = if suggestion.is_none() {
            self.find_elsewhere(&n.text, &|s| matches!(s, Sig::Fact(_) | Sig::Def(_)))
        } else {
            None
        };
        let help = match (&suggestion, &variant_of, &elsewhere, expected) {
            (Some(s), _, _, _) => Some(format!("did you mean `{s}`?")),
            (None, Some(en), _, Some(t)) => Some(format!(
                "`{}` is a value of `{en}`, but a `{t}` is expected here",
                n.text
            )),
            (None, Some(en), _, None) => Some(format!(
                "`{}` is a value of `{en}`; compare it with a `{en}` fact, or write `{en}.{}`",
                n.text, n.text
            )),
            (None, None, Some(m), _) => Some(format!(
                "`{}` is declared in `{m}`: add `use {m}.{{{}}}`",
                n.text, n.text
            )),
            _ => None,
        };
        let fix = match (&suggestion, &elsewhere) {
            (Some(s), _) => Some(Fix {
                title: format!("Replace with `{s}`"),
                span: n.span,
                replacement: s.clone(),
            }),
            (None, Some(m)) => Some(self.add_use_fix(m, &n.text)),
            _ => None,
        };
        self.error(
            Diagnostic::error(
                "ward::unknown-name",
                n.span,
                format!("cannot find `{}` in this scope", n.text),
            )
            .label("not found")
            .maybe_help(help)
            .fix(fix),
        );
        self.err_node()
    }

    /// An edit adding `use module.{name}` after the module's existing imports.
    pub(crate) fn add_use_fix(&self, module: &str, name: &str) -> Fix {
        let at = self
            .items
            .iter()
            .filter(|i| matches!(i.kind, ast::ItemKind::Use(_) | ast::ItemKind::Module(_)))
            .map(|i| i.span.end)
            .max();
        let (pos, text) = match at {
            Some(end) => (end, format!("\nuse {module}.{{{name}}}")),
            None => (0, format!("use {module}.{{{name}}}\n\n")),
        };
        Fix {
            title: format!("add `use {module}.{{{name}}}`"),
            span: Span {
                start: pos,
                end: pos,
            },
            replacement: text,
        }
    }

    /// The name of an enum in scope (local or imported) with a value called `name`.
    fn enum_with_variant(&self, name: &str) -> Option<SmolStr> {
        for (n, s) in &self.sigs {
            if let Sig::Enum(es) = s
                && es.variant(name).is_some()
            {
                return Some(n.clone());
            }
        }
        for (n, imp) in &self.scope.names {
            if let crate::scope::Binding::Item(r) = &imp.binding
                && let Some(Sig::Enum(es)) = self.sig_of(r)
                && es.variant(name).is_some()
            {
                return Some(n.clone());
            }
        }
        None
    }

    /// `a.b.c`: module-qualified items, `Enum.value`, and field access on records.
    fn field(&mut self, e: &ast::Expr, expected: Option<&Ty>) -> ExprId {
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

    fn self_field(&self, name: &str) -> bool {
        self.self_record
            .as_ref()
            .and_then(|r| self.sig_of(r))
            .is_some_and(|s| matches!(s, Sig::Record(rs) if rs.field(name).is_some()))
    }

    fn qualified_variant(
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

    fn module_member(
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

    fn arith(&mut self, span: Span, op: ArithOp, lhs: &ast::Expr, rhs: &ast::Expr) -> ExprId {
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

    fn compare(&mut self, span: Span, op: CompareOp, lhs: &ast::Expr, rhs: &ast::Expr) -> ExprId {
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

    fn call(&mut self, span: Span, func: &ast::Name, args: &[ast::Expr]) -> ExprId {
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

    fn record_literal(
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
