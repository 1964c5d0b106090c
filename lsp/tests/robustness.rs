//! What a client (or a broken pipe) can throw at the server (issue 20, items 1 and 4): every
//! kind of malformed frame is answered with a JSON-RPC error and the server goes on reading;
//! a document with a ten-thousand-step chain gets a diagnostic and the server goes on
//! answering.

mod common;

use common::{Client, fixture};
use serde_json::{Value, json};

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

#[test]
fn malformed_frames_are_answered_and_the_server_reads_on() {
    let bad: Vec<(&str, Vec<u8>, i64)> = vec![
        ("invalid JSON", frame(b"{\"jsonrpc\": \"2.0\", \"id\": 1, "), -32700),
        ("non-numeric length", b"Content-Length: twelve\r\n\r\n".to_vec(), -32700),
        ("missing length", b"Content-Type: application/json\r\n\r\n{}".to_vec(), -32700),
        (
            "non-UTF-8 body",
            frame(b"{\"jsonrpc\":\"2.0\",\"method\":\"$/x\",\"params\":\"\xc3\x28\"}"),
            -32700,
        ),
        (
            "a batch",
            frame(br#"[{"jsonrpc":"2.0","id":50,"method":"shutdown"}]"#),
            -32600,
        ),
        (
            "a lone surrogate in a document",
            frame(
                br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x.ward","languageId":"ward","version":1,"text":"def a = \"\ud800\""}}}"#,
            ),
            -32700,
        ),
        ("not JSON-RPC", frame(br#"{"id": 51, "hello": "world"}"#), -32600),
    ];
    let mut c = Client::start(&fixture("trust"));
    for (what, bytes, code) in &bad {
        c.send_raw(bytes);
        let reply = c.error_response();
        assert_eq!(reply["error"]["code"], json!(code), "{what}: {reply}");
        assert!(c.is_running(), "{what}: the server exited");
        // A valid request after the bad frame is still answered.
        let hover = c.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": c.uri("missing.ward") }, "position": { "line": 0, "character": 0 } }),
        );
        assert!(
            hover.get("result").is_some() || hover.get("error").is_some(),
            "{what}: {hover}"
        );
    }
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn a_ten_thousand_step_chain_is_a_diagnostic_not_a_crash() {
    let mut c = Client::start(&fixture("trust"));
    let docs = [
        (
            "plus.ward",
            format!("def total = {}\n", vec!["1"; 10_000].join(" + ")),
        ),
        (
            "times.ward",
            format!("def total = {}\n", vec!["1"; 10_000].join(" * ")),
        ),
        (
            "field.ward",
            format!("fact r: int\n\ndef f = r{}\n", ".a".repeat(10_000)),
        ),
        (
            "and.ward",
            format!("def all = {}\n", vec!["true"; 10_000].join(" and ")),
        ),
        (
            "or.ward",
            format!("def any = {}\n", vec!["true"; 10_000].join(" or ")),
        ),
    ];
    for (file, text) in &docs {
        let uri = c.open(file, 1, text);
        let diags = c.diagnostics(&uri, Some(1));
        let messages: Vec<&Value> = diags["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| &d["message"])
            .collect();
        if file.starts_with("and") || file.starts_with("or") {
            assert!(
                !messages
                    .iter()
                    .any(|m| m.as_str().unwrap_or("").contains("levels deep")),
                "{file}: {messages:?}"
            );
        } else {
            assert!(
                messages
                    .iter()
                    .any(|m| m.as_str().unwrap_or("").contains("levels deep")),
                "{file}: {messages:?}"
            );
        }
        let symbols = c.result(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        );
        assert!(symbols.is_array(), "{file}: {symbols}");
        let formatted = c.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
        );
        assert!(formatted.get("id").is_some(), "{file}: {formatted}");
        assert!(c.is_running(), "{file}: the server exited");
    }
    assert_eq!(c.shutdown(), Some(0));
}

/// Item 8: the server writes its read-only copy of the standard library only into a
/// directory private to the user. A `ward` cache directory that is a link (here to a
/// directory anyone may write) is refused, and the copy goes to the user's own directory.
#[cfg(unix)]
#[test]
fn the_library_copy_is_never_written_through_a_link_or_into_a_shared_directory() {
    use std::os::unix::fs::PermissionsExt;
    let shared = std::env::temp_dir().join(format!("ward-lsp-shared-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&shared);
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
    let link_target = shared.clone();
    let mut c = Client::start_with(&fixture("trust"), move |cache| {
        std::fs::create_dir_all(cache).unwrap();
        std::os::unix::fs::symlink(&link_target, cache.join("ward")).unwrap();
    });
    let (uri, text) = c.open_fixture("ai.ward");
    c.diagnostics(&uri, Some(1));
    let needle = "organisation.nation";
    let at = text
        .find(needle)
        .expect("the fixture reads organisation.nation");
    let line = text[..at].matches('\n').count();
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    let def = c.result(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": col } }),
    );
    let target = common::path_of(def["uri"].as_str().unwrap());
    assert!(target.ends_with("nhs/case.ward"), "{target:?}");
    assert!(!target.starts_with(c.cache.join("ward")), "{target:?}");
    assert!(!target.starts_with(&shared), "{target:?}");
    assert_eq!(
        std::fs::read_dir(&shared).unwrap().count(),
        0,
        "nothing written through the link"
    );
    // Where it went is the user's own, and private.
    let copy = target
        .ancestors()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("stdlib-"))
        })
        .expect("the library's copy");
    let dir = copy.parent().unwrap();
    let meta = std::fs::symlink_metadata(dir).unwrap();
    assert!(meta.is_dir() && !meta.file_type().is_symlink(), "{dir:?}");
    let mode = meta.permissions().mode();
    assert_eq!(mode & 0o022, 0, "{dir:?} is {mode:o}");
    assert_eq!(c.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&shared);
}
