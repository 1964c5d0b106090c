//! Many batch lines at once, on every core of the current rayon pool. Lines are cut into
//! blocks of [`BLOCK_LINES`]; each block's results are written into one string, so a batch
//! allocates an output buffer per block rather than per line and the writer copies a few large
//! strings in input order.

use rayon::prelude::*;

use super::{LineOptions, evaluate_into, unreadable_into};
use crate::eval::case::CaseError;
use crate::eval::ir::Program;
use crate::hir::Instant;

/// Lines per block: enough to amortise the block's buffer and rayon's task, few enough that
/// two cores share even a short chunk.
const BLOCK_LINES: usize = 64;

/// One line of a batch as read: its text, or why it could not be read as text.
pub enum Input {
    Text(String),
    Unreadable(String),
}

/// A problem on one line (1-based), for the caller to report.
pub struct LineError {
    pub line: usize,
    pub error: CaseError,
}

/// The results of consecutive lines, in input order.
pub struct Block {
    /// Their result lines, each ending in `\n`.
    pub text: String,
    /// How many lines it holds.
    pub lines: usize,
    /// The lines that were not valid cases, with their problems.
    pub errors: Vec<LineError>,
    /// How many of its lines had errors.
    pub bad: usize,
}

/// Evaluate numbered lines in parallel; the blocks come back in input order.
pub fn evaluate_chunk(
    prog: &Program,
    lines: &[(usize, Input)],
    as_of: Instant,
    opts: LineOptions,
) -> Vec<Block> {
    let per_line = match opts.form {
        super::Form::Full => 4096,
        super::Form::Compact => 512,
    };
    lines
        .par_chunks(BLOCK_LINES)
        .map(|ls| {
            let mut b = Block {
                text: String::with_capacity(per_line * ls.len()),
                lines: ls.len(),
                errors: Vec::new(),
                bad: 0,
            };
            for (n, input) in ls {
                let errors = match input {
                    Input::Text(t) => evaluate_into(&mut b.text, prog, t, as_of, *n, opts),
                    Input::Unreadable(m) => unreadable_into(&mut b.text, *n, m),
                };
                if !errors.is_empty() {
                    b.bad += 1;
                }
                b.errors.extend(
                    errors
                        .into_iter()
                        .map(|error| LineError { line: *n, error }),
                );
            }
            b
        })
        .collect()
}
