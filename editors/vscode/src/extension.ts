// The Ward extension: starts the `ward-lsp` language server for `.ward` files and connects it
// to VS Code. Everything the editor shows beyond the TextMate colours — diagnostics, hover,
// completion, navigation, rename, formatting — comes from the server.
import * as fs from "fs";
import * as os from "os";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";
import { findServer } from "./serverPath";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

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

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("ward");
  const bundled = context.asAbsolutePath(process.platform === "win32" ? "server/ward-lsp.exe" : "server/ward-lsp");
  const found = findServer({
    setting: config.get<string>("server.path") ?? "",
    envPath: process.env.PATH,
    platform: process.platform,
    home: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    bundled,
    isExecutable,
  });
  if ("message" in found) {
    output?.appendLine(found.message);
    const choice = await vscode.window.showErrorMessage(found.message, "Open Settings");
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "ward.server.path");
    }
    return;
  }
  output?.appendLine(`Starting ${found.command}`);
  const serverOptions: ServerOptions = {
    command: found.command,
    args: config.get<string[]>("server.extraArgs") ?? [],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "ward" },
      { scheme: "untitled", language: "ward" },
    ],
    outputChannel: output,
  };
  client = new LanguageClient("ward", "Ward", serverOptions, clientOptions);
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
    await c.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("Ward");
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand("ward.restartServer", async () => {
      await stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("ward.server")) {
        await stop();
        await start(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}
