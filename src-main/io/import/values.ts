// Cell values in vendor price lists → exact numbers, currencies, dates and lead times.
// Pure functions over strings (conventions: ../shared/samples/README.md): full-width forms
// are read through NFKC, money stays a decimal string (decimal.js), an impossible date is
// an error and never rolls over.
import { Decimal } from 'decimal.js';

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7e]*$/;
/** NFKC (full-width → ASCII etc.); plain ASCII is already normal, so it skips the work. */
export const nfkc = (s: string): string => (ASCII.test(s) ? s : s.normalize('NFKC'));

/** ISO 4217 codes we accept as written (case-insensitive). RMB is the colloquial CNY. */
export const ISO_CURRENCIES = new Set([
  'USD', 'EUR', 'CNY', 'GBP', 'JPY', 'HKD', 'SGD', 'TWD', 'KRW', 'INR', 'AUD', 'CAD', 'CHF', 'SEK', 'NOK', 'DKK',
  'PLN', 'CZK', 'HUF', 'AED', 'SAR', 'ILS', 'BRL', 'MXN', 'ZAR', 'NZD', 'THB', 'MYR', 'IDR', 'PHP', 'VND', 'RUB', 'TRY',
]);

/**
 * Currency named in a piece of text (symbol, code or Chinese word), or null. `strict`
 * (titles, headers): codes count only in capitals, so an English word is never a currency.
 */
export function currencyIn(text: string, strict = false): string | null {
  const s = nfkc(text);
  if (/US\$|\$/.test(s) && !/HK\$|S\$|A\$|C\$|NZ\$/.test(s)) return 'USD';
  if (/HK\$/.test(s)) return 'HKD';
  if (/¥|人民币|元|RMB|万/i.test(s)) return 'CNY';
  if (/€/.test(s)) return 'EUR';
  if (/£/.test(s)) return 'GBP';
  for (const m of s.matchAll(/(?<![A-Za-z])([A-Za-z]{3})(?![A-Za-z])/g)) {
    if (strict && m[1] !== m[1].toUpperCase()) continue;
    const code = m[1].toUpperCase();
    if (code === 'RMB') return 'CNY';
    if (ISO_CURRENCIES.has(code)) return code;
  }
  return null;
}

const NO_PRICE = /面议|询价|议价|电询|待定|另议|(?<![a-z])(tbd|tba|poa|p\.o\.a|n\/a|na)(?![a-z])|contact\s*(sales|us|vendor)?|(?<![a-z])call(?![a-z])|on\s*request|upon\s*request|price\s*on\s*application/i;
const TAX_IN = /不含税|未税|税前|excl\.?\s*(of\s*)?(vat|tax|gst)|excluding\s*(sales\s*)?(vat|tax|gst)|ex\.?\s*vat|\bnet\b|\+\s*vat/i;
const TAX_INCL = /含税|价税合计|incl\.?\s*(of\s*)?(vat|tax|gst)|including\s*(vat|tax|gst)|\bgross\b/i;

/** Tax note in text: true = tax included, false = excluded, null = not said. */
export function taxFlagIn(text: string): boolean | null {
  const s = nfkc(text);
  if (TAX_IN.test(s)) return false;
  if (TAX_INCL.test(s)) return true;
  return null;
}

export type MoneyResult =
  | { ok: true; value: string; currency: string | null; tax: boolean | null }
  | { ok: false; reason: 'no_price' | 'not_a_number' | 'negative_price' | 'unknown_currency' };

export interface MoneyOptions {
  /** The file writes decimal commas (1.980,50); decides the ambiguous `1.980` / `1,980`. */
  decimalComma?: boolean;
  /** The header says 万元: plain numbers are in units of 10,000 unless the cell says 元. */
  wanHeader?: boolean;
}

/** A canonical `123.4500` → `123.45` (no leading zeros, no trailing fraction zeros). */
function minimalString(num: string): string {
  let [i, f = ''] = num.split('.');
  i = i.replace(/^0+(?=\d)/, '');
  f = f.replace(/0+$/, '');
  return f ? `${i}.${f}` : i;
}

