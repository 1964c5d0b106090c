//! ARCHITECTURE.md's "the compiler reads no files, network or clock", held over the source:
//! the compiler crates (`ward-syntax`, `ward-core`, `ward-ide`) name no file-system, network,
//! environment or clock API, and the clock is read in one place above them
//! (`ward_project::clock`).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources(crate_dir: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(crate_dir);
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(!files.is_empty(), "no sources under {}", root.display());
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

const IO: [&str; 8] = [
    "std::fs",
    "File::open",
    "std::net",
    "std::env",
    "std::process",
    "SystemTime",
    "Timestamp::now",
    "Zoned::now",
];

#[test]
fn the_compiler_reads_no_files_network_environment_or_clock() {
    for krate in ["compiler/syntax", "compiler/core", "compiler/ide"] {
        for (path, text) in sources(krate) {
            for api in IO {
                assert!(
                    !text.contains(api),
                    "{} names `{api}`: the compiler takes its inputs from the shells",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn the_clock_is_read_in_one_place() {
    let mut readers = Vec::new();
    for krate in ["compiler/project", "compiler/cli", "lsp"] {
        for (path, text) in sources(krate) {
            if text.contains("SystemTime::now") || text.contains("Timestamp::now") {
                readers.push(path.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    assert_eq!(readers, ["clock.rs"]);
}
