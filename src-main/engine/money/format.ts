// Locale formatting through Intl.NumberFormat. Amounts are passed to Intl as decimal
// *strings* (ECMA-402 NumberFormat v3 formats them exactly), so no float is ever formed
// from an amount: ¥1,080,000.00 (zh-CN CNY), $27,450.00 (en-US USD), 2.350,00 € (de-DE EUR).
import { exponentOf } from './currency.js';
import { money, toMinorDecimal, type Money } from './money.js';
import type { RoundingMode } from './rounding.js';

type Fmt = { format(v: string): string };
const cache = new Map<string, Fmt>();

function formatter(locale: string, currency: string, display: 'symbol' | 'narrowSymbol' | 'code'): Fmt {
  const key = `${locale}|${currency}|${display}`;
  let f = cache.get(key);
  if (!f) {
    const e = exponentOf(currency);
    const nf = new Intl.NumberFormat(locale, {
      style: 'currency', currency, currencyDisplay: display, minimumFractionDigits: e, maximumFractionDigits: e,
    });
    f = nf as unknown as Fmt;
    cache.set(key, f);
  }
  return f;
}

/** Default display per locale: zh shows CNY as ¥ (narrow), en shows CN¥ to keep it apart from JPY. */
export interface FormatOptions { display?: 'symbol' | 'narrowSymbol' | 'code'; mode?: RoundingMode }

/** Format a Money or a decimal string in `currency` for `locale`, rounded to the minor unit. */
export function formatMoney(value: Money | string, currency: string, locale: string, opts: FormatOptions = {}): string {
  const m = typeof value === 'string' ? money(value, currency) : value;
  const text = toMinorDecimal(m, opts.mode ?? 'half_even');
  const display = opts.display ?? (locale.toLowerCase().startsWith('zh') && currency === 'CNY' ? 'narrowSymbol' : 'symbol');
  return formatter(locale, currency, display).format(text);
}
