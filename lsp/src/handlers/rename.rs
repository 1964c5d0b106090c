//! `textDocument/prepareRename` and `textDocument/rename`: rename a declaration and every
//! use of it across the workspace. Refused, with a message the editor shows: names that are
//! not valid Ward names, names already taken, modules (rename the file instead) and anything
//! declared in the standard library (its copy is read-only and other organisations rely on
//! its names).

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    PrepareRenameResponse, RenameParams, TextDocumentPositionParams, TextEdit, WorkspaceEdit,
};
use ward_core::SourceFile;
use ward_core::interface::Sig;
use ward_core::symbols::{Occurrence, Symbol};

use super::{locate, slice, uri_of};
use crate::analysis::Analysis;
use crate::convert::{LineMap, request_failed};

/// Words a name may not be beyond the grammar's reserved words and the item keywords: words
/// that start a test clause or a literal, which would make the text read differently.
const RESERVED_IN_CONTEXT: &[&str] = &[
    "unknown", "known", "empty", "count", "present", "set", "list",
];

fn is_reserved(word: &str) -> bool {
    [
        ward_syntax::keywords::RESERVED,
        ward_syntax::keywords::ITEM,
        RESERVED_IN_CONTEXT,
    ]
    .iter()
    .any(|words| words.contains(&word))
}

pub fn prepare(
    a: &Analysis,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some((file, offset)) = locate(a, &params.text_document.uri, params.position) else {
        return Ok(None);
    };
    let Some(occ) = a.occurrence_at(file, offset) else {
        return Ok(None);
    };
    check_renameable(a, file, &occ)?;
    let map = LineMap::new(a.text(file));
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: map.range(occ.span),
        placeholder: slice(a.text(file), occ.span).to_string(),
    }))
}

pub fn rename(a: &Analysis, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let at = params.text_document_position;
    let Some((file, offset)) = locate(a, &at.text_document.uri, at.position) else {
        return Ok(None);
    };
    let Some(occ) = a.occurrence_at(file, offset) else {
        return Ok(None);
    };
    let old = check_renameable(a, file, &occ)?;
    let new = params.new_name.trim();
    validate(&occ.symbol, new)?;
    if new == old {
        return Ok(Some(WorkspaceEdit::default()));
    }
    let refs = a.references(file, &occ.symbol);
    check_conflicts(a, &occ.symbol, new, &refs)?;
    let mut changes: HashMap<_, Vec<TextEdit>> = HashMap::new();
    for (at, _) in refs {
        let text = a.text(at.file);
        // A use under an alias (`use m.x as y`) refers to the item by another name: the
        // alias stays.
        if slice(text, at.span) != old {
            continue;
        }
        if a.is_read_only(at.file) {
            return Err(request_failed(format!(
                "`{old}` is used in the standard library module `{}`, which cannot be edited",
                a.module_name(at.file)
            )));
        }
        let map = LineMap::new(text);
        changes
            .entry(uri_of(a, at.file))
            .or_default()
            .push(TextEdit {
                range: map.range(at.span),
                new_text: new.to_string(),
            });
    }
    for edits in changes.values_mut() {
        edits.sort_by_key(|e| (e.range.start.line, e.range.start.character));
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }))
}

/// The current name of the symbol, or why it cannot be renamed.
fn check_renameable(a: &Analysis, file: SourceFile, occ: &Occurrence) -> Result<String> {
    let name = match &occ.symbol {
        Symbol::Module(m) => {
            return Err(request_failed(format!(
                "`{m}` is a module: its name is its file's path, so rename the file instead"
            )));
        }
        Symbol::Local(_) => slice(a.text(file), occ.span).to_string(),
        Symbol::Item(r) => r.name.to_string(),
        Symbol::Field(_, n) | Symbol::Variant(_, n) | Symbol::Obligation(n) => n.to_string(),
    };
    if let Some(def) = a.definition(file, &occ.symbol)
        && a.is_stdlib(def.file)
        && a.is_read_only(def.file)
    {
        return Err(request_failed(format!(
            "`{name}` is declared in the standard library (`{}`), which local policy cannot rename",
            a.module_name(def.file)
        )));
    }
    Ok(name)
}

fn validate(symbol: &Symbol, new: &str) -> Result<()> {
    if let Symbol::Obligation(_) = symbol {
        if !is_obligation_id(new) {
            return Err(request_failed(format!(
                "`{new}` is not an obligation id: use lower-case kebab-case such as `dpia-review`"
            )));
        }
        return Ok(());
    }
    if !is_name(new) {
        return Err(request_failed(format!(
            "`{new}` is not a Ward name: use letters, digits and underscores, starting with a letter"
        )));
    }
    if is_reserved(new) {
        return Err(request_failed(format!(
            "`{new}` is a keyword of Ward and cannot be a name"
        )));
    }
    Ok(())
}

fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `dpia-consider`, `nis-incident-report-72h`: the grammar's `obl_id`.
pub fn is_obligation_id(s: &str) -> bool {
    let mut parts = s.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    first.starts_with(|c: char| c.is_ascii_lowercase())
        && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn check_conflicts(
    a: &Analysis,
    symbol: &Symbol,
    new: &str,
    refs: &[(crate::analysis::FileSpan, bool)],
) -> Result<()> {
    let taken = |what: String| Err(request_failed(format!("cannot rename: {what}")));
    match symbol {
        Symbol::Item(r) => {
            let Some(f) = a.file(&r.module) else {
                return Ok(());
            };
            if a.interface(f).get(new).is_some() {
                return taken(format!("`{new}` is already declared in `{}`", r.module));
            }
            if matches!(a.sig(r), Some(Sig::Fact(_))) && a.globals().facts.contains_key(new) {
                return taken(format!(
                    "a fact named `{new}` already exists (fact names are global)"
                ));
            }
            for (at, _) in refs {
                if at.file != f
                    && (a.scope(at.file).names.contains_key(new)
                        || a.interface(at.file).get(new).is_some())
                {
                    return taken(format!(
                        "`{new}` already means something else in `{}`",
                        a.module_name(at.file)
                    ));
                }
            }
        }
        Symbol::Field(rec, _) => {
            if let Some(Sig::Record(rs)) = a.sig(rec)
                && rs.field(new).is_some()
            {
                return taken(format!("record `{}` already has a field `{new}`", rec.name));
            }
        }
        Symbol::Variant(en, _) => {
            if let Some(Sig::Enum(es)) = a.sig(en)
                && es.variant(new).is_some()
            {
                return taken(format!("enum `{}` already has a value `{new}`", en.name));
            }
        }
        Symbol::Obligation(_) => {
            if a.globals().obligations.contains_key(new) {
                return taken(format!("an obligation with the id `{new}` already exists"));
            }
        }
        Symbol::Local(_) | Symbol::Module(_) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_ids_follow_the_grammar() {
        assert!(
            is_name("dpia_review")
                && is_name("_x1")
                && !is_name("1x")
                && !is_name("a-b")
                && !is_name("")
        );
        assert!(is_obligation_id("dpia-consider") && is_obligation_id("nis-incident-report-72h"));
        assert!(
            !is_obligation_id("Dpia")
                && !is_obligation_id("a--b")
                && !is_obligation_id("a-")
                && !is_obligation_id("")
        );
    }
}
