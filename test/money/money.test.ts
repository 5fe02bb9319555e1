// Pins exact money: parsing, named rounding modes, allocation that never loses or creates a unit (fast-check), locale formatting.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  allocate, allocateUnits, add, divRound, divide, formatMoney, money, multiply, roundPreservingSum, roundToMinor,
  toDecimal, exponentOf, MoneyError, numberToDecimal, compareDecimal,
} from '../../src-main/engine/money/index.js';

describe('decimal money', () => {
  it('parses and prints decimal strings exactly', () => {
    expect(toDecimal(money('1234.5', 'USD'))).toBe('1234.50');
    expect(toDecimal(money('0.000123', 'USD'))).toBe('0.000123');
    expect(toDecimal(money('1080000', 'JPY'))).toBe('1080000');
    expect(toDecimal(money('-7.25', 'EUR'))).toBe('-7.25');
    expect(() => money('1,234', 'USD')).toThrow(MoneyError);
    expect(() => money('1e5', 'USD')).toThrow(MoneyError);
  });

  it('knows currency exponents (ISO 4217)', () => {
    expect(exponentOf('USD')).toBe(2);
    expect(exponentOf('CNY')).toBe(2);
    expect(exponentOf('JPY')).toBe(0);
    expect(exponentOf('KWD')).toBe(3);
    expect(exponentOf('CHF')).toBe(2);
  });

  it('adds across scales without loss and refuses mixed currencies', () => {
    expect(toDecimal(add(money('0.1', 'USD'), money('0.2', 'USD')))).toBe('0.30');
    expect(toDecimal(add(money('0.105', 'USD'), money('0.2', 'USD')))).toBe('0.305');
    expect(() => add(money('1', 'USD'), money('1', 'CNY'))).toThrow(/FX/);
  });

  it('rounds with the named mode', () => {
    expect(divRound(5n, 2n, 'half_even')).toBe(2n);
    expect(divRound(7n, 2n, 'half_even')).toBe(4n);
    expect(divRound(5n, 2n, 'half_up')).toBe(3n);
    expect(divRound(5n, 2n, 'half_down')).toBe(2n);
    expect(divRound(-5n, 2n, 'half_up')).toBe(-3n);
    expect(divRound(-5n, 2n, 'floor')).toBe(-3n);
    expect(divRound(-5n, 2n, 'ceil')).toBe(-2n);
    expect(divRound(5n, 2n, 'down')).toBe(2n);
    expect(divRound(5n, 2n, 'up')).toBe(3n);
    expect(toDecimal(roundToMinor(money('2.345', 'USD'), 'half_even'))).toBe('2.34');
    expect(toDecimal(roundToMinor(money('2.355', 'USD'), 'half_even'))).toBe('2.36');
    expect(toDecimal(roundToMinor(money('2.345', 'USD'), 'half_up'))).toBe('2.35');
    expect(toDecimal(roundToMinor(money('1499.5', 'JPY'), 'half_even'))).toBe('1500');
  });

  it('multiplies by a rate and divides exactly', () => {
    expect(toDecimal(multiply(money('27450.00', 'USD'), '7.2628'))).toBe('199363.86');
    expect(toDecimal(multiply(money('100.00', 'USD'), '0.333', 'down'))).toBe('33.30');
    expect(toDecimal(divide(money('100.00', 'USD'), 3, 'half_even'))).toBe('33.33');
    expect(toDecimal(multiply(money('1.00', 'USD'), 0.1, 'half_even', 4))).toBe('0.1000');
  });

  it('prints small and large numbers without exponent notation', () => {
    expect(numberToDecimal(1e-7)).toBe('0.0000001');
    expect(numberToDecimal(1.5e21)).toBe('1500000000000000000000');
    expect(compareDecimal('1.50', '1.5')).toBe(0);
    expect(compareDecimal('0.09', '0.1')).toBe(-1);
  });
});

