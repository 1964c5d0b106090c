//! The formatter: snapshots of `fixtures/format/`, and over every `.ward` file in the
//! repository (standard library, fixtures, example policies) the two properties `ward fmt`
//! promises — it is idempotent, and it preserves meaning (the syntax tree, positions aside,
//! is unchanged). A proptest perturbs whitespace and checks the output does not change.

use proptest::prelude::*;
use ward_tests::{all_ward_sources, tree_without_spans};

#[test]
fn format_snapshots() {
    insta::glob!("../fixtures/format", "*.ward", |path| {
        let source = std::fs::read_to_string(path).unwrap();
        let formatted = ward_syntax::format(&source).expect("format fixtures parse");
        insta::assert_snapshot!(format!("{source}\n----- ward fmt -----\n{formatted}"));
    });
}

#[test]
fn formatting_is_idempotent_and_preserves_meaning() {
    let sources = all_ward_sources();
    assert!(sources.len() > 10, "the fixtures are found");
    for (path, text) in sources {
        let Ok(once) = ward_syntax::format(&text) else {
            continue;
        };
        let twice = ward_syntax::format(&once)
            .unwrap_or_else(|e| panic!("{path}: formatted output does not parse: {e:?}"));
        assert_eq!(once, twice, "{path}: formatting is not idempotent");
        assert_eq!(
            tree_without_spans(&text),
            tree_without_spans(&once),
            "{path}: formatting changed the meaning"
        );
        let comments = |t: &str| {
            ward_syntax::parse(t)
                .comments
                .into_iter()
                .map(|c| c.text)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            comments(&text),
            comments(&once),
            "{path}: formatting lost or reordered comments"
        );
    }
}

#[test]
fn the_standard_library_is_formatted() {
    for (path, text) in all_ward_sources() {
        if path.starts_with("stdlib") {
            assert_eq!(
                ward_syntax::format(&text).ok().as_deref(),
                Some(text.as_str()),
                "{path} is not formatted: run `ward fmt stdlib`"
            );
        }
    }
}

/// Replace every run of spaces outside strings and comments with `n` spaces, and indent
/// every line by `m` more: layout only, so the formatted result must not change. (Blank lines
/// between one-line items are kept by the formatter on purpose, so they are left alone.)
fn perturb(text: &str, n: usize, m: usize) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut in_str = false;
    let mut in_comment = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                in_comment = false;
                in_str = false;
                out.push('\n');
                if chars.peek().is_some_and(|c| *c != '\n') {
                    for _ in 0..m {
                        out.push(' ');
                    }
                }
                continue;
            }
            '"' if !in_comment => in_str = !in_str,
            '\\' if in_str => {
                out.push(c);
                if let Some(n) = chars.next() {
                    out.push(n);
                }
                continue;
            }
            '/' if !in_str && chars.peek() == Some(&'/') => in_comment = true,
            ' ' if !in_str && !in_comment => {
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
                for _ in 0..n {
                    out.push(' ');
                }
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn layout_does_not_change_the_formatted_result(index in 0usize..1000, spaces in 1usize..4, indent in 0usize..5) {
        let sources = all_ward_sources();
        let (path, text) = &sources[index % sources.len()];
        if let Ok(expected) = ward_syntax::format(text) {
            let perturbed = perturb(text, spaces, indent);
            let got = ward_syntax::format(&perturbed);
            prop_assert_eq!(got.as_ref().ok(), Some(&expected), "{}", path);
        }
    }
}
