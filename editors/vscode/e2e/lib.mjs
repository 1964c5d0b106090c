// Puppeteer helpers for driving VS Code (code-server) in headless Chromium: commands, quick
// picks, the Problems panel, output channels, screenshots.
import puppeteer from "puppeteer-core";
import { launchChromium } from "../../../tests/browser/launch.mjs";
import fs from "fs";
import { execSync } from "child_process";

export const sleep = ms => new Promise(r => setTimeout(r, ms));

export async function start(prefix) {
  const SHOTS = process.env.SHOT_DIR || ".";
  const R = {};
  const rec = (k, v) => { R[k] = v; console.log(`${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`); };
  const browser = await launchChromium(puppeteer, {
    args: ["--window-size=1400,900"], defaultViewport: { width: 1400, height: 900 },
  });
  const page = await browser.newPage();
  page.on("pageerror", e => console.log("pageerror:", e.message.slice(0, 200)));
  const h = {};
  h.R = R; h.rec = rec; h.page = page;
  h.shot = n => page.screenshot({ path: `${SHOTS}/vscode-${prefix}-${n}.png` });
  h.chord = async (...keys) => {
    for (const k of keys.slice(0, -1)) await page.keyboard.down(k);
    await page.keyboard.press(keys.at(-1));
    for (const k of keys.slice(0, -1).reverse()) await page.keyboard.up(k);
  };
  h.quickInput = () => page.waitForSelector(".quick-input-widget input", { visible: true, timeout: 15000 });
  h.command = async (name, wait = 800) => {
    await page.keyboard.press("F1"); await h.quickInput();
    await page.keyboard.type(name); await sleep(wait); await page.keyboard.press("Enter"); await sleep(500);
  };
  h.quickPickItems = () => page.$$eval(".quick-input-widget .monaco-list-row", rs => rs.map(r => (r.getAttribute("aria-label") || r.textContent).trim()));
  h.focusEditor = async () => { await page.click(".editor-instance .monaco-editor .view-lines"); await sleep(150); };
  h.gotoLine = async (line, col) => {
    await h.chord("Control", "g"); await h.quickInput();
    await page.keyboard.type(`${line}:${col}`); await sleep(200); await page.keyboard.press("Enter"); await sleep(300);
  };
  h.statusBar = () => page.$$eval(".statusbar-item", els => els.map(e => (e.getAttribute("aria-label") || e.textContent).trim()).filter(Boolean));
  h.cursorPos = async () => (await h.statusBar()).find(t => /^Ln \d+, Col \d+/.test(t)) ?? null;
  h.toasts = () => page.$$eval(".notifications-toasts .notification-list-item", els => els.map(e => e.textContent.trim()));
  h.tabs = () => page.$$eval(".tabs-container .tab", ts => ts.map(t => (t.getAttribute("aria-label") || "") + (t.classList.contains("active") ? " [active]" : "")));
  h.breadcrumbs = () => page.$$eval(".editor-instance .breadcrumbs-control .monaco-icon-label, .breadcrumbs-control .label-name", es => es.map(e => e.textContent.trim()).filter(Boolean)).catch(() => null);
  h.problems = async () => {
    // "Problems: Focus on Problems View" (Ctrl+Shift+M would toggle the panel away when it is already open)
    await h.command("Problems: Focus on Problems View", 800); await sleep(1200);
    return page.$$eval(".markers-panel .monaco-tl-contents", els => els.map(e => e.textContent.trim()));
  };
  h.openFile = async name => {
    // Quick Open lists its results some time after the typing on a busy machine: wait for a
    // result row before Enter, and try again once if no editor opens.
    for (let attempt = 0; ; attempt++) {
      await h.chord("Control", "p"); await h.quickInput();
      await page.keyboard.type(name);
      await page.waitForSelector(".quick-input-widget .monaco-list-row", { visible: true, timeout: 20000 }).catch(() => {});
      await sleep(800); await page.keyboard.press("Enter");
      const base = name.split("/").pop();
      const opened = await page.waitForFunction(b => [...document.querySelectorAll(".tabs-container .tab.active")].some(t => (t.getAttribute("aria-label") || "").includes(b)),
        { timeout: 20000 }, base).then(() => true, () => false);
      if (opened || attempt >= 1) break;
      await page.keyboard.press("Escape");
    }
    await page.waitForSelector(".editor-instance .monaco-editor .view-lines", { timeout: 20000 }); await sleep(500);
  };
  h.outputChannel = async name => {
    await h.command("Output: Show Output Channels...", 600); await sleep(500);
    await page.keyboard.type(name); await sleep(500); await page.keyboard.press("Enter"); await sleep(1500);
    return page.$$eval(".panel .monaco-editor .view-line", ls => ls
      .map(l => [parseFloat(l.style.top), l.textContent.replace(/\u00a0/g, " ")]).sort((a, b) => a[0] - b[0]).map(x => x[1]));
  };
  h.wardProcs = () => { try { return execSync("ps -eo pid,ppid,etimes,stat,args | awk '$5 ~ /ward-lsp/'").toString().trim().split("\n").filter(Boolean); } catch { return []; } };
  h.finish = async code => {
    fs.writeFileSync(`${SHOTS}/vscode-${prefix}-results.json`, JSON.stringify(R, null, 2));
    await browser.close(); process.exit(code);
  };
  await page.goto(process.env.CS_URL, { waitUntil: "domcontentloaded", timeout: 60000 });
  await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
  await sleep(3000);
  return h;
}
