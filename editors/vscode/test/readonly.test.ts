// Unit tests of the client's read-only library mapping, the settings search and the exit
// message: go to definition into the library opens a `ward-stdlib:` document (read-only) that
// the server still knows as its file; "Open Settings" searches by the setting's id; a restart
// logs no error.
import { strict as assert } from "assert";
import { test } from "node:test";
import * as path from "path";
import { STDLIB_SCHEME, editorScheme, exitMessage, isStdlibPath, serverScheme, settingQuery, stdlibDirOf } from "../src/readonly";

test("the server's copy of the library is shown under the read-only scheme", () => {
  const xdg = "/home/ada/.cache/ward/stdlib-0.1.0-1a2b3c4d";
  for (const p of [`${xdg}/nhs/dtac.ward`, `${xdg}/guidance/000_789ceead711778a6.txt`]) {
    assert.ok(isStdlibPath(p, xdg, path.posix), p);
    assert.equal(editorScheme("file", p, xdg, path.posix), STDLIB_SCHEME);
  }
  const win = "C:\\Users\\ada\\AppData\\Local\\ward\\stdlib-0.1.0-deadbeef";
  assert.ok(isStdlibPath(`${win}\\nhs\\core.ward`, win, path.win32));
  // Windows paths differ in case only: still the library.
  assert.ok(isStdlibPath(`${win.toLowerCase()}\\nhs\\core.ward`, win, path.win32));
  assert.equal(serverScheme(STDLIB_SCHEME), "file");
});

test("the directory comes from the server's initialize result", () => {
  const dir = "/home/ada/.cache/ward/stdlib-0.1.0-1a2b3c4d";
  assert.equal(stdlibDirOf({ capabilities: { experimental: { wardStdlibDir: dir } } }), dir);
  for (const r of [undefined, {}, { capabilities: {} }, { capabilities: { experimental: { wardStdlibDir: 3 } } }]) {
    assert.equal(stdlibDirOf(r), undefined);
  }
});

test("a package's own files stay editable", () => {
  const dir = "/home/ada/.cache/ward/stdlib-0.1.0-1a2b3c4d";
  for (const p of [
    "/work/policies/trust/ai.ward",
    "/home/ada/ward/stdlib/nhs/core.ward",
    "/home/ada/.cache/ward/stdlib-0.1.0-1a2b3c4dx/x.ward",
    `${dir}/../stdlib-0.1.0-00000000/x.ward`,
    dir,
  ]) {
    assert.ok(!isStdlibPath(p, dir, path.posix), p);
    assert.equal(editorScheme("file", p, dir, path.posix), "file");
  }
  // A server that named no directory has no read-only copy.
  assert.ok(!isStdlibPath(`${dir}/nhs/core.ward`, undefined, path.posix));
  assert.equal(editorScheme("untitled", `${dir}/x.ward`, dir, path.posix), "untitled");
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
