// Procurement API (issue 7): settings per scenario, a plan with what-if overrides (inline
// or as a background job with progress and cancel), for the Plan page and scripts.
import { z } from 'zod';
import { method } from '../method.js';
import { money, sum, toMinorDecimal } from '../../engine/money/money.js';
import { planSummary } from '../../engine/procure/summary.js';
import { ApiError } from '../errors.js';
import { jobsOf, type AppContext } from '../context.js';
import { coverageWarnings, planDeterministic, procureToRisk, standInModels, type McRunner } from '../../engine/plan/index.js';
import { planWarningSchema, standInSchema } from '../../engine/plan/result.js';
import { procureOverridesSchema, procureSettingsSchema } from '../../engine/procure/settings.js';
import { getProcureSettings, saveProcureSettings } from '../../store/procure-settings.js';
import { worldOf, workerSolve } from '../plan-runner.js';
import { getScenarioRow } from '../../store/scenarios.js';
import { compile, timeline } from '../../engine/timeline/index.js';
import { runMonteCarloInWorkers } from '../../workers/montecarlo-worker.js';
import type { ProgressInfo } from '../../workers/highs-solver.js';
import type { World } from '../../engine/plan/world.js';
import { pessimisticSpecs, type SpecChange } from '../../engine/spec-sources.js';
import { readSpecSources } from './catalog.js';

const scenarioName = z.string().min(1).max(64);
const overridesSchema = procureOverridesSchema;

const actionSchema = z.looseObject({
  order_month: z.string(), arrival_month: z.string(), site: z.string(), gpu_id: z.string(),
  mode: z.enum(['buy', 'lease', 'cloud_on_demand', 'cloud_reserved']), quantity: z.number().int(),
  unit_price: z.string(), currency: z.string(), lead_months: z.number(), lead_source: z.enum(['price_list', 'gpu_default']),
  total_cost: z.string(), why: z.object({ month: z.string(), pool: z.string(), text: z.string() }),
});
const infeasibleSchema = z.looseObject({ reason: z.string(), constraint: z.string(), month: z.string() });

/** GPUs added per type over the horizon (every acquisition mode). */
function gpusBought(v: { actions: { gpu_id: string; quantity: number }[] }): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of v.actions) out[a.gpu_id] = (out[a.gpu_id] ?? 0) + a.quantity;
  return out;
}

const specWhatIfSide = z.object({
  gpus: z.record(z.string(), z.number()), total_cost: z.string(), short_months: z.number(),
  crash_month_with_plan: z.string().nullable(),
});
const specWhatIfSchema = z.object({
  scenario: z.string(), currency: z.string(),
  /** Each figure replaced by its pessimistic public alternative. */
  changed: z.array(z.object({ gpu_id: z.string(), field: z.string(), confidence: z.string(), value: z.number().nullable(), alt_value: z.number(), source_url: z.string(), note: z.string() })),
  stated: specWhatIfSide, pessimistic: specWhatIfSide,
  /** GPU types whose planned quantity differs between the two runs. */
  flips: z.array(z.object({ gpu_id: z.string(), stated: z.number(), pessimistic: z.number() })),
  /** A GPU type is bought in one run and not at all in the other. */
  choice_flips: z.boolean(),
});

