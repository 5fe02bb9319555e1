// Fleet timeline and Monte Carlo crash forecast. Targets (issue 4): deterministic 60-month
// timeline for 200 clusters < 20 ms; Monte Carlo 10,000 paths × 60 months < 1 s on 2 cores, also
// with the capacity engine's error drawn per (family, engine) per path (issue 13).
import fs from 'node:fs';
import { measure, baseline, table } from './lib.mjs';
import { compile, timeline } from '../build/main/engine/timeline/index.js';
import { monteCarlo } from '../build/main/engine/montecarlo/index.js';
import { scenarioSchema } from '../build/main/engine/demand/scenario.js';
import { runMonteCarloInWorkers } from '../build/main/workers/montecarlo-worker.js';
import { gpuFamily, defaultEngine } from '../build/main/engine/capacity/factors.js';

const A = { assumed: 'bench' };
const u = (value, p10, p90) => (p10 === undefined ? { value, ...A } : { value, p10, p90, ...A });
const prof = Array.from({ length: 24 }, (_, h) => 1 + 0.4 * Math.cos((2 * Math.PI * (h - 14)) / 24));
const sum = prof.reduce((a, b) => a + b, 0);

export function benchInput() {
  const scenario = scenarioSchema.parse({
    name: 'bench', title: 'Bench', start_month: '2026-01', horizon_months: 60, currency: 'USD',
    users: { kind: 'logistic', start: u(2e8, 1.5e8, 3e8), ceiling: u(1e9, 6e8, 1.4e9), monthly_growth: u(0.04, 0.02, 0.07) },
    dau_share: u(0.4, 0.3, 0.5),
    classes: [
      { id: 'chat', label: 'Chat', kind: 'chat', pool: 'big', requests_per_dau: u(4, 3, 6), input_tokens: u(1000), output_tokens: u(300, 200, 500), ttft_ms: u(2000), tpot_ms: u(50) },
      { id: 'voice', label: 'Voice', kind: 'voice', pool: 'big', media_pool: 'media', requests_per_dau: u(0.2, 0.1, 0.5), input_tokens: u(800), output_tokens: u(200), stt_gpu_s: u(0.5, 0.2, 1), tts_gpu_s: u(1, 0.5, 2), ttft_ms: u(2800), tpot_ms: u(50) },
      { id: 'image', label: 'Image', kind: 'image', pool: 'media', requests_per_dau: u(0.05, 0.02, 0.1), input_tokens: u(0), output_tokens: u(0), image_gpu_s: u(4, 2, 8), ttft_ms: u(10000), tpot_ms: u(50) },
      { id: 'api', label: 'API', kind: 'api', pool: 'small', tokens_per_day: u(2e11, 1e11, 4e11), api_monthly_growth: u(0.06, 0.03, 0.1), input_tokens: u(1500, 800, 3000), output_tokens: u(300, 150, 600), ttft_ms: u(3000), tpot_ms: u(50) },
    ],
    diurnal: { profile: prof.map((x) => x / sum), burst_factor: u(1.2, 1.1, 1.5), ...A },
    events: [
      { id: 'launch', label: 'Launch', start_date: '2026-06-10', days: 5, class: 'chat', multiplier: u(1.6, 1.2, 2.2), ...A },
      { id: 'free-voice', label: 'Voice free', start_date: '2027-03-01', days: 3, class: 'voice', multiplier: u(1), shift: { from: 'chat', to: 'voice', share: u(0.1, 0.03, 0.25) }, ...A },
    ],
    pools: ['big', 'small', 'media'].map((id) => ({ id, label: id, model_id: id === 'media' ? null : 'm', precision: 'bf16', tp: 8, clusters: [], availability: u(0.95, 0.9, 0.98), ttft_tail: u(0.05) })),
  });
  const gpusT = ['h100-sxm', 'a100-sxm-80gb', 'h20', 'ascend-910b'];
  const cap = (tok, slots, gpr) => ({ output_tokens_per_s_per_gpu: tok, requests_per_s_per_gpu: tok / 300, slots_per_replica: slots, gpus_per_replica: gpr, ttft_ms: 200, feasible: true });
  const capacity = [
    { pool_id: 'big', by_gpu: Object.fromEntries(gpusT.map((g, i) => [g, cap(300 - 50 * i, 64, 8)])) },
    { pool_id: 'small', by_gpu: Object.fromEntries(gpusT.map((g, i) => [g, cap(2000 - 300 * i, 128, 1)])) },
    { pool_id: 'media', by_gpu: Object.fromEntries(gpusT.map((g) => [g, { ...cap(0, 1, 1), requests_per_s_per_gpu: 0.3 }])) },
  ];
  const fleet = [];
  for (let i = 0; i < 200; i++) {
    const pool = ['big', 'big', 'small', 'media'][i % 4];
    const fm = 1 + (i * 7) % 59, y = 2025 + Math.floor((fm - 1) / 12) + (i % 3 === 0 ? 0 : 1), mo = ((fm - 1) % 12) + 1;
    fleet.push({ pool_id: pool, gpu_id: gpusT[i % 4], gpus: 256 + 64 * (i % 9), from: i % 2 === 0 ? null : `${y}-${String(mo).padStart(2, '0')}`, to: i % 5 === 0 ? '2029-12' : null });
  }
  return { scenario, capacity, fleet };
}

