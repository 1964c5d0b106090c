//! Limits on what a policy file may contain, so that no input can exhaust the stack or memory.
//!
//! The parser and every later stage recurse over expressions, so nesting is bounded here,
//! before pest sees the text: 100,000 nested parentheses get one clear error, not a crash.

use crate::ast::Span;
use crate::parse::SyntaxError;

/// The largest policy file Ward reads (the whole standard library is about 1 MB).
pub const MAX_SOURCE_BYTES: usize = 4 * 1024 * 1024;

/// How deeply brackets, quantifiers and prefix operators may nest in one item.
pub const MAX_NESTING: usize = 64;

/// The largest amount in a duration literal (`99999 days`), so date arithmetic cannot overflow.
pub const MAX_DURATION_AMOUNT: i64 = 1_000_000;

/// Reject an item whose nesting is deeper than [`MAX_NESTING`].
///
/// Depth counts open brackets, plus `any`/`all`/`if` (whose bodies nest until the enclosing
/// bracket closes), plus runs of prefix `not` and `-` (which end at a binary operator).
pub fn check_nesting(src: &str, offset: usize) -> Option<SyntaxError> {
    let bytes = src.as_bytes();
    // Per open bracket: the quantifier count inside it.
    let mut stack: Vec<usize> = vec![0];
    let mut prefix_run = 0usize;
    let mut i = 0;
    let depth =
        |stack: &Vec<usize>, prefix: usize| stack.len() - 1 + stack.iter().sum::<usize>() + prefix;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => {
                stack.push(0);
                prefix_run = 0;
            }
            b')' | b']' | b'}' => {
                if stack.len() > 1 {
                    stack.pop();
                }
                prefix_run = 0;
            }
            b'-' => prefix_run += 1,
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                match &src[start..i] {
                    "not" => prefix_run += 1,
                    "any" | "all" | "if" => {
                        if let Some(top) = stack.last_mut() {
                            *top += 1;
                        }
                    }
                    "and" | "or" | "then" | "else" | "where" | "in" | "has" | "is" => {
                        prefix_run = 0
                    }
                    _ => prefix_run = 0,
                }
                if depth(&stack, prefix_run) > MAX_NESTING {
                    return Some(too_deep(offset + start, offset + i));
                }
                continue;
            }
            c if c.is_ascii_digit() => prefix_run = 0,
            _ => {}
        }
        if depth(&stack, prefix_run) > MAX_NESTING {
            return Some(too_deep(offset + i, offset + i + 1));
        }
        i += 1;
    }
    None
}

fn too_deep(start: usize, end: usize) -> SyntaxError {
    SyntaxError {
        span: Span::new(start, end),
        message: format!("this item nests more than {MAX_NESTING} levels deep"),
        label: "too deeply nested".into(),
        help: Some("name part of the condition with a `def` and use the name instead".into()),
    }
}
