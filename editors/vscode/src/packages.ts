// The package commands: "Check package" (`ward check`, in the "Ward: Package" output) and the
// Test Explorer, fed by `ward test --format json`: a package per `ward.toml` in the workspace,
// its `test` blocks as items at their lines, each failed expectation as a message at its own
// line. Running a test runs its package's tests (they take microseconds each) and reports
// the ones asked for.
import * as path from "path";
import * as vscode from "vscode";
import { TestCase, checkArgs, parseTestRun, resolveFile, testArgs, testId } from "./testing";

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** How this module runs `ward`, given by the extension (which finds the program). */
export interface Ward {
  /** The `ward` command, or undefined (having told the user why there is none). */
  command(): Promise<string | undefined>;
  run(command: string, args: string[], cwd: string): Promise<Ran>;
}

const EXCLUDE = "{**/node_modules/**,**/target/**,**/.git/**}";

/** The package directories of the workspace: every folder with a `ward.toml`. */
async function packages(): Promise<vscode.Uri[]> {
  const manifests = await vscode.workspace.findFiles("**/ward.toml", EXCLUDE);
  return manifests.map((m) => vscode.Uri.joinPath(m, "..")).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

/** Where `ward` runs for a package: its workspace folder, so paths come back relative to it. */
function cwdOf(dir: vscode.Uri): string {
  return vscode.workspace.getWorkspaceFolder(dir)?.uri.fsPath ?? dir.fsPath;
}

function locationOf(file: string | null, line: number, column: number, cwd: string): vscode.Location | undefined {
  if (file === null || line < 1) {
    return undefined;
  }
  const uri = vscode.Uri.file(resolveFile(file, cwd, process.platform));
  return new vscode.Location(uri, new vscode.Position(line - 1, Math.max(column - 1, 0)));
}

export class Packages implements vscode.Disposable {
  private readonly controller: vscode.TestController;
  private readonly output: vscode.OutputChannel;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ward: Ward) {
    this.output = vscode.window.createOutputChannel("Ward: Package");
    this.controller = vscode.tests.createTestController("ward", "Ward tests");
    this.controller.resolveHandler = async (item) => {
      if (item === undefined) {
        await this.discover();
      }
    };
    this.controller.refreshHandler = () => this.discover();
    this.controller.createRunProfile("Run", vscode.TestRunProfileKind.Run, (request, token) => this.runTests(request, token), true);
    this.disposables.push(
      this.controller,
      this.output,
      vscode.workspace.onDidSaveTextDocument(async (d) => {
        if (d.languageId === "ward" || d.fileName.endsWith("ward.toml")) {
          await this.discover();
        }
      }),
    );
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }

  /** A package item per `ward.toml`, its tests as children (read from one run of its tests). */
  async discover(): Promise<void> {
    const command = await this.ward.command();
    const dirs = await packages();
    const items: vscode.TestItem[] = [];
    for (const dir of dirs) {
      const pkg = this.controller.createTestItem(dir.toString(), path.basename(dir.fsPath), vscode.Uri.joinPath(dir, "ward.toml"));
      items.push(pkg);
      if (command === undefined) {
        continue;
      }
      const cwd = cwdOf(dir);
      const r = await this.ward.run(command, testArgs(dir.fsPath), cwd);
      const run = parseTestRun(r.stdout, r.stderr);
      if ("error" in run) {
        pkg.error = run.error;
        continue;
      }
      for (const t of run.tests) {
        pkg.children.add(this.item(t, cwd));
      }
    }
    this.controller.items.replace(items);
  }

  private item(t: TestCase, cwd: string): vscode.TestItem {
    const at = locationOf(t.file, t.line, t.column, cwd);
    const item = this.controller.createTestItem(testId(t), t.name, at?.uri);
    item.description = t.module;
    if (at !== undefined) {
      item.range = new vscode.Range(at.range.start, at.range.start);
    }
    return item;
  }

  /** Run the packages the request touches, and report the tests it asks for. */
  private async runTests(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    const command = await this.ward.command();
    const asked = new Set<string>();
    const pkgs = new Map<string, vscode.TestItem>();
    const roots: vscode.TestItem[] = [];
    if (request.include === undefined) {
      this.controller.items.forEach((i) => roots.push(i));
    } else {
      roots.push(...request.include);
    }
    for (const item of roots) {
      const pkg = item.parent ?? item;
      pkgs.set(pkg.id, pkg);
      if (item.parent === undefined) {
        item.children.forEach((c) => asked.add(c.id));
      } else {
        asked.add(item.id);
      }
    }
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    for (const pkg of pkgs.values()) {
      if (token.isCancellationRequested || command === undefined) {
        break;
      }
      const dir = vscode.Uri.parse(pkg.id);
      const cwd = cwdOf(dir);
      const r = await this.ward.run(command, testArgs(dir.fsPath), cwd);
      const result = parseTestRun(r.stdout, r.stderr);
      if ("error" in result) {
        run.errored(pkg, new vscode.TestMessage(result.error));
        continue;
      }
      for (const t of result.tests) {
        const id = testId(t);
        if ((!asked.has(id) && asked.size > 0) || excluded.has(id)) {
          continue;
        }
        let item = pkg.children.get(id);
        if (item === undefined) {
          // A test added since the tree was drawn.
          item = this.item(t, cwd);
          pkg.children.add(item);
        }
        run.started(item);
        if (t.passed) {
          run.passed(item);
        } else {
          const messages = t.failures.map((f) => {
            const m = new vscode.TestMessage(f.message);
            m.location = locationOf(f.file, f.line, f.column, cwd);
            return m;
          });
          run.failed(item, messages);
        }
      }
      if (result.unexercised.length > 0) {
        run.appendOutput(`${path.basename(dir.fsPath)}: no test made fire: ${result.unexercised.join(", ")}\r\n`);
      }
    }
    run.end();
  }

  /** "Ward: Run tests": every package's tests, in the Test Explorer. */
  async runAll(): Promise<void> {
    await this.discover();
    await vscode.commands.executeCommand("testing.runAll");
  }

  /** "Ward: Check package": `ward check` on the package of the active file (or the only one). */
  async check(uri: vscode.Uri | undefined): Promise<void> {
    const command = await this.ward.command();
    if (command === undefined) {
      return;
    }
    const dirs = await packages();
    const file = uri ?? vscode.window.activeTextEditor?.document.uri;
    // The innermost package holding the file, else the first of the workspace.
    const holding = file === undefined ? [] : dirs.filter((d) => file.fsPath.startsWith(d.fsPath + path.sep));
    const dir = holding.sort((a, b) => b.fsPath.length - a.fsPath.length)[0] ?? dirs[0];
    if (dir === undefined) {
      void vscode.window.showWarningMessage("No Ward package (a folder with ward.toml) is open.");
      return;
    }
    const cwd = cwdOf(dir);
    const args = checkArgs(dir.fsPath);
    this.output.clear();
    this.output.appendLine(`$ ${command} ${args.join(" ")}   (in ${cwd})`);
    this.output.show(true);
    const r = await this.ward.run(command, args, cwd);
    this.output.append(r.stdout);
    this.output.append(r.stderr);
    this.output.appendLine(`(ward exited with ${r.code})`);
  }
}
