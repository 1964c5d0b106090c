//! Compiles the embedded standard library (`ward-stdlib`) with the real compiler, as a load of
//! the built-in library would, and stores the lowered program (postcard) with the library's
//! content hash as its key. A library that does not compile stops the build with its errors.

use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    // The library's sources are `ward-stdlib`'s; cargo rebuilds this script when that crate (or
    // the compiler) changes, and the key below ties the output to the exact text compiled.
    println!("cargo:rerun-if-changed=build.rs");
    let mut host = ward_core::Host::default();
    ward_stdlib::load_into(&mut host);
    let Some(program) = host.program() else {
        let mut out = String::from("the embedded standard library does not compile:\n");
        for (file, diagnostics) in host.diagnostics() {
            let db = host.db();
            let text = file.text(db);
            for d in diagnostics.iter().filter(|d| d.is_error()) {
                let start = (d.span.start as usize).min(text.len());
                let line = text.as_bytes()[..start]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                let _ = writeln!(
                    out,
                    "  {}:{line}: error[{}]: {}",
                    file.path(db),
                    d.code,
                    d.message
                );
            }
        }
        eprint!("{out}");
        std::process::exit(1);
    };
    let bytes = match postcard::to_allocvec(&*program) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("the compiled standard library could not be stored: {e}");
            std::process::exit(1);
        }
    };
    let key = ward_core::content::library_digest(
        ward_stdlib::modules()
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes())),
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("library.postcard"), bytes).expect("OUT_DIR is writable");
    std::fs::write(out.join("key.txt"), key).expect("OUT_DIR is writable");
}
