// The plan: one pure function of the planner's world (store/world.ts reads it once) and the
// plan options — capacity → timeline → Monte Carlo → procurement → burn → the plan result.
// The Plan page, the Burn page, the CLI and the exports all call it; the solver and the Monte
// Carlo runner are injected (worker threads in the hosts, in-process in tests).
import { compile, timeline, type TimelineInput, type TimelineResult, type Model } from '../timeline/index.js';
import { monteCarlo, sensitivity, type McSummary } from '../montecarlo/index.js';
import { ApiError } from '../../shared/errors.js';
import { planBurn } from './plan-burn.js';
import { procurePlanStep } from './procure-step.js';
import type { ProcureSolve } from './procure-input.js';
import type { ProcureSettingsInput } from '../procure/settings.js';
import { planInputs, type PlanInputs } from './inputs.js';
import type { World } from './world.js';
import { posteriorOf } from './condition.js';

export type { CapacityRow, PlanInputs } from './inputs.js';
export type { World } from './world.js';

export interface PlanOptions {
  scenario: string;
  /** Override the scenario's horizon (1..120 months). */
  months?: number;
  runs?: number;
  seed?: number;
  /** Procurement comes with a later issue; only the fleet as it is (`--no-procure`) is planned here. */
  procure?: boolean;
  /** Plan this (unsaved) scenario body instead of the stored one. */
  body?: unknown;
  /** Burn view: depreciation over useful life (accrual, default) or purchases when paid (cash). */
  view?: 'accrual' | 'cash';
  /** Condition the Monte Carlo on the scenario's observations (adds `posterior`, issue 15). */
  condition?: boolean;
  /** Take this scenario's posterior as the prior of the shared inputs (the runner applies it; adds `prior_from`). */
  prior_from?: string;
}

export type McRunner = (input: TimelineInput, runs: number, seed: number, hooks: McHooks) => Promise<McSummary & { cancelled: boolean }>;
export interface McHooks { onProgress?: (done: number, total: number) => void; signal?: AbortSignal }

export interface PlanDeps {
  /** The MILP solver (required when `procure` is set): HiGHS in a worker in the hosts. */
  solve?: ProcureSolve;
  monteCarlo?: McRunner;
  hooks?: McHooks;
  /** What-if procurement settings on top of the stored ones. */
  overrides?: ProcureSettingsInput;
}

export { planResultSchema, planMonthSchema, type PlanMonth, type PlanResult } from './result.js';
import type { PlanMonth, PlanResult } from './result.js';

// ---- steps 3-5: timeline, forecast, months ---------------------------------------------------

export const inProcessMonteCarlo: McRunner = async (input, runs, seed, hooks) => {
  const model = compile(input);
  return monteCarlo(model, runs, seed, hooks.onProgress, () => hooks.signal?.aborted ?? false);
};

export function planMonths(det: TimelineResult, mc: McSummary | null): PlanMonth[] {
  return det.months.map((m, i) => ({
    month: m.month,
    users: m.users,
    peak_requests_per_s: m.peak_requests_per_s,
    peak_output_tokens_per_s: m.peak_output_tokens_per_s,
    capacity_output_tokens_per_s: m.capacity_output_tokens_per_s,
    utilisation: m.utilisation,
    overload_hours_per_day: m.overload_hours_per_day,
    p_overload: mc ? mc.p_overload[i] : (m.overloaded ? 1 : 0),
    gpus: m.gpus,
    daily_active_users: m.daily_active_users,
    safe_utilisation: m.safe_utilisation,
    overloaded: m.overloaded,
    p_crashed_by: mc ? mc.p_crashed_by[i] : (det.crash_index !== null && i >= det.crash_index ? 1 : 0),
    ordinary_day: m.ordinary_day,
    event_days: m.event_days,
    pools: m.pools,
    by_class: m.by_class,
    diversity_factor: m.diversity_factor,
    batch: m.batch,
    typical_days: m.typical_days,
  }));
}

/** The deterministic part alone (fast: the Timeline page redraws with it at once). */
export function planDeterministic(w: World): { inputs: PlanInputs; model: Model; det: TimelineResult } {
  const inputs = planInputs(w);
  const model = compile(inputs.input);
  return { inputs, model, det: timeline(model) };
}

/** The whole plan from a snapshot of the world (`opts.scenario`, `body` and `months` were applied when it was read). */
export async function computePlan(w: World, opts: PlanOptions, deps: PlanDeps = {}): Promise<PlanResult> {
  const runs = opts.runs ?? 10_000;
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(runs) || runs < 1 || runs > 200_000) throw new ApiError('bad_request', 'runs: must be a whole number from 1 to 200000', 'runs');
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new ApiError('bad_request', 'seed: must be a whole number from 0 to 4294967295', 'seed');
  let { inputs, model, det } = planDeterministic(w);
  // Procurement step (issue 7): optimise, then plan the fleet with the planned arrivals.
  if (opts.procure && !deps.solve) throw new Error('computePlan: procurement needs a solver');
  const procured = opts.procure ? await procurePlanStep(w, inputs, det, deps.solve!, deps.overrides) : null;
  if (procured) {
    inputs = { ...inputs, input: procured.input, warnings: [...inputs.warnings, ...procured.outcome.notes] };
    model = compile(procured.input);
    det = timeline(model);
  }
  const mc = await (deps.monteCarlo ?? inProcessMonteCarlo)(inputs.input, runs, seed, deps.hooks ?? {});
  if (mc.cancelled) throw new ApiError('cancelled', 'the Monte Carlo run was cancelled');
  // History matching (issue 15): the same paths weighted by the observations.
  const posterior = opts.condition ? posteriorOf(model, runs, seed, deps.hooks ?? {}) : null;
  // Money step (issue 6): burn per month in the scenario's currency and cost per 1M output tokens.
  const burn = planBurn(w, inputs.scenario, inputs.input.fleet, det, opts.view ?? 'accrual', procured?.actions ?? []);
  return {
    scenario: inputs.scenario.name,
    currency: inputs.scenario.currency,
    months: planMonths(det, mc).map((m, i) => ({ ...m, ...burn.months[i] })),
    crash_month: mc.crash_month,
    deterministic_crash_month: det.crash_month,
    // Power and hosting per site over the horizon (the Burn page's table; the exports' By site sheet).
    burn_by_site: burn.site_totals,
    // The price each cluster of the scenario was charged at, and where it came from.
    burn_prices: burn.applied,
    monte_carlo: { runs: mc.runs, seed: mc.seed, crash_share: mc.crash_share, cancelled: mc.cancelled, fan: mc.fan },
    sensitivity: sensitivity(model),
    capacity: inputs.rows,
    capacity_factors: inputs.factorsKind,
    warnings: [...inputs.warnings, ...burn.warnings],
    actions: procured?.actions ?? [],
    ...(procured?.infeasible ? { infeasible: procured.infeasible } : {}),
    ...(posterior ? { posterior } : {}),
    procurement: procured ? (({ status, solver, objective, greedy_objective, mip_gap, solve_seconds, budget_use }) => ({ status, solver, objective, greedy_objective, mip_gap, solve_seconds, budget_use, notes: procured.outcome.notes }))(procured.outcome.result) : null,
  };
}
