// The backtest.* methods: replay the forecast from each past month against the actuals (issue 15).
import { z } from 'zod';
import { method } from '../method.js';
import { notFound } from '../errors.js';
import type { AppContext } from '../context.js';
import { closest, didYouMean } from '../../shared/suggest.js';
import * as store from '../../store/actuals.js';
import { getScenario, scenarioNames } from '../../store/scenarios.js';
import type { Scenario } from '../../engine/demand/scenario.js';
import { actualPeaks, backtest } from '../../engine/backtest/index.js';
import { planDeterministic } from '../../engine/plan/index.js';
import { worldOf } from '../plan-runner.js';

export const ACTUALS_EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx', '.xlsm', '.xls'];

export function mustScenario(ctx: AppContext, name: string): Scenario {
  const s = getScenario(ctx.db, name);
  if (!s) {
    const names = scenarioNames(ctx.db);
    throw notFound('scenario', `unknown scenario "${name}"${didYouMean(closest(name, names))}`);
  }
  return s;
}

const scoreSchema = z.object({ mape: z.number().nullable(), gpu_months_over: z.number(), gpu_months_under: z.number(), n: z.number().int() });

export const backtestMethods = {
  /** Replays the forecast from each past month with the actuals up to then (engine/backtest). */
  'backtest.run': method({
    input: z.object({ scenario: z.string().min(1).max(64) }),
    output: z.object({
      scenario: z.string(),
      months: z.array(z.object({
        month: z.string(), from_month: z.string(), actual_peak: z.number(), forecast_peak: z.number().nullable(), naive_peak: z.number(), trend_peak: z.number(),
      })),
      scores: z.object({ model: scoreSchema, naive: scoreSchema, trend: scoreSchema }),
      actual_peaks: z.array(z.object({ month: z.string(), peak: z.number(), derived: z.boolean() })),
      message: z.string().nullable(),
    }),
    run: (ctx, i) => {
      const s = mustScenario(ctx, i.scenario);
      const { det } = planDeterministic(worldOf(ctx, { scenario: s.name }));
      const peakToMean = Math.max(...s.diurnal.profile) * 24 * s.diurnal.burst_factor.value;
      const peaks = actualPeaks(store.listUsage(ctx.db, s.name), peakToMean);
      const r = backtest({
        months: det.months.map((m) => m.month),
        model_peak: det.months.map((m) => m.peak_output_tokens_per_s),
        tokens_per_gpu: det.months.map((m) => {
          const g = m.pools.reduce((a, p) => a + p.gpus_up, 0);
          return g > 0 ? (m.capacity_output_tokens_per_s / g) * m.safe_utilisation : null;
        }),
        actual: peaks,
      });
      return { scenario: s.name, ...r, actual_peaks: peaks };
    },
  }),
};
