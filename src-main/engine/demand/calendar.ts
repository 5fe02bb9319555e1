// Month and day arithmetic on 'YYYY-MM' / 'YYYY-MM-DD' strings (UTC calendar, no clock).

export function parseMonth(m: string): { y: number; mo: number } {
  const [y, mo] = m.split('-').map(Number);
  return { y, mo };
}

// Month arithmetic is the one calendar's (shared/month.ts).
export { addMonths, monthDiff, daysInMonth } from '../../shared/month.js';

/** Days since 1970-01-01 for a 'YYYY-MM-DD' date. */
export function dayNumber(date: string): number {
  const [y, mo, d] = date.split('-').map(Number);
  return Math.round(Date.UTC(y, mo - 1, d) / 86_400_000);
}

export function dateOfDayNumber(n: number): string {
  const d = new Date(n * 86_400_000);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

export function firstDayOfMonth(m: string): number {
  return dayNumber(`${m}-01`);
}