export const procurePlanSchema = z.object({
  scenario: z.string(),
  currency: z.string(),
  status: z.enum(['optimal', 'feasible', 'time_limit', 'infeasible']),
  solver: z.enum(['milp', 'greedy']),
  /** Discounted cost − residual value (the objective without shortfall penalties), scenario currency. */
  objective: z.number(),
  greedy_objective: z.number(),
  greedy_short_periods: z.number(),
  mip_gap: z.number().nullable(),
  solve_seconds: z.number(),
  model_size: z.object({ columns: z.number(), rows: z.number(), integers: z.number() }),
  actions: z.array(actionSchema),
  infeasible: infeasibleSchema.optional(),
  shortfalls: z.array(infeasibleSchema),
  violations: z.array(z.string()),
  /** GPUs added, months short, peak power per site: what the page compares between two plans. */
  summary: z.object({ gpus_added: z.number(), short_months: z.number(), peak_power_kw: z.record(z.string(), z.number()) }),
  /** Each stored or what-if quarterly budget against the plan's spend in that quarter. */
  budget_use: z.array(z.object({ quarter: z.string(), kind: z.enum(['capex', 'opex']), limit: z.number(), used: z.number() })),
  notes: z.array(z.string()),
  /** The prices and lead times the optimiser could use (price list lead time and the GPU default both shown). */
  offers: z.array(z.object({
    gpu_id: z.string(), mode: z.string(), site: z.string().nullable(), unit_price: z.string(), currency: z.string(),
    lead_months: z.number().nullable(), default_lead_months: z.number(), term_months: z.number().nullable(), source: z.string(),
  })),
  /** Capacity against need per pool and power per site, month by month with the plan applied. */
  months: z.array(z.object({
    month: z.string(),
    pools: z.record(z.string(), z.object({ capacity: z.number(), need: z.number() })),
    power_kw: z.record(z.string(), z.number()),
    gpus: z.record(z.string(), z.record(z.string(), z.number())),
  })),
  power_limit_kw: z.record(z.string(), z.number().nullable()),
  /** Fleet timeline (Erlang C, events) with the plan applied vs as it is. */
  crash_month_with_plan: z.string().nullable(),
  crash_month_without_plan: z.string().nullable(),
  overloaded_months_with_plan: z.array(z.string()),
  total_committed: z.string(),
  settings: procureSettingsSchema,
  /** Risk before and after the plan (issue 12): Monte Carlo P(overload) per month and crash month, RISK_RUNS paths, seed 1. */
  risk: z.object({
    service_level: z.number(), runs: z.number(), seed: z.number(),
    months: z.array(z.object({ month: z.string(), p_overload_without_plan: z.number(), p_overload: z.number() })),
    crash_without_plan: z.object({ p10: z.string().nullable(), p50: z.string().nullable(), p90: z.string().nullable() }).nullable(),
    crash_with_plan: z.object({ p10: z.string().nullable(), p50: z.string().nullable(), p90: z.string().nullable() }).nullable(),
  }),
  /** Pools whose model stands in for an unpublished one (the scenario's model_size_factor, with its reason). */
  stand_in_models: z.array(standInSchema),
  /** Issue 13: GPU types (the fleet's and the plan's) whose capacity under the pool's engine has fewer than 10 published measurements. */
  capacity_warnings: z.array(planWarningSchema),
});
/**
 * Monte Carlo paths for the Plan page's before/after risk (and the service-level sizing): as many
 * as the Timeline page and `plan` use by default (10,000), so the same seed gives the same risk on
 * both pages and the Monte Carlo error at P(overload) 0.1 is ±0.006 (2σ), not ±0.013.
 */
export const RISK_RUNS = 10_000;
export type ProcurePlanView = z.infer<typeof procurePlanSchema>;

