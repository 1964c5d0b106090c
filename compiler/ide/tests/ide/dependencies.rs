//! The crate graph's invariants (ARCHITECTURE.md): only `ward-lsp` knows about LSP, so the IDE
//! layer's normal dependencies include neither the protocol library nor the async runtime; and
//! the language server does not reach the command line (`ward-cli`, `clap`).

use std::process::Command;

/// The packages in the normal-dependency closure of `package`, by name.
fn closure(package: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
            "-p",
        ])
        .arg(package)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree -p {package}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_ide_layer_knows_no_protocol_and_no_runtime() {
    let deps = closure("ward-ide");
    assert!(deps.iter().any(|d| d == "ward-core"), "{deps:?}");
    for banned in [
        "tower-lsp-server",
        "tokio",
        "ward-lsp",
        "ward-cli",
        "ward-project",
    ] {
        assert!(
            !deps.iter().any(|d| d == banned),
            "ward-ide depends on {banned}"
        );
    }
}

#[test]
fn the_language_server_does_not_reach_the_command_line() {
    let deps = closure("ward-lsp");
    assert!(deps.iter().any(|d| d == "ward-ide"), "{deps:?}");
    for banned in ["ward-cli", "clap"] {
        assert!(
            !deps.iter().any(|d| d == banned),
            "ward-lsp depends on {banned}"
        );
    }
}
