// Pins availability dates and effective-dated export rules in the optimiser (issue 12): no arrival precedes a type's available_from, no order breaks the rule in force in its order month, a licence opens a 'licence' rule only for its site and months, a reference price carries its date to the action.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { optimise, ruleInForce, licenceHeld, monthIndex, type ExportRule, type ProcureInput, type LpSolver } from '../../src-main/engine/procure/index.js';
import { highsSolver, loadSolverRuntime } from '../../src-main/workers/highs-solver.js';

let solver: LpSolver;
beforeAll(async () => { solver = highsSolver(await loadSolverRuntime()); });
const exact = { mip_rel_gap: 0, time_limit: 30 };
const months = ['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08'];

function input(over: Partial<ProcureInput> = {}): ProcureInput {
  return {
    start_month: '2027-01', months: 8, currency: 'USD', headroom: 0, discount_rate: 0, granularity: 'month',
    gpus: [
      { id: 'a', tdp_w: 700, cn_export_status: 'allowed', default_lead_months: 1, gpus_per_server: 1 },
      { id: 'b', tdp_w: 400, cn_export_status: 'allowed', default_lead_months: 0, gpus_per_server: 1 },
    ],
    sites: [{ id: 'dc', country: 'CN', power_limit_kw: null, pue: 1.2 }],
    pools: [{ id: 'chat', peak_demand: [100, 100, 200, 300, 300, 400, 400, 500], capacity_per_gpu: { a: 100, b: 50 } }],
    offers: [
      { gpu_id: 'a', mode: 'buy', unit_price: '1000', currency: 'USD' },
      { gpu_id: 'b', mode: 'buy', unit_price: '1500', currency: 'USD' },
    ],
    ...over,
  };
}

describe('export rules in force', () => {
  const rules: ExportRule[] = [
    { country: 'CN', gpu: '*', from: '2022-03', to: null, status: 'allowed' },
    { country: 'CN', gpu: 'h20', from: '2025-04', to: null, status: 'licence' },
    { country: 'CN', gpu: 'h200', from: '2023-11', to: '2025-11', status: 'banned' },
    { country: 'CN', gpu: 'h200', from: '2025-12', to: null, status: 'licence' },
  ];
  it('picks the rule naming the type over *, and the dated step that holds that month', () => {
    expect(ruleInForce(rules, 'cn', 'h20', '2025-03')?.status).toBe('allowed');
    expect(ruleInForce(rules, 'CN', 'h20', '2025-04')?.status).toBe('licence');
    expect(ruleInForce(rules, 'CN', 'h200', '2025-11')?.status).toBe('banned');
    expect(ruleInForce(rules, 'CN', 'h200', '2025-12')?.status).toBe('licence');
    expect(ruleInForce(rules, 'US', 'h200', '2025-12')).toBeNull();
  });
  it('a licence covers its site, type and months only', () => {
    const l = [{ site: 'bj', gpu: 'h20', from: '2025-08', to: '2025-12' }];
    expect(licenceHeld(l, 'bj', 'h20', '2025-08')).toBe(true);
    expect(licenceHeld(l, 'bj', 'h20', '2026-01')).toBe(false);
    expect(licenceHeld(l, 'sh', 'h20', '2025-09')).toBe(false);
    expect(licenceHeld(l, 'bj', 'h200', '2025-09')).toBe(false);
  });
});

describe('optimiser with availability and export rules (properties)', () => {
  it('no arrival precedes available_from', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), (ia, ib) => {
      const inp = input();
      inp.gpus[0].available_from = months[ia];
      inp.gpus[1].available_from = months[ib];
      const r = optimise(inp, solver, exact);
      for (const a of r.actions) expect(a.arrival_month >= inp.gpus.find((g) => g.id === a.gpu_id)!.available_from!).toBe(true);
      expect(r.violations).toEqual([]);
      // Before the first type exists every short month is explained, the first by availability or lead time.
      if (r.infeasible) expect(['availability', 'lead_time']).toContain(r.infeasible.constraint);
    }), { numRuns: 25, seed: 5 });
  });

  it('no order breaks the rule in force in its order month; a licence opens only its months', () => {
    const status = fc.constantFrom<'allowed' | 'licence' | 'banned'>('allowed', 'licence', 'banned');
    fc.assert(fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), status, status, fc.boolean(), (i, j, s1, s2, lic) => {
      const [lo, hi] = i <= j ? [i, j] : [j, i];
      const rules: ExportRule[] = [
        { country: 'CN', gpu: 'a', from: months[0], to: months[lo], status: s1 },
        ...(lo < 7 ? [{ country: 'CN', gpu: 'a', from: months[lo + 1], to: null, status: s2 } as ExportRule] : []),
        { country: 'CN', gpu: 'b', from: months[hi], to: null, status: 'banned' },
      ];
      const licences = lic ? [{ site: 'dc', gpu: 'a', from: months[2], to: months[4] }] : [];
      const inp = input({ export_rules: rules, export_licences: licences });
      const r = optimise(inp, solver, exact);
      for (const a of r.actions) {
        const rule = ruleInForce(rules, 'CN', a.gpu_id, a.order_month);
        if (!rule) continue;
        expect(rule.status).not.toBe('banned');
        if (rule.status === 'licence') expect(licences.some((l) => a.order_month >= l.from && a.order_month <= l.to!)).toBe(true);
      }
    }), { numRuns: 30, seed: 9 });
  });

  it('banning a type by rule never lowers cost', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 7 }), (i) => {
      const open = optimise(input({ export_rules: [] }), solver, exact);
      const shut = optimise(input({ export_rules: [{ country: 'CN', gpu: 'a', from: months[i], to: null, status: 'banned' }] }), solver, exact);
      expect(shut.objective + shut.penalty).toBeGreaterThanOrEqual(open.objective + open.penalty - 1e-6);
    }), { numRuns: 8, seed: 13 });
  });

  it('a price valid from a later month is not used before it; the action carries the price date', () => {
    const inp = input({
      offers: [
        { gpu_id: 'a', mode: 'buy', unit_price: '1000', currency: 'USD', valid_to: '2027-04', price_date: '2026-06-01' },
        { gpu_id: 'a', mode: 'buy', unit_price: '800', currency: 'USD', valid_from: '2027-05', price_date: '2027-05-01' },
      ],
    });
    const r = optimise(inp, solver, exact);
    for (const a of r.actions) {
      if (a.unit_price === '800') expect(monthIndex(a.arrival_month)).toBeGreaterThanOrEqual(monthIndex('2027-05'));
      expect(a.price_date).toBe(a.unit_price === '800' ? '2027-05-01' : '2026-06-01');
    }
    expect(r.actions.some((a) => a.unit_price === '800')).toBe(true);
  });
});
