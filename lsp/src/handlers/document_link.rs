//! `textDocument/documentLink`: a citation's document, section and `at` texts open the
//! guidance they cite, at the cited line, in the read-only copy next to the library.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{DocumentLink, DocumentLinkParams, Uri};

use super::document;
use crate::analysis::{Snapshot, modified};
use crate::convert::{self, LineMap};

pub fn document_links(
    s: &Snapshot,
    params: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    let Some(file) = document(s, &params.text_document.uri)? else {
        return Ok(None);
    };
    let map = LineMap::new(s.analysis.text(file));
    let links = s.analysis.guidance_links(file).map_err(modified)?;
    Ok(Some(
        links
            .into_iter()
            .filter_map(|l| {
                let path = s.files().guidance(&l.document)?;
                Some(DocumentLink {
                    range: map.range(l.span),
                    target: Some(at_line(convert::path_to_uri(path)?, l.line)?),
                    tooltip: Some(l.tooltip),
                    data: None,
                })
            })
            .collect(),
    ))
}

/// The URI with the fragment editors read as a line to open at (`#L12`, 1-based).
fn at_line(uri: Uri, line: usize) -> Option<Uri> {
    format!("{}#L{}", uri.as_str(), line + 1).parse().ok()
}
