//! Code actions: the compiler's "did you mean" fix, and the `use` a name is missing.

use expect_test::expect;
use ward_ide::{FileSpan, Span};

use crate::support::{apply, load, place, replaced};

/// Issue 19: the quick fix for a misspelt name read "use `organisation`", like an import.
#[test]
fn did_you_mean_and_add_use() {
    let fixture = replaced(
        "use trust.common.{weak_assurance, large_contract}",
        "use trust.common.{weak_assurance}",
    )
    .replacen("when organisation.nation", "when organisaton.nation", 1);
    let fx = load(&fixture);
    let file = fx.file("trust.ai");
    let text = file.text(fx.host.db()).clone();
    let whole = FileSpan {
        file,
        span: Span::new(0, text.len()),
    };
    let actions = fx.analysis().code_actions(whole).unwrap();
    let shown: Vec<String> = actions
        .iter()
        .map(|a| {
            let edits: Vec<String> = a
                .edits
                .iter()
                .map(|e| format!("{} → {:?}", place(&fx, file, e.span), e.new_text))
                .collect();
            format!(
                "{} [{}{}] {}",
                a.title,
                a.diagnostic.code,
                if a.preferred { ", preferred" } else { "" },
                edits.join("; ")
            )
        })
        .collect();
    expect![[r#"
        Replace with `organisation` [ward::unknown-name, preferred] trust.ai 14:8-14:19 `organisaton` → "organisation"
        add `use trust.common.{large_contract}` [ward::unknown-name, preferred] trust.ai 5:34-5:34 `` → "\nuse trust.common.{large_contract}""#]].assert_eq(&shown.join("\n"));
    let fixed = apply(&text, &actions[0].edits);
    assert!(fixed.contains("when organisation.nation"), "{fixed}");
}

#[test]
fn only_the_diagnostics_the_range_touches() {
    let fixture = replaced("when organisation.nation", "when $0organisaton$0.nation");
    let fx = load(&fixture);
    let actions = fx.analysis().code_actions(fx.range()).unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0].title, "Replace with `organisation`");
}
