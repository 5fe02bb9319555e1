// Finance exports (issue 8). Target: a 120-month, 200-cluster plan exports to XLSX < 2 s and
// to PDF < 5 s. Input: the synthetic plan result of src-main/io/export/synthetic.ts (120 months,
// 200 clusters over 10 GPU types and 8 sites, an action per cluster, every burn category), so
// the numbers time the exporters alone, not the plan. Each case is the whole path: build the
// tables, write the bytes (PDF: both charts drawn with chart.js on @napi-rs/canvas, CJK font
// embedded and subset).
import { measure, baseline, table } from './lib.mjs';
import { syntheticExportInput } from '../build/main/io/export/synthetic.js';
import { runCompare, runExport } from '../build/main/io/export/index.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, closeDatabase } from '../build/main/store/open.js';
import { fillDemo } from '../build/main/app/demo-db.js';
import { invoke } from '../build/main/api/handlers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default async function run() {
  const input = syntheticExportInput({ months: 120, clusters: 200 });
  const base = await baseline();
  const size = {};
  const one = (format, lang) => async () => {
    const files = await runExport(input, { format, lang, baseName: 'bench' });
    size[`${format}-${lang}`] = files.reduce((a, f) => a + f.data.length, 0);
  };
  const xlsx = await measure('XLSX, 120 months × 200 clusters (zh)', one('xlsx', 'zh'), { iterations: 5, warmup: 1 });
  xlsx.target_ms = 2000;
  const csv = await measure('CSV zip, 120 months × 200 clusters (zh)', one('csv', 'zh'), { iterations: 5, warmup: 1 });
  const pdfZh = await measure('PDF, 120 months × 200 clusters (zh)', one('pdf', 'zh'), { iterations: 3, warmup: 1 });
  pdfZh.target_ms = 5000;
  const pdfEn = await measure('PDF, 120 months × 200 clusters (en)', one('pdf', 'en'), { iterations: 3, warmup: 1 });
  pdfEn.target_ms = 5000;
  // The comparison workbook (export --compare) of three 120-month × 200-cluster scenarios
  // (target 5 s): each scenario's tables, the Comparison/Cash flows/Actions sheets, NPV and IRR.
  const three = ['a', 'b', 'c'].map((x, k) => {
    const i = syntheticExportInput({ months: 120, clusters: 200 + k * 20 });
    return { ...i, plan: { ...i.plan, scenario: `synthetic-${x}` } };
  });
  const cmp = await measure('compare XLSX, 3 × (120 months × 200 clusters)', async () => {
    const { files } = await runCompare(three, { format: 'xlsx', lang: 'zh', baseName: 'bench' });
    size['compare-xlsx'] = files[0].data.length;
  }, { iterations: 3, warmup: 1 });
  cmp.target_ms = 5000;
  // End to end through export.run on the demo database: plan (procurement, 1,000 Monte Carlo
  // paths, burn) + gathering inputs + writing; the plan dominates.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-bench-'));
  const db = openDatabase(path.join(dir, 'demo.db'), { appRoot: ROOT, create: true });
  fillDemo(db);
  const ctx = { db, dbPath: path.join(dir, 'demo.db'), appRoot: ROOT, now: () => new Date('2026-11-25T00:00:00Z') };
  const e2e = await measure('export.run xlsx, demo ernie-growth-2026 (36 mo, 1k paths)', () =>
    invoke(ctx, 'export.run', { scenario: 'ernie-growth-2026', format: 'xlsx', lang: 'zh', runs: 1000 }), { iterations: 3, warmup: 1 });
  const e2ePdf = await measure('export.run pdf, demo ernie-growth-2026 (36 mo, 1k paths)', () =>
    invoke(ctx, 'export.run', { scenario: 'ernie-growth-2026', format: 'pdf', lang: 'zh', runs: 1000 }), { iterations: 3, warmup: 1 });
  const e2eCmp = await measure('export.compare xlsx, demo ernie-growth-2026 vs ernie-2023-11 (1k paths each)', () =>
    invoke(ctx, 'export.compare', { scenarios: ['ernie-growth-2026', 'ernie-2023-11'], format: 'xlsx', lang: 'zh', runs: 1000 }), { iterations: 1, warmup: 0 });
  closeDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
  table('export', base, [xlsx, csv, pdfZh, pdfEn, cmp, e2e, e2ePdf, e2eCmp]);
  console.log(`sizes: ${Object.entries(size).map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} kB`).join(', ')}; ` +
    `${input.plan.months.length} months, ${input.plan.actions.length} actions, ${Object.keys(input.plan.months.at(-1).gpus).length} GPU types`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
