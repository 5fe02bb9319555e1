// Month arithmetic and the planning periods (months, or calendar quarters to keep the
// model small). Periods always nest inside calendar quarters so quarterly budgets apply.
import type { Month } from './types.js';

import { monthOrdinal, monthFromOrdinal, quarterOf } from '../../shared/month.js';
export { addMonths, quarterOf } from '../../shared/month.js';

/** Months since year 0 (the one calendar: shared/month.ts). */
export const monthIndex = (m: Month): number => monthOrdinal(m);
export const monthName = (abs: number): Month => monthFromOrdinal(abs);

export interface Period {
  index: number;
  /** First month, relative to the start month (0-based). */
  start: number;
  len: number;
  quarter: string;
}

/**
 * Splits the horizon into periods. 'auto' keeps the first 12 months monthly (orders and
 * lead times matter most there) and uses calendar quarters after.
 */
export function buildPeriods(startMonth: Month, months: number, granularity: 'month' | 'quarter' | 'auto'): Period[] {
  const base = monthIndex(startMonth);
  const out: Period[] = [];
  let rel = 0;
  while (rel < months) {
    const abs = base + rel;
    const monthInQuarter = abs % 3;
    const quarterly = granularity === 'quarter' || (granularity === 'auto' && rel >= 12);
    let len = 1;
    if (quarterly) len = Math.min(3 - monthInQuarter, months - rel);
    out.push({ index: out.length, start: rel, len, quarter: quarterOf(monthName(abs)) });
    rel += len;
  }
  return out;
}
