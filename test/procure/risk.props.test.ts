// Pins risk-targeted procurement on a one-pool instance (issue 12): raising the service level never lowers the cost nor raises any month's P(overload) with the plan; the same seed gives the same plan.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { optimise, type LpSolver, type ProcureInput } from '../../src-main/engine/procure/index.js';
import { highsSolver, loadSolverRuntime } from '../../src-main/workers/highs-solver.js';
import { compile, timeline, type FleetEntry } from '../../src-main/engine/timeline/index.js';
import { monteCarlo } from '../../src-main/engine/montecarlo/index.js';
import { demandScale } from '../../src-main/engine/montecarlo/risk.js';
import { actionsToFleet } from '../../src-main/engine/plan/procure-input.js';
import { baseScenario, capacity, CAP } from '../timeline/helpers.js';

let solver: LpSolver;
beforeAll(async () => { solver = highsSolver(await loadSolverRuntime()); });

const s = baseScenario({ horizon_months: 8 });
const fleet: FleetEntry[] = [{ pool_id: 'main', gpu_id: 'a100-sxm-80gb', gpus: 256, from: null, to: null }];
const model = compile({ scenario: s, capacity: capacity(s), fleet });
const det = timeline(model);

function plan(level: number, seed: number) {
  const sc = demandScale(model, 400, seed, level);
  const input: ProcureInput = {
    start_month: s.start_month, months: 8, currency: 'USD', headroom: 0, discount_rate: 0, granularity: 'month',
    gpus: [{ id: 'a100-sxm-80gb', tdp_w: 400, cn_export_status: 'allowed', default_lead_months: 0, gpus_per_server: 8 }],
    sites: [{ id: 'dc', country: 'US', power_limit_kw: null, pue: 1.2 }],
    pools: [{
      id: 'main', capacity_per_gpu: { 'a100-sxm-80gb': CAP.output_tokens_per_s_per_gpu * 0.95 },
      peak_demand: det.months.map((m, i) => (m.pools[0].peak_output_tokens_per_s / m.pools[0].safe_utilisation) * sc.pools[0].scale[i]),
    }],
    offers: [{ gpu_id: 'a100-sxm-80gb', mode: 'buy', unit_price: '20000', currency: 'USD' }],
    inventory: [{ site: 'dc', gpu_id: 'a100-sxm-80gb', gpus: 256, mode: 'buy', pool: 'main' }],
  };
  const r = optimise(input, solver, { mip_rel_gap: 0, time_limit: 30 });
  const after = monteCarlo(compile({ scenario: s, capacity: capacity(s), fleet: [...fleet, ...actionsToFleet(r.actions)] }), 400, seed);
  return { cost: r.objective + r.penalty, p: after.p_overload, actions: r.actions };
}

describe('risk-targeted procurement (properties)', () => {
  it('a higher service level never costs less nor raises a month’s P(overload)', () => {
    fc.assert(fc.property(fc.constantFrom(0.5, 0.7, 0.8, 0.9), fc.constantFrom(0.05, 0.09), fc.integer({ min: 1, max: 50 }), (lo, step, seed) => {
      const a = plan(lo, seed), b = plan(Math.min(0.99, lo + step), seed);
      expect(b.cost).toBeGreaterThanOrEqual(a.cost - 1e-6);
      for (let m = 0; m < 8; m++) expect(b.p[m]).toBeLessThanOrEqual(a.p[m] + 1e-12);
    }), { numRuns: 6, seed: 21 });
  });

  it('the same seed gives the same plan', () => {
    expect(plan(0.9, 4).actions).toEqual(plan(0.9, 4).actions);
  });
});
