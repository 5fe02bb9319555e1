// XLSX export (exceljs): every table of tables.ts as a sheet. Totals and ratios
// are live formulas over the cells they come from, each with its cached `result` set to
// Headroom's own number (SheetJS and viewers that do not recalculate read the cache;
// TOOLCHAIN.md pitfall 7). Text from imports or users is neutralised (neutralise.ts).
import ExcelJS from 'exceljs';
import { neutralise } from './neutralise.js';
import { PLAIN } from './csv.js';
import { cellKind, writtenTables, columnIndex, type Column, type ExportTables, type Formula, type Kind, type Table, type TableId, type Value } from './tables.js';

const SYMBOLS: Record<string, string> = { USD: '$', CNY: '¥', RMB: '¥', EUR: '€', GBP: '£', JPY: '¥', HKD: 'HK$', SGD: 'S$', KRW: '₩', INR: '₹' };

/** Excel number format for an amount in `currency` with `decimals` places. */
export function moneyFormat(currency: string, decimals = 2): string {
  const body = `#,##0${decimals > 0 ? '.' + '0'.repeat(decimals) : ''}`;
  const sym = SYMBOLS[currency.toUpperCase()];
  return sym ? `"${sym}"${body};-"${sym}"${body}` : `${body} "${currency.replace(/"/g, '')}"`;
}

export function colLetter(j: number): string {
  let n = j + 1;
  let s = '';
  while (n > 0) { const r = (n - 1) % 26; s = String.fromCharCode(65 + r) + s; n = Math.floor((n - 1) / 26); }
  return s;
}

const quoteSheet = (name: string) => `'${name.replace(/'/g, "''")}'`;

/** The workbook being written: its language and its tables by id (formulas refer to other tables). */
interface Ctx { lang: ExportTables['lang']; table: (id: TableId) => Table }


function colRange(ctx: Ctx, id: TableId, key: string, fromRow = 0): string | null {
  const t = ctx.table(id);
  if (t.rows.length <= fromRow) return null;
  const L = colLetter(columnIndex(t, key));
  return `${quoteSheet(t.name)}!$${L}$${fromRow + 2}:$${L}$${t.rows.length + 1}`;
}

/** The formula text (without `=`) for a cell, or null when it has nothing to refer to. */
function formulaText(ctx: Ctx, table: Table, rowNo: number, f: Formula, colNo: number): string | null {
  const ref = (key: string) => `${colLetter(columnIndex(table, key))}${rowNo}`;
  switch (f.op) {
    case 'rowsum': {
      const cols = f.keys.map((k) => columnIndex(table, k));
      const contiguous = cols.every((c, i) => i === 0 || c === cols[i - 1] + 1);
      return contiguous ? `SUM(${colLetter(cols[0])}${rowNo}:${colLetter(cols[cols.length - 1])}${rowNo})` : `SUM(${f.keys.map(ref).join(',')})`;
    }
    case 'rowdiv': return `IF(N(${ref(f.den)})>0,${ref(f.num)}/${ref(f.den)},"")`;
    case 'rowmul': return `${ref(f.a)}*${ref(f.b)}`;
    case 'rowprod': return f.keys.map(ref).join('*');
    case 'rowsub': return `${ref(f.a)}-${ref(f.b)}`;
    case 'sumif': {
      const m = colRange(ctx, f.table, f.matchKey); const s = colRange(ctx, f.table, f.sumKey);
      return m && s ? `SUMIF(${m},${ref(f.here)},${s})` : null;
    }
    case 'sumbetween': {
      const d = colRange(ctx, f.table, f.dateKey); const s = colRange(ctx, f.table, f.sumKey);
      const m = f.matchKey && f.here ? colRange(ctx, f.table, f.matchKey) : null;
      return d && s ? `SUMIFS(${s},${d},">="&${ref(f.from)},${d},"<="&${ref(f.to)}${m ? `,${m},${ref(f.here!)}` : ''})` : null;
    }
    case 'colsum': { const r = colRange(ctx, f.table, f.key); return r ? `SUM(${r})` : null; }
    case 'colratio': {
      const n = colRange(ctx, f.table, f.num); const d = colRange(ctx, f.table, f.den);
      return n && d ? `IF(SUM(${d})>0,SUM(${n})/SUM(${d}),"")` : null;
    }
    case 'colsumif': {
      const m = colRange(ctx, f.table, f.matchKey); const s = colRange(ctx, f.table, f.sumKey);
      return m && s ? `SUMIF(${m},"${f.match.replace(/"/g, '""')}",${s})` : null;
    }
    case 'npv': {
      const r = colRange(ctx, f.table, f.key);
      return r ? `NPV((1+$${colLetter(colNo)}$${f.rateRow + 2})^(1/12)-1,${r})` : null;
    }
    case 'irr': {
      const r = colRange(ctx, f.table, f.key, f.fromRow ?? 0);
      return r ? `(1+IRR(${r}${f.guess === undefined ? '' : `,${f.guess}`}))^12-1` : null;
    }
  }
}

