// Pins the capacity engine's monotonicity laws with fast-check: more bandwidth/FLOPS never lowers throughput, a higher batch limit never lowers throughput, TPOT never falls as batch grows, more memory never turns feasible into infeasible.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { perf, DEFAULT_FACTORS, CapacityConfigError, type PerfConfig, type Precision } from '../../src-main/engine/capacity/index.js';
import type { GpuSpec } from '../../src-main/engine/catalog.js';
import { GPUS, MODELS } from './capacity-helpers.js';

const F = DEFAULT_FACTORS;
const precisions: Precision[] = ['bf16', 'fp8', 'int4', 'fp4'];

const arbCase = fc.record({
  g: fc.integer({ min: 0, max: GPUS.length - 1 }),
  m: fc.integer({ min: 0, max: MODELS.length - 1 }),
  tp: fc.constantFrom(1, 2, 4, 8),
  p: fc.constantFrom(...precisions),
  I: fc.integer({ min: 1, max: 8000 }),
  O: fc.integer({ min: 1, max: 2000 }),
  tpot: fc.option(fc.integer({ min: 5, max: 300 }), { nil: null }),
  ttft: fc.option(fc.integer({ min: 50, max: 20000 }), { nil: null }),
});

type Case = { g: number; m: number; tp: number; p: Precision; I: number; O: number; tpot: number | null; ttft: number | null };
const cfgOf = (c: Case): PerfConfig => ({ tp: c.tp, precision: c.p, input_tokens: c.I, output_tokens: c.O, tpot_ms: c.tpot, ttft_ms: c.ttft });

/** perf, or null when the config itself is invalid (tp not dividing heads). */
function run(gpu: GpuSpec, c: Case, extra: Partial<PerfConfig> = {}) {
  try {
    return perf(gpu, MODELS[c.m], { ...cfgOf(c), ...extra }, F);
  } catch (e) {
    if (e instanceof CapacityConfigError) return null;
    throw e;
  }
}

const scale = (g: GpuSpec, k: { bw?: number; flops?: number; hbm?: number }): GpuSpec => ({
  ...g,
  mem_bw_bytes_s: g.mem_bw_bytes_s * (k.bw ?? 1),
  bf16_flops: g.bf16_flops * (k.flops ?? 1),
  fp8_flops: g.fp8_flops === null ? null : g.fp8_flops * (k.flops ?? 1),
  int8_ops: g.int8_ops === null ? null : g.int8_ops * (k.flops ?? 1),
  fp4_flops: g.fp4_flops === null ? null : g.fp4_flops * (k.flops ?? 1),
  hbm_bytes: g.hbm_bytes * (k.hbm ?? 1),
});

const rel = 1 + 1e-9;

describe('capacity engine laws', () => {
  it('more memory bandwidth or more FLOPS never lowers throughput (nor makes it infeasible)', () => {
    fc.assert(fc.property(arbCase, fc.double({ min: 1, max: 4, noNaN: true }), fc.boolean(), (c, k, bw) => {
      const a = run(GPUS[c.g], c);
      if (!a) return;
      const b = run(scale(GPUS[c.g], bw ? { bw: k } : { flops: k }), c)!;
      if (a.feasible) expect(b.feasible).toBe(true);
      expect(b.output_tokens_per_s * rel).toBeGreaterThanOrEqual(a.output_tokens_per_s);
    }), { numRuns: 300 });
  });

  it('throughput never falls as the batch limit grows', () => {
    fc.assert(fc.property(arbCase, fc.integer({ min: 1, max: 512 }), fc.integer({ min: 1, max: 512 }), (c, x, y) => {
      const [lo, hi] = x <= y ? [x, y] : [y, x];
      const a = run(GPUS[c.g], { ...c, tpot: null, ttft: null }, { concurrency: lo });
      if (!a || !a.feasible) return;
      const b = run(GPUS[c.g], { ...c, tpot: null, ttft: null }, { concurrency: hi })!;
      expect(b.batch).toBeGreaterThanOrEqual(a.batch);
      expect(b.output_tokens_per_s * rel).toBeGreaterThanOrEqual(a.output_tokens_per_s);
    }), { numRuns: 300 });
  });

  it('TPOT and TTFT never fall as the batch grows', () => {
    fc.assert(fc.property(arbCase, fc.integer({ min: 1, max: 512 }), fc.integer({ min: 1, max: 512 }), (c, x, y) => {
      const [lo, hi] = x <= y ? [x, y] : [y, x];
      const a = run(GPUS[c.g], { ...c, tpot: null, ttft: null }, { concurrency: lo });
      if (!a || !a.feasible) return;
      const b = run(GPUS[c.g], { ...c, tpot: null, ttft: null }, { concurrency: hi })!;
      expect(b.tpot_ms * rel).toBeGreaterThanOrEqual(a.tpot_ms);
      expect(b.ttft_ms * rel).toBeGreaterThanOrEqual(a.ttft_ms);
    }), { numRuns: 300 });
  });

  it('more memory never makes a feasible configuration infeasible, nor shrinks the batch', () => {
    fc.assert(fc.property(arbCase, fc.double({ min: 1, max: 3, noNaN: true }), (c, k) => {
      const a = run(GPUS[c.g], c);
      if (!a || !a.feasible) return;
      const b = run(scale(GPUS[c.g], { hbm: k }), c)!;
      expect(b.feasible).toBe(true);
      expect(b.memory.max_batch).toBeGreaterThanOrEqual(a.memory.max_batch);
      expect(b.output_tokens_per_s * rel).toBeGreaterThanOrEqual(a.output_tokens_per_s);
    }), { numRuns: 300 });
  });

  it('an SLO is met whenever the result is feasible', () => {
    fc.assert(fc.property(arbCase, (c) => {
      const r = run(GPUS[c.g], c);
      if (!r || !r.feasible) return;
      if (c.tpot !== null) expect(r.tpot_ms).toBeLessThanOrEqual(c.tpot * rel);
      if (c.ttft !== null) expect(r.ttft_ms).toBeLessThanOrEqual(c.ttft * rel);
      expect(Number.isFinite(r.output_tokens_per_s)).toBe(true);
      expect(r.output_tokens_per_s).toBeGreaterThan(0);
    }), { numRuns: 300 });
  });
});
