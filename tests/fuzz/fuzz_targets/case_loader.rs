//! The case loader on arbitrary bytes, as JSON and as YAML: never a panic; errors bounded in
//! number and size, whatever the input; the fast JSON loader accepts only what the checked
//! loader accepts, and loads it the same way.
#![no_main]

use std::sync::Arc;

use ward_core::Host;
use ward_core::eval::{Format, Program, case, fast_json};
use ward_core::limits;

/// Errors are capped (plus one line counting the rest), and each is short: values are echoed
/// cut to 60 characters, paths are at most `MAX_CASE_DEPTH` steps of shortened keys.
fn bounded(result: &Result<case::Case, Vec<case::CaseError>>) {
    if let Err(errors) = result {
        assert!(!errors.is_empty(), "a refused case says why");
        assert!(errors.len() <= limits::MAX_CASE_ERRORS + 1, "{} errors", errors.len());
        for e in errors {
            assert!(e.to_string().len() < 16 * 1024, "an error of {} bytes", e.to_string().len());
        }
    }
}

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
        bounded(&checked);
        bounded(&case::load(prog, text, Format::Yaml));
        if let Some(fast) = fast_json::load(prog, text) {
            let checked = checked.expect("what the fast loader accepts, the checked loader accepts");
            assert_eq!(fast.slots, checked.slots, "both loaders read the same values");
        }
    });
});
