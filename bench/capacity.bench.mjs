// Capacity engine. Targets (issue 3): the whole grid (every GPU × model × tp ∈ {1,2,4,8} ×
// 4 precisions × 3 request shapes) in-process < 50 ms; `perf --batch` with 10,000 rows as a
// child process, end to end < 2 s. Run after `npm run build` (npm run bench does it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measure, baseline, table } from './lib.mjs';
import { perf, CapacityConfigError } from '../build/main/engine/capacity/index.js';
import { gpusFromCsv, modelsFromCsv } from '../build/main/engine/seed-catalog.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (p) => fs.readFileSync(path.join(root, p), 'utf8');
const gpus = gpusFromCsv(read('db/seed/gpus.csv'));
const models = modelsFromCsv(read('db/seed/models.csv'));
const factors = JSON.parse(read('db/seed/calibration.json')).factors;
const precisions = ['bf16', 'fp8', 'int4', 'fp4'];
const shapes = [{ input_tokens: 128, output_tokens: 128 }, { input_tokens: 1000, output_tokens: 300 }, { input_tokens: 8000, output_tokens: 500 }];

function grid(slo) {
  let ok = 0, invalid = 0, infeasible = 0, sink = 0;
  for (const g of gpus) for (const m of models) for (const tp of [1, 2, 4, 8]) for (const precision of precisions) for (const s of shapes) {
    try {
      const r = perf(g, m, { tp, precision, ...s, tpot_ms: slo ? 50 : null, ttft_ms: slo ? 2000 : null }, factors);
      if (r.feasible) { ok++; sink += r.output_tokens_per_s; } else infeasible++;
    } catch (e) {
      if (!(e instanceof CapacityConfigError)) throw e;
      invalid++;
    }
  }
  return { ok, invalid, infeasible, sink };
}

const n = gpus.length * models.length * 4 * precisions.length * shapes.length;
const counts = grid(false);
const base = await baseline();
const offline = await measure(`grid offline (${n} configs)`, () => grid(false), { iterations: 7, warmup: 2 });
const slo = await measure(`grid with TPOT 50 ms / TTFT 2 s SLOs (${n})`, () => grid(true), { iterations: 7, warmup: 2 });

// perf --batch: 10,000 rows through the real CLI.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-bench-'));
const csv = path.join(dir, 'rows.csv');
const lines = ['gpu_id,model_id,tp,pp,precision,input_tokens,output_tokens,concurrency,tpot_ms,ttft_ms'];
for (let i = 0; lines.length <= 10_000; i++) {
  const g = gpus[i % gpus.length], m = models[(i * 7) % models.length];
  const tp = [1, 2, 4, 8][i % 4];
  if (m.attention_heads % tp) continue;
  lines.push([g.id, m.id, tp, '', precisions[i % 4], 200 + (i % 50) * 40, 100 + (i % 13) * 30, i % 3 === 0 ? 32 : '', i % 5 === 0 ? 60 : '', ''].join(','));
}
fs.writeFileSync(csv, lines.join('\n'));
const cli = path.join(root, 'bin', 'headroom.mjs');
let rows = 0;
const batch = await measure('perf --batch 10,000 rows (child process)', () => {
  const r = spawnSync(process.execPath, [cli, 'perf', '--batch', csv, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`perf --batch exited ${r.status}: ${r.stderr}`);
  rows = JSON.parse(r.stdout).length;
}, { iterations: 3, warmup: 1 });
const startup = await measure('CLI start-up: headroom perf (one config)', () => {
  const r = spawnSync(process.execPath, [cli, 'perf', '--gpu', 'h100-sxm', '--model', 'llama-3.1-70b', '--tp', '4', '--precision', 'fp8', '--input-tokens', '1000', '--output-tokens', '200', '--json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}, { iterations: 3, warmup: 1 });
// CPU seconds (user + system), which a busy shared machine inflates far less than wall time.
const cpuOf = (fn) => { const c0 = process.cpuUsage(); fn(); const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };
const gridCpu = Math.min(...[0, 1, 2].map(() => cpuOf(() => grid(false))));
const childCpu = (args) => {
  if (!fs.existsSync('/usr/bin/time')) return NaN;
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const last = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return (last[0] + last[1]) * 1000;
};
const batchCpu = childCpu(['perf', '--batch', csv, '--json']);
const startCpu = childCpu(['perf', '--gpu', 'h100-sxm', '--model', 'llama-3.1-70b', '--tp', '4', '--precision', 'fp8', '--input-tokens', '1000', '--output-tokens', '200', '--json']);
fs.rmSync(dir, { recursive: true, force: true });

table('capacity engine', base, [
  { ...offline, target_ms: 50 },
  { ...slo, target_ms: 50 },
  { ...batch, target_ms: 2000 },
  startup,
]);
console.log(`grid: ${counts.ok} feasible, ${counts.infeasible} infeasible, ${counts.invalid} invalid tp; ` +
  `${(offline.median_ms * 1000 / n).toFixed(2)} µs per config offline, ${(slo.median_ms * 1000 / n).toFixed(2)} µs with SLOs; batch returned ${rows} rows`);
console.log(`CPU time: grid ${gridCpu.toFixed(0)} ms; perf --batch 10,000 rows ${batchCpu.toFixed(0)} ms; CLI start-up with one config ${startCpu.toFixed(0)} ms ` +
  `(so the 10,000 rows themselves cost ${(batchCpu - startCpu).toFixed(0)} ms)`);
// Wall beyond CPU is waiting (a loaded machine, disk): both, with their ratio to this process's baseline.
console.log(`perf --batch 10,000 rows: wall ${batch.median_ms.toFixed(0)} ms (${(batch.median_ms / base.median_ms).toFixed(2)} × base), ` +
  `CPU ${batchCpu.toFixed(0)} ms (${(batchCpu / base.median_ms).toFixed(2)} × base), wall/CPU ${(batch.median_ms / batchCpu).toFixed(2)}; ` +
  `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs`);
