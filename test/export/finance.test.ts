// Pins the finance schedules: chargeback allocations add up exactly to each month's burn (property), the cash view's capex quarter equals the Budgets plan quarter under a 30/70 split, and a cloud rental's Actions total is rate × calendar hours over its term.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { allocate, actionLines, chargeback, payments } from '../../src-main/io/export/finance.js';
import { buildTables, columnIndex } from '../../src-main/io/export/tables.js';
import { DEFAULT_OPTIONS } from '../../src-main/io/export/types.js';
import { fixture } from './fixture.js';

describe('chargeback', () => {
  it('largest remainder: the parts add up exactly to the amount, at its own precision', () => {
    fc.assert(fc.property(
      fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 6 }),
      fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 12 }),
      (units, scale, weights) => {
        const amount = new Decimal(units.toString()).div(10 ** scale).toFixed(scale);
        const parts = allocate(amount, weights);
        if (weights.every((w) => Math.round(w * 1000) === 0)) { expect(parts).toBeNull(); return; }
        expect(parts!.reduce((a, p) => a.plus(p), new Decimal(0)).eq(amount)).toBe(true);
        weights.forEach((w, i) => { if (Math.round(w * 1000) === 0) expect(new Decimal(parts![i]).isZero()).toBe(true); });
      }), { numRuns: 300 });
  });

  it('each month, pools and classes on each basis add up exactly to the burn', () => {
    const input = fixture();
    input.plan.months.forEach((m, i) => {
      m.pools = [
        { pool_id: 'chat', peak_output_tokens_per_s: 700_000 + i, capacity_output_tokens_per_s: 800_000, classes: [{ class_id: 'chat', output_tokens: 3e12 }, { class_id: 'b2b-acme', output_tokens: 1e12 + 7 }] },
        { pool_id: 'api', peak_output_tokens_per_s: 212_000, capacity_output_tokens_per_s: 300_000 + i * 3 },
      ];
    });
    const rows = chargeback(input);
    for (const m of input.plan.months) {
      for (const basis of ['usage', 'reservation'] as const) {
        const sum = rows.filter((r) => r.month === m.month && r.basis === basis).reduce((a, r) => a.plus(r.amount), new Decimal(0));
        expect(sum.eq(m.burn!.total), `${m.month} ${basis}`).toBe(true);
      }
    }
    expect(rows.some((r) => r.class_id === 'b2b-acme')).toBe(true);
  });
});

describe('one payment rule for the cash view and Budgets', () => {
  it('30/70 split: each quarter\'s cash capex on Monthly equals the Budgets plan of that quarter', () => {
    const input = fixture();
    input.plan.actions[0] = { ...input.plan.actions[0], order_month: '2026-01', arrival_month: '2026-03' };
    input.options = { ...DEFAULT_OPTIONS, payment: { kind: 'split', at_order: 0.3 } };
    const pays = payments(input);
    expect(pays.map((p) => [p.month, p.share])).toEqual([['2026-01', 0.3], ['2026-03', 0.7]]);
    const total = new Decimal('98000.45').times(2048);
    expect(pays.reduce((a, p) => a.plus(p.amount), new Decimal(0)).eq(total)).toBe(true);
    const t = buildTables(input, 'en');
    const cap = columnIndex(t.monthly, 'capex_cash');
    const q1 = t.monthly.rows.reduce((a, r) => a.plus(String(r.cells[cap])), new Decimal(0));
    expect(q1.eq(total)).toBe(true);
    const capexBudget = t.budgets.rows.find((r) => r.cells[1] === 'Capex (purchases arriving)')!;
    expect(new Decimal(String(capexBudget.cells[columnIndex(t.budgets, 'budget_plan')])).eq(q1)).toBe(true);
  });
});

describe('rentals on Actions', () => {
  it('cloud: quantity × hourly rate × calendar hours from arrival to the end of the term (within the horizon)', () => {
    const input = fixture();
    input.plan.actions[1] = { ...input.plan.actions[1], mode: 'cloud_reserved', term_months: 1 };
    const l = actionLines(input).find((x) => x.action.mode === 'cloud_reserved')!;
    expect([l.from, l.to, l.units]).toEqual(['2026-02', '2026-02', 28 * 24]);
    expect(new Decimal(l.total).eq(new Decimal('2.49').times(64).times(672))).toBe(true);
  });
});
