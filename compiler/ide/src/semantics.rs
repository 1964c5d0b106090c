//! The compiler's answers that several features share: what a name at an offset is, where a
//! symbol is declared and used, the type of a value. Thin readings of the salsa queries
//! (`check_module`, `interface`, `scope`, `global_tables`); every feature goes through these
//! rather than asking the queries in its own way.

use smol_str::SmolStr;
use ward_core::check::{CheckedModule, check_module, interface};
use ward_core::hir::Hir;
use ward_core::interface::{Interface, Sig};
use ward_core::modules::module_index;
use ward_core::program::{GlobalTables, global_tables};
use ward_core::scope::{Scope, scope};
use ward_core::symbols::{Occurrence, Symbol};
use ward_core::ty::{ItemRef, Ty};
use ward_core::{SourceFile, parsed};
use ward_syntax::Span;
use ward_syntax::ast::{ExprKind, ItemKind, RuleClauseKind};

use crate::{Analysis, FileSpan};

impl Analysis {
    pub(crate) fn file_of(&self, module: &str) -> Option<SourceFile> {
        module_index(&self.db, self.ws).get(module)
    }

    pub(crate) fn all_modules(&self) -> Vec<(SmolStr, SourceFile)> {
        module_index(&self.db, self.ws)
            .modules
            .iter()
            .map(|(m, f)| (m.clone(), *f))
            .collect()
    }

    pub(crate) fn checked(&self, file: SourceFile) -> &CheckedModule {
        check_module(&self.db, self.ws, file)
    }

    pub(crate) fn hir(&self, file: SourceFile) -> &Hir {
        &self.checked(file).hir
    }

    pub(crate) fn interface(&self, file: SourceFile) -> &Interface {
        interface(&self.db, self.ws, file)
    }

    pub(crate) fn scope(&self, file: SourceFile) -> &Scope {
        scope(&self.db, self.ws, file)
    }

    pub(crate) fn parsed(&self, file: SourceFile) -> &ward_syntax::Parsed {
        parsed(&self.db, file)
    }

    pub(crate) fn globals(&self) -> &GlobalTables {
        global_tables(&self.db, self.ws)
    }

    /// The signature of an item anywhere in the workspace.
    pub(crate) fn sig(&self, r: &ItemRef) -> Option<&Sig> {
        let f = self.file_of(&r.module)?;
        self.interface(f).get(&r.name)
    }

    /// The name under the cursor: the innermost occurrence covering `offset`.
    pub(crate) fn occurrence_at(&self, file: SourceFile, offset: usize) -> Option<Occurrence> {
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
    pub(crate) fn definition_of(&self, from: SourceFile, symbol: &Symbol) -> Option<FileSpan> {
        let module = match symbol {
            Symbol::Module(m) => {
                let file = self.file_of(m)?;
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
        let file = self.file_of(&module)?;
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
    pub(crate) fn label_clauses(&self, file: SourceFile, name: &str) -> Vec<Span> {
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
    pub(crate) fn references_of(&self, from: SourceFile, symbol: &Symbol) -> Vec<(FileSpan, bool)> {
        let files: Vec<SourceFile> = match symbol {
            Symbol::Local(_) => vec![from],
            _ => self.all_modules().into_iter().map(|(_, f)| f).collect(),
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
            && let Some(file) = self.file_of(&r.module)
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
    pub(crate) fn type_of(&self, file: SourceFile, symbol: &Symbol) -> Option<Ty> {
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
    pub(crate) fn type_of_expr(&self, file: SourceFile, e: &ward_syntax::ast::Expr) -> Option<Ty> {
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
    pub(crate) fn rules_concluding(
        &self,
        obligation: &str,
    ) -> Vec<(SourceFile, &ward_core::hir::HRule)> {
        let mut out = Vec::new();
        for (_, f) in self.all_modules() {
            for r in &self.hir(f).rules {
                if r.obligation == obligation {
                    out.push((f, r));
                }
            }
        }
        out
    }
}

/// The text of a span (empty if the span is out of range).
pub(crate) fn slice(text: &str, span: Span) -> &str {
    text.get(span.range()).unwrap_or("")
}
