// Runs the procurement optimiser off the calling thread: HiGHS's solve() blocks, so it
// lives in a worker_threads Worker. The same file is the worker (when started with
// workerData.procure) and the main-thread runner `runProcureInWorker`, which reports
// progress (MIP gap, incumbent) and cancels by terminating the worker.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { compiledWorker, runWorker, type WorkerReply } from './run-worker.js';
import { optimise, type OptimiseOptions, type ProcureInput, type ProcureResult } from '../engine/procure/index.js';
import { highsSolver, loadSolverRuntime, type ProgressInfo } from './highs-solver.js';

export type WorkerMessage = WorkerReply<ProcureResult, ProgressInfo>;

export class ProcureCancelled extends Error {
  constructor() { super('procurement run cancelled'); this.name = 'ProcureCancelled'; }
}

/** Solves in the calling thread (CLI one-shots, tests); blocks for up to the time limit. */
export async function runProcureHere(input: ProcureInput, opts: OptimiseOptions = {}, onProgress?: (p: ProgressInfo) => void): Promise<ProcureResult> {
  const h = await loadSolverRuntime();
  return optimise(input, highsSolver(h, onProgress), opts);
}

export interface RunOptions {
  onProgress?: (p: ProgressInfo) => void;
  signal?: AbortSignal;
  /** Compiled worker script; default: this module's own .js file. */
  workerUrl?: URL;
}

/** Solves in a worker thread; rejects with ProcureCancelled when `signal` aborts. */
export function runProcureInWorker(input: ProcureInput, opts: OptimiseOptions = {}, run: RunOptions = {}): Promise<ProcureResult> {
  const url = compiledWorker(import.meta.url, run.workerUrl);
  // Under a TS loader (vitest) there is no compiled worker file: solve here instead.
  if (!url) return runProcureHere(input, opts, run.onProgress);
  return runWorker<ProcureResult, ProgressInfo>(url, { procure: true, input, opts }, {
    signal: run.signal, onProgress: run.onProgress, cancelled: () => new ProcureCancelled(), name: 'procurement',
  });
}

if (!isMainThread && parentPort && (workerData as { procure?: boolean } | null)?.procure) {
  const port = parentPort;
  const { input, opts } = workerData as { input: ProcureInput; opts: OptimiseOptions };
  runProcureHere(input, opts, (progress) => port.postMessage({ type: 'progress', progress } satisfies WorkerMessage))
    .then((result) => port.postMessage({ type: 'done', result } satisfies WorkerMessage))
    .catch((err: unknown) => port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies WorkerMessage));
}
