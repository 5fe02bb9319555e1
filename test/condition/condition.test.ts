// Pins history matching (engine/montecarlo/condition.ts): the posterior recovers a synthetic truth within its own interval, observations no path matches give a message and no NaN, the same seed gives the same posterior, a scenario without observations keeps its prior, and a posterior carries into another scenario's shared inputs only.
import { describe, it, expect } from 'vitest';
import { compile, timeline } from '../../src-main/engine/timeline/index.js';
import { conditionedMonteCarlo, carryPosterior, weightedQuantiles } from '../../src-main/engine/montecarlo/condition.js';
import type { Observation } from '../../src-main/engine/demand/scenario.js';
import { baseScenario, input } from '../timeline/helpers.js';

const a = { assumed: 'test' };
// Growth, requests and availability fixed; output tokens per request uncertain (the input to recover).
const scenario = () => {
  const s = baseScenario({
    users: { kind: 'compound', start: { value: 1_000_000, ...a }, monthly_growth: { value: 0.1, ...a } },
    dau_share: { value: 0.5, ...a },
  });
  s.classes[0].requests_per_dau = { value: 5, ...a };
  s.pools[0].availability = { value: 0.95, ...a };
  return s;
};

function allFinite(x: unknown): boolean {
  if (typeof x === 'number') return Number.isFinite(x);
  if (Array.isArray(x)) return x.every(allFinite);
  if (x && typeof x === 'object') return Object.values(x).every(allFinite);
  return true;
}

describe('conditioned Monte Carlo', () => {
  it('recovers a synthetic truth within its posterior interval, narrower than the prior', () => {
    const s = scenario();
    // A fleet on which the truth falls over mid-horizon.
    let gpus = 64, model = compile(input(s, gpus));
    const truth = 370;
    const at = (m: typeof model) => {
      const p = Float64Array.from(m.layout.base);
      const k = m.layout.knobs.find((x) => x.key === 'classes.chat.output_tokens')!;
      p[k.index] = truth;
      return timeline(m, p);
    };
    while ((at(model).crash_index ?? 99) < 8 && gpus < 1 << 20) { gpus *= 2; model = compile(input(s, gpus)); }
    const truthRun = at(model);
    expect(truthRun.crash_index).not.toBeNull();
    expect(truthRun.crash_index!).toBeGreaterThanOrEqual(8);
    // What "happened": each month held or overloaded, as the truth says.
    const obs: Observation[] = truthRun.months.map((m) => ({ month: m.month, status: m.overloaded ? 'overloaded' : 'held', source: 'synthetic truth' }));
    const post = conditionedMonteCarlo(model, { runs: 4000, seed: 7 }, obs);
    expect(post.message).toBeNull();
    const ip = post.inputs['classes.chat.output_tokens'];
    expect(ip.posterior.p10).toBeLessThanOrEqual(truth);
    expect(ip.posterior.p90).toBeGreaterThanOrEqual(truth);
    expect(ip.posterior.p90 - ip.posterior.p10).toBeLessThan((ip.prior.p90 - ip.prior.p10) * 0.7);
    expect(post.effective_sample_size).toBeGreaterThan(50);
    // The posterior crash month brackets the true one.
    const idx = (x: string | null) => (x === null ? model.H : model.months.indexOf(x));
    expect(idx(post.crash_month!.p10)).toBeLessThanOrEqual(truthRun.crash_index!);
    expect(idx(post.crash_month!.p90)).toBeGreaterThanOrEqual(truthRun.crash_index!);
    for (const o of post.observations) expect(o.status === 'overloaded' ? o.p_overload! > 0.5 : o.p_overload! < 0.5).toBe(true);
  });

  it('says so, without NaN, when no path reproduces the observations', () => {
    const s = scenario();
    const model = compile(input(s, 4096));
    const obs: Observation[] = [
      { month: '2024-03', status: 'overloaded', source: 'a' },
      { month: '2024-03', status: 'held', source: 'b' },
    ];
    const post = conditionedMonteCarlo(model, { runs: 500, seed: 1 }, obs);
    expect(post.message).toMatch(/none of the 500 paths reproduces every observation/);
    expect(post.matched_paths).toBe(0);
    expect(post.effective_sample_size).toBe(0);
    expect(JSON.stringify(post)).not.toMatch(/NaN|Infinity/);
    expect(allFinite(post)).toBe(true);
    for (const v of Object.values(post.inputs)) expect(v.posterior).toEqual(v.prior);
  });

  it('gives the same posterior for the same seed, another for another seed', () => {
    const s = scenario();
    const model = compile(input(s, 256));
    const obs: Observation[] = [{ month: '2024-06', status: 'held', source: 'x' }, { month: '2025-06', status: 'overloaded', source: 'y' }];
    const a1 = conditionedMonteCarlo(model, { runs: 800, seed: 42 }, obs);
    const a2 = conditionedMonteCarlo(model, { runs: 800, seed: 42 }, obs);
    const b = conditionedMonteCarlo(model, { runs: 800, seed: 43 }, obs);
    expect(a2).toEqual(a1);
    expect(b.inputs).not.toEqual(a1.inputs);
  });

  it('keeps the prior when there is nothing to condition on', () => {
    const model = compile(input(scenario(), 256));
    const post = conditionedMonteCarlo(model, { runs: 300, seed: 1 }, [{ month: '2030-01', status: 'overloaded', source: 'outside' }]);
    expect(post.message).toMatch(/horizon/);
    expect(post.effective_sample_size).toBe(300);
    expect(post.observations[0]).toMatchObject({ used: false, p_overload: null });
    for (const v of Object.values(post.inputs)) expect(v.posterior).toEqual(v.prior);
  });

  it('carries shared inputs into another scenario and leaves its own alone', () => {
    const model = compile(input(scenario(), 256));
    const post = conditionedMonteCarlo(model, { runs: 500, seed: 1 }, [{ month: '2024-12', status: 'overloaded', source: 'x' }]);
    const target = baseScenario({ name: 'other' });
    const { scenario: s2, carried } = carryPosterior(target, post, 'test');
    expect(Object.keys(carried)).toEqual(['classes.chat.output_tokens']);
    expect(s2.pools[0].availability).toEqual(target.pools[0].availability);
    expect(s2.classes[0].output_tokens.value).toBe(post.inputs['classes.chat.output_tokens'].posterior.p50);
    expect(s2.classes[0].output_tokens.assumed).toMatch(/posterior of test/);
    expect(s2.classes[0].requests_per_dau).toEqual(target.classes[0].requests_per_dau);
    expect(s2.users).toEqual(target.users);
  });

  it('weighted quantiles follow the weights', () => {
    const v = Float64Array.from([1, 2, 3, 4]);
    expect(weightedQuantiles(v, Float64Array.from([1, 1, 1, 1]), [0.5])).toEqual([2]);
    expect(weightedQuantiles(v, Float64Array.from([0, 0, 0, 1]), [0.1, 0.5, 0.9])).toEqual([4, 4, 4]);
    expect(weightedQuantiles(v, Float64Array.from([1, 0, 0, 0]), [0.1, 0.9])).toEqual([1, 1]);
  });
});
