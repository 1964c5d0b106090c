//! Semantic tokens: names by what they mean, obligation ids apart from facts.

use expect_test::expect;
use ward_ide::TokenKind;

use crate::support::{TRUST, load, place};

fn tokens(module: &str) -> String {
    let fx = load(TRUST);
    let file = fx.file(module);
    let tokens = fx.analysis().semantic_tokens(file).unwrap();
    tokens
        .iter()
        .map(|t| {
            let mut mods = Vec::new();
            if t.modifiers.declaration {
                mods.push("declaration");
            }
            if t.modifiers.stdlib {
                mods.push("stdlib");
            }
            if t.modifiers.readonly {
                mods.push("readonly");
            }
            format!(
                "{} {:?} [{}]",
                place(&fx, file, t.span),
                t.kind,
                mods.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_module_of_types_and_derived_values() {
    expect![[r#"
        trust.common 4:6-4:15 `Assurance` Enum [declaration]
        trust.common 4:18-4:22 `full` EnumValue [declaration]
        trust.common 4:24-4:31 `partial` EnumValue [declaration]
        trust.common 4:33-4:43 `none_given` EnumValue [declaration]
        trust.common 7:8-7:16 `Supplier` Record [declaration]
        trust.common 9:3-9:12 `assurance` Field [declaration]
        trust.common 9:14-9:23 `Assurance` Enum []
        trust.common 11:3-11:17 `contract_value` Field [declaration]
        trust.common 15:6-15:14 `supplier` Fact [declaration, readonly]
        trust.common 15:16-15:24 `Supplier` Record []
        trust.common 18:5-18:19 `weak_assurance` Def [declaration]
        trust.common 18:22-18:30 `supplier` Fact [readonly]
        trust.common 18:31-18:40 `assurance` Field []
        trust.common 18:45-18:52 `partial` EnumValue []
        trust.common 18:54-18:64 `none_given` EnumValue []
        trust.common 21:5-21:19 `large_contract` Def [declaration]
        trust.common 21:22-21:30 `supplier` Fact [readonly]
        trust.common 21:31-21:45 `contract_value` Field []"#]]
    .assert_eq(&tokens("trust.common"));
}

/// Issue 19: obligation ids were given the colour of facts.
#[test]
fn obligation_ids_are_not_facts() {
    let out = tokens("trust.ai");
    expect![[r#"
        trust.ai 3:5-3:13 `nhs.case` Module [stdlib]
        trust.ai 3:15-3:27 `organisation` Fact [stdlib, readonly]
        trust.ai 3:29-3:39 `technology` Fact [stdlib, readonly]
        trust.ai 4:5-4:34 `nhs.adopters.data.step_2_dpia` Module [stdlib]
        trust.ai 4:36-4:47 `step_2_dpia` Source [stdlib]
        trust.ai 5:5-5:17 `trust.common` Module []
        trust.ai 5:19-5:33 `weak_assurance` Def []
        trust.ai 5:35-5:49 `large_contract` Def []
        trust.ai 8:12-8:33 `trust-supplier-review` Obligation [declaration]
        trust.ai 8:98-8:111 `dpia-consider` Obligation [stdlib]
        trust.ai 11:6-11:21 `supplier_review` Rule [declaration]
        trust.ai 12:9-12:20 `step_2_dpia` Source [stdlib]
        trust.ai 14:8-14:20 `organisation` Fact [stdlib, readonly]
        trust.ai 14:21-14:27 `nation` Field [stdlib]
        trust.ai 14:30-14:37 `england` EnumValue [stdlib]
        trust.ai 15:9-15:19 `technology` Fact [stdlib, readonly]
        trust.ai 15:20-15:26 `traits` Field [stdlib]
        trust.ai 15:31-15:33 `ai` EnumValue [stdlib]
        trust.ai 16:10-16:24 `weak_assurance` Def []
        trust.ai 16:28-16:42 `large_contract` Def []
        trust.ai 17:16-17:37 `trust-supplier-review` Obligation []
        trust.ai 22:5-22:17 `organisation` Fact [stdlib, readonly]
        trust.ai 22:18-22:24 `nation` Field [stdlib]
        trust.ai 22:27-22:34 `england` EnumValue [stdlib]
        trust.ai 23:5-23:15 `technology` Fact [stdlib, readonly]
        trust.ai 23:16-23:22 `traits` Field [stdlib]
        trust.ai 23:26-23:28 `ai` EnumValue [stdlib]
        trust.ai 24:5-24:13 `supplier` Fact [readonly]
        trust.ai 24:14-24:23 `assurance` Field []
        trust.ai 24:26-24:33 `partial` EnumValue []
        trust.ai 26:18-26:39 `trust-supplier-review` Obligation []"#]]
    .assert_eq(&out);
    let fx = load(TRUST);
    let file = fx.file("trust.ai");
    let text = file.text(fx.host.db()).clone();
    let tokens = fx.analysis().semantic_tokens(file).unwrap();
    let kind_of = |word: &str| {
        tokens
            .iter()
            .filter(|t| &text[t.span.range()] == word)
            .map(|t| t.kind)
            .collect::<Vec<_>>()
    };
    assert!(
        kind_of("trust-supplier-review")
            .iter()
            .all(|k| *k == TokenKind::Obligation)
    );
    assert!(
        kind_of("dpia-consider")
            .iter()
            .all(|k| *k == TokenKind::Obligation)
    );
    assert!(
        kind_of("organisation")
            .iter()
            .all(|k| *k == TokenKind::Fact)
    );
}
