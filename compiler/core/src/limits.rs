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

/// The largest policy (`.ward`) file: the parser's own limit, so the loader reads no more.
pub use ward_syntax::limits::MAX_SOURCE_BYTES;

/// The largest `ward.toml` Ward reads.
pub const MAX_MANIFEST_BYTES: usize = 1024 * 1024;

/// The largest `ward.lock` Ward reads.
pub const MAX_LOCK_BYTES: usize = 8 * 1024 * 1024;

/// The most directory entries one walk of a package (or of an editor's workspace) visits.
pub const MAX_WALK_ENTRIES: usize = 100_000;

/// The most problems one case's errors list (the rest are counted, not listed).
pub const MAX_CASE_ERRORS: usize = 100;
