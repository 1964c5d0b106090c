//! Bidirectional control characters ("Trojan Source", CVE-2021-42574): an override or
//! isolate in a string, a title, a section name or a comment makes an editor show the text in
//! another order than the one Ward reads, so a reviewer can approve a policy that says
//! something else. Ward's own text never needs them (names are ASCII; right-to-left script
//! shows correctly without them), so each one is a warning that points at it.

use ward_syntax::Span;

use crate::diagnostic::Diagnostic;

/// The characters that reorder text, with their Unicode names.
const CONTROLS: &[(char, &str)] = &[
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING"),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING"),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING"),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE"),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE"),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE"),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE"),
    ('\u{2068}', "FIRST STRONG ISOLATE"),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE"),
    ('\u{200E}', "LEFT-TO-RIGHT MARK"),
    ('\u{200F}', "RIGHT-TO-LEFT MARK"),
    ('\u{061C}', "ARABIC LETTER MARK"),
];

/// One warning per bidirectional control character in `text`.
pub(crate) fn warnings(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        // Cheap skip: every control character's UTF-8 starts with 0xE2 or 0xD8.
        if line.bytes().any(|b| b == 0xE2 || b == 0xD8) {
            scan_line(line, pos, &mut out);
        }
        pos += line.len();
    }
    out
}

fn scan_line(line: &str, pos: usize, out: &mut Vec<Diagnostic>) {
    let mut in_string = false;
    let mut in_comment = false;
    let mut escaped = false;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !in_comment {
            match c {
                '\\' if in_string && !escaped => {
                    escaped = true;
                    continue;
                }
                '"' if !escaped => in_string = !in_string,
                '/' if !in_string && chars.peek().is_some_and(|&(_, n)| n == '/') => {
                    in_comment = true
                }
                _ => {}
            }
        }
        escaped = false;
        let Some(&(_, name)) = CONTROLS.iter().find(|(k, _)| *k == c) else {
            continue;
        };
        let place = if in_comment {
            "a comment"
        } else if in_string {
            "a string"
        } else {
            "the source"
        };
        let span = Span::new(pos + i, pos + i + c.len_utf8());
        out.push(
            Diagnostic::warning(
                "ward::bidi-control",
                span,
                format!(
                    "invisible bidirectional control character U+{:04X} ({name}) in {place}",
                    c as u32
                ),
            )
            .label("reorders how the text around it is shown")
            .help("remove it: it can make a policy read differently from what Ward checks (\"Trojan Source\"), and right-to-left script shows correctly without it"),
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_each_control_and_where_it_is() {
        let text = "def a = \"x\u{202E}y\" // \u{2066}z\n/// \u{200F}\n";
        let w = super::warnings(text);
        assert_eq!(w.len(), 3);
        assert!(w[0].message.contains("U+202E") && w[0].message.contains("a string"));
        assert!(w[1].message.contains("U+2066") && w[1].message.contains("a comment"));
        assert_eq!(
            &text[w[0].span.start as usize..w[0].span.end as usize],
            "\u{202E}"
        );
        assert!(super::warnings("def a = \"plain, and \u{05D0}\u{05D1}\"").is_empty());
    }
}
