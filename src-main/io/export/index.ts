// One entry point for every export format: ExportInput in, named files out. The CLI, the API
// and the bench all come through here.
// The writers are imported when first used: exceljs, pdfmake, chart.js and the canvas binding
// would otherwise load with the handler table, slowing every CLI command and the app's start.
import { buildTables } from './tables.js';
import type { OutFile } from './csv.js';
import type { FontFiles } from './fonts.js';
import type { ExportFormat, ExportInput, Lang } from './types.js';

export type { OutFile } from './csv.js';
export type { ExportInput, ExportFormat, Lang, View } from './types.js';

export interface ExportRequest {
  format: ExportFormat;
  lang: Lang;
  /** File name without extension; each output file is named from it. */
  baseName: string;
  /** CSV only: one zip holding every table (default), or separate files: `<base>.csv` is the
   *  Monthly table and `<base>.<table>.csv` the others (summary, actions, inputs, prices). */
  csvLayout?: 'zip' | 'files';
  fonts?: Partial<FontFiles>;
  progress?: (done: number, total: number, label?: string) => void;
}

export const MIME: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  zip: 'application/zip',
  csv: 'text/csv; charset=utf-8',
};

export async function runExport(input: ExportInput, req: ExportRequest): Promise<OutFile[]> {
  const report = req.progress ?? (() => undefined);
  report(0, 3, 'tables');
  const tables = buildTables(input, req.lang);
  report(1, 3, req.format);
  let files: OutFile[];
  if (req.format === 'xlsx') {
    const { xlsxBuffer } = await import('./xlsx.js');
    files = [{ name: `${req.baseName}.xlsx`, mime: MIME.xlsx, data: await xlsxBuffer(tables, input.generated_at) }];
  } else if (req.format === 'pdf') {
    const { pdfBuffer } = await import('./pdf.js');
    const data = await pdfBuffer(tables, input, { fonts: req.fonts, progress: (f) => report(1 + Math.min(1, f), 3, 'pdf') });
    files = [{ name: `${req.baseName}.pdf`, mime: MIME.pdf, data }];
  } else {
    const { csvFiles, csvZip } = await import('./csv.js');
    files = (req.csvLayout ?? 'zip') === 'zip'
      ? [{ name: `${req.baseName}.zip`, mime: MIME.zip, data: csvZip(tables, new Date(input.generated_at)) }]
      : csvFiles(tables).map((f) => ({ ...f, name: f.name === 'monthly.csv' ? `${req.baseName}.csv` : `${req.baseName}.${f.name}` }));
  }
  report(3, 3, 'done');
  return files;
}

/** The comparison workbook of two or three scenarios' export inputs: XLSX, or CSV (a zip of its tables). */
export async function runCompare(inputs: ExportInput[], req: { format: 'xlsx' | 'csv'; lang: Lang; baseName: string; acquisition?: import('./compare.js').AcquisitionMeta[] }): Promise<{ files: OutFile[]; tables: import('./compare.js').CompareTables }> {
  const { compareTables } = await import('./compare.js');
  const t = compareTables(inputs, req.lang, req.acquisition);
  if (req.format === 'xlsx') {
    const { xlsxBook } = await import('./xlsx.js');
    return { tables: t, files: [{ name: `${req.baseName}.xlsx`, mime: MIME.xlsx, data: await xlsxBook(t.lang, t.tables, inputs[0].generated_at) }] };
  }
  const { CSV_NAMES, tableToCsv } = await import('./csv.js');
  const { zip } = await import('./zip.js');
  const entries = t.tables.map((x) => ({ name: CSV_NAMES[x.id], data: Buffer.from(tableToCsv(x), 'utf8') }));
  return { tables: t, files: [{ name: `${req.baseName}.zip`, mime: MIME.zip, data: zip(entries, new Date(inputs[0].generated_at)) }] };
}
