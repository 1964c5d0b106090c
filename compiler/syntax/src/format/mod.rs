//! The canonical formatter behind `ward fmt` and the language server's formatting.
//!
//! It prints the syntax tree back with two-space indentation and a 100-column budget, and puts
//! every `//` comment back: a comment is emitted before the next line-level node that follows
//! it (item, field, clause, operand of a broken condition) or at the end of the line it ended.
//! A file with syntax errors is not formatted, so nothing the parser skipped can be lost.
//!
//! This file holds the printer's layout and comment placement; items are printed in `items`,
//! broken expressions and values in `expr`, and one-line text of expressions in `flat`.

mod expr;
mod flat;
mod items;

use crate::ast::*;
use crate::line_index::LineIndex;
use crate::parse::{Comment, SyntaxError, parse};

pub use flat::expr_flat;

const WIDTH: usize = 100;
const INDENT: usize = 2;

/// Format a file, or return its syntax errors unchanged. The result keeps the file's line
/// endings (`\n` or `\r\n`, as its first line has).
pub fn format(text: &str) -> Result<String, Vec<SyntaxError>> {
    let parsed = parse(text);
    if !parsed.errors.is_empty() {
        return Err(parsed.errors);
    }
    let mut p = Printer {
        text,
        lines: LineIndex::new(text),
        comments: parsed.comments,
        next: 0,
        out: String::with_capacity(text.len() + 64),
    };
    p.module(&parsed.module);
    let mut out = crate::LineEnding::of(text).apply(p.out);
    // A byte-order mark is kept: formatting changes layout, never the file's encoding.
    if text.starts_with(crate::parse::BOM) && !out.starts_with(crate::parse::BOM) {
        out.insert(0, crate::parse::BOM);
    }
    Ok(out)
}

struct Printer<'a> {
    text: &'a str,
    lines: LineIndex,
    comments: Vec<Comment>,
    next: usize,
    out: String,
}

impl Printer<'_> {
    fn col(&self) -> usize {
        self.out.len() - self.out.rfind('\n').map(|i| i + 1).unwrap_or(0)
    }

    fn newline(&mut self) {
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        self.out.push('\n');
    }

    fn indent(&mut self, n: usize) {
        for _ in 0..n {
            self.out.push(' ');
        }
    }

    fn blank_between(&self, a: u32, b: u32) -> bool {
        let a = (a as usize).min(self.text.len());
        let b = (b as usize).min(self.text.len()).max(a);
        self.text[a..b].matches('\n').count() >= 2
    }

    /// Emit, on their own lines, the comments that start before `pos`.
    fn leading(&mut self, pos: u32, indent: usize) {
        while let Some(c) = self.comments.get(self.next) {
            if c.span.start >= pos {
                break;
            }
            let c = c.clone();
            self.next += 1;
            self.indent(indent);
            self.out.push_str(c.text.trim_end());
            self.newline();
            let following = self
                .comments
                .get(self.next)
                .map(|n| n.span.start)
                .unwrap_or(pos)
                .min(pos);
            if self.blank_between(c.span.end, following) && following == pos {
                self.newline();
            }
        }
    }

    /// Append a comment that sits on the same source line after `end` (and before `until`,
    /// where the next node begins).
    fn trailing_before(&mut self, end: u32, until: u32) {
        if let Some(c) = self.comments.get(self.next) {
            let same_line = self.lines.line_col(c.span.start as usize).line
                == self.lines.line_col(end as usize).line;
            if c.span.start >= end && c.span.start < until && same_line {
                let text = c.text.trim_end().to_string();
                self.next += 1;
                self.out.push(' ');
                self.out.push_str(&text);
            }
        }
    }

    fn trailing(&mut self, end: u32) {
        self.trailing_before(end, u32::MAX);
    }

    fn has_comment_within(&self, span: Span) -> bool {
        self.comments[self.next..]
            .iter()
            .any(|c| c.span.start >= span.start && c.span.start < span.end)
    }

    fn docs(&mut self, docs: &Docs, indent: usize) {
        for line in &docs.lines {
            self.indent(indent);
            self.out.push_str("///");
            self.out.push_str(line);
            self.newline();
        }
    }

    fn module(&mut self, m: &Module) {
        let mut prev: Option<(&Item, usize)> = None;
        for item in &m.items {
            if let Some((p, p_start)) = prev {
                let p_text = &self.out[p_start..];
                let multi = p_text.trim_end().contains('\n');
                let separate = multi
                    || !p.docs.is_empty()
                    || !item.docs.is_empty()
                    || p.keyword() != item.keyword()
                    || self.blank_between(p.span.end, item.span.start)
                    || self.comments[self.next..]
                        .iter()
                        .any(|c| c.span.start < item.span.start);
                if separate {
                    self.newline();
                }
            }
            self.leading(item.span.start, 0);
            self.docs(&item.docs, 0);
            let this_start = self.out.len();
            self.item(item);
            self.trailing(item.span.end);
            self.newline();
            prev = Some((item, this_start));
        }
        // Comments after the last item.
        if self.next < self.comments.len() {
            if !self.out.is_empty() {
                self.newline();
            }
            self.leading(u32::MAX, 0);
        }
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }
}
