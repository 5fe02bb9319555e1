// Price-list import (issue 5). Target: a 100,000-row CSV imported and committed < 3 s, with
// bounded memory. Input: a generated vendor quote (title block, header, 100,000 rows of
// mixed GPUs, servers and junk lines, `$27,450.00`-style prices, lead times, dates, a few
// rejects), as CSV and as XLSX. Each case is the whole API path a user hits: read the file,
// decode, find the header, map, preview every row, and for the commit write one price list
// in one transaction (real SQLite file, WAL, synchronous=FULL).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { performance } from 'node:perf_hooks';
import { measure, baseline, table } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = process.env.HEADROOM_APP_ROOT ?? path.resolve(here, '..');
const build = process.env.HEADROOM_BUILD ?? path.join(root, 'build', 'main');

const PARTS = [
  ['NCS-SRV-HGXH100-8', 'NVIDIA HGX H100 8-GPU 80GB SXM5 server, 2x 56-core CPU, 2 TB DDR5', 279500],
  ['NCS-GPU-H100-SXM', 'H100-SXM5-80G GPU module, spare', 27450],
  ['NCS-GPU-H100-PCIE', 'NVIDIA H100 PCIe 80GB, dual-slot, passive', 25300],
  ['NCS-SRV-HGXH200-8', 'NVIDIA HGX H200 8-GPU 141GB SXM server', 329900],
  ['NCS-GPU-L40S', 'L40S 48GB PCIe', 8950],
  ['NCS-GPU-RTX4090', 'GeForce RTX 4090 24GB, blower', 1899],
  ['NCS-SRV-MI300X-8', 'MI300X OAM 192GB, 8-GPU platform, 2x 96-core CPU', 248000],
  ['A800 80G SXM4', 'A800 80GB SXM4 8卡服务器，NVLink 全互联', 196000],
  ['昇腾910B', '昇腾910B 64GB 加速卡', 16500],
  ['NCS-CBL-NDR-3M', 'InfiniBand NDR cable, 400Gb/s OSFP, 3 m', 1150],
  ['NCS-GPU-V100S', 'Tesla V100S 32GB PCIe (refurbished)', 2400],
];
const LEADS = ['8-10 weeks', '4 weeks', 'Stock', '12-16 weeks', '6 weeks', '1 week', ''];

