// The calendar, once: months as "YYYY-MM" and dates as "YYYY-MM-DD", by integer arithmetic
// (no Date, no time zone, no clock), so the engine, the store, the API and the exports all add,
// compare and validate months the same way.
import { z } from 'zod';

/** A validated "YYYY-MM" (0001-01 … 9999-12). Plain strings are accepted where a month is read. */
export type Month = string & { readonly __month: unique symbol };

export const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const DATE_RE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export function isMonth(s: string): s is Month {
  const m = MONTH_RE.exec(s);
  return !!m && Number(m[1]) >= 1;
}

/** A real calendar day: 2023-02-29 and 2023-02-30 are not. */
export function isDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m || Number(m[1]) < 1) return false;
  return Number(m[3]) <= daysIn(Number(m[1]), Number(m[2]));
}

export function asMonth(s: string): Month {
  if (!isMonth(s)) throw new RangeError(`"${s}" is not a month as YYYY-MM`);
  return s;
}

/** Months since year 0 (the ordinal months are added and compared in). */
export function monthOrdinal(month: string): number {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`"${month}" is not a month as YYYY-MM`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function monthFromOrdinal(ord: number): Month {
  const y = Math.floor(ord / 12), m = ord - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}` as Month;
}

export const addMonths = (month: string, n: number): Month => monthFromOrdinal(monthOrdinal(month) + n);

/** b − a in months (negative when b is earlier). */
export const monthDiff = (a: string, b: string): number => monthOrdinal(b) - monthOrdinal(a);

export function monthRange(first: string, count: number): Month[] {
  const o = monthOrdinal(first);
  return Array.from({ length: count }, (_, i) => monthFromOrdinal(o + i));
}

function daysIn(y: number, mo: number): number {
  return mo === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31;
}

export function daysInMonth(month: string): number {
  const o = monthOrdinal(month);
  return daysIn(Math.floor(o / 12), (o % 12) + 1);
}

/** "2027-Q3" for any month of that quarter. */
export function quarterOf(month: string): string {
  const o = monthOrdinal(month);
  const y = Math.floor(o / 12);
  return `${y}-Q${Math.floor((o - y * 12) / 3) + 1}`;
}

/**
 * The months anything entered may name (issue 17: "0000-01" service months and plans running past
 * 9999-12 crashed): 1970-01 … 2200-12, so a month plus the longest horizon is still four digits.
 */
export const FIRST_MONTH = '1970-01';
export const LAST_MONTH = '2200-12';
/** A month or date ("YYYY-MM…") inside FIRST_MONTH … LAST_MONTH. */
export const inMonthRange = (s: string): boolean => {
  const m = s.slice(0, 7);
  return isMonth(m) && monthOrdinal(m) >= monthOrdinal(FIRST_MONTH) && monthOrdinal(m) <= monthOrdinal(LAST_MONTH);
};

/** Zod checks for months and dates at every boundary (API, CLI, imported rows). */
export const monthSchema = z.string().refine((s): boolean => isMonth(s), 'must be a month as YYYY-MM')
  .refine(inMonthRange, `must be between ${FIRST_MONTH} and ${LAST_MONTH}`);
export const dateSchema = z.string().refine((s): boolean => isDate(s), 'must be a real date as YYYY-MM-DD')
  .refine(inMonthRange, `must be between ${FIRST_MONTH}-01 and ${LAST_MONTH}-31`);
