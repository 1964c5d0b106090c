//! The project model: how a directory on disk becomes the set of modules the compiler checks.
//!
//! Discovery ([`discover`]) finds packages; [`manifest`] and [`lock`] read `ward.toml` and
//! `ward.lock`; [`resolve`] turns a manifest and its lock into the exact packages to load;
//! [`load`] puts the embedded standard library and those packages into a [`ward_core::Host`].
//! The CLI and the language server are siblings above this crate: neither depends on the other,
//! and neither reads policy files itself.

// A manifest or lockfile error ends the command and is reported once, with the file's text for
// the diagnostic; its size on the error path costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod cache;
pub mod discover;
pub mod load;
pub mod lock;
pub mod manifest;
pub mod naming;
pub mod paths;
pub mod resolve;
pub mod walk;

pub use load::{Project, load, load_for_check, load_for_eval};
pub use manifest::{FileError, Manifest};
pub use resolve::{Mode, Problem, Resolved};
