// Unit tests of the client's read-only library mapping, the settings search and the exit
// message: go to definition into the library opens a `ward-stdlib:` document (read-only) that
// the server still knows as its file; "Open Settings" searches by the setting's id; a restart
// logs no error.
import { strict as assert } from "assert";
import { test } from "node:test";
import { STDLIB_SCHEME, editorScheme, exitMessage, isStdlibPath, serverScheme, settingQuery } from "../src/readonly";

test("the server's copy of the library is shown under the read-only scheme", () => {
  const xdg = "/home/ada/.cache/ward/stdlib-0.1.0-1a2b3c4d/nhs/dtac.ward";
  const tmp = "/tmp/ward-1000/stdlib-0.1.0-00ff00ff/nhs/core.ward";
  const nouid = "/tmp/ward-user/stdlib-0.1.0-00ff00ff/nhs/core.ward";
  const win = "C:\\Users\\ada\\AppData\\Local\\ward\\stdlib-0.1.0-deadbeef\\nhs\\core.ward";
  for (const p of [xdg, tmp, nouid, win]) {
    assert.ok(isStdlibPath(p), p);
    assert.equal(editorScheme("file", p), STDLIB_SCHEME);
  }
  assert.equal(serverScheme(STDLIB_SCHEME), "file");
});

test("a package's own files stay editable", () => {
  for (const p of [
    "/work/policies/trust/ai.ward",
    "/home/ada/ward/stdlib/nhs/core.ward",
    "/home/ada/.cache/ward/stdlib-0.1.0-notahash/x.ward",
  ]) {
    assert.ok(!isStdlibPath(p), p);
    assert.equal(editorScheme("file", p), "file");
  }
  assert.equal(editorScheme("untitled", "/home/ada/.cache/ward/stdlib-0.1.0-1a2b3c4d/x.ward"), "untitled");
  assert.equal(serverScheme("file"), "file");
  assert.equal(serverScheme("untitled"), "untitled");
});

test("Open Settings searches by the setting's id", () => {
  assert.equal(settingQuery("ward.server.path"), "@id:ward.server.path");
});

test("a stop that was asked for is not an error; a crash is", () => {
  assert.equal(exitMessage(0, null, true).level, "info");
  assert.equal(exitMessage(null, "SIGTERM", true).level, "info");
  assert.deepEqual(exitMessage(0, null, false), { level: "error", text: "The Ward language server exited with code 0." });
  assert.equal(exitMessage(101, null, true).level, "error");
  assert.match(exitMessage(null, "SIGKILL", false).text, /by signal SIGKILL/);
});
