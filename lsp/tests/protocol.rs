//! Protocol-level tests: the real `ward-lsp` binary, driven over standard input and output as
//! an editor drives it, on the fixture workspace `tests/fixtures/trust` (a trust package on
//! top of the embedded standard library). Responses are snapshots (`tests/snapshots/`); where
//! an answer points into the standard library, whose text other work changes, the test checks
//! the property instead (the target's text, the presence of an id).

mod common;

use std::time::Duration;

use common::tokens::decode_tokens;
use common::{Client, fixture, position_of, text_at};
use serde_json::{Value, json};

fn snapshot(name: &str, client: &Client, what: &str, v: &Value) {
    let text = format!("{what}\n\n{}", client.redact(v));
    insta::assert_snapshot!(name, text);
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

/// A document the server cannot add to the workspace (`bad-name` is not a module name) gets one
/// warning saying so, `ward::not-in-workspace`, rather than silently going unchecked.
#[test]
fn a_document_that_cannot_join_the_workspace_says_it_is_not_checked() {
    let mut c = Client::start(&fixture("trust"));
    let uri = c.open("bad-name.ward", 1, "def open_value = true\n");
    let d = c.diagnostics(&uri, Some(1));
    let diags = d["diagnostics"].as_array().expect("a list");
    assert_eq!(diags.len(), 1, "{d}");
    assert_eq!(diags[0]["code"], json!("ward::not-in-workspace"), "{d}");
    assert_eq!(diags[0]["severity"], json!(2), "a warning: {d}");
    let message = diags[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("is not a module name") && message.ends_with("this file is not checked"),
        "{message}"
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
    // The IDE layer's markdown, over the name's UTF-16 range (what hovers say is tested in
    // process: compiler/ide/tests/ide/hover.rs).
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
fn definition_into_the_read_only_library_and_references() {
    let mut c = Client::start(&fixture("trust"));
    let (uri, text) = c.open_fixture("ai.ward");
    c.diagnostics(&uri, Some(1));
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

    // References as protocol locations, with and without the declaration.
    let refs = c.result(
        "textDocument/references",
        json!({
            "textDocument": { "uri": uri },
            "position": position_of(&text, "weak_assurance", 1, 0),
            "context": { "includeDeclaration": true }
        }),
    );
    let no_decl = c.result(
        "textDocument/references",
        json!({
            "textDocument": { "uri": uri },
            "position": position_of(&text, "weak_assurance", 1, 0),
            "context": { "includeDeclaration": false }
        }),
    );
    assert_eq!(refs.as_array().unwrap().len(), 3, "{refs}");
    assert_eq!(no_decl.as_array().unwrap().len(), 2, "{no_decl}");
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
    assert_eq!(prepare["placeholder"], json!("weak_assurance"));
    assert_eq!(text_at(&text, &prepare["range"]), "weak_assurance");
    // A workspace edit across two documents.
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
    // A refusal is `RequestFailed` with the IDE layer's message, for prepare and rename.
    let refused = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": uri }, "position": position_of(&text, "weak_assurance", 1, 0), "newName": "when" }),
    );
    assert_eq!(refused["error"]["code"], json!(-32803), "{refused}");
    assert_eq!(
        refused["error"]["message"],
        json!("`when` is a keyword of Ward and cannot be a name")
    );
    let prepare_std = c.request(
        "textDocument/prepareRename",
        at(&uri, &text, "organisation.nation", 0, 0),
    );
    assert_eq!(prepare_std["error"]["code"], json!(-32803), "{prepare_std}");
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
    // After a typed space, where an obligation id is expected: the package's own id sorts
    // first, and each item replaces the (empty) word at the cursor.
    let edited = text.replace("then require trust-supplier-review", "then require ");
    c.change(&uri, 2, &edited);
    let marker = "then require ";
    let mut pos = at(&uri, &edited, marker, 0, marker.len());
    pos["context"] = json!({ "triggerKind": 2, "triggerCharacter": " " });
    let ids = c.result("textDocument/completion", pos);
    let mut items = ids.as_array().unwrap().clone();
    items.sort_by_key(|i| i["sortText"].as_str().unwrap_or("").to_string());
    assert_eq!(items[0]["label"], json!("trust-supplier-review"), "{ids}");
    assert_eq!(items[0]["kind"], json!(23), "an event (obligation) item");
    assert_eq!(text_at(&edited, &items[0]["textEdit"]["range"]), "");
    // A typed space elsewhere opens nothing.
    let mut pos = at(&uri, &edited, "and (weak_assurance", 0, 4);
    pos["context"] = json!({ "triggerKind": 2, "triggerCharacter": " " });
    let elsewhere = c.request("textDocument/completion", pos);
    assert_eq!(elsewhere["result"], Value::Null, "{elsewhere}");
    // Fields after `.`, with the `use` the fact needs as an additional edit.
    let edited = text.replace(
        "    and (weak_assurance or large_contract)",
        "    and supplier.\n    and (weak_assurance or large_contract)",
    );
    c.change(&uri, 3, &edited);
    let fields = c.result(
        "textDocument/completion",
        at(&uri, &edited, "and supplier.", 0, "and supplier.".len()),
    );
    assert_eq!(labels(&fields), ["assurance", "contract_value"]);
    assert_eq!(
        fields[0]["additionalTextEdits"][0]["newText"],
        json!(", supplier")
    );
    // Inside a string: nothing.
    c.change(&uri, 4, &text);
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
    // A file that does not parse is left alone, and the user is told why (issue 19: it did
    // nothing and said nothing).
    c.change(&uri, 2, "rule {");
    c.diagnostics(&uri, Some(2));
    let none = c.result("textDocument/formatting", json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }));
    assert_eq!(none, Value::Null);
    let shown = c.notification("window/showMessage");
    assert_eq!(shown["params"]["type"], json!(2), "a warning: {shown}");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message
            .starts_with("Ward: `trust.scratch` was not formatted: it has 1 syntax error: line 1"),
        "{message}"
    );
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
    // Nested (the client says it supports a hierarchy): the record's fields inside it.
    let record = symbols
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == json!("Supplier"))
        .unwrap();
    assert_eq!(record["kind"], json!(23), "a struct");
    assert_eq!(record["children"].as_array().unwrap().len(), 2);
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
    assert!(
        folding
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["endLine"].as_u64() > f["startLine"].as_u64()),
        "{folding}"
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

