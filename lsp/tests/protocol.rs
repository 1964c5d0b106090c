//! Protocol-level tests: the real `ward-lsp` binary, driven over standard input and output as
//! an editor drives it, on the fixture workspace `tests/fixtures/trust` (a trust package on
//! top of the embedded standard library). Responses are snapshots (`tests/snapshots/`); where
//! an answer points into the standard library, whose text other work changes, the test checks
//! the property instead (the target's text, the presence of an id).

mod common;

use std::time::Duration;

use common::{Client, fixture, position_of, text_at};
use serde_json::{Value, json};

fn snapshot(name: &str, client: &Client, what: &str, v: &Value) {
    let text = format!("{what}\n\n{}", client.redact(v));
    insta::assert_snapshot!(name, text);
}

/// Semantic tokens as `line:col text type [modifiers]`, read with the server's legend.
fn decode_tokens(init: &Value, tokens: &Value, text: &str) -> Vec<String> {
    let legend = &init["capabilities"]["semanticTokensProvider"]["legend"];
    let types: Vec<&str> = legend["tokenTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let mods: Vec<&str> = legend["tokenModifiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let (mut line, mut col) = (0u64, 0u64);
    let mut out = Vec::new();
    for t in data.chunks(5) {
        if t[0] > 0 {
            line += t[0];
            col = t[1];
        } else {
            col += t[1];
        }
        let range = json!({ "start": { "line": line, "character": col }, "end": { "line": line, "character": col + t[2] } });
        let m: Vec<&str> = mods
            .iter()
            .enumerate()
            .filter(|(i, _)| t[4] & (1 << i) != 0)
            .map(|(_, m)| *m)
            .collect();
        out.push(format!(
            "{}:{} {} {} [{}]",
            line + 1,
            col + 1,
            text_at(text, &range),
            types[t[3] as usize],
            m.join(", ")
        ));
    }
    out
}

fn at(uri: &str, text: &str, needle: &str, n: usize, offset: usize) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position_of(text, needle, n, offset) })
}

#[test]
fn lifecycle_diagnostics_and_versions() {
    let mut c = Client::start(&fixture("trust"));
    let (uri, text) = c.open_fixture("ai.ward");
    let clean = c.diagnostics(&uri, Some(1));
    assert_eq!(
        clean["diagnostics"],
        json!([]),
        "the fixture checks cleanly: {clean}"
    );

    // A typo after non-ASCII text on the same line, and an unused import.
    let broken = text
        .replace(
            "when organisation.nation = england",
            "when organsation.nation = england",
        )
        .replace(
            "use trust.common.{weak_assurance, large_contract}",
            "use trust.common.{weak_assurance, large_contract, supplier}",
        );
    c.change(&uri, 2, &broken);
    let d = c.diagnostics(&uri, Some(2));
    snapshot(
        "diagnostics_after_edit",
        &c,
        "didChange v2: `organsation` misspelt, `supplier` imported but unused",
        &d,
    );

    // Version 4 fixes it; a late version 3 (out of order) must be dropped.
    c.change(&uri, 4, &text);
    let fixed = c.diagnostics(&uri, Some(4));
    assert_eq!(fixed["diagnostics"], json!([]));
    c.change(&uri, 3, &broken);
    c.settle(Duration::from_millis(500));
    assert!(
        c.published.iter().all(|p| p["version"] != json!(3)),
        "a stale version was published"
    );
    // The server still has version 4: hover sees the fixed text.
    let h = c.result(
        "textDocument/hover",
        at(&uri, &text, "organisation.nation", 0, 2),
    );
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("fact organisation"),
        "{h}"
    );

    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn capabilities() {
    let c = Client::start(&fixture("trust"));
    snapshot(
        "capabilities",
        &c,
        "initialize → the server's capabilities",
        &c.init,
    );
}

