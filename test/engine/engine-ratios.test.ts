// Pins the engine ratios (EngineRatio): short bursts are rejected as absolute figures but two runs
// of one benchmark under two engines become one ln(a ÷ b) the fit must reproduce; the ratio moves
// only the engine levels, and a cross-validation that holds out one side holds the ratio out too.
import { describe, it, expect } from 'vitest';
import { Calibrator, observationsFromRows, RATIO_WEIGHT, type EngineRatio, type Observation } from '../../src-main/engine/calibration/index.js';
import { parseCsvObjects } from '../../src-main/shared/csv.js';
import { servingCapacity, type FactorTable } from '../../src-main/engine/capacity/index.js';
import { BENCH_CSV, GPUS, MODELS, gpu, model } from './capacity-helpers.js';
import { ROOT } from '../helpers/tmp.js';
import fs from 'node:fs';
import path from 'node:path';

const HEADER = 'source,source_url,version,gpu_id,gpus,tp,model_id,precision,engine,scenario,input_tokens,output_tokens,concurrency,metric,value,ttft_ms,tpot_ms,notes,date';
const BURST = '"ShareGPT 1000 prompts via vllm bench serve, request-rate inf"';
const csv = (lines: string[]) => parseCsvObjects([HEADER, ...lines].join('\n'));

describe('engine ratios from same-benchmark bursts', () => {
  it('pairs bursts that differ only in engine, with the vendor\'s usual engine as the reference', () => {
    const rows = csv([
      `Lab,https://x/a.md,v1,ascend-910b,1,1,qwen3-8b,bf16,vLLM (vllm-ascend),offline,217.4,201.5,,output_tokens_per_s,1500,,,${BURST},2025-10-31`,
      `Lab,https://x/a.md,v1,ascend-910b,1,1,qwen3-8b,bf16,MindIE,offline,217.4,201.6,,output_tokens_per_s,2700,,,${BURST},2025-10-31`,
      // Repeats of one engine fit as their geometric mean.
      `Lab,https://x/a.md,v1,ascend-910b,1,1,qwen3-8b,bf16,MindIE,offline,217.4,201.4,,output_tokens_per_s,3000,,,${BURST},2025-10-31`,
      // Another page, a different GPU count, a different prompt length: not the same benchmark.
      `Lab,https://x/b.md,v1,ascend-910b,1,1,qwen3-8b,bf16,MindIE,offline,217.4,201.6,,output_tokens_per_s,9999,,,${BURST},2025-10-31`,
      `Lab,https://x/a.md,v1,ascend-910b,2,2,qwen3-8b,bf16,MindIE,offline,217.4,201.6,,output_tokens_per_s,9999,,,${BURST},2025-10-31`,
      `Lab,https://x/a.md,v1,ascend-910b,1,1,qwen3-8b,bf16,SGLang,offline,300,201.6,,output_tokens_per_s,9999,,,${BURST},2025-10-31`,
    ]);
    const { observations, rejected, ratios } = observationsFromRows(rows, GPUS, MODELS);
    // Still rejected as absolute figures, with the reason they always had.
    expect(observations).toEqual([]);
    expect(rejected.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rejected.every((r) => /burst of 1000 prompts/.test(r.reason))).toBe(true);
    expect(ratios).toHaveLength(1);
    const [q] = ratios;
    expect([q.a.engine, q.b.engine]).toEqual(['vllm', 'mindie']);
    expect(q.rows_a).toEqual([1]);
    expect(q.rows_b).toEqual([2, 3]);
    // ln 1500 − (ln 2700 + ln 3000) / 2, by hand: 7.31322 − (7.90101 + 8.00637) / 2 = −0.64047.
    expect(q.log_ratio).toBeCloseTo(Math.log(1500) - (Math.log(2700) + Math.log(3000)) / 2, 12);
    expect(q.log_ratio).toBeCloseTo(-0.64047, 4);
  });

  it('a row that fails another check is not paired, and keeps its burst reason', () => {
    const rows = csv([
      `Lab,https://x/a.md,v1,ascend-910b,1,1,qwen3-8b,bf16,vLLM (vllm-ascend),offline,217.4,201.5,,output_tokens_per_s,1500,,,${BURST},2025-10-31`,
      `Lab,https://x/a.md,v1,ascend-910b,,,qwen3-8b,bf16,MindIE,offline,217.4,201.6,,output_tokens_per_s,2700,,,${BURST},2025-10-31`,
    ]);
    const { ratios, rejected } = observationsFromRows(rows, GPUS, MODELS);
    expect(ratios).toEqual([]);
    expect(rejected[1].reason).toMatch(/burst of 1000 prompts/);
  });

  it('the shipped file\'s pairs: each side on one page, GPU, model and precision, and MindIE 1.79× vLLM-Ascend among them', () => {
    const { ratios } = observationsFromRows(parseCsvObjects(BENCH_CSV), GPUS, MODELS);
    expect(ratios.length).toBeGreaterThanOrEqual(9);
    // MXFP4 on parts without FP4 (GPUStack's gpt-oss-120b on A100 and H100) is a kernel an engine
    // has or lacks, not an engine level: those bursts stay unpaired.
    expect(ratios.filter((q) => q.a.model_id === 'gpt-oss-120b')).toEqual([]);
    for (const q of ratios) {
      expect(q.a.engine).not.toBe(q.b.engine);
      expect([q.a.gpu_id, q.a.model_id, q.a.precision, q.a.gpus]).toEqual([q.b.gpu_id, q.b.model_id, q.b.precision, q.b.gpus]);
    }
    const ascend = ratios.find((q) => q.a.gpu_id === 'ascend-910b' && q.b.engine === 'mindie')!;
    expect(Math.exp(-ascend.log_ratio)).toBeCloseTo(2711.1 / 1512.21, 6);
  });
});

