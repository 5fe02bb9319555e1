// Pins the power model (idle floor + load share, × overhead × PUE), tariff bands, and a time-of-use month priced by hand.
import { describe, it, expect } from 'vitest';
import {
  bandsToHourly, hourlyToBands, facilityPowerW, gpuPowerW, monthEnergy, normaliseProfile, tariffInForce, daysInMonth, TariffError,
} from '../../src-main/engine/power/index.js';
import { computeBurn, type BurnInput } from '../../src-main/engine/burn/index.js';

describe('power model', () => {
  it('interpolates between the idle floor and TDP and clamps utilisation', () => {
    expect(gpuPowerW(700, 175, 0)).toBe(175);
    expect(gpuPowerW(700, 175, 1)).toBe(700);
    expect(gpuPowerW(700, 175, 0.5)).toBe(437.5);
    expect(gpuPowerW(700, 175, 2)).toBe(700);
    expect(gpuPowerW(700, 175, -1)).toBe(175);
    expect(facilityPowerW(8, 700, 175, 1, 1.82, 1.2)).toBeCloseTo(8 * 700 * 1.82 * 1.2, 9);
  });
  it('normalises a diurnal profile to mean 1', () => {
    const p = normaliseProfile([...Array(12).fill(1), ...Array(12).fill(3)]);
    expect(p[0]).toBe(0.5);
    expect(p[23]).toBe(1.5);
    expect(normaliseProfile(undefined)).toEqual(Array(24).fill(1));
    expect(() => normaliseProfile(Array(24).fill(-1))).toThrow();
  });
  it('knows month lengths', () => {
    expect(daysInMonth('2024-02')).toBe(29);
    expect(daysInMonth('2023-02')).toBe(28);
    expect(daysInMonth('2100-02')).toBe(28);
    expect(daysInMonth('2024-04')).toBe(30);
  });
  it('weights energy by the hour', () => {
    const e = monthEnergy({ idleW: 100, dynamicW: 100 }, 0.5, normaliseProfile(undefined), 1, 1, 30);
    expect(e.kwh).toBeCloseTo(150 * 24 * 30 / 1000, 9);
    expect(e.peakKw).toBeCloseTo(0.15, 9);
  });
});

describe('tariff bands', () => {
  it('expands bands (with a band wrapping midnight) and folds them back', () => {
    const h = bandsToHourly([
      { name: 'valley', from_hour: 23, to_hour: 7, price_per_kwh: '0.289' },
      { name: 'flat', from_hour: 7, to_hour: 10, price_per_kwh: '0.8' },
      { name: 'peak', from_hour: 10, to_hour: 23, price_per_kwh: '1.49' },
    ]);
    expect(h[23]).toBe('0.289');
    expect(h[0]).toBe('0.289');
    expect(h[6]).toBe('0.289');
    expect(h[7]).toBe('0.8');
    expect(h[22]).toBe('1.49');
    expect(hourlyToBands(h).map((b) => [b.from_hour, b.to_hour])).toEqual([[0, 7], [7, 10], [10, 23], [23, 24]]);
    expect(bandsToHourly([{ name: 'all', from_hour: 0, to_hour: 24, price_per_kwh: '0.1' }])).toEqual(Array(24).fill('0.1'));
  });
  it('rejects gaps and overlaps', () => {
    expect(() => bandsToHourly([{ name: 'a', from_hour: 0, to_hour: 12, price_per_kwh: '1' }])).toThrow(TariffError);
    expect(() => bandsToHourly([
      { name: 'a', from_hour: 0, to_hour: 13, price_per_kwh: '1' }, { name: 'b', from_hour: 12, to_hour: 24, price_per_kwh: '1' },
    ])).toThrow(/two bands/);
  });
  it('picks the tariff in force on the month\'s first day', () => {
    const ts = [{ effective_from: '2024-01-01', id: 'a' }, { effective_from: '2024-07-15', id: 'b' }];
    expect(tariffInForce(ts, '2024-07')!.tariff.id).toBe('a');
    expect(tariffInForce(ts, '2024-08')!.tariff.id).toBe('b');
    expect(tariffInForce(ts, '2023-06')).toEqual({ tariff: ts[0], backfilled: true });
  });
});