#[test]
fn utf16_positions_with_non_ascii_text() {
    let mut c = Client::start(&fixture("trust"));
    let (uri, text) = c.open_fixture("ai.ward");
    c.diagnostics(&uri, Some(1));
    // The misspelt id follows `’` and `£` on its line: one UTF-16 unit each, but three and
    // two bytes.
    let broken = text.replace("strengthens dpia-consider", "strengthens dpia-consder");
    c.change(&uri, 2, &broken);
    let d = c.diagnostics(&uri, Some(2));
    let diags = d["diagnostics"].as_array().unwrap();
    let unknown = diags
        .iter()
        .find(|d| d["code"] == json!("ward::unknown-obligation"))
        .expect("the typo is reported");
    assert_eq!(text_at(&broken, &unknown["range"]), "dpia-consder");
    assert_eq!(
        unknown["range"]["start"],
        position_of(&broken, "dpia-consder", 0, 0)
    );

    // Hover and definition on the same line, after the non-ASCII text.
    c.change(&uri, 3, &text);
    c.diagnostics(&uri, Some(3));
    let h = c.result("textDocument/hover", at(&uri, &text, "dpia-consider", 0, 3));
    assert_eq!(text_at(&text, &h["range"]), "dpia-consider");
    let def = c.result(
        "textDocument/definition",
        at(&uri, &text, "dpia-consider", 0, 3),
    );
    let target = std::fs::read_to_string(common::path_of(def["uri"].as_str().unwrap())).unwrap();
    assert_eq!(text_at(&target, &def["range"]), "dpia-consider");

    // A code action's edit lands on the right columns too.
    c.change(&uri, 4, &broken);
    c.diagnostics(&uri, Some(4));
    let pos = position_of(&broken, "dpia-consder", 0, 2);
    let actions = c.result(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": { "start": pos, "end": pos }, "context": { "diagnostics": [] } }),
    );
    let fix = &actions[0]["edit"]["changes"][&uri][0];
    assert_eq!(fix["newText"], json!("dpia-consider"));
    assert_eq!(text_at(&broken, &fix["range"]), "dpia-consder");
}

#[test]
fn hover() {
    let mut c = Client::start(&fixture("trust"));
    let (uri, text) = c.open_fixture("ai.ward");
    c.diagnostics(&uri, Some(1));
    let rule = c.result(
        "textDocument/hover",
        at(&uri, &text, "supplier_review", 0, 3),
    );
    snapshot(
        "hover_rule",
        &c,
        "hover on the rule `supplier_review`: level, citation, issuing body, nations, excerpt",
        &rule,
    );
    let obligation = c.result(
        "textDocument/hover",
        at(&uri, &text, "trust-supplier-review", 1, 0),
    );
    snapshot(
        "hover_obligation",
        &c,
        "hover on the obligation id in `then require trust-supplier-review`",
        &obligation,
    );
    let def = c.result(
        "textDocument/hover",
        at(&uri, &text, "weak_assurance", 1, 1),
    );
    snapshot(
        "hover_def",
        &c,
        "hover on the derived value `weak_assurance` (declared in trust.common)",
        &def,
    );

    let (common_uri, common) = c.open_fixture("common.ward");
    let field = c.result(
        "textDocument/hover",
        at(&common_uri, &common, "assurance in", 0, 1),
    );
    snapshot(
        "hover_field",
        &c,
        "hover on the field in `supplier.assurance in {…}`",
        &field,
    );

    // A standard-library fact: its doc comment and type, whatever the library's text says.
    let fact = c.result(
        "textDocument/hover",
        at(&uri, &text, "organisation.nation", 0, 0),
    );
    let value = fact["contents"]["value"].as_str().unwrap();
    assert!(
        value.starts_with("```ward\nfact organisation: Organisation"),
        "{value}"
    );
    assert!(value.contains("*Declared in* `nhs.case`"), "{value}");

    // Nothing under the cursor (a comment) and a position past the end: no hover, no error.
    let none = c.request("textDocument/hover", at(&uri, &text, "The trust", 0, 2));
    assert_eq!(none["result"], Value::Null);
    let past = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 9999, "character": 9999 } }),
    );
    assert_eq!(past["result"], Value::Null);
}

