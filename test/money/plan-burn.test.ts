// Pins the plan's burn fields: every month of a demo scenario gets burn parts (decimal strings in the scenario's currency) that add up exactly to total, and cost_per_million_tokens; --view cash moves purchases to the month paid.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { planBurn } from '../../src-main/engine/plan/plan-burn.js';
import { planFromDb, deterministicFromDb } from '../helpers/plan.js';
import type { ProcureAction } from '../../src-main/engine/procure/index.js';
import type { WritableDB } from '../../src-main/store/handles.js';
import { parseDecimal } from '../../src-main/engine/money/index.js';
import { openDemoDb, closeDemoDb } from '../helpers/demo-db.js';

const root = path.resolve(__dirname, '..', '..');
let db: WritableDB;
beforeAll(() => { db = openDemoDb(); });
afterAll(() => closeDemoDb(db));

const units = (s: string) => parseDecimal(s).units;
type Burn = Record<'total' | 'depreciation' | 'lease' | 'cloud' | 'electricity' | 'hosting' | 'fixed', string>;

describe('plan burn', () => {
  it('fills burn and cost per million tokens for every month, parts summing to the total', async () => {
    const r = await planFromDb(db, { scenario: 'ernie-growth-2026', runs: 20, seed: 1, months: 24 }, root);
    expect(r.months.length).toBe(24);
    for (const m of r.months as unknown as { burn: Burn; cost_per_million_tokens: string | null }[]) {
      expect(m.burn).not.toBeNull();
      const parts = (['depreciation', 'lease', 'cloud', 'electricity', 'hosting', 'fixed'] as const).reduce((a, k) => a + units(m.burn[k]), 0n);
      expect(parts).toBe(units(m.burn.total));
      expect(parseDecimal(m.burn.total).scale).toBe(2);
    }
    expect(r.months.some((m) => (m as unknown as { cost_per_million_tokens: string | null }).cost_per_million_tokens !== null)).toBe(true);
    expect(r.warnings.some((w) => w.code === 'burn_not_computed')).toBe(false);
  });
  it('cash and accrual views differ only in how purchases land', async () => {
    const opts = { scenario: 'ernie-growth-2026', runs: 10, seed: 1, months: 12 };
    const acc = await planFromDb(db, { ...opts, view: 'accrual' }, root);
    const cash = await planFromDb(db, { ...opts, view: 'cash' }, root);
    const b = (r: typeof acc, i: number) => (r.months[i] as unknown as { burn: Burn }).burn;
    for (let i = 0; i < 12; i++) {
      expect(b(cash, i).electricity).toBe(b(acc, i).electricity);
      expect(b(cash, i).lease).toBe(b(acc, i).lease);
    }
    const sum = (r: typeof acc) => r.months.reduce((a, _m, i) => a + units(b(r, i).depreciation), 0n);
    expect(sum(cash)).not.toBe(sum(acc));
  });
  it('counts only the scenario\'s fleet, priced from public reference prices when the price book has none', async () => {
    const r = await planFromDb(db, { scenario: 'chatgpt-2023-11', runs: 10, seed: 1, months: 2 }, root);
    const m = r.months[0] as unknown as { month: string; burn: Burn; cost_per_million_tokens: string | null };
    expect(m.month).toBe('2023-11');
    // Only the Azure A100 cloud cluster serves ChatGPT: no purchases, no power of our own.
    expect(m.burn.depreciation).toBe('0.00');
    expect(m.burn.electricity).toBe('0.00');
    // 28,936 GPUs × $32.77 / 8 per GPU-hour (Azure ND96amsr_A100_v4, cloud_prices_public.csv) × 720 h = 118,529.09 × 720
    expect(m.burn.cloud).toBe('85340944.80');
    expect(m.burn.total).toBe('85340944.80');
    expect(m.cost_per_million_tokens).not.toBeNull();
    expect(r.warnings.map((w) => w.message).join('\n')).toMatch(/Azure.*cloud_prices_public\.csv/);
  });
  it('adds planned procurement lines: paid in the order month (cash), depreciated from arrival (accrual)', () => {
    const { world, inputs, det } = deterministicFromDb(db, { scenario: 'ernie-growth-2026', months: 8 }, root);
    const action = {
      order_month: '2026-03', arrival_month: '2026-06', site: 'Ulanqab', gpu_id: 'h20', mode: 'buy' as const, quantity: 800,
      unit_price: '110000', currency: 'CNY', lead_months: 3, lead_source: 'gpu_default' as const, total_cost: '88000000',
    } as unknown as ProcureAction;
    const base = planBurn(world, inputs.scenario, inputs.input.fleet, det, 'accrual');
    const acc = planBurn(world, inputs.scenario, inputs.input.fleet, det, 'accrual', [action]);
    const cash = planBurn(world, inputs.scenario, inputs.input.fleet, det, 'cash', [action]);
    const dep = (r: typeof base, i: number) => units(r.months[i].burn!.depreciation);
    expect(dep(acc, 4) - dep(base, 4)).toBe(0n);                       // 2026-05: not arrived
    expect(dep(acc, 5) - dep(base, 5)).toBe(146666667n);                // 2026-06: 88,000,000 / 60 (the one hardware life, as in the optimiser) = 1,466,666.67
    expect(cash.months[2].burn!.depreciation).not.toBe(cash.months[1].burn!.depreciation);
    expect(units(cash.months[2].burn!.depreciation)).toBeGreaterThanOrEqual(8_800_000_000n); // ¥88,000,000.00 in 2026-03
    expect(units(acc.months[6].burn!.electricity)).toBeGreaterThan(units(base.months[6].burn!.electricity));
  });
});

describe('plan with procurement', () => {
  it('burn includes the planned orders, parts still summing exactly', async () => {
    const r = await planFromDb(db, { scenario: 'ernie-growth-2026', runs: 10, seed: 1, months: 24, procure: true, view: 'cash' }, root) as unknown as {
      months: { month: string; burn: Burn }[]; actions: { order_month: string; mode: string; quantity: number; unit_price: string; currency: string }[];
    };
    for (const m of r.months) {
      const parts = (['depreciation', 'lease', 'cloud', 'electricity', 'hosting', 'fixed'] as const).reduce((a, k) => a + units(m.burn[k]), 0n);
      expect(parts).toBe(units(m.burn.total));
    }
    const buys = r.actions.filter((a) => a.mode === 'buy' && a.currency === 'CNY');
    for (const a of buys) {
      const m = r.months.find((x) => x.month === a.order_month);
      if (!m) continue;
      // cash view: at least this order's price lands in its order month
      expect(units(m.burn.depreciation)).toBeGreaterThanOrEqual(parseDecimal(a.unit_price).units * BigInt(a.quantity) * 10n ** BigInt(2 - parseDecimal(a.unit_price).scale));
    }
  }, 120_000);
});