describe('allocation by largest remainder', () => {
  it('splits 100.00 three ways as 33.34/33.33/33.33', () => {
    expect(allocate(money('100.00', 'USD'), [1, 1, 1]).map(toDecimal)).toEqual(['33.34', '33.33', '33.33']);
    expect(allocate(money('0.05', 'USD'), [3, 7]).map(toDecimal)).toEqual(['0.02', '0.03']); // 1.5 and 3.5: tie goes to the earlier part
    expect(allocate(money('0.05', 'USD'), [1, 19]).map(toDecimal)).toEqual(['0.00', '0.05']); // 0.25 and 4.75
    expect(allocate(money('10.00', 'USD'), [0, 1, 0]).map(toDecimal)).toEqual(['0.00', '10.00', '0.00']);
    expect(allocate(money('-1.00', 'USD'), [1, 2]).map(toDecimal)).toEqual(['-0.33', '-0.67']);
    expect(() => allocateUnits(10n, [])).toThrow();
    expect(() => allocateUnits(10n, [0n, 0n])).toThrow();
    expect(() => allocateUnits(10n, [1n, -1n])).toThrow();
  });

  it('never loses or creates a unit, and each share is within one unit of its exact value', () => {
    fc.assert(fc.property(
      fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
      fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 30 }).filter((r) => r.some((x) => x > 0n)),
      (total, ratios) => {
        const shares = allocateUnits(total, ratios);
        const den = ratios.reduce((a, b) => a + b, 0n);
        expect(shares.reduce((a, b) => a + b, 0n)).toBe(total);
        shares.forEach((s, i) => {
          const exactNum = total * ratios[i];          // exact share = exactNum / den
          const diff = s * den - exactNum;
          expect(diff < 0n ? -diff : diff).toBeLessThan(den);
          if (ratios[i] === 0n) expect(s).toBe(0n);
          if (total >= 0n) expect(s >= 0n).toBe(true);
        });
      },
    ), { numRuns: 500 });
  });

  it('rounds parts so they always add up to the rounded total', () => {
    fc.assert(fc.property(
      fc.array(fc.bigInt({ min: 0n, max: 10n ** 16n }), { minLength: 1, maxLength: 8 }),
      fc.constantFrom('half_even', 'half_up', 'floor', 'ceil') as fc.Arbitrary<'half_even' | 'half_up' | 'floor' | 'ceil'>,
      (parts, mode) => {
        const r = roundPreservingSum(parts, 8, 2, mode);
        expect(r.parts.reduce((a, b) => a + b, 0n)).toBe(r.total);
        const exact = parts.reduce((a, b) => a + b, 0n);
        expect(r.total).toBe(divRound(exact, 10n ** 6n, mode));
        r.parts.forEach((p, i) => {
          expect(p >= 0n).toBe(true);
          const d = p * 10n ** 6n - parts[i];
          expect(d < 0n ? -d : d).toBeLessThan(10n ** 6n);
        });
      },
    ), { numRuns: 500 });
  });
});

describe('formatting per locale (Intl, from decimal strings)', () => {
  it('formats the brief\'s examples', () => {
    expect(formatMoney('1080000', 'CNY', 'zh-CN')).toBe('¥1,080,000.00');
    expect(formatMoney('27450', 'USD', 'en-US')).toBe('$27,450.00');
    expect(formatMoney('2350', 'EUR', 'de-DE').replace(/\s/g, ' ')).toBe('2.350,00 €');
    expect(formatMoney('1080000', 'JPY', 'ja-JP')).toMatch(/1,080,000$/);
  });
  it('keeps every digit of amounts beyond 2^53', () => {
    expect(formatMoney('12345678901234567.89', 'USD', 'en-US')).toBe('$12,345,678,901,234,567.89');
  });
  it('rounds to the minor unit with half-even by default', () => {
    expect(formatMoney('0.125', 'USD', 'en-US')).toBe('$0.12');
    expect(formatMoney('0.135', 'USD', 'en-US')).toBe('$0.14');
  });
});
