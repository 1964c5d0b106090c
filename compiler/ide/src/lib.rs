//! Ward's editor features, independent of any editor protocol.
//!
//! An [`Analysis`] is a snapshot of the compiler's salsa database (a clone, so it can run on
//! another thread while the host keeps accepting edits). Each feature is a method that takes
//! a module and a byte offset (or a span) and returns plain data — spans in bytes, modules by
//! name or [`SourceFile`], markdown as a string — in the style of rust-analyzer's `ide` and
//! ty's `ty_ide`. Only the language server knows about LSP: it converts these answers to
//! protocol types (UTF-16 positions, URIs) and nothing else. A write to the host cancels a
//! snapshot's queries; every method returns [`Cancellable`], and [`Analysis::with`] is the one
//! place that catches the cancellation.

mod code_actions;
mod completion;
mod definition;
mod diagnostics;
pub mod fixture;
mod folding;
mod formatting;
mod guidance_links;
mod hover;
mod imports;
mod references;
mod rename;
mod semantic_tokens;
mod semantics;
mod symbols;
mod test_hover;
mod walk;

use std::collections::BTreeSet;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

pub use salsa::Cancelled;
use smol_str::SmolStr;
pub use ward_core::{Database, Diagnostic, SourceFile, Workspace};
pub use ward_syntax::Span;

pub use code_actions::CodeAction;
pub use completion::{CompletionConfig, CompletionItem, CompletionKind, CompletionTrigger};
pub use folding::{Fold, FoldKind};
pub use formatting::FormatError;
pub use guidance_links::GuidanceLink;
pub use hover::HoverResult;
pub use references::Reference;
pub use rename::{PrepareRename, RenameError};
pub use semantic_tokens::{SemanticToken, TokenKind, TokenModifiers};
pub use symbols::{DocumentSymbol, SymbolKind, WorkspaceSymbol};

/// A result that a concurrent edit may have cancelled.
pub type Cancellable<T> = Result<T, Cancelled>;

/// A byte offset in a module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FilePosition {
    pub file: SourceFile,
    pub offset: usize,
}

/// A byte span in a module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileSpan {
    pub file: SourceFile,
    pub span: Span,
}

/// Replace `span` of a module's text with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub span: Span,
    pub new_text: String,
}

/// Edits to one or more modules, each module's edits in text order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceChange {
    pub edits: Vec<(SourceFile, Vec<TextEdit>)>,
}

/// A read-only view of the compiler's database for editor features.
#[derive(Clone)]
pub struct Analysis {
    db: Database,
    ws: Workspace,
    /// Modules the host shows but will not change (the standard library's copy on disk).
    read_only: Arc<BTreeSet<SmolStr>>,
}

impl Analysis {
    /// A snapshot over a clone of the host's database.
    pub fn new(db: Database, ws: Workspace) -> Analysis {
        Analysis {
            db,
            ws,
            read_only: Arc::default(),
        }
    }

    /// The same snapshot, with the modules that may not be edited (renamed into, formatted).
    pub fn with_read_only(mut self, modules: impl IntoIterator<Item = SmolStr>) -> Analysis {
        self.read_only = Arc::new(modules.into_iter().collect());
        self
    }

    /// Run `f` against this snapshot, turning salsa's cancellation into a value. Every
    /// public method goes through here.
    pub fn with<T>(&self, f: impl FnOnce(&Analysis) -> T) -> Cancellable<T> {
        Cancelled::catch(AssertUnwindSafe(|| f(self)))
    }

    pub fn db(&self) -> &Database {
        &self.db
    }

    pub fn workspace(&self) -> Workspace {
        self.ws
    }

    // ------------------------------------------------------------------ inputs (never cancel)

    pub fn text(&self, file: SourceFile) -> &str {
        file.text(&self.db)
    }

    pub fn module_name(&self, file: SourceFile) -> &SmolStr {
        file.module(&self.db)
    }

    pub fn is_stdlib(&self, file: SourceFile) -> bool {
        file.origin(&self.db).is_stdlib()
    }

    /// May the editor change this module? (Not the standard library's read-only copy.)
    pub fn is_read_only(&self, file: SourceFile) -> bool {
        self.read_only.contains(self.module_name(file))
    }

    // ------------------------------------------------------------------ workspace

