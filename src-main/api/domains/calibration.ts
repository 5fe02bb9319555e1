// The calibration.* methods: the active fit and its cross-validation, refits from measurements.
import { z } from 'zod';
import { method } from '../method.js';
import { ApiError } from '../errors.js';
import type { AppContext } from '../context.js';
import { SEED_BENCHMARKS, catalogSpecs, countMeasurements, hasCalibrationTables, insertMeasurements, listMeasurements, measurementsStamp, resolveCalibration, saveFit,
} from '../../store/calibration.js';
import { calibrateInWorker, type CalibrationOutcome } from '../../workers/calibration-worker.js';
import { MAX_CALIBRATION_BYTES, type MeasurementSource } from '../../io/calibration/read.js';
import { factorsOut } from './perf.js';
import { fittedRatioSchema } from '../../engine/calibration/index.js';
import path from 'node:path';


const groupErr = z.object({ n: z.number(), median_abs_pct_error: z.number(), p90_abs_pct_error: z.number() });
const calibrationOut = z.object({
  factors: z.object({ kind: z.literal('factor-table'), global: factorsOut, groups: z.record(z.string(), factorsOut.partial()), power_exp: z.number().optional() }),
  resolved: z.record(z.string(), factorsOut),
  in_sample: z.object({ median_abs_pct_error: z.number(), p90_abs_pct_error: z.number() }),
  datasets: z.record(z.string(), z.object({ assumed_input_tokens: z.number(), fitted_input_tokens: z.number(), multiplier: z.number() })),
  cv: z.object({
    median_abs_pct_error: z.number(), p90_abs_pct_error: z.number(), n: z.number(), groups: z.number(),
    by_gpu: z.record(z.string(), groupErr), by_model: z.record(z.string(), groupErr), by_group: z.record(z.string(), groupErr),
    by_engine: z.record(z.string(), groupErr), by_vendor: z.record(z.string(), groupErr),
    residuals: z.record(z.string(), z.array(z.number())).optional(),
    residuals_unseen: z.record(z.string(), z.array(z.number())).optional(),
  }).nullable(),
  // Same-benchmark runs under two engines, measured vs fitted (issue 13, engine ratios); absent without any.
  engine_ratios: z.array(fittedRatioSchema).optional(),
  provenance: z.object({
    data_files: z.array(z.object({ path: z.string(), rows: z.number(), sha256: z.string().optional() })),
    fitted_on: z.string(), n: z.number(), rejected: z.number(), groups: z.number(), method: z.string(), priors: factorsOut,
    assumptions: z.array(z.string()),
  }),
  rejected: z.array(z.object({ row: z.number(), reason: z.string() })),
  stored: z.number(),
  /** Of `stored`, rows rejected as absolute figures and kept as a side of an engine ratio. */
  stored_for_ratios: z.number(),
});

const calibrationInput = z.object({
  /** The user's measurements as CSV text (benchmarks_public.csv columns) … */
  data_csv: z.string().max(MAX_CALIBRATION_BYTES).nullable().optional(),
  /** … or a CSV/XLSX file's bytes (with data_name as its file name). */
  data_base64: z.string().max(Math.ceil(MAX_CALIBRATION_BYTES / 3) * 4 + 4).optional(),
  data_name: z.string().max(300).default('user data'),
  cv: z.boolean().default(true),
}).refine((v) => !(v.data_csv && v.data_base64 !== undefined), { message: 'give either data_csv or data_base64', path: ['data_base64'] });

type CalibrationInput = z.infer<typeof calibrationInput>;

/** Count and last id of the stored measurements: an add commits only if they did not change while it fitted. */
type Prepared = CalibrationOutcome & { stamp: string };

/**
 * Everything but the commit, outside the write queue and any transaction: read what the fit
 * needs (catalog, stored measurements), then read the user's file, validate and fit in a worker
 * thread (issue 17 item 2: the main thread keeps answering, no lock is held while it works).
 */
async function prepare(ctx: AppContext, input: CalibrationInput, store: boolean): Promise<Prepared> {
  if (store && !hasCalibrationTables(ctx.db)) {
    throw new ApiError('bad_request', 'this database has no calibration tables (it was created by a build without migration 0020); create a new one with `headroom demo`', 'db');
  }
  const { gpus, models } = catalogSpecs(ctx.db);
  const stamp = measurementsStamp(ctx.db);
  const bytes = input.data_base64 !== undefined ? new Uint8Array(Buffer.from(input.data_base64, 'base64')) : null;
  if (bytes && !bytes.length) throw new ApiError('bad_request', `${input.data_name}: the file is empty`, 'data');
  const user: MeasurementSource | null = bytes ? { name: input.data_name, bytes } : input.data_csv ? { name: input.data_name, text: input.data_csv } : null;
  const out = await calibrateInWorker({
    publicCsv: { file: path.join(ctx.appRoot, SEED_BENCHMARKS), path: SEED_BENCHMARKS.split(path.sep).join('/') },
    stored: listMeasurements(ctx.db), user, gpus, models,
    fittedOn: ctx.now().toISOString().slice(0, 10), cv: input.cv,
  }, { onProgress: ctx.progress ? (d, t) => ctx.progress!(d, t, 'calibration') : undefined, signal: ctx.signal });
  return { ...out, stamp };
}

/** The answer; with `store`, the commit (under the write lock): the accepted rows and the new active fit. */
function finish(ctx: AppContext, input: CalibrationInput, p: Prepared, store: boolean): z.infer<typeof calibrationOut> {
  let storedN = 0;
  let pairedN = 0;
  if (store && p.accepted.length + p.paired.length) {
    if (measurementsStamp(ctx.db) !== p.stamp) {
      throw new ApiError('conflict', 'calibration data changed while this fit ran (another add); nothing was written, run it again', 'data');
    }
    // Rows kept only as a side of an engine ratio are stored in file order with the rest: a later
    // refit from the database rejects them as absolute figures again and pairs them again.
    const rows = [...p.accepted, ...p.paired].sort((a, b) => a.row - b.row);
    storedN = insertMeasurements(ctx.db, rows, input.data_name, ctx.now());
    pairedN = p.paired.length;
    saveFit(ctx.db, p.file, ctx.now());
  }
  return { ...p.file, rejected: p.rejected, stored: storedN, stored_for_ratios: pairedN } as z.infer<typeof calibrationOut>;
}

export const calibrationMethods = {
  'calibration.get': method({
    input: z.object({}).default({}),
    output: z.object({
      kind: z.enum(['stored', 'shipped', 'none']),
      created_at: z.string().nullable(),
      measurements: z.number(),
      file: calibrationOut.omit({ rejected: true, stored: true, stored_for_ratios: true }).nullable(),
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
    run: async (ctx, input) => finish(ctx, input, await prepare(ctx, input, false), false),
  }),

  /** Store the file's accepted rows in this database, refit on public + all stored data, make it the active fit. */
  'calibration.add': method({
    input: calibrationInput,
    output: calibrationOut,
    mutates: true,
    beforeLock: (ctx, input) => {
      if (!input.data_csv && input.data_base64 === undefined) throw new ApiError('bad_request', 'data: a measurements file is required to add calibration data', 'data');
      return prepare(ctx, input, true);
    },
    run: (ctx, input, prepared) => finish(ctx, input, prepared, true),
  }),
};
