//! Byte offsets to lines and columns, in UTF-8 bytes, characters or UTF-16 code units.
//!
//! Everything inside Ward works in byte offsets; editors speak UTF-16 columns (`’` and `£`
//! are one UTF-16 unit but three and two bytes). Conversions happen here and only here.

/// A zero-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of the start of each line.
    starts: Vec<u32>,
    text_len: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i as u32 + 1);
            }
        }
        LineIndex {
            starts,
            text_len: text.len() as u32,
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Line and byte column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = (offset as u32).min(self.text_len);
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        LineCol {
            line: line as u32,
            col: offset - self.starts[line],
        }
    }

    /// Line and UTF-16 column of a byte offset.
    pub fn to_utf16(&self, text: &str, offset: usize) -> LineCol {
        let lc = self.line_col(offset);
        let start = self.starts[lc.line as usize] as usize;
        let end = start + lc.col as usize;
        let col = text
            .get(start..end)
            .map(|s| s.encode_utf16().count())
            .unwrap_or(0);
        LineCol {
            line: lc.line,
            col: col as u32,
        }
    }

    /// Byte offset of a line and UTF-16 column; columns past the line's end clamp to it.
    pub fn from_utf16(&self, text: &str, pos: LineCol) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return text.len();
        };
        let start = start as usize;
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map(|&e| e as usize)
            .unwrap_or(text.len());
        let line = &text[start..end];
        let mut units = 0u32;
        for (i, ch) in line.char_indices() {
            if units >= pos.col || ch == '\n' || ch == '\r' {
                return start + i;
            }
            units += ch.len_utf16() as u32;
        }
        end
    }

    /// Line and character (Unicode scalar) column, one-based, for human messages.
    pub fn human(&self, text: &str, offset: usize) -> (usize, usize) {
        let lc = self.line_col(offset);
        let start = self.starts[lc.line as usize] as usize;
        let col = text
            .get(start..start + lc.col as usize)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (lc.line as usize + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_code_units_not_bytes() {
        let text = "a ‘£’ b\nnext";
        let idx = LineIndex::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(idx.to_utf16(text, b), LineCol { line: 0, col: 6 });
        assert_eq!(idx.from_utf16(text, LineCol { line: 0, col: 6 }), b);
        let n = text.find("next").unwrap();
        assert_eq!(idx.to_utf16(text, n), LineCol { line: 1, col: 0 });
        assert_eq!(
            idx.from_utf16(text, LineCol { line: 1, col: 99 }),
            text.len()
        );
        assert_eq!(idx.human(text, b), (1, 7));
    }
}
