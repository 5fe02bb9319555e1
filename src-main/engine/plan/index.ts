// The plan: one pure function of the planner's world (store/world.ts reads it once) and the
// plan options — capacity → timeline → Monte Carlo → procurement → burn → the plan result.
// The Plan page, the Burn page, the CLI and the exports all call it; the solver and the Monte
// Carlo runner are injected (worker threads in the hosts, in-process in tests).
import { compile, timeline, type TimelineInput, type TimelineResult, type Model } from '../timeline/index.js';
import { monteCarlo, sensitivity, sensitivitySplit, type McSummary } from '../montecarlo/index.js';
import { ApiError } from '../../shared/errors.js';
import { planBurn } from './plan-burn.js';
import { procurePlanStep, type ProcureStepResult } from './procure-step.js';
import type { ProcureSolve } from './procure-input.js';
import type { ProcureSettingsInput } from '../procure/settings.js';
import { planInputs, poolWorkload, servingInPool, type PlanInputs } from './inputs.js';
import type { World } from './world.js';
import { posteriorOf } from './condition.js';
import { demandScale } from '../montecarlo/risk.js';
import { procureSettingsSchema } from '../procure/settings.js';
import { HOURS_PER_MONTH } from '../procure/model.js';
import { earlyRampWarnings, inputsHash, note, standInModels, standInWarning, type PlanWarning } from './warnings.js';
import { ASSUMED_SAFE_UTILISATION } from './procure-input.js';
import { capacityCoverageWarnings, engineGap, type ShapeRatio } from '../calibration/coverage.js';
import type { ServingEngine } from '../capacity/index.js';

export type { CapacityRow, PlanInputs } from './inputs.js';
export type { World } from './world.js';
export type { PlanWarning, WarningCode, StandInModel } from './warnings.js';
export { standInModels } from './warnings.js';

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
  /** Risk target (0.5–0.999, default the stored setting, 0.9): each month's P(overload) ≤ 1 − P (issue 12). */
  service_level?: number;
}

