//! Ward's syntax: the grammar, the syntax tree, the recovering parser and the formatter.
//!
//! This crate knows nothing about salsa, types, evaluation or the language server; it turns
//! text into a tree (never failing: errors come back beside the tree) and a tree back into text.

pub mod ast;
mod chunks;
pub mod format;
pub mod keywords;
pub mod limits;
pub mod line_endings;
pub mod line_index;
pub mod parse;

pub use ast::Span;
pub use format::format;
pub use line_endings::LineEnding;
pub use line_index::{LineCol, LineIndex};
pub use parse::{Comment, Parsed, SyntaxError, parse};
