//! Reading a JSON case into the document tree (`case_doc`), with the position of every value.
//!
//! A small reader of RFC 8259 JSON of its own, rather than `serde_json::Value`: a `Value`
//! keeps one of two equal keys and forgets where anything was, and a case must refuse the
//! duplicate and say where both are. Nesting is checked as each list or object opens, so a
//! tower of brackets fails at the first one too many, in time linear in what was read. A
//! UTF-8 byte order mark at the start is skipped. It accepts every document `serde_json`
//! accepts, with the same values (the fast batch loader is `serde_json`-based, and must never
//! accept what this refuses).

use super::case_doc::{DocError, Entry, Kind, MapBuilder, Node, Pos, Problems, Seg, path_text};
use crate::limits;

/// The document and the duplicate keys found in it; or the one error that stopped the
/// reading (a syntax error, or nesting too deep).
pub fn read(text: &str) -> Result<(Node, Problems), DocError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = Reader {
        src: text.as_bytes(),
        at: 0,
        line: 1,
        column: 1,
        path: Vec::new(),
        errors: Problems::default(),
    };
    let node = r.document()?;
    Ok((node, r.errors))
}

struct Reader<'a> {
    src: &'a [u8],
    at: usize,
    line: u32,
    column: u32,
    /// Where the reader is, for errors.
    path: Vec<Seg>,
    /// Duplicate keys: reported together, as reading goes on.
    errors: Problems,
}

type Fatal = DocError;

