// Pins the plan summary the Plan page compares: GPUs added, distinct short months, peak power per site.
import { describe, it, expect } from 'vitest';
import { planSummary } from '../../src-main/engine/procure/summary';

const action = (quantity: number) => ({
  order_month: '2027-01', arrival_month: '2027-03', site: 's1', gpu_id: 'a', mode: 'buy' as const, quantity, unit_price: '1', currency: 'USD',
  lead_months: 2, lead_source: 'gpu_default' as const, total_cost: String(quantity), why: { month: '2027-03', pool: 'chat', text: '' }, pools: { chat: quantity },
});
const short = (month: string) => ({ reason: 'r', constraint: 'power' as const, month, site: 's1', pool: 'chat', shortfall: 1 });

describe('plan summary', () => {
  it('adds GPUs, counts each short month once and takes the peak power per site', () => {
    const s = planSummary({
      actions: [action(8), action(16)],
      shortfalls: [short('2027-03'), short('2027-03'), short('2027-05')],
      months: [
        { month: '2027-01', gpus: {}, pools: {}, power_kw: { s1: 100, s2: 40 } },
        { month: '2027-02', gpus: {}, pools: {}, power_kw: { s1: 180 } },
        { month: '2027-03', gpus: {}, pools: {}, power_kw: { s1: 150, s2: 90 } },
      ],
    } as never);
    expect(s).toEqual({ gpus_added: 24, short_months: 2, peak_power_kw: { s1: 180, s2: 90 } });
  });
  it('an empty plan adds nothing', () => {
    expect(planSummary({ actions: [], shortfalls: [], months: [] })).toEqual({ gpus_added: 0, short_months: 0, peak_power_kw: {} });
  });
});
