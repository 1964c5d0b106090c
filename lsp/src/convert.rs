//! Protocol conversion, in one place so that a protocol or library upgrade touches one file.
//!
//! Inside the server every position is a byte offset into a module's text and every file is
//! a module name; the protocol speaks UTF-16 line/column positions and URIs. The conversions
//! go through [`ward_syntax::LineIndex`], the compiler's one line index, and never panic:
//! positions past the end of a line or of the file clamp to it.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use tower_lsp_server::ls_types::{self as lsp, Uri};
use ward_core::diagnostic::{Diagnostic, Severity};
use ward_syntax::{LineCol, LineIndex, Span};

/// A text with its line index: converts byte offsets and spans to protocol positions.
pub struct LineMap<'a> {
    text: &'a str,
    index: LineIndex,
}

impl<'a> LineMap<'a> {
    pub fn new(text: &'a str) -> LineMap<'a> {
        LineMap {
            text,
            index: LineIndex::new(text),
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn position(&self, offset: usize) -> lsp::Position {
        let lc = self.index.to_utf16(self.text, offset.min(self.text.len()));
        lsp::Position {
            line: lc.line,
            character: lc.col,
        }
    }

    pub fn range(&self, span: Span) -> lsp::Range {
        lsp::Range {
            start: self.position(span.start as usize),
            end: self.position(span.end as usize),
        }
    }

    /// The byte offset of a protocol position; always on a character boundary.
    pub fn offset(&self, pos: lsp::Position) -> usize {
        self.index.from_utf16(
            self.text,
            LineCol {
                line: pos.line,
                col: pos.character,
            },
        )
    }

    pub fn span(&self, range: lsp::Range) -> Span {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        Span::new(a.min(b), a.max(b))
    }

    /// The range of the whole text.
    pub fn full_range(&self) -> lsp::Range {
        self.range(Span::new(0, self.text.len()))
    }

    pub fn line_count(&self) -> usize {
        self.index.line_count()
    }

    /// Zero-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        self.index.line_col(offset).line
    }
}

/// A `file:` URI's path, if it is one.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

pub fn path_to_uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

/// A URI for a module that has no file (it should never be shown, but must be valid).
pub fn synthetic_uri(module: &str) -> Uri {
    let clean: String = module
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    Uri::from_str(&format!("untitled:{clean}.ward"))
        .unwrap_or_else(|_| Uri::from_str("untitled:ward").expect("a constant URI parses"))
}

/// Resolves a span in another module (by name) to its URI and range.
pub type Elsewhere<'a> = dyn Fn(&str, Span) -> Option<(Uri, lsp::Range)> + 'a;

/// A compiler diagnostic as the protocol's. Related locations in other modules are resolved
/// by `elsewhere` (module name and span → URI and range).
pub fn diagnostic(
    d: &Diagnostic,
    map: &LineMap<'_>,
    uri: &Uri,
    elsewhere: &Elsewhere<'_>,
) -> lsp::Diagnostic {
    let mut message = d.message.clone();
    // The label underlines the span in a terminal; it is worth repeating only when it names
    // something the message does not.
    if d.label.contains('`') && !d.message.contains(&d.label) {
        message.push_str(&format!("\n{}", d.label));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let (u, range) = match &r.module {
                None => (uri.clone(), map.range(r.span)),
                Some(m) => elsewhere(m, r.span)?,
            };
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location { uri: u, range },
                message: r.label.clone(),
            })
        })
        .collect();
    let unnecessary = matches!(d.code, "ward::unused-import" | "ward::unused-fact");
    lsp::Diagnostic {
        range: map.range(d.span),
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        }),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        code_description: None,
        source: Some("ward".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: unnecessary.then(|| vec![lsp::DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// A diagnostic at the top of a file that is not part of the workspace.
pub fn file_problem(message: &str) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: lsp::Range::default(),
        severity: Some(lsp::DiagnosticSeverity::WARNING),
        code: Some(lsp::NumberOrString::String("ward::not-in-workspace".into())),
        source: Some("ward".into()),
        message: format!("{message}; this file is not checked"),
        ..lsp::Diagnostic::default()
    }
}

pub fn location(uri: Uri, map: &LineMap<'_>, span: Span) -> lsp::Location {
    lsp::Location {
        uri,
        range: map.range(span),
    }
}

pub fn text_edit(map: &LineMap<'_>, span: Span, new_text: impl Into<String>) -> lsp::TextEdit {
    lsp::TextEdit {
        range: map.range(span),
        new_text: new_text.into(),
    }
}

pub fn markdown(value: String) -> lsp::MarkupContent {
    lsp::MarkupContent {
        kind: lsp::MarkupKind::Markdown,
        value,
    }
}

/// A request the server refuses with a message the editor shows (LSP's `RequestFailed`).
pub fn request_failed(message: impl Into<String>) -> tower_lsp_server::jsonrpc::Error {
    tower_lsp_server::jsonrpc::Error {
        code: tower_lsp_server::jsonrpc::ErrorCode::ServerError(-32803),
        message: message.into().into(),
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "note \"£5 isn’t much\" x\nnext";
        let map = LineMap::new(text);
        let x = text.find(" x").unwrap() + 1;
        // `£` and `’` are two and three bytes but one UTF-16 unit each.
        assert_eq!(
            map.position(x),
            lsp::Position {
                line: 0,
                character: 21
            }
        );
        assert_eq!(
            map.offset(lsp::Position {
                line: 0,
                character: 21
            }),
            x
        );
        // Past the end of a line or of the file clamps.
        assert_eq!(
            map.offset(lsp::Position {
                line: 0,
                character: 999
            }),
            text.find('\n').unwrap()
        );
        assert_eq!(
            map.offset(lsp::Position {
                line: 99,
                character: 0
            }),
            text.len()
        );
        assert_eq!(
            map.position(10_000),
            lsp::Position {
                line: 1,
                character: 4
            }
        );
    }

    #[test]
    fn file_uris_round_trip() {
        let p = Path::new("/tmp/a b/ward’s.ward");
        let uri = path_to_uri(p).unwrap();
        assert_eq!(uri_to_path(&uri).as_deref(), Some(p));
        assert!(uri_to_path(&synthetic_uri("x.y")).is_none());
    }
}
