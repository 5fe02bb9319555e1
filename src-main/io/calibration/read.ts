// A user's calibration measurements (the columns of db/seed/benchmarks_public.csv) read from CSV
// text or a CSV/XLSX file, with the parse bounded by cells (issue 17: parse work grows with cells,
// not bytes) and the header checked before any row is looked at. Runs in the calibration worker.
import { ApiError } from '../../shared/errors.js';
import { parseDelimited, readWorkbook, type Cell } from '../import/read.js';

/**
 * Most cells a measurements file may hold: 400,000 is about 21,000 rows of the 19 columns of
 * benchmarks_public.csv (the shipped public set is 1,280 rows). The fit after it is the costly part.
 */
export const MAX_CALIBRATION_CELLS = 400_000;
/** Most bytes a measurements file may weigh (CSV text or XLSX). */
export const MAX_CALIBRATION_BYTES = 16 * 1024 * 1024;
/** Columns a measurements file must have. */
export const REQUIRED_COLUMNS = ['gpu_id', 'model_id', 'precision', 'metric', 'value'] as const;

export type MeasurementSource = { name: string; text: string } | { name: string; bytes: Uint8Array };

const BOUND = { maxCells: MAX_CALIBRATION_CELLS, what: 'a measurements file' };

/** A cell as the measurement parser expects it: numbers as plain digits, text trimmed. */
function cellText(c: Cell | undefined): string {
  if (!c) return '';
  if (c.num !== undefined && !c.isDate && Number.isFinite(c.num)) return String(c.num);
  return c.text.trim();
}

/** Header row + data rows → objects keyed by header; blank rows skipped (row numbers stay those of the file's data rows). */
function objects(rows: string[][]): Record<string, string>[] {
  const [header, ...data] = rows;
  if (!header) return [];
  const keys = header.map((h) => h.trim());
  return data
    .filter((r) => !(r.length === 1 && r[0].trim() === ''))
    .map((r) => Object.fromEntries(keys.map((h, j) => [h, (r[j] ?? '').trim()])));
}

/**
 * The file's rows as objects. Refuses (ApiError) a file over the byte or cell bound
 * (`unreadable`, before any parse of a spreadsheet), one with no data rows or missing a
 * required column (`bad_request`, field `data`).
 */
export function readMeasurements(src: MeasurementSource): Record<string, string>[] {
  let rows: string[][];
  if ('text' in src) {
    if (src.text.length > MAX_CALIBRATION_BYTES) throw new ApiError('unreadable', `${src.name}: the file is larger than ${MAX_CALIBRATION_BYTES / 1024 / 1024} MB`, 'data');
    rows = withName(src.name, () => parseDelimited(src.text, ',', BOUND));
  } else {
    if (src.bytes.length > MAX_CALIBRATION_BYTES) throw new ApiError('unreadable', `${src.name}: the file is larger than ${MAX_CALIBRATION_BYTES / 1024 / 1024} MB`, 'data');
    const wb = withName(src.name, () => readWorkbook(src.bytes, src.name, BOUND));
    // The first sheet whose first row names the required columns (else the first sheet).
    const sheets = wb.sheets.map((s) => s.rows.map((r) => r.map(cellText)));
    rows = sheets.find((s) => REQUIRED_COLUMNS.every((c) => (s[0] ?? []).map((h) => h.trim()).includes(c))) ?? sheets[0] ?? [];
  }
  const out = objects(rows);
  if (!out.length) throw new ApiError('bad_request', `${src.name}: no data rows`, 'data');
  const header = Object.keys(out[0]);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new ApiError('bad_request', `${src.name}: missing column(s) ${missing.join(', ')} (expected the columns of benchmarks_public.csv)`, 'data');
  return out;
}

/** The reader's refusals name the file and the `data` field. */
function withName<T>(name: string, fn: () => T): T {
  try { return fn(); } catch (e) {
    if (e instanceof ApiError) throw new ApiError(e.code, `${name}: ${e.message}`, 'data', e.detail);
    throw e;
  }
}
