// History matching in the plan (issue 15): the posterior of a scenario given its observations
// (engine/montecarlo/condition.ts), and that posterior carried into another scenario's prior.
// Pure: the caller reads the worlds (store/world.ts).
import type { Num, Scenario } from '../demand/scenario.js';
import { compile, type Model } from '../timeline/index.js';
import { conditionedMonteCarlo, carryPosterior, type Posterior } from '../montecarlo/condition.js';
import { ApiError } from '../../shared/errors.js';
import { planInputs } from './inputs.js';
import type { World } from './world.js';

export type { Posterior };

export function posteriorOf(model: Model, runs: number, seed: number, hooks: { onProgress?: (d: number, t: number) => void; signal?: AbortSignal } = {}): Posterior {
  const r = conditionedMonteCarlo(model, { runs, seed, onProgress: (d) => hooks.onProgress?.(d, runs), shouldStop: () => hooks.signal?.aborted ?? false });
  if (r.cancelled) throw new ApiError('cancelled', 'the conditioned Monte Carlo run was cancelled');
  const { cancelled: _cancelled, ...post } = r;
  return post;
}

export interface PriorFrom { scenario: string; effective_sample_size: number; message: string | null; carried: Record<string, { prior: Num; carried: Num }> }

/** `target` with the shared inputs' priors replaced by the posterior of `source`'s scenario (same runs and seed). */
export function withPriorFrom(source: World, target: Scenario, runs: number, seed: number): { scenario: Scenario; prior_from: PriorFrom } {
  const src = planInputs(source);
  const post = posteriorOf(compile(src.input), runs, seed);
  const name = src.scenario.name;
  if (post.message !== null && post.effective_sample_size === 0) {
    return { scenario: target, prior_from: { scenario: name, effective_sample_size: 0, message: post.message, carried: {} } };
  }
  const { scenario, carried } = carryPosterior(target, post, name);
  return { scenario, prior_from: { scenario: name, effective_sample_size: post.effective_sample_size, message: post.message, carried } };
}
