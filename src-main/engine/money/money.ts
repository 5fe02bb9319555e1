// Exact money: an integer amount at an explicit decimal scale with its currency beside it
// (dinero.js snapshot shape `{ amount, currency, scale }`), bigint so no float ever touches
// an amount. Decimal strings on the wire; every division names its rounding mode.
import { divRound, pow10, type RoundingMode } from './rounding.js';
import { exponentOf } from './currency.js';

export interface Money {
  /** Integer count of 10^-scale units of the currency's major unit. */
  readonly amount: bigint;
  readonly currency: string;
  readonly scale: number;
}

/** An exact non-negative-or-negative ratio num/den (den > 0): rates, shares, FX. */
export interface Ratio { readonly num: bigint; readonly den: bigint }

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export class MoneyError extends Error {}

/** "1234.50" → { units: 123450n, scale: 2 }. Accepts an optional leading minus. */
export function parseDecimal(s: string): { units: bigint; scale: number } {
  const m = DECIMAL.exec(s.trim());
  if (!m) throw new MoneyError(`"${s}" is not a decimal number like 1234.50`);
  const frac = m[3] ?? '';
  const units = BigInt(m[2] + frac);
  return { units: m[1] ? -units : units, scale: frac.length };
}

export function isDecimal(s: string): boolean {
  return DECIMAL.test(s.trim());
}

/** A decimal string as an exact ratio ("7.2628" → 72628/10000). */
export function ratio(s: string | number | bigint): Ratio {
  if (typeof s === 'bigint') return { num: s, den: 1n };
  if (typeof s === 'number') {
    if (!Number.isFinite(s)) throw new MoneyError(`${s} is not a finite number`);
    // Numbers enter only as ratios (utilisation, PUE), never as amounts; their shortest
    // round-trip decimal text is taken as exact.
    s = numberToDecimal(s);
  }
  const { units, scale } = parseDecimal(s);
  return { num: units, den: pow10(scale) };
}

/** Shortest decimal text of a finite JS number, without exponent notation. */
export function numberToDecimal(x: number): string {
  const t = String(x);
  if (!/e/i.test(t)) return t;
  const [mant, expS] = t.toLowerCase().split('e');
  const exp = Number(expS);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const point = (mant.replace('-', '').indexOf('.') === -1 ? mant.replace('-', '').length : mant.replace('-', '').indexOf('.')) + exp;
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return (neg ? '-' : '') + out;
}

/** Money from a decimal string. Without `scale`, keeps every digit given (at least the
 * currency's exponent); with `scale`, rounds to it with `mode`. */
export function money(decimal: string, currency: string, scale?: number, mode: RoundingMode = 'half_even'): Money {
  const { units, scale: s } = parseDecimal(decimal);
  const target = scale ?? Math.max(s, exponentOf(currency));
  return { amount: rescaleUnits(units, s, target, mode), currency, scale: target };
}

export const zero = (currency: string, scale = exponentOf(currency)): Money => ({ amount: 0n, currency, scale });

export function rescaleUnits(units: bigint, from: number, to: number, mode: RoundingMode): bigint {
  if (to === from) return units;
  if (to > from) return units * pow10(to - from);
  return divRound(units, pow10(from - to), mode);
}

export function rescale(m: Money, scale: number, mode: RoundingMode = 'half_even'): Money {
  return scale === m.scale ? m : { amount: rescaleUnits(m.amount, m.scale, scale, mode), currency: m.currency, scale };
}

