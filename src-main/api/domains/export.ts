// Finance exports: the plan (with its inputs, tariffs, FX rates and price rows) as XLSX with
// live formulas, CSV (zip or separate files) or a PDF report, in English or Chinese. The
// method returns the bytes; the host decides where they go (CLI: --out, temp file then rename;
// Electron: the save dialog; browser: a download). It never writes a path it was given.
import { z } from 'zod';
import { method } from '../method.js';
import { idSchema } from '../../engine/demand/scenario.js';
import type { PlanOptions } from '../../engine/plan/index.js';
import { planWithWorld } from '../plan-runner.js';
import { exportInput, readExportFacts, type PlanLike } from '../../io/export/gather.js';
import { runCompare, runExport } from '../../io/export/index.js';
import type { AcquisitionMeta, AcquisitionMode } from '../../io/export/compare.js';
import type { PlanResult } from '../../engine/plan/result.js';
import { ApiError } from '../errors.js';
import { getScenarioRow } from '../../store/scenarios.js';
import { unknownScenario } from '../../store/world.js';
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
  return (await planAndExportInput(ctx, scenario, i, label)).input;
}

/** planForExport that also hands back the plan itself; `variant` adds settings of a comparison variant
 *  (buy vs lease vs cloud), listed on the Inputs sheet as such rather than as Plan-page what-ifs. */
async function planAndExportInput(ctx: AppContext, scenario: string, i: Omit<ExportIn, 'scenario' | 'format' | 'lang' | 'csv_layout' | 'base_name'>, label: string, variant?: ProcureOverrides): Promise<{ input: ReturnType<typeof exportInput>; plan: PlanResult }> {
  const progress = ctx.progress;
  const userWhatIfs = exportWhatIfs(i);
  const whatIfs = { ...userWhatIfs, ...(variant ?? {}) };
  const hasWhatIfs = Object.keys(whatIfs).length > 0;
  // The money view is the plan's: it decides how purchases enter each month's burn.
  const opts: PlanOptions = { scenario, months: i.months, runs: i.runs, seed: i.seed, procure: i.procure, view: i.view };
  const { plan, world } = await planWithWorld(ctx, opts, { onProgress: progress ? (d, t) => progress(d, t, label) : undefined, signal: ctx.signal, ...(hasWhatIfs ? { overrides: whatIfs } : {}) });
  const now = ctx.now();
  // Tariffs, FX, settings and clusters from the World the plan was computed from (one snapshot).
  const stored = readExportFacts(ctx.db, scenario, { world, firstMonth: plan.months[0]?.month, appRoot: ctx.appRoot, dbPath: ctx.dbPath, now });
  const facts = hasWhatIfs ? { ...stored, procure_settings: { ...(stored.procure_settings ?? {}), ...whatIfs } } : stored;
  const input = exportInput(plan as unknown as PlanLike, exportOptions(i, facts.procure_settings?.discount_rate), facts, now);
  if (!hasWhatIfs) return { input, plan };
  // Every what-if on the Inputs sheet, marked as not saved.
  const asValue = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? v : JSON.stringify(v));
  const rows = [
    ...Object.entries(userWhatIfs).filter(([name]) => !variant || !(name in variant)).map(([name, v]) => ({ section: 'what-if', name, value: asValue(v), source: 'what-if (Plan page, not saved)' })),
    ...Object.entries(variant ?? {}).map(([name, v]) => ({ section: 'comparison variant', name, value: asValue(v), source: 'buy vs lease vs cloud comparison (not saved)' })),
  ];
  return { input: { ...input, inputs: [...input.inputs, ...rows] }, plan };
}

/** The three acquisition variants of one scenario: the same settings, one way to add GPUs each. */
const ACQUISITION_VARIANTS: { mode: AcquisitionMode; overrides: ProcureOverrides }[] = [
  { mode: 'cloud', overrides: { modes: ['cloud_on_demand', 'cloud_reserved'], allow_cloud: true } },
  { mode: 'lease', overrides: { modes: ['lease'] } },
  { mode: 'buy', overrides: { modes: ['buy'] } },
];

