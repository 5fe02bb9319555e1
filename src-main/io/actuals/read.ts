// Actuals files (what really happened): a monthly or daily usage table per scenario/pool, and
// spend per month by category, read through the price-list import's reader (CSV/TSV in UTF-8,
// UTF-16 or GBK/GB18030; XLSX/XLS) with English or Chinese headers. Every row is either read or
// rejected with a reason and its row number; the caller writes all of it or nothing.
import crypto from 'node:crypto';
import { Decimal } from 'decimal.js';
import { ApiError } from '../../shared/errors.js';
import type { ActualsPreview, ActualsReason, ActualsRejected, SpendRow, UsageRow } from '../../shared/actuals.js';

export { ACTUALS_REASONS, type ActualsReason, type UsageRow, type SpendRow, type ActualsRejected, type ActualsPreview } from '../../shared/actuals.js';
import { readWorkbook, type Cell, type Sheet } from '../import/read.js';
import { canonicalNumber, currencyIn, excelSerialToDate, nfkc, parseDate, parseMoney, minimal, moneyFromNumber } from '../import/values.js';

export const ACTUALS_FIELDS = [
  'period', 'pool', 'users', 'daily_active_users', 'requests', 'input_tokens', 'output_tokens', 'peak_requests_per_s',
  'peak_tokens_per_s', 'overload_minutes', 'overloaded', 'category', 'amount', 'currency', 'ignore',
] as const;
export type ActualsField = (typeof ACTUALS_FIELDS)[number];


/** Header words → field; the first rule that matches wins (peak before requests, minutes before overload). */
const RULES: [RegExp, ActualsField][] = [
  [/notes?|remarks?|备注|comments?|说明/, 'ignore'],
  [/^\s*(date|day|month|period|week|日期|月份|时间|期间|年月|日)\s*$|date|month|日期|月份|期间/, 'period'],
  [/pool|资源池|服务池|集群|cluster|service/, 'pool'],
  [/peak.*(tok|tps)|峰值.*(token|令牌|词元)|tokens?\s*\/\s*s|tok\/s/, 'peak_tokens_per_s'],
  [/peak.*(req|rps|qps|call|query)|峰值.*(请求|qps|调用)|峰值|(?<![a-z])(rps|qps)(?![a-z])|req(uests)?\s*\/\s*s/, 'peak_requests_per_s'],
  [/minutes?|(?<![a-z])mins?(?![a-z])|duration|分钟|时长/, 'overload_minutes'],
  [/overload|incident|outage|过载|故障|宕机|事故|超载/, 'overloaded'],
  [/(?<![a-z])dau(?![a-z])|daily\s*active|日活/, 'daily_active_users'],
  [/(?<![a-z])(mau|wau)(?![a-z])|users?|用户|月活|周活/, 'users'],
  [/(input|prompt)\s*tok|输入.*(token|令牌|词元)/, 'input_tokens'],
  [/(output|completion)\s*tok|输出.*(token|令牌|词元)/, 'output_tokens'],
  [/requests?|quer(y|ies)|calls?|messages?|prompts?|请求|调用|查询|消息/, 'requests'],
  [/categor|类别|科目|费用类型|类型/, 'category'],
  [/^\s*(currency|ccy|cur\.?)\s*$|currency|币种|货币/, 'currency'],
  [/spend|amount|cost|金额|支出|费用|花费|成本/, 'amount'],
];

export function classifyActualsHeader(text: string): ActualsField | null {
  const s = nfkc(text).toLowerCase().trim();
  if (!s) return null;
  for (const [re, f] of RULES) if (re.test(s)) return f;
  return null;
}


/** File rows read (a row may give both usage and spend). */
export const rowsRead = (p: ActualsPreview): number => new Set([...p.usage, ...p.spend].map((r) => `${r.sheet ?? ''}\u0000${r.row}`)).size;

export interface ActualsOptions {
  /** Pool ids of the scenario (a row naming another pool is rejected). */
  pools: string[];
  /** Currency of spend rows that name none (the scenario's). */
  currency: string;
}

const NUM_FIELDS = ['users', 'daily_active_users', 'requests', 'input_tokens', 'output_tokens', 'peak_requests_per_s', 'peak_tokens_per_s', 'overload_minutes'] as const;
const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, bn: 1e9, t: 1e12, '万': 1e4, '亿': 1e8, '万亿': 1e12, '千': 1e3, '百万': 1e6 };

