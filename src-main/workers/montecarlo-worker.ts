// Monte Carlo off the calling thread: the paths are split across worker_threads (2 by default,
// one per core of the target machine), each compiles the scenario and runs its range of paths
// with the pure engine; progress is posted back, cancel is a shared flag the path loop polls.
// Paths are seeded per index, so the split never changes the result. The threads are kept
// between runs (a plan runs several forecasts; starting a thread and loading the engine costs
// ~0.3 s each time) and do not keep the process alive.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { compile, type TimelineInput } from '../engine/timeline/index.js';
import { rhoTable, runPaths, summarise, type McPartial, type McSummary } from '../engine/montecarlo/index.js';
import { IdleThreads } from './run-worker.js';

interface Job { kind: 'headroom-mc'; input: TimelineInput; seed: number; from: number; to: number; stop: SharedArrayBuffer; need: boolean }
type Msg = { type: 'progress'; done: number } | { type: 'done'; part: McPartial } | { type: 'error'; message: string };

export interface WorkerHooks {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Also size to this service level from the same paths (the summary's `demand_scale`). */
  service_level?: number;
}

const POOL_KIND = 'headroom-mc-pool';

if (!isMainThread && parentPort && (workerData as { kind?: string } | undefined)?.kind === POOL_KIND) {
  const port = parentPort;
  port.on('message', (job: Job) => {
    const stop = new Int32Array(job.stop);
    try {
      const model = compile(job.input);
      const part = runPaths(model, rhoTable(model), {
        seed: job.seed, from: job.from, to: job.to, every: 250,
        onProgress: (done) => port.postMessage({ type: 'progress', done } satisfies Msg),
        shouldStop: () => Atomics.load(stop, 0) === 1, need: job.need,
      });
      const moved = [part.crash.buffer, part.overCount.buffer, part.demand.buffer, part.util.buffer, part.need?.buffer, part.needBase?.buffer].filter((b) => b !== undefined);
      port.postMessage({ type: 'done', part } satisfies Msg, moved as ArrayBuffer[]);
    } catch (e) {
      port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies Msg);
    }
  });
}

/** Idle threads kept for the next run (more are started when runs overlap, and ended after). */
const threads = new IdleThreads(() => new Worker(new URL(import.meta.url), { workerData: { kind: POOL_KIND } }), 2);

/** One range of paths on a pooled thread. */
function runOnWorker(job: Job, onProgress: (done: number) => void): Promise<McPartial> {
  return new Promise<McPartial>((resolve, reject) => {
    const w = threads.take();
    let settled = false;
    const fail = (e: Error) => { if (settled) return; settled = true; w.removeAllListeners(); void w.terminate(); reject(e); };
    w.on('message', (m: Msg) => {
      if (m.type === 'progress') onProgress(m.done);
      else if (m.type === 'done') { settled = true; threads.giveBack(w); resolve(m.part); }
      else fail(new Error(m.message));
    });
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`Monte Carlo worker exited with code ${code}`)));
    w.postMessage(job);
  });
}

/** Split [0, runs) into n contiguous ranges. */
export function splitRanges(runs: number, n: number): [number, number][] {
  const k = Math.max(1, Math.min(n, runs));
  const out: [number, number][] = [];
  for (let i = 0; i < k; i++) out.push([Math.floor((runs * i) / k), Math.floor((runs * (i + 1)) / k)]);
  return out.filter(([a, b]) => b > a);
}

/** True when this module runs as built JavaScript (a .ts source cannot be a worker script). */
export const workersAvailable = (): boolean => import.meta.url.endsWith('.js');

/**
 * Runs `runs` paths across `workers` threads and summarises them. Without workers (running
 * from TypeScript sources, e.g. unit tests) the same ranges run here, one after the other.
 */
export async function runMonteCarloInWorkers(input: TimelineInput, runs: number, seed: number, hooks: WorkerHooks = {}, workers = 2): Promise<McSummary & { cancelled: boolean }> {
  const ranges = splitRanges(runs, workers);
  const need = hooks.service_level !== undefined;
  const stopBuf = new SharedArrayBuffer(4);
  const stop = new Int32Array(stopBuf);
  const onAbort = () => Atomics.store(stop, 0, 1);
  if (hooks.signal?.aborted) onAbort();
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  const done = new Array<number>(ranges.length).fill(0);
  const report = () => hooks.onProgress?.(done.reduce((a, b) => a + b, 0), runs);
  try {
    let parts: McPartial[];
    if (!workersAvailable()) {
      // Same ranges, here, in slices with a yield between them so progress and cancel get through.
      const model = compile(input);
      const table = rhoTable(model);
      parts = [];
      const SLICE = 500;
      for (let i = 0; i < ranges.length; i++) {
        const [from, to] = ranges[i];
        for (let a = from; a < to; a += SLICE) {
          await new Promise((r) => setImmediate(r));
          const part = runPaths(model, table, { seed, from: a, to: Math.min(to, a + SLICE), shouldStop: () => Atomics.load(stop, 0) === 1, need });
          parts.push(part);
          if (part.cancelled) break;
          done[i] = Math.min(to, a + SLICE) - from;
          report();
        }
        if (parts[parts.length - 1]?.cancelled) break;
      }
    } else {
      parts = await Promise.all(ranges.map(([from, to], i) => runOnWorker(
        { kind: 'headroom-mc', input, seed, from, to, stop: stopBuf, need },
        (d) => { done[i] = d; report(); },
      )));
    }
    const cancelled = parts.some((p) => p.cancelled);
    return { ...summarise(compile(input), parts, seed, cancelled ? undefined : hooks.service_level), cancelled };
  } finally {
    hooks.signal?.removeEventListener('abort', onAbort);
  }
}
