//! The IDE layer's features, tested in process: each test loads a fixture (Ward text with a
//! `$0` cursor, one file or several under `//- /package/path.ward` headers) over the embedded
//! standard library and compares the plain answer with an inline expectation. Update the
//! expectations after an intended change with `UPDATE_EXPECT=1 cargo test -p ward-ide`, and
//! review the diff.

mod code_actions;
mod completion;
mod definition;
mod dependencies;
mod folding;
mod formatting;
mod guidance_links;
mod hover;
mod references;
mod rename;
mod semantic_tokens;
mod support;
mod symbols;
