//! `ward.lock` parsing and checking on arbitrary text: never a panic; an error's span lies
//! inside the text; an accepted lock passes its own entry check, and writing it back out and
//! reading that again gives the same lock.
#![no_main]

use std::path::Path;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("fuzz/ward.lock");
    match ward_project::lock::parse(path, &text) {
        Ok(lock) => {
            assert!(lock.check().is_ok());
            let again = toml::to_string(&lock).expect("an accepted lock serialises");
            let back = ward_project::lock::parse(path, &again).expect("a written lock reads back");
            assert_eq!(lock, back, "the lock round-trips");
        }
        Err(e) => {
            assert!(!e.message.is_empty());
            if let Some(s) = &e.span {
                assert!(
                    s.start <= s.end && s.end <= e.text.len(),
                    "error span {s:?}"
                );
            }
        }
    }
});
