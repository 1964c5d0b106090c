//! Bare names in expressions: a fact, a derived value, a local, an enum value found through
//! the expected type, or an unknown name with a did-you-mean and an import fix.

use smol_str::SmolStr;
use ward_syntax::Span;
use ward_syntax::ast;

use crate::check::{Cx, Found, Use};
use crate::diagnostic::{Diagnostic, Fix, did_you_mean};
use crate::hir::{ExprId, HKind};
use crate::interface::Sig;
use crate::symbols::Symbol;
use crate::ty::Ty;

impl Cx<'_> {
    pub(super) fn name(&mut self, n: &ast::Name, expected: Option<&Ty>) -> ExprId {
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

    pub(super) fn given_name_error(&mut self, n: &ast::Name, expected: Option<&Ty>) -> ExprId {
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

    pub(super) fn unknown_value(&mut self, n: &ast::Name, expected: Option<&Ty>) -> ExprId {
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
    pub(super) fn enum_with_variant(&self, name: &str) -> Option<SmolStr> {
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
}
