// Procurement settings per scenario (stored by store/procure-settings.ts) and the what-if
// overrides the Plan page sends. One zod schema checks both.
import { z } from 'zod';

const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal string like "1200000.50"')
  .regex(/^\d{1,15}(\.\d{1,12})?$/, 'must have at most 15 digits before the decimal point and 12 after');
import { monthSchema as month } from '../../shared/month.js';

export const procureSettingsSchema = z.object({
  /** Service level (issue 12): each pool and month is sized to this quantile of the Monte Carlo
   *  need, so each month's P(overload) ≤ 1 − service level. */
  service_level: z.number().min(0.5).max(0.999).default(0.9),
  /** Optional extra margin on top of the service-level need: capacity ≥ need × (1 + headroom). */
  headroom: z.number().min(0).max(5).default(0),
  allow_cloud: z.boolean().default(true),
  /** Acquisition modes the optimiser may use (issue 16's buy-vs-lease-vs-cloud comparison plans the same
   *  scenario once per mode); null = every mode. */
  modes: z.array(z.enum(['buy', 'lease', 'cloud_on_demand', 'cloud_reserved'])).min(1).max(4).nullable().default(null),
  /** The scenario holds a US export licence for 'licence_required' types (H20) at CN sites. */
  cn_licence_held: z.boolean().default(false),
  banned_gpus: z.array(z.string().min(1).max(64)).max(100).default([]),
  discount_rate: z.number().min(0).max(1).default(0.08),
  hardware_life_months: z.number().int().min(6).max(240).default(60),
  /** Lead time when a price list gives none, months, per GPU type (default `default_lead_months`). */
  lead_months: z.record(z.string().max(64), z.number().int().min(0).max(36)).default({}),
  default_lead_months: z.number().int().min(0).max(36).default(3),
  lease_term_months: z.number().int().min(1).max(120).default(36),
  /** Per-quarter budgets; `budget_cap` applies the same cap to every quarter (a what-if). */
  budgets: z.array(z.object({ quarter: z.string().regex(/^\d{4}-Q[1-4]$/), capex: decimal.nullable().optional(), opex: decimal.nullable().optional() })).max(200).default([]),
  budget_cap: z.object({ capex: decimal.nullable().optional(), opex: decimal.nullable().optional() }).nullable().default(null),
  supply_caps: z.array(z.object({ gpu_id: z.string().min(1), per: z.enum(['month', 'quarter']), max_gpus: z.number().int().min(0).max(10_000_000) })).max(500).default([]),
  /** Sites where GPUs may be added (default: the sites of the scenario's clusters). */
  sites: z.array(z.string().min(1)).max(100).nullable().default(null),
  /** GPU types considered (default: every type with a price in the price book). */
  candidate_gpus: z.array(z.string().min(1)).max(200).nullable().default(null),
  /** Sites with their own limit on servers (space). */
  max_servers: z.record(z.string().max(200), z.number().int().min(0).max(10_000_000)).default({}),
  time_limit_s: z.number().min(1).max(600).default(10),
  mip_gap: z.number().min(0).max(0.5).default(0.01),
  /** First order month (default: the scenario's start month). */
  start_month: month.nullable().default(null),
});
export type ProcureSettings = z.infer<typeof procureSettingsSchema>;
export type ProcureSettingsInput = z.input<typeof procureSettingsSchema>;

/** What-if overrides: any subset of the settings, with NO defaults filled in (missing = keep the stored value). */
type NoDefaults<T extends z.core.$ZodLooseShape> = { [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer I> ? I : T[K]> };
function withoutDefaults<T extends z.core.$ZodLooseShape>(shape: T): z.ZodObject<NoDefaults<T>> {
  const out: Record<string, z.ZodType> = {};
  for (const [k, v] of Object.entries(shape)) out[k] = (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : (v as z.ZodType)).optional();
  return z.object(out) as unknown as z.ZodObject<NoDefaults<T>>;
}
export const procureOverridesSchema = withoutDefaults(procureSettingsSchema.shape);
export type ProcureOverrides = z.infer<typeof procureOverridesSchema>;
