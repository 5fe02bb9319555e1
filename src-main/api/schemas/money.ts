// Wire schemas for FX, tariffs, site cost extras, fixed items and burn (decimal strings for money).
import { z } from 'zod';
import { currencySchema, decimalSchema, monthSchema, nonEmpty } from './common.js';
import { planWarningSchema } from '../../engine/plan/result.js';
import { dateSchema } from '../../shared/month.js';
export { dateSchema };
const positiveDecimal = decimalSchema.refine((s) => /[1-9]/.test(s), 'must be greater than 0');

export const fxRowSchema = z.object({
  id: z.number().int(), base: z.string(), quote: z.string(), rate: z.string(), effective_from: z.string(), source: z.string(), notes: z.string(),
});
export const fxInputSchema = z.object({
  base: currencySchema, quote: currencySchema, rate: positiveDecimal, effective_from: dateSchema,
  source: z.string().max(500).default(''), notes: z.string().max(2000).default(''),
}).refine((r) => r.base !== r.quote, { message: 'must differ from base', path: ['quote'] });

export const bandSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(40),
  from_hour: z.number().int().min(0).max(23),
  to_hour: z.number().int().min(1).max(24),
  price_per_kwh: decimalSchema,
});
export const tariffRowSchema = z.object({
  id: z.number().int(), site_id: z.number().int(), site: z.string(), effective_from: z.string(), currency: z.string(),
  kind: z.enum(['flat', 'tou']), price_per_kwh: z.string().nullable(), bands: z.array(bandSchema).nullable(),
  demand_charge_per_kw_month: z.string(), source: z.string(), notes: z.string(),
});
export const tariffInputSchema = z.object({
  id: z.number().int().optional(),
  site: nonEmpty(80),
  effective_from: dateSchema,
  currency: currencySchema,
  kind: z.enum(['flat', 'tou']),
  price_per_kwh: decimalSchema.nullable().default(null),
  bands: z.array(bandSchema).min(1).max(24).nullable().default(null),
  demand_charge_per_kw_month: decimalSchema.default('0'),
  source: z.string().max(500).default(''),
  notes: z.string().max(2000).default(''),
}).refine((t) => (t.kind === 'flat' ? t.price_per_kwh !== null : t.bands !== null), { message: 'a flat tariff needs price_per_kwh; a time-of-use tariff needs bands', path: ['kind'] });

export const siteCostsSchema = z.object({
  site_id: z.number().int(), site: z.string(), country: z.string(), pue: z.number(),
  hosting_per_kw_month: z.string().nullable(), hosting_currency: z.string().nullable(),
  server_type: z.string(), server_overhead: z.number().nullable(), utc_offset_hours: z.number().int().nullable(), source: z.string(),
  /** The factor the power model uses, and where it comes from. */
  effective_server_overhead: z.number(), overhead_source: z.string(), overhead_assumed: z.boolean(),
});
export const siteCostsInputSchema = z.object({
  site: nonEmpty(80),
  hosting_per_kw_month: decimalSchema.nullable().default(null),
  hosting_currency: currencySchema.nullable().default(null),
  server_type: z.string().trim().min(1).max(40).default('hgx_8gpu'),
  server_overhead: z.number().min(1, 'must be at least 1.0').max(5, 'must be at most 5.0').nullable().default(null),
  utc_offset_hours: z.number().int().min(-12).max(14).nullable().default(null),
  source: z.string().max(500).default(''),
}).refine((s) => (s.hosting_per_kw_month === null) === (s.hosting_currency === null), { message: 'hosting price and currency go together', path: ['hosting_currency'] });

export const fixedCategorySchema = z.enum(['staff', 'network', 'software', 'facilities', 'other']);
export const fixedRowSchema = z.object({
  id: z.number().int(), name: z.string(), category: fixedCategorySchema, amount_per_month: z.string(), currency: z.string(),
  from_month: z.string().nullable(), to_month: z.string().nullable(), notes: z.string(),
});
export const fixedInputSchema = z.object({
  id: z.number().int().optional(),
  name: nonEmpty(120),
  category: fixedCategorySchema.default('other'),
  amount_per_month: decimalSchema,
  currency: currencySchema,
  from_month: monthSchema.nullable().default(null),
  to_month: monthSchema.nullable().default(null),
  notes: z.string().max(2000).default(''),
}).refine((f) => !(f.from_month && f.to_month && f.to_month < f.from_month), { message: 'must not be before from_month', path: ['to_month'] });

export const clusterCostsSchema = z.object({
  cluster_id: z.number().int(),
  useful_life_months: z.number().int().min(1).max(240).nullable().default(null),
  residual_value: decimalSchema.nullable().default(null),
  paid_month: monthSchema.nullable().default(null),
  cloud_pricing: z.enum(['on_demand', 'reserved']).default('on_demand'),
  term_months: z.number().int().min(1).max(240).nullable().default(null),
  server_type: z.string().max(40).nullable().default(null),
  pinned_price_row: z.number().int().nullable().default(null),
  notes: z.string().max(2000).default(''),
});

const partsShape = {
  total: z.string(), depreciation: z.string(), lease: z.string(), cloud: z.string(), electricity: z.string(), hosting: z.string(), fixed: z.string(),
};
export const burnMonthSchema = z.object({
  month: z.string(), ...partsShape,
  energy_kwh: z.number(), output_tokens: z.number().nullable(),
  cost_per_million_tokens: z.string().nullable(), cost_per_1000_requests: z.string().nullable(), cost_per_dau: z.string().nullable(),
  tokens_per_mwh: z.number().nullable(),
  by_site: z.array(z.object({ site: z.string(), energy_kwh: z.number(), peak_kw: z.number(), electricity: z.string(), hosting: z.string() })),
});
export const burnResultSchema = z.object({
  currency: z.string(), view: z.enum(['accrual', 'cash']),
  months: z.array(burnMonthSchema),
  totals: z.object({ ...partsShape, energy_kwh: z.number(), average_month: z.string() }),
  /** Electricity and hosting per site over the whole horizon (engine/burn/by-site.ts). */
  site_totals: z.array(z.object({
    site: z.string(), energy_kwh: z.number(), peak_kw: z.number(), electricity: z.string(), hosting: z.string(), total: z.string(),
    electricity_per_kwh: z.string().nullable(), share_of_burn: z.string().nullable(),
  })),
  notes: z.array(z.string()),
  /** Every zero or missing cost and every price from another date, structured (issue 12; engine/plan/warnings.ts). */
  warnings: z.array(planWarningSchema),
});
export const burnRequestSchema = z.object({
  start_month: monthSchema,
  months: z.number().int().min(1).max(120).default(24),
  currency: currencySchema.default('USD'),
  view: z.enum(['accrual', 'cash']).default('accrual'),
  /** Average utilisation per site name (0..1), one value or one per month. */
  utilisation: z.record(z.string(), z.union([z.number().min(0).max(1), z.array(z.number().min(0).max(1)).max(120)])).optional(),
  default_utilisation: z.number().min(0).max(1).optional(),
  /** Only this stored scenario's fleet (its pools' clusters and shares); absent: the whole fleet. */
  scenario: z.string().min(1).max(200).optional(),
  diurnal: z.array(z.number().nonnegative().max(1e6)).length(24).optional(),
  served: z.object({
    output_tokens: z.array(z.number().nonnegative().max(1e18)).max(120).optional(),
    requests: z.array(z.number().nonnegative().max(1e15)).max(120).optional(),
    dau: z.array(z.number().nonnegative().max(1e10)).max(120).optional(),
  }).optional(),
});
