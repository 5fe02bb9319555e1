#!/usr/bin/env node
// Regenerates db/seed/calibration.json: fits the capacity engine's efficiency factors on
// db/seed/benchmarks_public.csv (a copy of shared/data/benchmarks_public.csv) and records the
// leave-one-group-out report and provenance (file hash, date, n, method).
// Usage: node scripts/build.mjs main && node scripts/fit-calibration.mjs [--date YYYY-MM-DD] [--no-cv]
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mod = (p) => import(pathToFileURL(path.join(root, 'build', 'main', p)).href);
const { gpusFromCsv, modelsFromCsv } = await mod('engine/seed-catalog.js');
const { parseCsvObjects } = await mod('shared/csv.js');
const { runCalibration } = await mod('engine/calibration/index.js');

const args = process.argv.slice(2);
const dateArg = args.indexOf('--date');
const fittedOn = dateArg >= 0 ? args[dateArg + 1] : new Date().toISOString().slice(0, 10);
const read = (p) => fs.readFileSync(path.join(root, p), 'utf8');
const dataPath = 'db/seed/benchmarks_public.csv';
const text = read(dataPath);
const t0 = Date.now();
const run = runCalibration(
  [{ path: dataPath, rows: parseCsvObjects(text), sha256: crypto.createHash('sha256').update(text).digest('hex') }],
  gpusFromCsv(read('db/seed/gpus.csv')), modelsFromCsv(read('db/seed/models.csv')),
  { fittedOn, cv: !args.includes('--no-cv'), onProgress: (d, t) => process.stderr.write(`\rfit ${d}/${t}`) },
);
process.stderr.write('\n');
const out = path.join(root, 'db', 'seed', 'calibration.json');
fs.writeFileSync(out, JSON.stringify(run.file, null, 2) + '\n');
const cv = run.file.cv;
console.log(`wrote ${path.relative(root, out)} in ${((Date.now() - t0) / 1000).toFixed(1)} s: n=${run.file.provenance.n}, rejected=${run.rejected.length}, ` +
  `in-sample median ${run.file.in_sample.median_abs_pct_error}% / P90 ${run.file.in_sample.p90_abs_pct_error}%` +
  (cv ? `; LOGO CV median ${cv.median_abs_pct_error}% / P90 ${cv.p90_abs_pct_error}% over ${cv.groups} groups` : ''));
