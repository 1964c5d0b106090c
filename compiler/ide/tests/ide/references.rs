//! Find references: every occurrence in the workspace, with or without the declaration.

use expect_test::expect;

use crate::support::{at, load, marked};

fn references(fixture: &str, include_declaration: bool) -> String {
    let fx = load(fixture);
    let refs = fx
        .analysis()
        .references(fx.position(), include_declaration)
        .unwrap()
        .unwrap_or_default();
    refs.iter()
        .map(|r| {
            format!(
                "{}{}",
                at(&fx, r.at),
                if r.is_definition {
                    " (declaration)"
                } else {
                    ""
                }
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_derived_value_across_modules() {
    let fixture = marked("trust.ai", "weak_assurance", 1, 0);
    expect![[r#"
        trust.ai 5:19-5:33 `weak_assurance`
        trust.ai 16:10-16:24 `weak_assurance`
        trust.common 18:5-18:19 `weak_assurance` (declaration)"#]]
    .assert_eq(&references(&fixture, true));
    expect![[r#"
        trust.ai 5:19-5:33 `weak_assurance`
        trust.ai 16:10-16:24 `weak_assurance`"#]]
    .assert_eq(&references(&fixture, false));
}

#[test]
fn an_obligation_id() {
    expect![[r#"
        trust.ai 8:12-8:33 `trust-supplier-review` (declaration)
        trust.ai 17:16-17:37 `trust-supplier-review`
        trust.ai 26:18-26:39 `trust-supplier-review`"#]]
    .assert_eq(&references(
        &marked("trust.ai", "trust-supplier-review", 0, 0),
        true,
    ));
}
