//! The analysis façade: a cheap snapshot of the database that request handlers query.
//!
//! An [`Analysis`] owns a clone of the salsa database, so it can run on a blocking thread
//! while the server keeps accepting edits. A write cancels it: every query then unwinds with
//! [`salsa::Cancelled`], which [`Analysis::catch`] turns into an error value in one place.
//! Its methods speak the compiler's language — modules, byte spans, symbols — and return
//! plain data; only the handlers know about the protocol.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard};

use salsa::Cancelled;
use smol_str::SmolStr;
use tower_lsp_server::ls_types::Uri;
use ward_core::check::{CheckedModule, check_module, interface};
use ward_core::diagnostic::Diagnostic;
use ward_core::hir::{HCitation, HSource, Hir};
use ward_core::interface::{Interface, Sig};
use ward_core::modules::module_index;
use ward_core::program::{GlobalTables, global_tables};
use ward_core::scope::{Scope, scope};
use ward_core::symbols::{Occurrence, Symbol};
use ward_core::ty::{ItemRef, Ty};
use ward_core::{Database, SourceFile, Workspace, parsed};
use ward_syntax::Span;
use ward_syntax::ast::{ExprKind, ItemKind, RuleClauseKind};

use crate::world::{FileInfo, Files};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A result that a concurrent edit may have cancelled.
pub type Cancellable<T> = Result<T, Cancelled>;

pub struct Analysis {
    db: Database,
    ws: Workspace,
    files: Arc<Files>,
    revision: u64,
    citations: Arc<Mutex<Option<CitationMemo>>>,
}

/// What the citation check reads, without positions: each module's sources and each rule's
/// citations. The check is a whole-workspace scan of the guidance documents (tens of
/// milliseconds), so it runs again only when this changes; a keystroke that shifts text
/// keeps the result and moves each diagnostic to its item's current position.
type CitationKey = Vec<(SmolStr, Vec<HSource>, Vec<(SmolStr, Vec<HCitation>)>)>;

pub struct CitationMemo {
    key: CitationKey,
    /// Each diagnostic with the module and the declaration it is attached to.
    found: Vec<(SmolStr, Option<Symbol>, Diagnostic)>,
}

/// A place in the workspace: a module's file and a byte span in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileSpan {
    pub file: SourceFile,
    pub span: Span,
}

impl Analysis {
    pub fn new(
        db: Database,
        ws: Workspace,
        files: Arc<Files>,
        revision: u64,
        citations: Arc<Mutex<Option<CitationMemo>>>,
    ) -> Analysis {
        Analysis {
            db,
            ws,
            files,
            revision,
            citations,
        }
    }

