// The web interview of `ward serve` in a real browser (Debian's headless Chromium): starts
// `ward serve --addr 127.0.0.1:0` (the port it prints), answers every question it asks from an
// example case's values, and checks the decision record it ends with names the duties
// `ward eval` finds for that case. axe-core (WCAG 2.1 AA) must find no violation on any page
// visited; an error step is visited too. Then the same interview with JavaScript disabled,
// which must work the same. Screenshots go to the artifacts directory.
//
//   node tests/browser/interview.mjs WARD_BINARY OUT_DIR [CASE]
import fs from 'node:fs';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';
import { launchChromium } from './launch.mjs';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [ward, out, casePath = 'policies/cases/northern-ireland-developer-insulin-app.json'] =
  process.argv.slice(2);
if (!ward || !out) {
  console.error('usage: node interview.mjs WARD_BINARY OUT_DIR [CASE.json]');
  process.exit(2);
}
const asOf = '2026-11-22';
fs.mkdirSync(out, { recursive: true });
const example = JSON.parse(fs.readFileSync(casePath, 'utf8'));

// The duties `ward eval` finds apply, for a case file.
const applying = (file) => {
  const report = JSON.parse(
    execFileSync(ward, ['eval', file, '--as-of', asOf, '--format', 'json'], { encoding: 'utf8' }),
  );
  return report.obligations.filter((o) => o.status === 'applies').map((o) => o.id).sort();
};
const expected = applying(casePath);

