// The Ward extension: starts the `ward-lsp` language server for `.ward` files and connects it
// to VS Code, and runs the `ward` command on case files (the evaluation as text, the HTML
// decision record). Everything the editor shows beyond the TextMate colours — diagnostics,
// hover, completion, navigation, rename, formatting — comes from the server. Both programs
// are found by `executables.ts` (setting, then the copy bundled in the platform-specific
// extension, then PATH), and the "Ward" output says which copy is in use.
import { ChildProcess, execFile, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, State } from "vscode-languageclient/node";
import { evalArgs, evalCwd, heading, isCaseFile, supportsHtml } from "./evaluate";
import { CLI, Found, Program, SERVER, bundledPath, describe, findExecutable } from "./executables";
import { Packages } from "./packages";
import { STDLIB_SCHEME, editorScheme, exitMessage, isStdlibPath, serverScheme, settingQuery, stdlibDirOf } from "./readonly";
import { libraryVersion, statusText } from "./testing";

let client: LanguageClient | undefined;
/** The server's copy of the library, as its last `initialize` result named it. */
let stdlibDir: string | undefined;

/** Where the server's library copy is: read when first needed after `initialize`. */
function libraryDir(): string | undefined {
  stdlibDir = stdlibDirOf(client?.initializeResult) ?? stdlibDir;
  return stdlibDir;
}
/** Server processes whose stop was asked for (restart, settings change, deactivation): their exit is expected. */
const stopped = new WeakSet<ChildProcess>();
/** The server process, which the client does not own (see `start`). */
let server: ChildProcess | undefined;
let output: vscode.OutputChannel | undefined;
let evaluation: vscode.OutputChannel | undefined;
let status: vscode.StatusBarItem | undefined;
/** The standard library the `ward` command carries (`nhs 0.1.0`), once asked. */
let library: string | undefined;
/** `ward eval --help` has `--format html`, per `ward` executable. */
const htmlSupport = new Map<string, boolean>();

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform !== "win32") {
      fs.accessSync(p, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** A bundled program that lost its executable bit on the way (an unzip that drops modes) gets it back. */
function repairBundled(program: Program, extensionDir: string): void {
  if (process.platform === "win32") {
    return;
  }
  const p = bundledPath(program, extensionDir, process.platform);
  try {
    if (fs.statSync(p).isFile() && !isExecutable(p)) {
      fs.chmodSync(p, 0o755);
    }
  } catch {
    // Not bundled (the platform-neutral .vsix): PATH is next.
  }
}

function find(program: Program, context: vscode.ExtensionContext): Found | { message: string } {
  repairBundled(program, context.extensionPath);
  const setting = program === SERVER ? "server.path" : "cli.path";
  return findExecutable(program, {
    setting: vscode.workspace.getConfiguration("ward").get<string>(setting) ?? "",
    envPath: process.env.PATH,
    platform: process.platform,
    home: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    extensionDir: context.extensionPath,
    isExecutable,
  });
}

async function reportMissing(program: Program, message: string): Promise<void> {
  output?.appendLine(message);
  const choice = await vscode.window.showErrorMessage(message, "Open Settings");
  if (choice === "Open Settings") {
    await vscode.commands.executeCommand("workbench.action.openSettings", settingQuery(program.settingName));
  }
}

function showStatus(state: "starting" | "running" | "stopped" | "missing", detail: string): void {
  if (status === undefined) {
    return;
  }
  status.text = statusText(state, library);
  status.tooltip = `Ward language server: ${detail}${library === undefined ? "" : `\nStandard library: ${library}`}\nClick to show the Ward output.`;
  status.show();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const found = find(SERVER, context);
  if ("message" in found) {
    showStatus("missing", "not found");
    await reportMissing(SERVER, found.message);
    return;
  }
  output?.appendLine(describe(SERVER, found));
  const args = vscode.workspace.getConfiguration("ward").get<string[]>("server.extraArgs") ?? [];
  // The process is started here rather than by the client, so that its exit is reported by
  // `exitMessage`: the client logs every exit as "[Error] … exited with code 0", a restart too.
  const serverOptions: ServerOptions = async () => {
    const child = spawn(found.command, args, { stdio: "pipe", windowsHide: true });
    server = child;
    child.on("exit", (code, signal) => {
      const m = exitMessage(code, signal, stopped.has(child));
      output?.appendLine(m.level === "error" ? `[Error] ${m.text}` : m.text);
    });
    return child;
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "ward" },
      { scheme: "untitled", language: "ward" },
      { scheme: STDLIB_SCHEME, language: "ward" },
    ],
    // The library's copy is a `ward-stdlib:` document in the editor (read-only) and the file
    // it is to the server.
    uriConverters: {
      code2Protocol: (uri) => uri.with({ scheme: serverScheme(uri.scheme) }).toString(),
      protocol2Code: (value) => {
        const uri = vscode.Uri.parse(value);
        return uri.with({ scheme: editorScheme(uri.scheme, uri.fsPath, libraryDir()) });
      },
    },
    outputChannel: output,
  };
  client = new LanguageClient("ward", "Ward", serverOptions, clientOptions);
  const names = { [State.Starting]: "starting", [State.Running]: "running", [State.Stopped]: "stopped" } as const;
  client.onDidChangeState((e) => showStatus(names[e.newState], `${names[e.newState]} (${found.command})`));
  showStatus("starting", `starting (${found.command})`);
  try {
    await client.start();
  } catch (e) {
    const message = `The Ward language server (${found.command}) failed to start: ${e instanceof Error ? e.message : String(e)}`;
    output?.appendLine(message);
    void vscode.window.showErrorMessage(message);
    client = undefined;
  }
}

