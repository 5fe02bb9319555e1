// Pins the plan's one set of economics and its dated inputs on the demo database (issue 12): chatgpt-2023-11 orders nothing before it shipped; a rental's burn ends with its term and equals GPUs × price × calendar hours to the cent; purchases depreciate over the one hardware life; served tokens are Σ of the days; warnings are structured; assumptions are echoed; before/after risk is reported.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { planBurn } from '../../src-main/engine/plan/plan-burn.js';
import { planFromDb, deterministicFromDb } from '../helpers/plan.js';
import type { ProcureAction } from '../../src-main/engine/procure/index.js';
import type { WritableDB } from '../../src-main/store/handles.js';
import { parseDecimal } from '../../src-main/engine/money/index.js';
import { listAvailability } from '../../src-main/store/export-rules.js';
import { addMonths } from '../../src-main/shared/month.js';
import { openDemoDb, closeDemoDb } from '../helpers/demo-db.js';

const root = path.resolve(__dirname, '..', '..');
let db: WritableDB;
beforeAll(() => { db = openDemoDb(); });
afterAll(() => closeDemoDb(db));
const units = (s: string) => parseDecimal(s).units; // minor units at scale 2

describe('plan economics and dated inputs (demo database)', () => {
  it('chatgpt-2023-11 orders no GPU type before it shipped (no MI325X before 2024-10), and reports risk before and after', async () => {
    const r = await planFromDb(db, { scenario: 'chatgpt-2023-11', procure: true, runs: 300, seed: 2 }, root);
    const avail = new Map(listAvailability(db).map((a) => [a.gpu_id, a.available_from]));
    expect(r.actions.length).toBeGreaterThan(0);
    for (const a of r.actions) expect(a.arrival_month >= (avail.get(a.gpu_id) ?? '0000-00')).toBe(true);
    expect(r.actions.some((a) => a.gpu_id === 'mi325x' && a.arrival_month < '2024-10')).toBe(false);
    expect(r.procurement!.service_level).toBe(0.9);
    expect(r.crash_month_without_plan).not.toBeNull();
    expect(r.risk!.months).toHaveLength(r.months.length);
    // Assumptions are echoed; warnings are structured with codes.
    expect(r.assumptions).toMatchObject({ service_level: 0.9, headroom: 0, hardware_life_months: 60, procurement: true, monte_carlo: { runs: 300, seed: 2 } });
    expect(r.assumptions!.inputs_hash).toMatch(/^[0-9a-f]{16}$/);
    for (const w of r.warnings) { expect(typeof w.code).toBe('string'); expect(typeof w.message).toBe('string'); }
    // A 2023 plan priced with later reference prices says so, with the price's date.
    expect(r.warnings.some((w) => w.code === 'reference_price_other_date' && /dated 20\d\d/.test(w.message))).toBe(true);
    // Served tokens never exceed demand; cost per 1M per output and per total token are both given.
    for (const m of r.months as unknown as { served_output_tokens: number; served_total_tokens: number; cost_per_million_tokens: string | null; cost_per_million_total_tokens: string | null }[]) {
      expect(m.served_total_tokens).toBeGreaterThanOrEqual(m.served_output_tokens);
      if (m.cost_per_million_tokens !== null) expect(Number(m.cost_per_million_total_tokens)).toBeLessThanOrEqual(Number(m.cost_per_million_tokens));
    }
  }, 120_000);

  it('chatgpt-2023-11 holds at the promised risk with the plan even though it buys another GPU family than it has (capacity error re-sized on the planned mix)', async () => {
    const r = await planFromDb(db, { scenario: 'chatgpt-2023-11', procure: true, runs: 2000, seed: 1 }, root);
    const limited = new Set(r.procurement!.infeasible_months.map((f) => f.month));
    const families = new Set(r.actions.map((a) => a.gpu_id));
    expect(families.size).toBeGreaterThan(0);
    const tol = 2 * r.risk!.monte_carlo_error;
    for (const m of r.risk!.months) {
      if (!limited.has(m.month)) expect(m.p_overload, m.month).toBeLessThanOrEqual(0.1 + tol);
    }
    expect(r.warnings.some((w) => w.code === 'service_level_not_met' && /not explained by a limit/.test(w.message))).toBe(false);
    // GPUs arriving within 6 months of their first shipment with no supply cap are flagged, with the dates.
    const avail = new Map(listAvailability(db).map((a) => [a.gpu_id, a.available_from]));
    const early = r.actions.filter((a) => { const f = avail.get(a.gpu_id); return f && a.arrival_month < addMonths(f, 6); });
    const flagged = r.warnings.filter((w) => w.code === 'early_ramp');
    expect(new Set(flagged.map((w) => w.gpu_id))).toEqual(new Set(early.map((a) => a.gpu_id)));
    for (const w of flagged) expect(w.price_date).toBe(avail.get(w.gpu_id!));
  }, 120_000);

  it('a supply cap on the type clears its early-ramp warning', async () => {
    const r = await planFromDb(db, { scenario: 'chatgpt-2023-11', procure: true, runs: 300, seed: 2 }, root);
    const flagged = r.warnings.filter((w) => w.code === 'early_ramp').map((w) => w.gpu_id!);
    expect(flagged.length).toBeGreaterThan(0);
    const capped = await planFromDb(db, { scenario: 'chatgpt-2023-11', procure: true, runs: 300, seed: 2 }, root,
      { overrides: { supply_caps: flagged.map((g) => ({ gpu_id: g, per: 'month' as const, max_gpus: 1_000_000 })) } });
    expect(capped.warnings.filter((w) => w.code === 'early_ramp')).toEqual([]);
  }, 120_000);

  it('a rental ends with its term in the burn and costs GPUs × price × calendar hours to the cent; a lease likewise; a purchase depreciates over the one hardware life', () => {
    const { world, inputs, det } = deterministicFromDb(db, { scenario: 'ernie-growth-2026', months: 8 }, root);
    const base = planBurn(world, inputs.scenario, inputs.input.fleet, det, 'accrual');
    const rental = {
      order_month: '2026-02', arrival_month: '2026-02', site: 'Ulanqab', gpu_id: 'h20', mode: 'cloud_on_demand' as const, quantity: 10,
      unit_price: '12.345', currency: 'CNY', lead_months: 0, lead_source: 'price_list' as const, term_months: 3, total_cost: '0',
    } as unknown as ProcureAction;
    const lease = { ...rental, mode: 'lease' as const, unit_price: '1000.10', term_months: 2, arrival_month: '2026-03' } as unknown as ProcureAction;
    const withR = planBurn(world, inputs.scenario, inputs.input.fleet, det, 'accrual', [rental]);
    const withL = planBurn(world, inputs.scenario, inputs.input.fleet, det, 'accrual', [lease]);
    const cloud = (r: typeof base, i: number) => units(r.months[i].burn!.cloud);
    const hours = [744, 672, 744, 720, 744, 720, 744, 744]; // 2026-01..08
    for (let i = 0; i < 8; i++) {
      // 10 × 12.345 × hours, in cents; nothing after the 3-month term (2026-02..04).
      const want = i >= 1 && i <= 3 ? BigInt(Math.round(10 * 12.345 * hours[i] * 100)) : 0n;
      expect(cloud(withR, i) - cloud(base, i)).toBe(want);
      const leaseWant = i >= 2 && i <= 3 ? 10n * 100010n : 0n;
      expect(units(withL.months[i].burn!.lease) - units(base.months[i].burn!.lease)).toBe(leaseWant);
    }
    const buy = { ...rental, mode: 'buy' as const, unit_price: '60000', term_months: undefined, order_month: '2026-01', arrival_month: '2026-03' } as unknown as ProcureAction;
    const withB = planBurn(world, inputs.scenario, inputs.input.fleet, det, 'accrual', [buy], 60);
    // 10 × 60,000 / 60 months = 10,000.00 a month from arrival.
    expect(units(withB.months[2].burn!.depreciation) - units(base.months[2].burn!.depreciation)).toBe(1_000_000n);
    expect(units(withB.months[1].burn!.depreciation) - units(base.months[1].burn!.depreciation)).toBe(0n);
  });

  it('zero costs are structured warnings: a lease without a rate, sites without hosting', () => {
    const { world, inputs, det } = deterministicFromDb(db, { scenario: 'ernie-growth-2026', months: 4 }, root);
    const r = planBurn(world, inputs.scenario, inputs.input.fleet, det, 'accrual');
    const codes = r.warnings.map((w) => w.code);
    expect(codes).toContain('lease_without_rate');
    expect(codes).toContain('site_without_hosting');
    const lease = r.warnings.find((w) => w.code === 'lease_without_rate')!;
    expect(lease.cluster_id).toBeTypeOf('number');
    expect(lease.site).toBeTypeOf('string');
  });
});
