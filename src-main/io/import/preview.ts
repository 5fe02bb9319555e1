// parse → map → preview: one pure pass over a file's bytes that says, row by row, what
// would be imported and what is rejected and why. The CLI's --dry-run, the wizard's
// preview and the real commit all run this same function (commit then writes its items).
import { createHash } from 'node:crypto';
import { readWorkbook, type Cell, type Sheet, type Workbook } from './read.js';
import { detectLayout, type ImportMapping, type SheetLayout } from './mapping.js';
import { GpuMatcher, looksLikeGpu, nameTokens, type ImportCatalog } from './gpu-match.js';
import {
  currencyIn, excelSerialToDate, findDates, moneyFromNumber, nfkc, parseCount, parseDate, parseLeadTime, parseMoney,
  taxFlagIn, ISO_CURRENCIES, type MoneyResult,
} from './values.js';
import { ApiError } from '../../shared/errors.js';

export type ItemKind = 'gpu' | 'server' | 'cloud_hour' | 'lease_month';

/** Reason words, in the order that decides which one a row gets (samples/README.md). */
export const REASONS = [
  'column_count', 'summary_row', 'not_a_gpu', 'unknown_gpu', 'no_price', 'not_a_number', 'negative_price',
  'unknown_currency', 'bad_quantity', 'bad_date', 'duplicate',
] as const;
export type Reason = (typeof REASONS)[number];

export interface PreviewItem {
  row: number;
  sheet?: string;
  gpu_id: string;
  kind: ItemKind;
  gpus_per_unit: number;
  unit_price: string;
  currency: string;
  tax_included: boolean | null;
  lead_time_weeks: number | null;
  valid_from: string | null;
  min_qty: number | null;
  /** The row's cells as written, joined by " | " (provenance). */
  source_text: string;
  /** The alias that matched, and whether it came from the catalog or the user. */
  alias: string;
  via: 'catalog' | 'user_alias';
}

export interface PreviewRejected {
  row: number;
  sheet?: string;
  reason: Reason;
  /** Why, in words (for the CLI's human output and the wizard). */
  detail: string;
  /** The part name text (model + description), for the alias prompt. */
  text: string;
  /** unknown_gpu: the closest catalog entries to confirm as an alias. */
  suggestions?: string[];
}

export interface PreviewSheet {
  name: string | null;
  /** 1-based first header row, and how many rows the header spans; null = no header found. */
  header_row: number | null;
  header_rows: number;
  columns: { index: number; letter: string; header: string; field: string | null; hidden: boolean }[];
  title: string[];
  kind: ItemKind | null;
  currency: string | null;
  valid_from: string | null;
}

export interface ImportPreview {
  file_name: string;
  sha256: string;
  bytes: number;
  format: 'csv' | 'xlsx' | 'xls';
  encoding: string | null;
  delimiter: string | null;
  decimal_comma: boolean;
  sheets: PreviewSheet[];
  items: PreviewItem[];
  rejected: PreviewRejected[];
  /** The list's validity start: the earliest item date, else null. */
  valid_from: string | null;
  /** A vendor name guessed from the title block's first line (the caller may override). */
  vendor_guess: string | null;
}

export interface PreviewOptions {
  mapping?: ImportMapping;
  /** Called every few thousand rows (UI progress bar). */
  onProgress?: (done: number, total: number) => void;
}

