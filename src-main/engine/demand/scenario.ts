// The scenario document: every input the demand model and the fleet timeline read, each with
// its provenance (a source, or "assumed" with the reason) and, where uncertain, its P10/P90.
// Stored as validated JSON (db/0050-scenarios.sql); the same schema checks API input.
import { z } from 'zod';
import { SERVING_ENGINES, type ServingEngine } from '../capacity/factors.js';
import { isSupportedCurrency } from '../money/currency.js';
import { hasVisible } from '../../shared/text.js';

import { monthSchema, dateSchema } from '../../shared/month.js';
/** Months and real calendar days (2023-02-30 is not one) between 1970-01 and 2200-12: the one calendar's schemas. */
export const scenarioMonthSchema = monthSchema;
export const scenarioDateSchema = dateSchema;
export const idSchema = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'must be lower-case letters, digits, - _ . (max 64)');

/** Where a figure comes from: a source (citation/URL), or "assumed" with the reason. */
const provenanceFields = {
  source: z.string().trim().min(1).max(2000).optional(),
  assumed: z.string().trim().min(1).max(2000).optional(),
};
const oneProvenance = (v: { source?: string; assumed?: string }) => (v.source === undefined) !== (v.assumed === undefined);
const provenanceMsg = { message: 'give either a source or an "assumed" reason (exactly one)' };

/**
 * A number with provenance. `p10`/`p90` make it uncertain: the Monte Carlo samples it from a
 * split distribution whose median is `value` (log-normal when p10 > 0, else normal).
 */
/** No figure in a scenario is larger than this in magnitude (tighter bounds per field below). */
export const NUM_LIMIT = 1e15;
const boundedNumber = z.number().finite().min(-NUM_LIMIT, 'must be at least -1e15').max(NUM_LIMIT, 'must be at most 1e15');
export const numSchema = z
  .object({
    value: boundedNumber,
    p10: boundedNumber.optional(),
    p90: boundedNumber.optional(),
    ...provenanceFields,
  })
  .refine(oneProvenance, provenanceMsg)
  .refine((n) => (n.p10 === undefined) === (n.p90 === undefined), { message: 'p10 and p90 go together', path: ['p90'] })
  .refine((n) => n.p10 === undefined || (n.p10 <= n.value && n.value <= (n.p90 as number)), { message: 'must satisfy p10 <= value <= p90', path: ['p10'] });
export type Num = z.infer<typeof numSchema>;

/**
 * Sensible bounds per figure (issue 17: 1e308 users, tpot 5e-324 and availability 0 planned into
 * Infinity): value, p10 and p90 each within [min, max]; the issue names the figure that is out.
 */
type NumS = z.ZodType<Num>;
const within = (s: NumS, lo: number, hi: number, unit = '') => s.superRefine((n, ctx) => {
  for (const k of ['value', 'p10', 'p90'] as const) {
    const x = n[k];
    if (x === undefined) continue;
    if (x < lo) ctx.addIssue({ code: 'custom', message: `must be at least ${lo}${unit} (got ${x})`, path: [k] });
    else if (x > hi) ctx.addIssue({ code: 'custom', message: `must be at most ${hi.toLocaleString('en-US')}${unit} (got ${x})`, path: [k] });
  }
});
const positive = (s: NumS, max = NUM_LIMIT, min = 0) => within(s.refine((n) => n.value > 0 && (n.p10 === undefined || n.p10 > 0), { message: 'must be greater than 0', path: ['value'] }), min, max);
const nonNegative = (s: NumS, max = NUM_LIMIT) => within(s.refine((n) => n.value >= 0 && (n.p10 === undefined || n.p10 >= 0), { message: 'must be 0 or more', path: ['value'] }), 0, max);
const share = (s: NumS, min = 0, max = 1) => within(s.refine((n) => n.value >= 0 && n.value <= 1 && (n.p10 === undefined || (n.p10 >= 0 && (n.p90 as number) <= 1)), { message: 'must be a share between 0 and 1', path: ['value'] }), min, max);
const growth = (s: NumS) => within(s.refine((n) => n.value > -1 && n.value <= 10 && (n.p10 === undefined || n.p10 > -1), { message: 'must be a monthly rate above -1 (e.g. 0.05 for 5%/month)', path: ['value'] }), -0.99, 10);

