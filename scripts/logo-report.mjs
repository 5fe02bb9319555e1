#!/usr/bin/env node
// Leave-one-group-out error of the capacity engine on db/seed/benchmarks_public.csv (issue 13's
// accuracy targets), with four groupings: hold out one whole source, one whole GPU type, one
// whole serving engine, one whole GPU family (a part of an architecture the fit has never seen
// is read with the global factors only); each held-out group is predicted by a fit (warm start
// from the full fit, as in the shipped CV) that never saw it. Also lists the engine × vendor groups with fewer than
// 10 accepted rows. Reads the data only; writes nothing.
// Usage: node scripts/build.mjs main && node scripts/logo-report.mjs [--json] [--skip-shipped]
// (--skip-shipped leaves out the shipped grouping, which test/engine/calibration.test.ts already recomputes;
// --with-staged adds db/seed/benchmarks_staged.csv's rows, to measure them before they are fitted.)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = process.env.LOGO_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mod = (p) => import(pathToFileURL(path.join(root, 'build', 'main', p)).href);
const { gpusFromCsv, modelsFromCsv } = await mod('engine/seed-catalog.js');
const { parseCsvObjects } = await mod('shared/csv.js');
const { Calibrator, observationsFromRows } = await mod('engine/calibration/index.js');
const { SERVING_ENGINES, gpuFamily, vendorFamily } = await mod('engine/capacity/factors.js');

const read = (p) => fs.readFileSync(path.join(root, p), 'utf8');
const gpus = gpusFromCsv(read('db/seed/gpus.csv'));
const models = modelsFromCsv(read('db/seed/models.csv'));
const csvRows = parseCsvObjects(read('db/seed/benchmarks_public.csv'));
if (process.argv.includes('--with-staged')) csvRows.push(...parseCsvObjects(read('db/seed/benchmarks_staged.csv')));
const parsed = observationsFromRows(csvRows, gpus, models);
const { observations } = parsed;
// --no-ratios: without the same-benchmark engine ratios, to measure what they add.
const ratios = process.argv.includes('--no-ratios') ? [] : parsed.ratios;
const rw = process.argv.indexOf('--ratio-weight');
const cal = new Calibrator(gpus, models, rw > 0 ? { ratio_weight: Number(process.argv[rw + 1]) } : {});
const full = cal.fit(observations, undefined, undefined, {}, ratios);

const groupings = {
  'source × GPU × engine (shipped CV)': (o) => o.group,
  source: (o) => o.source,
  gpu: (o) => o.gpu_id,
  engine: (o) => o.engine,
  family: (o) => gpuFamily(gpus.find((g) => g.id === o.gpu_id)),
};
if (process.argv.includes('--skip-shipped')) delete groupings['source × GPU × engine (shipped CV)'];
const report = {};
for (const [name, key] of Object.entries(groupings)) {
  const t0 = Date.now();
  const regroup = (o) => ({ ...o, group: key(o) });
  const cv = cal.crossValidate(observations.map(regroup), full, undefined, 3, ratios.map((q) => ({ ...q, a: regroup(q.a), b: regroup(q.b) })));
  report[name] = {
    seconds: (Date.now() - t0) / 1000, groups: cv.groups, n: cv.n,
    median_abs_pct_error: cv.median_abs_pct_error, p90_abs_pct_error: cv.p90_abs_pct_error,
    by_group: cv.by_group,
    groups_median_above_30: Object.entries(cv.by_group).filter(([, g]) => g.median_abs_pct_error > 30).map(([k, g]) => `${k} ${g.median_abs_pct_error} % (n ${g.n})`),
  };
}
const count = {};
for (const o of observations) count[`${o.engine} × ${o.vendor}`] = (count[`${o.engine} × ${o.vendor}`] ?? 0) + 1;
const vendors = [...new Set(gpus.map((g) => vendorFamily(g)))].filter((v) => v !== 'other').sort();
const thin = [];
for (const e of SERVING_ENGINES) {
  for (const v of vendors) {
    const n = count[`${e} × ${v}`] ?? 0;
    if (n < 10) thin.push(`${e} × ${v}: ${n}`);
  }
}
const out = { rows: observations.length, ratios: full.ratios, in_sample: full.in_sample, report, engine_vendor_rows: count, thin_engine_vendor_groups: thin, vendors };
if (process.argv.includes('--json')) console.log(JSON.stringify(out, null, 2));
else {
  console.log(`${observations.length} accepted rows; in-sample median ${full.in_sample.median_abs_pct_error} % / P90 ${full.in_sample.p90_abs_pct_error} %`);
  for (const q of full.ratios) console.log(`engine ratio ${q.engines} on ${q.gpu_id} ${q.model_id} (rows ${q.rows_a.join('+')} / ${q.rows_b.join('+')}): measured ${q.measured}, fitted model ${q.predicted}`);
  for (const [name, r] of Object.entries(report)) {
    console.log(`leave one ${name} out: ${r.groups} groups, median |error| ${r.median_abs_pct_error} %, P90 ${r.p90_abs_pct_error} % (${r.seconds.toFixed(1)} s)`);
    if (name !== 'source × GPU × engine (shipped CV)') for (const [k, g] of Object.entries(r.by_group)) console.log(`  ${k}: n ${g.n}, median ${g.median_abs_pct_error} %, P90 ${g.p90_abs_pct_error} %`);
  }
  console.log('engine × vendor rows:', Object.entries(count).map(([k, n]) => `${k} ${n}`).join('; '));
  console.log('fewer than 10 rows:', thin.join('; '));
}
