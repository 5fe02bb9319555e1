// Pins tail latency of one replica under Poisson arrivals: p99 ≥ p50, tails grow with the arrival rate, a rate beyond the replica's capacity is infeasible with a reason, SLOs are checked on the p99s, and SLOs without a rate report tails at the utilisation ceiling.
import { describe, it, expect } from 'vitest';
import { DEFAULT_FACTORS, DEFAULT_UTILISATION_CEILING, perf } from '../../src-main/engine/capacity/index.js';
import { gpu, model } from './capacity-helpers.js';

const F = DEFAULT_FACTORS;
const cfg = { tp: 4, precision: 'fp8', input_tokens: 1000, output_tokens: 200 } as const;
const run = (extra: Record<string, unknown>) => perf(gpu('h100-sxm'), model('llama-3.1-70b'), { ...cfg, ...extra }, F);

describe('tail latency at an arrival rate', () => {
  const cap = run({}).requests_per_s;

  it('p99 is at least p50, and both grow with the load', () => {
    const lo = run({ arrival_rate: 0.1 * cap }).tail!;
    const hi = run({ arrival_rate: 0.8 * cap }).tail!;
    for (const t of [lo, hi]) {
      expect(t.ttft_p99_ms).toBeGreaterThanOrEqual(t.ttft_p50_ms);
      expect(t.tpot_p99_ms).toBeGreaterThanOrEqual(t.tpot_p50_ms);
    }
    expect(hi.ttft_p99_ms).toBeGreaterThan(lo.ttft_p99_ms);
    expect(hi.tpot_p99_ms).toBeGreaterThan(lo.tpot_p99_ms);
    expect(hi.utilisation).toBeGreaterThan(lo.utilisation);
    expect(hi.utilisation).toBeLessThan(1);
  });

  it('beyond the replica\'s capacity it is infeasible with a reason', () => {
    const r = run({ arrival_rate: 1.5 * cap });
    expect(r.feasible).toBe(false);
    expect(r.reason).toMatch(/exceeds what one replica serves/);
    expect(r.tail).toBeUndefined();
  });

  it('SLOs are checked on the p99s when a rate is given', () => {
    const r0 = run({ arrival_rate: 0.6 * cap });
    const slo = 0.9 * r0.tail!.ttft_p99_ms;
    // The mean TTFT meets this target (the batch stays), the p99 does not.
    expect(r0.ttft_ms).toBeLessThan(slo);
    const r = run({ arrival_rate: 0.6 * cap, ttft_ms: slo });
    expect(r.batch).toBe(r0.batch);
    expect(r.feasible).toBe(false);
    expect(r.reason).toMatch(/p99 TTFT/);
    expect(run({ arrival_rate: 0.6 * cap, ttft_ms: 2 * r0.tail!.ttft_p99_ms }).feasible).toBe(true);
  });

  it('with SLOs but no rate, tails are reported at the utilisation ceiling of the capacity', () => {
    const r = run({ tpot_ms: 60, utilisation_ceiling: DEFAULT_UTILISATION_CEILING });
    expect(r.tail!.arrival_rate).toBeCloseTo(DEFAULT_UTILISATION_CEILING * r.requests_per_s, 9);
    expect(run({}).tail).toBeUndefined();
    // Planners' grids (no ceiling named) do not pay for tails.
    expect(run({ tpot_ms: 60 }).tail).toBeUndefined();
  });
});

describe('operational utilisation ceiling in the timeline', () => {
  it('caps the safe utilisation at 0.85 by default and at a pool\'s own setting', async () => {
    const { baseScenario, input } = await import('../timeline/helpers.js');
    const { compile, timeline } = await import('../../src-main/engine/timeline/index.js');
    const big = { ...baseScenario(), pools: baseScenario().pools.map((p) => ({ ...p, ttft_tail: { value: 0.5, assumed: 'loose tail: Erlang C alone would allow ~1' } })) };
    const dflt = timeline(compile(input(big, 20_000)));
    const rhoD = Math.max(...dflt.months.map((m) => m.pools[0].safe_utilisation));
    expect(rhoD).toBeCloseTo(DEFAULT_UTILISATION_CEILING, 9);
    const own = { ...big, pools: big.pools.map((p) => ({ ...p, utilisation_ceiling: 0.7 })) };
    const rhoO = Math.max(...timeline(compile(input(own, 20_000))).months.map((m) => m.pools[0].safe_utilisation));
    expect(rhoO).toBeCloseTo(0.7, 9);
  });
});
