//! `textDocument/hover`: the IDE layer's hover (markdown), over the name's range.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams};

use super::locate;
use crate::analysis::{Snapshot, modified};
use crate::convert::{LineMap, markdown};

pub fn hover(s: &Snapshot, params: HoverParams) -> Result<Option<Hover>> {
    let at = params.text_document_position_params;
    let Some(pos) = locate(s, &at.text_document.uri, at.position)? else {
        return Ok(None);
    };
    let Some(h) = s.analysis.hover(pos).map_err(modified)? else {
        return Ok(None);
    };
    let map = LineMap::new(s.analysis.text(pos.file));
    Ok(Some(Hover {
        contents: HoverContents::Markup(markdown(h.markdown)),
        range: Some(map.range(h.span)),
    }))
}
