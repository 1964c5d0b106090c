//! What the text before the cursor says about what may come next. The text being typed
//! rarely parses (`organisation.` is not an expression yet), so completion reads its context
//! from the characters before the cursor.

use ward_syntax::keywords::ITEM as ITEM_KEYWORDS;

/// What the text before the cursor says about what may come next.
pub(super) struct Context<'t> {
    pub(super) text: &'t str,
    pub(super) offset: usize,
    /// The line up to the cursor.
    pub(super) line: &'t str,
    /// The line up to the word being typed.
    pub(super) head: &'t str,
    pub(super) word_start: usize,
    pub(super) in_comment_or_string: bool,
    /// The item the cursor is in: where it starts and its keyword.
    pub(super) item: Option<(usize, &'static str)>,
}

impl<'t> Context<'t> {
    pub(super) fn new(text: &'t str, offset: usize) -> Context<'t> {
        let offset = offset.min(text.len());
        let line_start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let line = &text[line_start..offset];
        // The word may contain hyphens only where an obligation id is expected, but taking
        // them always is harmless: `a - b` has spaces around the operator.
        let word_len = line
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .map(char::len_utf8)
            .sum::<usize>();
        let head = &line[..line.len() - word_len];
        Context {
            text,
            offset,
            line,
            head,
            word_start: offset - word_len,
            in_comment_or_string: in_comment_or_string(line),
            item: enclosing_item(text, line_start),
        }
    }

    /// The words of the head of the line, last first.
    pub(super) fn last_words(&self) -> Vec<&'t str> {
        self.head
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{' || c == '(')
            .filter(|w| !w.is_empty())
            .rev()
            .collect()
    }

    pub(super) fn item_keyword(&self) -> Option<&'static str> {
        self.item.map(|(_, k)| k)
    }
}

fn in_comment_or_string(line: &str) -> bool {
    let mut in_str = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_str => {
                chars.next();
            }
            '"' => in_str = !in_str,
            '/' if !in_str && chars.peek() == Some(&'/') => return true,
            _ => {}
        }
    }
    in_str
}

/// The start and keyword of the item whose text contains `line_start`: the nearest line at or
/// above it that opens an item (the parser's own rule: an item keyword and then a name).
fn enclosing_item(text: &str, line_start: usize) -> Option<(usize, &'static str)> {
    let mut end = line_start;
    loop {
        let start = text[..end].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let line = text[start..].lines().next().unwrap_or("");
        let t = line.trim_start();
        for kw in ITEM_KEYWORDS {
            if let Some(rest) = t.strip_prefix(kw)
                && rest.starts_with([' ', '\t'])
                && rest
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '"')
            {
                return Some((start, kw));
            }
        }
        if start == 0 {
            return None;
        }
        end = start - 1;
    }
}

/// The dotted path that ends the text: `data.flows` in `any f in data.flows`.
pub(super) fn trailing_path(s: &str) -> Vec<&str> {
    let len = s
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
        .map(char::len_utf8)
        .sum::<usize>();
    let path = &s[s.len() - len..];
    path.split('.').filter(|p| !p.is_empty()).collect()
}

/// The byte position of the last `{` not closed before the end of `s`.
pub(super) fn unclosed_brace(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in s.char_indices().rev() {
        match c {
            '}' => depth += 1,
            '{' if depth == 0 => return Some(i),
            '{' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The words and dotted paths of a text, outside strings and comments.
pub(super) fn words(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if b.is_ascii_alphanumeric() || b == b'_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.')
            {
                i += 1;
            }
            out.push(&s[start..i]);
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_context_before_the_cursor() {
        let text = "rule r {\n  when organisation.nat";
        let cx = Context::new(text, text.len());
        assert_eq!(cx.head, "  when organisation.");
        assert_eq!(cx.item, Some((0, "rule")));
        assert!(!cx.in_comment_or_string);
        assert!(Context::new("  note \"a £ b", 13).in_comment_or_string);
        assert!(Context::new("x // a comment", 14).in_comment_or_string);
    }

    #[test]
    fn finds_paths_words_and_braces() {
        assert_eq!(trailing_path("any f in data.flows"), vec!["data", "flows"]);
        assert_eq!(
            words("any f in \"a b\" x.y // z w"),
            vec!["any", "f", "in", "x.y"]
        );
        assert_eq!(unclosed_brace("x in {a, {b}, "), Some(5));
        assert_eq!(unclosed_brace("x in {a}"), None);
    }
}
