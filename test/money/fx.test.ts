// Pins FX: the rate in force on a month's first day, effective-date switching, inverse and pivot (EUR-based ECB) conversions.
import { describe, it, expect } from 'vitest';
import { FxTable, FxMissingError, money, toDecimal, ratioToDecimal } from '../../src-main/engine/money/index.js';

const rows = [
  { base: 'CNY', quote: 'USD', rate: '0.14', effective_from: '2024-01-01' },
  { base: 'CNY', quote: 'USD', rate: '0.13', effective_from: '2024-03-15' },
  { base: 'EUR', quote: 'USD', rate: '1.0705', effective_from: '2024-06-28' },
  { base: 'EUR', quote: 'GBP', rate: '0.84638', effective_from: '2024-06-28' },
];

describe('effective-dated FX', () => {
  const fx = new FxTable(rows);
  it('switches rate in the first month whose first day is on or after the effective date', () => {
    expect(toDecimal(fx.convert(money('1000.00', 'CNY'), 'USD', '2024-01'))).toBe('140.00');
    expect(toDecimal(fx.convert(money('1000.00', 'CNY'), 'USD', '2024-03'))).toBe('140.00');
    expect(toDecimal(fx.convert(money('1000.00', 'CNY'), 'USD', '2024-04'))).toBe('130.00');
    expect(toDecimal(fx.convert(money('1000.00', 'CNY'), 'USD', '2030-12'))).toBe('130.00');
  });
  it('inverts a stored pair exactly', () => {
    expect(toDecimal(fx.convert(money('130.00', 'USD'), 'CNY', '2024-05'))).toBe('1000.00');
    expect(ratioToDecimal(fx.rate('USD', 'CNY', '2024-02'), 6)).toBe('7.142857');
  });
  it('crosses through a pivot currency', () => {
    // GBP → USD = (1 / 0.84638) × 1.0705
    const r = fx.resolve('GBP', 'USD', '2024-07')!;
    expect(r.via).toEqual(['EUR']);
    expect(ratioToDecimal(r.rate, 6)).toBe('1.264798');
    expect(toDecimal(fx.convert(money('1000.00', 'GBP'), 'USD', '2024-07'))).toBe('1264.80');
  });
  it('refuses a month before any rate, unless told to backfill', () => {
    expect(() => fx.convert(money('1.00', 'CNY'), 'USD', '2023-12')).toThrow(FxMissingError);
    expect(() => fx.convert(money('1.00', 'EUR'), 'USD', '2024-06')).toThrow(FxMissingError);
    const lenient = new FxTable(rows, { beforeFirst: 'earliest' });
    const r = lenient.resolve('CNY', 'USD', '2023-12')!;
    expect(r.backfilled).toBe(true);
    expect(ratioToDecimal(r.rate, 2)).toBe('0.14');
  });
  it('same currency converts to itself and unknown pairs are missing', () => {
    expect(toDecimal(fx.convert(money('5.00', 'USD'), 'USD', '2024-01'))).toBe('5.00');
    expect(fx.resolve('JPY', 'USD', '2024-07')).toBeNull();
  });
  it('rejects non-positive rates', () => {
    expect(() => new FxTable([{ base: 'USD', quote: 'CNY', rate: '0', effective_from: '2024-01' }])).toThrow();
  });
});

describe('direct pair versus a newer cross', () => {
  it('uses the most recently effective route', () => {
    const fx = new FxTable([
      { base: 'USD', quote: 'CNY', rate: '6.9', effective_from: '2023-06-29' },
      { base: 'EUR', quote: 'USD', rate: '1.0705', effective_from: '2024-06-28' },
      { base: 'EUR', quote: 'CNY', rate: '7.7748', effective_from: '2024-06-28' },
      { base: 'USD', quote: 'CNY', rate: '7.14', effective_from: '2025-11-04' },
    ]);
    expect(ratioToDecimal(fx.rate('USD', 'CNY', '2024-06'), 4)).toBe('6.9000');
    const jul = fx.resolve('USD', 'CNY', '2024-07')!;
    expect(jul.via).toEqual(['EUR']);
    expect(ratioToDecimal(jul.rate, 4)).toBe('7.2628'); // 7.7748 / 1.0705
    expect(ratioToDecimal(fx.rate('USD', 'CNY', '2025-12'), 4)).toBe('7.1400');
  });
});
