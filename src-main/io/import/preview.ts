// parse → map → preview: one pure pass over a file's bytes that says, row by row, what
// would be imported and what is rejected and why. The CLI's --dry-run, the wizard's
// preview and the real commit all run this same function (commit then writes its items).
import { importMsg, type ImportText } from '../../shared/import-messages.js';
import { createHash } from 'node:crypto';
import { readWorkbook, type Cell, type Sheet, type Workbook } from './read.js';
import { detectLayout, squash, type ImportMapping, type Preset, type SheetLayout } from './mapping.js';
import { CLOUD_ROWS, type PresetRow } from './cloud-presets.js';
import { GpuMatcher, looksLikeGpu, nameTokens, type ImportCatalog, type MatchHints } from './gpu-match.js';
import {
  currencyIn, excelSerialToDate, findDates, moneyFromNumber, nfkc, parseCount, parseDate, parseLeadTime, parseMoney,
  taxFlagIn, ISO_CURRENCIES, type MoneyResult,
} from './values.js';
import { ApiError } from '../../shared/errors.js';

export type ItemKind = 'gpu' | 'server' | 'cloud_hour' | 'lease_month';

/** Reason words, in the order that decides which one a row gets (samples/README.md). */
export const REASONS = [
  'column_count', 'summary_row', 'not_a_gpu', 'unknown_gpu', 'no_price', 'not_a_number', 'negative_price',
  'unknown_currency', 'unknown_kind', 'other_term', 'other_offer', 'bad_quantity', 'bad_date', 'duplicate', 'spot_kept',
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
  /** Cloud region the price is for (a catalog's Region column), else null. */
  region: string | null;
  /** The spot/preemptible price of the same unit, kept beside the on-demand one (null if none). */
  spot_price: string | null;
}

export interface PreviewRejected {
  row: number;
  sheet?: string;
  reason: Reason;
  /** Why, in words (for the CLI's human output and the wizard): always a message of shared/import-messages.ts. */
  detail: ImportText;
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
  /** The known layout applied to this sheet (e.g. `skypilot`), else null. */
  preset: Preset | null;
  /**
   * Why the sheet's prices are of that kind: `mapping`, `header`/`title` (hourly or monthly
   * words), `preset`, `shape` (instance type + GPU count + price columns), `purchase` (quote
   * columns: quantity, lead time, unit price…: gpu/server by row), or null when nothing says it:
   * its rows are then rejected as `unknown_kind` and the wizard asks (mapping `kind`).
   */
  kind_source: 'mapping' | 'header' | 'title' | 'preset' | 'shape' | 'purchase' | null;
  /** Set when the currency was not in the file: the default used and why. */
  currency_assumed: { currency: string; note: ImportText } | null;
}

export interface ImportPreview {
  file_name: string;
  sha256: string;
  bytes: number;
  format: 'csv' | 'xlsx' | 'xls' | 'json';
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
  /** The known layout applied (first sheet that has one), else null. */
  preset: Preset | null;
  /** What the import assumed, in words (preset, currency default, kind): kept as the list's provenance. */
  assumptions: string[];
}

export interface PreviewOptions {
  mapping?: ImportMapping;
  /** The vendor's usual currency (a setting), used only when the file names none. */
  vendorCurrency?: { vendor: string; currency: string };
  /** Called every few thousand rows (UI progress bar). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Called once, after the first rows of a long file are read, with a preview of just those rows
   * (each final: later rows never change an earlier row's outcome), so a wizard can show them while
   * the rest is read. Not called for short files or cloud exports (their spot rows are re-ordered
   * once a sheet is read).
   */
  onEarly?: (early: ImportPreview, done: number, total: number) => void;
}

