// Unit tests of the program lookup: the setting wins, then the copy bundled in the extension,
// then PATH; each answer says where it came from; a clear message when there is none.
import { strict as assert } from "assert";
import { test } from "node:test";
import { CLI, SERVER, Lookup, bundledPath, describe, findExecutable } from "../src/executables";

function lookup(over: Partial<Lookup>, exists: string[]): Lookup {
  return {
    setting: "",
    envPath: "/usr/bin:/opt/ward/bin",
    platform: "linux",
    home: "/home/ada",
    workspaceFolder: "/work/policy",
    extensionDir: undefined,
    isExecutable: (p) => exists.includes(p),
    ...over,
  };
}

const EXT = "/home/ada/.vscode/extensions/ward.ward-0.1.0-linux-x64";

test("the setting wins over a bundled copy and PATH, with ~ and ${workspaceFolder} expanded", () => {
  const everywhere = ["/home/ada/bin/ward-lsp", `${EXT}/server/ward-lsp`, "/usr/bin/ward-lsp"];
  assert.deepEqual(findExecutable(SERVER, lookup({ setting: "~/bin/ward-lsp", extensionDir: EXT }, everywhere)), {
    command: "/home/ada/bin/ward-lsp",
    source: "setting",
  });
  assert.deepEqual(
    findExecutable(SERVER, lookup({ setting: "${workspaceFolder}/target/ward-lsp" }, ["/work/policy/target/ward-lsp"])),
    { command: "/work/policy/target/ward-lsp", source: "setting" },
  );
});

test("a setting that points nowhere is reported, not silently replaced by the bundled copy or PATH", () => {
  const r = findExecutable(SERVER, lookup({ setting: "/nope/ward-lsp", extensionDir: EXT }, [`${EXT}/server/ward-lsp`, "/usr/bin/ward-lsp"]));
  assert.ok("message" in r && r.message.includes('`ward.server.path` = "/nope/ward-lsp"'), JSON.stringify(r));
});

test("with no setting the bundled copy wins over PATH", () => {
  assert.deepEqual(findExecutable(SERVER, lookup({ extensionDir: EXT }, [`${EXT}/server/ward-lsp`, "/usr/bin/ward-lsp"])), {
    command: `${EXT}/server/ward-lsp`,
    source: "bundled",
  });
});

test("with no setting and no bundled copy, PATH in order", () => {
  assert.deepEqual(findExecutable(SERVER, lookup({ extensionDir: EXT }, ["/opt/ward/bin/ward-lsp"])), {
    command: "/opt/ward/bin/ward-lsp",
    source: "PATH",
  });
  assert.deepEqual(findExecutable(SERVER, lookup({}, ["/usr/bin/ward-lsp", "/opt/ward/bin/ward-lsp"])), {
    command: "/usr/bin/ward-lsp",
    source: "PATH",
  });
});

test("the CLI is looked up the same way, under its own setting and name", () => {
  assert.deepEqual(findExecutable(CLI, lookup({ extensionDir: EXT }, [`${EXT}/server/ward`, `${EXT}/server/ward-lsp`])), {
    command: `${EXT}/server/ward`,
    source: "bundled",
  });
  const r = findExecutable(CLI, lookup({ setting: "/nope/ward" }, []));
  assert.ok("message" in r && r.message.includes("`ward.cli.path`"), JSON.stringify(r));
});

test("Windows: ward-lsp.exe, backslash paths, a ;-separated PATH with quoted entries and spaces", () => {
  const ext = "C:\\Users\\Ada Lovelace\\.vscode\\extensions\\ward.ward-0.1.0-win32-x64";
  assert.equal(bundledPath(SERVER, ext, "win32"), `${ext}\\server\\ward-lsp.exe`);
  const win = { platform: "win32" as const, home: "C:\\Users\\Ada Lovelace", envPath: 'C:\\Windows;"C:\\Program Files\\Ward"' };
  assert.deepEqual(findExecutable(SERVER, lookup({ ...win, extensionDir: ext }, [`${ext}\\server\\ward-lsp.exe`])), {
    command: `${ext}\\server\\ward-lsp.exe`,
    source: "bundled",
  });
  assert.deepEqual(findExecutable(SERVER, lookup(win, ["C:\\Program Files\\Ward\\ward-lsp.exe"])), {
    command: "C:\\Program Files\\Ward\\ward-lsp.exe",
    source: "PATH",
  });
  assert.deepEqual(findExecutable(CLI, lookup({ ...win, setting: "~\\Ward\\ward.exe" }, ["C:\\Users\\Ada Lovelace\\Ward\\ward.exe"])), {
    command: "C:\\Users\\Ada Lovelace\\Ward\\ward.exe",
    source: "setting",
  });
});

test("no program gives a message that says how to get one", () => {
  const r = findExecutable(SERVER, lookup({ envPath: undefined }, []));
  assert.ok("message" in r);
  assert.match(r.message, /`ward-lsp` was not found on PATH/);
  assert.match(r.message, /ward\.server\.path/);
  assert.match(r.message, /extension for your platform/);
});

test("the output channel says which copy is in use", () => {
  assert.equal(describe(SERVER, { command: "/x/ward-lsp", source: "bundled" }), "Using the Ward language server bundled with the extension: /x/ward-lsp");
  assert.equal(describe(SERVER, { command: "/x/ward-lsp", source: "setting" }), "Using the Ward language server from the `ward.server.path` setting: /x/ward-lsp");
  assert.equal(describe(CLI, { command: "/usr/bin/ward", source: "PATH" }), "Using the Ward command found on PATH: /usr/bin/ward");
});