/** Field bounds (one place): people, tokens, seconds, multipliers. */
export const BOUNDS = {
  users: 1e10, requests_per_day: 1e5, tokens_per_request: 1e7, tokens_per_day: 1e15, gpu_seconds: 3600,
  ttft_ms: [1, 600_000], tpot_ms: [0.01, 60_000], b2b_units: 1e9, requests_per_unit_per_day: 1e7,
  multiplier: 1000, weekend_level: 10, burst_factor: 100, factor: [0.01, 100], availability: 0.01, ttft_tail: [0.0001, 0.5], scale: 1e6,
} as const;

const usersTableSchema = z.object({
  kind: z.literal('table'),
  points: z.array(z.object({ month: scenarioMonthSchema, users: z.number().nonnegative().max(BOUNDS.users, 'must be at most 10,000,000,000'), source: z.string().max(2000).optional(), assumed: z.string().max(2000).optional() })
    .refine(oneProvenance, provenanceMsg)).min(1).max(240),
  /** Multiplier on the whole table (1 = as given); its P10/P90 carry the table's uncertainty. */
  scale: positive(numSchema, BOUNDS.scale),
});
const usersCompoundSchema = z.object({ kind: z.literal('compound'), start: nonNegative(numSchema, BOUNDS.users), monthly_growth: growth(numSchema) });
const usersLogisticSchema = z.object({
  kind: z.literal('logistic'), start: positive(numSchema, BOUNDS.users), ceiling: positive(numSchema, BOUNDS.users), monthly_growth: growth(numSchema),
});
export const usersSchema = z.discriminatedUnion('kind', [usersTableSchema, usersCompoundSchema, usersLogisticSchema]);
export type UsersSpec = z.infer<typeof usersSchema>;

export const classKindSchema = z.enum(['chat', 'voice', 'image', 'api']);

/** 24 hourly shares (UTC) summing to 1. */
const hourShares = z.array(z.number().nonnegative()).length(24)
  .refine((a) => Math.abs(a.reduce((x, y) => x + y, 0) - 1) < 1e-6, { message: 'hourly shares must sum to 1' });

/**
 * B2B demand driver (issue 19): integrated seats or systems at the start month, how many are
 * onboarded per month (P10/P90), and requests each sends per (week)day.
 */
export const b2bSchema = z.object({
  unit: z.enum(['seat', 'system']),
  units: nonNegative(numSchema, BOUNDS.b2b_units),
  onboarded_per_month: nonNegative(numSchema, BOUNDS.b2b_units),
  requests_per_unit_per_day: nonNegative(numSchema, BOUNDS.requests_per_unit_per_day),
});
export type B2bSpec = z.infer<typeof b2bSchema>;

/** Batch (deferrable) work: served within `deadline_hours` of arriving, in spare capacity. */
export const batchSchema = z.object({
  deadline_hours: z.number().int().min(1).max(72),
  ...provenanceFields,
}).refine(oneProvenance, provenanceMsg);

/**
 * Weekly profile (issue 19): the shape of a weekday and of a weekend day (UTC hour shares), and
 * how much a weekend day carries relative to a weekday (requests per day are a weekday's).
 */
export const weeklySchema = z.object({
  weekday: hourShares,
  weekend: hourShares,
  weekend_level: nonNegative(numSchema, BOUNDS.weekend_level),
  ...provenanceFields,
}).refine(oneProvenance, provenanceMsg);
export type WeeklySpec = z.infer<typeof weeklySchema>;

