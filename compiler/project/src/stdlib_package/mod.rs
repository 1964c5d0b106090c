//! Signed standard-library packages: the national guidance changes more often than Ward is
//! released, so the library can be installed from a signed file without a new binary. A
//! package is one file ([`format`]) holding a [`manifest`] and the library's files
//! ([`contents`]), signed with an ed25519 key ([`keys`]); [`verify`] checks one completely,
//! [`pack`] makes one from a library directory, and [`install`] keeps the one in use. Which
//! library a command loads is still decided in one place, [`crate::stdlib::select`].

pub mod contents;
pub mod format;
pub mod install;
pub mod keys;
pub mod manifest;
pub mod pack;
pub mod refusal;
pub mod verify;

pub use install::{Installation, Installed};
pub use keys::{KeyId, Keyring, PublicKey, SecretKey};
pub use refusal::Refusal;
pub use verify::{Verified, sign, verify};