/** Rows of the generated quote: [part, description, qty, unit price text, lead time, valid from]. */
export function generatedRows(n) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const [part, desc, base] = PARTS[i % PARTS.length];
    const cents = (base * 100 + (i % 9973)) / 100; // distinct prices, so few duplicates
    const price = `$${cents.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    const day = 1 + (i % 28);
    rows.push([part, desc, String(1 + (i % 16)), i % 997 === 0 ? 'Call' : price, LEADS[i % LEADS.length], `2025-03-${String(day).padStart(2, '0')}`]);
  }
  return rows;
}

const HEAD = ['Part Number', 'Description', 'Qty', 'Unit Price (USD)', 'Lead Time', 'Valid from'];
const TITLE = [['Northwind Compute Solutions — Quotation'], ['Quote date: 10-Mar-2025 · all prices in USD, excluding sales tax'], []];
const cell = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function generatedCsv(n) {
  return [...TITLE, HEAD, ...generatedRows(n)].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function generatedXlsx(n) {
  const ws = XLSX.utils.aoa_to_sheet([...TITLE, HEAD, ...generatedRows(n)]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Quote');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true });
}

/** Like lib.mjs measure(), with an untimed cleanup after each run (so every commit meets the same database). */
async function measureClean(name, fn, cleanup, { iterations = 3, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) { await fn(); await cleanup(); }
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
    await cleanup();
  }
  times.sort((a, b) => a - b);
  return { name, iterations, median_ms: times[Math.floor(times.length / 2)], min_ms: times[0], max_ms: times[times.length - 1] };
}

export default async function run() {
  const { openDatabase, closeDatabase } = await import(path.join(build, 'store', 'open.js'));
  const { invoke } = await import(path.join(build, 'api', 'handlers.js'));
  const { mintLocalPath } = await import(path.join(build, 'shared', 'local-path.js'));
  const { previewImport } = await import(path.join(build, 'io', 'import', 'preview.js'));
  const { commitImport } = await import(path.join(build, 'io', 'import', 'commit.js'));
  const { importCatalog } = await import(path.join(build, 'store', 'prices.js'));
  const N = Number(process.env.HEADROOM_IMPORT_ROWS ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-import-bench-'));
  const csvPath = path.join(dir, 'quote-100k.csv');
  const xlsxPath = path.join(dir, 'quote-100k.xlsx');
  fs.writeFileSync(csvPath, generatedCsv(N));
  fs.writeFileSync(xlsxPath, generatedXlsx(N));
  const dbPath = path.join(dir, 'bench.db');
  const db = openDatabase(dbPath, { appRoot: root, create: true });
  const ctx = { db, dbPath, appRoot: root, now: () => new Date('2025-06-01T00:00:00Z') };
  const base = await baseline();
  let last, wizardLine = "";
  const medOf = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  let peakRss = 0;
  const rss0 = process.memoryUsage().rss;
  // The import is synchronous, so RSS is read after each run (a timer would never fire).
  // CPU time beside wall time: on a shared machine wall time includes waiting for a core.
  const cpu = {};
  const call = (method, p) => async () => {
    const c0 = process.cpuUsage();
    last = await invoke(ctx, method, { path: mintLocalPath(p), vendor: 'Bench', force: true, summary: true, dry_run: method === 'prices.preview' });
    const c = process.cpuUsage(c0);
    (cpu[`${method} ${path.extname(p)}`] ??= []).push((c.user + c.system) / 1000);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  // Write-lock hold: the time between BEGIN IMMEDIATE and COMMIT/ROLLBACK of each mutating call
  // (api/handlers.ts), against the whole call — the parse must happen outside it (issue 17).
  const holds = {};
  let holdKey = null, holdStart = null;
  const exec0 = db.exec.bind(db);
  db.exec = (sql) => {
    if (sql === 'BEGIN IMMEDIATE') holdStart = performance.now();
    const r = exec0(sql);
    if ((sql === 'COMMIT' || sql === 'ROLLBACK') && holdStart !== null) { if (holdKey) (holds[holdKey] ??= []).push(performance.now() - holdStart); holdStart = null; }
    return r;
  };
  const held = (key, fn) => async () => { holdKey = key; try { await fn(); } finally { holdKey = null; } };
  const rows = [];
  try {
    const csvDry = await measure(`CSV ${N.toLocaleString('en')} rows, dry run (prices.preview)`, call('prices.preview', csvPath), { iterations: 3, warmup: 1 });
    const csvDryOut = last;
    // Each commit is deleted again (untimed), so every run writes into the same database.
    const drop = () => { if (last?.price_list_id) db.prepare('DELETE FROM price_lists WHERE id = ?').run(last.price_list_id); };
    const csvCommit = await measureClean(`CSV ${N.toLocaleString('en')} rows, import + commit`, held('csv', call('prices.import', csvPath)), drop, { iterations: 3, warmup: 1 });
    csvCommit.target_ms = 3000;
    // The same pipeline without the API wrapper (so without store/undo.ts recording each row).
    const direct = await measureClean(`CSV ${N.toLocaleString('en')} rows, previewImport + commitImport (no undo log)`, () => {
      const p = previewImport(new Uint8Array(fs.readFileSync(csvPath)), 'quote-100k.csv', importCatalog(db));
      last = commitImport(db, p, { vendor: 'Bench', force: true, now: new Date() });
    }, drop, { iterations: 3, warmup: 1 });
    direct.target_ms = 3000;
    const xlsxDry = await measure(`XLSX ${N.toLocaleString('en')} rows, dry run (prices.preview)`, call('prices.preview', xlsxPath), { iterations: 2, warmup: 1 });
    const xlsxCommit = await measureClean(`XLSX ${N.toLocaleString('en')} rows, import + commit`, held('xlsx', call('prices.import', xlsxPath)), drop, { iterations: 2, warmup: 1 });
    // As the desktop app calls it: bytes from the renderer, previewed in a worker thread
    // (src-main/workers/import-worker.ts). Longest event-loop stall = how long the host could
    // not answer anything (a progress poll, a cancel, another page's call).
    const stalls = {};
    // A 5 ms ticker: the longest gap between its ticks is the longest time the loop was blocked.
    const watch = async (key, fn) => {
      let prev = performance.now(), max = 0;
      const tick = setInterval(() => { const now = performance.now(); max = Math.max(max, now - prev); prev = now; }, 5);
      try { await fn(); } finally { clearInterval(tick); }
      max = Math.max(max, performance.now() - prev);
      (stalls[key] ??= []).push(max);
    };
    const fromUi = (file) => {
      const b64 = fs.readFileSync(file).toString('base64'); // what the renderer sends (encoded there)
      return () => watch(`worker ${path.extname(file)}`, async () => {
        last = await invoke({ ...ctx, fromRenderer: true }, 'prices.preview', { data_base64: b64, file_name: path.basename(file), summary: true });
      });
    };
    const inPlace = (file) => () => watch(`in place ${path.extname(file)}`, call('prices.preview', file));
    const csvWorker = await measure(`CSV ${N.toLocaleString('en')} rows, dry run from the UI (worker thread)`, fromUi(csvPath), { iterations: 3, warmup: 1 });
    const xlsxWorker = await measure(`XLSX ${N.toLocaleString('en')} rows, dry run from the UI (worker thread)`, fromUi(xlsxPath), { iterations: 2, warmup: 1 });
    await inPlace(csvPath)(); await inPlace(xlsxPath)();
    // The wizard (issue 18): a long file's first page answered while the rest is read (rows.early),
    // then the whole asked for by the file's hash. Each run under a new name, so nothing is cached.
    const wizard = async (file) => {
      const b64 = fs.readFileSync(file).toString('base64');
      const first = [], whole = [];
      for (let i = 0; i < 4; i++) {
        const name = `wizard-${i}${path.extname(file)}`, page = { show: 'all', offset: 0, limit: 500 };
        const t0 = performance.now();
        const a = await invoke({ ...ctx, fromRenderer: true }, 'prices.preview', { data_base64: b64, file_name: name, rows: { ...page, early: true } });
        const t1 = performance.now();
        await invoke({ ...ctx, fromRenderer: true }, 'prices.preview', { data_sha256: a.sha256, file_name: name, rows: page });
        if (i > 0) { first.push(t1 - t0); whole.push(performance.now() - t0); }
      }
      return `${path.extname(file)} first page ${medOf(first).toFixed(0)} ms, whole file ${medOf(whole).toFixed(0)} ms`;
    };
    wizardLine = `wizard preview (median of 3, from the UI's API call): ${await wizard(csvPath)}; ${await wizard(xlsxPath)}`;
    // The whole import as the desktop app runs it: parse in the worker, then the commit of the
    // validated rows on the main thread (the only part that blocks the loop and holds the lock).
    const uiImport = (file) => {
      const b64 = fs.readFileSync(file).toString('base64');
      return held(`ui ${path.extname(file)}`, () => watch(`worker import+commit ${path.extname(file)}`, async () => {
        last = await invoke({ ...ctx, fromRenderer: true }, 'prices.import', { data_base64: b64, file_name: path.basename(file), vendor: 'Bench', force: true, summary: true });
      }));
    };
    const csvUi = await measureClean(`CSV ${N.toLocaleString('en')} rows, import + commit from the UI (worker parse)`, uiImport(csvPath), drop, { iterations: 2, warmup: 1 });
    rows.push(csvDry, csvCommit, direct, xlsxDry, xlsxCommit, csvWorker, xlsxWorker, csvUi);
    table('import', base, rows);
    console.log(wizardLine);
    console.log(`longest event-loop stall (ms): ${Object.entries(stalls).map(([k, v]) => `${k} ${Math.max(...v).toFixed(0)}`).join('; ')}`);
    console.log(`write lock held per prices.import (median ms, BEGIN IMMEDIATE…COMMIT): ${Object.entries(holds).map(([k, v]) => `${k} ${medOf(v).toFixed(0)}`).join('; ')}` +
      ` — against the whole call: CSV ${csvCommit.median_ms.toFixed(0)}, XLSX ${xlsxCommit.median_ms.toFixed(0)}, from the UI ${csvUi.median_ms.toFixed(0)}; commit of the same validated rows without the API (commitImport) ${direct.median_ms.toFixed(0)} incl. its own parse`);
    const lists = db.prepare('SELECT count(*) AS n FROM price_lists').get().n;
    const items = db.prepare('SELECT count(*) AS n FROM price_items').get().n;
    console.log(`rows per file ${N}: imported ${csvDryOut.imported}, rejected ${csvDryOut.rejected.length} ` +
      `(${[...new Set(csvDryOut.rejected.map((r) => r.reason))].join(', ')}); CSV ${(fs.statSync(csvPath).size / 1e6).toFixed(1)} MB, ` +
      `XLSX ${(fs.statSync(xlsxPath).size / 1e6).toFixed(1)} MB; DB now ${lists} lists / ${items} items; ` +
      `RSS after the runs ${(peakRss / 1e6).toFixed(0)} MB (before ${(rss0 / 1e6).toFixed(0)} MB). The commit includes the undo recording ` +
      `of store/undo.ts (one undo_log row for the new list; its items are undone by ON DELETE CASCADE).`);
    const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`CPU ms (median, this process): ${Object.entries(cpu).map(([k, v]) => `${k} ${med(v).toFixed(0)}`).join('; ')}`);
  } finally {
    closeDatabase(db);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
