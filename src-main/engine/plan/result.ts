// The plan result, described once: a zod schema that the API checks its output against, and
// whose inferred type the engine returns, the renderer receives and the exporters read. The
// fields named in docs/cli.md are checked exactly; deep engine detail (a day's hours, the
// tornado, the fan) is typed by the engine's own interfaces. Objects are loose: fields added
// by later steps pass through (docs/cli.md: "more fields may be added").
import { z } from 'zod';
import type { MonthResult } from '../timeline/index.js';
import type { TornadoBar, SensitivitySplit } from '../montecarlo/index.js';
import type { BurnSiteTotal } from '../burn/by-site.js';
import type { AppliedPrice } from './burn-input.js';
import type { ProcureAction, Infeasibility, BudgetUse } from '../procure/index.js';
import type { CapacityRow } from './inputs.js';
import type { Posterior } from '../montecarlo/condition.js';
import type { PriorFrom } from './condition.js';

const quantiles = z.object({ p10: z.number(), p50: z.number(), p90: z.number() });
const money = z.string();

export const burnPartsSchema = z.object({
  total: money, depreciation: money, lease: money, cloud: money, electricity: money, hosting: money, fixed: money,
});

export const planMonthSchema = z.looseObject({
  month: z.string(),
  users: z.number(),
  peak_requests_per_s: z.number(),
  peak_output_tokens_per_s: z.number(),
  capacity_output_tokens_per_s: z.number(),
  utilisation: z.number(),
  overload_hours_per_day: z.number(),
  p_overload: z.number(),
  gpus: z.record(z.string(), z.number()),
  daily_active_users: z.number(),
  safe_utilisation: z.number(),
  overloaded: z.boolean(),
  p_crashed_by: z.number(),
  ordinary_day: z.custom<MonthResult['ordinary_day']>(),
  event_days: z.custom<MonthResult['event_days']>(),
  pools: z.custom<MonthResult['pools']>(),
  // Issue 19: per class output tokens (peak/s, served, deferred) and the fleet peak ÷ the sum of
  // the classes' own peaks; batch scheduling (null when no class is deferrable); typical days by class.
  by_class: z.record(z.string(), z.object({ peak_output_tokens_per_s: z.number(), served_output_tokens: z.number(), deferred_output_tokens: z.number() })),
  diversity_factor: z.number(),
  batch: z.custom<MonthResult['batch']>(),
  typical_days: z.custom<MonthResult['typical_days']>(),
  // The burn step's fields (null when the burn could not be computed).
  burn: burnPartsSchema.nullable().optional(),
  cost_per_million_tokens: z.string().nullable().optional(),
  energy_kwh: z.number().optional(),
  tokens_per_mwh: z.number().nullable().optional(),
  output_tokens: z.number().optional(),
  // Issue 12: tokens actually served (Σ of the days, capped at capacity) and cost per 1M of them.
  served_output_tokens: z.number().optional(),
  served_total_tokens: z.number().optional(),
  cost_per_million_total_tokens: z.string().nullable().optional(),
});
export type PlanMonth = z.infer<typeof planMonthSchema>;

export const crashMonthSchema = z.object({ p10: z.string().nullable(), p50: z.string().nullable(), p90: z.string().nullable() });

export const procurementSummarySchema = z.object({
  status: z.string(), solver: z.string(), objective: z.number(), greedy_objective: z.number(), mip_gap: z.number().nullable(),
  solve_seconds: z.number(), budget_use: z.custom<BudgetUse[]>(), notes: z.array(z.string()),
  /** The service level the plan was sized to (echo of --service-level, issue 12). */
  service_level: z.number(),
  /** Every month the optimiser could not cover, with its binding limit (the first is `infeasible`). */
  infeasible_months: z.custom<Infeasibility[]>(),
});

/** A structured warning (issue 12): every zero or missing cost, price from another date, stand-in, unmet target. */
export const standInSchema = z.object({
  pool: z.string(), model_id: z.string(), model_name: z.string(), reason: z.string(), size_factor: z.object({ value: z.number(), p10: z.number(), p90: z.number() }),
});
export const planWarningSchema = z.object({
  code: z.string(), message: z.string(), cluster_id: z.number().optional(), site: z.string().optional(), pool: z.string().optional(), month: z.string().optional(),
  gpu_id: z.string().optional(), price_date: z.string().optional(), model_id: z.string().optional(),
  engine: z.string().optional(), rows: z.number().optional(), family_rows: z.number().optional(), gpu_rows: z.number().optional(),
  ratio_vs: z.string().optional(), ratio_model: z.string().optional(), ratio_measured: z.number().optional(), ratio_fitted: z.number().optional(), ratio_here: z.number().optional(),
});

