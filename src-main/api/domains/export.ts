// Finance exports: the plan (with its inputs, tariffs, FX rates and price rows) as XLSX with
// live formulas, CSV (zip or separate files) or a PDF report, in English or Chinese. The
// method returns the bytes; the host decides where they go (CLI: --out, temp file then rename;
// Electron: the save dialog; browser: a download). It never writes a path it was given.
import { z } from 'zod';
import { method } from '../method.js';
import { idSchema } from '../../engine/demand/scenario.js';
import type { PlanOptions } from '../../engine/plan/index.js';
import { planOf } from '../plan-runner.js';
import { exportInput, readExportFacts, type PlanLike } from '../../io/export/gather.js';
import { runExport } from '../../io/export/index.js';
import type { ExportOptions } from '../../io/export/types.js';
import type { AppContext } from '../context.js';
import { procureOverridesSchema, type ProcureOverrides } from '../../engine/procure/settings.js';

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
  /** When purchases are paid (cash schedule, Monthly cash capex, Budgets): order month, arrival month, or split. */
  payment: z.enum(['order', 'arrival', 'split']).default('order'),
  /** split: the share paid in the order month (the rest on arrival), 0..1. */
  payment_at_order: z.number().min(0).max(1).default(0.3),
  /** First month of the fiscal year, 1..12. */
  fiscal_year_start: z.number().int().min(1).max(12).default(1),
  /** Annual discount rate for NPV/IRR (default: the scenario's procurement setting, else 8 %). */
  discount_rate: z.number().min(0).max(1).optional(),
  /** zh PDF: large amounts in 万 / 亿. */
  cn_scale: z.boolean().default(false),
  /** What-ifs the plan on screen ran with (issue 18): the same procurement overrides as procure.run/procure.start
   *  (banned GPUs, cloud, licence, headroom, budget cap, …), not saved; the export plans with them. */
  overrides: procureOverridesSchema.optional(),
  /** Risk target as plan.run takes it (overrides.service_level when both are given). */
  service_level: z.number().min(0.5).max(0.999).optional(),
});

type ExportIn = z.infer<typeof exportInputSchema>;

/** Every option of an export as the exporters see it (printed on the About sheet and hashed). */
export function exportOptions(i: Omit<ExportIn, 'scenario' | 'format' | 'lang' | 'csv_layout' | 'base_name' | 'overrides' | 'service_level'>, settingsRate?: unknown): ExportOptions {
  const rate = i.discount_rate ?? (typeof settingsRate === 'number' ? settingsRate : 0.08);
  return {
    view: i.view, procure: i.procure, months: i.months ?? null, runs: i.runs ?? null, seed: i.seed ?? null,
    payment: i.payment === 'split' ? { kind: 'split', at_order: i.payment_at_order } : { kind: i.payment },
    fiscal_year_start: i.fiscal_year_start, discount_rate: String(rate), cn_scale: i.cn_scale,
  };
}

/** The what-ifs of an export as one settings override (service_level from either field). */
export function exportWhatIfs(i: { overrides?: ExportIn['overrides']; service_level?: number }): ProcureOverrides {
  const level = i.overrides?.service_level ?? i.service_level;
  return { ...(i.overrides ?? {}), ...(level !== undefined ? { service_level: level } : {}) };
}

/** Runs the plan once and reads the export's facts once; the export is then a pure function of both.
 *  What-ifs (issue 18) go to the plan as overrides and into the facts' settings (About/Inputs sheets, inputs hash). */
export async function planForExport(ctx: AppContext, scenario: string, i: Omit<ExportIn, 'scenario' | 'format' | 'lang' | 'csv_layout' | 'base_name'>, label = 'monte-carlo') {
  const progress = ctx.progress;
  const whatIfs = exportWhatIfs(i);
  const hasWhatIfs = Object.keys(whatIfs).length > 0;
  // The money view is the plan's: it decides how purchases enter each month's burn.
  const opts: PlanOptions = { scenario, months: i.months, runs: i.runs, seed: i.seed, procure: i.procure, view: i.view };
  const plan = await planOf(ctx, opts, { onProgress: progress ? (d, t) => progress(d, t, label) : undefined, signal: ctx.signal, ...(hasWhatIfs ? { overrides: whatIfs } : {}) });
  const now = ctx.now();
  const stored = readExportFacts(ctx.db, scenario, { firstMonth: plan.months[0]?.month, appRoot: ctx.appRoot, dbPath: ctx.dbPath, now });
  const facts = hasWhatIfs ? { ...stored, procure_settings: { ...(stored.procure_settings ?? {}), ...whatIfs } } : stored;
  const input = exportInput(plan as unknown as PlanLike, exportOptions(i, facts.procure_settings?.discount_rate), facts, now);
  if (!hasWhatIfs) return input;
  // Every what-if on the Inputs sheet, marked as not saved.
  const rows = Object.entries(whatIfs).map(([name, v]) => ({ section: 'what-if', name, value: typeof v === 'number' ? v : typeof v === 'string' ? v : JSON.stringify(v), source: 'what-if (Plan page, not saved)' }));
  return { ...input, inputs: [...input.inputs, ...rows] };
}

const fileSchema = z.object({ name: z.string(), mime: z.string(), size: z.number().int(), base64: z.string() });
export const exportOutputSchema = z.object({
  scenario: z.string(), format: z.enum(['xlsx', 'csv', 'pdf']), lang: z.enum(['en', 'zh']), view: z.enum(['cash', 'accrual']),
  /** sha256 of the inputs (scenario, settings, prices, tariffs, FX, options): same inputs, same hash. */
  inputs_hash: z.string(),
  files: z.array(fileSchema).min(1),
});

export const exportMethods = {
  'export.run': method({
    input: exportInputSchema,
    output: exportOutputSchema,
    run: async (ctx, i) => {
      const progress = ctx.progress;
      const input = await planForExport(ctx, i.scenario, i);
      const files = await runExport(input, {
        format: i.format, lang: i.lang, csvLayout: i.csv_layout, baseName: i.base_name ?? `${i.scenario}-${i.view}-${i.lang}`,
        progress: progress ? (d, t, label) => progress(d, t, label) : undefined,
      });
      return {
        scenario: input.plan.scenario, format: i.format, lang: i.lang, view: i.view, inputs_hash: input.provenance?.inputs_hash ?? '',
        files: files.map((f) => ({ name: f.name, mime: f.mime, size: f.data.length, base64: f.data.toString('base64') })),
      };
    },
  }),
};
