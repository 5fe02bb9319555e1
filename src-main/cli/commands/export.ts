// `headroom export`: the plan as XLSX, CSV or PDF, written to --out through a temp file and a
// rename, so a failure never leaves a partial file behind.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '../command.js';
import { intOpt, parse, requireOpt } from '../args.js';
import { call, guarded, withContext } from '../run-api.js';
import { ApiError } from '../../api/errors.js';
import { writeFilesAtomically } from '../../io/export/write.js';

const FORMATS = ['xlsx', 'csv', 'pdf'] as const;

/** Refuses (exit 2) before any work when the file cannot be written there. */
export function checkWritable(out: string): void {
  const dir = path.dirname(out);
  let st: fs.Stats;
  try { st = fs.statSync(dir); } catch { throw new ApiError('bad_request', `--out: folder ${dir} does not exist`, 'out'); }
  if (!st.isDirectory()) throw new ApiError('bad_request', `--out: ${dir} is not a folder`, 'out');
  try { fs.accessSync(dir, fs.constants.W_OK); } catch { throw new ApiError('bad_request', `--out: cannot write to ${dir}`, 'out'); }
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) throw new ApiError('bad_request', `--out: ${out} is a folder`, 'out');
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'the plan as an XLSX workbook with live formulas, CSV tables or a PDF report (English or Chinese)',
  usage: `headroom export --db PATH --scenario NAME --format xlsx|csv|pdf --out FILE [--lang zh|en]
                [--view accrual|cash] [--no-procure] [--months N] [--runs N] [--seed S] [--json]

Runs the plan for the scenario (as \`plan\` does: procurement included unless --no-procure;
--view picks accrual depreciation or cash capex) and writes it for finance:
  xlsx  sheets Summary, Monthly, Actions, Inputs, Prices used; totals and cost per 1M tokens
        are live formulas with Headroom's numbers cached; currency formats, frozen headers.
  csv   UTF-8 with BOM, RFC 4180, decimals unrounded. If FILE ends in .csv it holds the
        Monthly table and FILE's siblings <base>.summary.csv, <base>.actions.csv,
        <base>.inputs.csv and <base>.prices.csv the others; otherwise FILE is a zip of
        summary.csv, monthly.csv, actions.csv, inputs.csv and prices.csv.
  pdf   title page, summary, demand/capacity and burn charts, monthly figures, the plan,
        inputs with sources and the prices used; page numbers.
Text that came from imports or users and starts with = + - @ TAB or CR is written with a
leading ' (formula-injection defence). Files are written to a temp name, then renamed.
An unknown scenario or a path that cannot be written exits 2 and leaves no file.

JSON: { scenario, format, lang, view, files: [{ path, bytes }] }`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, {
      db: { type: 'string' }, scenario: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
      lang: { type: 'string' }, view: { type: 'string' }, months: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' },
      'no-procure': { type: 'boolean' },
    });
    const scenario = requireOpt(values.scenario, 'scenario');
    const format = requireOpt(values.format, 'format');
    if (!(FORMATS as readonly string[]).includes(format)) throw new ApiError('bad_request', `--format must be xlsx, csv or pdf (got "${format}")`, 'format');
    const lang = values.lang ?? 'en';
    if (lang !== 'en' && lang !== 'zh') throw new ApiError('bad_request', `--lang must be zh or en (got "${lang}")`, 'lang');
    const view = values.view ?? 'accrual';
    if (view !== 'accrual' && view !== 'cash') throw new ApiError('bad_request', `--view must be accrual or cash (got "${view}")`, 'view');
    const out = path.resolve(io.cwd, requireOpt(values.out, 'out'));
    checkWritable(out);
    const csvFiles = format === 'csv' && out.toLowerCase().endsWith('.csv');
    const ext = path.extname(out);
    const base = path.basename(out, ext);
    await withContext(io, values.db, async (ctx) => {
      const r = await call(ctx, 'export.run', {
        scenario, format, lang, view, csv_layout: csvFiles ? 'files' : 'zip', base_name: base, procure: !values['no-procure'],
        months: intOpt(values.months, 'months'), runs: intOpt(values.runs, 'runs'), seed: intOpt(values.seed, 'seed'),
      });
      // The single-file formats go exactly to --out; CSV siblings are named from it.
      const targets = r.files.map((f, k) => ({
        path: r.files.length === 1 ? out : k === 0 && f.name === `${base}.csv` ? out : path.join(path.dirname(out), f.name),
        data: Buffer.from(f.base64, 'base64'),
      }));
      writeFilesAtomically(targets);
      const written = targets.map((t) => ({ path: t.path, bytes: t.data.length }));
      io.out(values.json ? JSON.stringify({ scenario: r.scenario, format: r.format, lang: r.lang, view: r.view, files: written })
        : written.map((w) => `wrote ${w.path} (${w.bytes} bytes)`).join('\n'));
    });
  }),
};