/** Every assumption a plan rests on (issue 12). */
export const planAssumptionsSchema = z.object({
  service_level: z.number(),
  headroom: z.number(),
  hardware_life_months: z.number(),
  discount_rate: z.number(),
  lease_term_months: z.number(),
  hours_rule: z.string(),
  hours_per_month_average: z.number(),
  monte_carlo: z.object({ runs: z.number(), seed: z.number() }),
  /** Issue 13: the capacity engine's error the Monte Carlo draws (null = capacity at the point estimate). */
  capacity_error: z.object({
    rule: z.string(), groups: z.array(z.object({ key: z.string(), mu: z.number(), sigma: z.number(), n: z.number(), basis: z.enum(['own', 'unseen', 'pooled']).optional() })),
  }).nullable().optional(),
  safe_utilisation: z.string(),
  assumed_safe_utilisation_without_gpus: z.number(),
  procurement: z.boolean(),
  price_as_of: z.string(),
  served_tokens_rule: z.string(),
  cost_per_token_rule: z.string(),
  /** Pools whose model stands in for an unpublished one (the scenario's `model_size_factor`, with its reason). */
  stand_in_models: z.array(standInSchema),
  app_version: z.string(),
  inputs_hash: z.string(),
});
export type PlanAssumptions = z.infer<typeof planAssumptionsSchema>;

/** Risk before and after the plan, month by month (issue 12). */
export const planRiskSchema = z.object({
  service_level: z.number(),
  target_p_overload: z.number(),
  /** Standard error of a P(overload) near the target with these runs: √(t(1−t)/runs). */
  monte_carlo_error: z.number(),
  months: z.array(z.object({ month: z.string(), p_overload_without_plan: z.number(), p_overload: z.number(), meets_target: z.boolean() })),
  crash_share_without_plan: z.number(),
  crash_share: z.number(),
});

export const planResultSchema = z.looseObject({
  scenario: z.string(),
  currency: z.string(),
  months: z.array(planMonthSchema),
  crash_month: crashMonthSchema.nullable(),
  /** First overloaded month with every input at its median (no Monte Carlo). */
  deterministic_crash_month: z.string().nullable(),
  /** Power and hosting per site over the horizon ([] when the burn could not be computed). */
  burn_by_site: z.custom<BurnSiteTotal[]>(),
  /** The price each cluster was charged at and where it came from. */
  burn_prices: z.custom<AppliedPrice[]>(),
  monte_carlo: z.object({
    runs: z.number(), seed: z.number(), crash_share: z.number(), cancelled: z.boolean(),
    fan: z.array(z.object({ pool_id: z.string(), months: z.array(z.object({ demand: quantiles, utilisation: quantiles })) })),
  }),
  sensitivity: z.custom<TornadoBar[]>(),
  /** Issue 13: crash-month spread from demand inputs alone, the engine's error alone, and both. */
  sensitivity_split: z.custom<SensitivitySplit>().optional(),
  capacity: z.custom<CapacityRow[]>(),
  capacity_factors: z.enum(['calibrated', 'default']),
  /** Structured warnings (issue 12): { code, message, cluster_id?, site?, pool?, month? }. */
  warnings: z.array(planWarningSchema),
  /** What to order and when ([] with --no-procure). */
  actions: z.custom<ProcureAction[]>(),
  infeasible: z.custom<Infeasibility>().optional(),
  procurement: procurementSummarySchema.nullable().optional(),
  /** `--condition` (issue 15): the Monte Carlo weighted by the scenario's observations. */
  posterior: z.custom<Posterior>().optional(),
  /** `--prior-from` (issue 15): whose posterior became the prior of the shared inputs. */
  prior_from: z.custom<PriorFrom>().optional(),
  /** Crash month of the fleet as it is (no plan applied); equals crash_month with --no-procure (issue 12). */
  crash_month_without_plan: crashMonthSchema.nullable().optional(),
  risk: planRiskSchema.optional(),
  assumptions: planAssumptionsSchema.optional(),
});
export type PlanResult = z.infer<typeof planResultSchema>;