#[test]
fn citations_link_to_the_guidance_text_in_the_read_only_copy() {
    let mut c = Client::start(&fixture("trust"));
    let dir = c.stdlib_dir().expect("the library is written out");
    // The server says where the library's copy is, so the client need not guess.
    assert_eq!(
        c.init["capabilities"]["experimental"]["wardStdlibDir"],
        json!(dir.display().to_string())
    );
    let module = dir.join("nhs/adopters/implementation/piloting.ward");
    let text = std::fs::read_to_string(&module).unwrap();
    let uri = common::uri(&module);
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "ward", "version": 1, "text": text } }),
    );
    let links = c.result(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": uri } }),
    );
    let links = links.as_array().unwrap();
    assert!(links.len() >= 3, "{links:?}");
    for link in links {
        let quoted = text_at(&text, &link["range"]);
        let target = link["target"].as_str().unwrap();
        let (file, line) = target.rsplit_once("#L").unwrap();
        let guidance = common::path_of(file);
        assert!(guidance.starts_with(dir.join("guidance")), "{guidance:?}");
        assert!(
            std::fs::metadata(&guidance)
                .unwrap()
                .permissions()
                .readonly()
        );
        let line: usize = line.parse().unwrap();
        let opened = std::fs::read_to_string(&guidance).unwrap();
        let at = opened.lines().nth(line - 1).unwrap();
        // The document's own link opens it at the top; the others at the quoted heading.
        if quoted.ends_with(".txt\"") {
            assert_eq!(line, 1);
        } else {
            assert!(
                at.contains(quoted.trim_matches('"')),
                "{quoted} opened line {line}: {at}"
            );
        }
        assert!(
            link["tooltip"]
                .as_str()
                .unwrap()
                .starts_with("Open All adopters' guidance")
        );
    }
    assert_eq!(c.shutdown(), Some(0));
}
