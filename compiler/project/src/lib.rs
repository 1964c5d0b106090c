//! The project model: how a directory on disk becomes the set of modules the compiler checks.
//!
//! Discovery ([`discover`]) finds packages; [`manifest`] and [`lock`] read `ward.toml` and
//! `ward.lock`; [`resolve`] turns a manifest and its lock into the exact packages to load,
//! verifying the lock against the manifests; [`stdlib`] decides which standard library is
//! loaded and what its identity is, and [`stdlib_package`] makes, verifies and installs signed
//! library packages; [`load`] puts that library and the packages into a
//! [`ward_core::Host`]. Files are read only through [`fsread`] (bounded, regular files only),
//! written only through [`fswrite`] (atomic, never through a link), directories walked only by
//! [`walk`] (loop-safe, contained, bounded), and git reached only through [`git`].
//! The CLI and the language server are siblings above this crate: neither depends on the other,
//! and neither reads policy files itself.

// A manifest or lockfile error ends the command and is reported once, with the file's text for
// the diagnostic; its size on the error path costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod cache;
pub mod clock;
pub mod content;
pub mod discover;
pub mod fsread;
pub mod fswrite;
pub mod git;
pub mod load;
pub mod lock;
pub mod manifest;
pub mod naming;
pub mod paths;
pub mod private_dir;
pub mod resolve;
pub mod stdlib;
pub mod stdlib_package;
pub mod walk;

pub use load::{Project, load_for_check, load_for_eval, load_workspace};
pub use manifest::{FileError, Manifest};
pub use resolve::{Context, Mode, Problem, Resolved};
