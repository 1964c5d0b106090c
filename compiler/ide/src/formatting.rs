//! Formatting: the formatter of `ward fmt`, as one edit of the whole text. A module that does
//! not parse cannot be formatted, and the answer says why, so the editor can tell the user
//! rather than do nothing.

use ward_core::SourceFile;
use ward_syntax::{LineIndex, Span};

use crate::{Analysis, TextEdit};

/// Why a module was not formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    pub message: String,
}

pub(crate) fn format(a: &Analysis, file: SourceFile) -> Result<Vec<TextEdit>, FormatError> {
    if a.is_read_only(file) {
        return Err(FormatError {
            message: format!(
                "`{}` is the standard library's read-only copy and is not formatted",
                a.module_name(file)
            ),
        });
    }
    let text = a.text(file);
    let formatted = ward_syntax::format(text).map_err(|errors| {
        let index = LineIndex::new(text);
        let first = errors.first().map(|e| {
            let (line, col) = index.human(text, e.span.start as usize);
            format!(": line {line}, column {col}: {}", e.message)
        });
        FormatError {
            message: format!(
                "`{}` was not formatted: it has {} syntax {}{}",
                a.module_name(file),
                errors.len(),
                if errors.len() == 1 { "error" } else { "errors" },
                first.unwrap_or_default()
            ),
        }
    })?;
    if formatted == text {
        return Ok(Vec::new());
    }
    Ok(vec![TextEdit {
        span: Span::new(0, text.len()),
        new_text: formatted,
    }])
}