#[test]
fn definition_and_references() {
    let mut c = Client::start(&fixture("trust"));
    let (uri, text) = c.open_fixture("ai.ward");
    c.diagnostics(&uri, Some(1));
    // Across modules.
    let def = c.result(
        "textDocument/definition",
        at(&uri, &text, "weak_assurance", 1, 2),
    );
    snapshot(
        "definition_across_modules",
        &c,
        "definition of `weak_assurance` used in ai.ward",
        &def,
    );
    // Into the embedded standard library, written out read-only.
    let std_def = c.result(
        "textDocument/definition",
        at(&uri, &text, "organisation.nation", 0, 1),
    );
    let target = common::path_of(std_def["uri"].as_str().unwrap());
    assert!(target.ends_with("nhs/case.ward"), "{target:?}");
    assert!(target.starts_with(c.stdlib_dir().unwrap()));
    let stdlib_text = std::fs::read_to_string(&target).unwrap();
    assert_eq!(text_at(&stdlib_text, &std_def["range"]), "organisation");
    assert!(std::fs::metadata(&target).unwrap().permissions().readonly());
    // The library's copy is read-only: an edit to it in the editor changes nothing.
    let std_uri = std_def["uri"].as_str().unwrap().to_string();
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": std_uri, "languageId": "ward", "version": 1, "text": stdlib_text } }),
    );
    c.change(&std_uri, 2, "rule {{{ garbage");
    let std_diags = c.diagnostics(&std_uri, Some(1));
    assert!(
        std_diags["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != json!("ward::syntax")),
        "{std_diags}"
    );
    let again = c.result(
        "textDocument/definition",
        at(&uri, &text, "organisation.nation", 0, 1),
    );
    assert_eq!(again, std_def);
    // A field of a standard-library record.
    let field = c.result(
        "textDocument/definition",
        at(&uri, &text, "nation = england", 0, 1),
    );
    assert_eq!(text_at(&stdlib_text, &field["range"]), "nation");

    let refs = c.result(
        "textDocument/references",
        json!({
            "textDocument": { "uri": uri },
            "position": position_of(&text, "weak_assurance", 1, 0),
            "context": { "includeDeclaration": true }
        }),
    );
    snapshot(
        "references",
        &c,
        "references of `weak_assurance`, declaration included",
        &refs,
    );
    let no_decl = c.result(
        "textDocument/references",
        json!({
            "textDocument": { "uri": uri },
            "position": position_of(&text, "weak_assurance", 1, 0),
            "context": { "includeDeclaration": false }
        }),
    );
    assert_eq!(
        no_decl.as_array().unwrap().len(),
        refs.as_array().unwrap().len() - 1
    );
}

#[test]
fn rename() {
    let mut c = Client::start(&fixture("trust"));
    let (uri, text) = c.open_fixture("ai.ward");
    c.diagnostics(&uri, Some(1));
    let prepare = c.result(
        "textDocument/prepareRename",
        at(&uri, &text, "weak_assurance", 1, 0),
    );
    snapshot(
        "prepare_rename",
        &c,
        "prepareRename on `weak_assurance`",
        &prepare,
    );
    let edit = c.result(
        "textDocument/rename",
        json!({
            "textDocument": { "uri": uri },
            "position": position_of(&text, "weak_assurance", 1, 0),
            "newName": "poor_assurance"
        }),
    );
    snapshot(
        "rename_across_modules",
        &c,
        "rename `weak_assurance` → `poor_assurance`",
        &edit,
    );
    let obligation = c.result(
        "textDocument/rename",
        json!({
            "textDocument": { "uri": uri },
            "position": position_of(&text, "trust-supplier-review", 0, 0),
            "newName": "trust-supplier-check"
        }),
    );
    snapshot(
        "rename_obligation",
        &c,
        "rename the obligation id `trust-supplier-review` → `trust-supplier-check`",
        &obligation,
    );

    let refused = |c: &mut Client, needle: &str, n: usize, new_name: &str| {
        let r = c.request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": uri }, "position": position_of(&text, needle, n, 0), "newName": new_name }),
        );
        r["error"]["message"]
            .as_str()
            .unwrap_or_else(|| panic!("renaming `{needle}` to `{new_name}` was not refused: {r}"))
            .to_string()
    };
    let messages = json!({
        "invalid name": refused(&mut c, "weak_assurance", 1, "1st-choice"),
        "keyword": refused(&mut c, "weak_assurance", 1, "when"),
        "taken": refused(&mut c, "weak_assurance", 1, "large_contract"),
        "bad obligation id": refused(&mut c, "trust-supplier-review", 0, "Trust Review"),
        "standard library": refused(&mut c, "organisation.nation", 0, "org"),
        "standard library obligation": refused(&mut c, "dpia-consider", 0, "dpia-think"),
        "module": refused(&mut c, "trust.common", 0, "shared"),
    });
    snapshot(
        "rename_refused",
        &c,
        "renames the server refuses, with its messages",
        &messages,
    );
    let prepare_std = c.request(
        "textDocument/prepareRename",
        at(&uri, &text, "organisation.nation", 0, 0),
    );
    assert!(prepare_std.get("error").is_some(), "{prepare_std}");
}

