// Locale-aware numbers and money. Amounts arrive as exact decimal strings; formatting
// them splits the string rather than going through a float, so no cent is ever lost.
export function fmtNumber(n: number | null | undefined, locale: string, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

export function fmtPercent(n: number | null | undefined, locale: string, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(n);
}

const MINOR: Record<string, number> = { JPY: 0, KRW: 0 };

/** Formats a decimal string like "1080000.5" in a currency, exactly, e.g. ¥1,080,000.50. */
export function fmtMoney(amount: string | null | undefined, currency: string, locale: string, digits?: number): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) return amount;
  const [, sign, int, frac = ''] = m;
  const scale = digits ?? MINOR[currency] ?? 2;
  // Round half-up on the decimal string itself.
  let fracPart = frac.padEnd(scale + 1, '0');
  let intBig = BigInt(int);
  let fracBig = scale > 0 ? BigInt(fracPart.slice(0, scale)) : 0n;
  if (Number(fracPart[scale] ?? '0') >= 5) {
    fracBig += 1n;
    if (fracBig >= 10n ** BigInt(scale)) { fracBig = 0n; intBig += 1n; }
  }
  const nf = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: scale, maximumFractionDigits: scale });
  // Format a template number with the right sign, then splice in the exact digits.
  const parts = nf.formatToParts(sign ? -1.5 : 1.5);
  const group = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567).find((p) => p.type === 'group')?.value ?? ',';
  const intText = intBig.toString().replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const fracText = scale > 0 ? fracBig.toString().padStart(scale, '0') : '';
  return parts.map((p) => (p.type === 'integer' ? intText : p.type === 'fraction' ? fracText : p.type === 'group' ? '' : p.value))
    .join('');
}

export function fmtDateMonth(month: string, locale: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/** Digits after the point in a decimal string ("0.0806" → 4), at least the currency's own (2, or 0 for JPY). */
export function moneyDigits(amount: string, currency: string): number {
  return Math.max(MINOR[currency] ?? 2, (/\.(\d+)$/.exec(amount.trim())?.[1] ?? '').replace(/0+$/, '').length);
}

/** A rate with all its digits, in the one money format: "0.0806" USD → "$0.0806", not "USD 0.0806". */
export const fmtRate = (amount: string | null | undefined, currency: string, locale: string): string =>
  amount === null || amount === undefined || amount === '' ? '—' : fmtMoney(amount, currency, locale, moneyDigits(amount, currency));

const CURRENCIES = new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : ['USD', 'CNY', 'EUR', 'GBP', 'JPY']);
/** "USD 0.0806" inside a sentence (the engine's notes and sources) in the one money format, all digits kept. */
export function moneyInText(text: string, locale: string): string {
  return text.replace(/\b([A-Z]{3}) (-?\d+(?:\.\d+)?)(?![\d.,])/g, (all, cur: string, amount: string) => (CURRENCIES.has(cur) ? fmtRate(amount, cur, locale) : all));
}
