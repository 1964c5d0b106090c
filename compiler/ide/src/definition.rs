//! Go to definition: from any use of a name to its declaration, across modules and into the
//! standard library.

use crate::{Analysis, FilePosition, FileSpan};

pub(crate) fn definition(a: &Analysis, at: FilePosition) -> Option<FileSpan> {
    let occ = a.occurrence_at(at.file, at.offset)?;
    a.definition_of(at.file, &occ.symbol)
}