describe('a time-of-use month priced by hand', () => {
  // 10 GPUs, TDP 1000 W, idle 200 W, server overhead 1.5, PUE 1.2, April 2024 (30 days),
  // average utilisation 0.4 with a profile of 0.5 at night (20–08) and 1.5 by day (08–20):
  //   night: u 0.2 → 360 W per GPU → ×10×1.5×1.2 = 6,480 W;  day: u 0.6 → 680 W → 12,240 W.
  // Tariff (CNY): valley 00–08 0.289, peak 08–20 1.49, flat 20–24 0.6; demand 40 /kW-month.
  //   valley 6,480 W × 8 h × 30 d = 1,555.2 kWh × 0.289 =   449.4528
  //   peak  12,240 W × 12 h × 30 d = 4,406.4 kWh × 1.49  = 6,565.536
  //   flat   6,480 W × 4 h × 30 d =   777.6 kWh × 0.6   =   466.56
  //   demand 12.24 kW × 40                                =   489.6
  //   electricity = 7,971.1488 → 7,971.15;  hosting 15 kW (10 × 1 kW × 1.5) × 1,000 = 15,000.00
  const profile = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 20 ? 1.5 : 0.5));
  const input = (diurnal?: number[]): BurnInput => ({
    months: ['2024-04'], currency: 'CNY', view: 'accrual',
    items: [{ id: 'c1', site: 'gz', gpu_id: 'x', count: 10, mode: 'lease', unit_price: '0', currency: 'CNY', in_service_from: '2024-01' }],
    sites: [{
      id: 'gz', pue: 1.2, server_overhead: 1.5, hosting_per_kw_month: '1000', hosting_currency: 'CNY',
      tariffs: [{
        effective_from: '2024-01-01', currency: 'CNY', kind: 'tou', demand_charge_per_kw_month: '40',
        hourly: bandsToHourly([
          { name: 'valley', from_hour: 0, to_hour: 8, price_per_kwh: '0.289' },
          { name: 'peak', from_hour: 8, to_hour: 20, price_per_kwh: '1.49' },
          { name: 'flat', from_hour: 20, to_hour: 24, price_per_kwh: '0.6' },
        ]),
      }],
    }],
    gpus: { x: { tdp_w: 1000, idle_w: 200 } },
    utilisation: { gz: [0.4] },
    diurnal,
    fx: [],
  });

  it('prices each band at the hours the load runs', () => {
    const m = computeBurn(input(profile)).months[0];
    expect(m.electricity).toBe('7971.15');
    expect(m.hosting).toBe('15000.00');
    expect(m.energy_kwh).toBeCloseTo(1555.2 + 4406.4 + 777.6, 6);
    expect(m.total).toBe('22971.15');
    expect(m.by_site[0].peak_kw).toBeCloseTo(12.24, 9);
  });

  it('a flat profile prices the same energy differently', () => {
    // flat: u 0.4 all day → 520 W × 18 = 9,360 W; 9.36 kW × 24 h × 30 d = 6,739.2 kWh (same energy)
    //   valley 2,246.4 × 0.289 = 649.2096; peak 3,369.6 × 1.49 = 5,020.704; flat 1,123.2 × 0.6 = 673.92;
    //   demand 9.36 × 40 = 374.4 → 6,718.2336 → 6,718.23
    const m = computeBurn(input(undefined)).months[0];
    expect(m.energy_kwh).toBeCloseTo(6739.2, 6);
    expect(m.electricity).toBe('6718.23');
  });
});

describe('time zones', () => {
  it('shifts the UTC diurnal profile to the site\'s local hours before pricing', () => {
    // Load only in UTC hours 0–7 (u = 1), idle otherwise (idle 0 W). Site at UTC+8: that load
    // runs 08–15 local, i.e. in the peak band (1.00) instead of the valley (0.10).
    const profile = Array.from({ length: 24 }, (_, h) => (h < 8 ? 1 : 0));
    const hourly = Array.from({ length: 24 }, (_, h) => (h < 8 ? '0.10' : '1.00'));
    const run = (utc_offset_hours: number) => computeBurn({
      months: ['2024-04'], currency: 'CNY', view: 'accrual', fx: [], diurnal: profile,
      items: [{ id: 'c', site: 's', gpu_id: 'x', count: 1, mode: 'lease', unit_price: '0', currency: 'CNY', in_service_from: '2024-04' }],
      sites: [{ id: 's', pue: 1, server_overhead: 1, utc_offset_hours, tariffs: [{ effective_from: '2024-01', currency: 'CNY', kind: 'tou', hourly }] }],
      gpus: { x: { tdp_w: 1000, idle_w: 0 } }, utilisation: { s: [1 / 3] },
    }).months[0];
    // u_h = 1/3 × 3 = 1 for 8 hours: 1 kW × 8 h × 30 d = 240 kWh
    expect(run(0).energy_kwh).toBeCloseTo(240, 6);
    expect(run(0).electricity).toBe('24.00');
    expect(run(8).electricity).toBe('240.00');
  });
});
