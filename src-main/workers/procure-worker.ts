// Runs the procurement optimiser off the calling thread: HiGHS's solve() blocks, so it
// lives in a worker_threads Worker. The same file is the worker (started with
// workerData.kind = POOL_KIND) and the main-thread runner `runProcureInWorker`, which reports
// progress (MIP gap, incumbent) and cancels by terminating the worker.
// One thread is kept between solves: a plan at a risk target solves up to four times, and
// starting a thread and loading HiGHS's WASM cost ~0.5–0.8 s each time (more than the solve).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { compiledWorker, IdleThreads, type WorkerReply } from './run-worker.js';
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

const POOL_KIND = 'headroom-procure-pool';
interface Job { input: ProcureInput; opts: OptimiseOptions }

if (!isMainThread && parentPort && (workerData as { kind?: string } | null)?.kind === POOL_KIND) {
  const port = parentPort;
  // Jobs come one at a time (a thread is lent to one solve until it answers).
  port.on('message', ({ input, opts }: Job) => {
    runProcureHere(input, opts, (progress) => port.postMessage({ type: 'progress', progress } satisfies WorkerMessage))
      .then((result) => port.postMessage({ type: 'done', result } satisfies WorkerMessage))
      .catch((err: unknown) => port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies WorkerMessage));
  });
}

/** Idle threads per worker script, kept for the next solve (one: solves in a plan run in turn). */
const pools = new Map<string, IdleThreads>();
const threadsFor = (url: URL): IdleThreads => {
  let t = pools.get(url.href);
  if (!t) { t = new IdleThreads(() => new Worker(url, { workerData: { kind: POOL_KIND } }), 1); pools.set(url.href, t); }
  return t;
};

/** Threads started so far in this process (the pool's reuse is pinned on it). */
export const procureThreadsStarted = (): number => [...pools.values()].reduce((n, t) => n + t.started, 0);

/** Solves in a worker thread; rejects with ProcureCancelled when `signal` aborts (the thread is ended, not kept). */
export function runProcureInWorker(input: ProcureInput, opts: OptimiseOptions = {}, run: RunOptions = {}): Promise<ProcureResult> {
  const url = compiledWorker(import.meta.url, run.workerUrl);
  // Under a TS loader (vitest) there is no compiled worker file: solve here instead.
  if (!url) return runProcureHere(input, opts, run.onProgress);
  return new Promise((resolve, reject) => {
    if (run.signal?.aborted) { reject(new ProcureCancelled()); return; }
    const threads = threadsFor(url);
    const w = threads.take();
    let settled = false;
    const end = (keep: boolean, fn: () => void) => {
      if (settled) return;
      settled = true;
      run.signal?.removeEventListener('abort', onAbort);
      if (keep) threads.giveBack(w);
      else { w.removeAllListeners(); void w.terminate(); }
      fn();
    };
    const onAbort = () => end(false, () => reject(new ProcureCancelled()));
    run.signal?.addEventListener('abort', onAbort, { once: true });
    w.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'progress') run.onProgress?.(msg.progress);
      else if (msg.type === 'done') end(true, () => resolve(msg.result));
      else if (msg.type === 'error') end(false, () => reject(new Error(msg.message)));
    });
    w.on('error', (err) => end(false, () => reject(err)));
    w.on('exit', (code) => end(false, () => reject(new Error(`procurement worker exited with code ${code}`))));
    w.postMessage({ input, opts } satisfies Job);
  });
}
