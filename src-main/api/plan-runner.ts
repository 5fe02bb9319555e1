// Gather once, then compute pure: every API method that needs a plan (plan.*, procure.*,
// export.run, burn.compute) reads one snapshot of the world and hands it to the engine, with
// the worker-thread solver and Monte Carlo as the engine's runners.
import type { AppContext } from './context.js';
import { ApiError } from './errors.js';
import { readWorld, type WorldRequest } from '../store/world.js';
import { computePlan, type McHooks, type PlanDeps, type PlanOptions, type PlanResult, type World } from '../engine/plan/index.js';
import type { ProcureSolve } from '../engine/plan/procure-input.js';
import type { ProcureSettingsInput } from '../engine/procure/settings.js';
import { withPriorFrom } from '../engine/plan/condition.js';
import { runMonteCarloInWorkers } from '../workers/montecarlo-worker.js';
import { ProcureCancelled, runProcureInWorker } from '../workers/procure-worker.js';
import type { ProgressInfo } from '../workers/highs-solver.js';

export function worldOf(ctx: AppContext, req: Omit<WorldRequest, 'appRoot'>): World {
  return readWorld(ctx.db, { ...req, appRoot: ctx.appRoot });
}

/** The MILP in a worker thread; a cancelled solve becomes the API's `cancelled`. */
export function workerSolve(hooks: { signal?: AbortSignal; onProgress?: (p: ProgressInfo) => void } = {}): ProcureSolve {
  return async (input, opts) => {
    try {
      return await runProcureInWorker(input, opts, { signal: hooks.signal, onProgress: hooks.onProgress });
    } catch (e) {
      if (e instanceof ProcureCancelled) throw new ApiError('cancelled', 'the procurement run was cancelled');
      throw e;
    }
  };
}

export interface PlanRunHooks extends McHooks { overrides?: ProcureSettingsInput; onSolverProgress?: (p: ProgressInfo) => void }

export function workerDeps(hooks: PlanRunHooks = {}): PlanDeps {
  return {
    solve: workerSolve({ signal: hooks.signal, onProgress: hooks.onSolverProgress }),
    monteCarlo: (input, runs, seed, h) => runMonteCarloInWorkers(input, runs, seed, h),
    hooks: { onProgress: hooks.onProgress, signal: hooks.signal },
    overrides: hooks.overrides,
  };
}

/** One plan: one snapshot, one pure computation. */
export async function planOf(ctx: AppContext, opts: PlanOptions, hooks: PlanRunHooks = {}): Promise<PlanResult> {
  return (await planWithWorld(ctx, opts, hooks)).plan;
}

/** The plan and the World snapshot it was computed from (the export reads its tariffs, FX and settings from it). */
export async function planWithWorld(ctx: AppContext, opts: PlanOptions, hooks: PlanRunHooks = {}): Promise<{ plan: PlanResult; world: World }> {
  let w = worldOf(ctx, { scenario: opts.scenario, body: opts.body, months: opts.months });
  if (opts.prior_from === undefined) return { plan: await computePlan(w, opts, workerDeps(hooks)), world: w };
  // --prior-from (issue 15): the source's posterior becomes the prior of the shared inputs.
  const carried = withPriorFrom(worldOf(ctx, { scenario: opts.prior_from }), w.scenario!, opts.runs ?? 10_000, opts.seed ?? 1);
  w = worldOf(ctx, { scenario: opts.scenario, body: carried.scenario });
  return { plan: { ...(await computePlan(w, opts, workerDeps(hooks))), prior_from: carried.prior_from }, world: w };
}
