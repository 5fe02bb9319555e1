// Month arithmetic on "YYYY-MM" strings via integer ordinals (no Date, no time zones).
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function monthOrdinal(month: string): number {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`"${month}" is not a month as YYYY-MM`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function monthFromOrdinal(ord: number): string {
  const y = Math.floor(ord / 12), m = ord - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}`;
}

export function addMonths(month: string, n: number): string {
  return monthFromOrdinal(monthOrdinal(month) + n);
}

export function monthRange(first: string, count: number): string[] {
  const o = monthOrdinal(first);
  return Array.from({ length: count }, (_, i) => monthFromOrdinal(o + i));
}
