//! Formatting: `ward fmt`'s formatter; a module with a syntax error says why it was not
//! formatted.

use expect_test::expect;

use crate::support::{apply, load};

#[test]
fn formats_as_ward_fmt_does() {
    let messy = "/// Shown in the outline.\nfact  budget : int   ask \"What is the budget in £?\"\ndef big_budget=budget>100000\n";
    let fx = load(&format!("//- /trust/scratch.ward\n{messy}"));
    let file = fx.file("trust.scratch");
    let edits = fx.analysis().format(file).unwrap().unwrap();
    let formatted = apply(messy, &edits);
    assert_eq!(formatted, ward_syntax::format(messy).unwrap());
    expect![[r#"
        /// Shown in the outline.
        fact budget: int ask "What is the budget in £?"

        def big_budget = budget > 100000
    "#]]
    .assert_eq(&formatted);
    // Formatting the result again changes nothing.
    let fx = load(&format!("//- /trust/scratch.ward\n{formatted}"));
    assert_eq!(
        fx.analysis().format(fx.file("trust.scratch")).unwrap(),
        Ok(vec![])
    );
}

/// Issue 19: Format Document on a file with a syntax error did nothing and said nothing.
#[test]
fn a_syntax_error_is_the_reason_given() {
    let fx = load("//- /trust/scratch.ward\nfact ok: bool\n\nrule {\n");
    let why = fx
        .analysis()
        .format(fx.file("trust.scratch"))
        .unwrap()
        .unwrap_err();
    expect!["`trust.scratch` was not formatted: it has 1 syntax error: line 3, column 6: expected a name, found `{`"].assert_eq(&why.message);
}

#[test]
fn the_read_only_library_is_not_formatted() {
    let fx = load("//- /trust/scratch.ward\nfact ok: bool\n");
    let a = fx.analysis();
    let case = a.file("nhs.case").unwrap().unwrap();
    assert!(a.format(case).unwrap().is_err());
}
