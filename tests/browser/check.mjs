// Opens every HTML report in a directory in headless Chromium (Debian's, driven by
// puppeteer-core), with the network cut off: the reports must be self-contained. On each page:
// axe-core at WCAG 2.1 AA (tags wcag2a, wcag2aa, wcag21a, wcag21aa) must find no violation,
// every internal link (#id) must resolve, the page must print to PDF, and a screenshot is saved
// beside it as a test artefact. Exits 1 on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';
import { launchChromium } from './launch.mjs';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node check.mjs DIR [PAGE…] (a directory of .html pages; by default every one at its top)');
  process.exit(2);
}
const files = process.argv.length > 3
  ? process.argv.slice(3)
  : fs.readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
if (files.length === 0) {
  console.error(`no .html reports in ${dir}`);
  process.exit(1);
}
const browser = await launchChromium(puppeteer);
let failures = 0;
const fail = (file, what) => {
  failures += 1;
  console.error(`FAIL ${file}: ${what}`);
};
try {
  for (const file of files) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.setRequestInterception(true);
    const external = [];
    page.on('request', (req) => {
      const url = req.url();
      if (url.startsWith('file:') || url.startsWith('data:') || url === 'about:blank') {
        req.continue();
      } else {
        external.push(url);
        req.abort();
      }
    });
    await page.goto(`file://${path.resolve(dir, file)}`, { waitUntil: 'load' });
    if (external.length) fail(file, `requested ${external.join(', ')}`);
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== 'en-GB') fail(file, `lang is "${lang}", not en-GB`);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
    );
    for (const v of result.violations) {
      const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ');
      fail(file, `axe ${v.id} (${v.impact}): ${v.help} at ${where}`);
    }
    const broken = await page.evaluate(() =>
      [...document.querySelectorAll('a[href^="#"]')]
        .map((a) => a.getAttribute('href').slice(1))
        .filter((id) => !document.getElementById(decodeURIComponent(id))),
    );
    if (broken.length) fail(file, `internal links to nothing: ${broken.join(', ')}`);
    // Links to other pages of the same site must name files that exist.
    const relative = await page.evaluate(() =>
      [...document.querySelectorAll('a[href]')]
        .map((a) => a.getAttribute('href'))
        .filter((h) => !h.startsWith('#') && !/^[a-z]+:/i.test(h)),
    );
    const here = path.dirname(path.resolve(dir, file));
    const missing = relative.filter((h) => !fs.existsSync(path.resolve(here, h.split('#')[0])));
    if (missing.length) fail(file, `links to missing pages: ${missing.slice(0, 5).join(', ')}`);
    // A search box must filter: typing a word hides the entries without it.
    if (await page.$('#q')) {
      await page.type('#q', 'dpia');
      const [shown, all] = await page.evaluate(() => {
        const items = [...document.querySelectorAll('.entries li')];
        return [items.filter((li) => !li.hidden).length, items.length];
      });
      if (!(shown > 0 && shown < all)) fail(file, `search for "dpia" shows ${shown} of ${all} entries`);
      await page.evaluate(() => { const q = document.getElementById('q'); q.value = ''; q.dispatchEvent(new Event('input')); });
    }
    const links = await page.evaluate(() => document.querySelectorAll('a[href^="#"]').length);
    const shot = path.join(dir, file.replace(/\//g, '-').replace(/\.html$/, '.png'));
    await page.screenshot({ path: shot });
    await page.emulateMediaType('print');
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    if (pdf.length < 1000) fail(file, 'printing to PDF gave an empty document');
    console.log(`ok ${file}: 0 axe violations (${result.passes.length} rules passed), ${links} internal links resolve, ${pdf.length} bytes of PDF, screenshot ${shot}`);
    await page.close();
  }
} finally {
  await browser.close();
}
if (failures) {
  console.error(`${failures} failure(s)`);
  process.exit(1);
}
console.log(`ok: ${files.length} HTML pages checked in Chromium`);
