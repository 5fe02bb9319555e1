// Pins the procurement MILP on small instances solved by hand: lead times, buy vs cloud, export rules, power, MOQ, supply caps, budgets, leases and explanations.
import { describe, it, expect, beforeAll } from 'vitest';
import { optimise, buildModel, toLpText, type ProcureInput, type LpSolver } from '../../src-main/engine/procure/index.js';
import { highsSolver, loadSolverRuntime } from '../../src-main/workers/highs-solver.js';

let solver: LpSolver;
beforeAll(async () => { solver = highsSolver(await loadSolverRuntime()); });
const exact = { mip_rel_gap: 0, time_limit: 30 };

function base(over: Partial<ProcureInput> = {}): ProcureInput {
  return {
    start_month: '2027-01', months: 6, currency: 'USD', headroom: 0, discount_rate: 0, granularity: 'month',
    gpus: [{ id: 'a', name: 'H20', tdp_w: 700, cn_export_status: 'allowed', default_lead_months: 1, gpus_per_server: 1 }],
    sites: [{ id: 's1', country: 'US', power_limit_kw: null, pue: 1, server_overhead: 1 }],
    pools: [{ id: 'chat', peak_demand: [100, 100, 200, 200, 200, 200], capacity_per_gpu: { a: 100 } }],
    offers: [{ gpu_id: 'a', mode: 'buy', unit_price: '1000', currency: 'USD' }],
    inventory: [{ site: 's1', gpu_id: 'a', gpus: 1, mode: 'buy' }],
    ...over,
  };
}

