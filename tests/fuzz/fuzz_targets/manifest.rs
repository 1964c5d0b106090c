//! `ward.toml` parsing and validation on arbitrary text: never a panic; an error's span lies
//! inside the text on character boundaries (so it can be drawn), and an accepted manifest
//! has a valid package name, spans that point at what they name, and dependencies with
//! valid names.
#![no_main]

use std::path::Path;

fn in_text(text: &str, r: &std::ops::Range<usize>) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match ward_project::manifest::parse(Path::new("fuzz/ward.toml"), &text) {
        Ok(m) => {
            assert!(
                ward_project::manifest::valid_name(&m.name),
                "accepted name {:?}",
                m.name
            );
            assert!(in_text(&text, &m.name_span), "name span {:?}", m.name_span);
            for d in &m.dependencies {
                assert!(
                    ward_project::manifest::valid_name(&d.name),
                    "dependency {:?}",
                    d.name
                );
                assert!(in_text(&text, &d.span), "dependency span {:?}", d.span);
            }
            for s in m.src_span.iter().chain(&m.export_spans) {
                assert!(in_text(&text, s), "span {s:?}");
            }
        }
        Err(e) => {
            assert!(!e.message.is_empty());
            if let Some(s) = &e.span {
                assert!(
                    in_text(&e.text, s),
                    "error span {s:?} in {} bytes",
                    e.text.len()
                );
            }
        }
    }
});
