//! The embedded standard library as a lowered [`Program`], compiled by the real compiler when
//! `ward` was built (see `build.rs`), so that a command loading the built-in library alone
//! (`ward eval`, `ward explain`, `ward eval --batch`, `ward serve`) parses and checks nothing.
//!
//! The program is keyed by the content hash of the library it was compiled from
//! ([`KEY`], `ward_core::content::library_digest`): [`program_for`] gives it only for that
//! hash, so a replaced or installed library is never taken for the embedded one.

use std::sync::Arc;

use ward_core::eval::Program;

/// `sha256:` of the library the program was compiled from.
pub const KEY: &str = include_str!(concat!(env!("OUT_DIR"), "/key.txt"));

/// The program, as postcard.
static BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/library.postcard"));

/// The precompiled program if `hash` is the library it was compiled from; `None` for any
/// other library (which the caller compiles), or should the stored bytes not read back.
pub fn program_for(hash: &str) -> Option<Arc<Program>> {
    if hash != KEY {
        return None;
    }
    decode().map(Arc::new)
}

/// The stored program read back (for the tests that hold it to a fresh compilation, and the
/// benchmarks).
pub fn decode() -> Option<Program> {
    postcard::from_bytes(BYTES).ok()
}

/// The stored bytes.
pub fn bytes() -> &'static [u8] {
    BYTES
}

/// A program as this crate stores it (what `build.rs` writes), for tests that compare.
pub fn encode(program: &Program) -> Option<Vec<u8>> {
    postcard::to_allocvec(program).ok()
}