/** Calendar effects with fixed dates (see engine/demand/calendar-effects.ts for the days). */
export const calendarEffectSchema = z.enum(['month_end', 'quarter_end', 'spring_festival', 'golden_week', 'thanksgiving', 'christmas']);
export type CalendarEffect = z.infer<typeof calendarEffectSchema>;
export const calendarItemSchema = z.object({ effect: calendarEffectSchema, multiplier: nonNegative(numSchema, BOUNDS.multiplier) });
export type ClassKind = z.infer<typeof classKindSchema>;

export const classSchema = z
  .object({
    id: idSchema,
    label: z.string().trim().min(1).max(120),
    kind: classKindSchema,
    /** Pool whose LLM serves this class's tokens. */
    pool: idSchema,
    /** Pool that runs speech/image GPU time (default: `pool`). */
    media_pool: idSchema.optional(),
    /** Requests per daily active user per day (chat, voice, image). */
    requests_per_dau: nonNegative(numSchema, BOUNDS.requests_per_day).optional(),
    /** Business API traffic: tokens per day (input + output) at the start month, and its own growth. */
    tokens_per_day: nonNegative(numSchema, BOUNDS.tokens_per_day).optional(),
    api_monthly_growth: growth(numSchema).optional(),
    input_tokens: nonNegative(numSchema, BOUNDS.tokens_per_request),
    output_tokens: nonNegative(numSchema, BOUNDS.tokens_per_request),
    /** Voice: speech-to-text and text-to-speech GPU seconds per request, on top of the LLM tokens. */
    stt_gpu_s: nonNegative(numSchema, BOUNDS.gpu_seconds).optional(),
    tts_gpu_s: nonNegative(numSchema, BOUNDS.gpu_seconds).optional(),
    /** Image: GPU seconds per image. */
    image_gpu_s: nonNegative(numSchema, BOUNDS.gpu_seconds).optional(),
    ttft_ms: positive(numSchema, BOUNDS.ttft_ms[1], BOUNDS.ttft_ms[0]),
    tpot_ms: positive(numSchema, BOUNDS.tpot_ms[1], BOUNDS.tpot_ms[0]),
    /** B2B use case: seats/systems × requests per unit per day, instead of tokens_per_day (api classes). */
    b2b: b2bSchema.optional(),
    /** Deferrable work with a deadline; absent = interactive (TTFT/TPOT SLO at the pool's tail). */
    batch: batchSchema.optional(),
    /** Own weekday/weekend profile; absent = the scenario's diurnal profile every day. */
    weekly: weeklySchema.optional(),
    /** Demand multipliers on calendar days (month-end, holidays...). */
    calendar: z.array(calendarItemSchema).max(12).optional(),
  })
  .refine((c) => c.kind === 'api' || c.b2b === undefined, { message: 'b2b applies to api classes only', path: ['b2b'] })
  .refine((c) => c.kind !== 'api' || c.b2b === undefined || c.tokens_per_day === undefined, { message: 'give tokens_per_day or b2b, not both', path: ['b2b'] })
  .refine((c) => new Set((c.calendar ?? []).map((x) => x.effect)).size === (c.calendar ?? []).length, { message: 'each calendar effect once', path: ['calendar'] })
  .refine((c) => (c.kind === 'api' && c.b2b === undefined) === (c.tokens_per_day !== undefined), { message: 'api classes give tokens_per_day (or b2b); others give requests_per_dau', path: ['tokens_per_day'] })
  .refine((c) => c.kind === 'api' || c.requests_per_dau !== undefined, { message: 'is required for chat, voice and image classes', path: ['requests_per_dau'] })
  .refine((c) => c.kind !== 'api' || c.b2b !== undefined || c.api_monthly_growth !== undefined, { message: 'is required for api classes', path: ['api_monthly_growth'] })
  .refine((c) => c.kind !== 'voice' || (c.stt_gpu_s !== undefined && c.tts_gpu_s !== undefined), { message: 'voice classes give stt_gpu_s and tts_gpu_s', path: ['stt_gpu_s'] })
  .refine((c) => c.kind !== 'image' || c.image_gpu_s !== undefined, { message: 'image classes give image_gpu_s', path: ['image_gpu_s'] })
  .refine((c) => c.kind !== 'api' || c.input_tokens.value + c.output_tokens.value > 0, { message: 'api classes need tokens per request', path: ['output_tokens'] });
