// Pins the finance schedules: chargeback allocations add up exactly to each month's burn (property), the cash view's capex quarter equals the Budgets plan quarter under a 30/70 split, and a cloud rental's Actions total is rate × calendar hours over its term.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { allocate, actionLines, chargeback, payments } from '../../src-main/io/export/finance.js';
import { buildTables, columnIndex } from '../../src-main/io/export/tables.js';
import { DEFAULT_OPTIONS } from '../../src-main/io/export/types.js';
import { fixture } from './fixture.js';
import { actualRows, classPoolsOf, exportPlan, type PlanLike } from '../../src-main/io/export/gather.js';

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

describe('chargeback per request class (the plan\'s by_class, issue 19)', () => {
  it('by_class is mapped onto each class\'s pool; on both bases the classes add up exactly to the burn (property)', () => {
    const body = { classes: [{ id: 'chat', pool: 'big' }, { id: 'voice', pool: 'big' }, { id: 'crm-batch', pool: 'small' }, { id: 'orphan', pool: 'gone' }] };
    const pools = classPoolsOf(body);
    expect(pools).toEqual({ chat: 'big', voice: 'big', 'crm-batch': 'small', orphan: 'gone' });
    const cents = fc.bigInt({ min: 0n, max: 10n ** 13n }).map((c) => new Decimal(c.toString()).div(100).toFixed(2));
    const tokens = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e13, noNaN: true }));
    fc.assert(fc.property(fc.array(fc.record({ total: cents, chat: tokens, voice: tokens, crm: tokens, orphan: tokens, capBig: fc.integer({ min: 0, max: 1e6 }), capSmall: fc.integer({ min: 0, max: 1e6 }) }), { minLength: 1, maxLength: 6 }), (ms) => {
      const plan = fixture().plan;
      const like = {
        ...plan,
        months: ms.map((x, i) => ({
          ...plan.months[0], month: `2027-${String(i + 1).padStart(2, '0')}`,
          burn: { ...plan.months[0].burn!, total: x.total },
          pools: [
            { pool_id: 'big', peak_output_tokens_per_s: 10, capacity_output_tokens_per_s: x.capBig, served_output_tokens: x.chat + x.voice },
            { pool_id: 'small', peak_output_tokens_per_s: 5, capacity_output_tokens_per_s: x.capSmall, served_output_tokens: x.crm },
          ],
          by_class: { chat: { served_output_tokens: x.chat }, voice: { served_output_tokens: x.voice }, 'crm-batch': { served_output_tokens: x.crm }, orphan: { served_output_tokens: x.orphan } },
        })),
      } as unknown as PlanLike;
      const input = { ...fixture(), plan: exportPlan(like, pools) };
      const rows = chargeback(input);
      for (const m of input.plan.months) {
        for (const basis of ['usage', 'reservation'] as const) {
          const mine = rows.filter((r) => r.month === m.month && r.basis === basis);
          expect(mine.reduce((a, r) => a.plus(r.amount), new Decimal(0)).eq(m.burn!.total)).toBe(true);
          // A class only ever appears under its own pool; a class of a pool the plan does not have is never charged.
          for (const r of mine) if (r.class_id) expect(pools[r.class_id]).toBe(r.pool);
          expect(mine.some((r) => r.class_id === 'orphan')).toBe(false);
        }
      }
    }), { numRuns: 200 });
  });

  it('the Chargeback sheet names the classes', () => {
    const plan = fixture().plan;
    const like = { ...plan, months: plan.months.slice(0, 1).map((m) => ({ ...m,
      pools: [{ pool_id: 'big', peak_output_tokens_per_s: 10, capacity_output_tokens_per_s: 20, served_output_tokens: 3e9 }],
      by_class: { chat: { served_output_tokens: 2e9 }, voice: { served_output_tokens: 1e9 } } })) } as unknown as PlanLike;
    const t = buildTables({ ...fixture(), plan: exportPlan(like, { chat: 'big', voice: 'big' }) }, 'en');
    const usage = t.chargeback.rows.filter((r) => r.cells[1] === 'usage (served tokens)');
    // 18,500,432.623456 split 2 : 1 at the burn's own precision (6 places), the remainder unit to the larger part.
    expect(usage.map((r) => [r.cells[2], r.cells[3], r.cells[5]])).toEqual([['big', 'chat', '12333621.748971'], ['big', 'voice', '6166810.874485']]);
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

describe('budget vs plan vs actual (issue 15 actuals)', () => {
  it('actual spend classed capex/opex by category, at the month\'s FX rate; Budgets actual, variance and share', () => {
    const input = fixture();
    input.actuals = actualRows([
      { month: '2026-01', category: 'gpu', amount: '150000000', currency: 'CNY' },
      { month: '2026-02', category: 'power', amount: '1200000', currency: 'CNY' },
      { month: '2026-02', category: 'cloud', amount: '100000', currency: 'USD' },
      { month: '2026-03', category: 'staff', amount: '50', currency: 'EUR' },
    ], 'CNY', input.fx);
    expect(input.actuals.map((a) => [a.category, a.kind, a.amount_rep])).toEqual([['gpu', 'capex', '150000000'], ['cloud', 'opex', '712340'], ['power', 'opex', '1200000'], ['staff', 'opex', null]]);
    const t = buildTables(input, 'en');
    expect(t.actuals.rows).toHaveLength(4);
    const col = (k: string) => columnIndex(t.budgets, k);
    const [capex, opex] = t.budgets.rows;
    expect([capex.cells[col('budget_actual')], capex.cells[col('actual_variance')], capex.cells[col('actual_share')]]).toEqual(['150000000', '-150000000', 0.5]);
    // 1,200,000 + 100,000 USD × 7.1234 = 1,912,340 against 5,000,000; the EUR line has no rate and is left out.
    expect([opex.cells[col('budget_actual')], opex.cells[col('actual_variance')], opex.cells[col('actual_share')]]).toEqual(['1912340', '-3087660', 0.382468]);
    expect(opex.formulas?.[col('budget_actual')]).toMatchObject({ op: 'sumbetween', table: 'actuals', matchKey: 'kind', here: 'budget_kind' });
  });
});
