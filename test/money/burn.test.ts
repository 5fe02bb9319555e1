// Pins monthly burn: a depreciation schedule by hand, cash vs accrual, leases, cloud hours, FX switching, unit costs, and (fast-check) parts that sum exactly to the total and are never negative.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  computeBurn, depreciationSchedule, monthRange, BURN_CATEGORIES, type BurnInput, type BurnItem,
} from '../../src-main/engine/burn/index.js';
import { parseDecimal } from '../../src-main/engine/money/index.js';

const base = (over: Partial<BurnInput>): BurnInput => ({
  months: monthRange('2024-01', 12), currency: 'USD', view: 'accrual', items: [],
  sites: [{ id: 'va', pue: 1.2, tariffs: [{ effective_from: '2020-01', currency: 'USD', kind: 'flat', price_per_kwh: '0.0892' }] }],
  gpus: { h100: { tdp_w: 700 } }, fx: [], default_utilisation: 0.5, ...over,
});

describe('average month', () => {
  it('is the total over the months, half-even to the cent', () => {
    const r = computeBurn(base({
      months: monthRange('2024-01', 3),
      items: [{ id: 'l', site: 'va', gpu_id: 'nopower', count: 1, mode: 'lease', unit_price: '100.01', currency: 'USD', in_service_from: '2024-01' }],
    }));
    expect(r.totals.total).toBe('300.03');
    expect(r.totals.average_month).toBe('100.01');
    const two = computeBurn(base({
      months: monthRange('2024-01', 2),
      items: [{ id: 'l', site: 'va', gpu_id: 'nopower', count: 1, mode: 'lease', unit_price: '0.05', currency: 'USD', in_service_from: '2024-02' }],
    }));
    expect(two.totals.total).toBe('0.05');
    expect(two.totals.average_month).toBe('0.02'); // 0.025 → half-even
  });
});

describe('depreciation schedule by hand', () => {
  it('27,000.00 over 7 months sums to the cent (cumulative rounding)', () => {
    // cumulative cents round(2,700,000 × k / 7): 385714, 771429, 1157143, 1542857, 1928571, 2314286, 2700000
    expect(depreciationSchedule(2_800_000n, 100_000n, 7)).toEqual([385714n, 385715n, 385714n, 385714n, 385714n, 385715n, 385714n]);
    expect(depreciationSchedule(2_800_000n, 100_000n, 7).reduce((a, b) => a + b, 0n)).toBe(2_700_000n);
    expect(() => depreciationSchedule(100n, 200n, 3)).toThrow();
  });

  it('burn charges the same schedule month by month, then stops', () => {
    const r = computeBurn(base({
      months: monthRange('2024-01', 9),
      items: [{ id: 'b', site: 'va', gpu_id: 'nopower', count: 3, mode: 'buy', unit_price: '10000', currency: 'USD',
        in_service_from: '2024-02', useful_life_months: 7, residual_value: '1000' }],
    }));
    expect(r.months.map((m) => m.depreciation)).toEqual(['0.00', '3857.14', '3857.15', '3857.14', '3857.14', '3857.14', '3857.15', '3857.14', '0.00']);
    expect(r.totals.depreciation).toBe('27000.00');
    expect(r.notes.join(' ')).toMatch(/nopower: no TDP/);
  });

  it('an asset retired early writes off the rest of its book value in its last month', () => {
    const r = computeBurn(base({
      months: monthRange('2024-01', 6),
      items: [{ id: 'b', site: 'va', gpu_id: 'x', count: 1, mode: 'buy', unit_price: '1200', currency: 'USD',
        in_service_from: '2024-01', in_service_to: '2024-03', useful_life_months: 12 }],
      gpus: { x: { tdp_w: null } },
    }));
    expect(r.months.map((m) => m.depreciation)).toEqual(['100.00', '100.00', '1000.00', '0.00', '0.00', '0.00']);
  });

  it('a horizon that starts mid-life charges only its own months', () => {
    const r = computeBurn(base({
      months: monthRange('2024-03', 2),
      items: [{ id: 'b', site: 'va', gpu_id: 'x', count: 1, mode: 'buy', unit_price: '700', currency: 'USD', in_service_from: '2024-01', useful_life_months: 3 }],
      gpus: { x: { tdp_w: null } },
    }));
    expect(r.months.map((m) => m.depreciation)).toEqual(['233.33', '0.00']); // 233.33, 233.34, 233.33
  });
});

