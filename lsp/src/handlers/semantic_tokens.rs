//! `textDocument/semanticTokens/full`: names coloured by what they mean — a fact, a field, an
//! enum value, a rule, an obligation id — from the compiler's symbol index. Keywords, strings
//! and comments are the TextMate grammar's job, so only names are sent.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensLegend,
    SemanticTokensParams, SemanticTokensResult,
};
use ward_core::interface::Sig;
use ward_core::symbols::Symbol;

use super::slice;
use crate::analysis::Analysis;
use crate::convert::LineMap;

const TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::STRUCT,
    SemanticTokenType::ENUM,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::PARAMETER,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::METHOD,
    SemanticTokenType::EVENT,
    SemanticTokenType::DECORATOR,
    SemanticTokenType::MACRO,
];

const MODIFIERS: &[SemanticTokenModifier] = &[
    SemanticTokenModifier::DECLARATION,
    SemanticTokenModifier::DEFAULT_LIBRARY,
    SemanticTokenModifier::READONLY,
];

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: MODIFIERS.to_vec(),
    }
}

fn type_index(t: &SemanticTokenType) -> u32 {
    TYPES.iter().position(|x| x == t).unwrap_or(0) as u32
}

/// The token type of a symbol, and whether it comes from the standard library.
fn classify(a: &Analysis, symbol: &Symbol) -> Option<(SemanticTokenType, bool)> {
    let stdlib = |module: &str| a.file(module).is_some_and(|f| a.is_stdlib(f));
    Some(match symbol {
        Symbol::Module(m) => (SemanticTokenType::NAMESPACE, stdlib(m)),
        Symbol::Item(r) => {
            let t = match a.sig(r)? {
                Sig::Enum(_) => SemanticTokenType::ENUM,
                Sig::Record(_) => SemanticTokenType::STRUCT,
                Sig::Fact(_) => SemanticTokenType::VARIABLE,
                Sig::Def(_) => SemanticTokenType::FUNCTION,
                Sig::Source(_) => SemanticTokenType::DECORATOR,
                Sig::Obligation(_) => SemanticTokenType::EVENT,
                Sig::Rule(_) => SemanticTokenType::METHOD,
                Sig::Label(_) => SemanticTokenType::MACRO,
            };
            (t, stdlib(&r.module))
        }
        Symbol::Field(r, _) => (SemanticTokenType::PROPERTY, stdlib(&r.module)),
        Symbol::Variant(r, _) => (SemanticTokenType::ENUM_MEMBER, stdlib(&r.module)),
        Symbol::Obligation(id) => {
            let module = a
                .globals()
                .obligations
                .get(id.as_str())
                .map(|(r, _)| r.module.clone());
            (SemanticTokenType::EVENT, module.is_some_and(|m| stdlib(&m)))
        }
        Symbol::Local(_) => (SemanticTokenType::PARAMETER, false),
    })
}

pub fn full(a: &Analysis, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
    let Some(file) = a.file_of_uri(&params.text_document.uri) else {
        return Ok(None);
    };
    let text = a.text(file);
    let map = LineMap::new(text);
    let mut occurrences: Vec<_> = a.checked(file).symbols.occurrences.iter().collect();
    occurrences.sort_by_key(|o| (o.span.start, std::cmp::Reverse(o.span.end)));
    let mut data = Vec::new();
    let (mut prev_line, mut prev_col, mut prev_end) = (0u32, 0u32, 0u32);
    for o in occurrences {
        // Tokens may not overlap or span lines.
        if o.span.start < prev_end || o.span.is_empty() {
            continue;
        }
        let word = slice(text, o.span);
        if word.is_empty() || word.contains('\n') {
            continue;
        }
        let Some((t, stdlib)) = classify(a, &o.symbol) else {
            continue;
        };
        let start = map.position(o.span.start as usize);
        let length = word.encode_utf16().count() as u32;
        let mut modifiers = 0u32;
        if o.is_definition {
            modifiers |= 1;
        }
        if stdlib {
            modifiers |= 2;
        }
        if t == SemanticTokenType::VARIABLE {
            modifiers |= 4;
        }
        let delta_line = start.line - prev_line;
        let delta_start = if delta_line == 0 {
            start.character - prev_col
        } else {
            start.character
        };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: type_index(&t),
            token_modifiers_bitset: modifiers,
        });
        prev_line = start.line;
        prev_col = start.character;
        prev_end = o.span.end;
    }
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    })))
}
