//! Limits on programs and cases, so that no input can exhaust memory or time.
//! Crossing one is a clear error, never a crash.

/// Values of one enum (sets of enum values are 64-bit masks).
pub const MAX_ENUM_VALUES: usize = 64;

/// The largest case file Ward reads.
pub const MAX_CASE_BYTES: usize = 16 * 1024 * 1024;

/// The most elements of one list or set in a case.
pub const MAX_LIST_LEN: usize = 100_000;

/// How deeply a case's JSON or YAML may nest.
pub const MAX_CASE_DEPTH: usize = 32;

/// How deeply derived values may refer to one another (a chain of defs).
pub const MAX_DEF_DEPTH: usize = 128;
