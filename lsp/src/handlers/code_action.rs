//! `textDocument/codeAction`: quick fixes for the diagnostics under the cursor — the
//! compiler's own machine-applicable fix ("did you mean …?"), and adding the `use` that a
//! name or module is missing.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    TextEdit, WorkspaceEdit,
};
use ward_core::SourceFile;
use ward_syntax::ast::ItemKind;

use super::{slice, uri_of};
use crate::analysis::Analysis;
use crate::convert::{self, LineMap};

pub fn code_actions(a: &Analysis, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let Some(file) = a.file_of_uri(&params.text_document.uri) else {
        return Ok(None);
    };
    let text = a.text(file);
    let map = LineMap::new(text);
    let range = map.span(params.range);
    let uri = uri_of(a, file);
    let elsewhere = |module: &str, span: ward_syntax::Span| {
        let other = a.file(module)?;
        Some((uri_of(a, other), LineMap::new(a.text(other)).range(span)))
    };
    let mut out = Vec::new();
    for d in a.diagnostics(file) {
        if d.span.start > range.end || range.start > d.span.end {
            continue;
        }
        let shown = convert::diagnostic(&d, &map, &uri, &elsewhere);
        let mut action = |title: String, edit: TextEdit, preferred: bool| {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![shown.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: preferred.then_some(true),
                ..CodeAction::default()
            }));
        };
        if let Some(fix) = &d.fix {
            action(
                fix.title.clone(),
                convert::text_edit(&map, fix.span, fix.replacement.clone()),
                true,
            );
        }
        // The compiler may already offer the `use` itself.
        let fix_imports = d
            .fix
            .as_ref()
            .is_some_and(|f| f.replacement.contains("use "));
        match d.code {
            _ if fix_imports => {}
            "ward::missing-import" => {
                let written = slice(text, d.span);
                let segs: Vec<&str> = written.split('.').map(str::trim).collect();
                let index = ward_core::modules::module_index(a.db(), a.workspace());
                if let Some((module, _)) = index.longest_module_prefix(&segs)
                    && let Some(edit) = add_use(a, file, &module, None)
                {
                    action(format!("Add `use {module}`"), edit, d.fix.is_none());
                }
            }
            "ward::unknown-name" => {
                let name = slice(text, d.span);
                let mut offered = 0;
                for (module, other) in a.modules() {
                    if other == file || offered == 5 || a.interface(other).get(name).is_none() {
                        continue;
                    }
                    if let Some(edit) = add_use(a, file, &module, Some(name)) {
                        action(
                            format!("Import `{name}` from `{module}`"),
                            edit,
                            d.fix.is_none() && offered == 0,
                        );
                        offered += 1;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(Some(out))
}

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
    let map = LineMap::new(text);
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
                        return Some(convert::text_edit(
                            &map,
                            ward_syntax::Span::new(at, at),
                            insert,
                        ));
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
    Some(convert::text_edit(
        &map,
        ward_syntax::Span::new(at, at),
        new_text,
    ))
}
