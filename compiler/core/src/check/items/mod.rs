//! Declarations: enums, records, facts, derived values, sources and obligations, and the order
//! in which the two passes visit them.
//!
//! This file holds the two passes and type resolution; each kind of declaration is checked in
//! its own file: `types` (enums, records), `facts`, `sources` (and the jurisdiction),
//! `obligations` (with rule signatures and labels) and `defs`.

mod defs;
mod facts;
mod obligations;
mod sources;
mod types;

use smol_str::SmolStr;
use ward_syntax::ast::{self, ItemKind, TypeExpr};

use super::Cx;
use crate::diagnostic::{Diagnostic, Fix};
use crate::interface::{EnumSig, RecordSig, Sig};
use crate::ty::{ItemRef, Ty};

/// The built-in type names.
pub(crate) fn builtin_type(name: &str) -> Option<Ty> {
    Some(match name {
        "bool" => Ty::Bool,
        "int" => Ty::Int,
        "decimal" => Ty::Decimal,
        "text" => Ty::Text,
        "date" => Ty::Date,
        "duration" => Ty::Duration,
        _ => return None,
    })
}

/// Who may hold an obligation (`held_by`); the editor completes from the same list.
pub const HOLDERS: &[&str] = &[
    "adopter",
    "developer",
    "both",
    "commissioner",
    "sponsor",
    "any",
];

impl Cx<'_> {
    /// The first pass: everything other modules may depend on.
    pub(super) fn signature_pass(&mut self) {
        let items = self.items;
        // Types first: records may mention enums and records declared later.
        for item in items {
            if let ItemKind::Enum(d) = &item.kind {
                self.enum_decl(item, d);
            }
        }
        for item in items {
            if let ItemKind::Record(d) = &item.kind {
                // Placeholder so that records can refer to each other in any order.
                if self.local_is(&d.name.text, item) {
                    self.sigs.insert(
                        SmolStr::new(&d.name.text),
                        Sig::Record(RecordSig { fields: vec![] }),
                    );
                }
            }
        }
        for item in items {
            if let ItemKind::Record(d) = &item.kind {
                self.record_decl(item, d);
            }
        }
        for item in items {
            match &item.kind {
                ItemKind::Fact(d) => self.fact_decl(item, d),
                ItemKind::Source(d) => self.source_decl(item, d),
                ItemKind::Obligation(d) => self.obligation_decl(item, d),
                ItemKind::Rule(d) => self.rule_sig(item, d),
                _ => {}
            }
        }
        for item in items {
            if let ItemKind::Jurisdiction(d) = &item.kind {
                self.jurisdiction(d);
            }
        }
        self.labels();
        self.defs();
    }

    /// The second pass: bodies, which nothing else depends on.
    pub(super) fn body_pass(&mut self) {
        let items = self.items;
        for item in items {
            match &item.kind {
                ItemKind::Module(d) => self.module_header(d),
                ItemKind::Record(d) => self.record_defaults(d),
                ItemKind::Fact(d) => self.fact_default(d),
                ItemKind::Source(d) => self.source_covers(d),
                ItemKind::Obligation(d) => self.obligation_body(d),
                _ => {}
            }
        }
        let mut index = 0;
        if let Some(under) = items.iter().find_map(|i| match &i.kind {
            ItemKind::Module(d) => d.under.as_ref(),
            _ => None,
        }) {
            self.module_under(under);
        }
        for item in items {
            if let ItemKind::Rule(d) = &item.kind
                && self.local_is(&d.name.text, item)
            {
                self.rule(item, d);
            }
        }
        for (i, item) in items.iter().enumerate() {
            if let ItemKind::Test(d) = &item.kind {
                self.test(i as u32, d);
                index += 1;
            }
        }
        let _ = index;
        self.exception_cycles();
    }

    /// Is `item` the one declaration that owns `name` (not a duplicate)?
    pub(crate) fn local_is(&self, name: &str, item: &ast::Item) -> bool {
        self.local
            .get(name)
            .is_some_and(|&i| std::ptr::eq(&self.items[i], item))
    }

    fn module_header(&mut self, d: &ast::ModuleDecl) {
        let written = d.path.text();
        if written != self.module {
            self.error(
                Diagnostic::error(
                    "ward::module-name",
                    d.path.span,
                    format!("this file is module `{}`, but its header says `{written}`", self.module),
                )
                .label("does not match the file's path")
                .help("a module's name is its path below the package root; rename the file or fix the header")
                .fix(Some(Fix {
                    title: format!("rename the header to `{}`", self.module),
                    span: d.path.span,
                    replacement: self.module.to_string(),
                })),
            );
        }
    }

    /// Resolve a type expression.
    pub(crate) fn resolve_type(&mut self, t: &TypeExpr) -> Ty {
        match t {
            TypeExpr::List(inner, _) => Ty::List(Box::new(self.resolve_type(inner))),
            TypeExpr::Set(inner, span) => {
                let el = self.resolve_type(inner);
                if matches!(el, Ty::Record(_) | Ty::List(_) | Ty::Set(_)) {
                    self.error(
                        Diagnostic::error(
                            "ward::type",
                            *span,
                            format!("a set cannot hold `{el}` values"),
                        )
                        .label("sets hold scalar values")
                        .help("use `list<…>` for records and lists"),
                    );
                }
                Ty::Set(Box::new(el))
            }
            TypeExpr::Named(p) => {
                if p.segments.len() == 1
                    && let Some(b) = builtin_type(&p.segments[0].text)
                {
                    return b;
                }
                let is_type = |s: &Sig| matches!(s, Sig::Enum(_) | Sig::Record(_));
                match self.resolve_path(p, "type", is_type) {
                    Some((r, Sig::Enum(_))) => Ty::Enum(r),
                    Some((r, Sig::Record(_))) => Ty::Record(r),
                    _ => Ty::Any,
                }
            }
        }
    }

    /// The record type a value of type `ty` has, with its signature.
    pub(crate) fn record_sig(&self, ty: &Ty) -> Option<(ItemRef, RecordSig)> {
        match ty {
            Ty::Record(r) => match self.sig_of(r) {
                Some(Sig::Record(s)) => Some((r.clone(), s)),
                _ => None,
            },
            _ => None,
        }
    }

    pub(crate) fn enum_sig(&self, ty: &Ty) -> Option<(ItemRef, EnumSig)> {
        match ty {
            Ty::Enum(r) => match self.sig_of(r) {
                Some(Sig::Enum(s)) => Some((r.clone(), s)),
                _ => None,
            },
            _ => None,
        }
    }
}
