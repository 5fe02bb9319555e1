// A small plan result shaped like DESIGN.md's `plan` output, with hostile imported text.
import type { ExportInput } from '../../src-main/io/export/types.js';

export const HOSTILE = '=HYPERLINK("http://x","y")';

export function fixture(): ExportInput {
  return {
    plan: {
      scenario: 'ernie-growth-2026',
      currency: 'CNY',
      months: [
        {
          month: '2026-01', users: 70_000_000, peak_requests_per_s: 5210.5, peak_output_tokens_per_s: 912_000,
          capacity_output_tokens_per_s: 1_100_000, utilisation: 0.829, overload_hours_per_day: 0, p_overload: 0.04,
          gpus: { 'h20': 4096, 'h800-sxm': 1024 },
          burn: { total: '18500432.623456', depreciation: '9000000.000001', lease: '2500000.5', cloud: '1200000.12', electricity: '3100432.003455', hosting: '1500000', fixed: '1200000' },
          cost_per_million_tokens: '8.0436663580243478261', output_tokens: 2_300_000_000_000,
        },
        {
          month: '2026-02', users: 76_000_000, peak_requests_per_s: 5700.25, peak_output_tokens_per_s: 1_005_000,
          capacity_output_tokens_per_s: 1_100_000, utilisation: 0.9136, overload_hours_per_day: 1.5, p_overload: 0.31,
          gpus: { 'h20': 4096, 'h800-sxm': 1024 },
          burn: { total: '18731980.05', depreciation: '9000000', lease: '2500000.5', cloud: '1400000', electricity: '3131979.55', hosting: '1500000', fixed: '1200000' },
          cost_per_million_tokens: '7.4927920200',
        },
        {
          month: '2026-03', users: 83_000_000, peak_requests_per_s: 6300, peak_output_tokens_per_s: 1_110_000,
          capacity_output_tokens_per_s: 1_650_000, utilisation: 0.6727, overload_hours_per_day: 0, p_overload: 0.01,
          gpus: { 'h20': 6144, 'h800-sxm': 1024 },
          burn: { total: '-0.01', depreciation: '0', lease: '0', cloud: '-0.01', electricity: '0', hosting: '0', fixed: '0' },
          cost_per_million_tokens: null,
        },
      ],
      crash_month: { p10: '2026-02', p50: '2026-05', p90: null },
      actions: [
        { order_month: '2025-11', arrival_month: '2026-03', site: '北京-亦庄', gpu_id: 'h20', mode: 'buy', quantity: 2048, unit_price: '98000.45', currency: 'CNY' },
        { order_month: '2026-01', arrival_month: '2026-02', site: '=cmd|"/c calc"!A1', gpu_id: 'h100-sxm', mode: 'cloud_on_demand', quantity: 64, unit_price: '2.49', currency: 'USD' },
      ],
    },
    view: 'accrual',
    generated_at: '2026-11-25T12:00:00.000Z',
    inputs: [
      { section: 'demand', name: 'monthly active users', value: 70_000_000, unit: 'users', source: 'seed_story.md: ERNIE Bot, Nov 2023' },
      { section: 'demand', name: 'requests per DAU per day', value: 6, source: null },
      { section: 'notes', name: 'planner note', value: '+1 for voice launch', source: '' },
    ],
    tariffs: [{ site: '北京-亦庄', band: '峰', price_per_kwh: '1.0521', currency: 'CNY', pue: 1.25, source: 'electricity_public.csv row 4' }],
    fx: [{ base: 'USD', quote: 'CNY', rate: '7.1234', as_of: '2026-11-01', source: null }],
    prices: [
      { vendor: '华为代理', list: '2026Q4 报价', file: 'vendor_cn_quote_gbk.csv', row: 3, gpu_id: 'h20', kind: 'gpu', description: HOSTILE, unit_price: '98000.45', currency: 'CNY', valid_from: '2026-10-01' },
      { vendor: '@evil', list: 'cloud', file: 'cloud_rates.xlsx', sheet: 'Rates', row: 7, gpu_id: 'h100-sxm', kind: 'cloud_hour', description: '-2+3', unit_price: '2.49', currency: 'USD' },
    ],
    budgets: [
      { quarter: '2026-Q1', kind: 'capex', limit: '300000000.00', used: '200704921.60' },
      { quarter: '2026-Q1', kind: 'opex', limit: '5000000.00', used: '5000000.00' },
    ],
    // Electricity adds up to the months' 3,100,432.003455 + 3,131,979.55.
    sites: [
      { site: '北京-亦庄', energy_kwh: 5_200_000, peak_kw: 4100.5, electricity: '5232411.553455', hosting: '3000000', total: '8232411.553455', electricity_per_kwh: '1.0062', share_of_burn: '0.2211' },
      { site: '=cmd|"/c calc"!A1', energy_kwh: 1_250_000, peak_kw: 880, electricity: '1000000', hosting: '0', total: '1000000', electricity_per_kwh: '0.8000', share_of_burn: '0.0269' },
    ],
  };
}
