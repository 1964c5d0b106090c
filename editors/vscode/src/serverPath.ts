// Where the Ward language server is: the `ward.server.path` setting, else a copy bundled in
// the extension, else `ward-lsp` on PATH. Kept free of the `vscode` module so it can be unit
// tested with Node alone.
import * as path from "path";

export interface Found {
  command: string;
}

export interface Missing {
  message: string;
}

export interface Lookup {
  /** The `ward.server.path` setting (empty when unset). */
  setting: string;
  /** `PATH` from the environment. */
  envPath: string | undefined;
  platform: NodeJS.Platform;
  home: string | undefined;
  /** The first workspace folder, for `${workspaceFolder}` in the setting. */
  workspaceFolder: string | undefined;
  /** A server shipped inside the extension, if any. */
  bundled: string | undefined;
  /** Does an executable file exist at this path? */
  isExecutable: (p: string) => boolean;
}

const HELP =
  "Install it with `cargo install --path lsp` from the Ward repository, or set `ward.server.path` to the `ward-lsp` executable.";

export function findServer(l: Lookup): Found | Missing {
  const exe = l.platform === "win32" ? "ward-lsp.exe" : "ward-lsp";
  const setting = l.setting.trim();
  if (setting !== "") {
    let p = setting;
    if (p === "~" || p.startsWith("~/")) {
      p = path.join(l.home ?? "~", p.slice(1));
    }
    if (l.workspaceFolder !== undefined) {
      p = p.replace(/\$\{workspaceFolder\}/g, l.workspaceFolder);
    }
    if (l.isExecutable(p)) {
      return { command: p };
    }
    return { message: `The Ward language server was not found at \`ward.server.path\` = "${setting}". ${HELP}` };
  }
  if (l.bundled !== undefined && l.isExecutable(l.bundled)) {
    return { command: l.bundled };
  }
  const sep = l.platform === "win32" ? ";" : ":";
  for (const dir of (l.envPath ?? "").split(sep)) {
    if (dir === "") {
      continue;
    }
    const candidate = path.join(dir, exe);
    if (l.isExecutable(candidate)) {
      return { command: candidate };
    }
  }
  return { message: `The Ward language server \`${exe}\` was not found on PATH. ${HELP}` };
}