/** Date formats per language: months as yyyy-mm / yyyy年m月, so Excel groups them by quarter and year. */
export const DATE_FORMATS = {
  en: { month: 'yyyy-mm', date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm:ss' },
  zh: { month: 'yyyy"年"m"月"', date: 'yyyy"年"m"月"d"日"', datetime: 'yyyy"年"m"月"d"日" hh:mm:ss' },
} as const;

/** A YYYY-MM, YYYY-MM-DD or ISO timestamp as a UTC Date (what exceljs writes as a date serial), else null. */
export function asDate(v: Value, kind: Kind): Date | null {
  if (typeof v !== 'string') return null;
  let m: RegExpExecArray | null;
  if (kind === 'month' && (m = /^(\d{4})-(\d{2})$/.exec(v))) return new Date(Date.UTC(+m[1], +m[2] - 1, 1));
  if ((kind === 'date' || kind === 'month') && (m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v))) return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (kind === 'datetime' || kind === 'date') {
    if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) return null;
    const t = new Date(v.length === 10 ? `${v}T00:00:00Z` : v);
    // Whole seconds: Excel keeps milliseconds poorly.
    return Number.isNaN(t.getTime()) ? null : new Date(Math.floor(t.getTime() / 1000) * 1000);
  }
  return null;
}

function numFmt(kind: Kind, col: Column, currency: string): string | undefined {
  const d = col.decimals ?? 2;
  switch (kind) {
    case 'int': return '#,##0';
    // Without stated decimals (inputs, rates, P10/P90) show the number as it is: a fixed
    // format would display a growth rate of 0.035 as 0.04.
    case 'number': return col.decimals === undefined ? undefined : d === 0 ? '#,##0' : `#,##0.${'0'.repeat(d)}`;
    case 'percent': return '0.0%';
    case 'money': return moneyFormat(currency, d);
    default: return undefined;
  }
}

/**
 * A cell value for exceljs: numbers as numbers, text neutralised. Never NaN or ±Infinity (not an
 * OOXML number; issue 17): a non-finite number is an empty cell, and a decimal string too long for
 * a double ("9" × 400) stays as its exact digits, as text.
 */
export function cellValue(v: Value, kind: Kind): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (kind === 'text' || kind === 'month' || kind === 'date' || kind === 'datetime') return neutralise(v);
  // Numeric kinds hold decimal strings; anything that is not one is written as (safe) text.
  if (!PLAIN.test(v)) return neutralise(v);
  const n = Number(v);
  return Number.isFinite(n) ? n : neutralise(v);
}

function addSheet(wb: ExcelJS.Workbook, ctx: Ctx, table: Table): void {
  const ws = wb.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1, xSplit: table.id === 'monthly' ? 1 : 0 }] });
  ws.columns = table.columns.map((c) => ({ key: c.key, width: c.width }));
  const header = ws.getRow(1);
  table.columns.forEach((c, j) => {
    const cell = header.getCell(j + 1);
    cell.value = neutralise(c.header);
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.alignment = { wrapText: true, vertical: 'top' };
  });
  header.height = 30;
  const currencyCols = new Map(table.columns.map((c, j) => [j, c.currencyKey ? columnIndex(table, c.currencyKey) : -1]));
  table.rows.forEach((row, i) => {
    const rowNo = i + 2;
    const xr = ws.getRow(rowNo);
    row.cells.forEach((v, j) => {
      const col = table.columns[j];
      const kind = cellKind(table, row, j);
      const cell = xr.getCell(j + 1);
      const date = kind === 'month' || kind === 'date' || kind === 'datetime' ? asDate(v, kind) : null;
      if (date) {
        cell.value = date;
        cell.numFmt = DATE_FORMATS[ctx.lang][kind as 'month' | 'date' | 'datetime'];
        return;
      }
      const value = cellValue(v, kind);
      const f = row.formulas?.[j] ?? col.formula;
      const text = f ? formulaText(ctx, table, rowNo, f, j) : null;
      cell.value = text !== null ? { formula: text, result: (value ?? '') as number | string } : value;
      const cj = currencyCols.get(j) ?? -1;
      const cur = cj >= 0 ? String(row.cells[cj] ?? table.currency) : table.currency;
      const fmt = typeof value === 'number' ? numFmt(kind, col, cur) : undefined;
      if (fmt) cell.numFmt = fmt;
    });
  });
  if (table.rows.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
}

/** The workbook as bytes. */
export async function xlsxBuffer(tables: ExportTables, generatedAt: string): Promise<Buffer> {
  return xlsxBook(tables.lang, writtenTables(tables).map((id) => tables[id]), generatedAt);
}

/** Any set of tables as one workbook, a sheet each in the order given (the comparison workbook too). */
export async function xlsxBook(lang: ExportTables['lang'], sheets: Table[], generatedAt: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Headroom';
  const when = new Date(generatedAt);
  if (!Number.isNaN(when.getTime())) { wb.created = when; wb.modified = when; }
  const byId = new Map(sheets.map((t) => [t.id, t]));
  const ctx: Ctx = {
    lang,
    table: (id) => { const t = byId.get(id); if (!t) throw new Error(`export: a formula refers to table ${id}, which is not in this workbook`); return t; },
  };
  for (const t of sheets) addSheet(wb, ctx, t);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
