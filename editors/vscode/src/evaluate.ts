// What the extension's case commands run: `ward eval` on the case file in the editor, as text
// (shown in the "Ward: Evaluation" output) or as the HTML decision record (shown in a panel).
// Kept free of the `vscode` module so it can be unit tested with Node alone.
import * as path from "path";

/** A case file is JSON or YAML (`ward eval` reads both). */
export function isCaseFile(file: string): boolean {
  return /\.(json|ya?ml)$/i.test(file);
}

/** The arguments for `ward eval`: the case, the format, then the user's extra arguments. */
export function evalArgs(file: string, format: "text" | "html", extra: readonly string[]): string[] {
  return ["eval", file, "--format", format, ...extra];
}

/**
 * Whether this `ward` can write the HTML decision record: its `ward eval --help` lists `html`
 * among the `--format` values (older versions do not have it).
 */
export function supportsHtml(evalHelp: string): boolean {
  // The `--format` option's entry: from its line to the next option's.
  const lines = evalHelp.split(/\r?\n/);
  const start = lines.findIndex((l) => /^\s*(-\w, )?--format\b/.test(l));
  if (start < 0) {
    return false;
  }
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^\s*(-\w, )?--[\w-]+/.test(l));
  return [lines[start], ...rest.slice(0, end < 0 ? rest.length : end)].some((l) => /\bhtml\b/.test(l));
}

/** Where `ward eval` runs: the workspace folder holding the case (so a package there is found), else the case's folder. */
export function evalCwd(file: string, workspaceFolder: string | undefined, platform: NodeJS.Platform): string {
  const p = platform === "win32" ? path.win32 : path.posix;
  return workspaceFolder ?? p.dirname(file);
}

/** The heading of one evaluation in the output channel. */
export function heading(command: string, args: readonly string[], cwd: string): string {
  const quote = (a: string) => (/[\s"]/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a);
  return `$ ${[command, ...args].map(quote).join(" ")}   (in ${cwd})`;
}
