// Pins the "capacity on thin evidence" warning (issue 13): the measured rows per GPU × engine are
// read from the calibration's CV groups and agree with the accepted rows of the public file; a
// plan names every (pool, GPU type) whose engine has fewer than 10 of them — the demo's Ascend 910B
// under MindIE has none — on the plan, the Timeline and the Plan page's result alike.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/tmp.js';
import { BENCH_CSV, GPUS, MODELS } from './capacity-helpers.js';
import { observationsFromRows } from '../../src-main/engine/calibration/index.js';
import { parseCsvObjects } from '../../src-main/shared/csv.js';
import { capacityCoverageWarnings, coverageOf, MIN_MEASURED_ROWS, ratioFor, rowCountsFromGroups } from '../../src-main/engine/calibration/coverage.js';
import { coverageWarnings } from '../../src-main/engine/plan/index.js';
import { noteZhOrNull } from '../../src-main/shared/notes-zh.js';
import { deterministicFromDb } from '../helpers/plan.js';
import type { WritableDB } from '../../src-main/store/handles.js';
import type { GpuSpec } from '../../src-main/engine/catalog.js';
import { openDemoDb, closeDemoDb } from '../helpers/demo-db.js';

const SPECS: Record<string, GpuSpec> = Object.fromEntries(GPUS.map((g) => [g.id, g]));
const shipped = JSON.parse(fs.readFileSync(path.join(ROOT, 'db/seed/calibration.json'), 'utf8')) as { cv: { by_group: Record<string, { n: number }> } };

describe('measured rows per GPU × engine', () => {
  it('are summed over sources from the CV groups, even when a source name holds " × "', () => {
    const counts = rowCountsFromGroups({
      'Lab A × h100-sxm × vllm': { n: 3, median_abs_pct_error: 1, p90_abs_pct_error: 1 } as never,
      'Lab B (H100 × H200 shoot-out) × h100-sxm × vllm': { n: 4 },
      'Lab B (H100 × H200 shoot-out) × h200-sxm × trt-llm': { n: 5 },
      'no engine here': { n: 9 },
    });
    expect(counts).toEqual({ 'h100-sxm|vllm': 7, 'h200-sxm|trt-llm': 5 });
    expect(rowCountsFromGroups(null)).toBeNull();
    const c = coverageOf(counts!, SPECS['h200-sxm'], 'vllm', SPECS);
    expect(c).toEqual({ gpu_id: 'h200-sxm', engine: 'vllm', family: 'hopper', rows: 0, family_rows: 7, gpu_rows: 5 });
    // No engine given: the vendor's usual one (TensorRT-LLM on NVIDIA).
    expect(coverageOf(counts!, SPECS['h200-sxm'], null, SPECS)).toMatchObject({ engine: 'trt-llm', rows: 5, family_rows: 5 });
  });

  it('read from the shipped calibration equal the accepted rows of the public file, per GPU and engine', () => {
    const counts = rowCountsFromGroups(shipped.cv.by_group)!;
    const { observations } = observationsFromRows(parseCsvObjects(BENCH_CSV), GPUS, MODELS);
    const direct: Record<string, number> = {};
    for (const o of observations) direct[`${o.gpu_id}|${o.engine}`] = (direct[`${o.gpu_id}|${o.engine}`] ?? 0) + 1;
    expect(counts).toEqual(direct);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(observations.length);
  });

  it('warn once per pool, GPU type and engine below the bar, naming the counts and the Monte Carlo error used', () => {
    const counts = { 'h100-sxm|trt-llm': 469, 'ascend-910b|vllm': 3, 'ascend-910c|vllm': 4, 'mi300x|vllm': MIN_MEASURED_ROWS - 1 };
    const pairs = [
      { pool: 'chat', gpu_id: 'h100-sxm', engine: null },
      { pool: 'chat', gpu_id: 'ascend-910b', engine: null },
      { pool: 'chat', gpu_id: 'ascend-910b', engine: null },
      { pool: 'api', gpu_id: 'ascend-910b', engine: 'vllm' as const },
      { pool: 'api', gpu_id: 'mi300x', engine: 'vllm' as const },
      { pool: 'api', gpu_id: 'no-such-gpu', engine: null },
    ];
    const dists = [{ key: 'ascend|mindie', mu: 0, sigma: 0.2, n: 0, basis: 'pooled' as const }, { key: 'ascend|vllm', mu: -0.1, sigma: 0.3, n: 7, basis: 'own' as const }];
    const w = capacityCoverageWarnings(pairs, counts, SPECS, new Map([['ascend-910b', 'Huawei Ascend 910B']]), dists);
    expect(w.map((x) => [x.pool, x.gpu_id, x.engine, x.rows, x.family_rows, x.gpu_rows])).toEqual([
      ['chat', 'ascend-910b', 'mindie', 0, 0, 3],
      ['api', 'ascend-910b', 'vllm', 3, 7, 3],
      ['api', 'mi300x', 'vllm', 9, 9, 9],
    ]);
    expect(w.every((x) => x.code === 'capacity_unmeasured')).toBe(true);
    expect(w[0].message).toContain('no published measurement of Huawei Ascend 910B under MindIE');
    expect(w[0].message).toContain('other engines or GPU families');
    expect(w[0].message).toContain('the held-out residuals of all groups, sd 20 %');
    expect(w[1].message).toContain('only 3 published measurements');
    expect(w[1].message).toContain('(7 kept, shrunk toward all groups), sd 30 %');
    // Unknown coverage (an uncalibrated plan) warns of nothing rather than of everything.
    expect(capacityCoverageWarnings(pairs, null, SPECS)).toEqual([]);
  });

  it('an engine with no row of its own shows its same-benchmark ratio, measured and as fitted, read from its side', () => {
    const ratio = { source: 'GPUStack', gpu_id: 'ascend-910b', model_id: 'qwen3-8b', engines: 'vllm/mindie', rows_a: [1], rows_b: [2], measured: 0.5578, predicted: 0.7895 };
    // MindIE ÷ vLLM is the inverse of the stored vLLM ÷ MindIE: 1 ÷ 0.5578 = 1.793, 1 ÷ 0.7895 = 1.267.
    expect(ratioFor([ratio], 'ascend-910b', 'mindie')).toEqual({ vs: 'vllm', model_id: 'qwen3-8b', measured: 1.793, fitted: 1.267 });
    expect(ratioFor([ratio], 'ascend-910b', 'vllm')).toEqual({ vs: 'mindie', model_id: 'qwen3-8b', measured: 0.558, fitted: 0.79 });
    expect(ratioFor([ratio], 'ascend-910c', 'mindie')).toBeNull();
    const counts = { 'ascend-910b|vllm': 3 };
    const [w] = capacityCoverageWarnings([{ pool: 'chat', gpu_id: 'ascend-910b', engine: 'mindie' }], counts, SPECS, new Map(), [], [ratio]);
    expect(w).toMatchObject({ ratio_vs: 'vllm', ratio_model: 'qwen3-8b', ratio_measured: 1.793, ratio_fitted: 1.267 });
    expect(w.message).toContain('a same-benchmark run on this GPU measured MindIE at 1.79× vLLM (qwen3-8b), the fitted model gives 1.27×');
    // Reports in Chinese translate the whole message, the ratio included (shared/notes-zh.ts).
    const zh = noteZhOrNull(w.message);
    expect(zh).toContain('同一基准在该型号上实测 MindIE 为 vLLM 的 1.79 倍（qwen3-8b），拟合模型给出 1.27 倍');
    expect(zh).not.toMatch(/same-benchmark|fitted model/);
    // The same fitted gap on the pool's own workload, as the plan computes it, read in both languages.
    const [here] = capacityCoverageWarnings([{ pool: 'chat', gpu_id: 'ascend-910b', engine: 'mindie' }], counts, SPECS, new Map(), [], [ratio],
      (pool, gpuId, engine, vs) => (pool === 'chat' && gpuId === 'ascend-910b' && engine === 'mindie' && vs === 'vllm' ? 1.04449 : null));
    expect(here.ratio_here).toBe(1.044);
    expect(here.message).toContain("the fitted model gives 1.27× (on this pool's workload 1.04×); add measured rows");
    expect(noteZhOrNull(here.message)).toContain('拟合模型给出 1.27 倍（在本资源池的负载上为 1.04 倍）；据此采购前');
    expect(w.ratio_here).toBeUndefined();
    // Without a ratio the warning is as before.
    const [plain] = capacityCoverageWarnings([{ pool: 'chat', gpu_id: 'ascend-910b', engine: 'mindie' }], counts, SPECS);
    expect(plain.ratio_measured).toBeUndefined();
    expect(plain.message).not.toContain('same-benchmark');
  });
});