async function stop(): Promise<void> {
  if (client !== undefined) {
    const c = client;
    client = undefined;
    const child = server;
    if (child !== undefined) {
      stopped.add(child);
    }
    try {
      await c.stop();
    } finally {
      // The client kills only processes it started: a server that ignored `exit` is ended here.
      if (child !== undefined && child.exitCode === null && child.signalCode === null) {
        setTimeout(() => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill();
          }
        }, 2000);
      }
    }
  }
}

/** Serves the server's copy of the standard library, read-only, under `ward-stdlib:`. */
class StdlibFiles implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  private path(uri: vscode.Uri): string {
    const p = uri.with({ scheme: "file" }).fsPath;
    // Only the library's copy: the scheme is no way to read other files.
    if (!isStdlibPath(p, libraryDir())) {
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    return p;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    try {
      const st = await fs.promises.stat(this.path(uri));
      return {
        type: st.isDirectory() ? vscode.FileType.Directory : vscode.FileType.File,
        ctime: st.ctimeMs,
        mtime: st.mtimeMs,
        size: st.size,
        permissions: vscode.FilePermission.Readonly,
      };
    } catch {
      throw vscode.FileSystemError.FileNotFound(uri);
    }
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const entries = await fs.promises.readdir(this.path(uri), { withFileTypes: true });
    return entries.map((e) => [e.name, e.isDirectory() ? vscode.FileType.Directory : vscode.FileType.File]);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    try {
      return await fs.promises.readFile(this.path(uri));
    } catch {
      throw vscode.FileSystemError.FileNotFound(uri);
    }
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      // No colour codes in the output panel; reports can be long.
      { cwd, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 256 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        const why = error !== null && typeof error.code !== "number" ? `${error.message}\n` : "";
        resolve({ code, stdout, stderr: why + stderr });
      },
    );
  });
}

const isCase = (u: vscode.Uri | undefined): u is vscode.Uri => u !== undefined && u.scheme === "file" && isCaseFile(u.fsPath);

/**
 * The case file a command is for: the one clicked in the explorer, else the active editor's,
 * else a case open in a visible editor (the focus may be in the output panel); saved first.
 */
async function caseFile(uri: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const target = isCase(uri)
    ? uri
    : isCase(active)
      ? active
      : vscode.window.visibleTextEditors.map((e) => e.document.uri).find(isCase);
  if (target === undefined) {
    void vscode.window.showWarningMessage("Open a case file (JSON or YAML) to evaluate it with Ward.");
    return undefined;
  }
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  if (open?.isDirty) {
    await open.save();
  }
  return target;
}

/** The `ward` command and where to run it for this case, or undefined (having said why). */
async function prepare(context: vscode.ExtensionContext, uri: vscode.Uri): Promise<{ cli: Found; cwd: string } | undefined> {
  const cli = find(CLI, context);
  if ("message" in cli) {
    await reportMissing(CLI, cli.message);
    return undefined;
  }
  output?.appendLine(describe(CLI, cli));
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
  return { cli, cwd: evalCwd(uri.fsPath, folder, process.platform) };
}