describe('cash vs accrual, leases and cloud', () => {
  const items: BurnItem[] = [
    { id: 'buy', site: 'va', gpu_id: 'x', count: 8, mode: 'buy', unit_price: '30000', currency: 'USD', in_service_from: '2024-03', paid_month: '2024-02', useful_life_months: 48 },
    { id: 'lease', site: 'va', gpu_id: 'x', count: 16, mode: 'lease', unit_price: '2350', currency: 'USD', in_service_from: '2024-01', in_service_to: '2024-02', term_months: 4 },
    { id: 'od', site: 'cloud', gpu_id: 'x', count: 8, mode: 'cloud_on_demand', unit_price: '2.745', currency: 'USD', in_service_from: '2024-02', in_service_to: '2024-02' },
    { id: 'ri', site: 'cloud', gpu_id: 'x', count: 8, mode: 'cloud_reserved', unit_price: '1.90', currency: 'USD', in_service_from: '2024-01', in_service_to: '2024-01', term_months: 2 },
  ];
  const gpus = { x: { tdp_w: null } };
  it('cash puts the purchase in the month paid; accrual spreads it', () => {
    const cash = computeBurn(base({ view: 'cash', items, gpus, months: monthRange('2024-01', 5) }));
    const acc = computeBurn(base({ view: 'accrual', items, gpus, months: monthRange('2024-01', 5) }));
    expect(cash.months.map((m) => m.depreciation)).toEqual(['0.00', '240000.00', '0.00', '0.00', '0.00']);
    expect(acc.months.map((m) => m.depreciation)).toEqual(['0.00', '0.00', '5000.00', '5000.00', '5000.00']);
  });
  it('leases pay through their committed term; cloud pays GPU-hours (reserved for its term)', () => {
    const r = computeBurn(base({ items, gpus, months: monthRange('2024-01', 5) }));
    // lease 16 × 2,350 for Jan–Apr (term 4 though retired after Feb)
    expect(r.months.map((m) => m.lease)).toEqual(['37600.00', '37600.00', '37600.00', '37600.00', '0.00']);
    // reserved 8 × 1.90 × 744 h (Jan) and × 696 h (Feb, leap year); on-demand 8 × 2.745 × 696 h in Feb
    expect(r.months[0].cloud).toBe('11308.80');
    expect(r.months[1].cloud).toBe((10579.2 + 15284.16).toFixed(2));
    expect(r.months[2].cloud).toBe('0.00');
  });
});

describe('FX inside burn', () => {
  it('converts each month at the rate in force; purchases at the rate of the month paid', () => {
    const r = computeBurn(base({
      months: monthRange('2024-02', 3),
      currency: 'USD',
      items: [
        { id: 'l', site: 'va', gpu_id: 'x', count: 1, mode: 'lease', unit_price: '1000', currency: 'CNY', in_service_from: '2024-01' },
        { id: 'b', site: 'va', gpu_id: 'x', count: 1, mode: 'buy', unit_price: '1200', currency: 'CNY', in_service_from: '2024-02', useful_life_months: 12 },
      ],
      gpus: { x: { tdp_w: null } },
      fx: [
        { base: 'CNY', quote: 'USD', rate: '0.14', effective_from: '2024-01-01' },
        { base: 'CNY', quote: 'USD', rate: '0.13', effective_from: '2024-03-15' },
      ],
    }));
    expect(r.months.map((m) => m.lease)).toEqual(['140.00', '140.00', '130.00']);
    expect(r.months.map((m) => m.depreciation)).toEqual(['14.00', '14.00', '14.00']); // 1200 × 0.14 / 12, fixed at Feb's rate
  });
  it('names the missing rate', () => {
    expect(() => computeBurn(base({
      items: [{ id: 'l', site: 'va', gpu_id: 'x', count: 1, mode: 'lease', unit_price: '1', currency: 'JPY', in_service_from: '2024-01' }],
    }))).toThrow(/JPY→USD/);
  });
});

describe('unit costs', () => {
  it('cost per million tokens, per 1,000 requests, per DAU and tokens per MWh', () => {
    const r = computeBurn(base({
      months: ['2024-01'],
      fixed: [{ name: 'staff', amount_per_month: '31000', currency: 'USD' }],
      items: [{ id: 'l', site: 'va', gpu_id: 'h100', count: 100, mode: 'lease', unit_price: '0', currency: 'USD', in_service_from: '2024-01' }],
      utilisation: { va: [0.5] },
      served: { output_tokens: [1e9], requests: [2_000_000], dau: [100_000] },
    }));
    const m = r.months[0];
    // electricity: 100 × (175 + 525 × 0.5) W × 1.82 × 1.2 = 95,550 W × 744 h = 71,089.2 kWh × 0.0892 = 6,341.15664
    expect(m.energy_kwh).toBeCloseTo(71089.2, 3);
    expect(m.electricity).toBe('6341.16');
    expect(m.total).toBe('37341.16');
    expect(m.cost_per_million_tokens).toBe('37.3412'); // 37,341.16 × 10^6 / 10^9
    expect(m.cost_per_1000_requests).toBe('18.6706');
    expect(m.cost_per_dau).toBe('0.3734');
    expect(m.tokens_per_mwh).toBe(Math.round(1e9 / 71.0892));
    expect(r.notes).toEqual([]);
  });
});

