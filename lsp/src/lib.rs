//! The Ward language server.
//!
//! Layers, each knowing only the one below: [`world`] owns the compiler's host and applies
//! editor changes to it; [`analysis`] is the read-only snapshot every request runs on; the
//! [`handlers`] answer one request kind each; [`convert`] is the only place that turns byte
//! offsets and modules into protocol positions and URIs; [`server`] wires them to the
//! protocol. No layer parses or checks Ward itself: that is the compiler's salsa queries.

pub mod analysis;
pub mod convert;
pub mod guidance;
pub mod handlers;
pub mod server;
pub mod stdlib_cache;
pub mod walk;
pub mod world;
