// HiGHS (WASM, `highs` npm package) behind the engine's LpSolver interface. solve() blocks
// the calling thread: the app calls it inside procure-worker.ts; tests and bench call it
// directly. Deterministic: single-threaded build, fixed random seed, same text → same plan.
import * as highsNs from 'highs';
import type { Highs } from 'highs';
import type { LpSolution, LpSolveOptions, LpSolver } from '../engine/procure/solve.js';

// The package is CJS with ESM build; depending on the resolver the default export is the
// loader or an object holding it. Find the function at runtime.
type HighsRuntime = Highs;
type Loader = () => Promise<HighsRuntime>;
function findLoader(): Loader {
  let d: unknown = (highsNs as unknown as { default?: unknown }).default ?? highsNs;
  if (typeof d !== 'function') d = (d as { default?: unknown }).default;
  if (typeof d !== 'function') throw new Error('highs: loader not found');
  return d as Loader;
}
let runtime: Promise<HighsRuntime> | null = null;

export function loadSolverRuntime(): Promise<HighsRuntime> {
  if (!runtime) runtime = findLoader()();
  return runtime;
}

export interface ProgressInfo { seconds: number; mip_gap: number | null; incumbent: number | null; bound: number | null }

/** An LpSolver bound to a loaded HiGHS runtime; `onProgress` sees MIP log events. */
export function highsSolver(h: HighsRuntime, onProgress?: (p: ProgressInfo) => void): LpSolver {
  return (lp: string, opts: LpSolveOptions): LpSolution => {
    const t0 = performance.now();
    const model = h.createModel({ format: 'lp', data: lp });
    try {
      model.options.set({
        time_limit: opts.time_limit,
        mip_rel_gap: opts.mip_rel_gap,
        random_seed: 0,
        output_flag: false,
      });
      const n = model.getDimensions().numCols;
      const names: string[] = [];
      for (let i = 0; i < n; i++) names.push(model.getColName(i));
      if (opts.start) {
        const colValue = names.map((nm) => opts.start![nm] ?? 0);
        try { model.setSolution({ colValue }); } catch { /* a rejected start only costs time */ }
      }
      const K = h.constants.callbackType;
      // mipInterrupt fires at the solver's periodic checkpoints (mipLogging only with log
      // output on); report at most every 0.25 s.
      let last = -Infinity;
      type Ev = { data: { running_time?: number; mip_gap?: number; mip_primal_bound?: number; mip_dual_bound?: number } };
      const report = (ev: Ev) => {
        const sec = ev.data.running_time ?? 0;
        if (sec - last < 0.25) return undefined;
        last = sec;
        const gapNow = ev.data.mip_gap;
        const fin = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
        onProgress!({ seconds: sec, mip_gap: fin(gapNow), incumbent: fin(ev.data.mip_primal_bound), bound: fin(ev.data.mip_dual_bound) });
        return undefined;
      };
      const callbacks = onProgress ? { [K.mipInterrupt]: report, [K.mipImprovingSolution]: (ev: Ev) => { last = -Infinity; return report(ev); } } : undefined;
      model.run(callbacks as never);
      const st = model.getModelStatus();
      const S = h.constants.modelStatus;
      let hasPrimal = false;
      try { hasPrimal = Number(model.info.get('primal_solution_status')) === 2; } catch { hasPrimal = false; }
      let gap: number | null = null;
      try { const g = Number(model.info.get('mip_gap')); gap = Number.isFinite(g) ? g : null; } catch { gap = null; }
      const seconds = (performance.now() - t0) / 1000;
      if (st === S.optimal || ((st === S.timeLimit || st === S.interrupted || st === S.solutionLimit || st === S.iterationLimit) && hasPrimal)) {
        const x = model.getSolution().colValue;
        const values: Record<string, number> = {};
        names.forEach((nm, i) => { values[nm] = x[i]; });
        return { status: st === S.optimal ? 'optimal' : 'time_limit', values, mip_gap: gap, seconds };
      }
      if (st === S.infeasible) return { status: 'infeasible', values: {}, mip_gap: null, seconds };
      if (st === S.timeLimit || st === S.interrupted) return { status: 'time_limit', values: {}, mip_gap: null, seconds, message: 'no solution within the time limit' };
      return { status: 'error', values: {}, mip_gap: null, seconds, message: `HiGHS model status ${st}` };
    } finally {
      model.dispose();
    }
  };
}
