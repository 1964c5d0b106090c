// Unit tests of the server lookup: the setting wins, then a bundled copy, then PATH, and a
// clear message when there is none.
import { strict as assert } from "assert";
import { test } from "node:test";
import { findServer, Lookup } from "../src/serverPath";

function lookup(over: Partial<Lookup>, exists: string[]): Lookup {
  return {
    setting: "",
    envPath: "/usr/bin:/opt/ward/bin",
    platform: "linux",
    home: "/home/ada",
    workspaceFolder: "/work/policy",
    bundled: undefined,
    isExecutable: (p) => exists.includes(p),
    ...over,
  };
}

test("the setting wins, with ~ and ${workspaceFolder} expanded", () => {
  assert.deepEqual(findServer(lookup({ setting: "~/bin/ward-lsp" }, ["/home/ada/bin/ward-lsp", "/usr/bin/ward-lsp"])), {
    command: "/home/ada/bin/ward-lsp",
  });
  assert.deepEqual(findServer(lookup({ setting: "${workspaceFolder}/target/ward-lsp" }, ["/work/policy/target/ward-lsp"])), {
    command: "/work/policy/target/ward-lsp",
  });
});

test("a setting that points nowhere is reported, not silently replaced by PATH", () => {
  const r = findServer(lookup({ setting: "/nope/ward-lsp" }, ["/usr/bin/ward-lsp"]));
  assert.ok("message" in r && r.message.includes('"/nope/ward-lsp"'));
});

test("then a bundled server, then PATH in order", () => {
  assert.deepEqual(findServer(lookup({ bundled: "/ext/server/ward-lsp" }, ["/ext/server/ward-lsp", "/usr/bin/ward-lsp"])), {
    command: "/ext/server/ward-lsp",
  });
  assert.deepEqual(findServer(lookup({}, ["/opt/ward/bin/ward-lsp"])), { command: "/opt/ward/bin/ward-lsp" });
});

test("Windows looks for ward-lsp.exe on a ;-separated PATH", () => {
  const r = findServer(lookup({ platform: "win32", envPath: "C:\\a;C:\\ward" }, ["C:\\ward/ward-lsp.exe"]));
  assert.ok("command" in r);
});

test("no server gives a message that says how to get one", () => {
  const r = findServer(lookup({ envPath: undefined }, []));
  assert.ok("message" in r);
  assert.match(r.message, /`ward-lsp` was not found on PATH/);
  assert.match(r.message, /ward\.server\.path/);
});
