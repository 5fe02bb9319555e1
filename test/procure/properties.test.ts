// Pins the optimiser's properties on random small instances: a looser budget never raises cost, banning a GPU never lowers it, the plan keeps every constraint, the MILP never costs more than greedy.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { optimise, type ProcureInput, type LpSolver } from '../../src-main/engine/procure/index.js';
import { highsSolver, loadSolverRuntime } from '../../src-main/workers/highs-solver.js';

let solver: LpSolver;
beforeAll(async () => { solver = highsSolver(await loadSolverRuntime()); });
const exact = { mip_rel_gap: 0, time_limit: 30 };

const instance = fc.record({
  demand: fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 6, maxLength: 6 }),
  priceA: fc.integer({ min: 500, max: 3000 }),
  priceB: fc.integer({ min: 500, max: 3000 }),
  capA: fc.integer({ min: 50, max: 200 }),
  capB: fc.integer({ min: 50, max: 200 }),
  lease: fc.integer({ min: 20, max: 200 }),
  cloud: fc.integer({ min: 1, max: 10 }).map((x) => x / 10),
  power: fc.option(fc.integer({ min: 2, max: 20 }), { nil: null }),
  capex: fc.integer({ min: 0, max: 20000 }),
  cn: fc.boolean(),
  moq: fc.integer({ min: 0, max: 4 }),
});

type Params = typeof instance extends fc.Arbitrary<infer T> ? T : never;
function build(p: Params): ProcureInput {
  const demand = p.demand.reduce<number[]>((acc, d) => [...acc, Math.max(acc.at(-1) ?? 0, d)], []);
  return {
    start_month: '2027-01', months: 6, currency: 'USD', headroom: 0.1, discount_rate: 0.08, granularity: 'month',
    gpus: [
      { id: 'a', tdp_w: 700, cn_export_status: 'restricted', default_lead_months: 1, gpus_per_server: 2 },
      { id: 'b', tdp_w: 400, cn_export_status: 'domestic', default_lead_months: 2, gpus_per_server: 1 },
    ],
    sites: [
      { id: 'dc', country: p.cn ? 'CN' : 'US', power_limit_kw: p.power, pue: 1.2, electricity_per_kwh: '0.08', hosting_per_kw_month: '100' },
      { id: 'cloud', country: 'US', cloud: true, power_limit_kw: null, pue: 1 },
    ],
    pools: [{ id: 'chat', peak_demand: demand, capacity_per_gpu: { a: p.capA, b: p.capB } }],
    offers: [
      { gpu_id: 'a', mode: 'buy', unit_price: String(p.priceA), currency: 'USD', min_qty: p.moq },
      { gpu_id: 'b', mode: 'buy', unit_price: String(p.priceB), currency: 'USD' },
      { gpu_id: 'b', mode: 'lease', unit_price: String(p.lease), currency: 'USD', term_months: 3 },
      { gpu_id: 'a', mode: 'cloud_on_demand', site: 'cloud', unit_price: String(p.cloud), currency: 'USD' },
    ],
    inventory: [{ site: 'dc', gpu_id: 'b', gpus: 2, mode: 'buy', in_service_to: '2027-04' }],
    budgets: [{ quarter: '2027-Q1', capex: String(p.capex) }, { quarter: '2027-Q2', capex: String(p.capex) }],
  };
}
const total = (r: ReturnType<typeof optimise>) => r.objective + r.penalty;
const close = (a: number, b: number) => a <= b + 1e-6 * Math.max(1, Math.abs(b));

describe('procurement optimiser properties', () => {
  it('a looser budget never raises cost', () => {
    fc.assert(fc.property(instance, fc.integer({ min: 0, max: 20000 }), (p, extra) => {
      const tight = optimise(build(p), solver, exact);
      const loose = optimise(build({ ...p, capex: p.capex + extra }), solver, exact);
      expect(close(total(loose), total(tight))).toBe(true);
    }), { numRuns: 15, seed: 7 });
  });

  it('banning a GPU type never lowers cost', () => {
    fc.assert(fc.property(instance, fc.constantFrom('a', 'b'), (p, ban) => {
      const open = optimise(build(p), solver, exact);
      const banned = optimise({ ...build(p), banned_gpus: [ban] }, solver, exact);
      expect(close(total(open), total(banned))).toBe(true);
      expect(banned.actions.some((a) => a.gpu_id === ban)).toBe(false);
    }), { numRuns: 25, seed: 11 });
  });

  it('the plan respects every constraint, never beats greedy upward, and covers every month when feasible', () => {
    fc.assert(fc.property(instance, (p) => {
      const input = build(p);
      const r = optimise(input, solver, exact);
      expect(r.violations).toEqual([]);
      expect(close(total(r), r.greedy_objective + optimise(input, null).penalty)).toBe(true);
      for (const a of r.actions) {
        expect(Number.isInteger(a.quantity)).toBe(true);
        if (input.sites[0].country === 'CN') expect(a.site === 'dc' && a.gpu_id === 'a').toBe(false);
        if (a.gpu_id === 'a' && a.mode === 'buy') expect(a.quantity).toBeGreaterThanOrEqual(p.moq);
      }
      for (const m of r.months) {
        if (input.sites[0].power_limit_kw !== null && (m.power_kw.dc ?? 0) > input.sites[0].power_limit_kw!) {
          // Only the existing fleet may already be over the limit; nothing was added there then.
          expect(r.actions.filter((a) => a.site === 'dc' && a.arrival_month <= m.month).length).toBe(0);
        }
      }
      if (!r.infeasible) for (const m of r.months) expect(m.pools.chat.capacity).toBeGreaterThanOrEqual(m.pools.chat.need - 1e-6);
      else expect(r.infeasible.reason).toMatch(/^short .* in \d{4}-\d{2}/);
    }), { numRuns: 30, seed: 3 });
  });
});
