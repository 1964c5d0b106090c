//! `ward eval` from cold (issue 14, item 1): the whole process on one example case, with the
//! built-in library precompiled (what `ward eval` does with no local policy) and with the same
//! library compiled from source (`--stdlib stdlib`, a copy the precompiled program is never
//! used for); and in process, reading the stored program back against compiling the library.
//!
//! The process is this benchmark binary started again with `WARD_COLD_CHILD=1`, which makes it
//! `ward_cli::run` as the `ward` binary's `main` does, with the same (release) profile;
//! `WARD_BIN=path/to/ward` times a `ward` binary instead.

#[path = "../harness/as_ward.rs"]
mod as_ward;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use ward_bench::stdlib_host;
use ward_core::Database;
use ward_project::stdlib::Choice;

const CHILD: &str = "WARD_COLD_CHILD";
const CASE: &str = "policies/cases/english-trust-ai-imaging-pilot.yaml";

fn main() {
    if std::env::var_os(CHILD).is_some() {
        std::process::exit(as_ward::run());
    }
    divan::main();
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Run `ward eval CASE --as-of … <extra>` to the end, its report discarded.
fn eval_process(extra: &[&str]) {
    let mut cmd = match std::env::var_os("WARD_BIN") {
        Some(bin) => Command::new(bin),
        None => {
            let mut c = Command::new(std::env::current_exe().expect("this benchmark's path"));
            c.env(CHILD, "1");
            c
        }
    };
    let status = cmd
        .args(["eval", CASE, "--as-of", "2026-11-22"])
        .args(extra)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("ward runs");
    assert!(status.success(), "ward eval failed: {status}");
}

mod process {
    /// The built-in library alone: its program read back, nothing parsed or checked.
    #[divan::bench(sample_count = 30)]
    fn precompiled() {
        super::eval_process(&[]);
    }

    /// The same library from `stdlib/` (`--stdlib stdlib`): parsed, checked and lowered.
    #[divan::bench(sample_count = 15)]
    fn compiled() {
        super::eval_process(&["--stdlib", "stdlib"]);
    }
}

mod in_process {
    use super::*;

    /// The stored program read back (postcard).
    #[divan::bench(sample_count = 100)]
    fn decode() -> usize {
        ward_stdlib_compiled::decode()
            .expect("the stored program reads back")
            .nodes
            .len()
    }

    /// The embedded library compiled: parse, check, lower.
    #[divan::bench(sample_count = 15)]
    fn compile() -> usize {
        stdlib_host(Database::default())
            .program()
            .expect("the library compiles")
            .nodes
            .len()
    }

    /// What `ward eval` does before reading the case: load the built-in library into a host
    /// (its texts and documents, its hash) and take the program.
    #[divan::bench(sample_count = 100)]
    fn load_builtin() -> usize {
        let root = super::root();
        let p = ward_project::load_for_eval(&root, &root.join("target"), &Choice::Embedded, &[]);
        p.host.program().expect("the library compiles").nodes.len()
    }
}