/** Decimal string in minimal form (no exponent, no trailing zeros). */
export function minimal(d: Decimal): string {
  const s = d.toFixed();
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * Digits with separators → canonical "1234.5", or null. Both separators: the last one is
 * the decimal mark. One kind used several times: thousands. One use: three digits after it
 * are thousands unless the file writes decimal commas (then `.` is thousands and `,` decimal).
 */
const GROUPED = { ',': /^\d{1,3}(,\d{3})+$/, '.': /^\d{1,3}(\.\d{3})+$/ } as const;
const PLAIN = /^\d+$/;

export function canonicalNumber(raw: string, decimalComma = false): string | null {
  const s = raw.replace(/[\s'’_]/g, '');
  if (PLAIN.test(s)) return s;
  if (!/^\d[\d.,]*$/.test(s) && !/^[.,]\d+$/.test(s)) return null;
  const dots = (s.match(/\./g) ?? []).length;
  const commas = (s.match(/,/g) ?? []).length;
  let out: string;
  const grouped = (x: string, sep: ',' | '.') => GROUPED[sep].test(x);
  if (dots && commas) {
    const dec = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    const thou: ',' | '.' = dec === '.' ? ',' : '.';
    const [intPart, frac, ...rest] = s.split(dec);
    if (rest.length || frac === undefined || frac.includes(thou)) return null;
    if (!grouped(intPart, thou) && intPart.includes(thou)) return null;
    out = `${intPart.split(thou).join('')}.${frac}`;
  } else if (commas) {
    const after = s.length - s.lastIndexOf(',') - 1;
    if (commas > 1) { if (!grouped(s, ',')) return null; out = s.replace(/,/g, ''); }
    else if (after === 3 && !decimalComma && grouped(s, ',')) out = s.replace(',', '');
    else out = s.replace(',', '.');
  } else if (dots) {
    const after = s.length - s.lastIndexOf('.') - 1;
    if (dots > 1) { if (!grouped(s, '.')) return null; out = s.replace(/\./g, ''); }
    else if (after === 3 && decimalComma && grouped(s, '.')) out = s.replace('.', '');
    else out = s;
  } else out = s;
  if (out.startsWith('.')) out = `0${out}`;
  return /^\d+(\.\d+)?$/.test(out) ? out : null;
}

/** Reads a price cell as written: `$27,450.00`, `￥1,080,000.00`, `10.8万`, `1150000元`, `18.800,00 €`. */
// The common shapes, read without the general path: `27450`, `27,450.00`, `$27,450.00`.
const FAST_US = /^(\$|US\$)?\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/;

export function parseMoney(text: string, opts: MoneyOptions = {}): MoneyResult {
  const fast = !opts.wanHeader && !opts.decimalComma ? FAST_US.exec(text) : null;
  if (fast) {
    const num = fast[2].replace(/,/g, '') + (fast[3] ?? '');
    if (/^0+(\.0+)?$/.test(num)) return { ok: false, reason: 'no_price' };
    return { ok: true, value: minimalString(num), currency: fast[1] ? 'USD' : null, tax: null };
  }
  let s = nfkc(text).trim();
  if (s === '' || /^[-–—−_/\\.·*?]+$/.test(s)) return { ok: false, reason: 'no_price' };
  if (NO_PRICE.test(s)) return { ok: false, reason: 'no_price' };
  const tax = taxFlagIn(s);
  s = s.replace(TAX_IN, ' ').replace(TAX_INCL, ' ');
  let currency: string | null = null;
  let mult: Decimal | null = null;
  let unitStated = false;
  const take = (re: RegExp, cur: string | null, m?: Decimal) => {
    if (re.test(s)) {
      if (cur) {
        if (currency && currency !== cur) currency = 'MIXED';
        else currency = cur;
      }
      if (m) mult = m;
      s = s.replace(re, ' ');
      return true;
    }
    return false;
  };
  if (take(/万元|万/g, 'CNY', new Decimal(10000))) unitStated = true;
  take(/HK\$/gi, 'HKD');
  take(/US\$|\$/gi, 'USD');
  take(/[¥]|人民币|RMB|CNY/gi, 'CNY');
  if (take(/元/g, 'CNY')) unitStated = true;
  take(/€|EUR(?![a-z])/gi, 'EUR');
  take(/£/g, 'GBP');
  // Remaining letters: an ISO code is this cell's currency; other words make it not a number.
  for (const m of [...s.matchAll(/(?<![A-Za-z])([A-Za-z]{3})(?![A-Za-z])/g)]) {
    const code = m[1].toUpperCase();
    if (ISO_CURRENCIES.has(code)) { take(new RegExp(`(?<![A-Za-z])${m[1]}(?![A-Za-z])`, 'g'), code); }
  }
  if (currency === 'MIXED') return { ok: false, reason: 'unknown_currency' };
  s = s.replace(/\(\s*\)|\[\s*\]/g, ' ').trim();
  let negative = false;
  if (/^\(.*\)$/.test(s)) { negative = true; s = s.slice(1, -1).trim(); }
  if (/^[-−–]/.test(s)) { negative = true; s = s.replace(/^[-−–]\s*/, ''); }
  if (/^\+/.test(s)) s = s.slice(1).trim();
  s = s.replace(/[/／]\s*(unit|pc|pcs|ea|each|台|套|个|片|张|月|month|mo|hr|hour|h)\.?$/i, '').trim();
  // A number beside an upper-case three-letter code we do not know: a currency we cannot use.
  if (/\d/.test(s) && /^[A-Z]{3}\s*[\d(]|\d\s*[A-Z]{3}$/.test(s)) return { ok: false, reason: 'unknown_currency' };
  const num = canonicalNumber(s, opts.decimalComma ?? false);
  if (num === null) return { ok: false, reason: 'not_a_number' };
  if (negative) return { ok: false, reason: 'negative_price' };
  if (opts.wanHeader && !unitStated) { mult = new Decimal(10000); currency = currency ?? 'CNY'; }
  if (/^0+(\.0+)?$/.test(num)) return { ok: false, reason: 'no_price' };
  // Exact either way; the string path avoids a Decimal per cell on big files.
  const value = mult === null ? minimalString(num) : minimal(new Decimal(num).times(mult));
  return { ok: true, value, currency, tax };
}

/** A numeric XLSX cell: its shortest round-trip decimal (23.92, never 23.919999…). */
export function moneyFromNumber(v: number, format = '', opts: MoneyOptions = {}): MoneyResult {
  if (!Number.isFinite(v)) return { ok: false, reason: 'not_a_number' };
  if (v < 0) return { ok: false, reason: 'negative_price' };
  if (v === 0) return { ok: false, reason: 'no_price' };
  let d = new Decimal(String(v));
  let currency = currencyIn(format.replace(/"[^"]*"/g, (m) => m).replace(/\[\$([^\]-]*)[^\]]*\]/g, '$1'));
  if (opts.wanHeader) { d = d.times(10000); currency = currency ?? 'CNY'; }
  return { ok: true, value: minimal(d), currency, tax: null };
}

// ---- integers (quantities, GPU counts) ----

/** Whole positive count, `0`, or invalid: `16`, `1,000`, `8 units`, `16台`. */
export function parseCount(text: string): { ok: true; value: number } | { ok: false; zero: boolean } | null {
  // Plain counts, and catalogs' `8.0`, without the general path.
  if (/^\d{1,9}(\.0+)?$/.test(text)) { const v = Number(text); return v === 0 ? { ok: false, zero: true } : { ok: true, value: v }; }
  let s = nfkc(text).trim();
  if (s === '' || /^[-–—]$/.test(s)) return null;
  s = s.replace(/\s*(units?|pcs?|pieces?|ea|each|instances?|servers?|nodes?|sets?|gpus?|cards?|台|套|个|片|张|块|卡|颗|节点)\.?$/i, '').trim();
  const neg = /^[-−]/.test(s);
  const num = canonicalNumber(s.replace(/^[-−+]\s*/, ''), false);
  if (num === null) return { ok: false, zero: false };
  const d = new Decimal(num);
  if (d.isZero()) return { ok: false, zero: true };
  if (neg || !d.isInteger() || d.gt(1e9)) return { ok: false, zero: false };
  return { ok: true, value: d.toNumber() };
}

// ---- dates ----

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};

function ymd(y: number, m: number, d: number): string | 'bad' {
  if (!(y >= 1900 && y <= 2200) || !(m >= 1 && m <= 12) || d < 1) return 'bad';
  const dim = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  if (d > dim) return 'bad';
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Excel serial day (1900 date system, or 1904) → YYYY-MM-DD. */
export function excelSerialToDate(serial: number, date1904 = false): string | 'bad' {
  if (!Number.isFinite(serial) || serial < 1 || serial > 200000) return 'bad';
  const days = Math.floor(serial) + (date1904 ? 1462 : 0);
  // Excel's day 60 is the fictitious 1900-02-29; serials after it are one day ahead.
  const base = Date.UTC(1899, 11, 30);
  const t = new Date(base + (days < 61 && !date1904 ? days + 1 : days) * 86400000);
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

// One regex for every date form we read; used both for whole cells and inside title text.
const DATE_RE = new RegExp([
  String.raw`(?<iy>\d{4})\s*[-/.]\s*(?<im>\d{1,2})\s*[-/.]\s*(?<id>\d{1,2})(?![\d])`,
  String.raw`(?<cy>\d{4})\s*年\s*(?<cm>\d{1,2})\s*月\s*(?<cd>\d{1,2})\s*[日号]?`,
  String.raw`(?<!\d)(?<ea>\d{1,2})\s*(?<es>[./])\s*(?<eb>\d{1,2})\s*\k<es>\s*(?<ey>\d{4})(?!\d)`,
  String.raw`(?<!\d)(?<nd>\d{1,2})[-\s]+(?<nm>[A-Za-z]{3,9})\.?[-\s,]+(?<ny>\d{4})(?!\d)`,
  String.raw`(?<![A-Za-z])(?<mm>[A-Za-z]{3,9})\.?\s+(?<md>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<my>\d{4})(?!\d)`,
].join('|'), 'g');

function dateFromMatch(g: Record<string, string | undefined>, dayFirstSlash: boolean): string | 'bad' | null {
  if (g.iy) return ymd(+g.iy, +g.im!, +g.id!);
  if (g.cy) return ymd(+g.cy, +g.cm!, +g.cd!);
  if (g.ey) {
    const a = +g.ea!, b = +g.eb!;
    if (g.es === '.') return ymd(+g.ey, b, a);                  // 01.04.2025 is day first
    if (a > 12) return ymd(+g.ey, b, a);
    if (b > 12) return ymd(+g.ey, a, b);
    return dayFirstSlash ? ymd(+g.ey, b, a) : ymd(+g.ey, a, b);
  }
  if (g.nd) { const m = MONTHS[g.nm!.toLowerCase()]; return m ? ymd(+g.ny!, m, +g.nd) : null; }
  if (g.mm) { const m = MONTHS[g.mm.toLowerCase()]; return m ? ymd(+g.my!, m, +g.md!) : null; }
  return null;
}

/**
 * A date cell: YYYY-MM-DD, `'bad'` when it is written as a date that cannot exist or is not
 * a date at all, null when empty (or "immediately"/即日起, i.e. no date of its own).
 */
export function parseDate(text: string, dayFirstSlash = false): string | 'bad' | null {
  const s = nfkc(text).trim();
  if (s === '' || /^[-–—]$/.test(s) || /^(即日起?|立即|now|immediately|asap|tbd)$/i.test(s)) return null;
  DATE_RE.lastIndex = 0;
  const m = DATE_RE.exec(s);
  if (!m || !m.groups) return 'bad';
  const rest = (s.slice(0, m.index) + s.slice(m.index + m[0].length)).trim();
  // Allow a trailing time or a "起"/"from" word, nothing else.
  if (rest && !/^([T\s]?\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?|起|开始|生效|onwards?|from)$/i.test(rest)) return 'bad';
  return dateFromMatch(m.groups, dayFirstSlash) ?? 'bad';
}

/** Every date written in a line of text with its position (for title blocks). */
export function findDates(text: string, dayFirstSlash = false): { index: number; end: number; date: string | 'bad' }[] {
  const s = nfkc(text);
  const out: { index: number; end: number; date: string | 'bad' }[] = [];
  DATE_RE.lastIndex = 0;
  for (const m of s.matchAll(DATE_RE)) {
    const d = m.groups ? dateFromMatch(m.groups, dayFirstSlash) : null;
    if (d) out.push({ index: m.index ?? 0, end: (m.index ?? 0) + m[0].length, date: d });
  }
  return out;
}

// ---- lead times ----

/**
 * Lead time in weeks as written: a range gives its upper bound, days round up to weeks,
 * months are 52/12 weeks (rounded up), stock is 0, empty/TBD is null. Unreadable text is
 * null as well (no reason word exists for it; the row still imports).
 */
export function parseLeadTime(text: string, headerUnit: 'weeks' | 'days' | 'months' = 'weeks'): number | null {
  const s = nfkc(text).trim().toLowerCase();
  if (s === '' || /^(tbd|tba|n\/a|na|待定|-|–|—)$/.test(s)) return null;
  if (/stock|现货|库存|available\s*now|immediate|即时|ex-?works/.test(s)) return 0;
  const m = s.match(/(\d+(?:\.\d+)?)\s*(?:(?:-|–|—|~|～|to|至|到)\s*(\d+(?:\.\d+)?))?\s*(weeks?|wks?|w\b|周|星期|个工作日|工作日|business\s*days?|days?|d\b|天|日|months?|mos?\b|个月|月)?/);
  if (!m) return null;
  const n = Number(m[2] ?? m[1]);
  const unitWord = m[3] ?? '';
  const unit = /week|wk|^w$|周|星期/.test(unitWord) ? 'weeks'
    : /工作日|business/.test(unitWord) ? 'bdays'
    : /day|^d$|天|日/.test(unitWord) ? 'days'
    : /month|mo|月/.test(unitWord) ? 'months' : headerUnit;
  if (!Number.isFinite(n)) return null;
  if (unit === 'weeks') return Math.ceil(n);
  if (unit === 'days') return Math.ceil(n / 7);
  if (unit === 'bdays') return Math.ceil(n / 5);
  return Math.ceil((n * 52) / 12);
}
