//! The whole check pipeline (resolve, type-check, lower) on arbitrary text, as a module beside
//! the standard library: never a panic, and a program that compiles runs its tests.
#![no_main]

use std::cell::RefCell;

use ward_core::{Host, Origin};

thread_local! {
    static HOST: RefCell<Host> = RefCell::new({
        let mut host = Host::default();
        ward_stdlib::load_into(&mut host);
        host
    });
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    HOST.with(|h| {
        let mut host = h.borrow_mut();
        host.set_file("fuzz.input", "fuzz/input.ward", text, Origin::root("fuzz", "0.0.0"));
        let _ = host.diagnostics();
        if let Some(prog) = host.program() {
            let _ = ward_core::testing::run(&prog, &|m| m == "fuzz.input");
        }
    });
});