#[test]
fn completion() {
    let mut c = Client::start(&fixture("trust"));
    let (uri, text) = c.open_fixture("ai.ward");
    c.diagnostics(&uri, Some(1));
    let labels = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let complete_after = |c: &mut Client, version: i64, edited: &str, marker: &str| {
        c.change(&uri, version, edited);
        c.result(
            "textDocument/completion",
            at(&uri, edited, marker, 0, marker.len()),
        )
    };

    // Fields after `.`, on a line that does not parse yet.
    let edited = text.replace(
        "    and (weak_assurance or large_contract)",
        "    and supplier.\n    and (weak_assurance or large_contract)",
    );
    let fields = complete_after(&mut c, 2, &edited, "and supplier.");
    snapshot(
        "completion_fields",
        &c,
        "completion after `supplier.`, a fact not yet imported: each field brings the `use`",
        &fields,
    );

    // Enum values where the enum is expected.
    let edited = text.replace("organisation.nation = england", "organisation.nation = ");
    let nations = complete_after(&mut c, 3, &edited, "organisation.nation = ");
    assert_eq!(
        labels(&nations),
        ["england", "wales", "scotland", "northern_ireland"]
    );
    let edited = text.replace("supplier.assurance = partial", "supplier.assurance = ");
    let values = complete_after(&mut c, 4, &edited, "supplier.assurance = ");
    assert_eq!(labels(&values), ["full", "partial", "none_given"]);

    // Obligation ids after a verb: the local one and the library's.
    let edited = text.replace(
        "then require trust-supplier-review",
        "then require trust-sup",
    );
    let ids = complete_after(&mut c, 5, &edited, "then require trust-sup");
    let ids = labels(&ids);
    assert!(
        ids.contains(&"trust-supplier-review".to_string()) && ids.contains(&"dpia".to_string()),
        "{ids:?}"
    );
    // The whole hyphenated word is replaced.
    let item = c.result(
        "textDocument/completion",
        at(&uri, &edited, "then require trust-sup", 0, 22),
    );
    let edit = &item
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == json!("trust-supplier-review"))
        .unwrap()["textEdit"];
    assert_eq!(text_at(&edited, &edit["range"]), "trust-sup");

    // Sources after `cites`, including the library's, with the `use` that imports them.
    let edited = text.replace("  cites step_2_dpia\n", "  cites \n");
    let sources = complete_after(&mut c, 6, &edited, "  cites ");
    let source_labels = labels(&sources);
    assert!(
        source_labels.first().is_some_and(|l| l == "step_2_dpia"),
        "{source_labels:?}"
    );
    let imported = sources
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["additionalTextEdits"].is_array())
        .expect("an importable source");
    assert!(
        imported["additionalTextEdits"][0]["newText"]
            .as_str()
            .unwrap()
            .starts_with("use nhs.")
    );

    // Names in scope, keywords, and item keywords at the start of a line.
    let edited = text.replace(
        "    and (weak_assurance or large_contract)",
        "    and (weak_assurance or large_contract)\n    and lar",
    );
    let names = labels(&complete_after(&mut c, 7, &edited, "and lar"));
    assert!(
        names.contains(&"large_contract".to_string()) && names.contains(&"any".to_string()),
        "{names:?}"
    );
    let edited = format!("{text}\nrec");
    let items = labels(&complete_after(&mut c, 8, &edited, "\nrec"));
    assert_eq!(
        items,
        [
            "module",
            "use",
            "enum",
            "record",
            "fact",
            "def",
            "source",
            "obligation",
            "rule",
            "test",
            "jurisdiction"
        ]
    );
    // Modules after `use`.
    let edited = text.replace(
        "use trust.common.{weak_assurance, large_contract}",
        "use trust.common.{weak_assurance, large_contract}\nuse nhs.adopters.da",
    );
    let modules = labels(&complete_after(&mut c, 9, &edited, "use nhs.adopters.da"));
    assert!(modules.contains(&"data".to_string()), "{modules:?}");
    // Inside a string: nothing.
    c.change(&uri, 10, &text);
    let r = c.request(
        "textDocument/completion",
        at(&uri, &text, "the pilot starts", 0, 4),
    );
    assert_eq!(r["result"], Value::Null);
}

#[test]
fn formatting() {
    let mut c = Client::start(&fixture("trust"));
    let messy = "/// Shown in the outline.\nfact  budget : int   ask \"What is the budget in £?\"\ndef big_budget=budget>100000\n";
    let uri = c.open("scratch.ward", 1, messy);
    c.diagnostics(&uri, Some(1));
    let edits = c.result("textDocument/formatting", json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }));
    snapshot(
        "formatting",
        &c,
        &format!("formatting of\n\n{messy}"),
        &edits,
    );
    // The formatter is `ward fmt`'s.
    assert_eq!(
        edits[0]["newText"].as_str().unwrap(),
        ward_syntax::format(messy).unwrap()
    );
    // A file that does not parse is left alone.
    c.change(&uri, 2, "rule {");
    c.diagnostics(&uri, Some(2));
    let none = c.result("textDocument/formatting", json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }));
    assert_eq!(none, Value::Null);
}

