// One job registry for every long piece of work (plan, procurement, export, big import): the
// web host and Electron tag a call with a job id so the page can poll its progress and cancel
// it; plan.start / procure.start run a job in the background and keep its result for status.
// One implementation, passed to handlers in the API context (AppContext.jobs).
import { ApiError } from './errors.js';
import type { Progress } from './context.js';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobHooks { progress: Progress; signal: AbortSignal }

export interface JobStatus<R = unknown> {
  job: string; kind: string; state: JobState; done: number; total: number; label: string | null;
  /** Free-form progress detail a job reports (e.g. the solver's gap). */
  detail: unknown;
  result?: R; error?: string;
}

interface Entry {
  id: string; kind: string; state: JobState; done: number; total: number; label: string | null; detail: unknown;
  controller: AbortController; result?: unknown; error?: string; seq: number; keep: boolean;
}

/** Finished background jobs kept for their status (oldest dropped first). */
const KEEP_FINISHED = 8;

export class JobRegistry {
  private readonly jobs = new Map<string, Entry>();
  private seq = 0;

  private entry(id: string, kind: string, total: number, keep: boolean): Entry {
    const e: Entry = { id, kind, state: 'running', done: 0, total, label: null, detail: null, controller: new AbortController(), seq: ++this.seq, keep };
    this.jobs.set(id, e);
    return e;
  }

  private hooks(e: Entry): JobHooks {
    return { signal: e.controller.signal, progress: (done, total, label) => { e.done = done; e.total = total; e.label = label ?? null; } };
  }

  /** Runs a call the host tagged with `id` (null: untracked), tracked while it runs. */
  async track<R>(id: string | null, fn: (h: JobHooks) => Promise<R>): Promise<R> {
    if (id === null) { const c = new AbortController(); return fn({ signal: c.signal, progress: () => {} }); }
    const e = this.entry(id, 'call', 0, false);
    try { return await fn(this.hooks(e)); } finally { this.jobs.delete(id); }
  }

  /** Starts `fn` in the background; its result (or error) stays available to `status`. */
  start<R>(kind: string, total: number, fn: (h: JobHooks & { report: (detail: unknown) => void }) => Promise<R>): string {
    const e = this.entry(`${kind}-${this.seq + 1}`, kind, total, true);
    this.prune();
    // The job begins after this call has answered: a plan's first steps run synchronously for
    // seconds, and the caller (the Plan page) shows its progress as soon as it has the job id.
    setImmediate(() => {
      // Cancelled before it began: it never runs.
      if (e.controller.signal.aborted) { e.state = 'cancelled'; return; }
      let p: Promise<R>;
      try { p = fn({ ...this.hooks(e), report: (d) => { e.detail = d; } }); } catch (err) { p = Promise.reject(err); }
      p.then(
        (r) => { e.result = r; e.done = e.total; e.state = 'done'; },
        (err) => {
          if (err instanceof ApiError && err.code === 'cancelled') e.state = 'cancelled';
          else { e.state = 'failed'; e.error = err instanceof ApiError ? err.message : err instanceof Error ? err.message : 'internal error'; }
        },
      );
    });
    return e.id;
  }

  /** A background job's state and result; throws not_found for an unknown id (or one of another kind). */
  status<R>(id: string, kind?: string): JobStatus<R> {
    const e = this.jobs.get(id);
    if (!e || !e.keep || (kind !== undefined && e.kind !== kind)) throw new ApiError('not_found', `unknown job "${id}"`, 'job');
    return {
      job: e.id, kind: e.kind, state: e.state, done: e.done, total: e.total, label: e.label, detail: e.detail,
      ...(e.result !== undefined ? { result: e.result as R } : {}), ...(e.error ? { error: e.error } : {}),
    };
  }

  /** Progress of a running tracked call or background job. */
  progress(id: string): { done: number; total: number; label: string | null; running: boolean } {
    const e = this.jobs.get(id);
    return e && e.state === 'running' ? { done: e.done, total: e.total, label: e.label, running: true } : { done: 0, total: 0, label: null, running: false };
  }

  /** Asks a running job to stop; false when it is unknown or already finished. */
  cancel(id: string, kind?: string): boolean {
    const e = this.jobs.get(id);
    if (!e || (kind !== undefined && e.kind !== kind) || e.state !== 'running') return false;
    e.controller.abort();
    return true;
  }

  /** Whether a job with this id is known (running, or finished and kept). */
  has(id: string): boolean { return this.jobs.has(id); }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((e) => e.keep && e.state !== 'running').sort((a, b) => a.seq - b.seq);
    for (const e of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(e.id);
  }
}

/** The registry of a process that does not pass its own (the CLI runs one call per process). */
export const processJobs = new JobRegistry();
