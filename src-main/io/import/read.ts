// Bytes → sheets of cells. CSV/TSV text in UTF-8 (BOM or strict), UTF-16 with a BOM or
// GB18030/GBK; XLSX/XLS through SheetJS (npm:@e965/xlsx). Anything else is refused whole
// with ApiError('unreadable') before a single row is looked at.
import iconv from 'iconv-lite';
import chardet from 'chardet';
import zlib from 'node:zlib';
import * as XLSX from 'xlsx';
import { ApiError } from '../../shared/errors.js';
import { MAX_CELLS, zipInflateProblem } from '../zip-guard.js';

export interface Cell {
  /** Text as the file shows it (formatted for XLSX numbers, e.g. `$23.92`). */
  text: string;
  /** XLSX numeric value (dates are serials), when the cell is a number. */
  num?: number;
  /** XLSX number format (`"$"#,##0.00`, `dd mmm yyyy`). */
  fmt?: string;
  /** XLSX cell is a date (by type or by its number format). */
  isDate?: boolean;
}

export interface Sheet {
  name: string | null;           // null for CSV (entries then carry no `sheet`)
  /** rows[i] is the sheet's / file's row i+1; cells beyond a row's end are empty. */
  rows: Cell[][];
  hiddenCols: Set<number>;
  /** Merged ranges (0-based, inclusive), XLSX only. */
  merges: { r0: number; c0: number; r1: number; c1: number }[];
}

export interface Workbook {
  format: 'csv' | 'xlsx' | 'xls' | 'json';
  encoding?: string;
  delimiter?: string;
  date1904: boolean;
  sheets: Sheet[];
}

export const MAX_BYTES = 64 * 1024 * 1024;

/** How much parse work a caller allows: most cells (default MAX_CELLS) and what the file should be, for the message. */
export interface CellBound { maxCells?: number; what?: string }
export const MAX_ROWS = 1_000_000;

// SheetJS's pure-JS inflate can spin forever on a corrupted deflate stream (found by the
// fuzz test in test/import/props.test.ts); Node's zlib fails fast instead. `bytesRead` is
// what SheetJS reads, served from `bytesWritten` to avoid Node's DEP0108 warning.
class QuietInflateRaw extends zlib.InflateRaw { override get bytesRead(): number { return this.bytesWritten; } }
XLSX.CFB.utils.use_zlib({ InflateRaw: QuietInflateRaw, deflateRawSync: zlib.deflateRawSync } as unknown as typeof zlib);

const unreadable = (msg: string) => new ApiError('unreadable', msg);

/** Decode text bytes: BOM, strict UTF-8, else GB18030 (a superset of GBK). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: strictUtf8(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'utf-16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch { /* not UTF-8: try the Chinese national encoding */ }
  const text = iconv.decode(Buffer.from(bytes), 'gb18030');
  if (text.includes('\ufffd')) {
    const guess = chardet.detect(bytes);
    throw unreadable(`the file's text encoding is not UTF-8, UTF-16 (with BOM) or GBK/GB18030${guess ? ` (it looks like ${guess})` : ''}`);
  }
  return { text, encoding: 'gb18030' };
}

function strictUtf8(b: Uint8Array): string {
  try { return new TextDecoder('utf-8', { fatal: true }).decode(b); } catch { throw unreadable('the file starts with a UTF-8 byte-order mark but is not valid UTF-8'); }
}

/** Delimiter: tab or `;` when every record agrees on it, else `,`. */
export function detectDelimiter(text: string): string {
  const lines = text.split(/\r\n|\n|\r/, 60).filter((l) => l.trim() !== '');
  const counts = (d: string) => lines.map((l) => {
    let n = 0, q = false;
    for (const ch of l) { if (ch === '"') q = !q; else if (ch === d && !q) n++; }
    return n;
  });
  const consistent = (d: string) => {
    const c = counts(d).filter((n) => n > 0);
    if (c.length < Math.max(1, Math.ceil(lines.length * 0.6))) return 0;
    return c.reduce((a, b) => a + b, 0);
  };
  for (const d of ['\t', ';']) {
    const own = consistent(d);
    if (own && own >= consistent(',') * 0.5) return d;
  }
  return ',';
}

