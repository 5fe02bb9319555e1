// Calibration: public surface. `runCalibration` turns benchmark rows into a fitted factor
// table plus a leave-one-group-out report; `calibrationFileSchema` is the shape of
// db/seed/calibration.json (and of fits stored in the database).
import { z } from 'zod';
import type { GpuSpec, ModelSpec } from '../catalog.js';
import { DEFAULT_FACTORS, FACTOR_KEYS, type EfficiencyFactors, type FactorTable } from '../capacity/factors.js';
import { Calibrator, type CvReport, type FitOptions, type FitResult, type FittedRatio } from './fit.js';
import { observationsFromRows, type EngineRatio, type Observation, type Rejected } from './observations.js';

export * from './observations.js';
export * from './fit.js';
export * from './predict.js';

export interface Provenance {
  data_files: { path: string; rows: number; sha256?: string }[];
  fitted_on: string;
  n: number;
  rejected: number;
  groups: number;
  method: string;
  priors: EfficiencyFactors;
  assumptions: string[];
}

export interface CalibrationFile {
  version: 1;
  /** The fitted table the engine resolves per GPU family × precision. */
  factors: FactorTable;
  /** Resolved factors per "family:precision" seen in the data, for reading. */
  resolved: Record<string, EfficiencyFactors>;
  in_sample: { median_abs_pct_error: number; p90_abs_pct_error: number };
  /** Mean prompt lengths estimated for datasets whose sources do not state them. */
  datasets: FitResult['datasets'];
  cv: CvReport | null;
  /** Same-benchmark runs under two engines the fit used as ratios (EngineRatio), measured vs fitted. */
  engine_ratios?: FittedRatio[];
  provenance: Provenance;
}

export const METHOD = 'Levenberg–Marquardt on log(per-GPU output tokens/s), Huber loss (δ = 0.2), Gaussian priors on log factors '
  + '(global sd 0.7 around the datasheet defaults, GPU family sd 0.35, family × precision sd 0.25); unstated dataset mean prompt lengths '
  + 'estimated jointly (log prior sd 0.5 around the assumption); identical configurations merged; '
  + 'serving engine and engine × GPU vendor levels (prior sd 0.3 / 0.2: shrinkage toward the global fit); per-part level (sd 0.5); '
  + 'prefill efficiency × (datasheet TFLOPS per W ÷ 1.4)^−exp, exp fitted (prior 0, sd 1); '
  + 'same-benchmark runs under two engines as ratios ln(a ÷ b) (weight 10 rows each, Huber at ln 2; weight-only precision fallbacks not paired); '
  + 'leave-one-group-out CV with group = source × GPU × engine';

export interface CalibrationRun {
  file: CalibrationFile;
  observations: Observation[];
  rejected: Rejected[];
  /** The engine ratios fitted, each with the source file (its `path`) its rows are in. */
  ratios: (EngineRatio & { path: string })[];
}

/**
 * Fit on the given rows (public and/or the user's own). `fittedOn` is the caller's date
 * (the engine reads no clock); `cv: false` skips the cross-validation.
 */
export function runCalibration(
  sources: { path: string; rows: Record<string, string>[]; sha256?: string }[],
  gpus: readonly GpuSpec[], models: readonly ModelSpec[],
  opts: { fittedOn: string; cv?: boolean; fit?: FitOptions; onProgress?: (done: number, total: number) => void },
): CalibrationRun {
  const observations: Observation[] = [];
  const rejected: Rejected[] = [];
  const ratios: (EngineRatio & { path: string })[] = [];
  for (const s of sources) {
    const r = observationsFromRows(s.rows, gpus, models);
    // Keep groups distinct per file: a user's file is its own source.
    observations.push(...r.observations);
    ratios.push(...r.ratios.map((q) => ({ ...q, path: s.path })));
    rejected.push(...r.rejected.map((x) => ({ ...x, reason: sources.length > 1 ? `${s.path}: ${x.reason}` : x.reason })));
  }
  const cal = new Calibrator(gpus, models, opts.fit);
  const groups = new Set(observations.map((o) => o.group)).size;
  const pairs = cal.pairKeys(observations).length;
  const total = 1 + (opts.cv === false ? 0 : groups + pairs);
  const fit = observations.length ? cal.fit(observations, undefined, undefined, {}, ratios) : null;
  opts.onProgress?.(1, total);
  const held = fit && opts.cv !== false ? cal.crossValidate(observations, fit, (d) => opts.onProgress?.(1 + d, total), 3, ratios) : null;
  const cv = held && fit ? { ...held, residuals_unseen: cal.unseenResiduals(observations, fit, (d) => opts.onProgress?.(1 + groups + d, total), 3, ratios) } : null;
  const assumptions = [...new Set(observations.flatMap((o) => o.assumed.length ? [`${o.source} ${o.model_id}: assumed ${o.assumed.join(' and ')}`] : []))].sort();
  const file: CalibrationFile = {
    version: 1,
    factors: fit ? roundTable(fit.table) : { kind: 'factor-table', global: { ...DEFAULT_FACTORS }, groups: {} },
    resolved: fit?.factors ?? {},
    in_sample: fit?.in_sample ?? { median_abs_pct_error: 0, p90_abs_pct_error: 0 },
    datasets: fit?.datasets ?? {},
    cv,
    ...(fit?.ratios.length ? { engine_ratios: fit.ratios } : {}),
    provenance: {
      data_files: sources.map((s) => ({ path: s.path, rows: s.rows.length, ...(s.sha256 ? { sha256: s.sha256 } : {}) })),
      fitted_on: opts.fittedOn,
      n: observations.length,
      rejected: rejected.length,
      groups,
      method: METHOD,
      priors: { ...(opts.fit?.prior ?? DEFAULT_FACTORS) },
      assumptions,
    },
  };
  return { file, observations, rejected, ratios };
}

