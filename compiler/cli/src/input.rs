//! Reading case input within the limits: a case file or a batch line larger than
//! [`MAX_CASE_BYTES`] is refused after reading at most one byte past the limit, so a huge or
//! endless input costs bounded memory, and one bad line never stops a batch. A case file is
//! read by the project's one bounded reader ([`ward_project::fsread`]), which also refuses
//! anything that is not a regular file (a pipe, a device, a directory) without blocking.

use std::io::{self, BufRead, Read};
use std::path::Path;

use ward_core::limits::MAX_CASE_BYTES;

/// A case file as read: its text (without a byte-order mark) and the digest of its bytes as
/// stored, for the report's audit footer.
pub struct CaseFile {
    pub text: String,
    pub hash: String,
}

/// A case file, or what is wrong with it (without the path: the caller names it).
pub fn read_case_file(path: &Path) -> Result<CaseFile, String> {
    use ward_project::fsread::{BOM, ReadError, read_text_noting_bom};
    let read = read_text_noting_bom(path, MAX_CASE_BYTES).map(|(text, bom)| {
        // The digest is of the file, so a mark the reader dropped is put back for it.
        let hash = if bom {
            ward_core::report::meta::case_hash(&[BOM, text.as_bytes()].concat())
        } else {
            ward_core::report::meta::case_hash(text.as_bytes())
        };
        CaseFile { text, hash }
    });
    read.map_err(|e| match e {
        ReadError::TooLarge { .. } => too_large("the case file"),
        ReadError::NotUtf8 { at } => {
            format!("the case file is not valid UTF-8 text (at byte {at})")
        }
        ReadError::NotAFile(what) => {
            format!("the case file is {what}, not a regular file; Ward reads only regular files")
        }
        ReadError::Utf16 => format!("the case file {}", ReadError::Utf16),
        ReadError::NotFound => "no such file or directory".into(),
        ReadError::Io(e) => e.to_string(),
    })
}

/// A case from standard input (`ward eval -`), within the same limit as a file.
pub fn read_case_stdin() -> Result<String, String> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(MAX_CASE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() > MAX_CASE_BYTES {
        return Err(too_large("the case"));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the case is not valid UTF-8 text (at byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// JSON when the text is JSON, otherwise YAML (a YAML flow mapping starts with `{` too): a
/// case on standard input has no file name to tell.
pub fn sniff_format(text: &str) -> ward_core::eval::Format {
    let body = text.trim_start_matches('\u{feff}');
    if body.trim_start().starts_with('{')
        && serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok()
    {
        ward_core::eval::Format::Json
    } else {
        ward_core::eval::Format::Yaml
    }
}

fn too_large(what: &str) -> String {
    format!(
        "{what} is larger than {} MiB, the most Ward reads as one case",
        MAX_CASE_BYTES / (1024 * 1024)
    )
}

/// One line of a batch file.
pub enum Line {
    /// The text of the line, without its line ending.
    Text(String),
    /// A line Ward cannot take, with why; the reader has moved past it.
    Bad(String),
}

/// Reads a batch file line by line, each line bounded by [`MAX_CASE_BYTES`].
pub struct Lines<R> {
    reader: R,
    buf: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R) -> Self {
        Lines {
            reader,
            buf: Vec::new(),
        }
    }

    /// The next line and the bytes it took, or `None` at the end of the input. An I/O error
    /// ends the batch: nothing after it can be read.
    pub fn next_line(&mut self) -> io::Result<Option<(Line, u64)>> {
        self.buf.clear();
        let limit = MAX_CASE_BYTES as u64 + 1;
        let n = (&mut self.reader)
            .take(limit)
            .read_until(b'\n', &mut self.buf)?;
        if n == 0 {
            return Ok(None);
        }
        let mut consumed = n as u64;
        if self.buf.last() != Some(&b'\n') && n as u64 == limit {
            consumed += self.skip_rest_of_line()?;
            return Ok(Some((Line::Bad(too_large("the line")), consumed)));
        }
        while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
            self.buf.pop();
        }
        let line = match std::str::from_utf8(&self.buf) {
            Ok(text) => Line::Text(text.to_string()),
            Err(e) => Line::Bad(format!(
                "the line is not valid UTF-8 text (at byte {})",
                e.valid_up_to()
            )),
        };
        Ok(Some((line, consumed)))
    }

    /// Discard input up to and including the next newline, without holding it.
    fn skip_rest_of_line(&mut self) -> io::Result<u64> {
        let mut skipped = 0u64;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(skipped);
            }
            let (used, done) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            self.reader.consume(used);
            skipped += used as u64;
            if done {
                return Ok(skipped);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<Result<String, String>> {
        let mut r = Lines::new(io::BufReader::with_capacity(7, input));
        let mut out = Vec::new();
        while let Some((l, _)) = r.next_line().unwrap() {
            out.push(match l {
                Line::Text(t) => Ok(t),
                Line::Bad(m) => Err(m),
            });
        }
        out
    }

    #[test]
    fn line_endings_are_dropped_and_bad_lines_do_not_stop_the_batch() {
        let got = lines(b"{\"a\":1}\r\n\xff\xfe\n{}");
        assert_eq!(got[0], Ok("{\"a\":1}".to_string()));
        assert!(got[1].as_ref().unwrap_err().contains("UTF-8"));
        assert_eq!(got[2], Ok("{}".to_string()));
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn an_oversized_line_is_skipped_whole() {
        let mut input = vec![b'x'; MAX_CASE_BYTES + 10];
        input.extend_from_slice(b"\n{}\n");
        let got = lines(&input);
        assert!(got[0].as_ref().unwrap_err().contains("larger than"));
        assert_eq!(got[1], Ok("{}".to_string()));
        assert_eq!(got.len(), 2);
    }
}
