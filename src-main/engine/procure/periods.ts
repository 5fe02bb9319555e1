// Month arithmetic and the planning periods (months, or calendar quarters to keep the
// model small). Periods always nest inside calendar quarters so quarterly budgets apply.
import type { Month } from './types.js';

export function monthIndex(m: Month): number {
  const match = /^(\d{4})-(\d{2})$/.exec(m);
  if (!match) throw new Error(`month must be YYYY-MM, got "${m}"`);
  const mo = Number(match[2]);
  if (mo < 1 || mo > 12) throw new Error(`month must be YYYY-MM, got "${m}"`);
  return Number(match[1]) * 12 + (mo - 1);
}

export function monthName(abs: number): Month {
  const y = Math.floor(abs / 12);
  const mo = abs - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}`;
}

export function addMonths(m: Month, n: number): Month {
  return monthName(monthIndex(m) + n);
}

export function quarterOf(m: Month): string {
  const abs = monthIndex(m);
  const y = Math.floor(abs / 12);
  return `${y}-Q${Math.floor((abs - y * 12) / 3) + 1}`;
}

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
