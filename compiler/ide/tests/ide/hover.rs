//! Hover: the type and doc comment of a name; for rules and obligations, the guidance they
//! cite, by the document's title, with the cited text located by `citations::locate`.

use expect_test::expect;

use crate::support::{load, marked};

fn hover(fixture: &str) -> String {
    let fx = load(fixture);
    let h = fx.analysis().hover(fx.position()).unwrap();
    h.map(|h| {
        format!(
            "{}\n{}",
            crate::support::place(&fx, fx.position().file, h.span),
            h.markdown
        )
    })
    .unwrap_or_else(|| "no hover".into())
}

#[test]
fn a_rule_shows_its_level_citation_document_and_text() {
    expect![[r#"
        trust.ai 11:6-11:21 `supplier_review`
        ```ward
        rule supplier_review
        ```

        A supplier with weak assurance is reviewed before any AI pilot; so is any large contract.

        **Level:** local · **Concludes:** require `trust-supplier-review` (Review the supplier’s £ assurance)

        ---

        **Cites** `step_2_dpia`: “Step 2: Consider doing a DPIA”

        **Issued by:** Health Research Authority (HRA) · **Covers:** england · **Guidance label:** required · **Reviewed:** 2023-01-13 · **Document:** *All adopters' guidance* (AI and Digital Regulations Service for health and social care, downloaded 15 June 2026)

        *The guidance's data-protection sections declare coverage of England only; the UK GDPR and the Data Protection Act 2018 still apply UK-wide, so check the equivalent guidance for your nation.*

        > Before you start processing health and care data involving the use of new technology, including in the context of deploying a technology in a health or social care setting, you should consider doing a DPIA. This will help you identify and minimise any data protection problems early on, and to fully consider the risks to patients and service users. It will also help you build public trust because it will help you consider how to make your data processing transparent (such as through creating privacy notices).
        >
        > You can use the standardised DPIA template developed by the Health and Care IG Panel. It will also help you carry out the assessments required in steps 3 and 4 below.
        >
        > A DPIA is required by law before you carry out processing of special category…

        *Declared in* `trust.ai`"#]].assert_eq(&hover(&marked("trust.ai", "supplier_review", 0, 3)));
}

#[test]
fn an_obligation_shows_its_rules_and_their_guidance() {
    expect![[r#"
        trust.ai 17:16-17:37 `trust-supplier-review`
        ```ward
        obligation trust-supplier-review "Review the supplier’s £ assurance" held_by adopter strengthens dpia-consider
        ```

        Review the supplier’s assurance before an AI pilot.

        A stronger form of `dpia-consider`.

        **Level:** local (the strongest of its rules)

        **Rules:**
        - `supplier_review` — require, level local (trust.ai)

        ---

        **Cites** `step_2_dpia`: “Step 2: Consider doing a DPIA”

        **Issued by:** Health Research Authority (HRA) · **Covers:** england · **Guidance label:** required · **Reviewed:** 2023-01-13 · **Document:** *All adopters' guidance* (AI and Digital Regulations Service for health and social care, downloaded 15 June 2026)

        *The guidance's data-protection sections declare coverage of England only; the UK GDPR and the Data Protection Act 2018 still apply UK-wide, so check the equivalent guidance for your nation.*

        > Before you start processing health and care data involving the use of new technology, including in the context of deploying a technology in a health or social care setting, you should consider doing a DPIA. This will help you identify and minimise any data protection problems early on, and to fully consider the risks to patients and service users. It will also help you build public trust because it will help you consider how to make your data processing transparent (such as through creating privacy notices).
        >
        > You can use the standardised DPIA template developed by the Health and Care IG Panel. It will also help you carry out the assessments required in steps 3 and 4 below.
        >
        > A DPIA is required by law before you carry out processing of special category…

        *Declared in* `trust.ai`"#]].assert_eq(&hover(&marked("trust.ai", "trust-supplier-review", 1, 0)));
}

#[test]
fn a_derived_value_from_another_module() {
    expect![[r#"
        trust.ai 16:10-16:24 `weak_assurance`
        ```ward
        def weak_assurance: bool
        ```

        A supplier whose assurance falls short of full.

        *Declared in* `trust.common`"#]]
    .assert_eq(&hover(&marked("trust.ai", "weak_assurance", 1, 1)));
}

#[test]
fn a_field() {
    expect![[r#"
        trust.common 18:31-18:40 `assurance`
        ```ward
        Supplier.assurance: Assurance
        ```

        The supplier’s assurance, as the trust's panel rated it.

        **Asked:** “How did the panel rate the supplier’s assurance?”

        *Declared in* `trust.common`"#]]
    .assert_eq(&hover(&marked("trust.common", "assurance in", 0, 1)));
}

#[test]
fn nothing_in_a_comment() {
    expect![[r#"no hover"#]].assert_eq(&hover(&marked("trust.ai", "The trust", 0, 2)));
}

/// Issue 19: hover named a guidance document by its file hash. Issue 16: a rule citing
/// principle 5's "Rationale" showed principle 1's text (the table of contents came first).
#[test]
fn a_repeated_heading_quotes_its_own_section_and_names_the_document_by_title() {
    let text = hover(
        "//- /trust/safety.ward
use nhs.good_practice.p05_clinical_safety.{p05_clinical_safety}
obligation trust-safety-case \"Keep a safety case\" held_by adopter

/// Safety first.
rule safe$0ty {
  cites p05_clinical_safety at \"Rationale\"
  level local
  when true
  then require trust-safety-case
}
",
    );
    assert!(
        text.contains("> All digital health technologies must be clinically safe to use."),
        "{text}"
    );
    assert!(!text.contains("Data Ethics Framework"), "{text}");
    assert!(
        text.contains(
            "**Document:** *A guide to good practice for digital and data-driven health technologies*"
        ),
        "{text}"
    );
    assert!(!text.contains(".txt"), "{text}");
    assert!(
        text.contains("[Read the guidance](https://www.gov.uk/government/publications/code-of-conduct-for-data-driven-health-and-care-technology/"),
        "{text}"
    );
}

#[test]
fn a_test_name_shows_what_its_case_decides_and_what_would_settle_the_rest() {
    expect![[r#"
        trust.ai 20:6-20:48 `"a weakly assured AI supplier is reviewed"`
        ```ward
        test "a weakly assured AI supplier is reviewed"
        ```

        With this case, 35 of 156 duties are decided and 121 undetermined.

        What would settle the rest, best first:

        - `organisation.roles` — Is the organisation adopting the technology, developing it, commissioning it, or more than one? (73 duties; required, best_practice, recommended)
        - `data.health_care` — Is the data health or social care data? (14 duties; required, recommended)
        - `data.identifiability` — Is the data identifiable, pseudonymised or anonymous as your organisation processes it? (25 duties; required, recommended)
        - `activity.purposes` — What are the purposes of the activity? (16 duties; required, recommended)
        - `activity.stages` — Which lifecycle stages does the case cover? (65 duties; required, best_practice, recommended)
    "#]]
    .assert_eq(&hover(&marked("trust.ai", "a weakly assured", 0, 4)));
}

#[test]
fn a_test_name_in_a_workspace_with_errors_says_so() {
    let fixture = marked("trust.ai", "a weakly assured", 0, 4).replace(
        "def large_contract = supplier.contract_value > 10000",
        "def large_contract = supplier.no_such_field > 10000",
    );
    expect![[r#"
        trust.ai 20:6-20:48 `"a weakly assured AI supplier is reviewed"`
        ```ward
        test "a weakly assured AI supplier is reviewed"
        ```

        The workspace has errors: fix them to see what this test's case decides."#]]
    .assert_eq(&hover(&fixture));
}
