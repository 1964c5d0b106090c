//! Rename: across modules, obligation ids, and the renames that are refused (with messages).

use expect_test::expect;

use crate::support::{change, load, marked};

fn rename(fixture: &str, new_name: &str) -> String {
    let fx = load(fixture);
    match fx.analysis().rename(fx.position(), new_name).unwrap() {
        Ok(Some(c)) => change(&fx, &c),
        Ok(None) => "nothing to rename".into(),
        Err(e) => format!("refused: {}", e.message),
    }
}

#[test]
fn prepare_names_the_span_and_its_text() {
    let fx = load(&marked("trust.ai", "weak_assurance", 1, 0));
    let p = fx
        .analysis()
        .prepare_rename(fx.position())
        .unwrap()
        .unwrap()
        .unwrap();
    expect!["trust.ai 16:10-16:24 `weak_assurance` weak_assurance"].assert_eq(&format!(
        "{} {}",
        crate::support::place(&fx, fx.position().file, p.span),
        p.placeholder
    ));
}

#[test]
fn a_derived_value_across_modules() {
    expect![[r#"
        trust.ai 5:19-5:33 `weak_assurance` → `poor_assurance`
        trust.ai 16:10-16:24 `weak_assurance` → `poor_assurance`
        trust.common 18:5-18:19 `weak_assurance` → `poor_assurance`"#]]
    .assert_eq(&rename(
        &marked("trust.ai", "weak_assurance", 1, 0),
        "poor_assurance",
    ));
}

#[test]
fn an_obligation_id() {
    expect![[r#"
        trust.ai 8:12-8:33 `trust-supplier-review` → `trust-supplier-check`
        trust.ai 17:16-17:37 `trust-supplier-review` → `trust-supplier-check`
        trust.ai 26:18-26:39 `trust-supplier-review` → `trust-supplier-check`"#]]
    .assert_eq(&rename(
        &marked("trust.ai", "trust-supplier-review", 0, 0),
        "trust-supplier-check",
    ));
}

#[test]
fn refusals_say_why() {
    let refused = [
        rename(&marked("trust.ai", "weak_assurance", 1, 0), "1st-choice"),
        rename(&marked("trust.ai", "weak_assurance", 1, 0), "when"),
        rename(
            &marked("trust.ai", "weak_assurance", 1, 0),
            "large_contract",
        ),
        rename(
            &marked("trust.ai", "trust-supplier-review", 0, 0),
            "Trust Review",
        ),
        rename(&marked("trust.ai", "organisation.nation", 0, 0), "org"),
        rename(&marked("trust.ai", "dpia-consider", 0, 0), "dpia-think"),
        rename(&marked("trust.ai", "trust.common", 0, 0), "shared"),
    ];
    expect![[r#"
        refused: `1st-choice` is not a Ward name: use letters, digits and underscores, starting with a letter
        refused: `when` is a keyword of Ward and cannot be a name
        refused: cannot rename: `large_contract` is already declared in `trust.common`
        refused: `Trust Review` is not an obligation id: use lower-case kebab-case such as `dpia-review`
        refused: `organisation` is declared in the standard library (`nhs.case`), which local policy cannot rename
        refused: `dpia-consider` is declared in the standard library (`nhs.adopters.data.step_2_dpia`), which local policy cannot rename
        refused: `trust.common` is a module: its name is its file's path, so rename the file instead"#]].assert_eq(&refused.join("\n"));
}
