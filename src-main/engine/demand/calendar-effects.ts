// Calendar effects (issue 19): which days of a month a named effect covers. Dates are fixed
// rules or a table, no clock. Lunar New Year dates: the Chinese calendar (Hong Kong Observatory
// Gregorian-lunar conversion tables); the Spring Festival holiday is taken as 8 days from New
// Year's Eve (the State Council's holiday notices give 8-9 days in 2024-2026: assumed 8).
// Golden Week: 1-7 October (State Council National Day holiday). Thanksgiving: the fourth
// Thursday of November and the Friday after. Christmas: 24-26 December. Month-end: the last
// 3 days of every month; quarter-end: the last 5 days of March, June, September and December
// (reporting and closing rushes; day counts assumed).
import type { CalendarEffect } from './scenario.js';
import { daysInMonth, dayNumber, firstDayOfMonth, parseMonth } from './calendar.js';

/** Lunar New Year's Day by Gregorian year. */
export const LUNAR_NEW_YEAR: Record<number, string> = {
  2020: '2020-01-25', 2021: '2021-02-12', 2022: '2022-02-01', 2023: '2023-01-22', 2024: '2024-02-10', 2025: '2025-01-29',
  2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26', 2029: '2029-02-13', 2030: '2030-02-03', 2031: '2031-01-23',
  2032: '2032-02-11', 2033: '2033-01-31', 2034: '2034-02-19', 2035: '2035-02-08', 2036: '2036-01-28', 2037: '2037-02-15',
  2038: '2038-02-04', 2039: '2039-01-24', 2040: '2040-02-12',
};
export const SPRING_FESTIVAL_DAYS = 8;

/** Day numbers (days since 1970-01-01) in month `m` covered by `effect`. */
export function effectDays(effect: CalendarEffect, m: string): number[] {
  const first = firstDayOfMonth(m), n = daysInMonth(m);
  const { y, mo } = parseMonth(m);
  const range = (a: number, k: number) => Array.from({ length: k }, (_, i) => a + i).filter((d) => d >= first && d < first + n);
  switch (effect) {
    case 'month_end': return range(first + n - 3, 3);
    case 'quarter_end': return mo % 3 === 0 ? range(first + n - 5, 5) : [];
    case 'golden_week': return mo === 10 ? range(first, 7) : [];
    case 'christmas': return mo === 12 ? range(first + 23, 3) : [];
    case 'thanksgiving': {
      if (mo !== 11) return [];
      const dow = (first + 4) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
      const firstThu = first + ((4 - dow + 7) % 7);
      return range(firstThu + 21, 2);
    }
    case 'spring_festival': {
      const d = LUNAR_NEW_YEAR[y];
      return d ? range(dayNumber(d) - 1, SPRING_FESTIVAL_DAYS) : [];
    }
  }
}

/** Saturday or Sunday (UTC calendar day). */
export function isWeekend(day: number): boolean {
  const dow = (day + 4) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
  return dow === 0 || dow === 6;
}
