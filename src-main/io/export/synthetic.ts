// A deterministic, synthetic ExportInput of any size, shaped like a real plan result: used by
// the export tests and bench/export.bench.mjs (the 120-month, 200-cluster target) so they do
// not depend on a database. Numbers are internally consistent: each month's total is the sum
// of its categories and cost per 1M tokens is total / output tokens (both exact decimals).
import { Decimal } from 'decimal.js';
import { BURN_CATEGORIES, type ExportInput, type PlanAction, type PlanMonth } from './types.js';

export interface SyntheticOptions {
  months: number;
  clusters: number;
  startMonth?: string; // YYYY-MM
  currency?: string;
  scenario?: string;
  seed?: number;
}

const GPU_POOL = ['h100-sxm', 'h200-sxm', 'h20', 'a100-sxm-80g', 'l40s', 'mi300x', 'b200', 'h800-sxm', 'ascend-910b', 'l20'];

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 0x100000000; };
}

export function addMonths(ym: string, n: number): string {
  const [y, m] = ym.split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

export function syntheticExportInput(o: SyntheticOptions): ExportInput {
  const r = rng(o.seed ?? 7);
  const start = o.startMonth ?? '2026-01';
  const currency = o.currency ?? 'CNY';
  const types = GPU_POOL.slice(0, Math.min(GPU_POOL.length, Math.max(1, Math.ceil(o.clusters / 20))));
  const sites = Array.from({ length: Math.max(1, Math.ceil(o.clusters / 25)) }, (_, i) => `site-${String(i + 1).padStart(2, '0')}`);
  // Each cluster: a GPU type, a size and the month it enters service.
  const clusters = Array.from({ length: o.clusters }, (_, i) => ({
    gpu: types[i % types.length], site: sites[i % sites.length], gpus: 8 * (1 + Math.floor(r() * 64)), from: Math.floor(r() * o.months * 0.8),
  }));
  const months: PlanMonth[] = [];
  for (let i = 0; i < o.months; i++) {
    const gpus: Record<string, number> = {};
    for (const c of clusters) if (c.from <= i) gpus[c.gpu] = (gpus[c.gpu] ?? 0) + c.gpus;
    const fleet = Object.values(gpus).reduce((a, b) => a + b, 0);
    const users = Math.round(20_000_000 * Math.pow(1.035, i));
    const demand = users * 0.04;
    const capacity = fleet * 1800;
    const burn: Record<string, string> = {};
    for (const c of BURN_CATEGORIES) burn[c] = new Decimal(Math.round((fleet * (50 + r() * 400) + 10_000) * 1000)).div(1000).toFixed(3);
    const total = BURN_CATEGORIES.reduce((acc, c) => acc.plus(burn[c]), new Decimal(0));
    const tokens = Math.round(demand * 3600 * 24 * 30 * 0.35);
    months.push({
      month: addMonths(start, i), users,
      peak_requests_per_s: Math.round(users * 0.00002 * 100) / 100,
      peak_output_tokens_per_s: Math.round(demand), capacity_output_tokens_per_s: capacity,
      utilisation: capacity > 0 ? Math.min(1.5, demand / capacity) : 0,
      overload_hours_per_day: capacity >= demand ? 0 : Math.round(r() * 60) / 10,
      p_overload: Math.round(r() * 1000) / 1000,
      gpus,
      burn: { ...(burn as Record<(typeof BURN_CATEGORIES)[number], string>), total: total.toString() },
      cost_per_million_tokens: tokens > 0 ? total.div(tokens).times(1e6).toString() : null,
      output_tokens: tokens,
    });
  }
  const actions: PlanAction[] = clusters.filter((c) => c.from > 0).map((c) => ({
    order_month: addMonths(start, Math.max(0, c.from - 3)), arrival_month: addMonths(start, c.from), site: c.site, gpu_id: c.gpu,
    mode: (['buy', 'lease', 'cloud_reserved', 'cloud_on_demand'] as const)[Math.floor(r() * 4)], quantity: c.gpus,
    unit_price: new Decimal(Math.round(150_000 + r() * 150_000)).plus('0.45').toString(), currency,
  }));
  return {
    plan: {
      scenario: o.scenario ?? `synthetic-${o.months}m-${o.clusters}c`, currency, months, actions,
      crash_month: { p10: addMonths(start, Math.floor(o.months * 0.3)), p50: addMonths(start, Math.floor(o.months * 0.4)), p90: null },
    },
    view: 'accrual',
    generated_at: '2026-11-25T12:00:00.000Z',
    inputs: [
      { section: 'demand', name: 'users (start)', value: 20_000_000, unit: 'users', source: 'seed_story.md' },
      { section: 'demand', name: 'monthly growth', value: 0.035, unit: 'fraction', source: null },
      { section: 'serving', name: 'model', value: 'deepseek-v3', source: 'models.csv' },
    ],
    tariffs: sites.map((s) => ({ site: s, band: 'flat', price_per_kwh: '0.6500', currency, pue: 1.3, source: 'electricity_public.csv' })),
    fx: [{ base: 'USD', quote: 'CNY', rate: '7.1234', as_of: '2026-11-01', source: null }],
    prices: types.map((g, i) => ({
      vendor: `vendor-${i + 1}`, list: 'Q4 quote', file: 'quote.xlsx', sheet: 'Sheet1', row: i + 2, gpu_id: g, kind: 'gpu',
      description: `${g} server`, unit_price: `${200_000 + i * 1000}.00`, currency, valid_from: '2026-10-01',
    })),
  };
}
