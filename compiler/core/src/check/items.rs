//! Declarations: enums, records, facts, derived values, sources and obligations, and the order
//! in which the two passes visit them.

use std::collections::HashMap;

use smol_str::SmolStr;
use ward_syntax::ast::{self, ItemKind, Level, RuleClauseKind, SourceFieldKind, TypeExpr};

use super::{Cx, DefState, Found};
use crate::diagnostic::{Diagnostic, Fix, did_you_mean};
use crate::hir::{HDef, HEnum, HFact, HField, HObligation, HRecord, HSource, HVariant};
use crate::interface::{
    DefSig, EnumSig, FactSig, FieldSig, ObligationSig, RecordSig, RuleSig, Sig, SourceSig,
    VariantSig,
};
use crate::symbols::Symbol;
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

    fn enum_decl(&mut self, item: &ast::Item, d: &ast::EnumDecl) {
        if !self.local_is(&d.name.text, item) {
            return;
        }
        let r = self.item_ref(&d.name.text);
        self.symbols.define(d.name.span, Symbol::Item(r.clone()));
        let mut seen: HashMap<&str, ward_syntax::Span> = HashMap::new();
        let mut variants = Vec::new();
        let mut hvariants = Vec::new();
        for v in &d.variants {
            if let Some(prev) = seen.insert(&v.name.text, v.name.span) {
                self.error(
                    Diagnostic::error(
                        "ward::duplicate-definition",
                        v.name.span,
                        format!(
                            "`{}` is listed twice in enum `{}`",
                            v.name.text, d.name.text
                        ),
                    )
                    .label("listed again")
                    .related(None, prev, "first listed here"),
                );
                continue;
            }
            self.symbols.define(
                v.name.span,
                Symbol::Variant(r.clone(), SmolStr::new(&v.name.text)),
            );
            variants.push(VariantSig {
                name: SmolStr::new(&v.name.text),
                means_unknown: v.means_unknown,
            });
            hvariants.push(HVariant {
                name: SmolStr::new(&v.name.text),
                doc: v.docs.text(),
                means_unknown: v.means_unknown,
            });
        }
        if variants.is_empty() {
            self.error(
                Diagnostic::error(
                    "ward::empty-enum",
                    d.name.span,
                    format!("enum `{}` has no values", d.name.text),
                )
                .label("empty")
                .help("list its values: `enum Nation { england, wales }`"),
            );
        }
        if variants.len() > crate::limits::MAX_ENUM_VALUES {
            self.error(
                Diagnostic::error(
                    "ward::limit",
                    d.name.span,
                    format!(
                        "enum `{}` has {} values; Ward allows {}",
                        d.name.text,
                        variants.len(),
                        crate::limits::MAX_ENUM_VALUES
                    ),
                )
                .label("too many values"),
            );
            variants.truncate(crate::limits::MAX_ENUM_VALUES);
            hvariants.truncate(crate::limits::MAX_ENUM_VALUES);
        }
        self.sigs
            .insert(SmolStr::new(&d.name.text), Sig::Enum(EnumSig { variants }));
        self.hir.enums.push(HEnum {
            name: SmolStr::new(&d.name.text),
            doc: item.docs.text(),
            variants: hvariants,
        });
    }

    fn record_decl(&mut self, item: &ast::Item, d: &ast::RecordDecl) {
        if !self.local_is(&d.name.text, item) {
            return;
        }
        let r = self.item_ref(&d.name.text);
        self.symbols.define(d.name.span, Symbol::Item(r.clone()));
        let mut fields = Vec::new();
        let mut hfields = Vec::new();
        let mut seen: HashMap<&str, ward_syntax::Span> = HashMap::new();
        for f in &d.fields {
            if let Some(prev) = seen.insert(&f.name.text, f.name.span) {
                self.error(
                    Diagnostic::error(
                        "ward::duplicate-definition",
                        f.name.span,
                        format!(
                            "record `{}` has two fields called `{}`",
                            d.name.text, f.name.text
                        ),
                    )
                    .label("declared again")
                    .related(None, prev, "first declared here"),
                );
                continue;
            }
            self.symbols.define(
                f.name.span,
                Symbol::Field(r.clone(), SmolStr::new(&f.name.text)),
            );
            let ty = self.resolve_type(&f.ty);
            if ty == Ty::Record(r.clone()) {
                self.error(
                    Diagnostic::error(
                        "ward::type",
                        f.ty.span(),
                        format!("record `{}` cannot contain itself", d.name.text),
                    )
                    .label("recursive field")
                    .help("use `list<…>` if the record holds several of its own kind"),
                );
            }
            fields.push(FieldSig {
                name: SmolStr::new(&f.name.text),
                ty: ty.clone(),
                ask: f.ask.as_ref().map(|a| a.value.clone()),
                has_default: f.default.is_some(),
            });
            hfields.push(HField {
                name: SmolStr::new(&f.name.text),
                doc: f.docs.text(),
                ty,
                ask: f.ask.as_ref().map(|a| a.value.clone()),
                default: None,
            });
        }
        self.sigs.insert(
            SmolStr::new(&d.name.text),
            Sig::Record(RecordSig { fields }),
        );
        self.hir.records.push(HRecord {
            name: SmolStr::new(&d.name.text),
            doc: item.docs.text(),
            fields: hfields,
        });
    }

    fn record_defaults(&mut self, d: &ast::RecordDecl) {
        let Some(ri) = self.hir.records.iter().position(|r| r.name == d.name.text) else {
            return;
        };
        let r = self.item_ref(&d.name.text);
        for f in &d.fields {
            let Some(default) = &f.default else { continue };
            let Some(fi) = self.hir.records[ri]
                .fields
                .iter()
                .position(|hf| hf.name == f.name.text)
            else {
                continue;
            };
            let ty = self.hir.records[ri].fields[fi].ty.clone();
            self.self_record = Some(r.clone());
            let id = self.default_value(default, &ty);
            self.self_record = None;
            self.hir.records[ri].fields[fi].default = Some(id);
        }
    }

    fn fact_decl(&mut self, item: &ast::Item, d: &ast::FactDecl) {
        if !self.local_is(&d.name.text, item) {
            return;
        }
        self.symbols
            .define(d.name.span, Symbol::Item(self.item_ref(&d.name.text)));
        let ty = self.resolve_type(&d.ty);
        if d.optional && !matches!(ty, Ty::Record(_) | Ty::Any) {
            self.error(
                Diagnostic::error("ward::optional", d.ty.span(), "only a record fact can be `optional`")
                    .label(format!("`{ty}` is not a record"))
                    .help("any fact may be left out of a case and is then unknown; `optional` says a whole record may be absent"),
            );
        }
        self.sigs.insert(
            SmolStr::new(&d.name.text),
            Sig::Fact(FactSig {
                ty: ty.clone(),
                optional: d.optional,
                ask: d.ask.as_ref().map(|a| a.value.clone()),
            }),
        );
        self.hir.facts.push(HFact {
            name: SmolStr::new(&d.name.text),
            doc: item.docs.text(),
            ty,
            ask: d.ask.as_ref().map(|a| a.value.clone()),
            optional: d.optional,
            default: None,
        });
    }

    fn fact_default(&mut self, d: &ast::FactDecl) {
        let Some(default) = &d.default else { return };
        let Some(fi) = self.hir.facts.iter().position(|f| f.name == d.name.text) else {
            return;
        };
        let ty = self.hir.facts[fi].ty.clone();
        let id = self.default_value(default, &ty);
        self.hir.facts[fi].default = Some(id);
    }

    /// `default v when c` means `if c then v else unknown`.
    fn default_value(&mut self, d: &ast::Default, ty: &Ty) -> crate::hir::ExprId {
        let value = self.expr(&d.value, Some(ty));
        match &d.when {
            None => value,
            Some(w) => {
                let cond = self.expr(w, Some(&Ty::Bool));
                let unknown = self.hir.push(crate::hir::HKind::Unknown, ty.clone());
                self.hir.push(
                    crate::hir::HKind::If {
                        cond,
                        then: value,
                        otherwise: unknown,
                    },
                    ty.clone(),
                )
            }
        }
    }

    fn jurisdiction(&mut self, d: &ast::JurisdictionDecl) {
        let segs = &d.path.segments;
        let found = self.lookup(&segs[0].text);
        let ok = match (found, segs.len()) {
            (Some(Found::Item(r, Sig::Fact(f))), 2) => match &f.ty {
                Ty::Record(rec) => match self.sig_of(rec) {
                    Some(Sig::Record(rs)) => match rs.field(&segs[1].text) {
                        Some(i) if matches!(rs.fields[i].ty, Ty::Enum(_)) => {
                            self.symbols.refer(segs[0].span, Symbol::Item(r.clone()));
                            self.symbols.refer(
                                segs[1].span,
                                Symbol::Field(rec.clone(), SmolStr::new(&segs[1].text)),
                            );
                            self.uses.insert(super::Use::Field(
                                rec.clone(),
                                SmolStr::new(&segs[1].text),
                            ));
                            self.hir.jurisdiction = Some((r, SmolStr::new(&segs[1].text)));
                            true
                        }
                        _ => false,
                    },
                    _ => false,
                },
                _ => false,
            },
            _ => false,
        };
        if !ok {
            self.error(
                Diagnostic::error(
                    "ward::jurisdiction",
                    d.path.span,
                    "a jurisdiction is an enum field of a record fact",
                )
                .label("not an enum field of a fact")
                .help("for example `jurisdiction organisation.nation`"),
            );
        }
    }

    fn source_decl(&mut self, item: &ast::Item, d: &ast::SourceDecl) {
        if !self.local_is(&d.name.text, item) {
            return;
        }
        self.symbols
            .define(d.name.span, Symbol::Item(self.item_ref(&d.name.text)));
        let mut s = HSource {
            name: SmolStr::new(&d.name.text),
            doc: item.docs.text(),
            document: String::new(),
            section: String::new(),
            from: Vec::new(),
            covers: Vec::new(),
            label: None,
            reviewed: None,
            note: None,
            url: None,
        };
        let mut seen: HashMap<&'static str, ward_syntax::Span> = HashMap::new();
        for f in &d.fields {
            if let Some(prev) = seen.insert(f.kind.keyword(), f.span) {
                self.error(
                    Diagnostic::error(
                        "ward::duplicate-field",
                        f.span,
                        format!("`{}` is given twice", f.kind.keyword()),
                    )
                    .label("given again")
                    .related(None, prev, "first given here"),
                );
                continue;
            }
            match &f.kind {
                SourceFieldKind::Document(t) => s.document = t.value.clone(),
                SourceFieldKind::Section(t) => s.section = t.value.clone(),
                SourceFieldKind::From(ts) => s.from = ts.iter().map(|t| t.value.clone()).collect(),
                SourceFieldKind::Covers(ns) => {
                    s.covers = ns.iter().map(|n| SmolStr::new(&n.text)).collect()
                }
                SourceFieldKind::Label(l) => s.label = *l,
                SourceFieldKind::Reviewed(date) => {
                    if crate::time::parse_instant(&date.text).is_none() {
                        self.error(
                            Diagnostic::error(
                                "ward::date",
                                date.span,
                                format!("`{}` is not a date", date.text),
                            )
                            .label("not a calendar date"),
                        );
                    }
                    s.reviewed = Some(date.text.clone());
                }
                SourceFieldKind::Note(t) => s.note = Some(t.value.clone()),
                SourceFieldKind::Url(t) => s.url = Some(t.value.clone()),
            }
        }
        for (kw, empty) in [
            ("document", s.document.is_empty()),
            ("section", s.section.is_empty()),
        ] {
            if empty {
                self.error(
                    Diagnostic::error(
                        "ward::source",
                        d.name.span,
                        format!("source `{}` has no `{kw}`", d.name.text),
                    )
                    .label(format!("missing `{kw}`"))
                    .help(
                        "a source names the document (file) and the exact section heading it cites",
                    ),
                );
            }
        }
        self.sigs.insert(
            SmolStr::new(&d.name.text),
            Sig::Source(SourceSig {
                document: s.document.clone(),
                section: s.section.clone(),
            }),
        );
        self.hir.sources.push(s);
    }

    /// Check a source's `covers` values against the jurisdiction's enum (second pass, as it
    /// needs the whole-program tables).
    fn source_covers(&mut self, d: &ast::SourceDecl) {
        let Some(g) = self.globals else { return };
        let Some(sig) = g.jurisdiction_enum.as_ref() else {
            return;
        };
        for f in &d.fields {
            let SourceFieldKind::Covers(ns) = &f.kind else {
                continue;
            };
            for n in ns {
                if sig.1.variant(&n.text).is_none() {
                    let s = did_you_mean(&n.text, sig.1.variants.iter().map(|v| v.name.as_str()));
                    self.error(
                        Diagnostic::error(
                            "ward::unknown-name",
                            n.span,
                            format!(
                                "`{}` is not a value of `{}`, the jurisdiction",
                                n.text, sig.0.name
                            ),
                        )
                        .label("unknown jurisdiction")
                        .did_you_mean(n.span, s),
                    );
                } else {
                    self.symbols.refer(
                        n.span,
                        Symbol::Variant(sig.0.clone(), SmolStr::new(&n.text)),
                    );
                }
            }
        }
    }

    fn obligation_decl(&mut self, item: &ast::Item, d: &ast::ObligationDecl) {
        if !self.local_is(&d.id.text, item) {
            return;
        }
        self.symbols
            .define(d.id.span, Symbol::Obligation(SmolStr::new(&d.id.text)));
        if !HOLDERS.contains(&d.held_by.text.as_str()) {
            let s = did_you_mean(&d.held_by.text, HOLDERS.iter().copied());
            self.error(
                Diagnostic::error(
                    "ward::holder",
                    d.held_by.span,
                    format!("`{}` is not a holder of duties", d.held_by.text),
                )
                .label("unknown holder")
                .help(format!(
                    "{}a duty is held by one of: {}",
                    s.map(|s| format!("did you mean `{s}`? "))
                        .unwrap_or_default(),
                    HOLDERS.join(", ")
                ))
                .replace_with(d.held_by.span, s),
            );
        }
        let strengthens = d.strengthens.as_ref().map(|p| SmolStr::new(p.text()));
        self.sigs.insert(
            SmolStr::new(&d.id.text),
            Sig::Obligation(ObligationSig {
                title: d.title.value.clone(),
                held_by: SmolStr::new(&d.held_by.text),
                strengthens: strengthens.clone(),
            }),
        );
        self.hir.obligations.push(HObligation {
            id: SmolStr::new(&d.id.text),
            doc: item.docs.text(),
            title: d.title.value.clone(),
            held_by: SmolStr::new(&d.held_by.text),
            strengthens,
        });
    }

    /// `strengthens` names an obligation anywhere in the program (second pass).
    fn obligation_body(&mut self, d: &ast::ObligationDecl) {
        if let Some(p) = &d.strengthens {
            self.obligation_id(p);
        }
    }

    /// A rule's shape, for other modules' exceptions (the body is checked in the second pass).
    fn rule_sig(&mut self, item: &ast::Item, d: &ast::RuleDecl) {
        if !self.local_is(&d.name.text, item) {
            return;
        }
        let mut level = None;
        let mut labels = Vec::new();
        let mut cites = Vec::new();
        for c in &d.clauses {
            match &c.kind {
                RuleClauseKind::Level(l, _) => level = level.or(Some(*l)),
                RuleClauseKind::Label(l) => labels.push(SmolStr::new(&l.text)),
                RuleClauseKind::Cites(cs) => {
                    for cite in cs {
                        if let Some((r, _)) = self
                            .resolve_path(&cite.source, "source", |s| matches!(s, Sig::Source(_)))
                        {
                            cites.push(r.clone());
                            self.cites
                                .entry(SmolStr::new(&d.name.text))
                                .or_default()
                                .push(crate::hir::HCitation {
                                    source: r,
                                    at: cite.at.as_ref().map(|a| a.value.clone()),
                                });
                        }
                    }
                }
                _ => {}
            }
        }
        let sig = RuleSig {
            obligation: SmolStr::new(d.then.obligation.text()),
            verb: d.then.verb,
            level,
            labels,
            cites,
        };
        self.sigs.insert(SmolStr::new(&d.name.text), Sig::Rule(sig));
    }

    fn labels(&mut self) {
        let mut labels: indexmap::IndexMap<SmolStr, Vec<SmolStr>> = indexmap::IndexMap::new();
        for (name, sig) in &self.sigs {
            if let Sig::Rule(r) = sig {
                for l in &r.labels {
                    labels.entry(l.clone()).or_default().push(name.clone());
                }
            }
        }
        for (l, rules) in labels {
            if !self.sigs.contains_key(&l) {
                self.sigs.insert(l, Sig::Label(rules));
            }
        }
    }

    /// Derived values. Each is checked when first referred to (so that a reference resolves
    /// exactly as in any other expression: an enum value named like a derived value is still
    /// the enum value); a reference back into a def being checked is a cycle.
    fn defs(&mut self) {
        let items = self.items;
        for (i, it) in items.iter().enumerate() {
            if let ItemKind::Def(d) = &it.kind
                && self.local_is(&d.name.text, it)
            {
                self.pending_defs
                    .insert(SmolStr::new(&d.name.text), (i, DefState::Waiting));
            }
        }
        let names: Vec<SmolStr> = self.pending_defs.keys().cloned().collect();
        for n in names {
            self.infer_def(&n, None);
        }
    }

    /// Check the derived value `name` now if it has not been; `from` is the reference that
    /// asks for it. Returns false when the reference closes a cycle.
    pub(crate) fn infer_def(&mut self, name: &str, from: Option<ward_syntax::Span>) -> bool {
        let Some(&(i, state)) = self.pending_defs.get(name) else {
            return true;
        };
        match state {
            DefState::Done => return true,
            DefState::Checking => {
                let chain: Vec<String> = self.def_stack.iter().map(|s| format!("`{s}`")).collect();
                let ItemKind::Def(d) = &self.items[i].kind else {
                    return false;
                };
                self.error(
                    Diagnostic::error(
                        "ward::def-cycle",
                        from.unwrap_or(d.name.span),
                        format!("derived value `{name}` depends on itself"),
                    )
                    .label("refers back into a derived value being computed")
                    .related(None, d.name.span, format!("`{name}` is defined here"))
                    .help(format!(
                        "the cycle runs through {}; a derived value must be computable from facts",
                        chain.join(" → ")
                    )),
                );
                return false;
            }
            DefState::Waiting => {}
        }
        if self.def_stack.len() >= crate::limits::MAX_DEF_DEPTH {
            let ItemKind::Def(d) = &self.items[i].kind else {
                return false;
            };
            self.error(
                Diagnostic::error(
                    "ward::limit",
                    d.name.span,
                    format!(
                        "derived values refer to each other more than {} deep",
                        crate::limits::MAX_DEF_DEPTH
                    ),
                )
                .label("too deep"),
            );
            self.sigs
                .insert(SmolStr::new(name), Sig::Def(DefSig { ty: Ty::Any }));
            self.pending_defs
                .insert(SmolStr::new(name), (i, DefState::Done));
            return false;
        }
        self.pending_defs
            .insert(SmolStr::new(name), (i, DefState::Checking));
        self.def_stack.push(SmolStr::new(name));
        let item = &self.items[i];
        let ItemKind::Def(d) = &item.kind else {
            return true;
        };
        let r = self.item_ref(&d.name.text);
        self.symbols.define(d.name.span, Symbol::Item(r));
        // Bodies are checked without the locals of whatever expression asked for them.
        let saved_locals = std::mem::take(&mut self.locals);
        let saved_self = self.self_record.take();
        let annotated = d.ty.as_ref().map(|t| self.resolve_type(t));
        let body = self.expr(&d.body, annotated.as_ref());
        self.locals = saved_locals;
        self.self_record = saved_self;
        let ty = annotated.unwrap_or_else(|| self.hir.expr(body).ty.clone());
        self.sigs.insert(
            SmolStr::new(&d.name.text),
            Sig::Def(DefSig { ty: ty.clone() }),
        );
        self.hir.defs.push(HDef {
            name: SmolStr::new(&d.name.text),
            doc: item.docs.text(),
            ty,
            body,
        });
        self.def_stack.pop();
        self.pending_defs
            .insert(SmolStr::new(name), (i, DefState::Done));
        true
    }

    /// The level a rule states, or the error for a missing one.
    pub(crate) fn rule_level(&mut self, d: &ast::RuleDecl) -> Level {
        let mut level = None;
        for c in &d.clauses {
            if let RuleClauseKind::Level(l, span) = &c.kind {
                if level.is_some() {
                    self.error(
                        Diagnostic::error(
                            "ward::duplicate-clause",
                            *span,
                            "the level is given twice",
                        )
                        .label("second level"),
                    );
                } else {
                    level = Some(*l);
                }
            }
        }
        level.unwrap_or_else(|| {
            self.error(
                Diagnostic::error("ward::missing-level", d.name.span, format!("rule `{}` does not say its level", d.name.text))
                    .label("no `level`")
                    .help("add `level required`, `level best_practice`, `level recommended` or `level local`"),
            );
            Level::Recommended
        })
    }

    /// Resolve an obligation id (global: ids are how every module refers to a duty).
    pub(crate) fn obligation_id(&mut self, p: &ast::Path) -> Option<SmolStr> {
        let g = self.globals?;
        let id = p.text();
        if g.obligations.contains_key(id.as_str()) {
            self.symbols
                .refer(p.span, Symbol::Obligation(SmolStr::new(&id)));
            return Some(SmolStr::new(id));
        }
        let s = did_you_mean(&id, g.obligations.keys().map(|k| k.as_str()));
        self.error(
            Diagnostic::error(
                "ward::unknown-obligation",
                p.span,
                format!("no obligation has the id `{id}`"),
            )
            .label("unknown obligation")
            .help(match s {
                Some(s) => format!("did you mean `{s}`?"),
                None => "declare it with `obligation <id> \"<title>\" held_by adopter`".into(),
            })
            .replace_with(p.span, s),
        );
        None
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
