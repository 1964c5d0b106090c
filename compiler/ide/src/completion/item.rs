//! What a completion is: the plain data the IDE layer returns (the server turns it into
//! LSP's `CompletionItem`), and what the editor told us about the request.

use ward_syntax::Span;

use crate::TextEdit;

/// What the editor can do with completions.
#[derive(Clone, Debug, Default)]
pub struct CompletionConfig {
    /// Insert texts may be snippets (`${1:x}` placeholders).
    pub snippets: bool,
}

/// Why completion was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionTrigger {
    /// The user asked (Ctrl+Space) or kept typing a word.
    Invoked,
    /// A trigger character was typed. After a space, completion answers only where one kind
    /// of thing is expected (an obligation id after `require `, a source after `cites `…),
    /// so that typing a space elsewhere opens nothing.
    Character(char),
}

/// What a completion is, for the editor's icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Keyword,
    Module,
    Enum,
    EnumValue,
    Record,
    Field,
    Fact,
    Def,
    Source,
    Obligation,
    Rule,
    Label,
    /// A variable bound by a quantifier or `for`.
    Variable,
    Snippet,
}

/// One completion: choosing it replaces `replace` (the word being typed) with `insert`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// The text to insert, when it is not the label.
    pub insert: Option<String>,
    /// `insert` is a snippet with placeholders.
    pub is_snippet: bool,
    /// The span the insertion replaces: the word before the cursor, hyphens included.
    pub replace: Span,
    /// Edits elsewhere in the module (the `use` an item needs).
    pub additional_edits: Vec<TextEdit>,
    /// The key editors sort by, when the label is not the right one.
    pub sort_text: Option<String>,
}

impl CompletionItem {
    pub(super) fn new(
        label: String,
        kind: CompletionKind,
        detail: Option<String>,
        doc: Option<String>,
    ) -> CompletionItem {
        CompletionItem {
            label,
            kind,
            detail,
            documentation: doc.filter(|d| !d.trim().is_empty()),
            insert: None,
            is_snippet: false,
            replace: Span::default(),
            additional_edits: Vec::new(),
            sort_text: None,
        }
    }

    /// The text that replaces [`CompletionItem::replace`].
    pub fn insert_text(&self) -> &str {
        self.insert.as_deref().unwrap_or(&self.label)
    }
}