/** Round to the currency's minor unit (cents for USD/CNY/EUR, yen for JPY). */
export function roundToMinor(m: Money, mode: RoundingMode = 'half_even'): Money {
  return rescale(m, exponentOf(m.currency), mode);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new MoneyError(`cannot combine ${a.currency} with ${b.currency} without an FX conversion`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  const s = Math.max(a.scale, b.scale);
  return { amount: rescaleUnits(a.amount, a.scale, s, 'down') + rescaleUnits(b.amount, b.scale, s, 'down'), currency: a.currency, scale: s };
}

export function subtract(a: Money, b: Money): Money {
  return add(a, { ...b, amount: -b.amount });
}

export function sum(items: readonly Money[], currency: string): Money {
  let acc = zero(currency);
  for (const m of items) acc = add(acc, m);
  return acc;
}

/** amount × rate, kept at the amount's scale (or `scale`), rounded with `mode`. */
export function multiply(m: Money, rate: Ratio | string | number, mode: RoundingMode = 'half_even', scale = m.scale): Money {
  const r = typeof rate === 'object' ? rate : ratio(rate);
  const num = m.amount * r.num * pow10(scale);
  const den = r.den * pow10(m.scale);
  return { amount: divRound(num, den, mode), currency: m.currency, scale };
}

/** amount ÷ divisor at the amount's scale, rounded with `mode`. */
export function divide(m: Money, divisor: bigint | number, mode: RoundingMode = 'half_even'): Money {
  const d = typeof divisor === 'bigint' ? divisor : BigInt(divisor);
  return { amount: divRound(m.amount, d, mode), currency: m.currency, scale: m.scale };
}

/** Largest-remainder split of an integer by non-negative ratios: the shares sum to `total`
 * exactly, each share is within one unit of its exact value, zero ratios get zero
 * (dinero.js `core/utils/distribute.ts`). Ties go to the earlier part. */
export function allocateUnits(total: bigint, ratios: readonly bigint[]): bigint[] {
  if (!ratios.length) throw new MoneyError('allocate needs at least one ratio');
  let den = 0n;
  for (const r of ratios) {
    if (r < 0n) throw new MoneyError('allocate ratios must not be negative');
    den += r;
  }
  if (den === 0n) throw new MoneyError('allocate ratios must not all be zero');
  const neg = total < 0n;
  const t = neg ? -total : total;
  const shares = new Array<bigint>(ratios.length);
  const rems = new Array<bigint>(ratios.length);
  let given = 0n;
  for (let i = 0; i < ratios.length; i++) {
    const p = t * ratios[i];
    shares[i] = p / den;
    rems[i] = p % den;
    given += shares[i];
  }
  let left = t - given; // < number of non-zero ratios
  if (left > 0n) {
    const order = ratios.map((_, i) => i).filter((i) => ratios[i] > 0n)
      .sort((a, b) => (rems[b] > rems[a] ? 1 : rems[b] < rems[a] ? -1 : a - b));
    for (const i of order) {
      if (left === 0n) break;
      shares[i] += 1n;
      left -= 1n;
    }
  }
  return neg ? shares.map((s) => -s) : shares;
}

/** Split money by ratios (numbers, bigints or decimal strings) without losing or creating a unit. */
export function allocate(m: Money, ratios: readonly (bigint | number | string)[]): Money[] {
  const rs = ratios.map((r) => ratio(r));
  // Put every ratio over a common denominator so they compare as integers.
  let den = 1n;
  for (const r of rs) den = lcm(den, r.den);
  const ints = rs.map((r) => r.num * (den / r.den));
  return allocateUnits(m.amount, ints).map((amount) => ({ amount, currency: m.currency, scale: m.scale }));
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a; b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}
const lcm = (a: bigint, b: bigint) => (a / gcd(a, b)) * b;

/** Round each part from scale `from` to scale `to` so that the rounded parts add up exactly to
 * the rounded total (`mode` rounds the total; the parts follow by largest remainder).
 * Used so a burn table's rows always sum to its total. */
export function roundPreservingSum(parts: readonly bigint[], from: number, to: number, mode: RoundingMode = 'half_even'): { parts: bigint[]; total: bigint } {
  let exact = 0n;
  for (const p of parts) exact += p;
  const total = rescaleUnits(exact, from, to, mode);
  if (to >= from) return { parts: parts.map((p) => rescaleUnits(p, from, to, mode)), total };
  const unit = pow10(from - to);
  const floors = parts.map((p) => divRound(p, unit, 'floor'));
  const rems = parts.map((p, i) => p - floors[i] * unit);
  let left = total;
  for (const f of floors) left -= f;
  const order = parts.map((_, i) => i).sort((a, b) => (rems[b] > rems[a] ? 1 : rems[b] < rems[a] ? -1 : a - b));
  // 0 <= left <= parts.length whenever `mode` rounds to a neighbour of the exact total.
  for (let k = 0; left > 0n && k < order.length; k++) { floors[order[k]] += 1n; left -= 1n; }
  return { parts: floors, total };
}

/** Decimal text with exactly `m.scale` fraction digits: { 123450n, 2 } → "1234.50". */
export function toDecimal(m: Money): string {
  return unitsToDecimal(m.amount, m.scale);
}

export function unitsToDecimal(units: bigint, scale: number): string {
  const neg = units < 0n;
  let s = (neg ? -units : units).toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, '0');
    s = s.slice(0, s.length - scale) + '.' + s.slice(s.length - scale);
  }
  return (neg ? '-' : '') + s;
}

/** Money rounded to its currency's minor unit, as decimal text ("27450.00", "1080000" for JPY). */
export function toMinorDecimal(m: Money, mode: RoundingMode = 'half_even'): string {
  return toDecimal(roundToMinor(m, mode));
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  const s = Math.max(a.scale, b.scale);
  const x = rescaleUnits(a.amount, a.scale, s, 'down');
  const y = rescaleUnits(b.amount, b.scale, s, 'down');
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Compare two decimal strings exactly. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const x = parseDecimal(a), y = parseDecimal(b);
  const s = Math.max(x.scale, y.scale);
  const p = rescaleUnits(x.units, x.scale, s, 'down'), q = rescaleUnits(y.units, y.scale, s, 'down');
  return p < q ? -1 : p > q ? 1 : 0;
}

/** Exact value of a ratio as a decimal string at `scale` digits (display of rates). */
export function ratioToDecimal(r: Ratio, scale: number, mode: RoundingMode = 'half_even'): string {
  return unitsToDecimal(divRound(r.num * pow10(scale), r.den, mode), scale);
}

export function mulRatio(a: Ratio, b: Ratio): Ratio {
  return { num: a.num * b.num, den: a.den * b.den };
}
export function invRatio(a: Ratio): Ratio {
  if (a.num === 0n) throw new MoneyError('cannot invert a zero rate');
  return a.num < 0n ? { num: -a.den, den: -a.num } : { num: a.den, den: a.num };
}
