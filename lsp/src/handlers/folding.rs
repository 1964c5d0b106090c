//! `textDocument/foldingRange`: every item that spans lines, a test's `given` block, and runs
//! of comment lines (the module's `//!` header among them).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind, FoldingRangeParams};
use ward_syntax::ast::ItemKind;

use crate::analysis::Analysis;
use crate::convert::LineMap;

pub fn folding_ranges(
    a: &Analysis,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    let Some(file) = a.file_of_uri(&params.text_document.uri) else {
        return Ok(None);
    };
    let text = a.text(file);
    let map = LineMap::new(text);
    let parsed = a.parsed(file);
    let mut out = Vec::new();
    let mut push = |start: u32, end: u32, kind: Option<FoldingRangeKind>| {
        if end > start {
            out.push(FoldingRange {
                start_line: start,
                end_line: end,
                kind,
                ..FoldingRange::default()
            });
        }
    };
    for item in &parsed.module.items {
        // The item's own text, without the doc comment above it or the blank lines after.
        let body_start = item
            .name()
            .map(|n| n.span.start as usize)
            .unwrap_or(item.span.start as usize);
        let body_start = text[..body_start.min(text.len())]
            .rfind('\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        let end = text
            .get(..(item.span.end as usize).min(text.len()))
            .map(|t| t.trim_end().len())
            .unwrap_or(0);
        push(
            map.line(body_start),
            map.line(end),
            Some(FoldingRangeKind::Region),
        );
        if let Some(span) = item.docs.span {
            push(
                map.line(span.start as usize),
                map.line(span.end as usize),
                Some(FoldingRangeKind::Comment),
            );
        }
        if let ItemKind::Test(t) = &item.kind {
            push(
                map.line(t.given_span.start as usize),
                map.line(t.given_span.end as usize),
                Some(FoldingRangeKind::Region),
            );
        }
    }
    // Runs of consecutive `//` comment lines.
    let mut run: Option<(u32, u32)> = None;
    for c in &parsed.comments {
        let (s, e) = (
            map.line(c.span.start as usize),
            map.line(c.span.end as usize),
        );
        run = match run {
            Some((rs, re)) if s == re + 1 => Some((rs, e)),
            Some((rs, re)) => {
                push(rs, re, Some(FoldingRangeKind::Comment));
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    if let Some((rs, re)) = run {
        push(rs, re, Some(FoldingRangeKind::Comment));
    }
    out.sort_by_key(|r| (r.start_line, std::cmp::Reverse(r.end_line)));
    out.dedup_by_key(|r| (r.start_line, r.end_line));
    Ok(Some(out))
}
