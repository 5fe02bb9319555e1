// The plan built from a scenario: the deterministic timeline at once (plan.timeline), the whole
// plan inline (plan.run, the CLI) or as a background job with progress and cancel (plan.start /
// plan.status / plan.cancel, the Timeline page) through the context's job registry.
import { z } from 'zod';
import { method } from '../method.js';
import { jobsOf } from '../context.js';
import { coverageWarnings, planDeterministic, planMonths, planResultSchema, type PlanResult } from '../../engine/plan/index.js';
import { sensitivity } from '../../engine/montecarlo/index.js';
import { planOf, worldOf } from '../plan-runner.js';

export const planInput = z.object({
  scenario: z.string().min(1).max(64),
  months: z.number().int().min(1).max(120).optional(),
  runs: z.number().int().min(1).max(200_000).default(10_000),
  seed: z.number().int().min(0).max(0xffffffff).default(1),
  procure: z.boolean().default(false),
  view: z.enum(['accrual', 'cash']).default('accrual'),
  /** An unsaved scenario document to plan instead of the stored one (the editor's live view). */
  body: z.unknown().optional(),
  /** Condition the Monte Carlo on the scenario's observations (adds `posterior`). */
  condition: z.boolean().default(false),
  /** Take this scenario's posterior as the prior of the shared inputs (adds `prior_from`). */
  prior_from: z.string().min(1).max(64).optional(),
  /** Risk target (issue 12): each month's P(overload) ≤ 1 − service_level (default: the stored setting, 0.9). */
  service_level: z.number().min(0.5).max(0.999).optional(),
});

/** The deterministic part of the plan result (no Monte Carlo, no burn): the same schema, fewer fields. */
const timelineOutput = planResultSchema.pick({
  scenario: true, currency: true, months: true, deterministic_crash_month: true, sensitivity: true, capacity: true, capacity_factors: true, warnings: true,
});

const jobStatus = z.object({
  job: z.string(), state: z.enum(['running', 'done', 'failed', 'cancelled']), done: z.number(), total: z.number(),
  result: planResultSchema.optional(), error: z.string().optional(),
});
const jobId = z.object({ job: z.string().min(1).max(40) });

export const planMethods = {
  /** Deterministic timeline only (milliseconds): months, crash month at the medians, tornado. */
  'plan.timeline': method({
    input: planInput.omit({ runs: true, seed: true }),
    output: timelineOutput,
    run: (ctx, i) => {
      const w = worldOf(ctx, { scenario: i.scenario, months: i.months, body: i.body });
      const { inputs, model, det } = planDeterministic(w);
      return {
        scenario: inputs.scenario.name, currency: inputs.scenario.currency, months: planMonths(det, null),
        deterministic_crash_month: det.crash_month, sensitivity: sensitivity(model), capacity: inputs.rows,
        capacity_factors: inputs.factorsKind,
        warnings: [...inputs.warnings.map((message) => ({ code: 'note', message })), ...coverageWarnings(w, inputs, model)],
      };
    },
  }),
  /** The whole plan, Monte Carlo included (runs inline; reports to ctx.progress, stops on ctx.signal). */
  'plan.run': method({
    input: planInput,
    output: planResultSchema,
    run: (ctx, i) => planOf(ctx, i, { onProgress: ctx.progress ? (d, t) => ctx.progress!(d, t, 'monte-carlo') : undefined, signal: ctx.signal }),
  }),
  /** Starts the plan as a background job; poll plan.status, stop with plan.cancel. */
  'plan.start': method({
    input: planInput,
    output: z.object({ job: z.string(), total: z.number() }),
    run: (ctx, i) => {
      // Validate inputs now so a bad scenario fails the call, not the job.
      planDeterministic(worldOf(ctx, { scenario: i.scenario, months: i.months, body: i.body }));
      const job = jobsOf(ctx).start<PlanResult>('plan', i.runs, (h) => planOf(ctx, i, { onProgress: (d, t) => h.progress(d, t), signal: h.signal }));
      return { job, total: i.runs };
    },
  }),
  'plan.status': method({
    input: jobId,
    output: jobStatus,
    run: (ctx, i) => {
      const j = jobsOf(ctx).status<PlanResult>(i.job, 'plan');
      return { job: j.job, state: j.state, done: j.done, total: j.total, ...(j.result ? { result: j.result } : {}), ...(j.error ? { error: j.error } : {}) };
    },
  }),
  'plan.cancel': method({
    input: jobId,
    output: z.object({ cancelled: z.boolean() }),
    run: (ctx, i) => {
      jobsOf(ctx).status(i.job, 'plan'); // unknown → not_found
      return { cancelled: jobsOf(ctx).cancel(i.job, 'plan') };
    },
  }),
};
