// Pins the one calendar (shared/month.ts): ordinals round-trip, adding months and differences
// agree, leap years, real dates only, quarters, and the zod checks every boundary uses.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addMonths, monthDiff, monthRange, daysInMonth, isDate, isMonth, quarterOf, monthOrdinal, monthFromOrdinal, monthSchema, dateSchema } from '../../src-main/shared/month.js';

const month = fc.record({ y: fc.integer({ min: 1, max: 9998 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`);

describe('calendar', () => {
  it('adds months and measures differences consistently', () => {
    fc.assert(fc.property(month, fc.integer({ min: -11, max: 11 }), (m, k) => {
      expect(monthDiff(m, addMonths(m, k))).toBe(k);
      expect(monthFromOrdinal(monthOrdinal(m))).toBe(m);
    }));
    expect(addMonths('2023-11', 2)).toBe('2024-01');
    expect(addMonths('2024-01', -1)).toBe('2023-12');
    expect(monthRange('2023-11', 3)).toEqual(['2023-11', '2023-12', '2024-01']);
  });
  it('knows month lengths, leap years and real dates', () => {
    expect(daysInMonth('2024-02')).toBe(29);
    expect(daysInMonth('2023-02')).toBe(28);
    expect(daysInMonth('1900-02')).toBe(28);
    expect(daysInMonth('2000-02')).toBe(29);
    expect(daysInMonth('2023-11')).toBe(30);
    expect(isDate('2023-02-30')).toBe(false);
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2023-02-29')).toBe(false);
    expect(isMonth('0000-01')).toBe(false);
    expect(isMonth('2023-13')).toBe(false);
    expect(quarterOf('2027-09')).toBe('2027-Q3');
  });
  it('refuses impossible months and dates at the boundary', () => {
    expect(monthSchema.safeParse('2023-11').success).toBe(true);
    expect(monthSchema.safeParse('2023-1').success).toBe(false);
    expect(dateSchema.safeParse('2023-02-30').success).toBe(false);
    expect(dateSchema.safeParse('2023-02-28').success).toBe(true);
  });
});
