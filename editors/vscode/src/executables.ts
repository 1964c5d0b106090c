// Where the programs the extension runs are: the language server `ward-lsp` and the `ward`
// command (for evaluating a case). Each is found, in order, at its setting
// (`ward.server.path`, `ward.cli.path`), else bundled inside the extension (the
// platform-specific .vsix carries both under server/), else on PATH; the answer says which,
// for the output channel. Kept free of the `vscode` module so it can be unit tested with Node
// alone.
import * as path from "path";

/** Where a program was found. */
export type Source = "setting" | "bundled" | "PATH";

export interface Found {
  command: string;
  source: Source;
}

export interface Missing {
  message: string;
}

/** A program the extension runs. */
export interface Program {
  /** The executable's name without `.exe`: `ward-lsp` or `ward`. */
  name: string;
  /** What it is, for messages: "language server". */
  what: string;
  /** The setting that names it: `ward.server.path`. */
  settingName: string;
}

export const SERVER: Program = { name: "ward-lsp", what: "language server", settingName: "ward.server.path" };
export const CLI: Program = { name: "ward", what: "command", settingName: "ward.cli.path" };

export interface Lookup {
  /** The program's setting (empty when unset). */
  setting: string;
  /** `PATH` from the environment. */
  envPath: string | undefined;
  platform: NodeJS.Platform;
  home: string | undefined;
  /** The first workspace folder, for `${workspaceFolder}` in the setting. */
  workspaceFolder: string | undefined;
  /** The extension's own directory (its bundled programs are in `server/`), if known. */
  extensionDir: string | undefined;
  /** Does an executable file exist at this path? */
  isExecutable: (p: string) => boolean;
}

/** The file name of `program` on `platform`: `ward-lsp.exe` on Windows. */
export function exeName(program: Program, platform: NodeJS.Platform): string {
  return platform === "win32" ? `${program.name}.exe` : program.name;
}

/** Where the platform-specific extension carries `program`. */
export function bundledPath(program: Program, extensionDir: string, platform: NodeJS.Platform): string {
  const p = platform === "win32" ? path.win32 : path.posix;
  return p.join(extensionDir, "server", exeName(program, platform));
}

function help(program: Program): string {
  const crate = program.name === "ward-lsp" ? "lsp" : "compiler/cli";
  return (
    `Install the Ward extension for your platform (it carries \`${program.name}\`), ` +
    `install \`${program.name}\` from a Ward release archive, or build it with \`cargo install --path ${crate}\` ` +
    `from the Ward repository; or set \`${program.settingName}\` to the executable.`
  );
}

export function findExecutable(program: Program, l: Lookup): Found | Missing {
  const exe = exeName(program, l.platform);
  const join = l.platform === "win32" ? path.win32.join : path.posix.join;
  const setting = l.setting.trim();
  if (setting !== "") {
    let p = setting;
    if (p === "~" || p.startsWith("~/") || (l.platform === "win32" && p.startsWith("~\\"))) {
      p = join(l.home ?? "~", p.slice(1));
    }
    if (l.workspaceFolder !== undefined) {
      p = p.replace(/\$\{workspaceFolder\}/g, l.workspaceFolder);
    }
    if (l.isExecutable(p)) {
      return { command: p, source: "setting" };
    }
    return {
      message: `The Ward ${program.what} was not found at \`${program.settingName}\` = "${setting}". ${help(program)}`,
    };
  }
  if (l.extensionDir !== undefined) {
    const bundled = bundledPath(program, l.extensionDir, l.platform);
    if (l.isExecutable(bundled)) {
      return { command: bundled, source: "bundled" };
    }
  }
  const sep = l.platform === "win32" ? ";" : ":";
  for (const raw of (l.envPath ?? "").split(sep)) {
    // Windows PATH entries may be quoted.
    const dir = l.platform === "win32" ? raw.replace(/^"(.*)"$/, "$1") : raw;
    if (dir === "") {
      continue;
    }
    const candidate = join(dir, exe);
    if (l.isExecutable(candidate)) {
      return { command: candidate, source: "PATH" };
    }
  }
  return { message: `The Ward ${program.what} \`${exe}\` was not found on PATH. ${help(program)}` };
}

/** The output channel's line for a program in use: which one, and why that one. */
export function describe(program: Program, found: Found): string {
  const why =
    found.source === "setting"
      ? `from the \`${program.settingName}\` setting`
      : found.source === "bundled"
        ? "bundled with the extension"
        : "found on PATH";
  return `Using the Ward ${program.what} ${why}: ${found.command}`;
}
