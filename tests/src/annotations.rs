//! Inline expectations in fixture files: comment lines that say which diagnostic is reported
//! where, under the line it is about (as rust-analyzer's test fixtures do).
//!
//! ```text
//! def big = supplier.contract_valu > 10000
//! //                 ^^^^^^^^^^^^^ error[ward::unknown-field]: has no field
//! rule r {
//! // ~ error[ward::missing-level]
//! ```
//!
//! An annotation is a comment (`//` in `.ward` files, `#` in `ward.toml` and `ward.lock`) whose
//! text starts with carets or a tilde, then the severity and `[code]`, then optionally `:` and
//! words the message must contain. Carets sit under the reported span of the nearest line above
//! that is not itself an annotation (columns count characters; a span running onto later lines
//! is marked to the end of its first line). A tilde says only that the span starts on that
//! line, for spans the carets cannot reach (the first columns, under the comment marker). An
//! annotation above every other line of its file is about the file as a whole (a problem with
//! no span).

use ward_core::Severity;

/// One expected diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    /// The fixture file it is in.
    pub path: String,
    /// The 1-based line of the annotation itself, for messages.
    pub at: usize,
    /// Where: the 0-based line it is about and, with carets, the columns `[from, to)`.
    pub place: Place,
    pub severity: Severity,
    pub code: String,
    /// Words the message must contain.
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// No line: the whole file.
    File,
    /// Starts on the line.
    Line(usize),
    /// Starts and ends at these columns of the line.
    Columns(usize, usize, usize),
}

/// A reported diagnostic, as the expectations see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actual {
    pub path: String,
    /// Byte offsets in the file's text; `None` for a problem with no span.
    pub span: Option<(usize, usize)>,
    pub severity: Severity,
    pub code: String,
    pub message: String,
}

/// The comment marker annotations use in a file of this name, if annotations are read there.
fn comment_marker(path: &str) -> Option<&'static str> {
    if path.ends_with(".ward") {
        Some("//")
    } else if path.ends_with(".toml") || path.ends_with(".lock") {
        Some("#")
    } else {
        None
    }
}

/// The annotation a line holds, if it is one: (caret columns or none, the text after them).
fn annotation(line: &str, marker: &str) -> Option<(Option<(usize, usize)>, String)> {
    let rest = line.trim_start().strip_prefix(marker)?;
    let body = rest.trim_start();
    let offset = line.chars().count() - body.chars().count();
    if let Some(tail) = body.strip_prefix('~') {
        return Some((None, tail.trim().to_string()));
    }
    let carets = body.chars().take_while(|c| *c == '^').count();
    (carets > 0).then(|| {
        let tail: String = body.chars().skip(carets).collect();
        (Some((offset, offset + carets)), tail.trim().to_string())
    })
}

/// `error[ward::x]: words` → (severity, code, words).
fn expectation(text: &str) -> Result<(Severity, String, Option<String>), String> {
    let (severity, rest) = if let Some(r) = text.strip_prefix("error[") {
        (Severity::Error, r)
    } else if let Some(r) = text.strip_prefix("warning[") {
        (Severity::Warning, r)
    } else {
        return Err(format!(
            "expected `error[ward::…]` or `warning[ward::…]`, found `{text}`"
        ));
    };
    let (code, rest) = rest
        .split_once(']')
        .ok_or_else(|| format!("no `]` after the code in `{text}`"))?;
    let message = match rest.trim() {
        "" => None,
        m => Some(
            m.strip_prefix(':')
                .ok_or_else(|| format!("write `: words of the message` after `]`, not `{m}`"))?
                .trim()
                .to_string(),
        ),
    };
    Ok((severity, code.to_string(), message))
}

/// Every annotation in one file of a fixture.
pub fn parse(path: &str, text: &str) -> Result<Vec<Expected>, String> {
    let Some(marker) = comment_marker(path) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut target: Option<(usize, usize)> = None; // (line, its length in characters)
    for (i, line) in text.lines().enumerate() {
        let Some((carets, tail)) = annotation(line, marker) else {
            target = Some((i, line.trim_end().chars().count()));
            continue;
        };
        let (severity, code, message) =
            expectation(&tail).map_err(|e| format!("{path}:{}: {e}", i + 1))?;
        let place = match (target, carets) {
            (None, _) => Place::File,
            (Some((t, _)), None) => Place::Line(t),
            (Some((t, len)), Some((from, to))) => {
                if to > len {
                    return Err(format!(
                        "{path}:{}: the carets run past the end of line {}",
                        i + 1,
                        t + 1
                    ));
                }
                Place::Columns(t, from, to)
            }
        };
        out.push(Expected {
            path: path.to_string(),
            at: i + 1,
            place,
            severity,
            code,
            message,
        });
    }
    Ok(out)
}