async function evaluateCase(context: vscode.ExtensionContext, uri: vscode.Uri | undefined): Promise<void> {
  const target = await caseFile(uri);
  const ready = target && (await prepare(context, target));
  if (!target || !ready) {
    return;
  }
  const extra = vscode.workspace.getConfiguration("ward").get<string[]>("eval.extraArgs") ?? [];
  const args = evalArgs(target.fsPath, "text", extra);
  evaluation ??= vscode.window.createOutputChannel("Ward: Evaluation");
  evaluation.clear();
  evaluation.appendLine(heading(ready.cli.command, args, ready.cwd));
  evaluation.show(true);
  const r = await run(ready.cli.command, args, ready.cwd);
  evaluation.append(r.stdout);
  if (r.stderr !== "") {
    evaluation.append(r.stderr);
  }
  evaluation.appendLine(`(ward exited with ${r.code})`);
}

async function openDecisionRecord(context: vscode.ExtensionContext, uri: vscode.Uri | undefined): Promise<void> {
  const target = await caseFile(uri);
  const ready = target && (await prepare(context, target));
  if (!target || !ready) {
    return;
  }
  const { cli, cwd } = ready;
  let html = htmlSupport.get(cli.command);
  if (html === undefined) {
    html = supportsHtml((await run(cli.command, ["eval", "--help"], cwd)).stdout);
    htmlSupport.set(cli.command, html);
  }
  if (!html) {
    const message = `This ward (${cli.command}) cannot write the HTML decision record: its \`ward eval\` has no \`--format html\`. Use a newer Ward, or "Ward: Evaluate this case" for the text report.`;
    output?.appendLine(message);
    void vscode.window.showInformationMessage(message);
    return;
  }
  const extra = vscode.workspace.getConfiguration("ward").get<string[]>("eval.extraArgs") ?? [];
  const r = await run(cli.command, evalArgs(target.fsPath, "html", extra), cwd);
  if (r.code !== 0 || r.stdout.trim() === "") {
    evaluation ??= vscode.window.createOutputChannel("Ward: Evaluation");
    evaluation.clear();
    evaluation.append(r.stderr);
    evaluation.appendLine(`(ward exited with ${r.code}; no decision record)`);
    evaluation.show(true);
    return;
  }
  const name = target.path.split("/").pop() ?? "case";
  const panel = vscode.window.createWebviewPanel("ward.decisionRecord", `Decision record: ${name}`, vscode.ViewColumn.Beside, {
    enableScripts: false,
  });
  panel.webview.html = r.stdout;
}

/** The `ward` command for the package commands, or undefined (having said why). */
async function wardCommand(context: vscode.ExtensionContext): Promise<string | undefined> {
  const cli = find(CLI, context);
  if ("message" in cli) {
    await reportMissing(CLI, cli.message);
    return undefined;
  }
  return cli.command;
}

/** Ask the `ward` command which standard library it carries, for the status bar. */
async function readLibrary(context: vscode.ExtensionContext): Promise<void> {
  const cli = find(CLI, context);
  if ("message" in cli) {
    return;
  }
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
  library = libraryVersion((await run(cli.command, ["stdlib", "status"], cwd)).stdout);
  if (status !== undefined && client !== undefined) {
    showStatus(client.isRunning() ? "running" : "stopped", client.isRunning() ? "running" : "stopped");
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("Ward");
  status = vscode.window.createStatusBarItem("ward.status", vscode.StatusBarAlignment.Left, 0);
  status.name = "Ward";
  status.command = "ward.showOutput";
  const packages = new Packages({ command: () => wardCommand(context), run });
  context.subscriptions.push(output, status, packages, { dispose: () => evaluation?.dispose() });
  context.subscriptions.push(
    vscode.workspace.registerFileSystemProvider(STDLIB_SCHEME, new StdlibFiles(), { isCaseSensitive: true, isReadonly: true }),
  );
  context.subscriptions.push(
    vscode.commands.registerCommand("ward.showOutput", () => output?.show()),
    vscode.commands.registerCommand("ward.checkPackage", (uri?: vscode.Uri) => packages.check(uri)),
    vscode.commands.registerCommand("ward.runTests", () => packages.runAll()),
    vscode.commands.registerCommand("ward.restartServer", async () => {
      await stop();
      await start(context);
    }),
    vscode.commands.registerCommand("ward.evaluateCase", (uri?: vscode.Uri) => evaluateCase(context, uri)),
    vscode.commands.registerCommand("ward.openDecisionRecord", (uri?: vscode.Uri) => openDecisionRecord(context, uri)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("ward.cli.path")) {
        htmlSupport.clear();
      }
      if (e.affectsConfiguration("ward.server")) {
        await stop();
        await start(context);
      }
    }),
  );
  await start(context);
  void readLibrary(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}
