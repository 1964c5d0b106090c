//! The Ward language server.
//!
//! Layers, each knowing only the one below: [`world`] owns the compiler's host and applies
//! editor changes to it, with [`files`] its table of which document each module is; [`analysis`] is the read-only snapshot every request runs on (the
//! IDE layer's `ward_ide::Analysis` and the document table); the [`handlers`] convert one
//! request kind each between the protocol and the IDE layer's plain answers; [`convert`] is
//! the only place that turns byte offsets and modules into protocol positions and URIs;
//! [`server`] wires them to the protocol, behind [`framing`], which checks every incoming frame
//! so that a malformed one is answered and skipped instead of ending the server. No layer here knows Ward's semantics: the editor
//! features are `ward_ide`'s, over the compiler's salsa queries.

pub mod analysis;
pub mod convert;
pub mod files;
pub mod framing;
pub mod handlers;
pub mod server;
pub mod stdlib_cache;
pub mod world;
