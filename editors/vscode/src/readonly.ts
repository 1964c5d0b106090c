// The standard-library copy that go to definition opens is shown read-only. The server writes
// the embedded library to `…/ward/stdlib-<version>-<hash>/` (or `ward-<uid>` under the
// temporary directory) and names those files by `file:` URIs; the client maps each such URI to
// the `ward-stdlib:` scheme, which a read-only file system provider serves, and maps it back to
// `file:` for the server, so hover and navigation inside the library keep working. This module
// holds the decisions as plain functions (no `vscode` import) so that they are unit-tested.

/** The scheme of the read-only standard-library documents. */
export const STDLIB_SCHEME = "ward-stdlib";

// A directory `ward` (or `ward-<uid>`, `ward-user` where there is no uid) holding
// `stdlib-<version>-<8 hex digits>`, as lsp/src/stdlib_cache.rs names it.
const STDLIB_DIR = /[\\/]ward(?:-(?:\d+|user))?[\\/]stdlib-[^\\/]+-[0-9a-f]{8}[\\/]/;

/** Is this file (a file-system path) in the server's copy of the standard library? */
export function isStdlibPath(path: string): boolean {
  return STDLIB_DIR.test(path);
}

/** The scheme the editor should show a document under: read-only for the library's copy. */
export function editorScheme(scheme: string, path: string): string {
  return scheme === "file" && isStdlibPath(path) ? STDLIB_SCHEME : scheme;
}

/** The scheme the server knows a document by: the library's copy is a plain file to it. */
export function serverScheme(scheme: string): string {
  return scheme === STDLIB_SCHEME ? "file" : scheme;
}

/** The setting search that shows exactly one setting in the Settings editor. */
export function settingQuery(settingName: string): string {
  return `@id:${settingName}`;
}

/**
 * What to log when the server process ends. A stop asked for (restart, settings change,
 * shutdown) ends it with code 0 and is no error; anything else is.
 */
export function exitMessage(
  code: number | null,
  signal: string | null,
  stopping: boolean,
): { level: "info" | "error"; text: string } {
  const how = code !== null ? `with code ${code}` : `by signal ${signal ?? "unknown"}`;
  if (stopping && (code === 0 || code === null)) {
    return { level: "info", text: `Ward language server stopped (exited ${how}).` };
  }
  return { level: "error", text: `The Ward language server exited ${how}.` };
}
