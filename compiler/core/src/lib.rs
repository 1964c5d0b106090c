//! Ward's semantic core.
//!
//! Data flows one way: source text ([`db::SourceFile`]) → syntax tree ([`parsed`]) → imports
//! ([`scope`]) → signatures and checked modules ([`check`]) → the lowered program
//! ([`lower::compile`]) → evaluation of a case ([`eval`]) → a report ([`report`]). Every stage up
//! to lowering is a salsa query; evaluation is a pure function of the lowered program and a case.

pub mod batch;
pub mod check;
pub mod citations;
pub mod codes;
pub mod content;
pub mod db;
pub mod diagnostic;
pub mod eval;
pub mod hir;
pub mod host;
pub mod interface;
pub mod interview;
pub mod limits;
pub mod lower;
pub mod modules;
pub mod program;
pub mod report;
pub mod review;
pub mod schema;
pub mod scope;
pub mod site;
pub mod symbols;
pub mod testing;
pub mod time;
pub mod ty;

pub use db::{Database, Db, Origin, OriginKind, SourceFile, Workspace};
pub use diagnostic::{Diagnostic, Severity};
pub use host::Host;

/// Ward's version, recorded in every report.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The syntax tree and syntax errors of a file.
#[salsa::tracked(returns(ref))]
pub fn parsed(db: &dyn Db, file: SourceFile) -> ward_syntax::Parsed {
    ward_syntax::parse(file.text(db))
}