const sig4 = (x: number) => Number(x.toPrecision(4));
/** Four significant digits: the factors are estimates, not measurements to the last bit. */
function roundTable(t: FactorTable): FactorTable {
  const groups: FactorTable['groups'] = {};
  for (const [k, g] of Object.entries(t.groups)) {
    groups[k] = Object.fromEntries(Object.entries(g).map(([f, v]) => [f, sig4(v as number)]));
  }
  return {
    kind: 'factor-table', global: Object.fromEntries(FACTOR_KEYS.map((k) => [k, sig4(t.global[k])])) as unknown as EfficiencyFactors, groups,
    ...(t.power_exp ? { power_exp: sig4(t.power_exp) } : {}),
    ...(t.per_seq_s !== undefined ? { per_seq_s: sig4(t.per_seq_s) } : {}),
  };
}

const factorsSchema = z.object(Object.fromEntries(FACTOR_KEYS.map((k) => [k, z.number().positive().finite()])) as Record<keyof EfficiencyFactors, z.ZodNumber>);
const partialFactors = factorsSchema.partial();
export const factorTableSchema = z.object({
  kind: z.literal('factor-table'),
  global: factorsSchema,
  groups: z.record(z.string(), partialFactors),
  // Added with the power-limit term (factors.ts powerLimitMultiplier); older fits lack it.
  power_exp: z.number().finite().min(-3).max(3).optional(),
  // Added with the per-sequence step cost (factors.ts per_seq_s); older fits lack it.
  per_seq_s: z.number().finite().min(0).max(1e-3).optional(),
});
const groupErr = z.object({ n: z.number(), median_abs_pct_error: z.number(), p90_abs_pct_error: z.number() });
/** One engine ratio as the fit reports it (FittedRatio). */
export const fittedRatioSchema = z.object({
  source: z.string(), gpu_id: z.string(), model_id: z.string(), engines: z.string(),
  rows_a: z.array(z.number()), rows_b: z.array(z.number()), measured: z.number(), predicted: z.number(),
});
export const cvReportSchema = z.object({
  median_abs_pct_error: z.number(),
  p90_abs_pct_error: z.number(),
  n: z.number(),
  groups: z.number(),
  by_gpu: z.record(z.string(), groupErr),
  by_model: z.record(z.string(), groupErr),
  by_group: z.record(z.string(), groupErr),
  // Added by issue 13; fits stored before it lack them.
  by_engine: z.record(z.string(), groupErr).default({}),
  by_vendor: z.record(z.string(), groupErr).default({}),
  residuals: z.record(z.string(), z.array(z.number())).optional(),
  residuals_unseen: z.record(z.string(), z.array(z.number())).optional(),
});
export const calibrationFileSchema = z.object({
  version: z.literal(1),
  factors: factorTableSchema,
  resolved: z.record(z.string(), factorsSchema),
  in_sample: z.object({ median_abs_pct_error: z.number(), p90_abs_pct_error: z.number() }),
  datasets: z.record(z.string(), z.object({ assumed_input_tokens: z.number(), fitted_input_tokens: z.number(), multiplier: z.number() })).default({}),
  cv: cvReportSchema.nullable(),
  // Added with the engine ratios (issue 13); older fits lack them.
  engine_ratios: z.array(fittedRatioSchema).optional(),
  provenance: z.object({
    data_files: z.array(z.object({ path: z.string(), rows: z.number(), sha256: z.string().optional() })),
    fitted_on: z.string(),
    n: z.number(),
    rejected: z.number(),
    groups: z.number(),
    method: z.string(),
    priors: factorsSchema,
    assumptions: z.array(z.string()),
  }),
});

/** Accepts a full calibration file or a bare factor table (e.g. `--calibration FILE`). */
export function factorTableFromJson(raw: unknown): FactorTable {
  const file = calibrationFileSchema.safeParse(raw);
  if (file.success) return file.data.factors as FactorTable;
  const table = factorTableSchema.safeParse(raw);
  if (table.success) return table.data as FactorTable;
  const bare = factorsSchema.safeParse(raw);
  if (bare.success) return { kind: 'factor-table', global: bare.data as EfficiencyFactors, groups: {} };
  const issue = file.error.issues[0];
  throw new Error(`not a calibration file: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unrecognised shape'}`);
}