/// (line, column in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count())
}

/// Does `a` (in a file with this text) satisfy `e`?
fn satisfies(e: &Expected, a: &Actual, text: &str) -> bool {
    if e.path != a.path || e.code != a.code || e.severity != a.severity {
        return false;
    }
    if let Some(m) = &e.message
        && !a.message.contains(m.as_str())
    {
        return false;
    }
    match (&e.place, a.span) {
        (Place::File, span) => span.is_none(),
        (_, None) => false,
        (Place::Line(l), Some((s, _))) => line_col(text, s).0 == *l,
        (Place::Columns(l, from, to), Some((s, end))) => {
            let (sl, sc) = line_col(text, s);
            let (el, ec) = line_col(text, end);
            let line_len = text
                .lines()
                .nth(*l)
                .map_or(0, |t| t.trim_end().chars().count());
            let end_ok = if el == *l {
                ec == *to || (s == end && *to == from + 1)
            } else {
                *to == line_len
            };
            sl == *l && sc == *from && end_ok
        }
    }
}

fn describe_actual(a: &Actual, text: &str) -> String {
    let at = a.span.map_or_else(
        || "(no span)".to_string(),
        |(s, e)| {
            let (sl, sc) = line_col(text, s);
            let (el, ec) = line_col(text, e);
            format!("{}:{}-{}:{}", sl + 1, sc + 1, el + 1, ec + 1)
        },
    );
    let severity = match a.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!("{} {at}: {severity}[{}]: {}", a.path, a.code, a.message)
}

/// Match expectations against what was reported; the mismatches, worded, if any.
/// `text_of` gives a fixture file's text by path.
pub fn compare<'a>(
    expected: &[Expected],
    actual: &[Actual],
    text_of: impl Fn(&str) -> &'a str,
) -> Result<(), String> {
    let mut used = vec![false; actual.len()];
    let mut problems = Vec::new();
    for e in expected {
        let found = actual
            .iter()
            .enumerate()
            .find(|(i, a)| !used[*i] && satisfies(e, a, text_of(&a.path)));
        match found {
            Some((i, _)) => used[i] = true,
            None => problems.push(format!(
                "expected at {}:{} but not reported: {:?} {} {}",
                e.path,
                e.at,
                e.severity,
                e.code,
                e.message.as_deref().unwrap_or("")
            )),
        }
    }
    for (a, _) in actual.iter().zip(&used).filter(|(_, u)| !**u) {
        problems.push(format!(
            "reported but not expected: {}",
            describe_actual(a, text_of(&a.path))
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "def big = supplier.contract_valu > 1\n//        ^^^^^^^^ error[ward::unknown-name]: cannot find\n// ~ warning[ward::unused-fact]\n";

    #[test]
    fn carets_and_tildes_name_the_line_above() {
        let got = parse("trust/main.ward", TEXT).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].place, Place::Columns(0, 10, 18));
        assert_eq!(got[0].code, "ward::unknown-name");
        assert_eq!(got[0].message.as_deref(), Some("cannot find"));
        assert_eq!(got[1].place, Place::Line(0));
        assert_eq!(got[1].severity, Severity::Warning);
    }

    #[test]
    fn expectations_must_match_exactly_and_completely() {
        let expected = parse("trust/main.ward", TEXT).unwrap();
        let actual = |span, code: &str, severity| Actual {
            path: "trust/main.ward".into(),
            span: Some(span),
            severity,
            code: code.into(),
            message: "cannot find `supplier`".into(),
        };
        let right = [
            actual((10, 18), "ward::unknown-name", Severity::Error),
            actual((4, 7), "ward::unused-fact", Severity::Warning),
        ];
        assert_eq!(compare(&expected, &right, |_| TEXT), Ok(()));
        let shifted = [
            actual((11, 18), "ward::unknown-name", Severity::Error),
            actual((4, 7), "ward::unused-fact", Severity::Warning),
        ];
        let err = compare(&expected, &shifted, |_| TEXT).unwrap_err();
        assert!(err.contains("expected at trust/main.ward:2"), "{err}");
        assert!(err.contains("reported but not expected"), "{err}");
        assert!(compare(&expected, &right[..1], |_| TEXT).is_err());
    }

    #[test]
    fn a_malformed_annotation_is_an_error() {
        let err = parse("a.ward", "x\n// ^^ eror[ward::x]\n").unwrap_err();
        assert!(err.contains("a.ward:2"), "{err}");
        assert_eq!(
            parse("ward.toml", "# ^ error[ward::package]: bad\n").unwrap()[0].place,
            Place::File
        );
    }
}