// The server, on a port of its choosing; its log line says which.
const server = spawn(ward, ['serve', '--addr', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
const base = await new Promise((resolve, reject) => {
  let log = '';
  const timer = setTimeout(() => reject(new Error(`ward serve did not start:\n${log}`)), 60000);
  server.stderr.on('data', (d) => {
    log += d.toString();
    const m = log.replace(/\x1b\[[0-9;]*m/g, '').match(/serving addr=(\S+)/);
    if (m) {
      clearTimeout(timer);
      resolve(`http://${m[1]}`);
    }
  });
  server.on('exit', (code) => reject(new Error(`ward serve exited (${code}):\n${log}`)));
});

let failures = 0;
const fail = (where, what) => {
  failures += 1;
  console.error(`FAIL ${where}: ${what}`);
};

// The value at `organisation.roles` or `data.flows[0].cldc_basis` in the example.
const at = (p) => {
  let v = example;
  for (const part of p.match(/[^.[\]]+/g)) {
    if (v === undefined || v === null) return undefined;
    v = v[/^\d+$/.test(part) ? Number(part) : part];
  }
  return v;
};

const browser = await launchChromium(puppeteer);

const axe = async (page, name) => {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  for (const v of result.violations) {
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ');
    fail(name, `axe ${v.id} (${v.impact}): ${v.help} at ${where}`);
  }
};

// Check a page visited: its language, a title, the policy hash; axe when scripts run.
const visit = async (page, response, name, js) => {
  if (response && response.headers()['ward-policy-hash'] === undefined) fail(name, 'no Ward-Policy-Hash header');
  const lang = await page.$eval('html', (h) => h.lang);
  if (lang !== 'en-GB') fail(name, `lang is "${lang}"`);
  if (!(await page.title())) fail(name, 'no title');
  if (js) await axe(page, name);
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
};

const submit = async (page, selector) => {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  return response;
};

// Fill in the question on the page from the example, and answer it.
const answer = async (page) => {
  const form = await page.$('form[data-path]');
  const [p, kind, another] = await form.evaluate((f) => [f.dataset.path, f.dataset.kind, f.dataset.another]);
  const v = at(p);
  if (process.env.DEBUG) console.log(p, kind, another, JSON.stringify(v));
  const radio = (value) => page.click(`input[name="value"][value="${value}"]`);
  const dontKnow = async () => {
    if (await page.$('input[type=radio][value="?"]')) await radio('?');
    else return submit(page, 'button[value="dont_know"]');
    return submit(page, 'button[value="answer"]');
  };
  if (another !== undefined && another !== null) {
    await radio(Array.isArray(v) && v.length > Number(another) ? 'yes' : 'no');
  } else if (kind === 'presence') {
    await radio(v !== undefined && v !== null ? 'yes' : 'no');
  } else if (v === undefined || v === null) {
    return dontKnow();
  } else if (kind === 'records') {
    await radio(Array.isArray(v) && v.length > 0 ? 'yes' : 'no');
  } else if (kind === 'boolean') {
    await radio(v ? 'yes' : 'no');
  } else if (kind === 'choice') {
    await radio(v);
  } else if (kind === 'multi_choice') {
    for (const c of v.length ? v : ['-']) await page.click(`input[name="value"][value="${c}"]`);
  } else if (kind === 'date') {
    const [date, time = ''] = String(v).split('T');
    const [y, m, d] = date.split('-');
    await page.type('#answer-day', d);
    await page.type('#answer-month', m);
    await page.type('#answer-year', y);
    if (time) await page.type('#answer-time', time.replace(/Z$/, ''));
  } else {
    await page.type('#answer', Array.isArray(v) ? v.join(', ') : String(v));
  }
  return submit(page, 'button[value="answer"]');
};

const interview = async (js) => {
  const mode = js ? 'js' : 'nojs';
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(js);
  await page.setViewport({ width: 1280, height: 900 });
  let response = await page.goto(`${base}/?as_of=${asOf}`, { waitUntil: 'load' });
  await visit(page, response, `${mode}-00-start`, js);
  response = await submit(page, 'button[value="start"]');
  let step = 0;
  // One error step: Continue with nothing chosen shows the error summary.
  await visit(page, response, `${mode}-01-question`, js);
  response = await submit(page, 'button[value="answer"]');
  if (!(await page.$('.error-summary'))) fail(mode, 'no error summary after an empty answer');
  await visit(page, response, `${mode}-01-error`, js);
  while (await page.$('form[data-path]')) {
    step += 1;
    if (step > 300) {
      fail(mode, 'the interview did not end');
      break;
    }
    if (await page.$('.error-summary') && step > 1) {
      fail(mode, `an error at step ${step}: ${await page.$eval('.error-summary', (e) => e.textContent)}`);
      break;
    }
    response = await answer(page);
    // Back once, early on, and answer again.
    if (step === 3) {
      response = await submit(page, 'button[value="back"]');
      await visit(page, response, `${mode}-back`, js);
      response = await answer(page);
    }
    const name = `${mode}-${String(step + 1).padStart(2, '0')}`;
    if (await page.$('form[data-path]')) await visit(page, response, `${name}-question`, js);
    else await visit(page, response, `${mode}-record`, js);
  }
  if (!(await page.$('.interview-end'))) fail(mode, 'the interview did not end with the record');
  // The record's duties that apply: their status badge says applies (or forbidden, or
  // consider, for the other verbs); undetermined duties are articles too.
  const ids = await page.$$eval('article.duty[id^="duty-"]', (as) =>
    [...new Set(as
      .filter((a) => ['applies', 'forbidden', 'consider']
        .includes((a.querySelectorAll('.badge')[1]?.textContent || '').trim().toLowerCase()))
      .map((a) => a.id.slice(5)))].sort(),
  );
  if (JSON.stringify(ids) !== JSON.stringify(expected)) {
    fail(mode, `the record's applying duties differ from ward eval's:\n  web:  ${ids.join(' ')}\n  eval: ${expected.join(' ')}`);
  }
  console.log(`${mode}: ${step} answers; ${ids.length} duties apply, as ward eval says of ${casePath}`);
  // The case downloads as YAML that `ward eval` decides the same way.
  const fields = await page.$$eval('.interview-end input[type=hidden]', (is) => is.map((i) => [i.name, i.value]));
  const res = await fetch(`${base}/interview/case.yaml`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  if (res.headers.get('content-disposition') !== 'attachment; filename=case.yaml') fail(mode, 'the download is not an attachment');
  const file = path.join(out, `${mode}-case.yaml`);
  fs.writeFileSync(file, await res.text());
  const again = applying(file);
  if (JSON.stringify(again) !== JSON.stringify(expected)) fail(mode, `the downloaded case decides differently: ${again.join(' ')}`);
  await page.close();
};

try {
  await interview(true);
  await interview(false);
} catch (e) {
  fail('interview', e.stack || String(e));
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
if (failures) {
  console.error(`${failures} failure(s)`);
  process.exit(1);
}
console.log(`interview: ok (screenshots in ${out})`);
