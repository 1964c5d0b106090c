// The standard-library copy that go to definition opens is shown read-only. The server writes
// the embedded library (and the guidance it cites, under `guidance/`) to a private cache
// directory, names those files by `file:` URIs, and says in its `initialize` result where the
// directory is (`capabilities.experimental.wardStdlibDir`). The client maps each URI inside it
// to the `ward-stdlib:` scheme, which a read-only file system provider serves, and maps it back
// to `file:` for the server, so hover and navigation inside the library keep working. This
// module holds the decisions as plain functions (no `vscode` import) so that they are
// unit-tested.
import * as path from "path";

/** The scheme of the read-only standard-library documents. */
export const STDLIB_SCHEME = "ward-stdlib";

/** The library directory an `initialize` result names, if it names one. */
export function stdlibDirOf(initializeResult: unknown): string | undefined {
  const r = initializeResult as { capabilities?: { experimental?: { wardStdlibDir?: unknown } } } | undefined;
  const dir = r?.capabilities?.experimental?.wardStdlibDir;
  return typeof dir === "string" && dir !== "" ? dir : undefined;
}

/**
 * Is this file (a file-system path) in the server's copy of the standard library, `dir`? A
 * path that only names the directory, or climbs out of it with `..`, is not.
 */
export function isStdlibPath(file: string, dir: string | undefined, p: path.PlatformPath = path): boolean {
  if (dir === undefined) {
    return false;
  }
  const rel = p.relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !p.isAbsolute(rel);
}

/** The scheme the editor should show a document under: read-only for the library's copy. */
export function editorScheme(scheme: string, file: string, dir: string | undefined, p: path.PlatformPath = path): string {
  return scheme === "file" && isStdlibPath(file, dir, p) ? STDLIB_SCHEME : scheme;
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
