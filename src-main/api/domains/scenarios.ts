// Scenarios: stored, validated documents (the plan built from them is domains/plan.ts).
import { z } from 'zod';
import { method } from '../method.js';
import { ApiError, notFound } from '../errors.js';
import type { AppContext } from '../context.js';
import { closest, didYouMean } from '../../shared/suggest.js';
import { idSchema, scenarioSchema } from '../../engine/demand/scenario.js';
import * as store from '../../store/scenarios.js';

const summarySchema = z.object({ id: z.number().int(), name: z.string(), title: z.string(), start_month: z.string(), horizon_months: z.number(), updated_at: z.string() });

function mustGet(ctx: AppContext, name: string) {
  const s = store.getScenario(ctx.db, name);
  if (!s) {
    const names = store.scenarioNames(ctx.db);
    throw notFound('name', `unknown scenario "${name}"${didYouMean(closest(name, names))}`);
  }
  return s;
}

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
};
