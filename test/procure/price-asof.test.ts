// Pins the price book read as of each month (issue 12) on the demo database: a 2023 scenario with a price valid to 2025-12 and another from 2026-01 orders at each price only in its own months, in the optimiser and in the burn of a leased cluster; a book price used for months before it was valid is dated, and the plan warns with that date.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { computePlan, type World } from '../../src-main/engine/plan/index.js';
import { burnOfWorld } from '../../src-main/engine/plan/burn-input.js';
import { worldFrom, solveHere } from '../helpers/plan.js';
import type { BookRow } from '../../src-main/engine/plan/world.js';
import type { WritableDB } from '../../src-main/store/handles.js';
import { optimise, type ProcureInput, type LpSolver } from '../../src-main/engine/procure/index.js';
import { highsSolver, loadSolverRuntime } from '../../src-main/workers/highs-solver.js';
import { actionsToBurnItems } from '../../src-main/engine/plan/procure-input.js';
import { openDemoDb, closeDemoDb } from '../helpers/demo-db.js';

const root = path.resolve(__dirname, '..', '..');
let db: WritableDB;
beforeAll(() => { db = openDemoDb(); });
afterAll(() => closeDemoDb(db));

const row = (over: Partial<BookRow>): BookRow => ({
  id: 0, list_id: 900, vendor: 'TestCloud', gpu_id: 'h100-sxm', kind: 'cloud_hour', gpus_per_unit: 1, unit_price: '1', currency: 'USD',
  valid_from: '2023-01-01', valid_to: null, lead_time_weeks: 0, min_qty: null, ...over,
});
const withBook = (w: World, rows: BookRow[]): World => ({ ...w, price_book: [...w.price_book.filter((r) => r.gpu_id !== 'h100-sxm'), ...rows] });

describe('price book as of each month', () => {
  it('chatgpt-2023-11 over 36 months: the 2023 price before 2026-01, the 2026 price from it', async () => {
    const opts = { scenario: 'chatgpt-2023-11', months: 36, procure: true, runs: 200, seed: 4 } as const;
    const w = withBook(worldFrom(db, opts, root), [
      row({ id: 9001, unit_price: '0.90', valid_from: '2023-01-01', valid_to: '2025-12-31' }),
      row({ id: 9002, unit_price: '0.70', valid_from: '2026-01-01' }),
    ]);
    const r = await computePlan(w, opts, { solve: solveHere });
    const h100 = r.actions.filter((a) => a.gpu_id === 'h100-sxm' && a.mode === 'cloud_on_demand');
    expect(h100.some((a) => a.arrival_month < '2026-01')).toBe(true);
    expect(h100.some((a) => a.arrival_month >= '2026-01')).toBe(true);
    for (const a of h100) expect(a.unit_price).toBe(a.arrival_month < '2026-01' ? '0.9' : '0.7');
    // Both prices are valid in their months: neither is "from another date".
    expect(r.warnings.filter((x) => x.code === 'reference_price_other_date' && x.gpu_id === 'h100-sxm')).toEqual([]);
  });

  it('a book price used before it was valid (no other price for the mode) is dated, and the warning names the date', async () => {
    const opts = { scenario: 'chatgpt-2023-11', procure: true, runs: 200, seed: 4 } as const;
    // No public reference price for H100 either: the book's 2026 price is the only one there is.
    const w0 = withBook(worldFrom(db, opts, root), [row({ id: 9003, unit_price: '0.80', valid_from: '2026-01-01' })]);
    const w: World = { ...w0, reference: { ...w0.reference, procure: w0.reference.procure.filter((r) => r.gpu_id !== 'h100-sxm') } };
    const r = await computePlan(w, opts, { solve: solveHere });
    const leases = r.actions.filter((a) => a.gpu_id === 'h100-sxm' && a.mode === 'cloud_on_demand');
    expect(leases.length).toBeGreaterThan(0);
    for (const a of leases) expect(a.price_date).toBe('2026-01-01');
    const warn = r.warnings.find((x) => x.code === 'reference_price_other_date' && x.gpu_id === 'h100-sxm');
    expect(warn).toMatchObject({ price_date: '2026-01-01' });
    expect(warn!.message).toContain('price-book price dated 2026-01-01');
  });

  it('the burn of a leased cluster without a rate takes each month the book price valid in that month', () => {
    const w0 = worldFrom(db, { scenario: null }, root);
    const c = w0.clusters.find((x) => x.mode === 'lease' && x.unit_cost === null)!;
    expect(c).toBeDefined();
    const w: World = { ...w0, price_book: [
      ...w0.price_book.filter((r) => r.gpu_id !== c.gpu_id),
      row({ id: 9101, gpu_id: c.gpu_id, kind: 'lease_month', unit_price: '100', currency: 'USD', valid_from: '2020-01-01', valid_to: '2026-03-31' }),
      row({ id: 9102, gpu_id: c.gpu_id, kind: 'lease_month', unit_price: '80', currency: 'USD', valid_from: '2026-04-01' }),
    ] };
    const only = new Map([[c.id, 1]]);
    const b = burnOfWorld(w, { start_month: '2026-01', months: 6, currency: 'USD', view: 'accrual', clusters: only });
    const lease = b.months.map((m) => m.lease);
    const n = c.gpus;
    expect(lease).toEqual([100, 100, 100, 80, 80, 80].map((p) => (p * n).toFixed(2)));
  });

  it('the burn of a cloud cluster priced from public reference prices takes the one dated for each month, as the optimiser does', () => {
    const w0 = worldFrom(db, { scenario: null }, root);
    const c = w0.clusters.find((x) => x.mode === 'cloud' && x.unit_cost === null && x.in_service_from === '2025-01')!;
    expect(c).toBeDefined();
    const ref = (id: string, price: string, date: string) => row({ id, list_id: 'cloud_prices_public.csv', vendor: 'Xcloud', gpu_id: c.gpu_id, kind: 'cloud_hour', unit_price: price, valid_from: date });
    const w: World = { ...w0, price_book: w0.price_book.filter((r) => r.gpu_id !== c.gpu_id),
      reference: { ...w0.reference, burn: [...w0.reference.burn.filter((r) => r.gpu_id !== c.gpu_id), ref('r1', '2.00', '2024-06-01'), ref('r2', '1.50', '2025-06-01')] } };
    const b = burnOfWorld(w, { start_month: '2025-04', months: 4, currency: 'USD', view: 'accrual', clusters: new Map([[c.id, 1]]) });
    // April 30 d, May 31 d at the 2024-06 price; June 30 d, July 31 d at the 2025-06 price: calendar hours.
    expect(b.months.map((m) => m.cloud)).toEqual([[2, 30], [2, 31], [1.5, 30], [1.5, 31]].map(([p, d]) => (c.gpus * p * d * 24).toFixed(2)));
    expect(b.warnings.filter((x) => x.cluster_id === c.id && x.code === 'reference_price_other_date')).toEqual([]);
  });
});

