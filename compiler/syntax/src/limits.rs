//! Limits on what a policy file may contain, so that no input can exhaust the stack or memory.
//!
//! The parser and every later stage recurse over expressions, so nesting is bounded here,
//! before pest sees the text: 100,000 nested parentheses get one clear error, not a crash.
//! A flat chain (`a + b + …`, `x.f.g.…`) is no bracket, but it becomes a tower in the tree
//! (each `+` and each `.` one level), so each item's expressions are measured again once pest
//! has parsed them and before any tree is built: [`check_depth`].

use pest::iterators::Pair;

use crate::ast::Span;
use crate::parse::{Rule, SyntaxError};

/// The largest policy file Ward reads (the whole standard library is about 1 MB).
pub const MAX_SOURCE_BYTES: usize = 4 * 1024 * 1024;

/// How deeply brackets, quantifiers and prefix operators may nest in one item.
pub const MAX_NESTING: usize = 64;

/// How deep one expression's tree may be: every bracket, operator, field access, quantifier,
/// call and element of a chain counts one level (so a chain of at most this many `+`, `*` or
/// `.` steps). Deep enough for any policy a person writes, shallow enough for every pass
/// after the parser to recurse over.
pub const MAX_EXPR_DEPTH: usize = 256;

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

/// Reject an item with an expression (or type, or test value) deeper than [`MAX_EXPR_DEPTH`],
/// measured on pest's pairs, where chains are still flat lists, without recursion.
pub(crate) fn check_depth(item: Pair<'_, Rule>, offset: usize) -> Option<SyntaxError> {
    let mut stack = vec![(item, 0usize)];
    while let Some((p, depth)) = stack.pop() {
        let depth = depth + levels(&p);
        if depth > MAX_EXPR_DEPTH {
            let s = p.as_span();
            // The first line is enough to point at: a chain can be a whole file long.
            let line = s.as_str().split('\n').next().unwrap_or("").trim_end();
            let end = s.start() + line.len().clamp(1, 80);
            let end = (s.start()..=end)
                .rev()
                .find(|&i| p.get_input().is_char_boundary(i))
                .unwrap_or(s.start());
            return Some(SyntaxError {
                span: Span::new(offset + s.start(), offset + end.max(s.start())),
                message: format!("this expression is more than {MAX_EXPR_DEPTH} levels deep"),
                label: "too deep".into(),
                help: Some(
                    "each operator, `.` and bracket is a level: split the expression into `def`s and use their names".into(),
                ),
            });
        }
        stack.extend(p.into_inner().map(|c| (c, depth)));
    }
    None
}

/// How many levels of the tree a pair adds above its children.
fn levels(p: &Pair<'_, Rule>) -> usize {
    let count = |r: Rule| p.clone().into_inner().filter(|c| c.as_rule() == r).count();
    match p.as_rule() {
        // `a or b or c` is one node with a list of operands.
        Rule::or_expr => usize::from(count(Rule::or_op) > 0),
        Rule::and_expr => usize::from(count(Rule::and_op) > 0),
        // `a + b + c` is `(a + b) + c`: one level per operator.
        Rule::add_expr => count(Rule::add_op),
        Rule::mul_expr => count(Rule::mul_op),
        Rule::postfix => count(Rule::field_access),
        Rule::not_expr => count(Rule::not_op),
        Rule::unary => count(Rule::neg_op),
        Rule::cmp_expr => count(Rule::cmp_tail),
        Rule::paren | Rule::quantifier => 1,
        Rule::if_expr | Rule::call | Rule::set_lit | Rule::list_lit => 1,
        Rule::list_type | Rule::set_type => 1,
        Rule::record_value | Rule::set_value | Rule::list_value | Rule::neg_value => 1,
        _ => 0,
    }
}