export type ClassSpec = z.infer<typeof classSchema>;

export const eventSchema = z
  .object({
    id: idSchema,
    label: z.string().trim().min(1).max(200),
    start_date: scenarioDateSchema,
    days: z.number().int().min(1).max(366),
    /** Class whose demand is multiplied (null = every class). */
    class: idSchema.nullable(),
    multiplier: positive(numSchema, BOUNDS.multiplier),
    /** Moves a share of one class's requests to another (e.g. chat → voice when voice goes free). */
    shift: z.object({ from: idSchema, to: idSchema, share: share(numSchema) }).optional(),
    ...provenanceFields,
  })
  .refine(oneProvenance, provenanceMsg);
export type EventSpec = z.infer<typeof eventSchema>;

/**
 * Something that happened: on a day (or in a month) the service, or one pool, was overloaded
 * or held. The conditioned Monte Carlo weights paths by how well they reproduce these.
 */
export const observationSchema = z
  .object({
    date: scenarioDateSchema.optional(),
    month: scenarioMonthSchema.optional(),
    /** Pool observed (absent = the service as a whole: any pool over is "overloaded"). */
    pool: idSchema.optional(),
    status: z.enum(['overloaded', 'held']),
    source: z.string().trim().min(1).max(2000),
    note: z.string().max(2000).optional(),
  })
  .refine((o) => (o.date === undefined) !== (o.month === undefined), { message: 'give either a date or a month (exactly one)', path: ['date'] });
export type Observation = z.infer<typeof observationSchema>;

export const precisionSchema = z.enum(['bf16', 'fp8', 'int8', 'int4', 'fp4']);

export const poolSchema = z.object({
  id: idSchema,
  label: z.string().trim().min(1).max(120),
  /** The LLM this pool serves; null for a pool that only runs speech/image GPU time. */
  model_id: z.string().min(1).max(64).nullable(),
  precision: precisionSchema,
  /** Tensor-parallel GPUs per replica (per GPU type override in tp_by_gpu). */
  tp: z.number().int().min(1).max(64),
  tp_by_gpu: z.record(z.string(), z.number().int().min(1).max(64)).optional(),
  /** Clusters (inventory ids) serving this pool, with the share of each cluster's GPUs. */
  clusters: z.array(z.object({ cluster_id: z.number().int(), share: z.number().min(0.0001, 'must be at least 0.0001').max(1).default(1) })).max(10_000),
  /** Share of GPUs up (not down for failures or maintenance). */
  availability: share(numSchema, BOUNDS.availability),
  /** Share of requests allowed to wait longer than the TTFT SLO leaves after prefill (0.05 = p95). */
  ttft_tail: share(numSchema, BOUNDS.ttft_tail[0], BOUNDS.ttft_tail[1]),
  /** Serving engine (its fitted efficiencies); absent: each GPU vendor's usual engine. */
  engine: z.enum(SERVING_ENGINES as unknown as [ServingEngine, ...ServingEngine[]]).optional(),
  /**
   * Operational utilisation ceiling (share of capacity the pool is planned to run at, at most);
   * absent: 0.85 (DEFAULT_UTILISATION_CEILING). Erlang C alone allows ≈ 0.9999 for huge pools.
   */
  utilisation_ceiling: z.number().min(0.05, 'must be at least 0.05').max(1).optional(),
  /**
   * When `model_id` stands in for a model that is not published: the real model's active size
   * relative to the stand-in (1 = the stand-in; capacity per GPU scales as 1/x), an assumption
   * with its reason and range. The conditioned Monte Carlo (engine/montecarlo/condition.ts) samples it.
   */
  model_size_factor: positive(numSchema, BOUNDS.factor[1], BOUNDS.factor[0]).optional(),
  /** The real fleet relative to the clusters given (1 = as recorded), when the GPU count is an estimate. */
  fleet_factor: positive(numSchema, BOUNDS.factor[1], BOUNDS.factor[0]).optional(),
});
export type PoolSpec = z.infer<typeof poolSchema>;

