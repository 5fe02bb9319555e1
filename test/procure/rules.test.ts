// Pins availability dates and effective-dated export rules in the optimiser (issue 12): no arrival precedes a type's available_from, no order breaks the rule in force in its order month, a licence opens a 'licence' rule only for its site and months, a reference price carries its date to the action.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { optimise, ruleInForce, licenceHeld, monthIndex, type ExportRule, type ProcureInput, type LpSolver } from '../../src-main/engine/procure/index.js';
import { tppOf, parseGpuClass, type GpuExportMetrics } from '../../src-main/engine/procure/rules.js';
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

describe('export rules by performance class', () => {
  const m = (tpp: number, io: number | null, domestic = false): GpuExportMetrics => ({ tpp, io_gbs: io, domestic });
  const rules: ExportRule[] = [
    { country: 'CN', gpu: 'tpp>=4800&io>=600', from: '2022-09', to: null, status: 'banned' },
    { country: 'CN', gpu: 'tpp>=4800', from: '2023-11', to: null, status: 'banned' },
    { country: 'CN', gpu: 'h200', from: '2025-12', to: null, status: 'licence' },
  ];
  it('TPP is dense TOPS × bit length at the precision that gives most (H100 SXM by hand: 989.4 × 16 = 15,830.4)', () => {
    expect(tppOf({ bf16_flops: 989.4e12, fp8_flops: 1978.9e12, int8_ops: 1978.9e12, fp4_flops: null })).toBeCloseTo(15_831.2, 6); // FP8 1978.9 × 8
    expect(tppOf({ bf16_flops: 148e12, fp8_flops: 296e12, int8_ops: 296e12, fp4_flops: null })).toBeCloseTo(2368, 6); // H20: under 4800
    expect(tppOf({ bf16_flops: 2250e12, fp8_flops: 4500e12, int8_ops: null, fp4_flops: 13500e12 })).toBeCloseTo(54_000, 6); // B300: FP4 13,500 × 4
  });
  it('parses class expressions and nothing else', () => {
    expect(parseGpuClass('tpp>=4800&io>=600')).toEqual([{ metric: 'tpp', op: '>=', value: 4800 }, { metric: 'io', op: '>=', value: 600 }]);
    expect(parseGpuClass('h100-sxm')).toBeNull();
    expect(parseGpuClass('*')).toBeNull();
    expect(parseGpuClass('tpp>=4800&h100')).toBeNull();
  });
  it('a type no record names is judged by its specs; naming a type wins; parts the rule does not reach are outside every class', () => {
    // An A800-like part (TPP 4992, 400 GB/s) passes the 2022 class and falls in the 2023 one.
    expect(ruleInForce(rules, 'CN', 'a800-like', '2023-06', m(4992, 400))).toBeNull();
    expect(ruleInForce(rules, 'CN', 'a800-like', '2023-11', m(4992, 400))?.status).toBe('banned');
    // An A100-like part falls in the 2022 class from 2022-09.
    expect(ruleInForce(rules, 'CN', 'a100-like', '2022-09', m(4992, 600))?.status).toBe('banned');
    // Under the line (H20-like), and a domestic part far over it, are allowed.
    expect(ruleInForce(rules, 'CN', 'h20-like', '2026-01', m(2368, 900))).toBeNull();
    expect(ruleInForce(rules, 'CN', 'ascend-like', '2026-01', m(12_480, 392, true))).toBeNull();
    // A named rule beats the class; without metrics a class rule never applies (older callers).
    expect(ruleInForce(rules, 'CN', 'h200', '2026-01', m(15_831, 900))?.status).toBe('licence');
    expect(ruleInForce(rules, 'CN', 'b300-like', '2026-01')).toBeNull();
    // The interconnect unknown counts as meeting the bound (the cautious reading).
    expect(ruleInForce(rules, 'CN', 'unknown-io', '2023-01', m(9000, null))?.status).toBe('banned');
  });
  it('the optimiser never adds a class-banned type at a CN site, and does add it elsewhere or when made in China', () => {
    const base = input();
    const withMetrics = (domestic: boolean): ProcureInput => ({
      ...base,
      gpus: [{ ...base.gpus[0], export_metrics: m(9000, 900, domestic) }, { ...base.gpus[1], export_metrics: m(2000, 64) }],
      export_rules: rules,
    });
    const cn = optimise(withMetrics(false), solver, exact);
    expect(cn.actions.some((a) => a.gpu_id === 'a')).toBe(false);
    expect(cn.actions.some((a) => a.gpu_id === 'b')).toBe(true);
    const made = optimise(withMetrics(true), solver, exact);
    expect(made.actions.some((a) => a.gpu_id === 'a')).toBe(true);
    const us = optimise({ ...withMetrics(false), sites: [{ id: 'dc', country: 'US', power_limit_kw: null, pue: 1.2 }] }, solver, exact);
    expect(us.actions.some((a) => a.gpu_id === 'a')).toBe(true);
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