async function plan(ctx: AppContext, scenario: string, overrides: z.infer<typeof overridesSchema>, hooks: { signal?: AbortSignal; onProgress?: (p: ProgressInfo) => void }, transform?: (w: World) => World): Promise<ProcurePlanView> {
  const read = worldOf(ctx, { scenario });
  const w = transform ? transform(read) : read;
  const { inputs, det } = planDeterministic(w);
  // The same procurement at the same risk target as `plan` and the exports (engine/plan
  // procureToRisk): the Monte Carlo in worker threads, so the server answers status polls meanwhile.
  const level = procureSettingsSchema.parse({ ...w.procure_settings, ...overrides }).service_level;
  const mc: McRunner = (input, runs, seed, h) => runMonteCarloInWorkers(input, runs, seed, h);
  const sized = await procureToRisk(w, inputs, det, workerSolve(hooks), overrides, { level, runs: RISK_RUNS, seed: 1, monteCarlo: mc, hooks: { signal: hooks.signal } });
  const step = sized.procured;
  const r = step.outcome.result;
  const afterModel = compile(step.input);
  const after = timeline(afterModel);
  const mcBefore = sized.before;
  const mcAfter = sized.planned;
  const gpuDefault = new Map(step.outcome.input.gpus.map((g) => [g.id, g.default_lead_months]));
  // Exact sum of every line's committed total, then rounded once to the currency's minor unit.
  const cur = inputs.scenario.currency;
  const totalStr = toMinorDecimal(sum(r.actions.map((a) => money(a.total_cost, cur)), cur));
  return {
    scenario: inputs.scenario.name,
    currency: inputs.scenario.currency,
    status: r.status, solver: r.solver, objective: r.objective, greedy_objective: r.greedy_objective, greedy_short_periods: r.greedy_short_periods,
    mip_gap: r.mip_gap, solve_seconds: r.solve_seconds, model_size: r.model_size,
    actions: r.actions.map((a) => ({ ...a })), ...(r.infeasible ? { infeasible: { ...r.infeasible } } : {}), shortfalls: r.shortfalls.map((s) => ({ ...s })), violations: r.violations,
    budget_use: r.budget_use.map((b) => ({ ...b })),
    summary: planSummary(r),
    notes: step.outcome.notes,
    offers: step.outcome.input.offers.map((o) => ({
      gpu_id: o.gpu_id, mode: o.mode, site: o.site ?? null, unit_price: o.unit_price, currency: o.currency,
      lead_months: o.lead_months ?? null, default_lead_months: gpuDefault.get(o.gpu_id) ?? step.outcome.settings.default_lead_months,
      term_months: o.term_months ?? null, source: o.source ?? '',
    })),
    months: r.months,
    power_limit_kw: Object.fromEntries(step.outcome.input.sites.filter((s) => !s.cloud).map((s) => [s.id, s.power_limit_kw])),
    crash_month_with_plan: after.crash_month,
    crash_month_without_plan: det.crash_month,
    overloaded_months_with_plan: after.months.filter((m) => m.overloaded).map((m) => m.month),
    total_committed: totalStr,
    settings: step.outcome.settings,
    risk: {
      service_level: step.outcome.settings.service_level, runs: RISK_RUNS, seed: 1,
      months: after.months.map((m, i) => ({ month: m.month, p_overload_without_plan: mcBefore.p_overload[i], p_overload: mcAfter.p_overload[i] })),
      crash_without_plan: mcBefore.crash_month, crash_with_plan: mcAfter.crash_month,
    },
    stand_in_models: standInModels(inputs.scenario.pools, w.specs.models),
    capacity_warnings: coverageWarnings(w, inputs, afterModel, r.actions),
  };
}

const jobStatus = z.object({
  job: z.string(), state: z.enum(['running', 'done', 'failed', 'cancelled']),
  progress: z.object({ seconds: z.number(), mip_gap: z.number().nullable(), incumbent: z.number().nullable(), bound: z.number().nullable() }).nullable(),
  result: procurePlanSchema.optional(), error: z.string().optional(),
});

function needScenario(ctx: AppContext, name: string): void {
  if (!getScenarioRow(ctx.db, name)) throw new ApiError('not_found', `unknown scenario "${name}"`, 'scenario');
}

