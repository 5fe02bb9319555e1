// Pins MoE/MLA at scale: the MLA latent cache replicated on every TP rank (sharded under DP-attention), expert parallelism as its own degree with all-to-all cost and expert load imbalance, and "DEP<n>" benchmark rows read as DP-attention + EP.
import { describe, it, expect } from 'vitest';
import {
  CapacityConfigError, DEFAULT_FACTORS, expertImbalance, kvBytesPerToken, kvReplication, perf,
} from '../../src-main/engine/capacity/index.js';
import { observationsFromRows } from '../../src-main/engine/calibration/index.js';
import { GPUS, MODELS, gpu, model } from './capacity-helpers.js';

const F = DEFAULT_FACTORS;
const shape = { input_tokens: 1000, output_tokens: 1000 } as const;

describe('MLA latent cache', () => {
  it('is replicated on every TP rank (no head dimension to split), sharded under DP-attention', () => {
    const ds = model('deepseek-v3');
    expect(kvReplication(ds, 8)).toBe(8);
    expect(kvReplication(ds, 8, true)).toBe(1);
    // GQA: replicated only beyond kv_heads.
    expect(kvReplication(model('llama-3.1-70b'), 8)).toBe(1);
    const tp = perf(gpu('h200-sxm'), ds, { tp: 8, precision: 'fp8', ...shape }, F);
    const dp = perf(gpu('h200-sxm'), ds, { tp: 8, precision: 'fp8', ...shape, dp_attention: true }, F);
    expect(tp.memory.kv_bytes_per_token).toBe(kvBytesPerToken(ds, 1) * 8);
    expect(dp.memory.kv_bytes_per_token).toBe(kvBytesPerToken(ds, 1));
    expect(dp.memory.max_batch).toBeGreaterThanOrEqual(7 * tp.memory.max_batch);
  });
});

describe('expert parallelism', () => {
  it('is validated: MoE models only, ep divides tp', () => {
    expect(() => perf(gpu('h100-sxm'), model('llama-3.1-70b'), { tp: 8, ep: 8, precision: 'fp8', ...shape }, F)).toThrow(CapacityConfigError);
    expect(() => perf(gpu('h100-sxm'), model('mixtral-8x7b'), { tp: 4, ep: 8, precision: 'fp8', ...shape }, F)).toThrow(/must divide tp/);
  });

  it('replaces the MoE all-reduce by all-to-all dispatch + combine, whose cost shows in t_comm', () => {
    const m = model('qwen3-235b-a22b');
    const tp = perf(gpu('h100-sxm'), m, { tp: 8, precision: 'fp8', ...shape, concurrency: 64 }, F);
    const ep = perf(gpu('h100-sxm'), m, { tp: 8, ep: 8, precision: 'fp8', ...shape, concurrency: 64 }, F);
    expect(ep.breakdown.t_comm).toBeGreaterThan(0);
    expect(ep.breakdown.t_comm).not.toBeCloseTo(tp.breakdown.t_comm, 6);
    expect(ep.feasible && tp.feasible).toBe(true);
  });

  it('expert imbalance: the busiest rank carries more than the mean, less so as tokens grow', () => {
    expect(expertImbalance(100, 8, 1)).toBe(1);
    const small = expertImbalance(8, 8, 8), big = expertImbalance(4096, 8, 8);
    expect(small).toBeGreaterThan(big);
    expect(big).toBeGreaterThan(1);
    expect(big).toBeLessThan(1.1);
    // By hand: λ = 4096 × 8 / 8 = 4096; 1 + √(2 ln 8 / 4096) = 1.0319.
    expect(big).toBeCloseTo(1 + Math.sqrt((2 * Math.log(8)) / 4096), 9);
    expect(expertImbalance(4096, 8, 8, 1.5)).toBeCloseTo(1.5 * big, 9);
    expect(expertImbalance(1, 1, 8, 100)).toBe(8);
  });
});

describe('benchmark rows', () => {
  it('"DEP4" in the notes is one 4-GPU replica with DP-attention and EP 4', () => {
    const { observations } = observationsFromRows([
      { source: 'x', gpu_id: 'b200', gpus: '4', model_id: 'deepseek-v3', precision: 'fp4', metric: 'output_tokens_per_s_per_gpu', value: '6000', input_tokens: '1000', output_tokens: '1000', notes: 'parallelism DEP4 (attention data-parallel + expert-parallel; no TP)' },
    ], GPUS, MODELS);
    expect(observations[0]).toMatchObject({ tp: 4, ep: 4, dp_attention: true });
  });
});
