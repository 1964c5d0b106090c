//! Adding a `use`: the edit that imports a name or a module, shared by the quick fixes and by
//! completion of items from modules not yet imported.

use ward_core::SourceFile;
use ward_syntax::Span;
use ward_syntax::ast::ItemKind;

use crate::semantics::slice;
use crate::{Analysis, TextEdit};

/// The edit that imports `name` from `module` (or, with no name, the module itself): added to
/// an existing `use module.{…}` group if there is one, else as a new `use` after the last one
/// (or after the module header, or at the top). `None` if it is already imported.
pub(crate) fn add_use(
    a: &Analysis,
    file: SourceFile,
    module: &str,
    name: Option<&str>,
) -> Option<TextEdit> {
    let text = a.text(file);
    let items = &a.parsed(file).module.items;
    let mut last_use = None;
    let mut header = None;
    for item in items {
        match &item.kind {
            ItemKind::Use(u) => {
                last_use = Some(item.span);
                let same = u.path.text() == module && u.alias.is_none();
                match (name, &u.names) {
                    (Some(n), Some(names)) if same => {
                        if names.iter().any(|x| x.text == n) {
                            return None;
                        }
                        // Add the name inside the braces of the group.
                        let body = slice(text, item.span);
                        let close = item.span.start as usize + body.rfind('}')?;
                        let before = text[..close].trim_end();
                        let insert = if before.ends_with(',') || before.ends_with('{') {
                            format!(" {n}")
                        } else {
                            format!(", {n}")
                        };
                        let at = before.len();
                        return Some(TextEdit {
                            span: Span::new(at, at),
                            new_text: insert,
                        });
                    }
                    (None, None) if same => return None,
                    _ => {}
                }
            }
            ItemKind::Module(_) => header = Some(item.span),
            _ => {}
        }
    }
    let line = match name {
        Some(n) => format!("use {module}.{{{n}}}"),
        None => format!("use {module}"),
    };
    let (at, new_text) = match last_use.or(header) {
        Some(span) => {
            let end = span.end as usize;
            let at = text[end.min(text.len())..]
                .find('\n')
                .map(|i| end + i + 1)
                .unwrap_or(text.len());
            let lead = if at == text.len() && !text.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            let gap = if last_use.is_none() { "\n" } else { "" };
            (at, format!("{lead}{gap}{line}\n"))
        }
        None => {
            // After the `//!` module documentation, if any.
            let mut at = 0;
            for l in text.split_inclusive('\n') {
                if l.trim_start().starts_with("//!") {
                    at += l.len();
                } else {
                    break;
                }
            }
            let gap = if at > 0 { "\n" } else { "" };
            (at, format!("{gap}{line}\n\n"))
        }
    };
    Some(TextEdit {
        span: Span::new(at, at),
        new_text,
    })
}
