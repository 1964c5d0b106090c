//! Name resolution and type checking of one module, in two salsa queries.
//!
//! * [`signatures`] resolves what other modules may see: enum values, record fields and
//!   their types, fact types, the types of derived values (inferring them needs their bodies),
//!   and the shape of every rule. Its [`interface`] is position-free, so dependents are not
//!   re-checked by edits that leave it equal.
//! * [`check_module`] checks everything else — rule conditions, deadlines, exceptions,
//!   defaults, tests — and may consult the whole-program tables of facts and obligations
//!   (which depend only on interfaces, so no query cycle is possible).
//!
//! Both run the same [`Cx`] over the syntax tree; diagnostics are returned as values.

mod bidi;
mod exceptions;
mod expr;
mod items;
mod rules;
mod tests;

pub use items::HOLDERS;

use std::collections::{BTreeSet, HashSet};

use indexmap::IndexMap;
use smol_str::SmolStr;
use ward_syntax::Span;
use ward_syntax::ast::{Item, ItemKind, Path};

use crate::db::{Db, Origin, SourceFile, Workspace};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::hir::{Hir, LocalId};
use crate::interface::{Interface, Sig};
use crate::modules::module_index;
use crate::parsed;
use crate::program::{GlobalTables, global_tables};
use crate::scope::{Binding, Scope, scope};
use crate::symbols::{Symbol, SymbolIndex};
use crate::ty::{ItemRef, Ty};

/// A read of a fact or of a record field, for "never used" warnings.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Use {
    Fact(ItemRef),
    Field(ItemRef, SmolStr),
}

/// The first pass's result; see the module docs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signatures {
    pub interface: Interface,
    pub hir: Hir,
    pub diagnostics: Vec<Diagnostic>,
    pub symbols: SymbolIndex,
    pub used_imports: BTreeSet<SmolStr>,
    pub uses: BTreeSet<Use>,
    pub next_local: LocalId,
    /// Each rule's citations with their sub-headings (resolved once, in this pass).
    pub cites: IndexMap<SmolStr, Vec<crate::hir::HCitation>>,
}

/// The checked module: its typed program, every diagnostic, and where each name is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedModule {
    pub hir: Hir,
    pub diagnostics: Vec<Diagnostic>,
    pub symbols: SymbolIndex,
    pub uses: BTreeSet<Use>,
}

#[salsa::tracked(returns(ref))]
pub fn signatures(db: &dyn Db, ws: Workspace, file: SourceFile) -> Signatures {
    db.record_execution("signatures", file.module(db));
    let mut cx = Cx::new(db, ws, file, None);
    cx.collect_items();
    cx.signature_pass();
    Signatures {
        interface: Interface {
            module: cx.module.clone(),
            items: cx.sigs,
            jurisdiction: cx.hir.jurisdiction.clone(),
        },
        hir: cx.hir,
        diagnostics: cx.diags,
        symbols: cx.symbols,
        used_imports: cx.used_imports.into_iter().collect(),
        uses: cx.uses,
        next_local: cx.next_local,
        cites: cx.cites,
    }
}

/// What other modules see of this one. A separate query so that salsa can backdate it.
#[salsa::tracked(returns(ref))]
pub fn interface(db: &dyn Db, ws: Workspace, file: SourceFile) -> Interface {
    signatures(db, ws, file).interface.clone()
}

#[salsa::tracked(returns(ref))]
pub fn check_module(db: &dyn Db, ws: Workspace, file: SourceFile) -> CheckedModule {
    db.record_execution("check_module", file.module(db));
    let sigs = signatures(db, ws, file);
    let globals = global_tables(db, ws);
    let mut cx = Cx::new(db, ws, file, Some(globals));
    cx.sigs = sigs.interface.items.clone();
    cx.hir = sigs.hir.clone();
    cx.diags = sigs.diagnostics.clone();
    cx.symbols = sigs.symbols.clone();
    cx.used_imports = sigs.used_imports.iter().cloned().collect();
    cx.uses = sigs.uses.clone();
    cx.next_local = sigs.next_local;
    cx.cites = sigs.cites.clone();
    cx.collect_items_quietly();
    cx.body_pass();
    cx.unused_imports();
    let mut diagnostics = scope(db, ws, file).diagnostics.clone();
    diagnostics.extend(parsed(db, file).errors.iter().map(Diagnostic::from));
    diagnostics.extend(bidi::warnings(file.text(db)));
    diagnostics.append(&mut cx.diags);
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    diagnostics.dedup();
    let mut symbols = scope(db, ws, file).symbols.clone();
    symbols.occurrences.append(&mut cx.symbols.occurrences);
    CheckedModule {
        hir: cx.hir,
        diagnostics,
        symbols,
        uses: cx.uses,
    }
}