export default async function run() {
  const input = benchInput();
  const base = await baseline();
  const det = await measure('deterministic timeline: compile + 60 months, 200 clusters', () => timeline(compile(input)), { iterations: 20, warmup: 3 });
  det.target_ms = 20;
  const model = compile(input);
  const one = await measure('Monte Carlo 10,000 × 60 months, 1 thread', () => monteCarlo(model, 10_000, 1), { iterations: 3, warmup: 1 });
  const two = await measure('Monte Carlo 10,000 × 60 months, 2 workers', () => runMonteCarloInWorkers(input, 10_000, 1, {}, 2), { iterations: 3, warmup: 1 });
  two.target_ms = 1000;
  // The same with the shipped calibration's held-out residuals as the engine's error.
  const residuals = JSON.parse(fs.readFileSync(new URL('../db/seed/calibration.json', import.meta.url), 'utf8')).cv.residuals;
  const vendor = { 'h100-sxm': 'NVIDIA', 'a100-sxm-80gb': 'NVIDIA', h20: 'NVIDIA', 'ascend-910b': 'Huawei' };
  const withErr = {
    ...input, capacity_error: { residuals },
    capacity: input.capacity.map((p) => ({ ...p, by_gpu: Object.fromEntries(Object.entries(p.by_gpu).map(([g, c]) => [g, { ...c, error_key: `${gpuFamily({ id: g, vendor: vendor[g] })}|${defaultEngine({ id: g, vendor: vendor[g] })}` }])) })),
  };
  const errModel = compile(withErr);
  const oneE = await measure('Monte Carlo 10,000 × 60, capacity error, 1 thread', () => monteCarlo(errModel, 10_000, 1), { iterations: 3, warmup: 1 });
  const twoE = await measure('Monte Carlo 10,000 × 60, capacity error, 2 workers', () => runMonteCarloInWorkers(withErr, 10_000, 1, {}, 2), { iterations: 3, warmup: 1 });
  twoE.target_ms = 1000;
  table('timeline', base, [det, one, two, oneE, twoE]);
  console.log(`capacity error groups: ${errModel.capErr?.dists.map((d) => `${d.key} (n ${d.n})`).join(', ')}`);
  const r = timeline(model);
  const mc = monteCarlo(model, 10_000, 1);
  console.log(`deterministic crash ${r.crash_month}; Monte Carlo crash P10/P50/P90 ${JSON.stringify(mc.crash_month)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
