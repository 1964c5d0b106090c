//! Symbols: a module's outline and the workspace's named items.

use expect_test::expect;
use ward_ide::DocumentSymbol;

use crate::support::{TRUST, load, place};

#[test]
fn the_outline_of_a_module() {
    let fx = load(TRUST);
    let file = fx.file("trust.common");
    fn show(
        fx: &ward_ide::fixture::Fixture,
        file: ward_ide::SourceFile,
        s: &DocumentSymbol,
        depth: usize,
        out: &mut Vec<String>,
    ) {
        out.push(format!(
            "{}{} {:?} {} [{}]",
            "  ".repeat(depth),
            s.name,
            s.kind,
            s.detail.as_deref().unwrap_or("-"),
            place(fx, file, s.name_span)
        ));
        for c in &s.children {
            show(fx, file, c, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    for s in fx.analysis().document_symbols(file).unwrap() {
        show(&fx, file, &s, 0, &mut out);
    }
    expect![[r#"
        Assurance Enum enum [trust.common 4:6-4:15 `Assurance`]
          full EnumValue - [trust.common 4:18-4:22 `full`]
          partial EnumValue - [trust.common 4:24-4:31 `partial`]
          none_given EnumValue - [trust.common 4:33-4:43 `none_given`]
        Supplier Record record [trust.common 7:8-7:16 `Supplier`]
          assurance Field - [trust.common 9:3-9:12 `assurance`]
          contract_value Field - [trust.common 11:3-11:17 `contract_value`]
        supplier Fact fact [trust.common 15:6-15:14 `supplier`]
        weak_assurance Def def [trust.common 18:5-18:19 `weak_assurance`]
        large_contract Def def [trust.common 21:5-21:19 `large_contract`]"#]]
    .assert_eq(&out.join("\n"));
}

#[test]
fn workspace_symbols_by_fuzzy_match() {
    let fx = load(TRUST);
    let found = fx.analysis().workspace_symbols("supplier").unwrap();
    let local: Vec<String> = found
        .iter()
        .filter(|s| s.module.starts_with("trust."))
        .map(|s| format!("{} {:?} in {}", s.name, s.kind, s.module))
        .collect();
    expect![[r#"
        trust-supplier-review Obligation in trust.ai
        supplier_review Rule in trust.ai
        Supplier Record in trust.common
        supplier Fact in trust.common"#]]
    .assert_eq(&local.join("\n"));
}

/// A word being typed below an item (`rul`, on its way to `rule`) keeps that item in the
/// outline, and the import it uses stays used: only the stray word is an error.
#[test]
fn typing_below_an_item_keeps_it() {
    let typing = TRUST.replace(
        "def large_contract = supplier.contract_value > 10000\n",
        "def large_contract = supplier.contract_value > 10000\n\nrul\n",
    );
    let fx = load(&typing);
    let file = fx.file("trust.common");
    let names: Vec<String> = fx
        .analysis()
        .document_symbols(file)
        .unwrap()
        .iter()
        .map(|s| s.name.to_string())
        .collect();
    expect![[r#"Assurance Supplier supplier weak_assurance large_contract"#]]
        .assert_eq(&names.join(" "));
    let codes: Vec<String> = fx
        .analysis()
        .diagnostics()
        .unwrap()
        .into_iter()
        .flat_map(|(_, ds)| ds.into_iter().map(|d| d.code.to_string()))
        .collect();
    assert_eq!(codes, ["ward::syntax"], "no false unused import: {codes:?}");
}