export type McRunner = (input: TimelineInput, runs: number, seed: number, hooks: McHooks) => Promise<McSummary & { cancelled: boolean }>;
export interface McHooks {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Also size to this service level from the same paths (the summary's `demand_scale`, risk.ts). */
  service_level?: number;
}

export interface PlanDeps {
  /** The MILP solver (required when `procure` is set): HiGHS in a worker in the hosts. */
  solve?: ProcureSolve;
  monteCarlo?: McRunner;
  hooks?: McHooks;
  /** What-if procurement settings on top of the stored ones. */
  overrides?: ProcureSettingsInput;
}

export { planResultSchema, planMonthSchema, type PlanMonth, type PlanResult, type PlanAssumptions } from './result.js';
import type { PlanMonth, PlanResult, PlanAssumptions } from './result.js';

// ---- steps 3-5: timeline, forecast, months ---------------------------------------------------

export const inProcessMonteCarlo: McRunner = async (input, runs, seed, hooks) => {
  const model = compile(input);
  return monteCarlo(model, runs, seed, hooks.onProgress, () => hooks.signal?.aborted ?? false, hooks.service_level);
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

/**
 * Issue 13: every (pool, GPU type) the plan serves with — the fleet's and the bought or rented ones —
 * whose capacity has fewer than MIN_MEASURED_ROWS published measurements under the pool's engine.
 */
export function coverageWarnings(w: World, inputs: PlanInputs, model: Model, actions: readonly { gpu_id: string; pools: Record<string, number> }[] = []): PlanWarning[] {
  const engineOf = new Map(inputs.scenario.pools.map((p) => [p.id, (p.engine ?? null) as ServingEngine | null]));
  const llm = new Set(inputs.scenario.pools.filter((p) => p.model_id !== null).map((p) => p.id));
  const pairs = [
    ...inputs.rows.map((r) => ({ pool: r.pool_id, gpu_id: r.gpu_id })),
    ...actions.flatMap((a) => Object.keys(a.pools).map((pool) => ({ pool, gpu_id: a.gpu_id }))),
  ].filter((p) => llm.has(p.pool)).map((p) => ({ ...p, engine: engineOf.get(p.pool) ?? null }));
  return capacityCoverageWarnings(pairs, w.calibration_rows, w.specs.gpus, new Map(w.gpus.map((g) => [g.id, g.name])), model.capErr?.dists ?? [], w.engine_ratios ?? [], shapeRatio(w, inputs));
}

/** The fitted engine gap on each pool's own workload: the figure the plan uses. */
function shapeRatio(w: World, inputs: PlanInputs): ShapeRatio {
  return (poolId, gpuId, engine, vs) => {
    const pool = inputs.scenario.pools.find((p) => p.id === poolId);
    const gpu = w.specs.gpus[gpuId];
    const llm = pool?.model_id ? w.specs.models[pool.model_id] : undefined;
    if (!pool || !gpu || !llm) return null;
    const wl = poolWorkload(inputs.scenario, pool.id);
    const at = (e: ServingEngine) => servingInPool(w, pool, wl, gpu, llm, e).r;
    return engineGap(at(engine), at(vs));
  };
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
  if (opts.service_level !== undefined && !(opts.service_level >= 0.5 && opts.service_level <= 0.999)) throw new ApiError('bad_request', 'service_level: must be from 0.5 to 0.999', 'service_level');
  const overrides: ProcureSettingsInput = { ...(deps.overrides ?? {}), ...(opts.service_level !== undefined ? { service_level: opts.service_level } : {}) };
  const settings = procureSettingsSchema.parse({ ...w.procure_settings, ...overrides });
  const level = settings.service_level;
  let { inputs, model, det } = planDeterministic(w);
  const mcRun = deps.monteCarlo ?? inProcessMonteCarlo;
  // Procurement step (issue 7, 12): the fleet as it is first (its risk is the "before"), then the
  // optimiser sized to the service-level quantile of each pool's Monte Carlo need, then the
  // fleet with the plan (its Monte Carlo is the plan's risk).
  if (opts.procure && !deps.solve) throw new Error('computePlan: procurement needs a solver');
  let before: (McSummary & { cancelled: boolean }) | null = null;
  let procured: ProcureStepResult | null = null;
  // With procurement, the forecast of the fleet with the plan comes from the sizing step.
  let planned: (McSummary & { cancelled: boolean }) | null = null;
  if (opts.procure) {
    ({ before, procured, planned } = await procureToRisk(w, inputs, det, deps.solve!, overrides, { level, runs, seed, monteCarlo: mcRun, hooks: deps.hooks }));
    inputs = { ...inputs, input: procured.input, warnings: [...inputs.warnings, ...procured.outcome.notes] };
    model = compile(procured.input);
    det = timeline(model);
  }
  const mc = planned ?? await mcRun(inputs.input, runs, seed, deps.hooks ?? {});
  if (mc.cancelled) throw new ApiError('cancelled', 'the Monte Carlo run was cancelled');
  const without = before ?? mc;
  // History matching (issue 15): the same paths weighted by the observations.
  const posterior = opts.condition ? posteriorOf(model, runs, seed, deps.hooks ?? {}) : null;
  // Money step (issue 6): burn per month in the scenario's currency and cost per 1M tokens served.
  const burn = planBurn(w, inputs.scenario, inputs.input.fleet, det, opts.view ?? 'accrual', procured?.actions ?? [], settings.hardware_life_months);
  const target = 1 - level;
  const mcError = Math.sqrt((target * (1 - target)) / mc.runs);
  const shortfalls = procured?.outcome.result.shortfalls ?? [];
  const warnings: PlanWarning[] = [...inputs.warnings.map(note), ...burn.warnings];
  if (procured) {
    warnings.push(...earlyRampWarnings(
      procured.actions, new Map(w.gpus.map((g) => [g.id, g.available_from])),
      new Set(settings.supply_caps.map((c) => c.gpu_id)), new Map(w.gpus.map((g) => [g.id, g.name])),
    ));
  }
  for (const f of shortfalls) warnings.push({ code: 'infeasible_month', month: f.month, ...(f.site ? { site: f.site } : {}), ...(f.pool ? { pool: f.pool } : {}), message: `${f.month}: ${f.reason} (${f.constraint})` });
  const riskMonths = det.months.map((m, i) => ({
    month: m.month, p_overload_without_plan: without.p_overload[i], p_overload: mc.p_overload[i],
    meets_target: mc.p_overload[i] <= target + 2 * mcError,
  }));
  if (procured) {
    const missed = riskMonths.filter((m) => !m.meets_target);
    if (missed.length) {
      const limited = new Set(shortfalls.map((f) => f.month));
      const unexplained = missed.filter((m) => !limited.has(m.month));
      const why = unexplained.length === 0
        ? 'before the first possible arrival or capped by a limit (see infeasible_months)'
        : `${missed.length - unexplained.length} limited (see infeasible_months); ${unexplained.length} not explained by a limit, first ${unexplained[0].month}: the sizing fell short on the planned GPU mix`;
      warnings.push({ code: 'service_level_not_met', month: missed[0].month, message: `P(overload) with the plan stays above ${fmtP(target)} (+ Monte Carlo error ${fmtP(2 * mcError)}) in ${missed.length} month(s), first ${missed[0].month} (${fmtP(missed[0].p_overload)}): ${why}` });
    }
  }
  const standIns = standInModels(inputs.scenario.pools, w.specs.models);
  for (const si of standIns) warnings.push(standInWarning(si));
  warnings.push(...coverageWarnings(w, inputs, model, procured?.actions ?? []));
  const assumptions: PlanAssumptions = {
    service_level: level,
    headroom: settings.headroom,
    hardware_life_months: settings.hardware_life_months,
    discount_rate: settings.discount_rate,
    lease_term_months: settings.lease_term_months,
    hours_rule: 'calendar hours: days in the month × 24 (optimiser, burn and rentals alike)',
    hours_per_month_average: HOURS_PER_MONTH,
    monte_carlo: { runs: mc.runs, seed: mc.seed },
    capacity_error: model.capErr
      ? { rule: 'one multiplier exp(mu + sigma z) per (GPU family, engine) per path on the pool\'s token capacity, from the calibration\'s held-out log residuals (each group shrunk toward all groups with the weight of 5 rows; a family × engine with no measured row takes the error of pairs held out whole, basis "unseen")', groups: model.capErr.dists }
      : null,
    safe_utilisation: 'Erlang C per pool and month on its TTFT SLO and tail (timeline)',
    assumed_safe_utilisation_without_gpus: ASSUMED_SAFE_UTILISATION,
    procurement: !!opts.procure,
    price_as_of: 'each price as of the month it applies to (book: the row valid that month, valid_from..valid_to; else the reference price dated for it; a price used outside its dates is named by its date in a warning)',
    served_tokens_rule: 'Σ over the days of the month of each day\'s tokens (event days only on their dates), hour by hour capped at capacity',
    cost_per_token_rule: 'burn ÷ tokens served: cost_per_million_tokens per output token, cost_per_million_total_tokens per input + output token',
    stand_in_models: standIns,
    app_version: w.app_version ?? 'unknown',
    inputs_hash: inputsHash(JSON.stringify({ w: { ...w, app_version: undefined }, o: { runs, seed, procure: !!opts.procure, view: opts.view ?? 'accrual', overrides } })),
  };
  return {
    scenario: inputs.scenario.name,
    currency: inputs.scenario.currency,
    months: planMonths(det, mc).map((m, i) => ({ ...m, ...burn.months[i] })),
    crash_month: mc.crash_month,
    crash_month_without_plan: without.crash_month,
    deterministic_crash_month: det.crash_month,
    // Power and hosting per site over the horizon (the Burn page's table; the exports' By site sheet).
    burn_by_site: burn.site_totals,
    // The price each cluster of the scenario was charged at, and where it came from.
    burn_prices: burn.applied,
    monte_carlo: { runs: mc.runs, seed: mc.seed, crash_share: mc.crash_share, cancelled: mc.cancelled, fan: mc.fan },
    sensitivity: sensitivity(model),
    // Issue 13: how much of the crash-month spread comes from demand vs the capacity engine's own error.
    sensitivity_split: sensitivitySplit(model, Math.min(runs, SPLIT_RUNS), seed),
    capacity: inputs.rows,
    capacity_factors: inputs.factorsKind,
    warnings,
    actions: procured?.actions ?? [],
    ...(procured?.infeasible ? { infeasible: procured.infeasible } : {}),
    ...(posterior ? { posterior } : {}),
    procurement: procured ? (({ status, solver, objective, greedy_objective, mip_gap, solve_seconds, budget_use }) => ({
      status, solver, objective, greedy_objective, mip_gap, solve_seconds, budget_use, notes: procured!.outcome.notes,
      service_level: level, infeasible_months: shortfalls,
    }))(procured.outcome.result) : null,
    risk: {
      service_level: level, target_p_overload: target, monte_carlo_error: mcError, months: riskMonths,
      crash_share_without_plan: without.crash_share, crash_share: mc.crash_share,
    },
    assumptions,
  };
}

/** What procureToRisk found: the plan and the forecasts of the fleet without and (when already run) with it. */
export interface RiskSizedPlan {
  procured: ProcureStepResult;
  /** The fleet as it is (its P(overload) is the "before"). */
  before: McSummary & { cancelled: boolean };
  /** The fleet with the plan (the last sizing round's forecast when it asked for no more). */
  planned: McSummary & { cancelled: boolean };
}

/**
 * The procurement step at a risk target (issue 12), shared by `plan`, the Plan page and the
 * exports so they order the same thing: the fleet as it is is forecast (its paths also give each
 * pool's need at the service level), the optimiser buys to that need, and the planned fleet is
 * forecast again on its own GPU mix and re-sized until the mix asks for no more (RESIZE_ROUNDS).
 */
export async function procureToRisk(
  w: World, inputs: PlanInputs, det: TimelineResult, solve: ProcureSolve, overrides: ProcureSettingsInput,
  o: { level: number; runs: number; seed: number; monteCarlo?: McRunner; hooks?: McHooks },
): Promise<RiskSizedPlan> {
  const { level, runs, seed } = o;
  const mcRun = o.monteCarlo ?? inProcessMonteCarlo;
  // Each forecast also sizes the fleet it ran (the runner keeps every path's need): the sizing
  // of a fleet is the quantile of the very paths its forecast drew, with no second pass.
  const sizing: McHooks = { ...(o.hooks ?? {}), service_level: level };
  const forecast = async (input: TimelineInput) => {
    const r = await mcRun(input, runs, seed, sizing);
    if (r.cancelled) throw new ApiError('cancelled', 'the Monte Carlo run was cancelled');
    return r;
  };
  const sizeOf = (r: McSummary, input: TimelineInput) => scaleByPool(r.demand_scale ?? demandScale(compile(input), runs, seed, level));
  const before = await forecast(inputs.input);
  let byPool = sizeOf(before, inputs.input);
  let procured = await procurePlanStep(w, inputs, det, solve, overrides, { scale: byPool });
  // The sizing above weighs the engine's error by the GPU types the pool has today; the plan may
  // buy another family (e.g. MI300X under vLLM, whose held-out error is centred below 1), so the
  // need is re-sized on the planned fleet's own mix and the plan re-solved, keeping the larger
  // need each time (monotone, so it settles) until the planned mix asks for no more.
  let after = await forecast(procured.input);
  for (let round = 0; round < RESIZE_ROUNDS; round++) {
    const grown = maxScale(byPool, sizeOf(after, procured.input));
    if (!grown) return { procured, before, planned: after };
    byPool = grown;
    const next = await procurePlanStep(w, inputs, det, solve, overrides, { scale: byPool });
    // The larger need bought nothing more (whole GPUs, same orders): the same fleet, the same seed, the
    // same forecast — it would ask for nothing beyond this, so stop without running it again.
    if (sameFleet(next.input.fleet, procured.input.fleet)) return { procured: next, before, planned: after };
    procured = next;
    after = await forecast(procured.input);
  }
  return { procured, before, planned: after };
}

const sameFleet = (a: TimelineInput['fleet'], b: TimelineInput['fleet']) => a.length === b.length && JSON.stringify(a) === JSON.stringify(b);

/** Re-sizing rounds on the planned fleet's GPU mix (each one more MILP solve; usually one suffices). */
export const RESIZE_ROUNDS = 3;
/** A month's need counts as grown when the planned mix asks for more than this relative margin. */
const RESIZE_TOLERANCE = 0.005;

function scaleByPool(r: ReturnType<typeof demandScale>): Record<string, number[]> {
  return Object.fromEntries(r.pools.map((p) => [p.pool_id, p.scale]));
}

/** Month-wise max of two sizings, or null when `b` asks for nothing beyond `a` (within the tolerance). */
function maxScale(a: Record<string, number[]>, b: Record<string, number[]>): Record<string, number[]> | null {
  let grown = false;
  const out: Record<string, number[]> = {};
  for (const [pool, xs] of Object.entries(a)) {
    const ys = b[pool] ?? xs;
    out[pool] = xs.map((x, i) => {
      const y = ys[i] ?? x;
      if (y > x * (1 + RESIZE_TOLERANCE)) { grown = true; return y; }
      return x;
    });
  }
  return grown ? out : null;
}

/** Paths for the demand-vs-engine split of the crash-month spread (three in-process runs of this many). */
export const SPLIT_RUNS = 2000;

const fmtP = (x: number) => (Math.round(x * 1000) / 1000).toString();
