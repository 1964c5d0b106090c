//! A minimal LSP client for the protocol tests: it starts the real `ward-lsp` binary, speaks
//! JSON-RPC over its standard input and output as an editor would, answers the server's own
//! requests, and keeps every `publishDiagnostics` it receives.
//!
//! Responses are turned into snapshot text with the machine's paths replaced by `$FIXTURE`
//! and `$STDLIB`, so snapshots are the same on every machine.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub mod tokens;

const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications not yet looked at.
    pending: VecDeque<Value>,
    /// Every `publishDiagnostics` received, oldest first.
    pub published: Vec<Value>,
    pub root: PathBuf,
    pub cache: PathBuf,
    /// The server's answer to `initialize`.
    pub init: Value,
}

/// The fixture workspace `name` below `tests/fixtures`, as an absolute path.
pub fn fixture(name: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    p.canonicalize().unwrap_or(p)
}

pub fn uri(path: &Path) -> String {
    let mut s = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                s.push(b as char)
            }
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s
}

impl Client {
    /// Start the server for the workspace folder `root` and complete the handshake.
    pub fn start(root: &Path) -> Client {
        Client::start_with(root, |_| {})
    }

    /// Start the server as [`start`](Self::start) does, after `prepare` has set up the cache
    /// directory it is given (`XDG_CACHE_HOME`), which does not exist yet.
    pub fn start_with(root: &Path, prepare: impl FnOnce(&Path)) -> Client {
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let cache = std::env::temp_dir().join(format!("ward-lsp-test-{}-{n}", std::process::id()));
        prepare(&cache);
        let mut child = Command::new(env!("CARGO_BIN_EXE_ward-lsp"))
            .arg("--stdio")
            .env("XDG_CACHE_HOME", &cache)
            .env("WARD_HOME", cache.join("ward-home"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the ward-lsp binary starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse::<usize>().ok();
                    }
                }
                let Some(n) = length else { return };
                let mut body = vec![0; n];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let Ok(v) = serde_json::from_slice::<Value>(&body) else {
                    return;
                };
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        let mut c = Client {
            child,
            stdin,
            rx,
            next_id: 0,
            pending: VecDeque::new(),
            published: Vec::new(),
            root: root.to_path_buf(),
            cache,
            init: Value::Null,
        };
        let init = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "workspaceFolders": [{ "uri": uri(root), "name": "fixture" }],
                "capabilities": {
                    "textDocument": {
                        "completion": { "completionItem": { "snippetSupport": false } },
                        "documentSymbol": { "hierarchicalDocumentSymbolSupport": true },
                        "publishDiagnostics": { "versionSupport": true }
                    },
                    "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } }
                }
            }),
        );
        assert!(init.get("result").is_some(), "initialize failed: {init}");
        c.init = init["result"].clone();
        c.notify("initialized", json!({}));
        c
    }

    /// The server's process id (for the benchmark's memory readings).
    #[allow(dead_code)]
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn uri(&self, file: &str) -> String {
        uri(&self.root.join(file))
    }

    /// The directory the server writes the standard library to.
    pub fn stdlib_dir(&self) -> Option<PathBuf> {
        let base = self.cache.join("ward");
        std::fs::read_dir(&base)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("stdlib-"))
            })
    }

    fn send(&mut self, msg: &Value) {
        let body = serde_json::to_string(msg).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Write raw bytes to the server, framed or not (for tests of malformed input).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The next response without an id the client sent (an error answering a bad frame).
    pub fn error_response(&mut self) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let m = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no error response"));
            if m.get("error").is_some() && m.get("method").is_none() {
                return m;
            }
        }
    }

    /// Whether the server process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Send a request and wait for its response (the whole message: `result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "jsonrpc": "2.0", "id": id, "method": method });
        if !params.is_null() || method == "shutdown" {
            msg["params"] = params;
        }
        self.send(&msg);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let m = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no response to {method}"));
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            self.pending.push_back(m);
        }
    }

    /// The `result` of a request, which must not fail.
    pub fn result(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        match r.get("result") {
            Some(v) => v.clone(),
            None => panic!("{method} failed: {r}"),
        }
    }

    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) => {
                    // A request from the server: answer it as an editor would.
                    if m.get("id").is_some() && m.get("method").is_some() {
                        let reply = json!({ "jsonrpc": "2.0", "id": m["id"], "result": null });
                        self.send(&reply);
                        continue;
                    }
                    if m.get("method") == Some(&json!("textDocument/publishDiagnostics")) {
                        self.published.push(m["params"].clone());
                    }
                    return Some(m);
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    return None;
                }
            }
        }
    }

    /// Wait for diagnostics of `uri` at `version` (any version if `None`), and return them.
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Value {
        let wanted =
            |p: &Value| p["uri"] == json!(uri) && version.is_none_or(|v| p["version"] == json!(v));
        if let Some(p) = self.published.iter().rev().find(|p| wanted(p)) {
            return p.clone();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            self.pending.clear();
            let m = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no diagnostics for {uri} at {version:?}"));
            if m.get("method") == Some(&json!("textDocument/publishDiagnostics"))
                && wanted(&m["params"])
            {
                return m["params"].clone();
            }
        }
    }

    /// The next notification of `method` (one already received, or one still to come).
    pub fn notification(&mut self, method: &str) -> Value {
        if let Some(i) = self
            .pending
            .iter()
            .position(|m| m.get("method") == Some(&json!(method)))
        {
            return self.pending.remove(i).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let m = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no {method} notification"));
            if m.get("method") == Some(&json!(method)) {
                return m;
            }
        }
    }

    /// Wait until the server has been quiet for a moment (no message for `quiet`).
    pub fn settle(&mut self, quiet: Duration) {
        loop {
            match self.rx.recv_timeout(quiet) {
                Ok(m) => {
                    if m.get("id").is_some() && m.get("method").is_some() {
                        let reply = json!({ "jsonrpc": "2.0", "id": m["id"], "result": null });
                        self.send(&reply);
                    } else if m.get("method") == Some(&json!("textDocument/publishDiagnostics")) {
                        self.published.push(m["params"].clone());
                    }
                }
                Err(_) => return,
            }
        }
    }

    pub fn open(&mut self, file: &str, version: i64, text: &str) -> String {
        let uri = self.uri(file);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "ward", "version": version, "text": text } }),
        );
        uri
    }

    pub fn open_fixture(&mut self, file: &str) -> (String, String) {
        let text = std::fs::read_to_string(self.root.join(file)).unwrap();
        (self.open(file, 1, &text), text)
    }

    pub fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// `shutdown` (with null params, as some clients send it) then `exit`; returns the exit code.
    pub fn shutdown(mut self) -> Option<i32> {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(
            r.get("result"),
            Some(&Value::Null),
            "shutdown answers null: {r}"
        );
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                let _ = std::fs::remove_dir_all(&self.cache);
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        None
    }

    /// A response as snapshot text, paths replaced by placeholders.
    pub fn redact(&self, v: &Value) -> String {
        let mut s = serde_json::to_string_pretty(v).unwrap();
        s = s.replace(&uri(&self.root), "file:///$FIXTURE");
        if let Some(d) = self.stdlib_dir() {
            s = s.replace(&uri(&d), "file:///$STDLIB");
            s = s.replace(&d.display().to_string(), "$STDLIB");
        }
        s
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.cache);
    }
}

/// The file path of a `file:` URI (percent-decoded).
pub fn path_of(uri: &str) -> PathBuf {
    let raw = uri.strip_prefix("file://").unwrap_or(uri);
    let bytes = raw.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&raw[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    PathBuf::from(String::from_utf8_lossy(&out).into_owned())
}

/// The zero-based line and UTF-16 column of the `n`th occurrence (from 0) of `needle` in
/// `text`, plus `offset` characters: where a test puts the cursor.
pub fn position_of(text: &str, needle: &str, n: usize, offset: usize) -> Value {
    let byte = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("`{needle}` not in the text"))
        .0;
    let before = &text[..byte];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = text[line_start..byte].encode_utf16().count() + offset;
    json!({ "line": line, "character": col })
}

/// The text a protocol range covers in `text`.
pub fn text_at(text: &str, range: &Value) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let col = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let line_text = &text[start..];
        let mut units = 0;
        for (i, ch) in line_text.char_indices() {
            if units >= col {
                return start + i;
            }
            units += ch.len_utf16();
        }
        text.len()
    };
    text[offset(&range["start"])..offset(&range["end"])].to_string()
}
