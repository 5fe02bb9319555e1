// The import wizard's 100k-row preview in real Chromium (issue 18 target: first rows ≤ 2 s).
// `headroom serve` on a fresh demo database, the Prices page open; each run chooses the same
// 100,000-row CSV (every 20th row an unknown part: 95,000 to import, 5,000 rejected) and times,
// on the page's clock, file chosen → first row drawn, and file chosen → final counts shown.
// The file goes to the host as raw bytes (application/octet-stream); the first 500 rows come back
// while the worker reads the rest. Needs Chromium (CHROMIUM_PATH or /usr/bin/chromium) and a build.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { baseline, table } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = process.env.HEADROOM_APP_ROOT ?? path.resolve(here, '..');
const bin = path.join(root, 'bin', 'headroom.mjs');
const RUNS = Number(process.env.PREVIEW_RUNS ?? 3);

function stats(name, times, target_ms) {
  const s = [...times].sort((a, b) => a - b);
  return { name, iterations: s.length, median_ms: s[Math.floor(s.length / 2)], min_ms: s[0], max_ms: s[s.length - 1], target_ms };
}

export default async function run() {
  const exe = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(exe)) { console.log(`\n## Import preview in Chromium\nskipped: no Chromium at ${exe}`); return; }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-preview-bench-'));
  const db = path.join(dir, 'demo.db');
  const demo = spawnSync(process.execPath, [bin, 'demo', '--db', db], { encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`demo failed: ${demo.stderr}`);
  // The e2e's fixture (test/import/prices.e2e.test.ts): distinct part numbers and prices.
  const lines = ['Part Number,Description,Qty,Unit Price (USD)'];
  for (let i = 0; i < 100_000; i++) {
    const price = `"$${(20_000 + i).toLocaleString('en-US')}.50"`;
    lines.push(i % 20 === 19 ? `X-${i},NVIDIA Tesla Q99 96GB GPU,1,${price}` : `P-${i},NVIDIA H100 SXM5 80GB,${1 + (i % 16)},${price}`);
  }
  const file = path.join(dir, 'quote-100k.csv');
  fs.writeFileSync(file, lines.join('\r\n') + '\r\n');
  const child = spawn(process.execPath, [bin, 'serve', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => { buf += d; if (buf.includes('\n')) resolve(buf.split('\n')[0].trim()); });
    child.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
  const browser = await chromium.launch({ executablePath: exe, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${url}#prices`);
    await page.waitForSelector('[data-testid=import-file]', { state: 'attached' });
    const first = [], whole = [];
    for (let i = 0; i < RUNS; i++) {
      // A different name each run: the host's preview cache (one file, by bytes and name) never answers.
      const named = path.join(dir, `quote-100k-${i}.csv`);
      fs.copyFileSync(file, named);
      await page.evaluate(() => {
        const w = window;
        w.__t = {};
        document.querySelector('[data-testid=import-file]').addEventListener('change', () => { w.__t.chosen = performance.now(); }, { once: true });
        const mo = new MutationObserver(() => {
          if (!w.__t.first && document.querySelector('[data-testid=preview-row]')) w.__t.first = performance.now();
          if (/95,000/.test(document.querySelector('[data-testid=preview-summary]')?.textContent ?? '')) { w.__t.whole = performance.now(); mo.disconnect(); }
        });
        mo.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      await page.setInputFiles('[data-testid=import-file]', named);
      await page.waitForFunction(() => window.__t.whole !== undefined, null, { timeout: 120_000 });
      const t = await page.evaluate(() => window.__t);
      first.push(t.first - t.chosen);
      whole.push(t.whole - t.chosen);
    }
    const b = await baseline();
    table('Import wizard, 100k-row CSV in Chromium (file chosen → shown, page clock; target first rows ≤ 2 s)', b, [
      stats(`first rows × ${RUNS}`, first, 2000), stats(`final counts × ${RUNS}`, whole, null),
    ]);
    console.log(`first rows (ms): ${first.map((x) => x.toFixed(0)).join(', ')}; final counts (ms): ${whole.map((x) => x.toFixed(0)).join(', ')}`);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
