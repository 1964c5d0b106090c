//! The parser and the formatter on arbitrary text: never a panic; formatting what parses
//! cleanly is idempotent.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = ward_syntax::parse(&text);
    if parsed.errors.is_empty() {
        if let Ok(once) = ward_syntax::format(&text) {
            let twice = ward_syntax::format(&once).expect("formatted output parses");
            assert_eq!(once, twice, "formatting is idempotent");
        }
    }
});
