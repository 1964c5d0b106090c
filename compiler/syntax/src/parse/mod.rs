//! Text to syntax tree, recovering at every top-level item.
//!
//! pest stops at the first error and builds no partial tree, so a file is first cut into
//! items (`chunks`): a new item starts on any line whose first word is an item keyword
//! followed by a name. Each chunk is parsed on its own; a chunk that fails contributes one
//! diagnostic and no item, and the rest of the file is still checked. Parsing never fails:
//! it returns the tree it could build together with its errors.
//!
//! The tree is built from pest's pairs in `build`; pest's errors become plain
//! [`SyntaxError`]s in `syntax_error`.

mod build;
mod syntax_error;

use pest::Parser as _;

use crate::ast::*;
use crate::{chunks, limits};
use build::Builder;
use syntax_error::convert_error;

#[derive(pest_derive::Parser)]
#[grammar = "ward.pest"]
pub(crate) struct WardParser;

/// A syntax error: plain data, rendered by the CLI (miette) or the language server.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

/// A `//` comment, kept so that the formatter can put it back.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Comment {
    pub span: Span,
    pub text: String,
}

/// The result of parsing one file: the items that parsed, every syntax error, every comment.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Parsed {
    pub module: Module,
    pub errors: Vec<SyntaxError>,
    pub comments: Vec<Comment>,
}

/// The byte-order mark: allowed at the very start of a file, and nowhere else.
pub const BOM: char = '\u{feff}';

/// Parse a whole file. Never panics and never fails; see the module docs.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed {
        comments: scan_comments(text),
        ..Parsed::default()
    };
    parsed.module.docs = parsed
        .comments
        .iter()
        .take_while(|c| c.text.starts_with("//!"))
        .map(|c| c.text.trim_start_matches("//!").to_string())
        .collect();
    if text.len() > limits::MAX_SOURCE_BYTES {
        parsed.errors.push(SyntaxError {
            span: Span::new(0, 0),
            message: format!(
                "this file is {} bytes; Ward reads policy files of up to {} bytes",
                text.len(),
                limits::MAX_SOURCE_BYTES
            ),
            label: "file too large".into(),
            help: Some("split the policy into several modules".into()),
        });
        return parsed;
    }
    // A byte-order mark (which some Windows editors write) is not part of the first item;
    // chunks are cut after it, so every span is still an offset into the text as given.
    let bom = if text.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    };
    for chunk in chunks::chunks(&text[bom..]) {
        let chunk = chunk.start + bom..chunk.end + bom;
        let src = &text[chunk.clone()];
        if let Some(err) = limits::check_nesting(src, chunk.start) {
            parsed.errors.push(err);
            continue;
        }
        match WardParser::parse(Rule::item_entry, src) {
            Ok(pairs) => build_item(pairs, chunk.start, &mut parsed),
            Err(e) => recover(src, chunk.start, e, &mut parsed),
        }
    }
    parsed
}

fn build_item(mut pairs: pest::iterators::Pairs<'_, Rule>, offset: usize, parsed: &mut Parsed) {
    let entry = pairs.next().expect("item_entry always yields one pair");
    let item_pair = entry
        .into_inner()
        .find(|p| p.as_rule() == Rule::item)
        .expect("item_entry contains an item");
    if let Some(err) = limits::check_depth(item_pair.clone(), offset) {
        parsed.errors.push(err);
        return;
    }
    let mut b = Builder {
        offset,
        errors: &mut parsed.errors,
    };
    if let Some(item) = b.item(item_pair) {
        parsed.module.items.push(item);
    }
}

/// A chunk that failed: if it is a complete item followed by stray text (a word being typed
/// below a rule), keep the item and report the stray text; otherwise report the chunk's error.
fn recover(src: &str, offset: usize, error: pest::error::Error<Rule>, parsed: &mut Parsed) {
    for cut in chunks::recovery_cuts(src) {
        if let Ok(pairs) = WardParser::parse(Rule::item_entry, &src[..cut]) {
            build_item(pairs, offset, parsed);
            let rest = &src[cut..];
            match WardParser::parse(Rule::item_entry, rest) {
                Err(e) => parsed.errors.push(convert_error(e, rest, offset + cut)),
                // The stray text is an item after all (one `opens_item` did not see): keep it.
                Ok(pairs) => build_item(pairs, offset + cut, parsed),
            }
            return;
        }
    }
    parsed.errors.push(convert_error(error, src, offset));
}

/// Find every `//` comment outside string literals (doc comments `///` excluded).
fn scan_comments(text: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let bytes = line.as_bytes();
        let mut in_str = false;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if in_str => i += 1,
                b'"' => in_str = !in_str,
                b'/' if !in_str && bytes.get(i + 1) == Some(&b'/') => {
                    let body = line[i..].trim_end_matches(['\n', '\r']);
                    let is_doc = body.starts_with("///") && !body.starts_with("////");
                    if !is_doc {
                        out.push(Comment {
                            span: Span::new(pos + i, pos + i + body.len()),
                            text: body.to_string(),
                        });
                    }
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        pos += line.len();
    }
    out
}
