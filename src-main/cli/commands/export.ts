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

/** --payment order | arrival | split[:PCT] (PCT = share paid at order, default 30). */
export function parsePayment(v: string | undefined): { payment?: 'order' | 'arrival' | 'split'; payment_at_order?: number } {
  if (v === undefined) return {};
  if (v === 'order' || v === 'arrival') return { payment: v };
  const m = /^split(?::(\d{1,3}(?:\.\d+)?))?$/.exec(v);
  if (m && (m[1] === undefined || Number(m[1]) <= 100)) return { payment: 'split', payment_at_order: m[1] === undefined ? 0.3 : Number(m[1]) / 100 };
  throw new ApiError('bad_request', `--payment must be order, arrival or split[:PCT] such as split:30 (got "${v}")`, 'payment');
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'the plan as an XLSX workbook with live formulas, CSV tables or a PDF report (English or Chinese)',
  usage: `headroom export --db PATH --scenario NAME --format xlsx|csv|pdf --out FILE [--lang zh|en]
                [--view accrual|cash] [--no-procure] [--months N] [--runs N] [--seed S]
                [--payment order|arrival|split[:PCT]] [--fy-start M] [--discount-rate R]
                [--cn-scale] [--json]
       headroom export --db PATH --compare A,B[,C] [--format xlsx|csv] --out FILE [the same
                options] [--json]
       headroom export --db PATH --compare A --acquisition [--format xlsx|csv] --out FILE
                [the same options] [--json]

Runs the plan for the scenario once (as \`plan\` does: procurement included unless
--no-procure; --view picks accrual depreciation or cash capex for the plan's burn) and writes
it for finance:
  xlsx  sheets About (version, database, scenario last modified, every option, inputs hash),
        Summary, Monthly (cash and accrual side by side), Quarterly, Fiscal years, Actions
        (unit, units over the term, totals in own and reporting currency with FX rate and
        date), Cash schedule, Depreciation, Budgets (budget vs plan vs actual, variance),
        Actual spend (when actuals were imported), Chargeback (per pool and request class,
        usage and reservation basis), By site, Fleet prices,
        Inputs, Prices used. Totals, roll-ups and ratios are live formulas with Headroom's
        numbers cached; months are date cells (yyyy-mm / yyyy年m月).
  csv   one file per sheet, UTF-8 with BOM, RFC 4180, decimals unrounded. If FILE ends in
        .csv it holds the Monthly table and the others sit beside it as <base>.<table>.csv
        (about, summary, quarterly, fiscal, actions, cash, depreciation, budgets, actuals
        when imported, chargeback, sites, fleet, inputs, prices); otherwise FILE is a zip of
        <table>.csv.
  pdf   page 1 executive summary (will it hold, what to buy, what it costs, warnings), charts
        with axis titles, monthly figures, the plan, inputs and prices; every page's footer
        names the version, database, scenario and inputs hash.
--payment   when planned purchases are paid: order (default), arrival, or split:30 (30 % at
            order, the rest on arrival); used by the cash schedule, Monthly and Budgets.
--fy-start  first month of the fiscal year, 1-12 (default 1).
--discount-rate  annual rate for NPV/IRR (default: the scenario's procurement setting, else 0.08).
--cn-scale  zh PDF: large amounts in 万 / 亿.
--compare A,B[,C]  two or three scenarios side by side (each planned as above), XLSX (default)
            or CSV (a zip): sheets About, Comparison (totals, cash and accrual, output tokens,
            cost per 1M, GPUs, crash months, plan spend, NPV of the monthly cash at the
            discount rate, IRR of choosing B or C over A where the difference changes sign,
            else why not; B − A and C − A beside), Cash flows (the monthly series the totals,
            NPV and IRR are live formulas over) and Actions. One discount rate for all.
--acquisition  with --compare A (one scenario): buy vs lease vs cloud for the same capacity.
            A is planned three times, each allowed one way to add GPUs (cloud rental on
            demand or reserved / lease / purchase), all sized to the same risk target; the
            workbook is the comparison above plus, per variant, the months whose P(overload)
            stays above the target and why (no cloud site, no price, lead time, power, ...).
Text that came from imports or users and starts with = + - @ TAB or CR is written with a
leading ' (formula-injection defence). Files are written to a temp name, then renamed.
An unknown scenario or a path that cannot be written exits 2 and leaves no file.

JSON: { scenario, format, lang, view, inputs_hash, files: [{ path, bytes }] }
--compare JSON: { scenarios, format, lang, view, currency, discount_rate, figures: [{ scenario,
  inputs_hash, first_month, last_month, crash_month, total_burn, total_cash, total_accrual,
  output_tokens_millions, cost_per_million_tokens, gpus_last_month, plan_spend, npv, irr,
  irr_note }], files: [{ path, bytes }] }; with --acquisition each figure also has
  acquisition (cloud|lease|buy) and months_above_target`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, {
      db: { type: 'string' }, scenario: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
      lang: { type: 'string' }, view: { type: 'string' }, months: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' },
      'no-procure': { type: 'boolean' }, payment: { type: 'string' }, 'fy-start': { type: 'string' }, 'discount-rate': { type: 'string' }, 'cn-scale': { type: 'boolean' },
      compare: { type: 'string' }, acquisition: { type: 'boolean' },
    });
    const pay = parsePayment(values.payment);
    const fyStart = intOpt(values['fy-start'], 'fy-start');
    if (fyStart !== undefined && (fyStart < 1 || fyStart > 12)) throw new ApiError('bad_request', `--fy-start must be a month number 1-12 (got ${fyStart})`, 'fy-start');
    const rate = values['discount-rate'];
    if (rate !== undefined && !(/^\d+(\.\d+)?$/.test(rate) && Number(rate) <= 1)) throw new ApiError('bad_request', `--discount-rate must be a fraction like 0.08 (got "${rate}")`, 'discount-rate');
    if (values.acquisition && values.compare === undefined) throw new ApiError('bad_request', '--acquisition goes with --compare A (the one scenario to plan as cloud, lease and buy)', 'acquisition');
    if (values.compare !== undefined) {
      if (values.scenario !== undefined) throw new ApiError('bad_request', '--compare names the scenarios: leave out --scenario', 'scenario');
      const names = values.compare.split(',').map((x) => x.trim());
      const acquisition = !!values.acquisition;
      if (acquisition && (names.length !== 1 || names[0] === '')) throw new ApiError('bad_request', `--acquisition compares buy, lease and cloud for ONE scenario: --compare A --acquisition (got "${values.compare}")`, 'compare');
      if (acquisition && values['no-procure']) throw new ApiError('bad_request', '--acquisition compares ways to add GPUs, so it cannot run with --no-procure', 'no-procure');
      if (!acquisition && (names.length < 2 || names.length > 3 || names.some((x) => x === ''))) throw new ApiError('bad_request', `--compare takes two or three scenario names separated by commas, such as A,B or A,B,C (got "${values.compare}")`, 'compare');
      const cformat = values.format ?? 'xlsx';
      if (cformat !== 'xlsx' && cformat !== 'csv') throw new ApiError('bad_request', `--compare writes xlsx or csv (got "${cformat}")`, 'format');
      if (values['cn-scale']) throw new ApiError('bad_request', '--cn-scale applies to the zh PDF, which --compare does not write', 'cn-scale');
      const clang = values.lang ?? 'en';
      if (clang !== 'en' && clang !== 'zh') throw new ApiError('bad_request', `--lang must be zh or en (got "${clang}")`, 'lang');
      const cview = values.view ?? 'accrual';
      if (cview !== 'accrual' && cview !== 'cash') throw new ApiError('bad_request', `--view must be accrual or cash (got "${cview}")`, 'view');
      const cout = path.resolve(io.cwd, requireOpt(values.out, 'out'));
      if (cformat === 'csv' && cout.toLowerCase().endsWith('.csv')) throw new ApiError('bad_request', '--compare --format csv writes one zip of CSV tables: name --out FILE.zip', 'out');
      checkWritable(cout);
      await withContext(io, values.db, async (ctx) => {
        const r = await call(ctx, 'export.compare', {
          scenarios: names, format: cformat, lang: clang, view: cview, base_name: path.basename(cout, path.extname(cout)), procure: !values['no-procure'],
          months: intOpt(values.months, 'months'), runs: intOpt(values.runs, 'runs'), seed: intOpt(values.seed, 'seed'),
          ...pay, fiscal_year_start: fyStart, discount_rate: rate === undefined ? undefined : Number(rate), acquisition,
        });
        const targets = [{ path: cout, data: Buffer.from(r.files[0].base64, 'base64') }];
        writeFilesAtomically(targets);
        const written = targets.map((t) => ({ path: t.path, bytes: t.data.length }));
        io.out(values.json ? JSON.stringify({ scenarios: r.scenarios, format: r.format, lang: r.lang, view: r.view, currency: r.currency, discount_rate: r.discount_rate, figures: r.figures, files: written })
          : [...r.figures.map((f) => `${f.scenario}: total cash ${f.total_cash ?? '—'}, NPV ${f.npv ?? '—'} at ${r.discount_rate}, IRR vs ${r.figures[0].scenario}: ${f.irr === null ? (f.irr_note ?? '—') : `${(f.irr * 100).toFixed(2)} %`}${f.months_above_target === undefined ? '' : `, months above the risk target ${f.months_above_target}`}`),
            ...written.map((w) => `wrote ${w.path} (${w.bytes} bytes)`)].join('\n'));
      });
      return;
    }
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
        ...pay, fiscal_year_start: fyStart, discount_rate: rate === undefined ? undefined : Number(rate), cn_scale: !!values['cn-scale'],
      });
      // The single-file formats go exactly to --out; CSV siblings are named from it.
      const targets = r.files.map((f, k) => ({
        path: r.files.length === 1 ? out : k === 0 && f.name === `${base}.csv` ? out : path.join(path.dirname(out), f.name),
        data: Buffer.from(f.base64, 'base64'),
      }));
      writeFilesAtomically(targets);
      const written = targets.map((t) => ({ path: t.path, bytes: t.data.length }));
      io.out(values.json ? JSON.stringify({ scenario: r.scenario, format: r.format, lang: r.lang, view: r.view, inputs_hash: r.inputs_hash, files: written })
        : written.map((w) => `wrote ${w.path} (${w.bytes} bytes)`).join('\n'));
    });
  }),
};