export const procureMethods = {
  'procure.settings.get': method({
    input: z.object({ scenario: scenarioName }),
    output: procureSettingsSchema,
    run: (ctx, i) => { needScenario(ctx, i.scenario); return getProcureSettings(ctx.db, i.scenario); },
  }),
  'procure.settings.save': method({
    input: z.object({ scenario: scenarioName, settings: overridesSchema }),
    output: procureSettingsSchema,
    mutates: true,
    run: (ctx, i) => {
      needScenario(ctx, i.scenario);
      return saveProcureSettings(ctx.db, i.scenario, { ...getProcureSettings(ctx.db, i.scenario), ...i.settings }, ctx.now());
    },
  }),
  /** Plans inline (the solver runs in a worker thread); `overrides` are what-ifs, not saved. */
  /**
   * Spec what-if (issue 13): the optimiser run on the catalog as stated and again with every spec that
   * has another public figure at its pessimistic end (db/seed/gpu_spec_sources.csv alt_value); says
   * which GPU types' quantities change — whether the choice of GPU flips on an unofficial figure.
   */
  'procure.specWhatIf': method({
    input: z.object({ scenario: scenarioName, overrides: overridesSchema.default({}) }),
    output: specWhatIfSchema,
    run: async (ctx, i) => {
      const hooks = { signal: ctx.signal };
      const sources = readSpecSources(ctx.appRoot);
      let changed: SpecChange[] = [];
      const stated = await plan(ctx, i.scenario, i.overrides, hooks);
      const worse = await plan(ctx, i.scenario, i.overrides, hooks, (w) => {
        const p = pessimisticSpecs(w.specs.gpus, sources);
        changed = p.changed;
        return { ...w, specs: { ...w.specs, gpus: p.gpus } };
      });
      const side = (v: ProcurePlanView) => ({
        gpus: gpusBought(v), total_cost: v.total_committed, short_months: v.summary.short_months, crash_month_with_plan: v.crash_month_with_plan,
      });
      const a = gpusBought(stated), b = gpusBought(worse);
      const flips = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
        .filter((g) => (a[g] ?? 0) !== (b[g] ?? 0)).map((g) => ({ gpu_id: g, stated: a[g] ?? 0, pessimistic: b[g] ?? 0 }));
      return {
        scenario: stated.scenario, currency: stated.currency, changed, stated: side(stated), pessimistic: side(worse), flips,
        choice_flips: flips.some((f) => (f.stated === 0) !== (f.pessimistic === 0)),
      };
    },
  }),
  'procure.run': method({
    input: z.object({ scenario: scenarioName, overrides: overridesSchema.default({}) }),
    output: procurePlanSchema,
    run: (ctx, i) => plan(ctx, i.scenario, i.overrides, {
      signal: ctx.signal,
      onProgress: ctx.progress ? (p) => ctx.progress!(Math.round(p.seconds * 10), 0, p.mip_gap === null ? 'solving' : `gap ${(p.mip_gap * 100).toFixed(2)}%`) : undefined,
    }),
  }),
  /** Starts a plan in the background; poll procure.status (progress: MIP gap), stop with procure.cancel. */
  'procure.start': method({
    input: z.object({ scenario: scenarioName, overrides: overridesSchema.default({}) }),
    output: z.object({ job: z.string() }),
    run: (ctx, i) => {
      needScenario(ctx, i.scenario);
      const job = jobsOf(ctx).start<ProcurePlanView>('procure', 0, (h) => plan(ctx, i.scenario, i.overrides, { signal: h.signal, onProgress: (p) => h.report(p) }));
      return { job };
    },
  }),
  'procure.status': method({
    input: z.object({ job: z.string().min(1).max(40) }),
    output: jobStatus,
    run: (ctx, i) => {
      const j = jobsOf(ctx).status<ProcurePlanView>(i.job, 'procure');
      return { job: j.job, state: j.state, progress: (j.detail as ProgressInfo | null) ?? null, ...(j.result ? { result: j.result } : {}), ...(j.error ? { error: j.error } : {}) };
    },
  }),
  'procure.cancel': method({
    input: z.object({ job: z.string().min(1).max(40) }),
    output: z.object({ cancelled: z.boolean() }),
    run: (ctx, i) => {
      jobsOf(ctx).status(i.job, 'procure'); // unknown → not_found
      return { cancelled: jobsOf(ctx).cancel(i.job, 'procure') };
    },
  }),
};
