//! Citations as queries over the cited documents. A source names a document (by file name)
//! and a section heading; a rule may cite a source `at` a sub-heading or, for the FAQ, the
//! opening words of an answer. The documents are a salsa input ([`Document`]) that the host
//! supplies — the compiler reads no files — and one query, [`locate`], finds the text a
//! citation names. The checker's citation check ([`check_citations`]), the editor's hover and
//! the standard library's own tests all ask it, so they cannot disagree.

mod check;
mod document;
mod locate;
mod quote;

pub use check::{check_citations, module_citation_diagnostics};
pub use document::{Document, DocumentInfo, Line, document_index, document_named, lines, plain};
pub use locate::{Located, NotFound, declared_sections, locate, locate_among, program_sections};
pub use quote::{LIMIT as QUOTE_LIMIT, quote};
