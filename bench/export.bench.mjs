// Finance exports (issue 8). Target: a 120-month, 200-cluster plan exports to XLSX < 2 s and
// to PDF < 5 s. Input: the synthetic plan result of src-main/io/export/synthetic.ts (120 months,
// 200 clusters over 10 GPU types and 8 sites, an action per cluster, every burn category), so
// the numbers time the exporters alone, not the plan. Each case is the whole path: build the
// tables, write the bytes (PDF: both charts drawn with chart.js on @napi-rs/canvas, CJK font
// embedded and subset).
import { measure, baseline, table } from './lib.mjs';
import { syntheticExportInput } from '../build/main/io/export/synthetic.js';
import { runExport } from '../build/main/io/export/index.js';

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
  table('export', base, [xlsx, csv, pdfZh, pdfEn]);
  console.log(`sizes: ${Object.entries(size).map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} kB`).join(', ')}; ` +
    `${input.plan.months.length} months, ${input.plan.actions.length} actions, ${Object.keys(input.plan.months.at(-1).gpus).length} GPU types`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
