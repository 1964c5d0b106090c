//! Find references: every occurrence of the symbol under the cursor in the workspace, from
//! the compiler's symbol index of each module.

use crate::{Analysis, FilePosition, FileSpan};

/// One occurrence of a symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    pub at: FileSpan,
    /// The declaration, rather than a use.
    pub is_definition: bool,
}

pub(crate) fn references(
    a: &Analysis,
    at: FilePosition,
    include_declaration: bool,
) -> Option<Vec<Reference>> {
    let occ = a.occurrence_at(at.file, at.offset)?;
    Some(
        a.references_of(at.file, &occ.symbol)
            .into_iter()
            .filter(|(_, is_def)| include_declaration || !is_def)
            .map(|(at, is_definition)| Reference { at, is_definition })
            .collect(),
    )
}
