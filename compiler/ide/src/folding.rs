//! Folding ranges: every item that spans lines, a test's `given` block, and runs of comment
//! lines (the module's `//!` header among them). Folds are spans; each starts and ends on
//! different lines, and no two start and end on the same lines.

use ward_core::SourceFile;
use ward_syntax::ast::ItemKind;
use ward_syntax::{LineIndex, Span};

use crate::Analysis;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Region,
    Comment,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub span: Span,
    pub kind: FoldKind,
}

pub(crate) fn folds(a: &Analysis, file: SourceFile) -> Vec<Fold> {
    let text = a.text(file);
    let index = LineIndex::new(text);
    let line = |offset: usize| index.line_col(offset.min(text.len())).line;
    let parsed = a.parsed(file);
    let mut out: Vec<(u32, u32, Fold)> = Vec::new();
    let mut push = |start: usize, end: usize, kind: FoldKind| {
        let (s, e) = (line(start), line(end));
        if e > s {
            out.push((
                s,
                e,
                Fold {
                    span: Span::new(start, end),
                    kind,
                },
            ));
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
        push(body_start, end, FoldKind::Region);
        if let Some(span) = item.docs.span {
            push(span.start as usize, span.end as usize, FoldKind::Comment);
        }
        if let ItemKind::Test(t) = &item.kind {
            push(
                t.given_span.start as usize,
                t.given_span.end as usize,
                FoldKind::Region,
            );
        }
    }
    // Runs of consecutive `//` comment lines.
    let mut run: Option<(usize, usize)> = None;
    for c in &parsed.comments {
        let (s, e) = (c.span.start as usize, c.span.end as usize);
        run = match run {
            Some((rs, re)) if line(s) == line(re) + 1 => Some((rs, e)),
            Some((rs, re)) => {
                push(rs, re, FoldKind::Comment);
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    if let Some((rs, re)) = run {
        push(rs, re, FoldKind::Comment);
    }
    out.sort_by_key(|(s, e, _)| (*s, std::cmp::Reverse(*e)));
    out.dedup_by_key(|(s, e, _)| (*s, *e));
    out.into_iter().map(|(_, _, f)| f).collect()
}
