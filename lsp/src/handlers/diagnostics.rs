//! `textDocument/publishDiagnostics`: every error and warning of every workspace file, pushed
//! by the server after each change. The embedded standard library's read-only copy is only
//! reported while it is open (its warnings are not the user's to fix).

use tower_lsp_server::ls_types::{Diagnostic, Uri};
use ward_ide::Cancellable;

use super::uri_of;
use crate::analysis::Snapshot;
use crate::convert::{self, LineMap};

/// One document's diagnostics, with the version they were computed from.
pub type Publish = (Uri, Option<i32>, Vec<Diagnostic>);

/// The diagnostics of each file to publish, with the document version they belong to.
pub fn compute(s: &Snapshot) -> Cancellable<Vec<Publish>> {
    let a = &s.analysis;
    let modules = a.modules()?;
    let mut out = Vec::new();
    for (file, diagnostics) in a.diagnostics()? {
        let Some(info) = s.info(file) else { continue };
        if info.read_only && info.version.is_none() {
            continue;
        }
        let map = LineMap::new(a.text(file));
        let elsewhere = |module: &str, span: ward_syntax::Span| {
            let other = modules.iter().find(|(m, _)| m == module)?.1;
            Some((uri_of(s, other), LineMap::new(a.text(other)).range(span)))
        };
        let converted = diagnostics
            .iter()
            .map(|d| convert::diagnostic(d, &map, &info.uri, &elsewhere))
            .collect();
        out.push((info.uri.clone(), info.version, converted));
    }
    for r in s.files().rejected() {
        out.push((
            r.uri.clone(),
            Some(r.version),
            vec![convert::file_problem(&r.why)],
        ));
    }
    Ok(out)
}