describe('the demo plans', () => {
  let db: WritableDB;
  beforeAll(() => { db = openDemoDb(); });
  afterAll(() => closeDemoDb(db));

  it('flag the Ascend 910B under MindIE (no measured row) and leave the well-measured H100 and MI300X alone', () => {
    const ernie = deterministicFromDb(db, { scenario: 'ernie-growth-2026' }, ROOT);
    const w = coverageWarnings(ernie.world, ernie.inputs, ernie.model);
    const a910 = w.filter((x) => x.gpu_id === 'ascend-910b');
    expect(a910.length).toBeGreaterThan(0);
    for (const x of a910) expect(x).toMatchObject({ engine: 'mindie', rows: 0, family_rows: 0 });
    // The shipped calibration's GPUStack ratio is the MindIE evidence the warning shows (2,711.1 ÷ 1,512.21 = 1.793).
    for (const x of a910) expect(x).toMatchObject({ ratio_vs: 'vllm', ratio_model: 'qwen3-8b', ratio_measured: 1.793 });
    expect(a910[0].ratio_fitted!).toBeLessThan(a910[0].ratio_measured!);
    // And the gap on each pool's own workload: what the plan buys on, never below vLLM-Ascend's (engine-ratios.test).
    for (const x of a910) expect(x.ratio_here!).toBeGreaterThanOrEqual(1);
    for (const x of a910) expect(x.message).toContain(`on this pool's workload ${Math.round(x.ratio_here! * 100) / 100}×`);
    // Every GPU type of every pool is either flagged or has at least the bar's rows.
    const counts = ernie.world.calibration_rows!;
    for (const r of ernie.inputs.rows) {
      const c = coverageOf(counts, SPECS[r.gpu_id], null, SPECS);
      expect(w.some((x) => x.pool === r.pool_id && x.gpu_id === r.gpu_id)).toBe(c.rows < MIN_MEASURED_ROWS);
    }
    const chat = deterministicFromDb(db, { scenario: 'chatgpt-2023-11' }, ROOT);
    expect(coverageWarnings(chat.world, chat.inputs, chat.model)).toEqual([]);
    // GPU types the plan buys are checked too, not only the fleet's.
    const bought = coverageWarnings(chat.world, chat.inputs, chat.model, [{ gpu_id: 'ascend-910c', pools: { [chat.inputs.rows[0].pool_id]: 8 } }]);
    expect(bought.map((x) => x.gpu_id)).toEqual(['ascend-910c']);
  });
});
