//! `textDocument/foldingRange`: the IDE layer's folds, as line ranges.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind, FoldingRangeParams};
use ward_ide::FoldKind;

use super::document;
use crate::analysis::{Snapshot, modified};
use crate::convert::LineMap;

pub fn folding_ranges(
    s: &Snapshot,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    let Some(file) = document(s, &params.text_document.uri)? else {
        return Ok(None);
    };
    let map = LineMap::new(s.analysis.text(file));
    let folds = s.analysis.folding_ranges(file).map_err(modified)?;
    Ok(Some(
        folds
            .into_iter()
            .map(|f| FoldingRange {
                start_line: map.line(f.span.start as usize),
                end_line: map.line(f.span.end as usize),
                kind: Some(match f.kind {
                    FoldKind::Region => FoldingRangeKind::Region,
                    FoldKind::Comment => FoldingRangeKind::Comment,
                }),
                ..FoldingRange::default()
            })
            .collect(),
    ))
}