describe('properties', () => {
  const item = fc.record({
    count: fc.integer({ min: 0, max: 5000 }),
    mode: fc.constantFrom('buy', 'lease', 'cloud_on_demand', 'cloud_reserved') as fc.Arbitrary<BurnItem['mode']>,
    price: fc.tuple(fc.integer({ min: 0, max: 400000 }), fc.integer({ min: 0, max: 9999 })).map(([a, b]) => `${a}.${String(b).padStart(4, '0')}`),
    currency: fc.constantFrom('USD', 'CNY', 'EUR'),
    start: fc.integer({ min: -12, max: 30 }),
    len: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
    life: fc.integer({ min: 1, max: 72 }),
    site: fc.constantFrom('va', 'nm'),
    term: fc.option(fc.integer({ min: 1, max: 36 }), { nil: null }),
  });
  const inputs = fc.record({
    items: fc.array(item, { maxLength: 12 }),
    view: fc.constantFrom('accrual', 'cash') as fc.Arbitrary<'accrual' | 'cash'>,
    currency: fc.constantFrom('USD', 'CNY', 'EUR', 'JPY'),
    util: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 24, maxLength: 24 }),
    profile: fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 24, maxLength: 24 }),
  }).map(({ items, view, currency, util, profile }): BurnInput => {
    const months = monthRange('2024-01', 24);
    return {
      months, view, currency, diurnal: profile,
      items: items.map((x, i) => ({
        id: String(i), site: x.site, gpu_id: 'h100', count: x.count, mode: x.mode, unit_price: x.price, currency: x.currency,
        in_service_from: monthRange('2023-01', 60)[x.start + 12],
        in_service_to: x.len === null ? null : monthRange('2023-01', 120)[x.start + 12 + x.len],
        useful_life_months: x.life, residual_value: x.mode === 'buy' && !x.price.startsWith('0.') ? '0.5' : undefined, term_months: x.term,
      })),
      sites: [
        { id: 'va', pue: 1.2, hosting_per_kw_month: '184.06', hosting_currency: 'USD',
          tariffs: [{ effective_from: '2023-01', currency: 'USD', kind: 'flat', price_per_kwh: '0.0892', demand_charge_per_kw_month: '12.5' }] },
        { id: 'nm', pue: 1.25,
          tariffs: [{ effective_from: '2023-01', currency: 'CNY', kind: 'tou', hourly: Array.from({ length: 24 }, (_, h) => (h < 8 ? '0.289' : '1.49')) }] },
      ],
      gpus: { h100: { tdp_w: 700 } },
      utilisation: { va: util, nm: util.map((u) => 1 - u) },
      fixed: [{ name: 'staff', amount_per_month: '12345.67', currency: 'CNY', from: '2024-03' }],
      fx: [
        { base: 'EUR', quote: 'USD', rate: '1.0705', effective_from: '2024-06-28' },
        { base: 'EUR', quote: 'CNY', rate: '7.7748', effective_from: '2024-06-28' },
        { base: 'EUR', quote: 'JPY', rate: '171.94', effective_from: '2024-06-28' },
        { base: 'USD', quote: 'CNY', rate: '6.9', effective_from: '2023-06-29' },
      ],
      served: { output_tokens: months.map((_, i) => 1e9 * (i + 1)) },
    };
  });

  it('parts add up exactly to the total every month, and the totals to the sum of months', () => {
    fc.assert(fc.property(inputs, (input) => {
      const r = computeBurn(input);
      const t = BURN_CATEGORIES.map(() => 0n);
      let tt = 0n;
      for (const m of r.months) {
        const parts = BURN_CATEGORIES.map((k) => toMinor(m[k], input.currency));
        expect(parts.reduce((a, b) => a + b, 0n)).toBe(toMinor(m.total, input.currency));
        parts.forEach((p, i) => { t[i] += p; });
        tt += toMinor(m.total, input.currency);
        const elec = m.by_site.reduce((a, s) => a + toMinor(s.electricity, input.currency), 0n);
        expect(elec).toBe(toMinor(m.electricity, input.currency));
      }
      BURN_CATEGORIES.forEach((k, i) => expect(toMinor(r.totals[k], input.currency)).toBe(t[i]));
      expect(toMinor(r.totals.total, input.currency)).toBe(tt);
    }), { numRuns: 60 });
  });

  it('costs are never negative', () => {
    fc.assert(fc.property(inputs, (input) => {
      const r = computeBurn(input);
      for (const m of r.months) {
        for (const k of [...BURN_CATEGORIES, 'total'] as const) expect(m[k].startsWith('-')).toBe(false);
        expect(m.energy_kwh).toBeGreaterThanOrEqual(0);
        if (m.cost_per_million_tokens !== null) expect(m.cost_per_million_tokens.startsWith('-')).toBe(false);
      }
    }), { numRuns: 60 });
  });
});

function toMinor(s: string, currency: string): bigint {
  const p = parseDecimal(s);
  const e = currency === 'JPY' ? 0 : 2;
  expect(p.scale).toBe(e);
  return p.units;
}

describe('edge inputs', () => {
  it('gives no unit cost for less than half a token, request or user (never divides by zero)', () => {
    const r = computeBurn(base({ months: ['2024-01'], fixed: [{ name: 'x', amount_per_month: '1', currency: 'USD' }], served: { output_tokens: [0.4], requests: [0], dau: [Number.POSITIVE_INFINITY] } }));
    expect(r.months[0].cost_per_million_tokens).toBeNull();
    expect(r.months[0].cost_per_1000_requests).toBeNull();
    expect(r.months[0].cost_per_dau).toBeNull();
  });
});
