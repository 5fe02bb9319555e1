// Currencies as data (dinero.js `currencies/iso4217.ts`): code and exponent (digits of the
// minor unit), from ISO 4217. Codes not listed fall back to Intl's own ISO 4217 table.
export interface Currency { readonly code: string; readonly exponent: number }

const table = (rows: [string, number][]) =>
  Object.freeze(Object.fromEntries(rows.map(([code, exponent]) => [code, Object.freeze({ code, exponent })]))) as Readonly<Record<string, Currency>>;

/** ISO 4217 exponents for the currencies Headroom's users price in. */
export const CURRENCIES = table([
  ['USD', 2], ['CNY', 2], ['EUR', 2], ['GBP', 2], ['JPY', 0], ['HKD', 2], ['SGD', 2], ['KRW', 0],
  ['TWD', 2], ['CHF', 2], ['CAD', 2], ['AUD', 2], ['INR', 2], ['AED', 2], ['SAR', 2], ['SEK', 2],
  ['NOK', 2], ['DKK', 2], ['PLN', 2], ['BRL', 2], ['MXN', 2], ['IDR', 2], ['MYR', 2], ['THB', 2],
  ['VND', 0], ['BHD', 3], ['KWD', 3],
]);

const CODE = /^[A-Z]{3}$/;

export class UnknownCurrencyError extends Error {
  constructor(public readonly code: string) { super(`unknown currency "${code}" (use an ISO 4217 code like USD, CNY or EUR)`); }
}

export function currency(code: string): Currency {
  const known = CURRENCIES[code];
  if (known) return known;
  if (!CODE.test(code)) throw new UnknownCurrencyError(code);
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits;
    return { code, exponent: digits ?? 2 };
  } catch {
    throw new UnknownCurrencyError(code);
  }
}

/** ISO 4217 codes this runtime knows (Intl), plus the table above: what may be stored or priced in. */
let supported: Set<string> | null = null;
export function isSupportedCurrency(code: string): boolean {
  if (!CODE.test(code)) return false;
  if (CURRENCIES[code]) return true;
  supported ??= new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : []);
  return supported.has(code);
}

export const exponentOf = (code: string): number => currency(code).exponent;
