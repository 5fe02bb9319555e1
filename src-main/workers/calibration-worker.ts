// Fits a calibration off the calling thread (issue 17 item 2): reading the user's measurements
// (CSV or XLSX, bounded by cells), the public set, and the fit with its leave-one-group-out
// cross-validation are seconds of CPU; in the desktop app or `headroom serve` that would freeze
// every reply. The same file is the worker (workerData.calibration) and the runner
// `calibrateInWorker`; cancel terminates the worker. Nothing here touches the database: the
// caller reads what the fit needs first and writes its result afterwards (the write lock is held
// for that commit alone).
import fs from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { compiledWorker, runWorker, type WorkerReply } from './run-worker.js';
import { runCalibration, type CalibrationFile, type Rejected } from '../engine/calibration/index.js';
import type { GpuSpec, ModelSpec } from '../engine/catalog.js';
import { parseCsvObjects } from '../shared/csv.js';
import { ApiError } from '../shared/errors.js';
import { readMeasurements, type MeasurementSource } from '../io/calibration/read.js';

export interface CalibrationJob {
  /** db/seed/benchmarks_public.csv: where it is, and how it is named in the provenance. */
  publicCsv: { file: string; path: string };
  /** Measurements stored in the database earlier (read by the caller). */
  stored: Record<string, string>[];
  /** The user's file, if any. */
  user: MeasurementSource | null;
  gpus: GpuSpec[];
  models: ModelSpec[];
  fittedOn: string;
  cv: boolean;
}

export interface CalibrationOutcome {
  file: CalibrationFile;
  rejected: Rejected[];
  /** The user's rows the fit accepted, by their row in the file: what an add stores. */
  accepted: { row: number; cells: Record<string, string> }[];
  /**
   * The user's rows rejected as absolute figures but fitted as a side of an engine ratio (EngineRatio):
   * an add stores them too, so later refits from the database keep the ratio.
   */
  paired: { row: number; cells: Record<string, string> }[];
}

type Progress = { done: number; total: number };
type Message = WorkerReply<CalibrationOutcome, Progress>;

/** Reads, validates and fits in the calling thread (the worker's body; the in-process fallback under a TS loader). */
export function calibrationJob(job: CalibrationJob, onProgress?: (done: number, total: number) => void): CalibrationOutcome {
  const sources: { path: string; rows: Record<string, string>[] }[] = [
    { path: job.publicCsv.path, rows: parseCsvObjects(fs.readFileSync(job.publicCsv.file, 'utf8')) },
  ];
  // Measurements stored earlier are used from then on, by every fit of this database.
  if (job.stored.length) sources.push({ path: 'database: calibration_measurements', rows: job.stored });
  let userRows: Record<string, string>[] = [];
  if (job.user) {
    userRows = readMeasurements(job.user);
    const name = job.user.name;
    sources.push({ path: name, rows: userRows.map((r) => ({ ...r, source: r.source || name })) });
  }
  const run = runCalibration(sources, job.gpus, job.models, { fittedOn: job.fittedOn, cv: job.cv, onProgress });
  // Rows of the user's file that were accepted (by position in the file).
  const prefix = job.user ? `${job.user.name}: ` : null;
  const rejectedUser = new Set(prefix ? run.rejected.filter((r) => r.reason.startsWith(prefix)).map((r) => r.row) : []);
  const numbered = userRows.map((cells, i) => ({ row: i + 1, cells }));
  const accepted = numbered.filter((x) => !rejectedUser.has(x.row));
  const pairedRows = new Set(job.user ? run.ratios.filter((q) => q.path === job.user!.name).flatMap((q) => [...q.rows_a, ...q.rows_b]) : []);
  const paired = numbered.filter((x) => rejectedUser.has(x.row) && pairedRows.has(x.row));
  return { file: run.file, rejected: run.rejected, accepted, paired };
}

export interface CalibrationRunOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Compiled worker script; default: this module's own .js file. */
  workerUrl?: URL;
}

const cancelled = () => new ApiError('cancelled', 'calibration cancelled; nothing was written');

/** Runs `calibrationJob` in a worker thread; errors (ApiError) and progress as in the calling thread. */
export async function calibrateInWorker(job: CalibrationJob, run: CalibrationRunOptions = {}): Promise<CalibrationOutcome> {
  const url = compiledWorker(import.meta.url, run.workerUrl);
  // Under a TS loader (vitest) there is no compiled worker file: fit here instead.
  if (!url) {
    if (run.signal?.aborted) throw cancelled();
    return calibrationJob(job, run.onProgress);
  }
  return runWorker<CalibrationOutcome, Progress>(url, { calibration: true, job }, {
    signal: run.signal,
    onProgress: run.onProgress ? (p) => run.onProgress!(p.done, p.total) : undefined,
    cancelled,
    failed: (m) => (m.code ? new ApiError(m.code, m.message, m.field, m.detail) : new Error(m.message)),
    name: 'calibration',
  });
}

if (!isMainThread && parentPort && (workerData as { calibration?: boolean } | null)?.calibration) {
  const port = parentPort;
  const { job } = workerData as { job: CalibrationJob };
  try {
    const result = calibrationJob(job, (done, total) => port.postMessage({ type: 'progress', progress: { done, total } } satisfies Message));
    port.postMessage({ type: 'done', result } satisfies Message);
  } catch (err) {
    port.postMessage((err instanceof ApiError
      ? { type: 'error', code: err.code, message: err.message, field: err.field, detail: err.detail }
      : { type: 'error', code: null, message: err instanceof Error ? err.message : String(err) }) satisfies Message);
  }
}