/** Forgiving CSV: quotes only open at the start of a cell; records numbered as written. */
export function parseDelimited(text: string, delimiter: string, bound: CellBound = {}): string[][] {
  const maxCells = bound.maxCells ?? MAX_CELLS;
  const tooMany = () => unreadable(`the file has more than ${maxCells.toLocaleString('en')} cells (far more than ${bound.what ?? 'a price list'})`);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let atCellStart = true;
  let cells = 0;
  while (i < n) {
    const c = text[i];
    if (atCellStart && c === '"') {
      // Quoted cell: runs to the closing quote ("" is a quote); text after it is kept.
      i++;
      for (;;) {
        const j = text.indexOf('"', i);
        if (j < 0) { cell += text.slice(i); i = n; break; }
        cell += text.slice(i, j);
        if (text[j + 1] === '"') { cell += '"'; i = j + 2; continue; }
        i = j + 1;
        break;
      }
      atCellStart = false;
      continue;
    }
    if (c === delimiter) {
      row.push(cell); cell = ''; atCellStart = true; i++;
      if (++cells > maxCells) throw tooMany();
      continue;
    }
    if (c === '\n' || c === '\r') {
      row.push(cell); rows.push(row); row = []; cell = ''; atCellStart = true;
      if (++cells > maxCells) throw tooMany();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      if (rows.length > MAX_ROWS) throw unreadable(`the file has more than ${MAX_ROWS.toLocaleString('en')} rows`);
      continue;
    }
    // Plain run up to the next special character.
    let j = i;
    while (j < n) { const d = text[j]; if (d === delimiter || d === '\n' || d === '\r') break; j++; }
    cell += text.slice(i, j);
    atCellStart = false;
    i = j;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05) && (b[3] === 0x04 || b[3] === 0x06);
const isOle = (b: Uint8Array) => b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/**
 * A zip must end with its central directory (the End Of Central Directory record, within
 * the last 64 KiB + 22 bytes) pointing inside the file. A cut-off download has none, and
 * SheetJS can spin on such input instead of failing, so it is refused before SheetJS sees it.
 * https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT section 4.3.16
 */
export function zipLooksWhole(b: Uint8Array): boolean {
  const min = Math.max(0, b.length - 65557);
  for (let i = b.length - 22; i >= min; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
      const u32 = (o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
      const entries = b[i + 10] | (b[i + 11] << 8);
      const cdSize = u32(i + 12);
      const cdOffset = u32(i + 16);
      const commentLen = b[i + 20] | (b[i + 21] << 8);
      if (i + 22 + commentLen > b.length) continue;
      if (entries === 0 || cdOffset + cdSize > i) return false;
      // Every central directory entry must start with its signature and point inside the file.
      let p = cdOffset;
      for (let k = 0; k < entries; k++) {
        if (p + 46 > i || u32(p) !== 0x02014b50) return false;
        const nameLen = b[p + 28] | (b[p + 29] << 8);
        const extraLen = b[p + 30] | (b[p + 31] << 8);
        const cmtLen = b[p + 32] | (b[p + 33] << 8);
        const local = u32(p + 42);
        if (local + 30 > cdOffset || u32(local) !== 0x04034b50) return false;
        p += 46 + nameLen + extraLen + cmtLen;
      }
      return p <= i;
    }
  }
  return false;
}

const DATE_FMT = /(^|[^"\\])(y+|d+|m{3,}|yyyy)/i;

function formatNumber(v: number, fmt: string): string {
  if (!fmt || fmt === 'General') return String(v);
  try { return XLSX.SSF.format(fmt, v); } catch { return String(v); }
}

function readSpreadsheet(bytes: Uint8Array, format: 'xlsx' | 'xls'): Workbook {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', dense: true, cellDates: false, cellNF: true, cellText: false, cellStyles: true, cellFormula: false, WTF: false });
  } catch (e) {
    throw unreadable(`the ${format.toUpperCase()} file cannot be opened (${(e as Error).message.split('\n')[0]}); it may be damaged or cut off`);
  }
  if (!wb.SheetNames?.length) throw unreadable(`the ${format.toUpperCase()} file has no sheets`);
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  const sheets: Sheet[] = [];
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name] as XLSX.WorkSheet & { '!data'?: (XLSX.CellObject | undefined)[][] };
    if (!ws) continue;
    const data = ws['!data'] ?? [];
    if (data.length > MAX_ROWS) throw unreadable(`sheet "${name}" has more than ${MAX_ROWS.toLocaleString('en')} rows`);
    const hiddenCols = new Set<number>();
    (ws['!cols'] ?? []).forEach((c, i) => { if (c?.hidden) hiddenCols.add(i); });
    const rows: Cell[][] = [];
    for (let r = 0; r < data.length; r++) {
      const src = data[r];
      const out: Cell[] = [];
      if (src) {
        for (let c = 0; c < src.length; c++) {
          const cell = src[c];
          if (!cell || cell.v === undefined || cell.v === null) { out.push({ text: '' }); continue; }
          if (cell.t === 'n') {
            const fmt = typeof cell.z === 'string' ? cell.z : '';
            const isDate = DATE_FMT.test(fmt.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '')) && !/^[#0,.$€¥£\s"()\-;_*?]+$/.test(fmt);
            // Formatted text only where a format says more than the number (SheetJS's cellText
            // would format every cell: a second of a 100,000-row read).
            out.push({ text: cell.w ?? formatNumber(cell.v as number, fmt), num: cell.v as number, fmt, isDate });
          } else if (cell.t === 'd') {
            const d = cell.v as unknown as Date;
            out.push({ text: cell.w ?? d.toISOString().slice(0, 10), isDate: true });
          } else if (cell.t === 'b') out.push({ text: cell.v ? 'TRUE' : 'FALSE' });
          else if (cell.t === 'e') out.push({ text: cell.w ?? '#ERR' });
          else out.push({ text: String(cell.v) });
        }
      }
      rows.push(out);
    }
    const merges = (ws['!merges'] ?? []).map((m) => ({ r0: m.s.r, c0: m.s.c, r1: m.e.r, c1: m.e.c }));
    sheets.push({ name, rows, hiddenCols, merges });
  }
  return { format, date1904, sheets };
}

