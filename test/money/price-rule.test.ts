// Pins the price-book rule: each vendor's latest list valid that month, cheapest per GPU across vendors (via FX), or the pinned row/list.
import { describe, it, expect } from 'vitest';
import { pickPrice, validInMonth, type PriceRow } from '../../src-main/engine/burn/index.js';
import { FxTable } from '../../src-main/engine/money/index.js';

const rows: PriceRow[] = [
  { id: 1, list_id: 10, vendor: 'A', gpu_id: 'h100-sxm', kind: 'server', gpus_per_unit: 8, unit_price: '240000', currency: 'USD', valid_from: '2024-01-01' },
  { id: 2, list_id: 11, vendor: 'A', gpu_id: 'h100-sxm', kind: 'server', gpus_per_unit: 8, unit_price: '260000', currency: 'USD', valid_from: '2024-06-01' },
  { id: 3, list_id: 20, vendor: 'B', gpu_id: 'h100-sxm', kind: 'gpu', gpus_per_unit: 1, unit_price: '31000', currency: 'USD', valid_from: '2024-02-15', valid_to: '2024-09-30' },
  { id: 4, list_id: 30, vendor: 'C', gpu_id: 'h100-sxm', kind: 'server', gpus_per_unit: 8, unit_price: '2000000', currency: 'CNY', valid_from: '2024-03' },
  { id: 5, list_id: 40, vendor: 'D', gpu_id: 'h100-sxm', kind: 'lease_month', gpus_per_unit: 1, unit_price: '2350', currency: 'EUR', valid_from: '2024-01' },
];
const fx = new FxTable([{ base: 'USD', quote: 'CNY', rate: '7.25', effective_from: '2024-01-01' }]);
const buy = { gpu_id: 'h100-sxm', kinds: ['gpu', 'server'] as const };

describe('price rule', () => {
  it('uses each vendor\'s latest valid list, then the cheapest per GPU', () => {
    // Jan: only A's first list (30,000/GPU)
    expect(pickPrice(rows, { ...buy, kinds: [...buy.kinds], month: '2024-01', fx, compare_currency: 'USD' })).toMatchObject({ row: { id: 1 }, per_gpu: '30000', reason: 'only' });
    // Feb: B (31,000, valid from mid-Feb) vs A (30,000) → A
    expect(pickPrice(rows, { ...buy, kinds: [...buy.kinds], month: '2024-02', fx, compare_currency: 'USD' })!.row.id).toBe(1);
    // Jul: A's newer list (32,500) replaces its old one; B 31,000; C ¥250,000 = $34,482.76 → B
    const jul = pickPrice(rows, { ...buy, kinds: [...buy.kinds], month: '2024-07', fx, compare_currency: 'USD' })!;
    expect(jul.row.id).toBe(3);
    expect(jul.reason).toBe('cheapest');
    // Oct: B expired → A's 32,500 beats C's 34,482.76
    expect(pickPrice(rows, { ...buy, kinds: [...buy.kinds], month: '2024-10', fx, compare_currency: 'USD' })!.row.id).toBe(2);
  });
  it('honours a pinned row or list when it is valid that month', () => {
    expect(pickPrice(rows, { ...buy, kinds: [...buy.kinds], month: '2024-07', fx, pinned_row_id: 4 })).toMatchObject({ row: { id: 4 }, reason: 'pinned', per_gpu: '250000' });
    expect(pickPrice(rows, { ...buy, kinds: [...buy.kinds], month: '2024-07', fx, pinned_list_id: 11 })).toMatchObject({ row: { id: 2 }, reason: 'pinned' });
    // pinned row not valid in January → falls back to the rule
    expect(pickPrice(rows, { ...buy, kinds: [...buy.kinds], month: '2024-01', fx, pinned_row_id: 4 })!.row.id).toBe(1);
  });
  it('filters by kind and returns null when nothing is valid', () => {
    expect(pickPrice(rows, { gpu_id: 'h100-sxm', kinds: ['lease_month'], month: '2024-05' })!.per_gpu).toBe('2350');
    expect(pickPrice(rows, { gpu_id: 'h100-sxm', kinds: ['cloud_hour'], month: '2024-05' })).toBeNull();
    expect(pickPrice(rows, { gpu_id: 'h20', kinds: ['gpu'], month: '2024-05' })).toBeNull();
  });
  it('leaves out currencies it cannot convert', () => {
    expect(pickPrice(rows, { ...buy, kinds: [...buy.kinds], month: '2024-10', compare_currency: 'USD' })!.row.currency).toBe('USD');
  });
  it('validity covers any day of the month', () => {
    expect(validInMonth({ valid_from: '2024-02-15' }, '2024-02')).toBe(true);
    expect(validInMonth({ valid_from: '2024-03-01' }, '2024-02')).toBe(false);
    expect(validInMonth({ valid_from: '2024-01-01', valid_to: '2024-01-31' }, '2024-02')).toBe(false);
  });
});
