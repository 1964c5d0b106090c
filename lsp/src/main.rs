//! The `ward-lsp` binary: the Ward language server on standard input and output.
//!
//! Editors start it with no arguments or with `--stdio` (VS Code's client appends it); both
//! mean the same. `--version` and `--help` answer and exit, for people checking their PATH.

fn main() {
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--stdio" => {}
            "--version" | "-V" => {
                println!("ward-lsp {}", ward_core::VERSION);
                return;
            }
            "--help" | "-h" => {
                println!(
                    "ward-lsp {}: the Ward language server.\n\nUsage: ward-lsp [--stdio]\n\nIt speaks the Language Server Protocol on standard input and output;\nconfigure your editor to start it for `.ward` files.",
                    ward_core::VERSION
                );
                return;
            }
            other => eprintln!("ward-lsp: ignoring unknown argument `{other}`"),
        }
    }
    // Requests run on the runtime's threads; as for the `ward` binary, enough stack for the
    // deepest program the compiler's limits allow (reserved, not used).
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .thread_stack_size(ward_lsp::server::STACK_BYTES)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("ward-lsp: cannot start: {e}");
            std::process::exit(2);
        }
    };
    let code = runtime.block_on(ward_lsp::server::serve_stdio());
    // Blocking tasks still computing for a closed connection are not waited for.
    runtime.shutdown_background();
    std::process::exit(code);
}