    /// The module of that name.
    pub fn file(&self, module: &str) -> Cancellable<Option<SourceFile>> {
        self.with(|a| a.file_of(module))
    }

    /// Every module of the workspace, in name order.
    pub fn modules(&self) -> Cancellable<Vec<(SmolStr, SourceFile)>> {
        self.with(|a| a.all_modules())
    }

    /// Every diagnostic of every module: each module's own check, the whole-program checks
    /// and the citation check (as `ward check` reports them), sorted by position.
    pub fn diagnostics(&self) -> Cancellable<Vec<(SourceFile, Vec<Diagnostic>)>> {
        self.with(diagnostics::all)
    }

    /// The diagnostics of one module.
    pub fn file_diagnostics(&self, file: SourceFile) -> Cancellable<Vec<Diagnostic>> {
        self.with(|a| diagnostics::of_file(a, file))
    }

    // ------------------------------------------------------------------ features

    /// What the name at the cursor is, as markdown.
    pub fn hover(&self, at: FilePosition) -> Cancellable<Option<HoverResult>> {
        self.with(|a| hover::hover(a, at))
    }

    /// Where the name at the cursor is declared.
    pub fn definition(&self, at: FilePosition) -> Cancellable<Option<FileSpan>> {
        self.with(|a| definition::definition(a, at))
    }

    /// Every occurrence of the name at the cursor in the workspace.
    pub fn references(
        &self,
        at: FilePosition,
        include_declaration: bool,
    ) -> Cancellable<Option<Vec<Reference>>> {
        self.with(|a| references::references(a, at, include_declaration))
    }

    /// What may be typed at the cursor. `None` inside a comment or string, or when a trigger
    /// character was typed where nothing is expected.
    pub fn completions(
        &self,
        at: FilePosition,
        trigger: CompletionTrigger,
        config: &CompletionConfig,
    ) -> Cancellable<Option<Vec<CompletionItem>>> {
        self.with(|a| completion::completions(a, at, trigger, config))
    }

    /// The name a rename at the cursor would change, or why it cannot be renamed.
    pub fn prepare_rename(
        &self,
        at: FilePosition,
    ) -> Cancellable<Result<Option<PrepareRename>, RenameError>> {
        self.with(|a| rename::prepare(a, at))
    }

    /// The edits that rename the name at the cursor to `new_name`, or why not.
    pub fn rename(
        &self,
        at: FilePosition,
        new_name: &str,
    ) -> Cancellable<Result<Option<SourceChange>, RenameError>> {
        self.with(|a| rename::rename(a, at, new_name))
    }

    /// The outline of a module.
    pub fn document_symbols(&self, file: SourceFile) -> Cancellable<Vec<DocumentSymbol>> {
        self.with(|a| symbols::document_symbols(a, file))
    }

    /// Named items of every module matching `query` (a case-insensitive subsequence).
    pub fn workspace_symbols(&self, query: &str) -> Cancellable<Vec<WorkspaceSymbol>> {
        self.with(|a| symbols::workspace_symbols(a, query))
    }

    /// Quick fixes for the diagnostics that touch `range`.
    pub fn code_actions(&self, range: FileSpan) -> Cancellable<Vec<CodeAction>> {
        self.with(|a| code_actions::code_actions(a, range))
    }

    /// Names coloured by what they mean, in text order, never overlapping or spanning lines.
    pub fn semantic_tokens(&self, file: SourceFile) -> Cancellable<Vec<SemanticToken>> {
        self.with(|a| semantic_tokens::tokens(a, file))
    }

    /// The foldable regions of a module, each spanning more than one line.
    pub fn folding_ranges(&self, file: SourceFile) -> Cancellable<Vec<Fold>> {
        self.with(|a| folding::folds(a, file))
    }

    /// The spans of a module that open the guidance text they cite, at the cited line.
    pub fn guidance_links(&self, file: SourceFile) -> Cancellable<Vec<GuidanceLink>> {
        self.with(|a| guidance_links::links(a, file))
    }

    /// The edits that format a module as `ward fmt` does (none when it is formatted), or why
    /// it cannot be formatted.
    pub fn format(&self, file: SourceFile) -> Cancellable<Result<Vec<TextEdit>, FormatError>> {
        self.with(|a| formatting::format(a, file))
    }
}
