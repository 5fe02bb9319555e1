// Pins the per-site electricity/hosting breakdown: exact sums of the months' site parts at the
// amounts' own scale, the effective price per kWh equal to a flat tariff, shares of the burn,
// and (fast-check) the sites' electricity adding up exactly to the burn's electricity.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { computeBurn, burnBySite, monthRange, type BurnInput } from '../../src-main/engine/burn/index.js';
import { parseDecimal } from '../../src-main/engine/money/index.js';

const flat = (price: string) => [{ effective_from: '2020-01', currency: 'USD', kind: 'flat' as const, price_per_kwh: price }];
const input = (over: Partial<BurnInput> = {}): BurnInput => ({
  months: monthRange('2025-01', 6), currency: 'USD', view: 'accrual', fx: [], default_utilisation: 0.6,
  gpus: { h100: { tdp_w: 700 }, h20: { tdp_w: 400 } },
  sites: [
    { id: 'va', pue: 1.3, hosting_per_kw_month: '175', hosting_currency: 'USD', tariffs: flat('0.0892') },
    { id: 'ulanqab', pue: 1.2, tariffs: flat('0.05') },
  ],
  items: [
    { id: 'a', site: 'va', gpu_id: 'h100', count: 64, mode: 'buy', unit_price: '27450', currency: 'USD', in_service_from: '2025-01' },
    { id: 'b', site: 'ulanqab', gpu_id: 'h20', count: 128, mode: 'lease', unit_price: '900', currency: 'USD', in_service_from: '2025-03' },
  ],
  ...over,
});
const cents = (d: string) => { const p = parseDecimal(d); return p.units * 10n ** BigInt(2 - p.scale); };

describe('burn by site', () => {
  it('sums each site exactly, prices its energy at the flat tariff, and gives shares of the burn', () => {
    const r = computeBurn(input());
    const sites = burnBySite(r);
    expect(sites.map((s) => s.site)).toEqual(['va', 'ulanqab']);
    for (const s of sites) {
      const months = r.months.flatMap((m) => m.by_site.filter((x) => x.site === s.site));
      expect(cents(s.electricity)).toBe(months.reduce((a, m) => a + cents(m.electricity), 0n));
      expect(cents(s.hosting)).toBe(months.reduce((a, m) => a + cents(m.hosting), 0n));
      expect(cents(s.total)).toBe(cents(s.electricity) + cents(s.hosting));
      expect(s.electricity).toMatch(/^\d+\.\d{2}$/);
      expect(s.peak_kw).toBe(Math.max(...months.map((m) => m.peak_kw)));
    }
    expect(Number(sites[0].electricity_per_kwh)).toBeCloseTo(0.0892, 3);
    expect(Number(sites[1].electricity_per_kwh)).toBeCloseTo(0.05, 3);
    expect(Number(sites[1].hosting)).toBe(0);
    const share = (s: typeof sites[number]) => Number(s.share_of_burn);
    expect(share(sites[0]) + share(sites[1])).toBeCloseTo((Number(r.totals.electricity) + Number(r.totals.hosting)) / Number(r.totals.total), 3);
  });

  it('no energy → no price per kWh; a zero burn → no share', () => {
    const r = computeBurn(input({ items: [], fixed: [] }));
    expect(burnBySite(r).every((s) => s.electricity_per_kwh === null && s.share_of_burn === null)).toBe(true);
  });

  it('the sites add up exactly to the burn\'s electricity and hosting (any fleet)', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ site: fc.constantFrom('va', 'ulanqab'), gpu: fc.constantFrom('h100', 'h20'), count: fc.integer({ min: 1, max: 5000 }), from: fc.integer({ min: 0, max: 5 }) }), { maxLength: 6 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (fleet, u) => {
        const r = computeBurn(input({
          default_utilisation: u,
          items: fleet.map((f, i) => ({ id: `i${i}`, site: f.site, gpu_id: f.gpu, count: f.count, mode: 'buy' as const, unit_price: '1000', currency: 'USD', in_service_from: monthRange('2025-01', 6)[f.from] })),
        }));
        const sites = burnBySite(r);
        expect(sites.reduce((a, s) => a + cents(s.electricity), 0n)).toBe(cents(r.totals.electricity));
        expect(sites.reduce((a, s) => a + cents(s.hosting), 0n)).toBe(cents(r.totals.hosting));
      },
    ), { numRuns: 60 });
  });
});
