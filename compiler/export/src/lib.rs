//! `ward export`: the lowered program (the one the evaluator runs) compiled to SQL, so a
//! data platform evaluates its whole register where the data lives and gets what
//! `ward eval` gives, case by case. A pure function of the program: no I/O here.

pub mod dialect;
pub mod expr;
pub mod query;
pub mod row;
pub mod table;

pub use dialect::Dialect;
pub use query::{ExportError, ExportOptions, export_sql};
pub use row::case_row;
pub use table::table_ddl;
