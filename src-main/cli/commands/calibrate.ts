import path from 'node:path';
import type { Command } from '../command.js';
import { parse } from '../args.js';
import { call, guarded, print, textTable } from '../run-api.js';
import { ApiError } from '../../api/errors.js';
import { withCatalog } from './perf.js';
import { mintLocalPath } from '../../shared/local-path.js';
import { readLocalFile } from '../../store/local-file.js';
import { MAX_CALIBRATION_BYTES } from '../../io/calibration/read.js';
import { POWER_REF_TFLOPS_PER_W, POWER_TFLOPS_PER_W_RANGE } from '../../engine/capacity/factors.js';

const TEXT = ['.csv', '.tsv', '.txt'];
const SHEETS = ['.xlsx', '.xlsm', '.xls'];

export const calibrateCommand: Command = {
  name: 'calibrate',
  summary: 'fit the capacity engine\'s efficiency factors and report leave-one-group-out errors',
  usage: `headroom calibrate [--data FILE.csv|FILE.xlsx] [--db PATH] [--no-cv] [--json]

Fits efficiency factors (per GPU family × precision) on db/seed/benchmarks_public.csv plus FILE (same columns)
and reports leave-one-group-out cross-validation (group = source × GPU). With --db, FILE's accepted rows are
stored in the database and the new fit becomes its default calibration for perf and plan; without --db
nothing is written.

JSON: { factors, resolved, in_sample, cv: { median_abs_pct_error, p90_abs_pct_error, n, groups, by_gpu, by_model,
  by_group, by_engine, by_vendor }, engine_ratios?: [{ engines, gpu_id, model_id, measured, predicted, rows_a, rows_b, source }],
  provenance, rejected: [{ row, reason }], stored, stored_for_ratios }`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, { data: { type: 'string' }, db: { type: 'string' }, 'no-cv': { type: 'boolean' } });
    let data: { data_csv: string } | { data_base64: string } | null = null;
    let dataName = 'user data';
    if (values.data) {
      // Read bounded (regular file, size cap, no blocking on a FIFO); parsed and fitted in a worker.
      let f: { bytes: Buffer; name: string };
      try {
        f = readLocalFile(mintLocalPath(path.resolve(io.cwd, values.data)), { field: 'data', extensions: [...TEXT, ...SHEETS], maxBytes: MAX_CALIBRATION_BYTES });
      } catch (e) {
        throw new ApiError(e instanceof ApiError && e.code !== 'internal' ? e.code : 'bad_request', `--data ${values.data}: ${(e as Error).message.replace(/^data: /, '')}`, 'data');
      }
      data = SHEETS.includes(path.extname(f.name).toLowerCase()) ? { data_base64: f.bytes.toString('base64') } : { data_csv: f.bytes.toString('utf8') };
      dataName = f.name;
    }
    await withCatalog(io, values.db, async (ctx) => {
      const input = { ...(data ?? { data_csv: null }), data_name: dataName, cv: !values['no-cv'] };
      const r = values.db && data ? await call(ctx, 'calibration.add', input) : await call(ctx, 'calibration.run', input);
      print(io, values.json, r, () => {
        const lines = [
          `fitted on ${r.provenance.n} measurements (${r.provenance.rejected} rejected) from ${r.provenance.data_files.map((f) => f.path).join(', ')}`,
          `in-sample |error|: median ${r.in_sample.median_abs_pct_error}%, P90 ${r.in_sample.p90_abs_pct_error}%`,
        ];
        if (r.cv) {
          lines.push(`leave-one-group-out (${r.cv.groups} source × GPU groups): median ${r.cv.median_abs_pct_error}%, P90 ${r.cv.p90_abs_pct_error}%, n ${r.cv.n}`);
          const worst = Object.entries(r.cv.by_gpu).sort((a, b) => b[1].median_abs_pct_error - a[1].median_abs_pct_error).slice(0, 5);
          lines.push('worst GPUs: ' + worst.map(([g, e]) => `${g} ${e.median_abs_pct_error}% (n ${e.n})`).join(', '));
        }
        if (r.engine_ratios?.length) {
          lines.push(`engine ratios (one benchmark under two engines; rows rejected as absolute figures): ${r.engine_ratios.length}`);
          for (const q of r.engine_ratios) lines.push(`  ${q.engines} on ${q.gpu_id}, ${q.model_id}: measured ${q.measured}, fitted ${q.predicted} (rows ${q.rows_a.join('+')} / ${q.rows_b.join('+')})`);
        }
        const pe = r.factors.power_exp;
        if (pe) lines.push(`power-limit term: eta_prefill × (datasheet BF16 TFLOPS per W ÷ ${POWER_REF_TFLOPS_PER_W})^−${pe}, TFLOPS per W read within ${POWER_TFLOPS_PER_W_RANGE.join('–')} (included in the table below)`);
        lines.push('', textTable(Object.entries(r.resolved).map(([k, f]) => ({ group: k, ...f })), ['group', 'eta_bw', 'eta_decode', 'eta_prefill', 'overhead_s', 'eta_comm']));
        if (r.stored) lines.push('', `stored ${r.stored} measurement rows${r.stored_for_ratios ? ` (${r.stored_for_ratios} of them rejected as absolute figures, kept as sides of engine ratios)` : ''}; this fit is now the database's default calibration`);
        return lines.join('\n');
      });
    });
  }),
};