    /// Run `f` against this snapshot, turning salsa's cancellation into a value.
    pub fn catch<T>(&self, f: impl FnOnce(&Analysis) -> T) -> Cancellable<T> {
        Cancelled::catch(AssertUnwindSafe(|| f(self)))
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn db(&self) -> &Database {
        &self.db
    }

    pub fn workspace(&self) -> Workspace {
        self.ws
    }

    pub fn files(&self) -> &Files {
        &self.files
    }

    // ------------------------------------------------------------------ files

    /// Every module of the workspace, in name order.
    pub fn modules(&self) -> Vec<(SmolStr, SourceFile)> {
        module_index(&self.db, self.ws)
            .modules
            .iter()
            .map(|(m, f)| (m.clone(), *f))
            .collect()
    }

    pub fn file(&self, module: &str) -> Option<SourceFile> {
        module_index(&self.db, self.ws).get(module)
    }

    /// The module a document is, if it is part of the workspace.
    pub fn file_of_uri(&self, uri: &Uri) -> Option<SourceFile> {
        let module = self.files.module_of_uri(uri)?;
        self.file(module)
    }

    pub fn info(&self, file: SourceFile) -> Option<&FileInfo> {
        self.files.get(self.module_name(file))
    }

    pub fn module_name(&self, file: SourceFile) -> &SmolStr {
        file.module(&self.db)
    }

    pub fn text(&self, file: SourceFile) -> &str {
        file.text(&self.db)
    }

    /// Is the file the read-only copy of the embedded standard library?
    pub fn is_read_only(&self, file: SourceFile) -> bool {
        self.info(file).is_some_and(|i| i.read_only)
    }

    pub fn is_stdlib(&self, file: SourceFile) -> bool {
        file.origin(&self.db).is_stdlib()
    }

    // ------------------------------------------------------------------ queries

    pub fn checked(&self, file: SourceFile) -> &CheckedModule {
        check_module(&self.db, self.ws, file)
    }

    pub fn hir(&self, file: SourceFile) -> &Hir {
        &self.checked(file).hir
    }

    pub fn interface(&self, file: SourceFile) -> &Interface {
        interface(&self.db, self.ws, file)
    }

    pub fn scope(&self, file: SourceFile) -> &Scope {
        scope(&self.db, self.ws, file)
    }

    pub fn parsed(&self, file: SourceFile) -> &ward_syntax::Parsed {
        parsed(&self.db, file)
    }

    pub fn globals(&self) -> &GlobalTables {
        global_tables(&self.db, self.ws)
    }

    /// The signature of an item anywhere in the workspace.
    pub fn sig(&self, r: &ItemRef) -> Option<&Sig> {
        let f = self.file(&r.module)?;
        self.interface(f).get(&r.name)
    }

    /// Every diagnostic of every module: the module's own check, the whole-program checks,
    /// and citations checked against the guidance documents the server carries (as
    /// `ward check` does).
    pub fn all_diagnostics(&self) -> Vec<(SourceFile, Vec<Diagnostic>)> {
        let mut all = ward_core::program::all_diagnostics(&self.db, self.ws);
        for (f, d) in self.citation_diagnostics() {
            if let Some((_, ds)) = all.iter_mut().find(|(g, _)| *g == f) {
                ds.push(d);
            }
        }
        for (_, ds) in &mut all {
            ds.sort_by_key(|d| (d.span.start, d.span.end));
            ds.dedup();
        }
        all
    }

    /// `ward check`'s citation check, memoised on what it reads (see [`CitationKey`]).
    pub fn citation_diagnostics(&self) -> Vec<(SourceFile, Diagnostic)> {
        let modules = self.modules();
        let key: CitationKey = modules
            .iter()
            .map(|(m, f)| {
                let hir = self.hir(*f);
                let rules = hir
                    .rules
                    .iter()
                    .map(|r| (r.name.clone(), r.cites.clone()))
                    .collect();
                (m.clone(), hir.sources.clone(), rules)
            })
            .collect();
        let memo = lock(&self.citations)
            .as_ref()
            .filter(|c| c.key == key)
            .map(|c| c.found.clone());
        let found = match memo {
            Some(found) => found,
            None => {
                let fresh = ward_core::citations::check_citations(
                    &self.db,
                    self.ws,
                    &ward_stdlib::document,
                );
                let found: Vec<(SmolStr, Option<Symbol>, Diagnostic)> = fresh
                    .into_iter()
                    .map(|(f, d)| {
                        let symbol = self
                            .checked(f)
                            .symbols
                            .occurrences
                            .iter()
                            .find(|o| o.is_definition && o.span == d.span)
                            .map(|o| o.symbol.clone());
                        (self.module_name(f).clone(), symbol, d)
                    })
                    .collect();
                *lock(&self.citations) = Some(CitationMemo {
                    key,
                    found: found.clone(),
                });
                found
            }
        };
        found
            .into_iter()
            .filter_map(|(m, symbol, mut d)| {
                let f = self.file(&m)?;
                if let Some(sym) = symbol {
                    let now = self
                        .checked(f)
                        .symbols
                        .occurrences
                        .iter()
                        .find(|o| o.is_definition && o.symbol == sym)?;
                    d.span = now.span;
                }
                Some((f, d))
            })
            .collect()
    }

    /// The diagnostics of one module.
    pub fn diagnostics(&self, file: SourceFile) -> Vec<Diagnostic> {
        self.all_diagnostics()
            .into_iter()
            .find(|(f, _)| *f == file)
            .map(|(_, ds)| ds)
            .unwrap_or_default()
    }

    // ------------------------------------------------------------------ symbols

    /// The name under the cursor: the innermost occurrence covering `offset`.
    pub fn occurrence_at(&self, file: SourceFile, offset: usize) -> Option<Occurrence> {
        let symbols = &self.checked(file).symbols;
        // A cursor just after a name still means that name, but one just before the next
        // name means the next one: prefer an occurrence that starts at or before the cursor
        // and does not merely end there.
        let inner = symbols
            .occurrences
            .iter()
            .filter(|o| o.span.start as usize <= offset && offset < o.span.end as usize)
            .min_by_key(|o| o.span.len());
        inner.or_else(|| symbols.at(offset)).cloned()
    }

    /// Where a symbol is declared.
    pub fn definition(&self, from: SourceFile, symbol: &Symbol) -> Option<FileSpan> {
        let module = match symbol {
            Symbol::Module(m) => {
                let file = self.file(m)?;
                let span = self
                    .parsed(file)
                    .module
                    .items
                    .iter()
                    .find_map(|i| match &i.kind {
                        ItemKind::Module(d) => Some(d.path.span),
                        _ => None,
                    })
                    .unwrap_or_default();
                return Some(FileSpan { file, span });
            }
            Symbol::Local(span) => {
                return Some(FileSpan {
                    file: from,
                    span: *span,
                });
            }
            Symbol::Item(r) | Symbol::Field(r, _) | Symbol::Variant(r, _) => r.module.clone(),
            Symbol::Obligation(id) => self
                .globals()
                .obligations
                .get(id.as_str())?
                .0
                .module
                .clone(),
        };
        let file = self.file(&module)?;
        let found = self
            .checked(file)
            .symbols
            .occurrences
            .iter()
            .find(|o| o.is_definition && &o.symbol == symbol);
        if let Some(o) = found {
            return Some(FileSpan { file, span: o.span });
        }
        // Labels have no declaration of their own: the first rule that carries one stands for it.
        if let Symbol::Item(r) = symbol {
            return self
                .label_clauses(file, &r.name)
                .first()
                .map(|&span| FileSpan { file, span });
        }
        None
    }

    /// The spans of `label <name>` clauses in a module's rules.
    pub fn label_clauses(&self, file: SourceFile, name: &str) -> Vec<Span> {
        let mut out = Vec::new();
        for item in &self.parsed(file).module.items {
            if let ItemKind::Rule(r) = &item.kind {
                for c in &r.clauses {
                    if let RuleClauseKind::Label(l) = &c.kind
                        && l.text == name
                    {
                        out.push(l.span);
                    }
                }
            }
        }
        out
    }

    /// Every occurrence of a symbol in the workspace (declaration included), with whether it
    /// is the declaration.
    pub fn references(&self, from: SourceFile, symbol: &Symbol) -> Vec<(FileSpan, bool)> {
        let files: Vec<SourceFile> = match symbol {
            Symbol::Local(_) => vec![from],
            _ => self.modules().into_iter().map(|(_, f)| f).collect(),
        };
        let mut out: Vec<(FileSpan, bool)> = Vec::new();
        for file in files {
            for o in &self.checked(file).symbols.occurrences {
                if &o.symbol == symbol {
                    out.push((FileSpan { file, span: o.span }, o.is_definition));
                }
            }
        }
        if let Symbol::Item(r) = symbol
            && matches!(self.sig(r), Some(Sig::Label(_)))
            && let Some(file) = self.file(&r.module)
        {
            for span in self.label_clauses(file, &r.name) {
                out.push((FileSpan { file, span }, true));
            }
        }
        out.sort_by_key(|(fs, def)| {
            (
                self.module_name(fs.file).clone(),
                fs.span.start,
                fs.span.end,
                !*def,
            )
        });
        out.dedup_by_key(|(fs, _)| (fs.file, fs.span));
        out
    }

    /// The type of a value a symbol names: a fact, a derived value, a field, an enum value
    /// or a bound variable.
    pub fn type_of(&self, file: SourceFile, symbol: &Symbol) -> Option<Ty> {
        match symbol {
            Symbol::Item(r) => match self.sig(r)? {
                Sig::Fact(f) => Some(f.ty.clone()),
                Sig::Def(d) => Some(d.ty.clone()),
                Sig::Record(_) => Some(Ty::Record(r.clone())),
                Sig::Enum(_) => Some(Ty::Enum(r.clone())),
                _ => None,
            },
            Symbol::Field(rec, name) => match self.sig(rec)? {
                Sig::Record(rs) => rs
                    .fields
                    .iter()
                    .find(|f| &f.name == name)
                    .map(|f| f.ty.clone()),
                _ => None,
            },
            Symbol::Variant(e, _) => Some(Ty::Enum(e.clone())),
            Symbol::Local(binder) => {
                let coll =
                    crate::walk::binder_collection(&self.parsed(file).module.items, *binder)?;
                self.type_of_expr(file, coll)?.element().cloned()
            }
            Symbol::Module(_) | Symbol::Obligation(_) => None,
        }
    }

    /// The type of a name or field access, read from the symbol at its last name.
    pub fn type_of_expr(&self, file: SourceFile, e: &ward_syntax::ast::Expr) -> Option<Ty> {
        let name_span = match &e.kind {
            ExprKind::Name(n) => n.span,
            ExprKind::Field { field, .. } => field.span,
            ExprKind::Paren(x) => return self.type_of_expr(file, x),
            _ => return None,
        };
        let occ = self
            .checked(file)
            .symbols
            .occurrences
            .iter()
            .find(|o| o.span == name_span)?;
        self.type_of(file, &occ.symbol)
    }

    /// The obligations' declaring module and the rules that conclude about each, for hover.
    pub fn rules_concluding(&self, obligation: &str) -> Vec<(SourceFile, &ward_core::hir::HRule)> {
        let mut out = Vec::new();
        for (_, f) in self.modules() {
            for r in &self.hir(f).rules {
                if r.obligation == obligation {
                    out.push((f, r));
                }
            }
        }
        out
    }
}
