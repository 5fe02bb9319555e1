// Pins risk-targeted sizing (engine/montecarlo/risk.ts) and the served-token accounting in the timeline: the same seed gives the same need, a higher service level never needs less, sizing a fleet to the quantile brings each month's P(overload) to about 1 − level; served tokens are Σ of the days (event days only on their dates), capped at capacity.
import { describe, it, expect } from 'vitest';
import { compile, timeline } from '../../src-main/engine/timeline/index.js';
import { monteCarlo } from '../../src-main/engine/montecarlo/index.js';
import { demandScale } from '../../src-main/engine/montecarlo/risk.js';
import { baseScenario, input } from './helpers.js';

describe('demandScale', () => {
  const s = baseScenario({ horizon_months: 12 });
  const model = compile(input(s, 512));

  it('is deterministic for a seed and monotone in the service level', () => {
    const a = demandScale(model, 400, 7, 0.9);
    const b = demandScale(model, 400, 7, 0.9);
    expect(a).toEqual(b);
    const lo = demandScale(model, 400, 7, 0.5);
    const hi = demandScale(model, 400, 7, 0.99);
    for (let m = 0; m < 12; m++) {
      expect(lo.pools[0].scale[m]).toBeLessThanOrEqual(a.pools[0].scale[m]);
      expect(a.pools[0].scale[m]).toBeLessThanOrEqual(hi.pools[0].scale[m]);
    }
    // Uncertain growth widens the spread with time: the P90 need grows relative to the median.
    expect(a.pools[0].scale[11]).toBeGreaterThan(a.pools[0].scale[0]);
    expect(a.pools[0].scale[0]).toBeGreaterThan(1);
  });

  it('a fleet sized to the 0.9 need holds each month with P(overload) near 0.1 or less', () => {
    // Size the fleet month by month: GPUs = deterministic GPUs needed × scale (whole replicas of 8).
    const det = timeline(model);
    const sc = demandScale(model, 2000, 3, 0.9);
    const fleet = det.months.map((m, i) => {
      const pm = m.pools[0];
      const perGpu = pm.capacity_output_tokens_per_s / pm.gpus_up;
      const need = (pm.peak_output_tokens_per_s / pm.safe_utilisation) * sc.pools[0].scale[i];
      const gpus = Math.ceil(need / perGpu / 0.95 / 8) * 8;
      return { pool_id: 'main', gpu_id: 'a100-sxm-80gb', gpus, from: m.month, to: m.month };
    });
    const mc = monteCarlo(compile({ ...input(s), fleet }), 2000, 11);
    // Monte Carlo error of a proportion near 0.1 with 2000 paths: ±2·sqrt(0.09/2000) ≈ 0.013; larger fleets also get a higher safe utilisation.
    for (const p of mc.p_overload) expect(p).toBeLessThanOrEqual(0.1 + 0.03);
  });
});

describe('served tokens', () => {
  it('are the days’ own tokens: an event adds only on its dates, and an overloaded pool serves its capacity', () => {
    const plain = baseScenario({ horizon_months: 2 });
    const withEvent = baseScenario({
      horizon_months: 2,
      events: [{ id: 'launch', label: 'Launch', start_date: '2024-01-10', days: 2, class: null, multiplier: { value: 3, assumed: 'test' }, assumed: 'test' }],
    } as never);
    const a = timeline(compile(input(plain, 4096))).months[0];
    const b = timeline(compile(input(withEvent, 4096))).months[0];
    // 31 days; two of them at 3×: served = 31 + 2 × (3 − 1) = 35 ordinary days' worth (capacity not binding).
    expect(b.served_output_tokens / a.served_output_tokens).toBeCloseTo(35 / 31, 6);
    expect(a.served_output_tokens).toBeCloseTo(a.demanded_output_tokens, 3);
    // Input + output: 500 in + 300 out per request.
    expect(a.served_total_tokens / a.served_output_tokens).toBeCloseTo(800 / 300, 6);
    const small = timeline(compile(input(plain, 8))).months[0];
    expect(small.served_output_tokens).toBeLessThan(small.demanded_output_tokens);
    expect(small.served_output_tokens).toBeLessThanOrEqual(small.capacity_output_tokens_per_s * 31 * 86400 + 1e-6);
  });
});
