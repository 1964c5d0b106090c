// One way to start Debian's headless Chromium for every browser test (the HTML reports, the
// web interview, VS Code in code-server). The flags keep it off this machine's closed network
// (background networking, component updates, sync) and out of the GPU and the sandbox (CI
// runs as root). A fresh machine's first start can be slow (font caches, a cold disk): the
// launch waits up to two minutes, and a start that still fails is tried again with Chromium's
// own output shown, so a failure says why instead of only "timed out".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const chromiumFlags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

// `puppeteer` is the caller's puppeteer-core, so each test package keeps its own lockfile.
export async function launchChromium(puppeteer, { args = [], ...options } = {}) {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  const attempts = 3;
  for (let attempt = 1; ; attempt += 1) {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ward-chromium-'));
    const started = Date.now();
    try {
      const browser = await puppeteer.launch({
        executablePath,
        headless: true,
        userDataDir,
        timeout: 120_000,
        protocolTimeout: 180_000,
        dumpio: attempt > 1,
        args: [...chromiumFlags, ...args],
        ...options,
      });
      // The profile is this launch's own; it goes when the test ends (by then `browser.close()`
      // has waited for Chromium to exit and stop writing to it).
      process.on('exit', () => {
        try {
          fs.rmSync(userDataDir, { recursive: true, force: true });
        } catch {
          // A leftover directory under the system temp dir is harmless.
        }
      });
      const seconds = (Date.now() - started) / 1000;
      if (seconds > 10) console.error(`chromium took ${seconds.toFixed(1)} s to start`);
      return browser;
    } catch (error) {
      fs.rmSync(userDataDir, { recursive: true, force: true });
      if (attempt >= attempts) throw error;
      console.error(`chromium did not start (attempt ${attempt} of ${attempts}): ${error.message}`);
    }
  }
}
