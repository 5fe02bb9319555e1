// The main-thread side of a one-job worker thread (big import previews, calibration): start it,
// relay progress, settle once on its answer, an error or its exit, and cancel by terminating it.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ApiErrorCode } from '../shared/errors.js';

/** What a job worker posts back. `code`/`field`/`detail` carry an ApiError across the thread. */
export type WorkerReply<R, P> =
  | { type: 'progress'; progress: P }
  | { type: 'done'; result: R }
  /** A slice of a big answer; the worker waits for 'next' before sending the following one. */
  | { type: 'part'; part: unknown }
  | { type: 'error'; message: string; code?: ApiErrorCode | null; field?: string; detail?: unknown };

export type WorkerFailure = Extract<WorkerReply<unknown, unknown>, { type: 'error' }>;

/**
 * The worker script to start: `given`, else the calling module's own compiled file; null under
 * a TS loader (vitest), where there is no compiled file and the caller runs the job in-process.
 */
export function compiledWorker(ownUrl: string, given?: URL): URL | null {
  if (given) return given;
  const url = new URL(ownUrl);
  return url.pathname.endsWith('.js') && existsSync(fileURLToPath(url)) ? url : null;
}

export interface RunWorkerOptions<P> {
  signal?: AbortSignal;
  onProgress?: (p: P) => void;
  /** The rejection when `signal` aborts. */
  cancelled: () => Error;
  /** The rejection for an error the worker reports (default: an Error with its message). */
  failed?: (m: WorkerFailure) => Error;
  /** Names the job in the message when the worker exits without answering. */
  name: string;
  /** Receives each slice of a big answer; the next is asked for only after this event-loop turn. */
  onPart?: (part: unknown) => void;
}

export function runWorker<R, P>(url: URL, workerData: unknown, o: RunWorkerOptions<P>): Promise<R> {
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) { reject(o.cancelled()); return; }
    const worker = new Worker(url, { workerData });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(o.cancelled()));
    o.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: WorkerReply<R, P>) => {
      if (msg.type === 'progress') o.onProgress?.(msg.progress);
      else if (msg.type === 'part') {
        // Deserialising a 100k-row answer at once blocked the host's loop for ~0.5 s: one slice per
        // turn, asked for after the turn, keeps every other call and timer answering in between.
        o.onPart?.(msg.part);
        setImmediate(() => { if (!settled) worker.postMessage('next'); });
      }
      else if (msg.type === 'done') finish(() => resolve(msg.result));
      else finish(() => reject(o.failed ? o.failed(msg) : new Error(msg.message)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`${o.name} worker exited with code ${code}`))));
  });
}

/**
 * Threads kept between jobs (a plan runs several forecasts and solves; starting a thread and
 * loading its modules costs more than many jobs). A job takes a kept thread or starts one, and
 * gives it back when it answered; a thread that failed or was cancelled is ended instead.
 */
export class IdleThreads {
  private idle: Worker[] = [];
  /** Threads started so far (reuse is pinned on it). */
  started = 0;
  constructor(private readonly start: () => Worker, private readonly keep: number) {}

  take(): Worker {
    const kept = this.idle.pop();
    if (kept) { kept.ref(); return kept; }
    this.started++;
    return this.start();
  }

  giveBack(w: Worker): void {
    w.removeAllListeners('message'); w.removeAllListeners('error'); w.removeAllListeners('exit');
    if (this.idle.length >= this.keep) { void w.terminate(); return; }
    // An idle thread must not keep a CLI run (or a test) from exiting; one that dies idle is dropped.
    w.unref();
    w.once('exit', () => { const i = this.idle.indexOf(w); if (i >= 0) this.idle.splice(i, 1); });
    this.idle.push(w);
  }
}
