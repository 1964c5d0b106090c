#!/usr/bin/env python3
"""Talks to a Ward language server the way an editor does, for .ci/release-check: initialize
with a workspace folder given by URI (a Windows `file:///z%3A/...` one when the server is
`wine ward-lsp.exe`), open one file of it with a fact misspelt (keeping the file's line
endings), and wait for that file's diagnostics to name the misspelling. Exit 0 when they do;
the last line printed says what was seen.

Usage: lsp-smoke.py --dir DIR --uri-root URI --file NAME --misspell OLD=NEW -- COMMAND...
"""
import argparse
import json
import os
import select
import subprocess
import sys
import time


def send(proc, msg):
    body = json.dumps(msg).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


class Reader:
    def __init__(self, proc):
        self.proc, self.buf = proc, b""

    def next(self, deadline):
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                length = next(int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length"))
                if len(rest) >= length:
                    self.buf = rest[length:]
                    return json.loads(rest[:length])
            left = deadline - time.time()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                return None
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.buf += chunk


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--uri-root", required=True)
    ap.add_argument("--file", required=True)
    ap.add_argument("--misspell", required=True)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("command", nargs="+")
    a = ap.parse_args()
    old, new = a.misspell.split("=", 1)
    with open(os.path.join(a.dir, a.file), "rb") as f:
        text = f.read().decode()
    if old not in text:
        print(f"{old} is not in {a.file}")
        return 1
    text = text.replace(old, new, 1)
    uri = a.uri_root.rstrip("/") + "/" + a.file
    proc = subprocess.Popen(a.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    r = Reader(proc)
    deadline = time.time() + a.timeout
    send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": None, "rootUri": a.uri_root, "capabilities": {},
        "workspaceFolders": [{"uri": a.uri_root, "name": "trust"}]}})
    seen, found = [], None
    while time.time() < deadline:
        m = r.next(deadline)
        if m is None:
            break
        if m.get("id") == 1:
            send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
            send(proc, {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": "ward", "version": 1, "text": text}}})
        elif m.get("method") == "textDocument/publishDiagnostics":
            p = m["params"]
            seen.append((p["uri"], len(p["diagnostics"])))
            if p["uri"] == uri:
                hits = [d for d in p["diagnostics"] if new.split(".")[-1] in d.get("message", "")]
                if hits:
                    found = hits[0]
                    break
    send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    r.next(time.time() + 10)
    send(proc, {"jsonrpc": "2.0", "method": "exit", "params": None})
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
    print("diagnostics published for:", seen)
    if found is None:
        print(f"no diagnostic naming {new} for {uri}")
        return 1
    line = found["range"]["start"]["line"] + 1
    message = " ".join(found["message"].split())[:160]
    print(f"diagnostic for {uri} line {line}: {message} (server exit {proc.returncode})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