describe('procurement optimiser, hand-solved instances', () => {
  it('buys one GPU to arrive the month demand doubles, ordered one lead time before', () => {
    const r = optimise(base(), solver, exact);
    expect(r.solver).toBe('milp');
    expect(r.actions).toEqual([expect.objectContaining({
      order_month: '2027-02', arrival_month: '2027-03', site: 's1', gpu_id: 'a', mode: 'buy', quantity: 1,
      unit_price: '1000', currency: 'USD', lead_months: 1, lead_source: 'gpu_default', total_cost: '1000.00',
    })]);
    // 1000 paid, residual after 4 of 60 months = 1000 × 56/60.
    expect(r.objective).toBeCloseTo(1000 - (1000 * 56) / 60, 6);
    expect(r.infeasible).toBeUndefined();
    expect(r.violations).toEqual([]);
    expect(r.actions[0].why.month).toBe('2027-03');
    expect(r.actions[0].why.pool).toBe('chat');
  });

  it('uses the price list lead time over the GPU default and says which it used', () => {
    const r = optimise(base({ offers: [{ gpu_id: 'a', mode: 'buy', unit_price: '1000', currency: 'USD', lead_months: 2 }] }), solver, exact);
    expect(r.actions[0]).toMatchObject({ order_month: '2027-01', arrival_month: '2027-03', lead_months: 2, lead_source: 'price_list' });
  });

  it('rents cloud for a one-month spike when that is cheaper than buying', () => {
    // Spike in 2027-03 only. Buying at month 2 with a 6-month life costs 1000 − 1000×(1 − 4/6) = 666.67;
    // on-demand at 0.5/h costs 0.5 × 744 calendar hours (March: 31 × 24) = 372 for the month.
    const input = base({
      hardware_life_months: 6,
      pools: [{ id: 'chat', peak_demand: [100, 100, 200, 100, 100, 100], capacity_per_gpu: { a: 100 } }],
      sites: [{ id: 's1', country: 'US', power_limit_kw: null, pue: 1, server_overhead: 1 }, { id: 'aws', country: 'US', cloud: true, power_limit_kw: null, pue: 1 }],
      offers: [{ gpu_id: 'a', mode: 'buy', unit_price: '1000', currency: 'USD' }, { gpu_id: 'a', mode: 'cloud_on_demand', site: 'aws', unit_price: '0.5', currency: 'USD' }],
    });
    const r = optimise(input, solver, exact);
    expect(r.actions.map((a) => [a.mode, a.site, a.arrival_month, a.quantity])).toEqual([['cloud_on_demand', 'aws', '2027-03', 1]]);
    expect(r.objective).toBeCloseTo(372, 6);
    expect(r.actions[0].total_cost).toBe('372.00');
    // Without cloud it must buy.
    const r2 = optimise({ ...input, allow_cloud: false }, solver, exact);
    expect(r2.actions.map((a) => a.mode)).toEqual(['buy']);
    expect(r2.objective).toBeCloseTo(1000 - 1000 * (2 / 6), 6);
  });

  it('leases when the lease over the horizon is cheaper than buy minus residual', () => {
    // Lease 50/GPU-month, 3-month term, need in months 3..5 only (4 months left, arrival month 2).
    const input = base({
      pools: [{ id: 'chat', peak_demand: [100, 100, 200, 200, 200, 200], capacity_per_gpu: { a: 100 } }],
      offers: [{ gpu_id: 'a', mode: 'buy', unit_price: '1000', currency: 'USD' }, { gpu_id: 'a', mode: 'lease', unit_price: '50', currency: 'USD', term_months: 4 }],
      hardware_life_months: 12,
    });
    // Buy at month 2: 1000 − 1000×(1 − 4/12) = 333.3; lease 4 months × 50 = 200.
    const r = optimise(input, solver, exact);
    expect(r.actions.map((a) => [a.mode, a.arrival_month, a.quantity, a.term_months])).toEqual([['lease', '2027-03', 1, 4]]);
    expect(r.objective).toBeCloseTo(200, 6);
  });

  it('keeps export rules: no restricted GPU at a CN site; licence_required only with the licence', () => {
    const gpus: ProcureInput['gpus'] = [
      { id: 'h100', tdp_w: 700, cn_export_status: 'restricted', default_lead_months: 1, gpus_per_server: 1 },
      { id: 'h20', tdp_w: 400, cn_export_status: 'licence_required', default_lead_months: 1, gpus_per_server: 1 },
      { id: 'ascend', tdp_w: 400, cn_export_status: 'domestic', default_lead_months: 1, gpus_per_server: 1 },
    ];
    const input = base({
      gpus,
      sites: [{ id: 'ulanqab', country: 'CN', power_limit_kw: null, pue: 1, server_overhead: 1 }],
      pools: [{ id: 'chat', peak_demand: [0, 100, 100, 100, 100, 100], capacity_per_gpu: { h100: 100, h20: 100, ascend: 100 } }],
      offers: [
        { gpu_id: 'h100', mode: 'buy', unit_price: '500', currency: 'USD' },
        { gpu_id: 'h20', mode: 'buy', unit_price: '800', currency: 'USD' },
        { gpu_id: 'ascend', mode: 'buy', unit_price: '900', currency: 'USD' },
      ],
      inventory: [],
    });
    expect(optimise(input, solver, exact).actions.map((a) => a.gpu_id)).toEqual(['ascend']);
    expect(optimise({ ...input, cn_licence_held: true }, solver, exact).actions.map((a) => a.gpu_id)).toEqual(['h20']);
    const us = { ...input, sites: [{ ...input.sites[0], country: 'US' }] };
    expect(optimise(us, solver, exact).actions.map((a) => a.gpu_id)).toEqual(['h100']);
    expect(optimise({ ...us, banned_gpus: ['h100'] }, solver, exact).actions.map((a) => a.gpu_id)).toEqual(['h20']);
  });

  it('explains a power shortfall in words: what is short, when, where, and the limit', () => {
    // Limit 1.4 kW = two 700 W GPUs; demand needs 4 from 2027-03.
    const input = base({
      sites: [{ id: 'Ulanqab', country: 'US', power_limit_kw: 1.4, pue: 1, server_overhead: 1 }],
      pools: [{ id: 'chat', peak_demand: [100, 100, 400, 400, 400, 400], capacity_per_gpu: { a: 100 } }],
      inventory: [{ site: 'Ulanqab', gpu_id: 'a', gpus: 1, mode: 'buy' }],
    });
    const r = optimise(input, solver, exact);
    expect(r.status).toBe('infeasible');
    expect(r.infeasible).toMatchObject({ constraint: 'power', month: '2027-03', site: 'Ulanqab' });
    expect(r.infeasible!.reason).toBe('short 2 H20-equivalents of capacity in 2027-03 at site Ulanqab: power limit 1.4 kW reached');
    expect(r.actions.reduce((s, a) => s + a.quantity, 0)).toBe(1);
    expect(r.violations).toEqual([]);
  });

  it('explains a shortfall that only lead time causes', () => {
    const input = base({ pools: [{ id: 'chat', peak_demand: [200, 200, 200, 200, 200, 200], capacity_per_gpu: { a: 100 } }], offers: [{ gpu_id: 'a', mode: 'buy', unit_price: '1000', currency: 'USD', lead_months: 2 }] });
    const r = optimise(input, solver, exact);
    expect(r.infeasible).toMatchObject({ constraint: 'lead_time', month: '2027-01' });
    expect(r.infeasible!.reason).toContain('arrives 2027-03');
    expect(r.actions.map((a) => [a.order_month, a.arrival_month, a.quantity])).toEqual([['2027-01', '2027-03', 1]]);
  });

  it('explains a shortfall caused by export rules', () => {
    const input = base({
      gpus: [{ id: 'h100', name: 'H100', tdp_w: 700, cn_export_status: 'restricted', default_lead_months: 1, gpus_per_server: 1 }],
      sites: [{ id: 'Ulanqab', country: 'CN', power_limit_kw: null, pue: 1 }],
      pools: [{ id: 'chat', peak_demand: [100, 100, 100, 100, 100, 100], capacity_per_gpu: { h100: 100 } }],
      offers: [{ gpu_id: 'h100', mode: 'buy', unit_price: '1000', currency: 'USD' }],
      inventory: [],
    });
    const r = optimise(input, solver, exact);
    expect(r.infeasible).toMatchObject({ constraint: 'export', month: '2027-01', site: 'Ulanqab' });
    expect(r.infeasible!.reason).toBe('short 1 H100-equivalents of capacity in 2027-01 at site Ulanqab: export rules: H100 may not be added at site Ulanqab (CN) and no other type is on offer');
  });

  it('honours a minimum order quantity: all or at least min_qty', () => {
    const input = base({ offers: [{ gpu_id: 'a', mode: 'buy', unit_price: '1000', currency: 'USD', min_qty: 4 }] });
    const r = optimise(input, solver, exact);
    expect(r.actions.map((a) => a.quantity)).toEqual([4]);
    expect(r.violations).toEqual([]);
  });

  it('spreads orders under a monthly supply cap', () => {
    const input = base({
      pools: [{ id: 'chat', peak_demand: [100, 100, 100, 400, 400, 400], capacity_per_gpu: { a: 100 } }],
      supply_caps: [{ gpu_id: 'a', per: 'month', max_gpus: 1 }],
    });
    const r = optimise(input, solver, exact);
    expect(r.actions.map((a) => [a.order_month, a.quantity])).toEqual([['2027-01', 1], ['2027-02', 1], ['2027-03', 1]]);
    expect(r.infeasible).toBeUndefined();
  });

  it('switches to leasing when the quarter capex budget is spent', () => {
    const input = base({
      pools: [{ id: 'chat', peak_demand: [100, 100, 300, 300, 300, 300], capacity_per_gpu: { a: 100 } }],
      offers: [{ gpu_id: 'a', mode: 'buy', unit_price: '1000', currency: 'USD' }, { gpu_id: 'a', mode: 'lease', unit_price: '100', currency: 'USD', term_months: 4 }],
      budgets: [{ quarter: '2027-Q1', capex: '1000' }],
    });
    const r = optimise(input, solver, exact);
    expect(r.actions.map((a) => [a.mode, a.quantity]).sort()).toEqual([['buy', 1], ['lease', 1]]);
    // The quarter's capex is spent to the limit by the one bought GPU; no opex budget was given.
    expect(r.budget_use).toEqual([{ quarter: '2027-Q1', kind: 'capex', limit: 1000, used: 1000 }]);
    const loose = optimise({ ...input, budgets: [] }, solver, exact);
    expect(loose.actions.map((a) => [a.mode, a.quantity])).toEqual([['buy', 2]]);
    expect(loose.budget_use).toEqual([]);
    // A quarter outside the horizon is not reported; an opex budget counts the lease payments in its months.
    const opex = optimise({ ...input, budgets: [{ quarter: '2030-Q1', capex: '1' }, { quarter: '2027-Q1', opex: '100000' }] }, solver, exact);
    expect(opex.budget_use.map((b) => [b.quarter, b.kind])).toEqual([['2027-Q1', 'opex']]);
    expect(opex.budget_use[0].used).toBeGreaterThanOrEqual(0);
    expect(opex.budget_use[0].used).toBeLessThanOrEqual(100000);
    expect(loose.objective).toBeLessThanOrEqual(r.objective);
  });

  it('explains a budget shortfall', () => {
    const input = base({ budgets: [{ quarter: '2027-Q1', capex: '500' }], months: 3 });
    const r = optimise(input, solver, exact);
    expect(r.infeasible).toMatchObject({ constraint: 'budget', month: '2027-03' });
    expect(r.infeasible!.reason).toBe('short 1 H20-equivalents of capacity in 2027-03 at site s1: capex budget for 2027-Q1 (500 USD) spent');
  });

  it('explains shortfalls caused by a supply cap and by full space', () => {
    const supply = optimise(base({
      pools: [{ id: 'chat', peak_demand: [100, 100, 400, 400, 400, 400], capacity_per_gpu: { a: 100 } }],
      supply_caps: [{ gpu_id: 'a', per: 'quarter', max_gpus: 1 }],
    }), solver, exact);
    expect(supply.infeasible).toMatchObject({ constraint: 'supply', month: '2027-03' });
    expect(supply.infeasible!.reason).toBe('short 2 H20-equivalents of capacity in 2027-03 at site s1: supply cap of 1 H20 per quarter reached (2027-Q1)');
    const space = optimise(base({
      sites: [{ id: 's1', country: 'US', power_limit_kw: null, pue: 1, server_overhead: 1, max_servers: 2 }],
      pools: [{ id: 'chat', peak_demand: [100, 100, 300, 300, 300, 300], capacity_per_gpu: { a: 100 } }],
    }), solver, exact);
    expect(space.infeasible).toMatchObject({ constraint: 'space', month: '2027-03', site: 's1' });
    expect(space.infeasible!.reason).toBe('short 1 H20-equivalents of capacity in 2027-03 at site s1: space for 2 servers full');
  });

  it('serves two pools from one fleet and says which pool needs each order', () => {
    const input = base({
      pools: [
        { id: 'chat', peak_demand: [100, 100, 100, 100, 100, 100], capacity_per_gpu: { a: 100 } },
        { id: 'api', peak_demand: [0, 0, 50, 50, 50, 50], capacity_per_gpu: { a: 50 } },
      ],
    });
    const r = optimise(input, solver, exact);
    expect(r.actions).toHaveLength(1);
    expect(r.actions[0]).toMatchObject({ arrival_month: '2027-03', quantity: 1 });
    expect(r.actions[0].why.pool).toBe('api');
    for (const m of r.months) for (const p of Object.values(m.pools)) expect(p.capacity).toBeGreaterThanOrEqual(p.need - 1e-6);
  });

  it('is deterministic: same input, same plan and same LP text', () => {
    const input = base({ pools: [{ id: 'chat', peak_demand: [100, 300, 500, 700, 900, 1100], capacity_per_gpu: { a: 100 } }] });
    const a = optimise(input, solver, exact);
    const b = optimise(input, solver, exact);
    expect(b.actions).toEqual(a.actions);
    expect(b.objective).toBe(a.objective);
    expect(toLpText(buildModel(input))).toBe(toLpText(buildModel(input)));
  });

  it('aggregates to quarters after the first year and stays covered every month', () => {
    const months = 36;
    const input = base({ months, granularity: 'auto', pools: [{ id: 'chat', peak_demand: Array.from({ length: months }, (_, i) => 100 + i * 37), capacity_per_gpu: { a: 100 } }] });
    const m = buildModel(input);
    expect(m.periods).toHaveLength(12 + 8);
    const r = optimise(input, solver, { mip_rel_gap: 0.001, time_limit: 30 });
    expect(r.infeasible).toBeUndefined();
    for (const mo of r.months) expect(mo.pools.chat.capacity).toBeGreaterThanOrEqual(mo.pools.chat.need - 1e-6);
  });
});
