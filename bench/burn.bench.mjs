// Burn engine: 60 months × 200 clusters (mixed buy/lease/cloud, three currencies, time-of-use
// tariffs, a diurnal profile) in one pure computeBurn call. Target < 20 ms.
import { baseline, measure, table } from './lib.mjs';
import { computeBurn, monthRange } from '../build/main/engine/burn/index.js';

export function burnInput(clusters = 200, months = 60) {
  const ms = monthRange('2024-01', months);
  const modes = ['buy', 'buy', 'lease', 'cloud_on_demand', 'cloud_reserved'];
  const sites = ['va', 'or', 'nm', 'nx'];
  const cur = { va: 'USD', or: 'USD', nm: 'CNY', nx: 'CNY' };
  const items = Array.from({ length: clusters }, (_, i) => {
    const mode = modes[i % modes.length];
    const site = sites[i % sites.length];
    const currency = i % 7 === 0 ? 'EUR' : cur[site];
    const price = mode === 'buy' ? (currency === 'CNY' ? '187500' : '30000') : mode === 'lease' ? '2350' : '2.745';
    return {
      id: String(i), site, gpu_id: i % 3 ? 'h100-sxm' : 'h20', count: 8 * (1 + (i % 64)), mode, unit_price: price, currency,
      in_service_from: ms[(i * 7) % 36], in_service_to: i % 5 === 0 ? ms[Math.min(months - 1, (i * 7) % 36 + 30)] : null,
      useful_life_months: 48, residual_value: mode === 'buy' ? '1000' : undefined, term_months: mode === 'cloud_reserved' ? 12 : null,
    };
  });
  const tou = Array.from({ length: 24 }, (_, h) => (h < 8 ? '0.289' : h < 10 || h >= 22 ? '0.85' : '1.49'));
  return {
    months: ms, currency: 'USD', view: 'accrual', items,
    sites: [
      { id: 'va', pue: 1.2, hosting_per_kw_month: '175', hosting_currency: 'USD', tariffs: [{ effective_from: '2023-01', currency: 'USD', kind: 'flat', price_per_kwh: '0.0892' }] },
      { id: 'or', pue: 1.1, tariffs: [{ effective_from: '2023-01', currency: 'USD', kind: 'flat', price_per_kwh: '0.0752' }] },
      { id: 'nm', pue: 1.25, tariffs: [{ effective_from: '2023-01', currency: 'CNY', kind: 'tou', hourly: tou, demand_charge_per_kw_month: '40' }] },
      { id: 'nx', pue: 1.15, tariffs: [{ effective_from: '2023-01', currency: 'CNY', kind: 'flat', price_per_kwh: '0.36' }] },
    ],
    gpus: { 'h100-sxm': { tdp_w: 700 }, h20: { tdp_w: 400 } },
    utilisation: Object.fromEntries(sites.map((s, k) => [s, ms.map((_, i) => 0.3 + 0.5 * ((i + k) % 12) / 12)])),
    diurnal: Array.from({ length: 24 }, (_, h) => 0.6 + 0.8 * Math.sin(((h - 6) / 24) * Math.PI) ** 2),
    fixed: [{ name: 'staff', amount_per_month: '250000', currency: 'USD' }, { name: 'network', amount_per_month: '80000', currency: 'CNY' }],
    fx: [
      { base: 'USD', quote: 'CNY', rate: '6.9', effective_from: '2023-06-29' },
      { base: 'EUR', quote: 'USD', rate: '1.0705', effective_from: '2024-06-28' },
      { base: 'EUR', quote: 'CNY', rate: '7.7748', effective_from: '2024-06-28' },
    ],
    served: { output_tokens: ms.map((_, i) => 5e11 * (1 + i / 12)) },
  };
}

export default async function () {
  const base = await baseline();
  const input = burnInput(200, 60);
  const r = computeBurn(input);
  const small = burnInput(20, 60);
  const rows = [
    { ...(await measure('computeBurn 60 months × 200 clusters (accrual)', () => computeBurn(input), { iterations: 30, warmup: 3 })), target_ms: 20 },
    { ...(await measure('computeBurn 60 months × 200 clusters (cash)', () => computeBurn({ ...input, view: 'cash' }), { iterations: 30, warmup: 3 })), target_ms: 20 },
    await measure('computeBurn 60 months × 20 clusters', () => computeBurn(small), { iterations: 30, warmup: 3 }),
  ];
  table('burn', base, rows);
  console.log(`  (check: month 1 total ${r.months[0].total} ${r.currency}, month 60 total ${r.months[59].total}, cost/1M tokens ${r.months[59].cost_per_million_tokens})`);
}