describe('the fit with engine ratios', () => {
  // Synthetic truth: vLLM-Ascend 0.5× MindIE on the same part; one absolute vLLM-Ascend row.
  const { observations: rows } = observationsFromRows(csv([
    'Lab,https://x/c.md,v1,ascend-910b,4,4,qwen3-32b,bf16,vLLM (vllm-ascend),server,3500,1500,64,output_tokens_per_s,600,,,steady,2025-10-31',
    'Lab,https://x/c.md,v1,ascend-910b,4,4,qwen3-32b,bf16,vLLM (vllm-ascend),server,3500,1500,16,output_tokens_per_s,200,,,steady,2025-10-31',
  ]), GPUS, MODELS);
  const { ratios } = observationsFromRows(csv([
    `Lab,https://x/a.md,v1,ascend-910b,1,1,qwen3-8b,bf16,vLLM (vllm-ascend),offline,217.4,201.5,,output_tokens_per_s,1000,,,${BURST},2025-10-31`,
    `Lab,https://x/a.md,v1,ascend-910b,1,1,qwen3-8b,bf16,MindIE,offline,217.4,201.6,,output_tokens_per_s,2000,,,${BURST},2025-10-31`,
  ]), GPUS, MODELS);
  const cal = new Calibrator(GPUS, MODELS);

  it('moves the fitted MindIE ÷ vLLM gap toward the measured one, through the engine levels only', () => {
    const without = cal.fit(rows, undefined, 6);
    const withRatio = cal.fit(rows, undefined, 6, {}, ratios);
    expect(without.ratios).toEqual([]);
    const [fitted] = withRatio.ratios;
    expect(fitted.engines).toBe('vllm/mindie');
    expect(fitted.measured).toBeCloseTo(0.5, 6);
    // Without the ratio the engines differ only by their priors; with it the gap opens toward 0.5.
    const gapWithout = cal.fit(rows, undefined, 6, {}, ratios.map((q): EngineRatio => ({ ...q, log_ratio: 0 }))).ratios[0].predicted;
    expect(gapWithout).toBeGreaterThan(0.9);
    expect(fitted.predicted).toBeLessThan(0.8);
    expect(fitted.predicted).toBeGreaterThan(0.5 - 1e-9);
    // The absolute vLLM rows stay where they were: the gap went into the engine and family levels.
    const err = (f: typeof without) => cal.errors(rows, f.table, f.datasets);
    err(withRatio).forEach((e, i) => expect(Math.abs(e - err(without)[i])).toBeLessThan(0.05));
    // On Ascend vLLM-Ascend is the reference (referenceEngine): MindIE carries the engine levels.
    expect(Object.keys(withRatio.table.groups).some((k) => k.startsWith('engine:mindie'))).toBe(true);
    expect(Object.keys(withRatio.table.groups).some((k) => k.startsWith('engine:vllm'))).toBe(false);
    expect(RATIO_WEIGHT).toBe(10);
  });

  it('a cross-validation that holds out a ratio\'s side holds the ratio out with it', () => {
    const { observations: mindie } = observationsFromRows(csv([
      'Lab,https://x/d.md,v1,ascend-910b,4,4,qwen3-32b,bf16,MindIE,server,3500,1500,64,output_tokens_per_s,1100,,,steady,2025-10-31',
    ]), GPUS, MODELS);
    const all = [...rows, ...mindie];
    const full = cal.fit(all, undefined, 6, {}, ratios);
    const regroup = (o: Observation) => ({ ...o, group: o.engine });
    const cv = (qs: readonly EngineRatio[]) => cal.crossValidate(all.map(regroup), full, undefined, 3, qs.map((q) => ({ ...q, a: regroup(q.a), b: regroup(q.b) })));
    // Holding out each engine: every held-out unit is a side of the one ratio, so the refits never
    // see it, exactly as with no ratio at all.
    expect(cv(ratios).residuals).toEqual(cv([]).residuals);
    // Holding out by row instead: the ratio's sides are in no held-out unit, so it stays and matters.
    const byRow = (qs: readonly EngineRatio[]) => cal.crossValidate(all.map((o) => ({ ...o, group: `row ${o.row} ${o.engine}` })), full, undefined, 3, qs);
    expect(byRow(ratios).residuals).not.toEqual(byRow([]).residuals);
  });
});