/** What the comparison shows of a variant's plan beyond its export: months above the risk target and why. */
export function acquisitionMeta(mode: AcquisitionMode, plan: Pick<PlanResult, 'risk' | 'procurement' | 'actions'>): AcquisitionMeta {
  const risk = plan.risk;
  const short = risk ? risk.months.filter((m) => !m.meets_target).length : 0;
  const byLimit = new Map<string, Set<string>>();
  for (const x of plan.procurement?.infeasible_months ?? []) {
    const set = byLimit.get(x.constraint) ?? new Set<string>();
    set.add(x.month);
    byLimit.set(x.constraint, set);
  }
  const limits = [...byLimit].map(([constraint, set]) => { const ms = [...set].sort(); return { constraint, months: ms.length, first: ms[0], last: ms[ms.length - 1] }; })
    .sort((a, b) => b.months - a.months || a.constraint.localeCompare(b.constraint));
  const notes = plan.procurement?.notes ?? [];
  return {
    mode, target_p_overload: risk?.target_p_overload ?? null, months_short: short, limits,
    no_cloud_site: mode === 'cloud' && notes.some((n) => n.includes('no cloud site')),
    no_owned_site: mode !== 'cloud' && notes.some((n) => n.startsWith('no owned site')),
    no_offer: (plan.actions?.length ?? 0) === 0 && notes.some((n) => n.startsWith('no prices')),
  };
}

const fileSchema = z.object({ name: z.string(), mime: z.string(), size: z.number().int(), base64: z.string() });
export const exportOutputSchema = z.object({
  scenario: z.string(), format: z.enum(['xlsx', 'csv', 'pdf']), lang: z.enum(['en', 'zh']), view: z.enum(['cash', 'accrual']),
  /** sha256 of the inputs (scenario, settings, prices, tariffs, FX, options): same inputs, same hash. */
  inputs_hash: z.string(),
  files: z.array(fileSchema).min(1),
});

/** `export --compare A,B[,C]`: the same options as export.run, for two or three scenarios, as XLSX or CSV. */
export const compareInputSchema = exportInputSchema.omit({ scenario: true, format: true, csv_layout: true, cn_scale: true }).extend({
  scenarios: z.array(idSchema).min(1).max(3),
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  /** Buy vs lease vs cloud for the same capacity: ONE scenario planned three times, each with one acquisition
   *  mode, all sized to the same risk target. */
  acquisition: z.boolean().default(false),
}).superRefine((v, c) => {
  if (v.acquisition && v.scenarios.length !== 1) c.addIssue({ code: 'custom', path: ['scenarios'], message: 'with acquisition, name exactly one scenario (it is planned once per acquisition mode: cloud, lease, buy)' });
  if (v.acquisition && v.procure === false) c.addIssue({ code: 'custom', path: ['procure'], message: 'acquisition compares ways to add GPUs, so it needs procurement on' });
  if (!v.acquisition && v.scenarios.length < 2) c.addIssue({ code: 'custom', path: ['scenarios'], message: 'name two or three scenarios (or one with acquisition: true)' });
});

const figuresSchema = z.object({
  scenario: z.string(), inputs_hash: z.string(), first_month: z.string().nullable(), last_month: z.string().nullable(),
  crash_month: z.object({ p10: z.string().nullable(), p50: z.string().nullable(), p90: z.string().nullable() }).nullable(),
  total_burn: z.string().nullable(), total_cash: z.string().nullable(), total_accrual: z.string().nullable(),
  output_tokens_millions: z.string().nullable(), cost_per_million_tokens: z.string().nullable(), gpus_last_month: z.number(),
  plan_spend: z.string(), npv: z.string().nullable(), irr: z.number().nullable(), irr_note: z.string().nullable(),
  acquisition: z.enum(['cloud', 'lease', 'buy']).optional(), months_above_target: z.number().int().optional(),
});
export const compareOutputSchema = z.object({
  scenarios: z.array(z.string()), format: z.enum(['xlsx', 'csv']), lang: z.enum(['en', 'zh']), view: z.enum(['cash', 'accrual']),
  /** The reporting currency every amount is in (the scenarios share it). */
  currency: z.string(),
  /** The annual rate every NPV/IRR used (the option, else the first scenario's procurement setting, else 0.08). */
  discount_rate: z.string(),
  figures: z.array(figuresSchema),
  files: z.array(fileSchema).min(1),
});

