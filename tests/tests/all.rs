//! Ward's cross-crate integration tests, as one test binary: each module is one topic
//! (snapshots, packages, integrity, robustness, …). One binary links the workspace once, where
//! one per file linked it eighteen times (issue 16.6); `cargo test -p ward-tests <module>::`
//! runs one topic.

mod agreement;
mod ask;
mod attacks;
mod batch;
mod case_files;
mod cli;
mod codes;
mod diagnostics;
mod eval;
mod example_locks;
mod filesystem;
mod format;
mod incremental;
mod integrity;
mod interview;
mod interview_web;
mod invariants;
mod limits;
mod packages;
mod platform;
mod precompiled;
mod records;
mod robustness;
mod schema;
mod serve;
mod serve_compact;
mod serve_work;
mod signing;
mod text;
mod under;
mod verify;
