//! The case loader on arbitrary bytes, as JSON and as YAML: never a panic; the fast JSON
//! loader accepts only what the checked loader accepts, and loads it the same way.
#![no_main]

use std::sync::Arc;

use ward_core::Host;
use ward_core::eval::{Format, Program, case, fast_json};

thread_local! {
    static PROG: Arc<Program> = {
        let mut host = Host::default();
        ward_stdlib::load_into(&mut host);
        host.program().expect("the standard library compiles")
    };
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    PROG.with(|prog| {
        let checked = case::load(prog, text, Format::Json);
        let _ = case::load(prog, text, Format::Yaml);
        if let Some(fast) = fast_json::load(prog, text) {
            let checked = checked.expect("what the fast loader accepts, the checked loader accepts");
            assert_eq!(fast.slots, checked.slots, "both loaders read the same values");
        }
    });
});
