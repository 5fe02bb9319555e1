// The price-book rule (pure): for a GPU, acquisition kind and month, take each vendor's
// latest list valid that month, then the cheapest price per GPU across vendors (compared in
// one currency at that month's FX), unless the user pinned a row or a list.
import { divRound } from '../money/rounding.js';
import { parseDecimal, rescaleUnits, unitsToDecimal } from '../money/money.js';
import type { FxTable } from '../money/fx.js';

export type PriceKind = 'gpu' | 'server' | 'cloud_hour' | 'lease_month';

export interface PriceRow {
  id: number | string;
  list_id: number | string;
  vendor: string;
  gpu_id: string;
  kind: PriceKind;
  gpus_per_unit: number;
  unit_price: string;        // decimal string, per unit
  currency: string;
  valid_from: string;        // YYYY-MM-DD or YYYY-MM (the list's or the row's)
  valid_to?: string | null;  // last day valid (inclusive), if known
}

export interface PricePick {
  row: PriceRow;
  /** Price per GPU in the row's currency (decimal string, 8 fraction digits trimmed). */
  per_gpu: string;
  reason: 'pinned' | 'cheapest' | 'only';
  candidates: number;
}

export interface PriceQuery {
  gpu_id: string;
  kinds: PriceKind[];            // e.g. ['gpu','server'] for a purchase
  month: string;                 // YYYY-MM
  pinned_row_id?: number | string | null;
  pinned_list_id?: number | string | null;
  /** To compare prices in different currencies; without it only one currency can compete. */
  fx?: FxTable;
  compare_currency?: string;
}

const day = (d: string) => (d.length === 7 ? `${d}-01` : d);
const endOfMonth = (month: string) => `${month}-31`;
const S = 8;

/** Valid at some point of the month: starts on or before its last day, ends on or after its first. */
export function validInMonth(r: Pick<PriceRow, 'valid_from' | 'valid_to'>, month: string): boolean {
  if (day(r.valid_from) > endOfMonth(month)) return false;
  if (r.valid_to && day(r.valid_to) < `${month}-01`) return false;
  return true;
}

export function perGpuUnits(r: PriceRow): bigint {
  const p = parseDecimal(r.unit_price);
  const per = Math.max(1, r.gpus_per_unit || 1);
  return divRound(rescaleUnits(p.units, p.scale, S, 'half_even'), BigInt(per), 'half_even');
}

const trim = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);

export function pickPrice(rows: readonly PriceRow[], q: PriceQuery): PricePick | null {
  const valid = rows.filter((r) => r.gpu_id === q.gpu_id && q.kinds.includes(r.kind) && validInMonth(r, q.month));
  const mk = (row: PriceRow, reason: PricePick['reason'], candidates: number): PricePick =>
    ({ row, per_gpu: trim(unitsToDecimal(perGpuUnits(row), S)), reason, candidates });
  if (q.pinned_row_id !== undefined && q.pinned_row_id !== null) {
    const pinned = valid.find((r) => r.id === q.pinned_row_id);
    if (pinned) return mk(pinned, 'pinned', valid.length);
  }
  let pool = valid;
  if (q.pinned_list_id !== undefined && q.pinned_list_id !== null) {
    const fromList = valid.filter((r) => r.list_id === q.pinned_list_id);
    if (fromList.length) pool = fromList;
  }
  // Each vendor's latest list valid that month.
  const latest = new Map<string, string>();
  for (const r of pool) {
    const cur = latest.get(r.vendor);
    if (!cur || day(r.valid_from) > cur) latest.set(r.vendor, day(r.valid_from));
  }
  pool = pool.filter((r) => day(r.valid_from) === latest.get(r.vendor));
  if (!pool.length) return null;
  const target = q.compare_currency ?? pool[0].currency;
  const inTarget = (r: PriceRow): bigint | null => {
    const u = perGpuUnits(r);
    if (r.currency === target) return u;
    const rate = q.fx?.resolve(r.currency, target, q.month);
    return rate ? divRound(u * rate.rate.num, rate.rate.den, 'half_even') : null;
  };
  let best: PriceRow | null = null, bestV = 0n;
  for (const r of pool) {
    const v = inTarget(r);
    if (v === null) continue;
    // Cheapest; ties go to the newer list, then the lower id, so the pick is stable.
    if (!best || v < bestV || (v === bestV && (day(r.valid_from) > day(best.valid_from) || (day(r.valid_from) === day(best.valid_from) && String(r.id) < String(best.id))))) {
      best = r; bestV = v;
    }
  }
  if (!best) return null;
  const pinnedList = q.pinned_list_id !== undefined && q.pinned_list_id !== null && best.list_id === q.pinned_list_id;
  return mk(best, pinnedList ? 'pinned' : pool.length === 1 ? 'only' : 'cheapest', valid.length);
}


