//! Semantic tokens read back as text, with the legend the server announced, so a snapshot
//! shows `line:col text type [modifiers]` instead of LSP's five-number groups.

use serde_json::{Value, json};

use super::text_at;

/// Semantic tokens as `line:col text type [modifiers]`, read with the server's legend.
pub fn decode_tokens(init: &Value, tokens: &Value, text: &str) -> Vec<String> {
    let legend = &init["capabilities"]["semanticTokensProvider"]["legend"];
    let types: Vec<&str> = legend["tokenTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let mods: Vec<&str> = legend["tokenModifiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let (mut line, mut col) = (0u64, 0u64);
    let mut out = Vec::new();
    for t in data.chunks(5) {
        if t[0] > 0 {
            line += t[0];
            col = t[1];
        } else {
            col += t[1];
        }
        let range = json!({ "start": { "line": line, "character": col }, "end": { "line": line, "character": col + t[2] } });
        let m: Vec<&str> = mods
            .iter()
            .enumerate()
            .filter(|(i, _)| t[4] & (1 << i) != 0)
            .map(|(_, m)| *m)
            .collect();
        out.push(format!(
            "{}:{} {} {} [{}]",
            line + 1,
            col + 1,
            text_at(text, &range),
            types[t[3] as usize],
            m.join(", ")
        ));
    }
    out
}
