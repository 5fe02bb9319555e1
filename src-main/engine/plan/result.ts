// The plan result, described once: a zod schema that the API checks its output against, and
// whose inferred type the engine returns, the renderer receives and the exporters read. The
// fields named in docs/cli.md are checked exactly; deep engine detail (a day's hours, the
// tornado, the fan) is typed by the engine's own interfaces. Objects are loose: fields added
// by later steps pass through (docs/cli.md: "more fields may be added").
import { z } from 'zod';
import type { MonthResult } from '../timeline/index.js';
import type { TornadoBar } from '../montecarlo/index.js';
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
});
export type PlanMonth = z.infer<typeof planMonthSchema>;

export const crashMonthSchema = z.object({ p10: z.string().nullable(), p50: z.string().nullable(), p90: z.string().nullable() });

export const procurementSummarySchema = z.object({
  status: z.string(), solver: z.string(), objective: z.number(), greedy_objective: z.number(), mip_gap: z.number().nullable(),
  solve_seconds: z.number(), budget_use: z.custom<BudgetUse[]>(), notes: z.array(z.string()),
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
  capacity: z.custom<CapacityRow[]>(),
  capacity_factors: z.enum(['calibrated', 'default']),
  warnings: z.array(z.string()),
  /** What to order and when ([] with --no-procure). */
  actions: z.custom<ProcureAction[]>(),
  infeasible: z.custom<Infeasibility>().optional(),
  procurement: procurementSummarySchema.nullable().optional(),
  /** `--condition` (issue 15): the Monte Carlo weighted by the scenario's observations. */
  posterior: z.custom<Posterior>().optional(),
  /** `--prior-from` (issue 15): whose posterior became the prior of the shared inputs. */
  prior_from: z.custom<PriorFrom>().optional(),
});
export type PlanResult = z.infer<typeof planResultSchema>;
