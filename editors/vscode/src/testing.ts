// What the Test Explorer shows, read from `ward test --format json`: every `test` block with
// its file and line, whether it passed, and each failed expectation at its own line. Kept
// free of the `vscode` module so it can be unit tested with Node alone.
import * as path from "path";

/** A place in a file, lines and columns counted from 1 (as `ward test` writes them). */
export interface Location {
  file: string | null;
  line: number;
  column: number;
}

export interface TestFailure extends Location {
  message: string;
}

export interface TestCase extends Location {
  module: string;
  name: string;
  passed: boolean;
  failures: TestFailure[];
}

export interface TestRun {
  tests: TestCase[];
  /** Rules of the tested modules that no test made fire. */
  unexercised: string[];
  passed: number;
  failed: number;
}

/** The arguments for `ward test` on a package directory. */
export function testArgs(packageDir: string): string[] {
  return ["test", packageDir, "--format", "json"];
}

/** The arguments for `ward check` on a package directory. */
export function checkArgs(packageDir: string): string[] {
  return ["check", packageDir];
}

/**
 * The run `ward test --format json` printed, or why it could not be read (a policy that does not
 * compile prints nothing on stdout and says why on stderr).
 */
export function parseTestRun(stdout: string, stderr: string): TestRun | { error: string } {
  const text = stdout.trim();
  if (text === "") {
    return { error: stderr.trim() || "ward test printed nothing" };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `ward test did not print JSON (${e instanceof Error ? e.message : String(e)}); is this ward older than \`ward test --format json\`?` };
  }
  const run = value as Partial<TestRun>;
  if (!Array.isArray(run.tests)) {
    return { error: "ward test printed JSON without a `tests` list" };
  }
  return {
    tests: run.tests,
    unexercised: Array.isArray(run.unexercised) ? run.unexercised : [],
    passed: typeof run.passed === "number" ? run.passed : run.tests.filter((t) => t.passed).length,
    failed: typeof run.failed === "number" ? run.failed : run.tests.filter((t) => !t.passed).length,
  };
}

/** A test's stable id in the explorer: its module and its name. */
export function testId(t: { module: string; name: string }): string {
  return `${t.module}::${t.name}`;
}

/** A file `ward test` named, as an absolute path (it names files relative to where it ran). */
export function resolveFile(file: string, cwd: string, platform: NodeJS.Platform): string {
  const p = platform === "win32" ? path.win32 : path.posix;
  return p.isAbsolute(file) ? file : p.join(cwd, file);
}

/** The status bar's text for the server's state and the library's version. */
export function statusText(state: "starting" | "running" | "stopped" | "missing", library: string | undefined): string {
  const icon = { starting: "$(sync~spin)", running: "$(shield)", stopped: "$(debug-stop)", missing: "$(warning)" }[state];
  return library === undefined ? `${icon} Ward` : `${icon} Ward · ${library}`;
}

/** The library `ward stdlib status` names on its first line (`standard library: nhs 0.1.0, …`). */
export function libraryVersion(stdlibStatus: string): string | undefined {
  const m = /^standard library:\s*([\w.-]+\s+[\w.+-]+)/m.exec(stdlibStatus);
  return m?.[1];
}
