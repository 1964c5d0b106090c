//! Rename: a declaration and every use of it across the workspace. Refused, with a message
//! for the user: names that are not valid Ward names, names already taken, modules (rename the
//! file instead) and anything declared in the standard library (its copy is read-only and
//! other organisations rely on its names).

use ward_core::SourceFile;
use ward_core::interface::Sig;
use ward_core::symbols::{Occurrence, Symbol};
use ward_syntax::Span;

use crate::semantics::slice;
use crate::{Analysis, FilePosition, FileSpan, SourceChange, TextEdit};

/// Why a rename was refused, in words for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameError {
    pub message: String,
}

impl RenameError {
    fn new(message: impl Into<String>) -> RenameError {
        RenameError {
            message: message.into(),
        }
    }
}

/// What a rename at the cursor would change: the name's span and its current text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrepareRename {
    pub span: Span,
    pub placeholder: String,
}

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

pub(crate) fn prepare(
    a: &Analysis,
    at: FilePosition,
) -> Result<Option<PrepareRename>, RenameError> {
    let Some(occ) = a.occurrence_at(at.file, at.offset) else {
        return Ok(None);
    };
    check_renameable(a, at.file, &occ)?;
    Ok(Some(PrepareRename {
        span: occ.span,
        placeholder: slice(a.text(at.file), occ.span).to_string(),
    }))
}

pub(crate) fn rename(
    a: &Analysis,
    at: FilePosition,
    new_name: &str,
) -> Result<Option<SourceChange>, RenameError> {
    let Some(occ) = a.occurrence_at(at.file, at.offset) else {
        return Ok(None);
    };
    let old = check_renameable(a, at.file, &occ)?;
    let new = new_name.trim();
    validate(&occ.symbol, new)?;
    if new == old {
        return Ok(Some(SourceChange::default()));
    }
    let refs = a.references_of(at.file, &occ.symbol);
    check_conflicts(a, &occ.symbol, new, &refs)?;
    let mut change = SourceChange::default();
    for (place, _) in refs {
        let text = a.text(place.file);
        // A use under an alias (`use m.x as y`) refers to the item by another name: the
        // alias stays.
        if slice(text, place.span) != old {
            continue;
        }
        if a.is_read_only(place.file) {
            return Err(RenameError::new(format!(
                "`{old}` is used in the standard library module `{}`, which cannot be edited",
                a.module_name(place.file)
            )));
        }
        let edit = TextEdit {
            span: place.span,
            new_text: new.to_string(),
        };
        match change.edits.iter_mut().find(|(f, _)| *f == place.file) {
            Some((_, edits)) => edits.push(edit),
            None => change.edits.push((place.file, vec![edit])),
        }
    }
    for (_, edits) in &mut change.edits {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
    }
    Ok(Some(change))
}

/// The current name of the symbol, or why it cannot be renamed.
fn check_renameable(
    a: &Analysis,
    file: SourceFile,
    occ: &Occurrence,
) -> Result<String, RenameError> {
    let name = match &occ.symbol {
        Symbol::Module(m) => {
            return Err(RenameError::new(format!(
                "`{m}` is a module: its name is its file's path, so rename the file instead"
            )));
        }
        Symbol::Local(_) => slice(a.text(file), occ.span).to_string(),
        Symbol::Item(r) => r.name.to_string(),
        Symbol::Field(_, n) | Symbol::Variant(_, n) | Symbol::Obligation(n) => n.to_string(),
    };
    if let Some(def) = a.definition_of(file, &occ.symbol)
        && a.is_stdlib(def.file)
        && a.is_read_only(def.file)
    {
        return Err(RenameError::new(format!(
            "`{name}` is declared in the standard library (`{}`), which local policy cannot rename",
            a.module_name(def.file)
        )));
    }
    Ok(name)
}

fn validate(symbol: &Symbol, new: &str) -> Result<(), RenameError> {
    if let Symbol::Obligation(_) = symbol {
        if !is_obligation_id(new) {
            return Err(RenameError::new(format!(
                "`{new}` is not an obligation id: use lower-case kebab-case such as `dpia-review`"
            )));
        }
        return Ok(());
    }
    if !is_name(new) {
        return Err(RenameError::new(format!(
            "`{new}` is not a Ward name: use letters, digits and underscores, starting with a letter"
        )));
    }
    if is_reserved(new) {
        return Err(RenameError::new(format!(
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
    refs: &[(FileSpan, bool)],
) -> Result<(), RenameError> {
    let taken = |what: String| Err(RenameError::new(format!("cannot rename: {what}")));
    match symbol {
        Symbol::Item(r) => {
            let Some(f) = a.file_of(&r.module) else {
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
