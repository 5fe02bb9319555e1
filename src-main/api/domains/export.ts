// Finance exports: the plan (with its inputs, tariffs, FX rates and price rows) as XLSX with
// live formulas, CSV (zip or separate files) or a PDF report, in English or Chinese. The
// method returns the bytes; the host decides where they go (CLI: --out, temp file then rename;
// Electron: the save dialog; browser: a download). It never writes a path it was given.
import { z } from 'zod';
import { method } from '../method.js';
import { idSchema } from '../../engine/demand/scenario.js';
import type { PlanOptions } from '../../engine/plan/index.js';
import { planOf } from '../plan-runner.js';
import { gatherExportInput } from '../../io/export/gather.js';
import { runExport } from '../../io/export/index.js';

export const exportInputSchema = z.object({
  scenario: idSchema,
  format: z.enum(['xlsx', 'csv', 'pdf']),
  lang: z.enum(['en', 'zh']).default('en'),
  view: z.enum(['cash', 'accrual']).default('accrual'),
  /** CSV: one zip of every table (default) or separate files (Monthly as `<base>.csv`). */
  csv_layout: z.enum(['zip', 'files']).default('zip'),
  /** File name without extension (default `<scenario>-<view>-<lang>`). */
  base_name: z.string().regex(/^[^/\\:*?"<>|\u0000-\u001f]{1,100}$/, 'must be a plain file name without extension').optional(),
  months: z.number().int().min(1).max(120).optional(),
  runs: z.number().int().min(1).max(200_000).optional(),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  /** Plan purchases (the Actions sheet) as `plan` does; false = the fleet as it is (`--no-procure`). */
  procure: z.boolean().default(true),
});

const fileSchema = z.object({ name: z.string(), mime: z.string(), size: z.number().int(), base64: z.string() });
export const exportOutputSchema = z.object({
  scenario: z.string(), format: z.enum(['xlsx', 'csv', 'pdf']), lang: z.enum(['en', 'zh']), view: z.enum(['cash', 'accrual']),
  files: z.array(fileSchema).min(1),
});

export const exportMethods = {
  'export.run': method({
    input: exportInputSchema,
    output: exportOutputSchema,
    run: async (ctx, i) => {
      const progress = ctx.progress;
      // The money view is the plan's: it decides how purchases enter each month's burn.
      const opts: PlanOptions = { scenario: i.scenario, months: i.months, runs: i.runs, seed: i.seed, procure: i.procure, view: i.view };
      const plan = await planOf(ctx, opts, { onProgress: progress ? (d, t) => progress(d, t, 'monte-carlo') : undefined, signal: ctx.signal });
      const input = gatherExportInput(ctx.db, plan, { view: i.view, now: ctx.now(), appRoot: ctx.appRoot });
      const files = await runExport(input, {
        format: i.format, lang: i.lang, csvLayout: i.csv_layout, baseName: i.base_name ?? `${i.scenario}-${i.view}-${i.lang}`,
        progress: progress ? (d, t, label) => progress(d, t, label) : undefined,
      });
      return {
        scenario: plan.scenario, format: i.format, lang: i.lang, view: i.view,
        files: files.map((f) => ({ name: f.name, mime: f.mime, size: f.data.length, base64: f.data.toString('base64') })),
      };
    },
  }),
};