/// A bound variable in scope.
#[derive(Clone, Debug)]
pub(crate) struct LocalVar {
    pub name: SmolStr,
    pub id: LocalId,
    pub ty: Ty,
    pub span: Span,
}

/// The result of looking a name up in module scope.
#[derive(Clone, Debug)]
pub(crate) enum Found {
    Item(ItemRef, Sig),
    Module(SmolStr),
}

/// The checking context of one module.
pub(crate) struct Cx<'db> {
    pub db: &'db dyn Db,
    pub ws: Workspace,
    pub module: SmolStr,
    pub origin: Origin,
    pub items: &'db [Item],
    pub scope: &'db Scope,
    pub globals: Option<&'db GlobalTables>,
    /// Local item names, to the index of the declaring item.
    pub local: IndexMap<SmolStr, usize>,
    /// The local interface, filled during the signature pass.
    pub sigs: IndexMap<SmolStr, Sig>,
    pub hir: Hir,
    pub diags: Vec<Diagnostic>,
    pub symbols: SymbolIndex,
    pub used_imports: HashSet<SmolStr>,
    pub uses: BTreeSet<Use>,
    pub locals: Vec<LocalVar>,
    pub next_local: LocalId,
    /// Inside a record field's `default`: the record whose sibling fields are in scope.
    pub self_record: Option<ItemRef>,
    /// Inside a test's `given` block, where record literals are allowed and names are values.
    pub in_given: bool,
    pub cites: IndexMap<SmolStr, Vec<crate::hir::HCitation>>,
    /// Local derived values by name: the declaring item and how far checking has got.
    pub pending_defs: IndexMap<SmolStr, (usize, DefState)>,
    /// The derived values being checked, innermost last (for cycle messages).
    pub def_stack: Vec<SmolStr>,
    /// How many more names "did you mean" may compare with in this module (see
    /// [`MAX_SUGGESTION_COMPARISONS`](crate::limits::MAX_SUGGESTION_COMPARISONS)).
    pub suggestions_left: usize,
    /// The module's `under` condition, checked once: its conjuncts and their text, put
    /// before every rule's own (see [`Cx::with_under`]).
    pub under: Option<(Vec<crate::hir::ExprId>, Vec<String>)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DefState {
    Waiting,
    Checking,
    Done,
}