type CompareIn = z.infer<typeof compareInputSchema>;

async function compareAcquisition(ctx: AppContext, i: CompareIn): Promise<z.infer<typeof compareOutputSchema>> {
  const scenario = i.scenarios[0];
  const opts = { ...i, cn_scale: false };
  const inputs: ReturnType<typeof exportInput>[] = [];
  const meta: AcquisitionMeta[] = [];
  let rate: number | undefined = i.discount_rate;
  for (const v of ACQUISITION_VARIANTS) {
    const { input, plan } = await planAndExportInput(ctx, scenario, { ...opts, discount_rate: rate }, `monte-carlo ${scenario} ${v.mode}`, v.overrides);
    rate ??= Number(input.options?.discount_rate ?? 0.08);
    inputs.push(input);
    meta.push(acquisitionMeta(v.mode, plan));
  }
  const { files, tables } = await runCompare(inputs, { format: i.format, lang: i.lang, baseName: i.base_name ?? `compare-${scenario}-buy-lease-cloud-${i.view}-${i.lang}`, acquisition: meta });
  return {
    scenarios: [scenario], format: i.format, lang: i.lang, view: i.view, currency: tables.currency, discount_rate: tables.discount_rate, figures: tables.figures,
    files: files.map((f) => ({ name: f.name, mime: f.mime, size: f.data.length, base64: f.data.toString('base64') })),
  };
}

export const exportMethods = {
  'export.compare': method({
    input: compareInputSchema,
    output: compareOutputSchema,
    run: async (ctx, i) => {
      // Every name up front: a typo in the last one should not cost the plans of the others first.
      for (const name of i.scenarios) if (!getScenarioRow(ctx.db, name)) throw unknownScenario(ctx.db, name, 'scenarios');
      if (i.acquisition) return compareAcquisition(ctx, i);
      if (new Set(i.scenarios).size !== i.scenarios.length) throw new ApiError('bad_request', `scenarios: name each scenario once (got ${i.scenarios.join(',')})`, 'scenarios');
      const opts = { ...i, cn_scale: false };
      // One discount rate for all: the option, else the first scenario's setting, else 8 %.
      const first = await planForExport(ctx, i.scenarios[0], opts, `monte-carlo ${i.scenarios[0]}`);
      const rate = Number(first.options?.discount_rate ?? 0.08);
      const inputs = [first];
      for (const s of i.scenarios.slice(1)) inputs.push(await planForExport(ctx, s, { ...opts, discount_rate: rate }, `monte-carlo ${s}`));
      const other = inputs.find((x) => x.plan.currency !== first.plan.currency);
      if (other) {
        throw new ApiError('bad_request', `scenarios: ${first.plan.scenario} reports in ${first.plan.currency} but ${other.plan.scenario} in ${other.plan.currency}; compare scenarios with one currency`, 'scenarios');
      }
      const { files, tables } = await runCompare(inputs, { format: i.format, lang: i.lang, baseName: i.base_name ?? `compare-${i.scenarios.join('-vs-')}-${i.view}-${i.lang}` });
      return {
        scenarios: i.scenarios, format: i.format, lang: i.lang, view: i.view, currency: tables.currency, discount_rate: tables.discount_rate, figures: tables.figures,
        files: files.map((f) => ({ name: f.name, mime: f.mime, size: f.data.length, base64: f.data.toString('base64') })),
      };
    },
  }),
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
