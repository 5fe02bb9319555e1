// Pins the capacity engine's own error in the conditioned Monte Carlo (issue 13): with no usable
// observation it draws exactly the plain Monte Carlo's paths (engine error included), zero
// residuals change nothing, and observations made on a fleet whose real capacity is below the
// engine's estimate move the engine multiplier's posterior down to bracket the truth.
import { describe, it, expect } from 'vitest';
import { compile, evaluateFast, fastScratch, type TimelineInput } from '../../src-main/engine/timeline/index.js';
import { monteCarlo, rhoLookup, rhoTable, setCapacity } from '../../src-main/engine/montecarlo/index.js';
import { conditionedMonteCarlo } from '../../src-main/engine/montecarlo/condition.js';
import type { Observation } from '../../src-main/engine/demand/scenario.js';
import { baseScenario, CAP, fleet } from '../timeline/helpers.js';

const KEY = 'ampere|vllm';
const a = { assumed: 'test' };

/** Demand known exactly (no P10/P90 anywhere), so only the engine's error is uncertain. */
function certain() {
  const s = baseScenario({
    users: { kind: 'compound', start: { value: 1_000_000, ...a }, monthly_growth: { value: 0.1, ...a } },
    dau_share: { value: 0.5, ...a },
  });
  s.classes[0].requests_per_dau = { value: 5, ...a };
  s.classes[0].output_tokens = { value: 300, ...a };
  s.pools[0].availability = { value: 0.95, ...a };
  return s;
}

function withError(s: ReturnType<typeof certain>, gpus: number, residuals: Record<string, number[]> | null): TimelineInput {
  return {
    scenario: s,
    capacity: s.pools.map((p) => ({ pool_id: p.id, by_gpu: { 'a100-sxm-80gb': { ...CAP, error_key: KEY } } })),
    fleet: fleet(s, gpus),
    capacity_error: residuals ? { residuals } : null,
  };
}
/** Held-out log residuals centred on 0 (engine unbiased on average) with spread `w`. */
const sym = (w: number) => ({ [KEY]: [-1, -0.5, -0.25, 0, 0.25, 0.5, 1].map((x) => x * w) });

/** Overloaded/held per month when the real capacity is `mult` × the engine's estimate. */
function truthMonths(model: ReturnType<typeof compile>, mult: number): { over: Uint8Array; crash: number } {
  const sc = fastScratch(model);
  setCapacity(model, sc, () => mult);
  const stride = model.H * model.nP;
  const sink = { over: new Uint8Array(model.H), demand: new Float64Array(stride), util: new Float64Array(stride) };
  const crash = evaluateFast(model, Float64Array.from(model.layout.base), sc, rhoLookup(model, rhoTable(model)), sink);
  return { over: sink.over, crash };
}

describe('conditioned Monte Carlo with the capacity engine\'s error', () => {
  it('draws the same paths as the plain Monte Carlo when there is nothing to condition on', () => {
    const model = compile(withError(certain(), 256, sym(0.4)));
    const post = conditionedMonteCarlo(model, { runs: 1500, seed: 11 }, []);
    const plain = monteCarlo(model, 1500, 11);
    expect(post.message).toMatch(/no observations/);
    expect(post.p_overload).toEqual(plain.p_overload);
    // Demand is certain here, so any spread in P(overload) is the engine's.
    expect(plain.p_overload.some((x) => x > 0.05 && x < 0.95)).toBe(true);
    const ip = post.inputs[`capacity_error:${KEY}`];
    expect(ip.source).toMatch(/7 rows/);
    expect(ip.prior.p10).toBeLessThan(1);
    expect(ip.prior.p90).toBeGreaterThan(1);
    expect(ip.posterior).toEqual(ip.prior);
  });

  it('zero residuals (or none) give exactly the posterior of before, with no engine input', () => {
    const obs: Observation[] = [{ month: '2024-06', status: 'held', source: 'x' }, { month: '2025-06', status: 'overloaded', source: 'y' }];
    const s = baseScenario();
    const none = conditionedMonteCarlo(compile(withError(s, 256, null)), { runs: 800, seed: 3 }, obs);
    const zero = conditionedMonteCarlo(compile(withError(s, 256, { [KEY]: [0, 0, 0] })), { runs: 800, seed: 3 }, obs);
    expect(zero).toEqual(none);
    expect(Object.keys(none.inputs).some((k) => k.startsWith('capacity_error:'))).toBe(false);
  });

  it('recovers an engine that is optimistic by a quarter from what happened', () => {
    const s = certain();
    const truth = 0.75;
    let gpus = 64, model = compile(withError(s, gpus, sym(0.3)));
    while (truthMonths(model, truth).crash >= 0 && truthMonths(model, truth).crash < 8 && gpus < 1 << 20) { gpus *= 2; model = compile(withError(s, gpus, sym(0.3))); }
    const t = truthMonths(model, truth);
    expect(t.crash).toBeGreaterThanOrEqual(8);
    // At the engine's own estimate the same fleet holds longer: the truth is not the point estimate.
    const atEstimate = truthMonths(model, 1).crash;
    expect(atEstimate < 0 || atEstimate > t.crash).toBe(true);
    const obs: Observation[] = model.months.map((month, m) => ({ month, status: t.over[m] ? 'overloaded' : 'held', source: 'synthetic truth' }));
    const post = conditionedMonteCarlo(model, { runs: 4000, seed: 5 }, obs);
    expect(post.message).toBeNull();
    expect(post.effective_sample_size).toBeGreaterThan(50);
    const ip = post.inputs[`capacity_error:${KEY}`];
    // Prior: centred on 1 (residuals symmetric about 0). Posterior: brackets 0.75, narrower, median moved down.
    expect(ip.prior.p50).toBeGreaterThan(0.95);
    expect(ip.prior.p50).toBeLessThan(1.05);
    expect(ip.posterior.p10).toBeLessThanOrEqual(truth);
    expect(ip.posterior.p90).toBeGreaterThanOrEqual(truth);
    expect(ip.posterior.p90 - ip.posterior.p10).toBeLessThan((ip.prior.p90 - ip.prior.p10) * 0.5);
    expect(ip.shift).toBeLessThan(0.9);
    // The posterior crash month brackets the true one.
    const idx = (x: string | null) => (x === null ? model.H : model.months.indexOf(x));
    expect(idx(post.crash_month!.p10)).toBeLessThanOrEqual(t.crash);
    expect(idx(post.crash_month!.p90)).toBeGreaterThanOrEqual(t.crash);
  });
});