/**
 * Read a price-list file. The format comes from the bytes (zip = XLSX, OLE = XLS, else
 * delimited text); a name ending .xlsx/.xls whose bytes are not that container is refused.
 */
export function readWorkbook(bytes: Uint8Array, fileName: string, bound: CellBound = {}): Workbook {
  if (bytes.length === 0) throw unreadable('the file is empty');
  if (bytes.length > MAX_BYTES) throw unreadable(`the file is larger than ${MAX_BYTES / 1024 / 1024} MB`);
  const ext = (fileName.toLowerCase().match(/\.([a-z0-9]+)$/) ?? ['', ''])[1];
  if (isZip(bytes)) {
    if (!zipLooksWhole(bytes)) throw unreadable('the XLSX file is damaged or cut off (its zip directory is missing)');
    const bomb = zipInflateProblem(bytes, undefined, bound.maxCells ?? MAX_CELLS, bound.what); if (bomb) throw unreadable(bomb);
    return readSpreadsheet(bytes, 'xlsx');
  }
  if (isOle(bytes)) return readSpreadsheet(bytes, 'xls');
  if (['xlsx', 'xlsm', 'xls', 'ods', 'numbers'].includes(ext)) throw unreadable(`the file is named .${ext} but is not a spreadsheet (damaged or another kind of file)`);
  const { text, encoding } = decodeText(bytes);
  // Control characters (other than tab/CR/LF) mean binary data, not a text table.
  // eslint-disable-next-line no-control-regex
  const ctl = text.slice(0, 65536).match(/[\u0000-\u0008\u000e-\u001f]/g);
  if (ctl && ctl.length > 0) throw unreadable('the file is not a text table (it holds binary data)');
  if (text.trim() === '') throw unreadable('the file is empty');
  if (ext === 'json') return { format: 'json', encoding, date1904: false, sheets: [{ name: null, rows: jsonTable(text, bound), hiddenCols: new Set(), merges: [] }] };
  const delimiter = detectDelimiter(text);
  const rows = parseDelimited(text, delimiter, bound).map((r) => r.map((t) => ({ text: t })));
  return { format: 'csv', encoding, delimiter, date1904: false, sheets: [{ name: null, rows, hiddenCols: new Set(), merges: [] }] };
}

/**
 * A JSON price export as a table (issue 20): the Azure Retail Prices API answer
 * (`{ "BillingCurrency": …, "Items": [{ "currencyCode": …, "retailPrice": …, … }], "NextPageLink": … }`),
 * or any array of flat objects, at the root or under the first key that holds one. The header row is
 * every key in the order first seen; a nested value is written as its JSON text.
 */
function jsonTable(text: string, bound: CellBound = {}): Cell[][] {
  let doc: unknown;
  try { doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text); } catch (e) {
    throw unreadable(`the file is not valid JSON (${(e as Error).message})`);
  }
  const isRows = (v: unknown): v is Record<string, unknown>[] => Array.isArray(v) && v.length > 0 && v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x));
  let list: Record<string, unknown>[] | null = isRows(doc) ? doc : null;
  if (!list && doc && typeof doc === 'object' && !Array.isArray(doc)) {
    for (const v of Object.values(doc as Record<string, unknown>)) if (isRows(v)) { list = v; break; }
  }
  if (!list) throw unreadable('the JSON file holds no list of price rows (an array of objects, e.g. the Azure Retail Prices "Items")');
  const keys: string[] = [];
  const index = new Map<string, number>();
  for (const o of list) for (const k of Object.keys(o)) if (!index.has(k)) { index.set(k, keys.length); keys.push(k); }
  const maxCells = bound.maxCells ?? MAX_CELLS;
  if (keys.length * (list.length + 1) > maxCells) throw unreadable(`the file has more than ${maxCells.toLocaleString('en')} cells (far more than ${bound.what ?? 'a price list'})`);
  const text1 = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const rows: Cell[][] = [keys.map((k) => ({ text: k }))];
  for (const o of list) {
    const row: Cell[] = keys.map(() => ({ text: '' }));
    for (const [k, v] of Object.entries(o)) row[index.get(k)!] = { text: text1(v) };
    rows.push(row);
  }
  return rows;
}