#[test]
fn symbols_tokens_folding_and_code_actions() {
    let mut c = Client::start(&fixture("trust"));
    let (uri, text) = c.open_fixture("common.ward");
    c.diagnostics(&uri, Some(1));
    let symbols = c.result(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    snapshot(
        "document_symbols",
        &c,
        "documentSymbol of common.ward",
        &symbols,
    );
    let workspace = c.result("workspace/symbol", json!({ "query": "supplier" }));
    let names: Vec<&str> = workspace
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Supplier")
            && names.contains(&"supplier_review")
            && names.contains(&"trust-supplier-review"),
        "{names:?}"
    );
    let tokens = c.result(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": uri } }),
    );
    let decoded = decode_tokens(&c.init, &tokens, &text);
    snapshot(
        "semantic_tokens",
        &c,
        "semanticTokens/full of common.ward, decoded: line:column text type [modifiers]",
        &json!(decoded),
    );
    let folding = c.result(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": uri } }),
    );
    snapshot(
        "folding_ranges",
        &c,
        "foldingRange of common.ward",
        &folding,
    );

    // Code actions: the "did you mean" fix, and the missing `use`.
    let (ai_uri, ai) = c.open_fixture("ai.ward");
    let broken = ai
        .replace(
            "use trust.common.{weak_assurance, large_contract}",
            "use trust.common.{weak_assurance}",
        )
        .replace("when organisation.nation", "when organisaton.nation");
    c.change(&ai_uri, 2, &broken);
    c.diagnostics(&ai_uri, Some(2));
    let whole =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 999, "character": 0 } });
    let actions = c.result(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": ai_uri }, "range": whole, "context": { "diagnostics": [] } }),
    );
    let summary: Vec<Value> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| json!({ "title": a["title"], "edit": a["edit"]["changes"][&ai_uri] }))
        .collect();
    snapshot(
        "code_actions",
        &c,
        "code actions on ai.ward with `organisaton` misspelt and `large_contract` not imported",
        &json!(summary),
    );
    let _ = text;
}

#[test]
fn robustness_against_odd_requests() {
    let mut c = Client::start(&fixture("trust"));
    let unknown = "file:///nowhere/at/all.ward";
    // Requests about documents the server has never seen.
    for method in [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/completion",
        "textDocument/prepareRename",
    ] {
        let r = c.request(method, json!({ "textDocument": { "uri": unknown }, "position": { "line": 0, "character": 0 } }));
        assert_eq!(r["result"], Value::Null, "{method}: {r}");
    }
    let r = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": unknown } }),
    );
    assert_eq!(r["result"], Value::Null);
    // An edit to a file never opened, with a range (which cannot be applied), then garbage.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": unknown, "version": 7 }, "contentChanges": [{ "range": { "start": { "line": 3, "character": 1 }, "end": { "line": 3, "character": 2 } }, "text": "x" }] }),
    );
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": unknown } }),
    );
    let (uri, _) = c.open_fixture("ai.ward");
    c.diagnostics(&uri, Some(1));
    let garbage = "rule { when when then £££ ’’’ \"unterminated\n}}}}} obligation - \"\" held_by\n\u{0}\u{feff}";
    c.change(&uri, 2, garbage);
    let d = c.diagnostics(&uri, Some(2));
    assert!(!d["diagnostics"].as_array().unwrap().is_empty());
    for line in 0..4 {
        for character in [0, 1, 5, 17, 500] {
            let pos = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
            for method in [
                "textDocument/hover",
                "textDocument/definition",
                "textDocument/completion",
                "textDocument/prepareRename",
            ] {
                let r = c.request(method, pos.clone());
                assert!(
                    r.get("result").is_some() || r["error"]["code"] == json!(-32803),
                    "{method} at {line}:{character}: {r}"
                );
            }
        }
    }
    for method in [
        "textDocument/semanticTokens/full",
        "textDocument/foldingRange",
        "textDocument/documentSymbol",
    ] {
        let r = c.request(method, json!({ "textDocument": { "uri": uri } }));
        assert!(r.get("result").is_some(), "{method}: {r}");
    }
    // A ranged edit past the end of the document is clamped, not a crash.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [{ "range": { "start": { "line": 99, "character": 0 }, "end": { "line": 120, "character": 4 } }, "text": "// appended\n" }] }),
    );
    c.diagnostics(&uri, Some(3));
    // An unknown method is answered, and the server still works.
    let r = c.request("ward/unknownMethod", json!({}));
    assert_eq!(r["error"]["code"], json!(-32601));
    assert_eq!(c.shutdown(), Some(0));
}
