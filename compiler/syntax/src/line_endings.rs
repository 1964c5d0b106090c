//! A file's line endings, kept by the formatter. Policy checked out on Windows often has CRLF
//! line endings (git's `core.autocrlf`); the printer writes `\n`, and the file's own ending is
//! put back afterwards, so `ward fmt --check` agrees on both platforms and `ward fmt` never
//! rewrites every line of a file only to change its endings.

/// How a file ends its lines: as its first line does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnding {
    Lf,
    CrLf,
}

impl LineEnding {
    /// The ending of the first line of `text` (`\n` when it has a single line).
    pub fn of(text: &str) -> LineEnding {
        match text.find('\n') {
            Some(i) if text[..i].ends_with('\r') => LineEnding::CrLf,
            _ => LineEnding::Lf,
        }
    }

    /// `text`, written with `\n` only, with this ending on every line.
    pub fn apply(self, text: String) -> String {
        match self {
            LineEnding::Lf => text,
            LineEnding::CrLf => text.replace('\n', "\r\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_decides() {
        assert_eq!(LineEnding::of("a\r\nb\n"), LineEnding::CrLf);
        assert_eq!(LineEnding::of("a\nb\r\n"), LineEnding::Lf);
        assert_eq!(LineEnding::of("one line"), LineEnding::Lf);
        assert_eq!(LineEnding::CrLf.apply("a\nb\n".into()), "a\r\nb\r\n");
        assert_eq!(LineEnding::Lf.apply("a\nb\n".into()), "a\nb\n");
    }
}