impl Reader<'_> {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.at).copied()
    }

    /// Step over one byte; a column is a character, so continuation bytes do not count.
    fn bump(&mut self) {
        if let Some(b) = self.peek() {
            self.at += 1;
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.column += 1;
            }
        }
    }

    fn fail(&self, what: &str) -> Fatal {
        let found = match self.peek() {
            None => "the end of the file".to_string(),
            Some(_) => {
                let rest = std::str::from_utf8(&self.src[self.at..]).unwrap_or("");
                match rest.chars().next() {
                    Some(c) if c.is_control() => format!("{c:?}"),
                    Some(c) => format!("`{c}`"),
                    None => "a byte that is not text".to_string(),
                }
            }
        };
        DocError {
            path: path_text(&self.path),
            message: format!(
                "this is not valid JSON: expected {what}, found {found} at {}",
                self.pos()
            ),
            help: None,
        }
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.bump();
        }
    }

    fn document(&mut self) -> Result<Node, Fatal> {
        self.space();
        let node = self.value(1)?;
        self.space();
        if self.peek().is_some() {
            return Err(self.fail("the end of the file after the case"));
        }
        Ok(node)
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<Kind, Fatal> {
        for &b in word.as_bytes() {
            if self.peek() != Some(b) {
                return Err(self.fail(&format!("`{word}`")));
            }
            self.bump();
        }
        Ok(kind)
    }

    fn value(&mut self, depth: usize) -> Result<Node, Fatal> {
        let pos = self.pos();
        let kind = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Kind::Str {
                text: self.string()?,
                quoted: true,
            },
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => return Err(self.fail("a value")),
        };
        Ok(Node { pos, kind })
    }

    fn too_deep(&self) -> Fatal {
        DocError {
            path: path_text(&self.path),
            message: format!(
                "the case nests more than {} levels deep (at {})",
                limits::MAX_CASE_DEPTH,
                self.pos()
            ),
            help: Some("a case is records of facts, a few levels deep; this is not one".into()),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Kind, Fatal> {
        if depth > limits::MAX_CASE_DEPTH {
            return Err(self.too_deep());
        }
        self.bump();
        let mut map = MapBuilder::default();
        self.space();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(Kind::Map(map.finish()));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err(self.fail("a key in quotes"));
            }
            let key_pos = self.pos();
            let key = self.string()?;
            self.space();
            if self.peek() != Some(b':') {
                return Err(self.fail("`:` after the key"));
            }
            self.bump();
            self.space();
            self.path.push(Seg::Key(key));
            let value = self.value(depth + 1)?;
            let key = match self.path.pop() {
                Some(Seg::Key(k)) => k,
                _ => String::new(),
            };
            let entry = Entry {
                key,
                key_pos,
                value,
            };
            if let Err(e) = map.insert(entry, &self.path) {
                self.errors.push(e);
            }
            self.space();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b'}') => {
                    self.bump();
                    return Ok(Kind::Map(map.finish()));
                }
                _ => return Err(self.fail("`,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Kind, Fatal> {
        if depth > limits::MAX_CASE_DEPTH {
            return Err(self.too_deep());
        }
        self.bump();
        let mut items = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(Kind::List(items));
        }
        loop {
            self.space();
            self.path.push(Seg::Index(items.len()));
            let v = self.value(depth + 1)?;
            self.path.pop();
            items.push(v);
            self.space();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b']') => {
                    self.bump();
                    return Ok(Kind::List(items));
                }
                _ => return Err(self.fail("`,` or `]`")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let mut n = 0;
        while let Some(b'0'..=b'9') = self.peek() {
            self.bump();
            n += 1;
        }
        n
    }

    fn number(&mut self) -> Result<Kind, Fatal> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.peek() {
            Some(b'0') => self.bump(),
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.fail("a digit")),
        }
        let mut whole = true;
        if self.peek() == Some(b'.') {
            whole = false;
            self.bump();
            if self.digits() == 0 {
                return Err(self.fail("a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            whole = false;
            self.bump();
            if let Some(b'+' | b'-') = self.peek() {
                self.bump();
            }
            if self.digits() == 0 {
                return Err(self.fail("a digit in the exponent"));
            }
        }
        // The slice is ASCII digits and signs, so always text.
        let text = std::str::from_utf8(&self.src[start..self.at]).unwrap_or_default();
        Ok(match text.parse::<i64>() {
            Ok(n) if whole => Kind::Int(n),
            _ => Kind::Number(text.to_string()),
        })
    }

    fn hex4(&mut self) -> Result<u32, Fatal> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.fail("four hexadecimal digits after `\\u`")),
            };
            n = n * 16 + d as u32;
            self.bump();
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, Fatal> {
        self.bump();
        let mut out = String::new();
        loop {
            // Copy a run of plain characters at once.
            let run = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.bump();
            }
            // The input is a `str` and the run stops only at ASCII, so it is whole characters.
            out.push_str(std::str::from_utf8(&self.src[run..self.at]).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.bump();
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.bump();
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.bump();
                            out.push(self.escaped_char()?);
                            continue;
                        }
                        _ => return Err(self.fail("an escape (`\\n`, `\\\"`, `\\u00e9`, …)")),
                    };
                    self.bump();
                    out.push(c);
                }
                None => return Err(self.fail("`\"` to close the text")),
                Some(_) => {
                    return Err(self.fail("a character (control characters are escaped in JSON)"));
                }
            }
        }
    }

    /// The character of a `\uXXXX` escape (the `\u` read), with its low surrogate if any.
    fn escaped_char(&mut self) -> Result<char, Fatal> {
        let hi = self.hex4()?;
        if (0xDC00..0xE000).contains(&hi) {
            return Err(self.fail("a character, not a lone low surrogate"));
        }
        if !(0xD800..0xDC00).contains(&hi) {
            return char::from_u32(hi).ok_or_else(|| self.fail("a character"));
        }
        if self.peek() != Some(b'\\') {
            return Err(self.fail("`\\u` and a low surrogate after a high surrogate"));
        }
        self.bump();
        if self.peek() != Some(b'u') {
            return Err(self.fail("`\\u` and a low surrogate after a high surrogate"));
        }
        self.bump();
        let lo = self.hex4()?;
        if !(0xDC00..0xE000).contains(&lo) {
            return Err(self.fail("a low surrogate after a high surrogate"));
        }
        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
        char::from_u32(c).ok_or_else(|| self.fail("a character"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Kind {
        read(text).unwrap().0.kind
    }

    /// The document if it has no problems, or its problems.
    fn doc(text: &str) -> Result<Node, Vec<DocError>> {
        match read(text) {
            Ok((n, p)) if p.is_empty() => Ok(n),
            Ok((_, p)) => Err(p.finish()),
            Err(e) => Err(vec![e]),
        }
    }

    #[test]
    fn values_and_positions() {
        let doc = doc("\u{feff}{\n  \"a\": [1, -2.5e3, \"\\u00e9\\ud83d\\ude00\", null, true]\n}")
            .unwrap();
        let Kind::Map(m) = doc.kind else { panic!() };
        assert_eq!(m[0].key_pos, Pos { line: 2, column: 3 });
        let Kind::List(xs) = &m[0].value.kind else {
            panic!()
        };
        assert_eq!(xs[0].kind, Kind::Int(1));
        assert_eq!(xs[1].kind, Kind::Number("-2.5e3".into()));
        assert_eq!(
            xs[2].kind,
            Kind::Str {
                text: "é😀".into(),
                quoted: true
            }
        );
        assert_eq!(
            xs[2].pos,
            Pos {
                line: 2,
                column: 20
            }
        );
        assert_eq!(
            kind("18446744073709551616"),
            Kind::Number("18446744073709551616".into())
        );
    }

    #[test]
    fn malformed_json_is_refused() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "1.",
            "-",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"a\nb\"",
            "{} {}",
            "nul",
            "{'a': 1}",
        ] {
            assert!(doc(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn duplicates_name_both_positions() {
        let errs =
            doc("{\"data\": {\"large_scale\": true,\n \"large_scale\": false}}").unwrap_err();
        assert_eq!(errs[0].path, "data.large_scale");
        assert!(
            errs[0].message.contains("at 1:11 and at 2:2"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn depth_is_checked_as_lists_open() {
        let deep = "[".repeat(100_000);
        let errs = doc(&deep).unwrap_err();
        assert!(
            errs[0].message.contains("levels deep"),
            "{}",
            errs[0].message
        );
        let ok = format!("{}{}", "[".repeat(32), "]".repeat(32));
        assert!(doc(&ok).is_ok());
        let over = format!("{}{}", "[".repeat(33), "]".repeat(33));
        assert!(doc(&over).is_err());
    }
}
