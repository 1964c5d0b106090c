//! Semantic tokens: names coloured by what they mean — a fact, a field, an enum value, a
//! rule, an obligation id — from the compiler's symbol index. Keywords, strings and comments
//! are the editor grammar's job, so only names are given. Obligation ids have a kind of their
//! own: they name duties, not values, and must not look like facts.

use ward_core::SourceFile;
use ward_core::interface::Sig;
use ward_core::symbols::Symbol;
use ward_syntax::Span;

use crate::Analysis;
use crate::semantics::slice;

/// What a name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Module,
    Record,
    Enum,
    EnumValue,
    Field,
    Fact,
    Def,
    /// A variable bound by a quantifier or `for`.
    Variable,
    Source,
    Obligation,
    Rule,
    Label,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokenModifiers {
    /// The declaring occurrence.
    pub declaration: bool,
    /// Declared in the standard library.
    pub stdlib: bool,
    /// A value the policy cannot change (a fact: the case gives it).
    pub readonly: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    pub span: Span,
    pub kind: TokenKind,
    pub modifiers: TokenModifiers,
}

/// The token kind of a symbol, and whether it comes from the standard library.
fn classify(a: &Analysis, symbol: &Symbol) -> Option<(TokenKind, bool)> {
    let stdlib = |module: &str| a.file_of(module).is_some_and(|f| a.is_stdlib(f));
    Some(match symbol {
        Symbol::Module(m) => (TokenKind::Module, stdlib(m)),
        Symbol::Item(r) => {
            let t = match a.sig(r)? {
                Sig::Enum(_) => TokenKind::Enum,
                Sig::Record(_) => TokenKind::Record,
                Sig::Fact(_) => TokenKind::Fact,
                Sig::Def(_) => TokenKind::Def,
                Sig::Source(_) => TokenKind::Source,
                Sig::Obligation(_) => TokenKind::Obligation,
                Sig::Rule(_) => TokenKind::Rule,
                Sig::Label(_) => TokenKind::Label,
            };
            (t, stdlib(&r.module))
        }
        Symbol::Field(r, _) => (TokenKind::Field, stdlib(&r.module)),
        Symbol::Variant(r, _) => (TokenKind::EnumValue, stdlib(&r.module)),
        Symbol::Obligation(id) => {
            let module = a
                .globals()
                .obligations
                .get(id.as_str())
                .map(|(r, _)| r.module.clone());
            (TokenKind::Obligation, module.is_some_and(|m| stdlib(&m)))
        }
        Symbol::Local(_) => (TokenKind::Variable, false),
    })
}

pub(crate) fn tokens(a: &Analysis, file: SourceFile) -> Vec<SemanticToken> {
    let text = a.text(file);
    let mut occurrences: Vec<_> = a.checked(file).symbols.occurrences.iter().collect();
    occurrences.sort_by_key(|o| (o.span.start, std::cmp::Reverse(o.span.end)));
    let mut out = Vec::new();
    let mut prev_end = 0u32;
    for o in occurrences {
        // Tokens may not overlap or span lines.
        if o.span.start < prev_end || o.span.is_empty() {
            continue;
        }
        let word = slice(text, o.span);
        if word.is_empty() || word.contains('\n') {
            continue;
        }
        let Some((kind, stdlib)) = classify(a, &o.symbol) else {
            continue;
        };
        out.push(SemanticToken {
            span: o.span,
            kind,
            modifiers: TokenModifiers {
                declaration: o.is_definition,
                stdlib,
                readonly: kind == TokenKind::Fact,
            },
        });
        prev_end = o.span.end;
    }
    out
}