describe('the shipped fit on shapes no ratio was measured at', () => {
  // The only evidence on MindIE is the ratio: 1.79× vLLM-Ascend on a Qwen3-8B burst. The levels act per
  // factor, so the gap need not carry whole to another shape, but it must not turn round: with MindIE as
  // Ascend's reference, the vLLM levels fitted on NVIDIA gave the demo's TPOT-bound chat pool MindIE at
  // 0.69× vLLM-Ascend.
  const table = JSON.parse(fs.readFileSync(path.join(ROOT, 'db', 'seed', 'calibration.json'), 'utf8')).factors as FactorTable;
  const shapes = [
    { model: 'ernie-4.5-300b-a47b', tp: 8, precision: 'int8' as const, wl: { input_tokens: 1500, output_tokens: 400, tpot_ms: 50 } },
    { model: 'ernie-4.5-300b-a47b', tp: 8, precision: 'int8' as const, wl: { input_tokens: 2000, output_tokens: 500 } },
    { model: 'qwen3-32b', tp: 4, precision: 'int8' as const, wl: { input_tokens: 3500, output_tokens: 1500, tpot_ms: 50 } },
    { model: 'qwen3-8b', tp: 1, precision: 'bf16' as const, wl: { input_tokens: 217.4, output_tokens: 201.5 } },
  ];
  it.each(shapes)('MindIE is not below vLLM-Ascend on a 910B: $model tp $tp', ({ model: m, tp, precision, wl }) => {
    const at = (engine: 'mindie' | 'vllm') => servingCapacity(gpu('ascend-910b'), model(m), wl, table, { tp, precision, engine });
    const mindie = at('mindie'), vllm = at('vllm');
    expect(vllm.feasible).toBe(true);
    expect(mindie.output_tokens_per_s_per_gpu / vllm.output_tokens_per_s_per_gpu).toBeGreaterThanOrEqual(1);
    expect(mindie.output_tokens_per_s_per_gpu / vllm.output_tokens_per_s_per_gpu).toBeLessThan(1.8);
  });
});
