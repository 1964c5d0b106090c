//! The bytes a content hash is taken over: `\r\n` read as `\n`, so a Windows checkout of a
//! package verifies against a lock written elsewhere and a CRLF copy of the library is still
//! the library. The function lives in `ward_core::content`, shared with the build script that
//! precompiles the embedded library, so both compute one identity.

pub use ward_core::content::hashed;
