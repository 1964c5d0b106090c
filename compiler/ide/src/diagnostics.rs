//! Every diagnostic an editor shows: each module's check, the whole-program checks, and the
//! citation check against the documents the host supplied — what `ward check` reports.

use ward_core::{Diagnostic, SourceFile};

use crate::Analysis;

pub(crate) fn all(a: &Analysis) -> Vec<(SourceFile, Vec<Diagnostic>)> {
    let (db, ws) = (&a.db, a.ws);
    let mut all = ward_core::program::all_diagnostics(db, ws);
    for (f, ds) in &mut all {
        ds.extend(
            ward_core::citations::module_citation_diagnostics(db, ws, *f)
                .iter()
                .cloned(),
        );
        ds.sort_by_key(|d| (d.span.start, d.span.end));
        ds.dedup();
    }
    all
}

pub(crate) fn of_file(a: &Analysis, file: SourceFile) -> Vec<Diagnostic> {
    all(a)
        .into_iter()
        .find(|(f, _)| *f == file)
        .map(|(_, ds)| ds)
        .unwrap_or_default()
}
