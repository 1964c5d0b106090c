//! Completion: fields after `.`, enum values, obligation ids after a verb (the package's own
//! first), sources after `cites`, keywords, modules after `use`; nothing in a string, and
//! after a typed space only where one kind of thing is expected.

use expect_test::expect;
use ward_ide::{CompletionConfig, CompletionItem, CompletionTrigger};

use crate::support::{load, place, replaced};

fn items(fixture: &str, trigger: CompletionTrigger) -> Option<Vec<CompletionItem>> {
    let fx = load(fixture);
    fx.analysis()
        .completions(fx.position(), trigger, &CompletionConfig::default())
        .unwrap()
}

fn labels(fixture: &str) -> String {
    let mut items = items(fixture, CompletionTrigger::Invoked).unwrap_or_default();
    // As an editor shows them: by sort text, then label.
    items.sort_by(|a, b| {
        (a.sort_text.as_deref().unwrap_or(&a.label)).cmp(b.sort_text.as_deref().unwrap_or(&b.label))
    });
    items
        .iter()
        .map(|i| i.label.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn fields_of_a_fact_not_yet_imported_bring_the_use() {
    let fixture = replaced(
        "    and (weak_assurance or large_contract)",
        "    and supplier.$0\n    and (weak_assurance or large_contract)",
    );
    let fx = load(&fixture);
    let items = fx
        .analysis()
        .completions(
            fx.position(),
            CompletionTrigger::Character('.'),
            &CompletionConfig::default(),
        )
        .unwrap()
        .unwrap();
    let shown: Vec<String> = items
        .iter()
        .map(|i| {
            let edits: Vec<String> = i
                .additional_edits
                .iter()
                .map(|e| {
                    format!(
                        "{} → {:?}",
                        place(&fx, fx.position().file, e.span),
                        e.new_text
                    )
                })
                .collect();
            format!(
                "{} ({:?}, {}) + {}",
                i.label,
                i.kind,
                i.detail.as_deref().unwrap_or(""),
                edits.join(", ")
            )
        })
        .collect();
    expect![[r#"
        assurance (Field, assurance: Assurance) + trust.ai 5:49-5:49 `` → ", supplier"
        contract_value (Field, contract_value: int) + trust.ai 5:49-5:49 `` → ", supplier""#]]
    .assert_eq(&shown.join("\n"));
}

#[test]
fn enum_values_where_the_enum_is_expected() {
    expect!["england northern_ireland scotland wales"].assert_eq(&labels(&replaced(
        "organisation.nation = england",
        "organisation.nation = $0",
    )));
    expect!["full none_given partial"].assert_eq(&labels(&replaced(
        "supplier.assurance = partial",
        "supplier.assurance = $0",
    )));
}

/// Issue 19: after `require ` the package's own obligation ids come first, and a typed space
/// opens them without Ctrl+Space.
#[test]
fn obligation_ids_after_a_verb_the_packages_own_first() {
    let fixture = replaced("then require trust-supplier-review", "then require $0");
    let all = labels(&fixture);
    assert!(all.starts_with("trust-supplier-review "), "{all}");
    assert!(all.contains(" dpia "), "{all}");
    // The same after a typed space.
    let spaced =
        items(&fixture, CompletionTrigger::Character(' ')).expect("a slot after `require `");
    assert_eq!(spaced.len(), all.split(' ').count());
    // The whole hyphenated word being typed is replaced.
    let fx = load(&replaced(
        "then require trust-supplier-review",
        "then require trust-sup$0",
    ));
    let items = fx
        .analysis()
        .completions(
            fx.position(),
            CompletionTrigger::Invoked,
            &CompletionConfig::default(),
        )
        .unwrap()
        .unwrap();
    let item = items
        .iter()
        .find(|i| i.label == "trust-supplier-review")
        .unwrap();
    assert_eq!(
        place(&fx, fx.position().file, item.replace)
            .split('`')
            .nth(1),
        Some("trust-sup")
    );
}

#[test]
fn a_typed_space_elsewhere_opens_nothing() {
    let fixture = replaced(
        "    and (weak_assurance or large_contract)",
        "    and (weak_assurance or large_contract)\n    and $0",
    );
    assert!(items(&fixture, CompletionTrigger::Character(' ')).is_none());
    // Asked for, the same place offers names in scope.
    assert!(labels(&fixture).contains("large_contract"));
}

#[test]
fn sources_after_cites_with_the_use_that_imports_them() {
    let fixture = replaced("  cites step_2_dpia\n", "  cites $0\n");
    let items = items(&fixture, CompletionTrigger::Character(' ')).unwrap();
    assert_eq!(items[0].label, "step_2_dpia");
    let imported = items
        .iter()
        .find(|i| !i.additional_edits.is_empty())
        .expect("an importable source");
    assert!(
        imported.additional_edits[0]
            .new_text
            .starts_with("use nhs.")
    );
}

#[test]
fn item_keywords_at_the_start_of_a_line() {
    let fixture = format!("{}\nrec$0", crate::support::TRUST);
    let items = items(&fixture, CompletionTrigger::Invoked).unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
    expect!["module use enum record fact def source obligation rule test jurisdiction"]
        .assert_eq(&labels.join(" "));
}

#[test]
fn modules_after_use() {
    let fixture = replaced(
        "use trust.common.{weak_assurance, large_contract}",
        "use trust.common.{weak_assurance, large_contract}\nuse nhs.adopters.da$0",
    );
    let modules = labels(&fixture);
    assert!(modules.split(' ').any(|m| m == "data"), "{modules}");
}

#[test]
fn nothing_inside_a_string() {
    let fixture = replaced("the pilot starts", "the p$0ilot starts");
    assert!(items(&fixture, CompletionTrigger::Invoked).is_none());
}
