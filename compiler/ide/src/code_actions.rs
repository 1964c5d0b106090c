//! Code actions: quick fixes for the diagnostics a range touches — the compiler's own
//! machine-applicable fix ("did you mean …?", as the diagnostic's `fix`), and adding the `use`
//! that a name or module is missing.

use ward_core::Diagnostic;

use crate::imports::add_use;
use crate::semantics::slice;
use crate::{Analysis, FileSpan, TextEdit};

/// A quick fix: edits to the module the diagnostic is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    /// The diagnostic it fixes.
    pub diagnostic: Diagnostic,
    pub edits: Vec<TextEdit>,
    /// The one to apply when the user asks for "the" fix.
    pub preferred: bool,
}

pub(crate) fn code_actions(a: &Analysis, at: FileSpan) -> Vec<CodeAction> {
    let (file, range) = (at.file, at.span);
    let text = a.text(file);
    let mut out = Vec::new();
    for d in crate::diagnostics::of_file(a, file) {
        if d.span.start > range.end || range.start > d.span.end {
            continue;
        }
        let mut action = |title: String, edit: TextEdit, preferred: bool| {
            out.push(CodeAction {
                title,
                diagnostic: d.clone(),
                edits: vec![edit],
                preferred,
            });
        };
        if let Some(fix) = &d.fix {
            action(
                fix.title.clone(),
                TextEdit {
                    span: fix.span,
                    new_text: fix.replacement.clone(),
                },
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
                for (module, other) in a.all_modules() {
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
    out
}