const SUMMARY_FIRST = /^\s*[gstGSTｇｓｔＧＳＴ合小总]/;
const SUMMARY = /^(grand\s*total|sub\s*-?\s*total|total|合\s*计|小\s*计|总\s*计|总\s*价\s*合\s*计)\s*([:：(（].*)?$/i;
const SERVER_WORDS = /server|服务器|platform|(?<![a-z])system|(?<![a-z])node(?![a-z])|整机|(?<![a-z])hgx|(?<![a-z])dgx|workstation|工作站|appliance|一体机|(?<![a-z])box(?![a-z])/i;
const HOUR_WORDS = /per\s*(instance[-\s]*)?h(ou)?r|hourly|\/\s*h(ou)?r(?![a-z])|\/\s*h(?![a-z])|instance[-\s]*hour|gpu[-\s]*hour|每小时|小时|\/\s*时|时租|按时/i;
const MONTH_WORDS = /monthly|per\s*month|\/\s*mo(nth)?(?![a-z])|每月|月租|\/\s*月|按月|月付/i;
/** Header or title words of a purchase quote (so a kind-less sheet is a purchase, by row). */
const PURCHASE_WORDS = /unit\s*price|单价|purchase|(?<![a-z])buy|售价|quot(e|ation)|(?<![a-z])offer|proposal|报价|采购|pro\s*-?\s*forma|invoice|含税|不含税|excl|incl|msrp|list\s*price/i;
/** Currency a preset's catalogs are written in when the file has no currency column (why: shared/import-messages.ts currency_<preset>). */
const PRESET_CURRENCY: Record<Preset, { currency: string }> = {
  skypilot: { currency: 'USD' }, aws: { currency: 'USD' }, azure: { currency: 'USD' }, gcp: { currency: 'USD' },
};

/** GPU memory a cell states, in GB: GpuInfo's `SizeInMiB` (per GPU), else a size with its unit; total ÷ GPUs too. */
export function gpuMemoryIn(text: string, gpus: number | null): number[] {
  const s = nfkc(text);
  const mib = /SizeInMiB['"]?\s*[:=]\s*(\d+(?:\.\d+)?)/i.exec(s);
  // Some catalogs write GB under the MiB key (`'SizeInMiB': 80` for an 80 GB A100): no GPU has under 1 GiB.
  if (mib) return [Number(mib[1]) < 1024 ? Number(mib[1]) : Number(mib[1]) / 1024];
  const m = /(\d+(?:\.\d+)?)\s*(gib|gb|g|mib|mb|tib|tb)?(?![a-z])/i.exec(s);
  if (!m) return [];
  const unit = (m[2] ?? 'gb').toLowerCase();
  const v = Number(m[1]) * (unit.startsWith('m') ? 1 / 1024 : unit.startsWith('t') ? 1000 : 1);
  if (!(v > 0)) return [];
  return gpus && gpus > 1 ? [v, v / gpus] : [v];
}

/**
 * A cloud export's region: a list of regions (GCP's geo taxonomy "us-central1, us-east1") is kept as
 * "us-central1/us-east1" (a region of several parts, engine/procure/regions.ts); when it does not fit,
 * or the file has no region column, the place the SKU names ("running in Americas"). Null outside presets.
 */
function cloudRegion(cell: string, cloud: { region?: string } | null): string | null {
  if (!cloud) return null;
  const joined = cell.split(/\s*[,;]\s*/).filter(Boolean).join('/');
  return (joined && joined.length <= 64 ? joined : cloud.region?.slice(0, 64)) || null;
}

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

/** What the import assumed, in words, once per distinct statement (the stored list's provenance). */
function assumptionsOf(sheets: PreviewSheet[], rejected: PreviewRejected[]): string[] {
  const out = new Set<string>();
  for (const sh of sheets) {
    const where = sh.name !== null && sheets.length > 1 ? `${sh.name}: ` : '';
    // Only catalogue messages (shared/import-messages.ts), after the sheet's name.
    const say = (m: ImportText) => out.add(`${where}${m}`);
    if (sh.preset) say(importMsg(`layout_${sh.preset}`));
    if (sh.currency_assumed) say(sh.currency_assumed.note);
    if (sh.kind_source === 'preset' || sh.kind_source === 'shape') say(importMsg(sh.kind_source === 'preset' ? 'kind_preset' : 'kind_shape'));
  }
  const unknownKind = rejected.filter((r) => r.reason === 'unknown_kind').length;
  if (unknownKind) out.add(importMsg('unknown_kind_rows', { count: unknownKind }));
  return [...out];
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
  kindSource: PreviewSheet['kind_source'];
  defaultCurrency: { currency: string; note: ImportText } | null;
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
      sheets.push({ name: sheet.name, header_row: null, header_rows: 0, columns: [], title: [], kind: null, currency: null, valid_from: null, preset: null, kind_source: null, currency_assumed: null });
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
    // Kind: said by the mapping, by hourly/monthly words, by a known layout or the file's shape
    // (instance type + GPU count + price), or a purchase quote's columns; else unknown (asked).
    const u = layout.use;
    const headerKind = kindFrom([priceHeader]);
    const titleKind = headerKind ? null : kindFrom(title);
    let kind: ItemKind | null = mapping?.kind ?? headerKind ?? titleKind;
    let kindSource: PreviewSheet['kind_source'] = mapping?.kind ? 'mapping' : headerKind ? 'header' : titleKind ? 'title' : null;
    if (!kind && layout.preset) { kind = 'cloud_hour'; kindSource = 'preset'; }
    else if (!kind && u.instance && u.gpus && !u.qty && !u.lead_time) { kind = 'cloud_hour'; kindSource = 'shape'; }
    else if (!kind) {
      const purchase = !!(u.qty || u.min_qty || u.lead_time) || layout.columns.some((c) => c.field === 'extended')
        || PURCHASE_WORDS.test(nfkc(priceHeader)) || PURCHASE_WORDS.test(nfkc(titleText));
      if (purchase) kindSource = 'purchase';
    }
    // Currency the file does not state: the vendor's usual one (a setting), else the layout's.
    const fileCurrency = mapping?.currency?.toUpperCase() ?? currencyIn(priceHeader, true) ?? currencyIn(titleText, true);
    let defaultCurrency: SheetContext['defaultCurrency'] = null;
    if (!fileCurrency && !u.currency) {
      if (opts.vendorCurrency) defaultCurrency = { currency: opts.vendorCurrency.currency, note: importMsg('currency_vendor', { currency: opts.vendorCurrency.currency, vendor: opts.vendorCurrency.vendor }) };
      else if (layout.preset) defaultCurrency = { currency: PRESET_CURRENCY[layout.preset].currency, note: importMsg(`currency_${layout.preset}`, { currency: PRESET_CURRENCY[layout.preset].currency }) };
    }
    const ctx: SheetContext = {
      sheet, layout, title,
      kind, kindSource, defaultCurrency,
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
      currency: mapping?.currency?.toUpperCase() ?? ctx.headerCurrency ?? ctx.titleCurrency ?? defaultCurrency?.currency ?? null,
      valid_from: validity ?? quote,
      preset: layout.preset,
      kind_source: kindSource,
      currency_assumed: defaultCurrency,
    });
  }

  const items: PreviewItem[] = [];
  const rejected: PreviewRejected[] = [];
  const sha = sha256Hex(bytes);
  const result = (its: PreviewItem[], rej: PreviewRejected[]): ImportPreview => {
    const dates = its.map((i) => i.valid_from).filter((d): d is string => d !== null).sort();
    const first = contexts[0]?.title[0] ?? null;
    return {
      file_name: fileName,
      sha256: sha,
      bytes: bytes.length,
      format: wb.format,
      encoding: wb.encoding ?? null,
      delimiter: wb.delimiter ?? null,
      decimal_comma: decimalComma,
      sheets,
      items: its,
      rejected: rej,
      valid_from: dates[0] ?? null,
      vendor_guess: first ? first.split(/\s+[—–-]\s+|[,，·|]/)[0].trim().slice(0, 80) || null : null,
      preset: contexts.find((c) => c.layout.preset)?.layout.preset ?? null,
      assumptions: assumptionsOf(sheets, rej),
    };
  };
  const early = opts.onEarly && !contexts.some((c) => c.layout.preset) ? opts.onEarly : null;
  const seen = new Set<string>();
  const countCache = new Map<string, number | null>();
  const total = contexts.reduce((n, c) => n + Math.max(0, c.sheet.rows.length - c.layout.headerRow - c.layout.headerRows), 0);
  let done = 0;
  for (const ctx of contexts) {
    const { sheet, layout } = ctx;
    const sheetName = sheet.name ?? undefined;
    const u = layout.use;
    const nameCols = [...(u.model ?? []), ...(u.description ?? [])];
    // The instance type names the part only when nothing else does; otherwise it tells the form
    // factor and GPU count (`gpu_8x_a100_sxm4`) and never the memory (`1x_L4_28V_124G` is 124 GB of RAM).
    const instanceOnly = !nameCols.length && u.instance ? u.instance : null;
    const seenAt = new Map<string, number>();
    // A cloud price export's rows are read by column name (cloud-presets.ts).
    const rule = layout.preset && layout.preset !== 'skypilot' ? CLOUD_ROWS[layout.preset] : null;
    const colBy = new Map<string, number>();
    for (const col of layout.columns) { const k = squash(col.header); if (k && !colBy.has(k)) colBy.set(k, col.index); }
    // Spot rows of such an export, kept beside the on-demand price of the same offer once the sheet is read.
    const offerItem = new Map<string, PreviewItem>();
    const rejectedBefore = rejected.length;
    const spots: { row: number; key: string; price: string; text: string }[] = [];
    const memCache = new Map<string, number[]>();
    const memoryOf = (t: string, n: number | null): number[] => {
      const k = `${n ?? ''}\u0001${t}`;
      let v = memCache.get(k);
      if (!v) { v = gpuMemoryIn(t, n); if (memCache.size > 10_000) memCache.clear(); memCache.set(k, v); }
      return v;
    };
    for (let r = layout.headerRow + layout.headerRows; r < sheet.rows.length; r++) {
      done++;
      if (done % CHUNK === 0) {
        if (done === CHUNK && early && total > 2 * CHUNK) early(result(items.slice(), rejected.slice()), done, total);
        opts.onProgress?.(done, total);
        yield done;
      }
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
      for (const c of instanceOnly ?? nameCols) { const t = row[c]?.text.trim(); if (t) text = text ? `${text} ${t}` : t; }
      const instanceText = instanceOnly ? '' : (cellAt(row, u.instance?.[0])?.text.trim() ?? '');
      const reject = (reason: Reason, detail: ImportText, suggestions?: string[]) => {
        rejected.push({ row: rowNo, ...(sheetName !== undefined ? { sheet: sheetName } : {}), reason, detail, text, ...(suggestions ? { suggestions } : {}) });
      };
      if (lastFilled > layout.width) { reject('column_count', importMsg('column_count', { cells: lastFilled + 1, columns: layout.width + 1 })); continue; }
      if (row.some((c, i) => c.text.length < 40 && SUMMARY_FIRST.test(c.text) && !sheet.hiddenCols.has(i) && SUMMARY.test(nfkc(c.text).trim()))) {
        reject('summary_row', importMsg('summary_row'));
        continue;
      }
      let cloud: Exclude<PresetRow, { reject: unknown }> | null = null;
      if (rule) {
        const r = rule({ get: (name) => { const i = colBy.get(name); return i === undefined ? '' : (row[i]?.text ?? '').trim(); } });
        if ('reject' in r) { reject(r.reject, r.detail); continue; }
        cloud = r;
      }

      // GPU count column: 0 means no accelerator at all.
      const countCell = cellAt(row, u.gpus?.[0]);
      const countParsed = countCell ? (countCell.num !== undefined ? parseCount(String(countCell.num)) : parseCount(countCell.text)) : null;
      if (countParsed && !countParsed.ok && countParsed.zero) { reject('not_a_gpu', importMsg('gpu_count_zero')); continue; }
      // Memory the row states outside the name (GpuInfo, a GPU-memory column), and the instance's form-factor words.
      const memCell = cellAt(row, u.gpu_memory?.[0]);
      // GpuInfo's own part name (`'Name': 'A100 PCIe'`) tells the form factor as well.
      const hints: MatchHints | undefined = memCell?.text.trim() || instanceText
        ? { memoryGb: memCell ? memoryOf(memCell.text, countParsed?.ok ? countParsed.value : null) : [], formText: memCell && /SizeInMiB/i.test(memCell.text) ? `${instanceText} ${memCell.text}` : instanceText }
        : undefined;
      const m = cloud?.gpu_id && matcher.gpu(cloud.gpu_id)
        ? { gpu_id: cloud.gpu_id, alias: cloud.text, via: 'catalog' as const, tokens: [] as string[] }
        : matcher.match(cloud ? cloud.text : text, hints);
      if (!m || 'ambiguous' in m) {
        // A named accelerator (a count above 0 beside it) is an unknown GPU, never "not a GPU".
        const accelerator = !!text && !!u.gpus && !!countParsed?.ok;
        if (!m && !accelerator && !looksLikeGpu(text)) { reject('not_a_gpu', importMsg('no_accelerator')); continue; }
        const sugg = m && 'ambiguous' in m ? m.ambiguous : matcher.suggest(text);
        reject('unknown_gpu', m
          ? importMsg('ambiguous_gpu', { text, options: m.ambiguous.join(' or ') })
          : importMsg('unknown_gpu', { text }), sugg);
        continue;
      }
      const gpu = matcher.gpu(m.gpu_id)!;

      // Price: the unit price column, else the per-GPU one.
      const priceCol = u.unit_price?.[0] ?? u.price_per_gpu![0];
      const perGpuOnly = u.unit_price === undefined;
      const priceCell = cellAt(row, priceCol) ?? { text: '' };
      const mopts = { decimalComma, wanHeader: ctx.wanHeader };
      const readMoney = (cell: Cell): MoneyResult => (cell.num !== undefined && !cell.isDate
        ? moneyFromNumber(cell.num, cell.fmt, mopts)
        : parseMoney(cell.text, mopts));
      const money: MoneyResult = readMoney(priceCell);
      // The spot price is its own figure: never taken for the on-demand one, whichever column comes first.
      const spotCell = cellAt(row, u.spot_price?.[0]);
      const spot = spotCell && spotCell.text.trim() !== '' ? readMoney(spotCell) : null;
      if (!money.ok && money.reason === 'no_price' && spot?.ok) {
        reject('no_price', importMsg('spot_only', { price: spotCell!.text.trim() }));
        continue;
      }
      if (!money.ok) {
        const words: Record<string, ImportText> = {
          no_price: importMsg('no_price', { price: priceCell.text.trim() }), not_a_number: importMsg('price_not_number', { price: priceCell.text.trim() }),
          negative_price: importMsg('price_negative', { price: priceCell.text.trim() }), unknown_currency: importMsg('price_unknown_currency', { price: priceCell.text.trim() }),
        };
        reject(money.reason, words[money.reason]);
        continue;
      }
      let currency = money.currency;
      if (!currency && u.currency) {
        const t = cellAt(row, u.currency[0])?.text.trim() ?? '';
        if (t) {
          currency = currencyIn(t);
          if (!currency) { reject('unknown_currency', importMsg('unknown_currency', { currency: t })); continue; }
        }
      }
      currency ??= mapping?.currency?.toUpperCase() ?? ctx.headerCurrency ?? ctx.titleCurrency ?? ctx.defaultCurrency?.currency ?? null;
      if (!currency || !ISO_CURRENCIES.has(currency)) { reject('unknown_currency', importMsg('no_currency')); continue; }
      const spotPrice = spot?.ok && (spot.currency === null || spot.currency === currency) ? spot.value : null;

      // Kind: the sheet's, else hourly/monthly words in the price cell itself; a sheet with no
      // sign of what it sells is never taken for purchases.
      let rowKind: ItemKind | null = ctx.kind;
      if (!rowKind && /[a-z\/时月]/i.test(priceCell.text)) rowKind = kindFrom([priceCell.text]);
      if (!rowKind && ctx.kindSource !== 'purchase') {
        reject('unknown_kind', importMsg('no_kind'));
        continue;
      }

      // Quantities.
      let gpus: number | null = null;
      if (countCell && countCell.text.trim() !== '') {
        if (!countParsed || !countParsed.ok) { reject('bad_quantity', importMsg('gpu_count_not_whole', { value: countCell.text.trim() })); continue; }
        gpus = countParsed.value;
      }
      if (cloud) gpus = cloud.gpus;
      const qtyCheck = (col: number | undefined, what: 'quantity_not_whole' | 'min_quantity_not_whole'): number | null | 'bad' => {
        const cell = cellAt(row, col);
        if (!cell || cell.text.trim() === '') return null;
        const p = cell.num !== undefined ? parseCount(String(cell.num)) : parseCount(cell.text);
        if (!p || !p.ok) { reject('bad_quantity', importMsg(what, { value: cell.text.trim() })); return 'bad'; }
        return p.value;
      };
      const qty = qtyCheck(u.qty?.[0], 'quantity_not_whole');
      if (qty === 'bad') continue;
      const moq = qtyCheck(u.min_qty?.[0], 'min_quantity_not_whole');
      if (moq === 'bad') continue;

      // Dates: the row's own, else the title's validity start, else its quote date.
      let validFrom: string | null = null;
      const dcell = cellAt(row, u.valid_from?.[0]);
      if (dcell && dcell.text.trim() !== '') {
        const d = dcell.num !== undefined ? excelSerialToDate(dcell.num, ctx.date1904) : parseDate(dcell.text, ctx.dayFirst);
        if (d === 'bad') { reject('bad_date', importMsg('bad_date', { value: dcell.text.trim() })); continue; }
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
      if (rowKind === 'cloud_hour' || rowKind === 'lease_month') {
        kind = rowKind;
        if (!perGpuOnly && gpus === null && textCount === null && instanceText) {
          textCount = gpuCountInText(instanceText.replace(/_/g, ' '), matcher.gpuTokens(m.gpu_id), Math.round(gpu.memory_gb));
        }
        perUnit = perGpuOnly ? 1 : (gpus ?? textCount ?? 1);
      } else {
        perUnit = gpus ?? textCount ?? (serverish ? (/(?<![a-z])[hd]gx|atlas/i.test(text) ? 8 : 0) : 1);
        if (perUnit === 0) { reject('bad_quantity', importMsg('server_without_count')); continue; }
        kind = rowKind === 'gpu' || rowKind === 'server' ? rowKind : (perUnit > 1 || serverish ? 'server' : 'gpu');
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
        region: cloudRegion(cellAt(row, u.region?.[0])?.text.trim() ?? '', cloud) ?? (cellAt(row, u.region?.[0])?.text.trim().slice(0, 64) || null),
        spot_price: spotPrice,
      };
      if (cloud) {
        const offerKey = [item.gpu_id, item.gpus_per_unit, item.currency, item.region ?? '', cloud.offer].join('\u0001');
        if (cloud.spot) { spots.push({ row: rowNo, key: offerKey, price: item.unit_price, text }); continue; }
        if (!offerItem.has(offerKey)) offerItem.set(offerKey, item);
      }
      // unit_price is already in minimal form, so equal decimals are equal strings. Regions and
      // instance types tell offers apart; availability zones do not (a zone copy is a duplicate).
      const key = [item.gpu_id, item.kind, item.gpus_per_unit, item.unit_price, item.currency, item.valid_from, item.lead_time_weeks, item.min_qty, item.region ?? '', instanceText || cloud?.offer || ''].join('\u0001');
      const first = seenAt.get(key) ?? (seen.has(key) ? -1 : undefined);
      if (first !== undefined) {
        const zone = cellAt(row, u.zone?.[0])?.text.trim();
        reject('duplicate', zone
          ? importMsg('duplicate_zone', { row: first, zone })
          : importMsg('duplicate_row'));
        continue;
      }
      seen.add(key);
      seenAt.set(key, rowNo);
      items.push(item);
    }
    // Spot/preemptible rows: their price is kept beside the on-demand price of the same offer
    // (instance type or SKU, region, currency); a spot price alone is not imported.
    for (const sp of spots) {
      const od = offerItem.get(sp.key);
      const base = { row: sp.row, ...(sheetName !== undefined ? { sheet: sheetName } : {}), text: sp.text };
      if (od && od.spot_price === null) {
        od.spot_price = sp.price;
        rejected.push({ ...base, reason: 'spot_kept', detail: importMsg('spot_kept', { price: sp.price, row: od.row }) });
      } else if (od) {
        rejected.push({ ...base, reason: 'duplicate', detail: importMsg('spot_duplicate', { row: od.row, price: od.spot_price! }) });
      } else {
        rejected.push({ ...base, reason: 'no_price', detail: importMsg('spot_alone') });
      }
    }
    if (spots.length) { const tail = rejected.splice(rejectedBefore).sort((a, b) => a.row - b.row); for (const r of tail) rejected.push(r); }
  }
  opts.onProgress?.(total, total);
  return result(items, rejected);
}
