// Month and day arithmetic on 'YYYY-MM' / 'YYYY-MM-DD' strings (UTC calendar, no clock).

export function parseMonth(m: string): { y: number; mo: number } {
  const [y, mo] = m.split('-').map(Number);
  return { y, mo };
}

/** 'YYYY-MM' plus k months. */
export function addMonths(m: string, k: number): string {
  const { y, mo } = parseMonth(m);
  const t = y * 12 + (mo - 1) + k;
  const yy = Math.floor(t / 12);
  const mm = t - yy * 12 + 1;
  return `${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}`;
}

/** Months from a to b (b − a); negative when b is earlier. */
export function monthDiff(a: string, b: string): number {
  const A = parseMonth(a), B = parseMonth(b);
  return (B.y - A.y) * 12 + (B.mo - A.mo);
}

export function daysInMonth(m: string): number {
  const { y, mo } = parseMonth(m);
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

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