/** A count or rate as written: `1,234`, `1.2e9`, `120M`, `3.5亿`; null when empty. */
export function parseQuantity(cell: Cell | undefined): { ok: true; value: number | null } | { ok: false; reason: 'not_a_number' | 'negative_value' } {
  if (cell?.num !== undefined && !cell.isDate) {
    if (!Number.isFinite(cell.num)) return { ok: false, reason: 'not_a_number' };
    return cell.num < 0 ? { ok: false, reason: 'negative_value' } : { ok: true, value: cell.num };
  }
  const s = nfkc(cell?.text ?? '').trim().toLowerCase();
  if (s === '' || /^[-–—]$/.test(s)) return { ok: true, value: null };
  const neg = /^[-−]/.test(s);
  const m = s.replace(/^[-−+]\s*/, '').match(/^([\d.,\s'’_]+(?:e[+-]?\d+)?)\s*(k|m|bn|b|t|万亿|万|亿|千|百万)?$/);
  if (!m) return { ok: false, reason: 'not_a_number' };
  let v: Decimal;
  try {
    if (/e/.test(m[1])) v = new Decimal(m[1].replace(/[,\s]/g, ''));
    else { const c = canonicalNumber(m[1]); if (c === null) return { ok: false, reason: 'not_a_number' }; v = new Decimal(c); }
  } catch { return { ok: false, reason: 'not_a_number' }; }
  if (!v.isFinite()) return { ok: false, reason: 'not_a_number' };
  if (neg && !v.isZero()) return { ok: false, reason: 'negative_value' };
  return { ok: true, value: (m[2] ? v.times(SUFFIX[m[2]]) : v).toNumber() };
}

const YES = /^(y|yes|true|1|overloaded|overload|down|outage|是|有|过载|故障|宕机|x|✓|✔)$/i;
const NO = /^(n|no|false|0|held|ok|none|up|否|无|正常|没有)$/i;

/** Overload flag: yes/no in English or Chinese; null when empty. */
export function parseFlag(cell: Cell | undefined): boolean | null | 'bad' {
  if (cell?.num !== undefined && !cell.isDate) return cell.num === 1 ? true : cell.num === 0 ? false : 'bad';
  const s = nfkc(cell?.text ?? '').trim();
  if (s === '' || /^[-–—]$/.test(s)) return null;
  if (YES.test(s)) return true;
  if (NO.test(s)) return false;
  return 'bad';
}

const MONTH_NAMES: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};
const ym = (y: number, m: number) => (y >= 1900 && y <= 2200 && m >= 1 && m <= 12 ? `${y}-${String(m).padStart(2, '0')}` : 'bad');

/** A month (`2023-11`, `2023/11`, `2023年11月`, `Nov 2023`) or a day (any date the price import reads). */
export function parsePeriod(cell: Cell | undefined, date1904 = false): string | 'bad' | null {
  if (cell?.num !== undefined && cell.isDate) return excelSerialToDate(cell.num, date1904);
  const s = nfkc(cell?.text ?? '').trim();
  if (s === '') return null;
  let m = s.match(/^(\d{4})\s*[-/.]\s*(\d{1,2})$/) ?? s.match(/^(\d{4})\s*年\s*(\d{1,2})\s*月$/) ?? s.match(/^(\d{4})(\d{2})$/);
  if (m) return ym(+m[1], +m[2]);
  m = s.match(/^([A-Za-z]{3,9})\.?[\s-]+(\d{4})$/);
  if (m) { const k = MONTH_NAMES[m[1].toLowerCase()]; return k ? ym(+m[2], k) : 'bad'; }
  if (cell?.num !== undefined) return 'bad';
  return parseDate(s) ?? 'bad';
}

interface Layout { headerRow: number; col: Partial<Record<ActualsField, number>> }

/** The header row: within the first 30 rows, the first with a period column and at least one more field. */
function findLayout(sheet: Sheet): Layout | null {
  for (let r = 0; r < Math.min(30, sheet.rows.length); r++) {
    const col: Partial<Record<ActualsField, number>> = {};
    (sheet.rows[r] ?? []).forEach((c, i) => {
      if (sheet.hiddenCols.has(i)) return;
      const f = classifyActualsHeader(c.text);
      if (f && f !== 'ignore' && col[f] === undefined) col[f] = i;
    });
    const n = Object.keys(col).length;
    if (col.period !== undefined && n >= 2) return { headerRow: r, col };
  }
  return null;
}

const blank = (row: Cell[] | undefined) => !row || row.every((c) => (c?.text ?? '').trim() === '');

/** Read an actuals file; refuses (ApiError 'unreadable') a file with no recognisable header. Pure over its inputs. */
export function previewActuals(bytes: Uint8Array, fileName: string, opts: ActualsOptions, onProgress?: (done: number, total: number) => void): ActualsPreview {
  const wb = readWorkbook(bytes, fileName);
  // Progress in file rows (every 1,000 and at the end): a host shows it, a test looks for a lock meanwhile.
  const total = wb.sheets.reduce((n, s) => n + s.rows.length, 0);
  let done = 0;
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const usage: UsageRow[] = [], spend: SpendRow[] = [], rejected: ActualsRejected[] = [];
  const pools = new Set(opts.pools);
  const seenUsage = new Map<string, number>(), seenSpend = new Map<string, number>();
  let anySheet = false;
  for (const sheet of wb.sheets) {
    const offset = done;
    done += sheet.rows.length;
    const layout = findLayout(sheet);
    if (!layout) continue;
    anySheet = true;
    const sh = sheet.name === null ? {} : { sheet: sheet.name };
    const { col } = layout;
    const at = (row: Cell[], f: ActualsField) => (col[f] === undefined ? undefined : row[col[f] as number]);
    for (let r = layout.headerRow + 1; r < sheet.rows.length; r++) {
      if (onProgress && (offset + r) % 1000 === 0) onProgress(offset + r, total);
      const cells = sheet.rows[r];
      if (blank(cells)) continue;
      const rowNo = r + 1;
      const reject = (reason: ActualsReason, detail: string) => { rejected.push({ row: rowNo, ...sh, reason, detail }); };
      const period = parsePeriod(at(cells, 'period'), wb.date1904);
      if (period === null || period === 'bad') { reject('bad_date', `"${at(cells, 'period')?.text ?? ''}" is not a month (YYYY-MM) or a date`); continue; }
      const poolText = nfkc(at(cells, 'pool')?.text ?? '').trim();
      if (poolText !== '' && !pools.has(poolText)) { reject('unknown_pool', `pool "${poolText}" is not in the scenario (pools: ${[...pools].join(', ')})`); continue; }
      const nums: Partial<Record<(typeof NUM_FIELDS)[number], number | null>> = {};
      let bad: { f: string; reason: 'not_a_number' | 'negative_value' } | null = null;
      for (const f of NUM_FIELDS) {
        const q = parseQuantity(at(cells, f));
        if (!q.ok) { bad = { f, reason: q.reason }; break; }
        nums[f] = q.value;
      }
      if (bad) { reject(bad.reason, `${bad.f}: "${at(cells, bad.f as ActualsField)?.text ?? ''}" ${bad.reason === 'negative_value' ? 'is negative' : 'is not a number'}`); continue; }
      const flag = parseFlag(at(cells, 'overloaded'));
      if (flag === 'bad') { reject('bad_flag', `overloaded: "${at(cells, 'overloaded')?.text ?? ''}" is not yes/no (是/否)`); continue; }
      // Spend on the same row: category + amount (+ currency).
      const catText = nfkc(at(cells, 'category')?.text ?? '').trim();
      const amtCell = at(cells, 'amount');
      const hasAmount = (amtCell?.text ?? '').trim() !== '';
      let spendRow: SpendRow | null = null;
      if (hasAmount) {
        if (!catText) { reject('no_category', 'a spend amount needs a category (e.g. gpu, cloud, power, staff)'); continue; }
        const money = amtCell?.num !== undefined ? moneyFromNumber(amtCell.num, amtCell.fmt ?? '') : parseMoney(amtCell?.text ?? '');
        if (!money.ok) {
          if (money.reason === 'no_price') { /* zero spend */ } else { reject(money.reason === 'negative_price' ? 'negative_value' : money.reason === 'unknown_currency' ? 'unknown_currency' : 'not_a_number', `amount: "${amtCell?.text ?? ''}" is not an amount`); continue; }
        }
        const curText = (at(cells, 'currency')?.text ?? '').trim();
        const cur = curText ? currencyIn(curText, true) : (money.ok ? money.currency : null) ?? opts.currency;
        if (!cur) { reject('unknown_currency', `currency: "${curText}" is not an ISO currency code`); continue; }
        spendRow = { row: rowNo, ...sh, month: period.slice(0, 7), category: catText.toLowerCase(), amount: money.ok ? minimal(new Decimal(money.value)) : '0', currency: cur };
      }
      const hasUsage = NUM_FIELDS.some((f) => nums[f] !== null && nums[f] !== undefined) || flag !== null;
      if (!hasUsage && !spendRow) { reject('no_values', 'the row has a date but no usage figure or spend'); continue; }
      if (hasUsage) {
        const key = `${poolText}|${period}`;
        const prev = seenUsage.get(key);
        if (prev !== undefined) { reject('duplicate', `${period}${poolText ? ` pool ${poolText}` : ''} is already given on row ${prev}`); continue; }
        seenUsage.set(key, rowNo);
        usage.push({
          row: rowNo, ...sh, pool: poolText, period,
          users: nums.users ?? null, daily_active_users: nums.daily_active_users ?? null, requests: nums.requests ?? null,
          input_tokens: nums.input_tokens ?? null, output_tokens: nums.output_tokens ?? null,
          peak_requests_per_s: nums.peak_requests_per_s ?? null, peak_tokens_per_s: nums.peak_tokens_per_s ?? null,
          overloaded: flag, overload_minutes: nums.overload_minutes ?? null,
        });
      }
      if (spendRow) {
        const key = `${spendRow.month}|${spendRow.category}`;
        const prev = seenSpend.get(key);
        if (prev !== undefined) { reject('duplicate', `spend ${spendRow.month} ${spendRow.category} is already given on row ${prev}`); continue; }
        seenSpend.set(key, rowNo);
        spend.push(spendRow);
      }
    }
  }
  onProgress?.(total, total);
  if (!anySheet) throw new ApiError('unreadable', `${fileName}: no header row with a date/month column and a usage or spend column was found (e.g. "month, requests, output tokens" or "月份, 请求数, 输出token")`);
  return { file_name: fileName, sha256, usage, spend, rejected };
}