const SUMMARY_FIRST = /^\s*[gstGSTｇｓｔＧＳＴ合小总]/;
const SUMMARY = /^(grand\s*total|sub\s*-?\s*total|total|合\s*计|小\s*计|总\s*计|总\s*价\s*合\s*计)\s*([:：(（].*)?$/i;
const SERVER_WORDS = /server|服务器|platform|(?<![a-z])system|(?<![a-z])node(?![a-z])|整机|(?<![a-z])hgx|(?<![a-z])dgx|workstation|工作站|appliance|一体机|(?<![a-z])box(?![a-z])/i;
const HOUR_WORDS = /per\s*(instance[-\s]*)?h(ou)?r|hourly|\/\s*h(ou)?r(?![a-z])|\/\s*h(?![a-z])|instance[-\s]*hour|gpu[-\s]*hour|每小时|小时|\/\s*时|时租|按时/i;
const MONTH_WORDS = /monthly|per\s*month|\/\s*mo(nth)?(?![a-z])|每月|月租|\/\s*月|按月|月付/i;
const GPUISH = /^(gpus?|cards?|卡|oam|npus?|modules?|加速卡|显卡|gpu卡)$/;

/** The row's visible cells as written, joined by " | " (what an item keeps as provenance). */
function sourceText(row: Cell[], hidden: Set<number>): string {
  let out = '';
  for (let i = 0; i < row.length; i++) {
    if (hidden.has(i)) continue;
    const t = row[i].text.trim();
    if (t) out = out ? `${out} | ${t}` : t;
  }
  return out;
}

const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Kind from price-header words, then the title block. */
function kindFrom(texts: string[]): ItemKind | null {
  for (const t of texts) {
    const s = nfkc(t);
    if (HOUR_WORDS.test(s)) return 'cloud_hour';
    if (MONTH_WORDS.test(s)) return 'lease_month';
  }
  return null;
}

/** Validity start and quote date named in title lines. */
function titleDates(lines: string[], dayFirst: boolean): { validity: string | null; quote: string | null } {
  let validity: string | null = null;
  let quote: string | null = null;
  for (const line of lines) {
    const s = nfkc(line);
    let prevEnd = 0;
    for (const d of findDates(s, dayFirst)) {
      const before = s.slice(Math.max(prevEnd, d.index - 40), d.index).toLowerCase();
      const after = s.slice(d.end, d.end + 4);
      prevEnd = d.end;
      if (d.date === 'bad') continue;
      if (/(until|through|thru|expires?|expiry|to|till|至|截止|止)\s*[:：]?\s*$/.test(before)) continue;
      if (/valid|effective|生效|有效期|起始|from\s*[:：]?\s*$/.test(before) || /^\s*(起|开始|生效)/.test(after)) { validity ??= d.date; continue; }
      if (/quot|offer|报价|日期|date|dated|issued|as\s*of/.test(before)) { quote ??= d.date; continue; }
    }
  }
  return { validity, quote };
}

/** GPUs per unit written in the text: `8-GPU`, `8卡`, `8×910B`, `96GB ×8`; null if none. */
export function gpuCountInText(text: string, aliasTokens: string[], memoryGb: number | null): number | null {
  const s = nfkc(text).toLowerCase();
  const a = /(?<![\w.])(\d{1,3})\s*[-–]?\s*(?:x\s*)?(gpus?|卡|oam|npus?|cards?)(?![a-z])/.exec(s);
  if (a && Number(a[1]) > 0) return Number(a[1]);
  const alias = new Set(aliasTokens);
  const relevant = (word: string) => {
    const toks = nameTokens(word);
    return toks.some((t) => alias.has(t) || GPUISH.test(t) || (memoryGb !== null && t === `${memoryGb}gb`));
  };
  // N× before a GPU word: `8×910B`, `8x H100`, `8×昇腾910B` (not `2x 56-core CPU`, `8x NDR`).
  for (const m of s.matchAll(/(?<![\w.])(\d{1,3})\s*[x×*]\s*([^\s,，;；()（）]+)/g)) {
    if (Number(m[1]) > 0 && relevant(m[2])) return Number(m[1]);
  }
  // ×N right after the GPU name or its memory: `H20 96GB ×8`.
  for (const m of s.matchAll(/([^\s,，;；()（）]+)\s*[x×*]\s*(\d{1,3})(?![\d.])/g)) {
    if (Number(m[2]) > 0 && relevant(m[1])) return Number(m[2]);
  }
  if (/单卡|single\s*(gpu|card)/.test(s)) return 1;
  return null;
}

interface SheetContext {
  sheet: Sheet;
  layout: SheetLayout;
  title: string[];
  kind: ItemKind | null;
  titleCurrency: string | null;
  headerCurrency: string | null;
  wanHeader: boolean;
  headerTax: boolean | null;
  titleTax: boolean | null;
  validity: string | null;
  quoteDate: string | null;
  leadUnit: 'weeks' | 'days' | 'months';
  dayFirst: boolean;
  date1904: boolean;
}

function cellAt(row: Cell[] | undefined, c: number | undefined): Cell | undefined {
  return c === undefined || !row ? undefined : row[c];
}

function countDecimalStyle(ctxs: { sheet: Sheet; layout: SheetLayout }[]): { eu: number; us: number } {
  let eu = 0, us = 0;
  for (const { sheet, layout } of ctxs) {
    const cols = [...(layout.use.unit_price ?? []), ...(layout.use.price_per_gpu ?? [])];
    const end = Math.min(sheet.rows.length, layout.headerRow + layout.headerRows + 2000);
    for (let r = layout.headerRow + layout.headerRows; r < end; r++) {
      for (const c of cols) {
        const cell = sheet.rows[r]?.[c];
        if (!cell || cell.num !== undefined) continue;
        const t = nfkc(cell.text);
        if (/\d\.\d{3},\d|\d,\d{1,2}(?!\d)/.test(t)) eu++;
        else if (/\d,\d{3}\.\d|\d\.\d{1,2}(?!\d)/.test(t)) us++;
      }
    }
  }
  return { eu, us };
}

/**
 * The one pipeline (parse → map → preview). Pure over its inputs: the same bytes, catalog
 * and options always give the same preview. Throws ApiError('unreadable') for a file that
 * cannot be read or in which no sheet has a header; rows never throw.
 */
export function previewImport(bytes: Uint8Array, fileName: string, catalog: ImportCatalog, opts: PreviewOptions = {}): ImportPreview {
  const wb: Workbook = readWorkbook(bytes, fileName);
  return previewWorkbook(wb, bytes, fileName, catalog, opts);
}

/** The same pipeline, sync: runs previewSteps to the end. */
export function previewWorkbook(wb: Workbook, bytes: Uint8Array, fileName: string, catalog: ImportCatalog, opts: PreviewOptions = {}): ImportPreview {
  const steps = previewSteps(wb, bytes, fileName, catalog, opts);
  for (;;) { const r = steps.next(); if (r.done) return r.value; }
}

/**
 * The same pipeline again, giving the event loop a turn every few thousand rows so a host
 * can answer progress polls and a cancel (AbortSignal → ApiError 'cancelled') lands.
 */
export async function previewImportAsync(bytes: Uint8Array, fileName: string, catalog: ImportCatalog, opts: PreviewOptions & { signal?: AbortSignal } = {}): Promise<ImportPreview> {
  const wb: Workbook = readWorkbook(bytes, fileName);
  const steps = previewSteps(wb, bytes, fileName, catalog, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((res) => setImmediate(res));
    if (opts.signal?.aborted) throw new ApiError('cancelled', 'import cancelled; nothing was written');
  }
}

const CHUNK = 2000;

/** Generator form of the pipeline: yields after every CHUNK rows, returns the preview. */
export function* previewSteps(wb: Workbook, bytes: Uint8Array, fileName: string, catalog: ImportCatalog, opts: PreviewOptions = {}): Generator<number, ImportPreview, void> {
  const mapping = opts.mapping;
  const matcher = new GpuMatcher(catalog);
  const laid: { sheet: Sheet; layout: SheetLayout | null }[] = wb.sheets.map((sheet) => ({ sheet, layout: detectLayout(sheet, mapping) }));
  const withHeader = laid.filter((x): x is { sheet: Sheet; layout: SheetLayout } => x.layout !== null);
  if (!withHeader.length) {
    throw new ApiError('unreadable', wb.sheets.length > 1
      ? 'no sheet in the file has a header row with a price column and a part/description column'
      : 'the file has no header row with a price column and a part/description column (use --mapping to name the columns)');
  }
  const style = countDecimalStyle(withHeader);
  const decimalComma = mapping?.decimal_comma ?? (style.eu > style.us || (style.eu === style.us && wb.delimiter === ';'));
  const dayFirst = decimalComma;

  const sheets: PreviewSheet[] = [];
  const contexts: SheetContext[] = [];
  for (const { sheet, layout } of laid) {
    if (!layout) {
      sheets.push({ name: sheet.name, header_row: null, header_rows: 0, columns: [], title: [], kind: null, currency: null, valid_from: null });
      continue;
    }
    const title = sheet.rows.slice(0, layout.headerRow)
      .map((row) => row.map((c, i) => (sheet.hiddenCols.has(i) ? '' : c.text.trim())).filter(Boolean).join(' '))
      .filter(Boolean);
    const priceCol = (layout.use.unit_price ?? layout.use.price_per_gpu)![0];
    const priceHeader = layout.columns[priceCol]?.header ?? '';
    const titleText = title.join('\n');
    const { validity, quote } = titleDates(title, dayFirst);
    const leadHeader = layout.use.lead_time ? layout.columns[layout.use.lead_time[0]].header : '';
    const ctx: SheetContext = {
      sheet, layout, title,
      kind: mapping?.kind ?? kindFrom([priceHeader, ...title]),
      titleCurrency: currencyIn(titleText, true),
      headerCurrency: currencyIn(priceHeader, true),
      wanHeader: /万元|\(万\)|（万）|万\s*$/.test(nfkc(priceHeader)),
      headerTax: taxFlagIn(priceHeader),
      titleTax: taxFlagIn(titleText),
      validity, quoteDate: quote,
      leadUnit: /day|天|日/i.test(leadHeader) ? 'days' : /month|月/i.test(leadHeader) ? 'months' : 'weeks',
      dayFirst,
      date1904: wb.date1904,
    };
    contexts.push(ctx);
    sheets.push({
      name: sheet.name,
      header_row: layout.headerRow + 1,
      header_rows: layout.headerRows,
      columns: layout.columns.map((c) => ({ index: c.index, letter: c.letter, header: c.header, field: c.field, hidden: c.hidden })),
      title,
      kind: ctx.kind,
      currency: mapping?.currency?.toUpperCase() ?? ctx.headerCurrency ?? ctx.titleCurrency,
      valid_from: validity ?? quote,
    });
  }

  const items: PreviewItem[] = [];
  const rejected: PreviewRejected[] = [];
  const seen = new Set<string>();
  const countCache = new Map<string, number | null>();
  const total = contexts.reduce((n, c) => n + Math.max(0, c.sheet.rows.length - c.layout.headerRow - c.layout.headerRows), 0);
  let done = 0;
  for (const ctx of contexts) {
    const { sheet, layout } = ctx;
    const sheetName = sheet.name ?? undefined;
    const u = layout.use;
    const nameCols = [...(u.model ?? []), ...(u.description ?? [])];
    for (let r = layout.headerRow + layout.headerRows; r < sheet.rows.length; r++) {
      done++;
      if (done % CHUNK === 0) { opts.onProgress?.(done, total); yield done; }
      const row = sheet.rows[r];
      let filled = 0;
      let lastFilled = -1;
      for (let c = 0; c < row.length; c++) {
        if (sheet.hiddenCols.has(c)) continue;
        if (row[c].text.trim() !== '') { filled++; lastFilled = c; }
      }
      if (filled < 2) continue; // blank rows, section headings, footnotes: not data
      const rowNo = r + 1;
      let text = '';
      for (const c of nameCols) { const t = row[c]?.text.trim(); if (t) text = text ? `${text} ${t}` : t; }
      const reject = (reason: Reason, detail: string, suggestions?: string[]) => {
        rejected.push({ row: rowNo, ...(sheetName !== undefined ? { sheet: sheetName } : {}), reason, detail, text, ...(suggestions ? { suggestions } : {}) });
      };
      if (lastFilled > layout.width) { reject('column_count', `the row has ${lastFilled + 1} cells but the header has ${layout.width + 1}`); continue; }
      if (row.some((c, i) => c.text.length < 40 && SUMMARY_FIRST.test(c.text) && !sheet.hiddenCols.has(i) && SUMMARY.test(nfkc(c.text).trim()))) {
        reject('summary_row', 'a subtotal/total row');
        continue;
      }

      // GPU count column: 0 means no accelerator at all.
      const countCell = cellAt(row, u.gpus?.[0]);
      const countParsed = countCell ? (countCell.num !== undefined ? parseCount(String(countCell.num)) : parseCount(countCell.text)) : null;
      if (countParsed && !countParsed.ok && countParsed.zero) { reject('not_a_gpu', 'the GPU count is 0'); continue; }
      const m = matcher.match(text);
      if (!m || 'ambiguous' in m) {
        if (!m && !looksLikeGpu(text)) { reject('not_a_gpu', 'no accelerator in this row'); continue; }
        const sugg = m && 'ambiguous' in m ? m.ambiguous : matcher.suggest(text);
        reject('unknown_gpu', m ? `"${text}" could be ${m.ambiguous.join(' or ')}` : `"${text}" is not a GPU in the catalog`, sugg);
        continue;
      }
      const gpu = matcher.gpu(m.gpu_id)!;

      // Price: the unit price column, else the per-GPU one.
      const priceCol = u.unit_price?.[0] ?? u.price_per_gpu![0];
      const perGpuOnly = u.unit_price === undefined;
      const priceCell = cellAt(row, priceCol) ?? { text: '' };
      const mopts = { decimalComma, wanHeader: ctx.wanHeader };
      const money: MoneyResult = priceCell.num !== undefined && !priceCell.isDate
        ? moneyFromNumber(priceCell.num, priceCell.fmt, mopts)
        : parseMoney(priceCell.text, mopts);
      if (!money.ok) {
        const words: Record<string, string> = {
          no_price: `no price ("${priceCell.text.trim()}")`, not_a_number: `the price "${priceCell.text.trim()}" is not a number`,
          negative_price: `the price "${priceCell.text.trim()}" is negative`, unknown_currency: `the price "${priceCell.text.trim()}" is in a currency Headroom does not know`,
        };
        reject(money.reason, words[money.reason]);
        continue;
      }
      let currency = money.currency;
      if (!currency && u.currency) {
        const t = cellAt(row, u.currency[0])?.text.trim() ?? '';
        if (t) {
          currency = currencyIn(t);
          if (!currency) { reject('unknown_currency', `unknown currency "${t}"`); continue; }
        }
      }
      currency ??= mapping?.currency?.toUpperCase() ?? ctx.headerCurrency ?? ctx.titleCurrency;
      if (!currency || !ISO_CURRENCIES.has(currency)) { reject('unknown_currency', 'the file does not say which currency this price is in'); continue; }

      // Quantities.
      let gpus: number | null = null;
      if (countCell && countCell.text.trim() !== '') {
        if (!countParsed || !countParsed.ok) { reject('bad_quantity', `GPU count "${countCell.text.trim()}" is not a whole number`); continue; }
        gpus = countParsed.value;
      }
      const qtyCheck = (col: number | undefined, what: string): number | null | 'bad' => {
        const cell = cellAt(row, col);
        if (!cell || cell.text.trim() === '') return null;
        const p = cell.num !== undefined ? parseCount(String(cell.num)) : parseCount(cell.text);
        if (!p || !p.ok) { reject('bad_quantity', `${what} "${cell.text.trim()}" must be a whole number above 0`); return 'bad'; }
        return p.value;
      };
      const qty = qtyCheck(u.qty?.[0], 'quantity');
      if (qty === 'bad') continue;
      const moq = qtyCheck(u.min_qty?.[0], 'minimum quantity');
      if (moq === 'bad') continue;

      // Dates: the row's own, else the title's validity start, else its quote date.
      let validFrom: string | null = null;
      const dcell = cellAt(row, u.valid_from?.[0]);
      if (dcell && dcell.text.trim() !== '') {
        const d = dcell.num !== undefined ? excelSerialToDate(dcell.num, ctx.date1904) : parseDate(dcell.text, ctx.dayFirst);
        if (d === 'bad') { reject('bad_date', `"${dcell.text.trim()}" is not a valid date`); continue; }
        validFrom = d;
      }
      validFrom ??= ctx.validity ?? ctx.quoteDate;

      // Kind and GPUs per unit.
      const countKey = `${m.gpu_id}\u0001${text}`;
      let textCount = countCache.get(countKey);
      if (textCount === undefined) {
        textCount = gpuCountInText(text, matcher.gpuTokens(m.gpu_id), Math.round(gpu.memory_gb));
        if (countCache.size > 50_000) countCache.clear();
        countCache.set(countKey, textCount);
      }
      const serverish = SERVER_WORDS.test(nfkc(text));
      let kind: ItemKind;
      let perUnit: number;
      if (ctx.kind === 'cloud_hour' || ctx.kind === 'lease_month') {
        kind = ctx.kind;
        perUnit = perGpuOnly ? 1 : (gpus ?? textCount ?? 1);
      } else {
        perUnit = gpus ?? textCount ?? (serverish ? (/(?<![a-z])[hd]gx|atlas/i.test(text) ? 8 : 0) : 1);
        if (perUnit === 0) { reject('bad_quantity', 'a server whose GPU count the file does not give (add a GPU-count column)'); continue; }
        kind = ctx.kind === 'gpu' || ctx.kind === 'server' ? ctx.kind : (perUnit > 1 || serverish ? 'server' : 'gpu');
      }
      const lead = u.lead_time ? parseLeadTime(cellAt(row, u.lead_time[0])?.text ?? '', ctx.leadUnit) : null;
      const item: PreviewItem = {
        row: rowNo,
        ...(sheetName !== undefined ? { sheet: sheetName } : {}),
        gpu_id: m.gpu_id,
        kind,
        gpus_per_unit: perUnit,
        unit_price: money.value,
        currency,
        tax_included: money.tax ?? ctx.headerTax ?? ctx.titleTax,
        lead_time_weeks: lead,
        valid_from: validFrom,
        min_qty: moq ?? qty,
        source_text: sourceText(row, sheet.hiddenCols),
        alias: m.alias,
        via: m.via,
      };
      // unit_price is already in minimal form, so equal decimals are equal strings.
      const key = [item.gpu_id, item.kind, item.gpus_per_unit, item.unit_price, item.currency, item.valid_from, item.lead_time_weeks, item.min_qty].join('\u0001');
      if (seen.has(key)) { reject('duplicate', 'the same item, price, date, lead time and quantity as an earlier row'); continue; }
      seen.add(key);
      items.push(item);
    }
  }
  opts.onProgress?.(total, total);
  const dates = items.map((i) => i.valid_from).filter((d): d is string => d !== null).sort();
  const first = contexts[0]?.title[0] ?? null;
  return {
    file_name: fileName,
    sha256: sha256Hex(bytes),
    bytes: bytes.length,
    format: wb.format,
    encoding: wb.encoding ?? null,
    delimiter: wb.delimiter ?? null,
    decimal_comma: decimalComma,
    sheets,
    items,
    rejected,
    valid_from: dates[0] ?? null,
    vendor_guess: first ? first.split(/\s+[—–-]\s+|[,，·|]/)[0].trim().slice(0, 80) || null : null,
  };
}
