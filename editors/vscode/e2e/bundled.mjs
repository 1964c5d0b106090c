// The platform-specific extension, installed with no Ward settings and no ward-lsp or ward on
// PATH, in the trust package: the Ward output says it uses the bundled server, a misspelt fact
// gets a squiggle and a Problems entry, and "Ward: Evaluate this case" runs the bundled ward
// on an example case. Exit 0 when all of that holds. Env: CS_URL, WS, SHOT_DIR (from run.sh).
import { start, sleep } from "./lib.mjs";
const h = await start("bundled");
const { page, rec, R } = h;
const lineWith = re => page.$$eval(".editor-instance .view-line", (ls, src) => ls.map(l => l.textContent.replace(/\u00a0/g, " ")).find(t => new RegExp(src).test(t)) ?? null, re.source);
let code = 0;
try {
  await h.openFile("trust/governance.ward"); await sleep(5000);
  rec("problems_before", await h.problems());
  // technology.traits -> technology.traitz, key by key as a user would (line 27)
  await h.focusEditor(); await h.gotoLine(27, 37);
  rec("line_before", await lineWith(/technology\.trait/));
  await page.keyboard.press("Backspace"); await page.keyboard.type("z");
  const t = Date.now();
  await page.waitForSelector(".editor-instance .monaco-editor .squiggly-error", { timeout: 30000 });
  rec("keystroke_to_squiggle_ms", Date.now() - t);
  rec("line_after", await lineWith(/technology\.trait/));
  rec("problems_after", await h.problems());
  await h.shot("01-misspelt-fact");
  rec("ward_output", await h.outputChannel("Ward"));
  await h.shot("02-output");
  await h.openFile("cases/english-trust-ai-imaging-pilot.yaml"); await sleep(1000);
  await h.command("Ward: Evaluate this case", 800); await sleep(5000);
  // The channel shows its end: the last lines of the report and the exit status.
  rec("evaluation_output", (await h.outputChannel("Ward: Evaluation")).slice(-6));
  await h.shot("03-evaluation");
  await h.command("Ward: Open the HTML decision record", 800); await sleep(4000);
  rec("decision_record_tabs", await h.tabs());
  rec("decision_record_toasts", await h.toasts());
  await h.shot("04-decision-record");
} catch (e) { console.log("E2E error:", e.message); code = 2; await h.shot("fatal").catch(() => {}); }
const bundledLine = (R.ward_output ?? []).find(l => /Using the Ward language server bundled with the extension: .*server[\\/]ward-lsp/.test(l));
const problem = (R.problems_after ?? []).some(p => /traitz/.test(p));
const evaluated = (R.evaluation_output ?? []).some(l => /\(ward exited with 0\)/.test(l));
rec("check_bundled_server_named", !!bundledLine);
rec("check_misspelt_fact_diagnosed", problem);
rec("check_case_evaluated", evaluated);
if (code === 0 && !(bundledLine && problem && evaluated)) code = 1;
await h.finish(code);
