//! `textDocument/semanticTokens/full`: the IDE layer's tokens, encoded as the protocol's
//! relative UTF-16 positions. Obligation ids have a token type of their own, `obligation`
//! (the VS Code extension declares it and maps it to the grammar's obligation scope), so
//! that they are never coloured like facts.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensLegend,
    SemanticTokensParams, SemanticTokensResult,
};
use ward_ide::TokenKind;

use super::document;
use crate::analysis::{Snapshot, modified};
use crate::convert::LineMap;

/// Ward's own token type for obligation ids; clients that do not know it fall back to the
/// grammar's colouring.
pub const OBLIGATION: SemanticTokenType = SemanticTokenType::new("obligation");

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
    OBLIGATION,
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

/// The protocol's token type for a kind of name.
pub fn token_type(kind: TokenKind) -> SemanticTokenType {
    match kind {
        TokenKind::Module => SemanticTokenType::NAMESPACE,
        TokenKind::Record => SemanticTokenType::STRUCT,
        TokenKind::Enum => SemanticTokenType::ENUM,
        TokenKind::EnumValue => SemanticTokenType::ENUM_MEMBER,
        TokenKind::Field => SemanticTokenType::PROPERTY,
        TokenKind::Fact => SemanticTokenType::VARIABLE,
        TokenKind::Variable => SemanticTokenType::PARAMETER,
        TokenKind::Def => SemanticTokenType::FUNCTION,
        TokenKind::Rule => SemanticTokenType::METHOD,
        TokenKind::Obligation => OBLIGATION,
        TokenKind::Source => SemanticTokenType::DECORATOR,
        TokenKind::Label => SemanticTokenType::MACRO,
    }
}

fn type_index(t: &SemanticTokenType) -> u32 {
    TYPES.iter().position(|x| x == t).unwrap_or(0) as u32
}

pub fn full(s: &Snapshot, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
    let Some(file) = document(s, &params.text_document.uri)? else {
        return Ok(None);
    };
    let text = s.analysis.text(file);
    let map = LineMap::new(text);
    let tokens = s.analysis.semantic_tokens(file).map_err(modified)?;
    let mut data = Vec::with_capacity(tokens.len());
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    for t in tokens {
        let start = map.position(t.span.start as usize);
        let length = text
            .get(t.span.range())
            .map(|w| w.encode_utf16().count() as u32)
            .unwrap_or(0);
        let modifiers = u32::from(t.modifiers.declaration)
            | u32::from(t.modifiers.stdlib) << 1
            | u32::from(t.modifiers.readonly) << 2;
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
            token_type: type_index(&token_type(t.kind)),
            token_modifiers_bitset: modifiers,
        });
        prev_line = start.line;
        prev_col = start.character;
    }
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The token types LSP 3.17 predefines; any other type the legend sends must be declared
    /// by the VS Code extension, with the scope that colours it.
    const PREDEFINED: &[&str] = &[
        "namespace",
        "type",
        "class",
        "enum",
        "interface",
        "struct",
        "typeParameter",
        "parameter",
        "variable",
        "property",
        "enumMember",
        "event",
        "function",
        "method",
        "macro",
        "keyword",
        "modifier",
        "comment",
        "string",
        "number",
        "regexp",
        "operator",
        "decorator",
        "label",
    ];

    #[test]
    fn the_extension_declares_wards_own_token_types() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../editors/vscode/package.json"
        );
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let contributes = &manifest["contributes"];
        for t in TYPES.iter().map(|t| t.as_str()) {
            if PREDEFINED.contains(&t) {
                continue;
            }
            assert!(
                contributes["semanticTokenTypes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|d| d["id"] == t),
                "package.json does not declare the token type `{t}`"
            );
            assert!(
                contributes["semanticTokenScopes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|s| s["language"] == "ward" && s["scopes"][t].is_array()),
                "package.json gives the token type `{t}` no scope"
            );
        }
    }

    #[test]
    fn obligation_ids_and_facts_have_different_types() {
        assert_ne!(
            token_type(TokenKind::Obligation),
            token_type(TokenKind::Fact)
        );
        assert!(legend().token_types.contains(&OBLIGATION));
    }
}
