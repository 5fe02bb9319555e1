// Glue for the conditioned Monte Carlo (engine/montecarlo/condition.ts): the posterior of a
// scenario given its observations, and that posterior carried into another scenario's prior.
import type { ReadableDB } from '../store/handles.js';
import type { Scenario } from '../engine/demand/scenario.js';
import type { Num } from '../engine/demand/scenario.js';
import { compile, type Model } from '../engine/timeline/index.js';
import { conditionedMonteCarlo, carryPosterior, type Posterior } from '../engine/montecarlo/condition.js';
import { ApiError } from '../api/errors.js';
import { planInputs, type PlanOptions } from './plan.js';

export type { Posterior };

export function posteriorOf(model: Model, runs: number, seed: number, hooks: { onProgress?: (d: number, t: number) => void; signal?: AbortSignal } = {}): Posterior {
  const r = conditionedMonteCarlo(model, { runs, seed, onProgress: (d) => hooks.onProgress?.(d, runs), shouldStop: () => hooks.signal?.aborted ?? false });
  if (r.cancelled) throw new ApiError('cancelled', 'the conditioned Monte Carlo run was cancelled');
  const { cancelled: _c, ...post } = r;
  return post;
}

export interface PriorFrom { scenario: string; effective_sample_size: number; message: string | null; carried: Record<string, { prior: Num; carried: Num }> }

/** `target` with the shared inputs' priors replaced by `from`'s posterior (same runs and seed). */
export function scenarioWithPriorFrom(db: ReadableDB, target: Scenario, from: string, runs: number, seed: number, appRoot?: string): { scenario: Scenario; prior_from: PriorFrom } {
  const src = planInputs(db, { scenario: from } as PlanOptions, appRoot);
  const post = posteriorOf(compile(src.input), runs, seed);
  if (post.message !== null && post.effective_sample_size === 0) {
    return { scenario: target, prior_from: { scenario: from, effective_sample_size: 0, message: post.message, carried: {} } };
  }
  const { scenario, carried } = carryPosterior(target, post, from);
  return { scenario, prior_from: { scenario: from, effective_sample_size: post.effective_sample_size, message: post.message, carried } };
}