impl<'db> Cx<'db> {
    fn new(
        db: &'db dyn Db,
        ws: Workspace,
        file: SourceFile,
        globals: Option<&'db GlobalTables>,
    ) -> Cx<'db> {
        Cx {
            db,
            ws,
            module: file.module(db).clone(),
            origin: file.origin(db).clone(),
            items: &parsed(db, file).module.items,
            scope: scope(db, ws, file),
            globals,
            local: IndexMap::new(),
            sigs: IndexMap::new(),
            hir: Hir::default(),
            diags: Vec::new(),
            symbols: SymbolIndex::default(),
            used_imports: HashSet::new(),
            uses: BTreeSet::new(),
            locals: Vec::new(),
            next_local: 0,
            self_record: None,
            in_given: false,
            cites: IndexMap::new(),
            pending_defs: IndexMap::new(),
            def_stack: Vec::new(),
            suggestions_left: crate::limits::MAX_SUGGESTION_COMPARISONS,
            under: None,
        }
    }

    /// Whether "did you mean" may compare a misspelt name with `candidates` more names; the
    /// budget is spent either way. A module with thousands of unknown names would otherwise
    /// compare each with every name in scope: quadratic, on every keystroke in the editor.
    pub(crate) fn may_suggest(&mut self, candidates: usize) -> bool {
        let ok = self.suggestions_left >= candidates;
        self.suggestions_left = self.suggestions_left.saturating_sub(candidates.max(1));
        ok
    }

    pub fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub fn item_ref(&self, name: &str) -> ItemRef {
        ItemRef::new(self.module.clone(), name)
    }

    /// Record the names of local items, reporting duplicates and clashes with imports.
    fn collect_items(&mut self) {
        self.collect(true);
    }

    /// The same, in the second pass, whose diagnostics the first pass already made.
    fn collect_items_quietly(&mut self) {
        self.collect(false);
    }

    fn collect(&mut self, report: bool) {
        let mut labels: IndexMap<SmolStr, Span> = IndexMap::new();
        for (i, item) in self.items.iter().enumerate() {
            if let ItemKind::Rule(r) = &item.kind {
                for c in &r.clauses {
                    if let ward_syntax::ast::RuleClauseKind::Label(l) = &c.kind {
                        labels.entry(SmolStr::new(&l.text)).or_insert(l.span);
                    }
                }
            }
            let Some(name) = item.name() else { continue };
            let key = SmolStr::new(&name.text);
            if let Some(&prev) = self.local.get(&key) {
                if report {
                    let prev_span = self.items[prev]
                        .name()
                        .map(|n| n.span)
                        .unwrap_or(self.items[prev].span);
                    self.diags.push(
                        Diagnostic::error(
                            "ward::duplicate-definition",
                            name.span,
                            format!("`{}` is defined twice in this module", name.text),
                        )
                        .label("defined again here")
                        .related(None, prev_span, "first defined here")
                        .help("rename one of them; names are unique within a module"),
                    );
                }
                continue;
            }
            if report && let Some(imp) = self.scope.names.get(&key) {
                self.diags.push(
                    Diagnostic::error(
                        "ward::duplicate-definition",
                        name.span,
                        format!("`{}` is both imported and defined here", name.text),
                    )
                    .label("defined here")
                    .related(None, imp.span, "imported here"),
                );
            }
            self.local.insert(key, i);
        }
        if report {
            for (label, span) in &labels {
                if self.local.contains_key(label) {
                    self.diags.push(
                        Diagnostic::error(
                            "ward::duplicate-definition",
                            *span,
                            format!("the label `{label}` has the name of an item of this module"),
                        )
                        .label("label")
                        .help("labels share the namespace of items: choose another name"),
                    );
                }
            }
        }
    }

    /// Look a single name up: local items, then imports; marks the import as used.
    pub fn lookup(&mut self, name: &str) -> Option<Found> {
        let found = self.peek(name);
        if found.is_some() && !self.sigs.contains_key(name) {
            self.used_imports.insert(SmolStr::new(name));
        }
        found
    }

    /// Look a name up without marking anything used.
    pub fn peek(&self, name: &str) -> Option<Found> {
        if let Some(sig) = self.sigs.get(name) {
            return Some(Found::Item(self.item_ref(name), sig.clone()));
        }
        let imp = self.scope.names.get(name)?;
        match &imp.binding {
            Binding::Module(m) => Some(Found::Module(m.clone())),
            Binding::Item(r) => {
                let r = r.clone();
                self.sig_of(&r).map(|s| Found::Item(r, s))
            }
        }
    }

    /// The signature of any item this module may refer to.
    pub fn sig_of(&self, r: &ItemRef) -> Option<Sig> {
        if r.module == self.module {
            return self.sigs.get(&r.name).cloned();
        }
        let file = module_index(self.db, self.ws).get(&r.module)?;
        interface(self.db, self.ws, file).get(&r.name).cloned()
    }

    /// The interface of another module (which this one imports).
    pub fn interface_of(&self, module: &str) -> Option<&'db Interface> {
        let file = module_index(self.db, self.ws).get(module)?;
        Some(interface(self.db, self.ws, file))
    }

    /// Resolve a dotted path that names an item: `name`, `alias.name`.
    /// Reports and returns `None` on failure. `what` names the expected kind, for messages.
    pub fn resolve_path(
        &mut self,
        path: &Path,
        what: &str,
        accept: impl Fn(&Sig) -> bool,
    ) -> Option<(ItemRef, Sig)> {
        let segs = &path.segments;
        let first = &segs[0];
        let found = self.lookup(&first.text);
        let (r, sig) = match (found, segs.len()) {
            (Some(Found::Item(r, sig)), 1) => (r, sig),
            (Some(Found::Module(m)), 2) => {
                let name = &segs[1];
                let iface = self.interface_of(&m)?;
                match iface.get(&name.text) {
                    Some(sig) => (ItemRef::new(m.clone(), name.text.as_str()), sig.clone()),
                    None => {
                        self.diags.push(crate::scope::unknown_member(
                            &m, name.span, &name.text, iface,
                        ));
                        return None;
                    }
                }
            }
            (Some(_), _) => {
                self.diags.push(
                    Diagnostic::error(
                        "ward::unknown-name",
                        path.span,
                        format!("`{}` does not name a {what}", path.text()),
                    )
                    .label(format!("not a {what}")),
                );
                return None;
            }
            (None, _) => {
                self.unknown_path(path, what, &accept);
                return None;
            }
        };
        self.symbols
            .refer(path.last().span, Symbol::Item(r.clone()));
        if !accept(&sig) {
            self.diags.push(
                Diagnostic::error(
                    "ward::wrong-kind",
                    path.span,
                    format!(
                        "`{}` is {}, not a {what}",
                        path.text(),
                        sig.kind_with_article()
                    ),
                )
                .label(format!("expected a {what}")),
            );
            return None;
        }
        Some((r, sig))
    }

    /// Report an unresolvable path, suggesting a close name or the missing `use`.
    fn unknown_path(&mut self, path: &Path, what: &str, accept: &dyn Fn(&Sig) -> bool) {
        let segs: Vec<&str> = path.segments.iter().map(|s| s.text.as_str()).collect();
        let index = module_index(self.db, self.ws);
        if segs.len() > 1
            && let Some((m, _)) = index.longest_module_prefix(&segs)
        {
            let d = Diagnostic::error(
                "ward::missing-import",
                path.span,
                format!("module `{m}` is not imported here"),
            )
            .label("not imported")
            .help(format!("add `use {m}` at the top of the module"));
            self.diags.push(d);
            return;
        }
        let name = &path.segments[0];
        let suggestion = if self.may_suggest(self.sigs.len() + self.scope.names.len()) {
            let mut candidates: Vec<SmolStr> = self
                .sigs
                .iter()
                .filter(|(_, s)| accept(s))
                .map(|(n, _)| n.clone())
                .chain(self.scope.names.keys().cloned())
                .collect();
            candidates.sort();
            did_you_mean(&name.text, candidates.iter().map(|c| c.as_str())).map(str::to_string)
        } else {
            None
        };
        // An item of that name in a module not imported: offer the `use`.
        let elsewhere = if suggestion.is_none() && segs.len() == 1 {
            self.find_elsewhere(&name.text, accept)
        } else {
            None
        };
        let help = match (&suggestion, &elsewhere) {
            (Some(s), _) => Some(format!("did you mean `{s}`?")),
            (None, Some(m)) => Some(format!(
                "`{}` is declared in `{m}`: add `use {m}.{{{}}}`",
                name.text, name.text
            )),
            _ => None,
        };
        self.diags.push(
            Diagnostic::error(
                "ward::unknown-name",
                name.span,
                format!("cannot find {what} `{}`", name.text),
            )
            .label("not found in this module or its imports")
            .maybe_help(help)
            .replace_with(name.span, suggestion.as_deref()),
        );
    }

    /// A module (not imported here) that declares `name` with an acceptable kind.
    ///
    /// Only in the body pass: the signature pass may not read other modules' interfaces beyond
    /// its imports (that would make salsa queries depend on each other in a cycle).
    pub fn find_elsewhere(&self, name: &str, accept: &dyn Fn(&Sig) -> bool) -> Option<SmolStr> {
        self.globals?;
        let index = module_index(self.db, self.ws);
        index.modules.iter().find_map(|(m, &f)| {
            if *m == self.module {
                return None;
            }
            interface(self.db, self.ws, f)
                .get(name)
                .filter(|s| accept(s))
                .map(|_| m.clone())
        })
    }

    fn unused_imports(&mut self) {
        for (name, imp) in &self.scope.names {
            if !self.used_imports.contains(name) {
                self.diags.push(
                    Diagnostic::warning(
                        "ward::unused-import",
                        imp.span,
                        format!("`{name}` is imported but never used"),
                    )
                    .label("unused")
                    .help("remove it from the `use`"),
                );
            }
        }
    }
}