export const diurnalSchema = z
  .object({
    /** Share of a day's requests in each UTC hour, 24 values summing to 1. */
    profile: z.array(z.number().nonnegative()).length(24),
    /** In-hour burst: peak-minute rate over the hour's mean rate (>= 1). */
    burst_factor: within(numSchema.refine((n) => n.value >= 1 && (n.p10 === undefined || n.p10 >= 1), { message: 'must be 1 or more', path: ['value'] }), 1, BOUNDS.burst_factor),
    ...provenanceFields,
  })
  .refine(oneProvenance, provenanceMsg)
  .refine((d) => Math.abs(d.profile.reduce((a, b) => a + b, 0) - 1) < 1e-6, { message: 'hourly shares must sum to 1', path: ['profile'] });

export const scenarioSchema = z
  .object({
    name: idSchema,
    title: z.string().trim().min(1).max(200).refine(hasVisible, 'must have a visible character'),
    description: z.string().max(5000).default(''),
    start_month: scenarioMonthSchema,
    horizon_months: z.number().int().min(1).max(120),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like USD').refine(isSupportedCurrency, 'is not an ISO 4217 currency this build knows (e.g. USD, CNY, EUR)'),
    users: usersSchema,
    /** Daily active users as a share of `users`. */
    dau_share: share(numSchema),
    classes: z.array(classSchema).min(1).max(50),
    diurnal: diurnalSchema,
    events: z.array(eventSchema).max(200).default([]),
    pools: z.array(poolSchema).min(1).max(50),
    /** What was observed (outages, held days); used by `plan --condition`. */
    observations: z.array(observationSchema).max(500).optional(),
  })
  .superRefine((s, ctx) => {
    const pools = new Set(s.pools.map((p) => p.id));
    const classes = new Set(s.classes.map((c) => c.id));
    if (pools.size !== s.pools.length) ctx.addIssue({ code: 'custom', message: 'pool ids must be unique', path: ['pools'] });
    if (classes.size !== s.classes.length) ctx.addIssue({ code: 'custom', message: 'class ids must be unique', path: ['classes'] });
    s.classes.forEach((c, i) => {
      if (!pools.has(c.pool)) ctx.addIssue({ code: 'custom', message: `unknown pool "${c.pool}"`, path: ['classes', i, 'pool'] });
      if (c.media_pool !== undefined && !pools.has(c.media_pool)) ctx.addIssue({ code: 'custom', message: `unknown pool "${c.media_pool}"`, path: ['classes', i, 'media_pool'] });
      const llm = s.pools.find((p) => p.id === c.pool);
      if (llm && llm.model_id === null && c.output_tokens.value + c.input_tokens.value > 0) {
        ctx.addIssue({ code: 'custom', message: `pool "${c.pool}" has no model to serve tokens`, path: ['classes', i, 'pool'] });
      }
    });
    s.events.forEach((e, i) => {
      if (e.class !== null && !classes.has(e.class)) ctx.addIssue({ code: 'custom', message: `unknown class "${e.class}"`, path: ['events', i, 'class'] });
      if (e.shift && (!classes.has(e.shift.from) || !classes.has(e.shift.to))) ctx.addIssue({ code: 'custom', message: 'shift names an unknown class', path: ['events', i, 'shift'] });
    });
    (s.observations ?? []).forEach((o, i) => {
      if (o.pool !== undefined && !pools.has(o.pool)) ctx.addIssue({ code: 'custom', message: `unknown pool "${o.pool}"`, path: ['observations', i, 'pool'] });
    });
    if (s.users.kind === 'logistic' && s.users.ceiling.value < s.users.start.value) {
      ctx.addIssue({ code: 'custom', message: 'ceiling must be at least the start', path: ['users', 'ceiling'] });
    }
  });
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
