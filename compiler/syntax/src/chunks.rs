//! Cutting a file into top-level items, so each is parsed on its own and one broken item
//! never hides the rest (pest stops at the first error and builds no partial tree).
//!
//! A new item starts on any line whose first word is an item keyword followed by a name
//! ([`chunks`]). Text that is not an item — a word being typed below a rule, `rul` — has no
//! such line of its own, so it lands in the chunk above it; when that chunk fails to parse,
//! [`recovery_cuts`] offers the places where the item could have ended (a line at column 0,
//! outside any bracket or string), so the parser can keep the complete item and report only
//! the text after it.

use crate::keywords::ITEM as ITEM_KEYWORDS;

/// Does this line open a top-level item? Its first word is an item keyword followed by a
/// name or string (so a record field called `source: …` does not count).
fn opens_item(line: &str) -> bool {
    let t = line.trim_start();
    ITEM_KEYWORDS.iter().any(|kw| {
        t.strip_prefix(kw).is_some_and(|rest| {
            let mut chars = rest.chars();
            match chars.next() {
                Some(' ') | Some('\t') => {
                    let rest = rest.trim_start();
                    rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '"')
                }
                _ => false,
            }
        })
    })
}

fn is_trivia_line(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with("//")
}

/// Byte ranges of the items of a file, each starting with the doc comments above it.
pub(crate) fn chunks(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut lines = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        lines.push((pos, line));
        pos += line.len();
    }
    let mut starts = Vec::new();
    for (i, (_, line)) in lines.iter().enumerate() {
        if opens_item(line) {
            // Take the doc comments and comments directly above into this item.
            let mut s = i;
            while s > 0 && is_trivia_line(lines[s - 1].1) && !starts.contains(&(s - 1)) {
                s -= 1;
            }
            starts.push(s);
        }
    }
    let mut out = Vec::new();
    // Text before the first item that is not trivia is parsed too, so that it gets an error.
    let first = starts.first().map(|&s| lines[s].0).unwrap_or(text.len());
    if text[..first].lines().any(|l| !is_trivia_line(l)) {
        out.push(0..first);
    }
    for (k, &s) in starts.iter().enumerate() {
        let begin = lines[s].0;
        let end = starts.get(k + 1).map(|&n| lines[n].0).unwrap_or(text.len());
        out.push(begin..end);
    }
    out
}

/// How many places a failed chunk is re-parsed at, at most: recovery stays linear in the
/// chunk's size whatever the text.
pub(crate) const MAX_RECOVERY_CUTS: usize = 8;

/// Offsets in a chunk (after its first line) where a complete item could end and stray text
/// begin: the start of each non-trivia line at column 0 that is outside every bracket and
/// string, and does not close a bracket. The earliest few, in order.
pub(crate) fn recovery_cuts(chunk: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut depth: i64 = 0;
    let mut in_str = false;
    let mut pos = 0;
    for (n, line) in chunk.split_inclusive('\n').enumerate() {
        let starts_clean = !in_str && depth <= 0;
        if n > 0
            && starts_clean
            && !is_trivia_line(line)
            && line.starts_with(|c: char| !c.is_whitespace() && !matches!(c, '}' | ')' | ']'))
        {
            cuts.push(pos);
            if cuts.len() == MAX_RECOVERY_CUTS {
                break;
            }
        }
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if in_str => i += 1,
                b'"' => in_str = !in_str,
                b'/' if !in_str && bytes.get(i + 1) == Some(&b'/') => break,
                b'{' | b'(' | b'[' if !in_str => depth += 1,
                b'}' | b')' | b']' if !in_str => depth -= 1,
                _ => {}
            }
            i += 1;
        }
        pos += line.len();
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_below_a_rule_is_a_cut() {
        let chunk = "rule a {\n  when x\n  then require b\n}\n\nrul\n";
        assert_eq!(recovery_cuts(chunk), vec![chunk.find("rul\n").unwrap()]);
    }

    #[test]
    fn nothing_inside_brackets_or_strings_is_a_cut() {
        let chunk = "rule a {\nwhen x\n}\n";
        assert!(recovery_cuts(chunk).is_empty());
        let chunk = "source s {\n  document \"a\nb\"\n}\n";
        assert!(recovery_cuts(chunk).is_empty());
    }

    #[test]
    fn cuts_are_bounded() {
        let chunk = "x\n".repeat(100);
        assert_eq!(recovery_cuts(&chunk).len(), MAX_RECOVERY_CUTS);
    }
}
