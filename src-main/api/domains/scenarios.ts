// Scenarios (stored, validated documents) and the plan built from them: the deterministic
// timeline at once, the Monte Carlo either inline (plan.run, the CLI) or as a background job
// with progress and cancel (plan.start / plan.status / plan.cancel, the Timeline page).
import { z } from 'zod';
import { method } from '../method.js';
import { ApiError, notFound } from '../errors.js';
import type { AppContext } from '../context.js';
import { closest, didYouMean } from '../../shared/suggest.js';
import { idSchema, scenarioSchema } from '../../engine/demand/scenario.js';
import * as store from '../../store/scenarios.js';
import { planDeterministic, planMonths, planResultSchema, type PlanResult } from '../../engine/plan/index.js';
import { planOf, worldOf } from '../plan-runner.js';
import { sensitivity } from '../../engine/montecarlo/index.js';

const summarySchema = z.object({ id: z.number().int(), name: z.string(), title: z.string(), start_month: z.string(), horizon_months: z.number(), updated_at: z.string() });

function mustGet(ctx: AppContext, name: string) {
  const s = store.getScenario(ctx.db, name);
  if (!s) {
    const names = store.scenarioNames(ctx.db);
    throw notFound('name', `unknown scenario "${name}"${didYouMean(closest(name, names))}`);
  }
  return s;
}

export { planResultSchema };

const planInput = z.object({
  scenario: z.string().min(1).max(64),
  months: z.number().int().min(1).max(120).optional(),
  runs: z.number().int().min(1).max(200_000).default(10_000),
  seed: z.number().int().min(0).max(0xffffffff).default(1),
  procure: z.boolean().default(false),
  view: z.enum(['accrual', 'cash']).default('accrual'),
  /** An unsaved scenario document to plan instead of the stored one (the editor's live view). */
  body: z.unknown().optional(),
});

/** The deterministic part of the plan result (no Monte Carlo, no burn): the same schema, fewer fields. */
const timelineOutput = planResultSchema.pick({
  scenario: true, currency: true, months: true, deterministic_crash_month: true, sensitivity: true, capacity: true, capacity_factors: true, warnings: true,
});

// Background Monte Carlo jobs (one process, a few at a time): id → state.
interface Job { id: string; done: number; total: number; state: 'running' | 'done' | 'failed' | 'cancelled'; result?: PlanResult; error?: string; abort: AbortController; started: number }
const jobs = new Map<string, Job>();
let jobSeq = 0;
const MAX_JOBS = 8;

function pruneJobs(): void {
  const finished = [...jobs.values()].filter((j) => j.state !== 'running').sort((a, b) => a.started - b.started);
  while (jobs.size > MAX_JOBS && finished.length) jobs.delete(finished.shift()!.id);
}

const jobStatus = z.object({
  job: z.string(), state: z.enum(['running', 'done', 'failed', 'cancelled']), done: z.number(), total: z.number(),
  result: planResultSchema.optional(), error: z.string().optional(),
});

export const scenariosMethods = {
  'scenarios.list': method({
    input: z.object({}).default({}),
    output: z.array(summarySchema),
    run: (ctx) => store.listScenarios(ctx.db),
  }),
  'scenarios.get': method({
    input: z.object({ name: z.string().min(1).max(64) }),
    output: z.object({ name: z.string(), scenario: scenarioSchema }),
    run: (ctx, i) => ({ name: i.name, scenario: mustGet(ctx, i.name) }),
  }),
  'scenarios.save': method({
    input: z.object({ scenario: scenarioSchema, /** Refuse to replace an existing scenario unless set. */ overwrite: z.boolean().default(true) }),
    output: z.object({ id: z.number().int(), name: z.string() }),
    mutates: true,
    run: (ctx, i) => {
      if (!i.overwrite && store.getScenarioRow(ctx.db, i.scenario.name)) throw new ApiError('conflict', `a scenario named "${i.scenario.name}" already exists`, 'scenario.name');
      return { id: store.saveScenario(ctx.db, i.scenario, ctx.now()), name: i.scenario.name };
    },
  }),
  'scenarios.duplicate': method({
    input: z.object({ name: z.string().min(1).max(64), new_name: idSchema, title: z.string().trim().min(1).max(200).optional() }),
    output: z.object({ id: z.number().int(), name: z.string() }),
    mutates: true,
    run: (ctx, i) => {
      const s = mustGet(ctx, i.name);
      if (store.getScenarioRow(ctx.db, i.new_name)) throw new ApiError('conflict', `a scenario named "${i.new_name}" already exists`, 'new_name');
      const copy = { ...s, name: i.new_name, title: i.title ?? `${s.title} (copy)` };
      return { id: store.saveScenario(ctx.db, copy, ctx.now()), name: i.new_name };
    },
  }),
  'scenarios.delete': method({
    input: z.object({ name: z.string().min(1).max(64) }),
    output: z.object({ deleted: z.boolean() }),
    mutates: true,
    run: (ctx, i) => {
      if (!store.deleteScenario(ctx.db, i.name)) throw notFound('name', `unknown scenario "${i.name}"`);
      return { deleted: true };
    },
  }),
  /** Deterministic timeline only (milliseconds): months, crash month at the medians, tornado. */
  'plan.timeline': method({
    input: planInput.omit({ runs: true, seed: true }),
    output: timelineOutput,
    run: (ctx, i) => {
      const { inputs, model, det } = planDeterministic(worldOf(ctx, { scenario: i.scenario, months: i.months, body: i.body }));
      return {
        scenario: inputs.scenario.name, currency: inputs.scenario.currency, months: planMonths(det, null),
        deterministic_crash_month: det.crash_month, sensitivity: sensitivity(model), capacity: inputs.rows,
        capacity_factors: inputs.factorsKind, warnings: inputs.warnings,
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
      const id = `plan-${++jobSeq}`;
      const job: Job = { id, done: 0, total: i.runs, state: 'running', abort: new AbortController(), started: jobSeq };
      jobs.set(id, job);
      pruneJobs();
      planOf(ctx, i, { onProgress: (d) => { job.done = d; }, signal: job.abort.signal }).then(
        (r) => { job.result = r; job.done = job.total; job.state = 'done'; },
        (e) => {
          if (e instanceof ApiError && e.code === 'cancelled') job.state = 'cancelled';
          else { job.state = 'failed'; job.error = e instanceof ApiError ? e.message : 'internal error'; }
        },
      );
      return { job: id, total: i.runs };
    },
  }),
  'plan.status': method({
    input: z.object({ job: z.string().min(1).max(40) }),
    output: jobStatus,
    run: (_ctx, i) => {
      const j = jobs.get(i.job);
      if (!j) throw notFound('job', `unknown job "${i.job}"`);
      return { job: j.id, state: j.state, done: j.done, total: j.total, ...(j.result ? { result: j.result } : {}), ...(j.error ? { error: j.error } : {}) };
    },
  }),
  'plan.cancel': method({
    input: z.object({ job: z.string().min(1).max(40) }),
    output: z.object({ cancelled: z.boolean() }),
    run: (_ctx, i) => {
      const j = jobs.get(i.job);
      if (!j) throw notFound('job', `unknown job "${i.job}"`);
      if (j.state !== 'running') return { cancelled: false };
      j.abort.abort();
      return { cancelled: true };
    },
  }),
};
