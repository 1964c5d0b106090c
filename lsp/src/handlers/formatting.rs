//! `textDocument/formatting`: the formatter of `ward fmt`, as one edit of the whole document.
//! A file with syntax errors is left as it is (the diagnostics already say why).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{DocumentFormattingParams, TextEdit};

use crate::analysis::Analysis;
use crate::convert::LineMap;

pub fn formatting(a: &Analysis, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
    let Some(file) = a.file_of_uri(&params.text_document.uri) else {
        return Ok(None);
    };
    if a.is_read_only(file) {
        return Ok(None);
    }
    let text = a.text(file);
    let Ok(formatted) = ward_syntax::format(text) else {
        return Ok(None);
    };
    if formatted == text {
        return Ok(Some(Vec::new()));
    }
    let map = LineMap::new(text);
    Ok(Some(vec![TextEdit {
        range: map.full_range(),
        new_text: formatted,
    }]))
}
