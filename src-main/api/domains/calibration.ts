// The calibration.* methods: the active fit and its cross-validation, refits from measurements.
import { z } from 'zod';
import { method } from '../method.js';
import { ApiError } from '../errors.js';
import type { AppContext } from '../context.js';
import { runCalibration, type CalibrationFile } from '../../engine/calibration/index.js';
import { parseCsvObjects } from '../../shared/csv.js';
import { SEED_BENCHMARKS, catalogSpecs, countMeasurements, hasCalibrationTables, insertMeasurements, listMeasurements, resolveCalibration, saveFit,
} from '../../store/calibration.js';
import { factorsOut } from './perf.js';
import fs from 'node:fs';
import path from 'node:path';


const groupErr = z.object({ n: z.number(), median_abs_pct_error: z.number(), p90_abs_pct_error: z.number() });
const calibrationOut = z.object({
  factors: z.object({ kind: z.literal('factor-table'), global: factorsOut, groups: z.record(z.string(), factorsOut.partial()) }),
  resolved: z.record(z.string(), factorsOut),
  in_sample: z.object({ median_abs_pct_error: z.number(), p90_abs_pct_error: z.number() }),
  datasets: z.record(z.string(), z.object({ assumed_input_tokens: z.number(), fitted_input_tokens: z.number(), multiplier: z.number() })),
  cv: z.object({
    median_abs_pct_error: z.number(), p90_abs_pct_error: z.number(), n: z.number(), groups: z.number(),
    by_gpu: z.record(z.string(), groupErr), by_model: z.record(z.string(), groupErr), by_group: z.record(z.string(), groupErr),
    by_engine: z.record(z.string(), groupErr), by_vendor: z.record(z.string(), groupErr),
    residuals: z.record(z.string(), z.array(z.number())).optional(),
  }).nullable(),
  provenance: z.object({
    data_files: z.array(z.object({ path: z.string(), rows: z.number(), sha256: z.string().optional() })),
    fitted_on: z.string(), n: z.number(), rejected: z.number(), groups: z.number(), method: z.string(), priors: factorsOut,
    assumptions: z.array(z.string()),
  }),
  rejected: z.array(z.object({ row: z.number(), reason: z.string() })),
  stored: z.number(),
});

const calibrationInput = z.object({
  /** The user's measurements as CSV text (benchmarks_public.csv columns). */
  data_csv: z.string().max(50_000_000).nullable().optional(),
  data_name: z.string().max(300).default('user data'),
  cv: z.boolean().default(true),
});

function calibrate(ctx: AppContext, input: z.infer<typeof calibrationInput>, store: boolean): z.infer<typeof calibrationOut> {
  if (store && !hasCalibrationTables(ctx.db)) {
    throw new ApiError('bad_request', 'this database has no calibration tables (it was created by a build without migration 0020); create a new one with `headroom demo`', 'db');
  }
  const { gpus, models } = catalogSpecs(ctx.db);
  const publicPath = path.join(ctx.appRoot, SEED_BENCHMARKS);
  const sources: { path: string; rows: Record<string, string>[] }[] = [
    { path: SEED_BENCHMARKS.split(path.sep).join('/'), rows: parseCsvObjects(fs.readFileSync(publicPath, 'utf8')) },
  ];
  // Measurements stored earlier are used from then on, by every fit of this database.
  const stored = listMeasurements(ctx.db);
  if (stored.length) sources.push({ path: 'database: calibration_measurements', rows: stored });
  let userRows: Record<string, string>[] = [];
  if (input.data_csv) {
    userRows = parseCsvObjects(input.data_csv);
    const header = Object.keys(userRows[0] ?? {});
    const missing = ['gpu_id', 'model_id', 'precision', 'metric', 'value'].filter((c) => !header.includes(c));
    if (!userRows.length) throw new ApiError('bad_request', `${input.data_name}: no data rows`, 'data');
    if (missing.length) throw new ApiError('bad_request', `${input.data_name}: missing column(s) ${missing.join(', ')} (expected the columns of benchmarks_public.csv)`, 'data');
    sources.push({ path: input.data_name, rows: userRows.map((r) => ({ ...r, source: r.source || input.data_name })) });
  }
  const now = ctx.now();
  const run = runCalibration(sources, gpus, models, {
    fittedOn: now.toISOString().slice(0, 10), cv: input.cv,
    onProgress: (d, t) => ctx.progress?.(d, t, 'calibration'),
  });
  // Rows of the user's file: which were accepted (by position in the file).
  const userPath = input.data_name;
  const rejectedUser = new Set(run.rejected.filter((r) => r.reason.startsWith(`${userPath}: `)).map((r) => r.row));
  let storedN = 0;
  if (store && userRows.length) {
    const accepted = userRows.map((cells, i) => ({ row: i + 1, cells })).filter((x) => !rejectedUser.has(x.row));
    storedN = insertMeasurements(ctx.db, accepted, input.data_name, now);
    saveFit(ctx.db, run.file, now);
  }
  return { ...(run.file as CalibrationFile), rejected: run.rejected, stored: storedN } as z.infer<typeof calibrationOut>;
}

export const calibrationMethods = {
  'calibration.get': method({
    input: z.object({}).default({}),
    output: z.object({
      kind: z.enum(['stored', 'shipped', 'none']),
      created_at: z.string().nullable(),
      measurements: z.number(),
      file: calibrationOut.omit({ rejected: true, stored: true }).nullable(),
    }),
    run: (ctx) => {
      const c = resolveCalibration('default', ctx.appRoot, ctx.db);
      return { kind: c.kind, created_at: c.created_at ?? c.file?.provenance.fitted_on ?? null, measurements: countMeasurements(ctx.db), file: c.file };
    },
  }),

  /** Fit and report (public data plus the given file); nothing is stored. */
  'calibration.run': method({
    input: calibrationInput,
    output: calibrationOut,
    run: (ctx, input) => calibrate(ctx, input, false),
  }),

  /** Store the file's accepted rows in this database, refit on public + all stored data, make it the active fit. */
  'calibration.add': method({
    input: calibrationInput,
    output: calibrationOut,
    mutates: true,
    run: (ctx, input) => {
      if (!input.data_csv) throw new ApiError('bad_request', 'data: a measurements file is required to add calibration data', 'data');
      return calibrate(ctx, input, true);
    },
  }),
};
