// Undo in the shell, in real Chromium (issue 18 target: click → change shown ≤ 200 ms, no full
// reload). `headroom serve` on a fresh demo database, the Sites page open; each run clicks Undo
// (a site added through the API disappears) then Redo (it comes back), timed on the page's clock
// from the click to the Sites page drawn with the change. Also counts the API reads each undo
// made: the page re-reads only what the step touched (a site: `sites.costs` and the power
// warnings, `inventory.power`), not everything.
// Needs Chromium (CHROMIUM_PATH or /usr/bin/chromium) and a build (`npm run build`).
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
const RUNS = Number(process.env.UNDO_RUNS ?? 10);

function stats(name, times, target_ms) {
  const s = [...times].sort((a, b) => a - b);
  return { name, iterations: s.length, median_ms: s[Math.floor(s.length / 2)], min_ms: s[0], max_ms: s[s.length - 1], target_ms };
}

export default async function run() {
  const exe = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(exe)) { console.log(`\n## Undo in Chromium\nskipped: no Chromium at ${exe}`); return; }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-undo-bench-'));
  const db = path.join(dir, 'demo.db');
  const demo = spawnSync(process.execPath, [bin, 'demo', '--db', db], { encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`demo failed: ${demo.stderr}`);
  const child = spawn(process.execPath, [bin, 'serve', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => { buf += d; if (buf.includes('\n')) resolve(buf.split('\n')[0].trim()); });
    child.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
  const u = new URL(url);
  const base = `${u.protocol}//${u.host}`;
  const token = u.searchParams.get('token');
  const call = async (method, body = {}) => {
    const r = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    return (await r.json()).result;
  };
  const browser = await chromium.launch({ executablePath: exe, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await call('sites.add', { name: 'Bench-Undo', country: 'DE', region: 'Hesse', power_limit_kw: 100, pue: 1.2 });
    const other = (await call('sites.list')).map((s) => s.name).find((n) => n !== 'Bench-Undo');
    await page.goto(`${url}#sites`);
    await page.waitForFunction(() => document.querySelector('main')?.textContent?.includes('Bench-Undo'));
    const reads = [];
    page.on('request', (r) => { const m = /\/api\/([^?]+)/.exec(r.url()); if (m) reads.push(m[1]); });
    // One click on the page's clock: from the click to `main` showing (or not) the site with the rest drawn.
    const timed = (which, present) => page.evaluate(({ which, present, other }) => new Promise((resolve) => {
      const ok = () => { const t = document.querySelector('main')?.textContent ?? ''; return t.includes('Bench-Undo') === present && t.includes(other); };
      const mo = new MutationObserver(() => { if (ok()) { mo.disconnect(); resolve(performance.now() - t0); } });
      mo.observe(document.body, { subtree: true, childList: true, characterData: true });
      const btn = document.querySelector(`[data-testid=${which}]`);
      const t0 = performance.now();
      btn.click();
    }), { which, present, other });
    const waitEnabled = (which) => page.waitForFunction((w) => !document.querySelector(`[data-testid=${w}]`)?.disabled, which);
    const undo = [], redo = [], perUndo = [];
    for (let i = 0; i < RUNS; i++) {
      await waitEnabled('undo');
      reads.length = 0;
      undo.push(await timed('undo', false));
      await page.waitForTimeout(100); // the tooltip's status read settles before counting
      perUndo.push(reads.filter((m) => m !== 'undo.undo' && m !== 'undo.status'));
      await waitEnabled('redo');
      redo.push(await timed('redo', true));
    }
    const b = await baseline();
    table('Undo / Redo in Chromium (click → change shown, page clock; target ≤ 200 ms)', b, [
      stats(`undo × ${RUNS}`, undo, 200), stats(`redo × ${RUNS}`, redo, 200),
    ]);
    console.log(`undo runs (ms): ${undo.map((x) => x.toFixed(1)).join(', ')}`);
    console.log(`redo runs (ms): ${redo.map((x) => x.toFixed(1)).join(', ')}`);
    console.log(`reads per undo besides undo.*: ${JSON.stringify(perUndo[0])} (same for all: ${perUndo.every((p) => JSON.stringify(p) === JSON.stringify(perUndo[0]))})`);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