describe('an on-demand rental over a period that spans a price change', () => {
  let solver: LpSolver;
  beforeAll(async () => { solver = highsSolver(await loadSolverRuntime()); });
  it('pays each month the price in force that month (steps carried to the action and its burn item)', () => {
    const input: ProcureInput = {
      start_month: '2027-01', months: 6, currency: 'USD', headroom: 0, discount_rate: 0, granularity: 'quarter',
      gpus: [{ id: 'b', tdp_w: 400, cn_export_status: 'allowed', default_lead_months: 0, gpus_per_server: 1 }],
      sites: [{ id: 'cloud', country: 'US', cloud: true, power_limit_kw: null, pue: 1 }],
      pools: [{ id: 'chat', peak_demand: [0, 0, 0, 500, 500, 500], capacity_per_gpu: { b: 50 } }],
      offers: [
        { gpu_id: 'b', mode: 'cloud_on_demand', site: 'cloud', unit_price: '1.0', currency: 'USD', valid_to: '2027-04' },
        { gpu_id: 'b', mode: 'cloud_on_demand', site: 'cloud', unit_price: '0.8', currency: 'USD', valid_from: '2027-05' },
      ],
    };
    const r = optimise(input, solver, { mip_rel_gap: 0, time_limit: 30 });
    const a = r.actions.find((x) => x.arrival_month === '2027-04')!;
    expect(a).toMatchObject({ quantity: 10, unit_price: '1.0', price_steps: [{ from: '2027-05', unit_price: '0.8' }] });
    // 10 GPUs × (1.0 × 720 h in April + 0.8 × 744 h in May + 0.8 × 720 h in June) = 10 × 1,891.2
    expect(a.total_cost).toBe('18912.00');
    expect(actionsToBurnItems([a])[0]).toMatchObject({ unit_price: '1.0', price_steps: [{ from: '2027-05', unit_price: '0.8' }], in_service_from: '2027-04' });
  });
});

