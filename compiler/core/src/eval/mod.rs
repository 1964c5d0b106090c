//! Evaluation of a case against the lowered program: pure functions, no I/O, no clock.
//!
//! [`outcome::evaluate`] is the fast path (every rule, every obligation, no allocation per
//! node); [`explain`] re-walks only what a report shows, to say why.

pub mod case;
pub mod case_doc;
pub mod case_json;
pub mod case_yaml;
pub mod coverage;
pub mod deadline;
#[allow(clippy::module_inception)]
pub mod eval;
pub mod explain;
pub mod fact_path;
pub mod fast_json;
pub mod ir;
pub mod outcome;
pub mod value;
pub mod why;

pub use case::{Case, CaseError, Format};
pub use ir::Program;
pub use outcome::{Options, Outcome, Status, evaluate, evaluate_opts};
pub use value::Value;
