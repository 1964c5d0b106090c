//! Go to definition: across modules, into the standard library, to a record's field.

use expect_test::expect;

use crate::support::{at, load, marked};

fn definition(fixture: &str) -> String {
    let fx = load(fixture);
    match fx.analysis().definition(fx.position()).unwrap() {
        Some(target) => at(&fx, target),
        None => "none".into(),
    }
}

#[test]
fn across_modules() {
    expect!["trust.common 18:5-18:19 `weak_assurance`"].assert_eq(&definition(&marked(
        "trust.ai",
        "weak_assurance",
        1,
        2,
    )));
}

#[test]
fn into_the_standard_library() {
    expect!["nhs.case `organisation`"].assert_eq(&definition(&marked(
        "trust.ai",
        "organisation.nation",
        0,
        1,
    )));
}

#[test]
fn a_field_of_a_library_record() {
    expect!["nhs.case `nation`"].assert_eq(&definition(&marked(
        "trust.ai",
        "nation = england",
        0,
        1,
    )));
}

#[test]
fn an_obligation_id_in_a_test() {
    expect!["trust.ai 8:12-8:33 `trust-supplier-review`"].assert_eq(&definition(&marked(
        "trust.ai",
        "trust-supplier-review at",
        0,
        4,
    )));
}
