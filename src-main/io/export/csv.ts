// CSV export: one RFC 4180 file per table (CRLF line ends, fields with comma, quote, CR or LF
// quoted, quotes doubled), UTF-8 with a byte-order mark so Excel and WPS open Chinese text
// correctly. Money and other decimals are written exactly as Headroom holds them (decimal
// strings, unrounded). Text cells are neutralised against formula injection and then quoted.
import { neutralise, isDangerous } from './neutralise.js';
import { writtenTables, cellKind, type ExportTables, type Table, type TableId, type Value } from './tables.js';
import { zip } from './zip.js';

const BOM = '\uFEFF';
/** A plain decimal number or a YYYY-MM month: safe to write without quoting or prefix. */
export const PLAIN = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|\d{4}-\d{2})$/;

function field(v: Value, kind: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  // Decimal strings and months are written as they are; anything else is (possibly user)
  // text, even in a numeric column, and is neutralised.
  const asText = kind === 'text' || !PLAIN.test(v);
  const text = asText ? neutralise(v) : v;
  const mustQuote = /[",\r\n]/.test(text) || (asText && isDangerous(v));
  return mustQuote ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One table as CSV text (with BOM). */
export function tableToCsv(table: Table): string {
  const lines = [table.columns.map((c) => field(c.header, 'text')).join(',')];
  for (const row of table.rows) lines.push(row.cells.map((v, j) => field(v, cellKind(table, row, j))).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}

export interface OutFile { name: string; mime: string; data: Buffer }

/** File name of each table inside the zip (stable, ASCII: scripts rely on them). */
export const CSV_NAMES: Record<TableId, string> = {
  cover: 'about.csv', summary: 'summary.csv', monthly: 'monthly.csv', quarterly: 'quarterly.csv', fiscal: 'fiscal.csv', sites: 'sites.csv', fleet: 'fleet.csv',
  budgets: 'budgets.csv', actuals: 'actuals.csv', actions: 'actions.csv', cash: 'cash.csv', depreciation: 'depreciation.csv', chargeback: 'chargeback.csv', inputs: 'inputs.csv', prices: 'prices.csv',
  compare_about: 'about.csv', compare: 'comparison.csv', cashflows: 'cashflows.csv', compare_actions: 'actions.csv',
};

/** Every table as its own CSV file. */
export function csvFiles(t: ExportTables): OutFile[] {
  return writtenTables(t).map((id) => ({ name: CSV_NAMES[id], mime: 'text/csv; charset=utf-8', data: Buffer.from(tableToCsv(t[id]), 'utf8') }));
}

/** All tables in one zip. */
export function csvZip(t: ExportTables, date: Date): Buffer {
  return zip(csvFiles(t).map((f) => ({ name: f.name, data: f.data })), date);
}
