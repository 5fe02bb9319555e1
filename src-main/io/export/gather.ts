// What an export is made of besides the plan. `readExportFacts` gathers the rest once: the
// World the plan was computed from (store/world.ts: scenario, procurement settings, tariffs and
// PUE, FX rates, bought clusters and their costs, app version) plus what only an export needs
// (the scenario's last-modified time and each price row's file line, store/export-facts.ts; the
// actual spend, store/actuals.ts). `exportInput(plan, options, facts)` is pure: the exporters
// never query the database or re-run the plan, they take the plan result they are given.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ReadableDB } from '../../store/handles.js';
import { readWorld } from '../../store/world.js';
import { priceSources, scenarioModified } from '../../store/export-facts.js';
import { listSpend } from '../../store/actuals.js';
import type { World } from '../../engine/plan/world.js';
import { parseCsv } from '../../shared/csv.js';
import { Decimal as Dec } from 'decimal.js';
import { fxConverter, plain } from './finance.js';
import type { ActionMode, ActualRow, AppliedRow, AssetFact, CapacityFact, ExportInput, ExportOptions, FxRow, InputRow, PlanAction, PlanMonth, PlanResult, PriceRow, SiteRow, TariffRow } from './types.js';

// ---- the plan ------------------------------------------------------------------------------

/** The fields of a `runPlan` result the exports use (extra fields are ignored). */
export interface PlanLike {
  scenario: string;
  currency: string;
  months: (Omit<PlanMonth, 'burn' | 'cost_per_million_tokens'> & { burn?: PlanMonth['burn'] | null; cost_per_million_tokens?: string | null })[];
  crash_month: PlanResult['crash_month'];
  actions?: PlanAction[] | null;
  infeasible?: PlanResult['infeasible'];
  burn_by_site?: SiteRow[] | null;
  warnings?: (string | { code?: string; message?: string })[] | null;
  burn_prices?: AppliedRow[] | null;
  procurement?: { budget_use?: { quarter: string; kind: 'capex' | 'opex'; limit: number; used: number }[] } | null;
  monte_carlo?: { runs: number; seed: number } | null;
}

type PlanPool = { pool_id: string; peak_output_tokens_per_s: number; capacity_output_tokens_per_s: number; output_tokens?: number; served_output_tokens?: number;
  classes?: { class_id: string; output_tokens: number }[] };

/** A plan warning as text (plain strings, or structured `{ code, message }`). */
export const warnText = (w: string | { code?: string; message?: string }): string =>
  (typeof w === 'string' ? w : w.message ?? w.code ?? JSON.stringify(w));

/** Issue 19's per-class figures of a month (fleet-wide; each class is served by its scenario pool). */
type ByClass = Record<string, { served_output_tokens?: number } | undefined>;

/** The classes of one pool in a month, from the month's `by_class` and each class's pool (the scenario's
 *  `classes[].pool`): served output tokens are the usage weight of the per-class chargeback. */
function poolClasses(byClass: ByClass | undefined, classPools: Record<string, string>, poolId: string): { class_id: string; output_tokens: number }[] | undefined {
  if (!byClass) return undefined;
  const out = Object.entries(byClass)
    .filter(([id, c]) => classPools[id] === poolId && typeof c?.served_output_tokens === 'number' && Number.isFinite(c.served_output_tokens))
    .map(([id, c]) => ({ class_id: id, output_tokens: Math.max(0, c!.served_output_tokens!) }));
  return out.length ? out : undefined;
}

/** Each class id → the pool that serves its tokens, from a scenario document (`classes[].pool`). */
export function classPoolsOf(body: unknown): Record<string, string> {
  const classes = body && typeof body === 'object' ? (body as { classes?: unknown }).classes : undefined;
  if (!Array.isArray(classes)) return {};
  return Object.fromEntries(classes.filter((c): c is { id: string; pool: string } => !!c && typeof c.id === 'string' && typeof c.pool === 'string').map((c) => [c.id, c.pool]));
}

/** Narrows a plan result to the DESIGN.md fields, dropping everything else. `classPools` (class id → pool)
 *  maps the months' `by_class` onto their pools, so the chargeback splits each pool over its request classes. */
export function exportPlan(p: PlanLike, classPools: Record<string, string> = {}): PlanResult {
  return {
    scenario: p.scenario,
    currency: p.currency,
    months: p.months.map((m) => ({
      month: m.month, users: m.users, peak_requests_per_s: m.peak_requests_per_s, peak_output_tokens_per_s: m.peak_output_tokens_per_s,
      capacity_output_tokens_per_s: m.capacity_output_tokens_per_s, utilisation: m.utilisation, overload_hours_per_day: m.overload_hours_per_day,
      p_overload: m.p_overload, gpus: { ...m.gpus },
      ...(m.burn ? { burn: m.burn, cost_per_million_tokens: m.cost_per_million_tokens ?? null } : {}),
      ...(typeof m.output_tokens === 'number' ? { output_tokens: m.output_tokens } : {}),
      ...(Array.isArray((m as { pools?: PlanPool[] }).pools) ? {
        pools: ((m as { pools?: PlanPool[] }).pools ?? []).map((q) => {
          const classes = q.classes ?? poolClasses((m as { by_class?: ByClass }).by_class, classPools, q.pool_id);
          return {
            pool_id: q.pool_id, peak_output_tokens_per_s: q.peak_output_tokens_per_s, capacity_output_tokens_per_s: q.capacity_output_tokens_per_s,
            ...(typeof (q.output_tokens ?? q.served_output_tokens) === 'number' ? { output_tokens: q.output_tokens ?? q.served_output_tokens } : {}),
            ...(classes ? { classes: classes.map((c) => ({ class_id: c.class_id, output_tokens: c.output_tokens })) } : {}),
          };
        }),
      } : {}),
    })),
    crash_month: p.crash_month,
    actions: (p.actions ?? []).map((a) => ({
      order_month: a.order_month, arrival_month: a.arrival_month, site: a.site, gpu_id: a.gpu_id, mode: a.mode as ActionMode,
      quantity: a.quantity, unit_price: a.unit_price, currency: a.currency,
      ...(typeof a.term_months === 'number' ? { term_months: a.term_months } : {}),
      ...(typeof a.total_cost === 'string' ? { total_cost: a.total_cost } : {}),
    })),
    ...(p.infeasible ? { infeasible: p.infeasible } : {}),
    warnings: (p.warnings ?? []).map(warnText),
    ...(p.monte_carlo ? { monte_carlo: { runs: p.monte_carlo.runs, seed: p.monte_carlo.seed } } : {}),
  };
}

// ---- scenario inputs -----------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObj = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: Json | undefined): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/**
 * Every figure in a scenario document that carries provenance (`{ value, source | assumed }`,
 * events, the diurnal profile, user-table points), as rows: section = top-level key, name = the
 * path below it (array items named by their `id` or month).
 */
export function scenarioInputs(body: Json): InputRow[] {
  const rows: InputRow[] = [];
  if (!isObj(body)) return rows;
  for (const key of ['start_month', 'horizon_months', 'currency'] as const) {
    const v = body[key];
    if (typeof v === 'string' || typeof v === 'number') rows.push({ section: 'scenario', name: key, value: v, source: 'scenario setting' });
  }
  const walk = (v: Json, path: string[]) => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, [...path, isObj(item) ? String(str(item.id) ?? str(item.month) ?? i) : String(i)]));
      return;
    }
    if (!isObj(v)) return;
    const hasProvenance = str(v.source) !== null || str(v.assumed) !== null;
    const section = path[0] ?? '';
    const name = path.slice(1).join('.') || section;
    if (hasProvenance) {
      const common = { section, name, source: str(v.source), assumed: str(v.assumed) };
      if (typeof v.value === 'number') {
        rows.push({ ...common, value: v.value, p10: typeof v.p10 === 'number' ? v.p10 : null, p90: typeof v.p90 === 'number' ? v.p90 : null });
        return;
      }
      if (typeof v.users === 'number') rows.push({ ...common, value: v.users, unit: 'users' });
      else if (Array.isArray(v.profile)) rows.push({ ...common, value: (v.profile as Json[]).map((x) => (typeof x === 'number' ? +x.toFixed(4) : x)).join(' '), unit: 'share per UTC hour' });
      else {
        const what = [str(v.label), str(v.start_date), typeof v.days === 'number' ? `${v.days} d` : null].filter(Boolean).join(', ');
        if (what) rows.push({ ...common, value: what });
      }
    }
    for (const [k, child] of Object.entries(v)) if (k !== 'value' && k !== 'p10' && k !== 'p90' && k !== 'profile') walk(child, [...path, k]);
  };
  for (const [k, v] of Object.entries(body)) if (!['name', 'title', 'description', 'start_month', 'horizon_months', 'currency'].includes(k)) walk(v, [k]);
  return rows;
}

// ---- tariffs, FX, prices (from the World) ------------------------------------------------------

/** Each site's tariff in force at `month` (the latest effective_from on or before it), one row per band. */
export function tariffRows(world: Pick<World, 'tariffs' | 'sites'>, month: string): TariffRow[] {
  const day = `${month}-31`;
  const pue = new Map(world.sites.map((s) => [s.id, s.pue]));
  const latest = new Map<number, string>();
  for (const t of world.tariffs) if (t.effective_from <= day && (latest.get(t.site_id) ?? '') < t.effective_from) latest.set(t.site_id, t.effective_from);
  const out: TariffRow[] = [];
  const inForce = world.tariffs.filter((t) => latest.get(t.site_id) === t.effective_from).sort((a, b) => (a.site < b.site ? -1 : a.site > b.site ? 1 : 0));
  for (const r of inForce) {
    const sitePue = pue.get(r.site_id) ?? null;
    if (r.kind === 'flat' && r.price_per_kwh) {
      out.push({ site: r.site, band: 'flat', price_per_kwh: r.price_per_kwh, currency: r.currency, pue: sitePue, source: r.source || null });
      continue;
    }
    (r.bands ?? []).forEach((b, i) => out.push({
      site: r.site, band: `${b.name ?? `band ${i + 1}`}${b.from_hour !== undefined ? ` ${b.from_hour}-${b.to_hour}h` : ''}`,
      price_per_kwh: String(b.price_per_kwh ?? ''), currency: r.currency, pue: i === 0 ? sitePue : null, source: r.source || null,
    }));
  }
  return out;
}

export function fxRows(world: Pick<World, 'fx'>): FxRow[] {
  return [...world.fx]
    .sort((a, b) => a.base.localeCompare(b.base) || a.quote.localeCompare(b.quote) || a.effective_from.localeCompare(b.effective_from))
    .map((r) => ({ base: r.base, quote: r.quote, rate: r.rate, as_of: r.effective_from, source: r.source || null }));
}

/** Price rows with the list, file and row they came from (store/export-facts.ts). */
export function priceRows(db: ReadableDB): PriceRow[] {
  return priceSources(db).map((r) => ({
    vendor: r.vendor, list: `#${r.list_id} (${r.imported_at.slice(0, 10)})`, file: r.file_name ?? '', sheet: r.source_sheet, row: r.source_row ?? 0,
    gpu_id: r.gpu_id, kind: r.kind, description: r.source_text, unit_price: r.unit_price, currency: r.currency, valid_from: r.valid_from ?? r.list_valid_from,
  }));
}

/**
 * The public reference prices shipped in db/seed (the plan's burn and procurement fall back to
 * them when the price book has no price for a GPU type: store/reference-prices.ts), as price rows with
 * file and record number (header = 1), for the given GPU types.
 */
export function referencePrices(appRoot: string, gpuIds: string[] | null): PriceRow[] {
  const want = gpuIds ? new Set(gpuIds) : null;
  const out: PriceRow[] = [];
  const files: [string, (r: Record<string, string>) => Omit<PriceRow, 'file' | 'row' | 'gpu_id'> | null][] = [
    ['gpu_prices_public.csv', (r) => (/^\d+(\.\d+)?$/.test(r.price ?? '') ? {
      vendor: r.region || 'public', list: 'public reference', kind: r.item, unit_price: r.price, currency: r.currency, valid_from: r.date,
      description: [r.unit, r.notes, r.source_url].filter(Boolean).join(' · '),
    } : null)],
    ['cloud_prices_public.csv', (r) => (/^\d+(\.\d+)?$/.test(r.price_per_hour ?? '') ? {
      vendor: r.provider, list: 'public reference', kind: `cloud_hour (${r.pricing}, ${r.gpus} GPU)`, unit_price: r.price_per_hour, currency: r.currency,
      valid_from: r.date, description: [r.instance, r.region, r.notes, r.source_url].filter(Boolean).join(' · '),
    } : null)],
  ];
  for (const [file, map] of files) {
    let rows: string[][] = [];
    try { rows = parseCsv(fs.readFileSync(path.join(appRoot, 'db', 'seed', file), 'utf8')); } catch { continue; }
    const [header, ...body] = rows;
    if (!header) continue;
    body.forEach((cells, k) => {
      const r = Object.fromEntries(header.map((h, j) => [h.trim(), (cells[j] ?? '').trim()]));
      if (want && !want.has(r.gpu_id)) return;
      const m = map(r);
      if (m) out.push({ ...m, file: `db/seed/${file}`, row: k + 2, gpu_id: r.gpu_id });
    });
  }
  return out;
}

/** Everything an export needs from the database and the installation, read once by the caller. */
export interface ExportFacts {
  /** The scenario document as stored (null: unknown or unreadable). */
  scenario_body: unknown;
  scenario_modified: string | null;
  /** Procurement settings as stored (depreciation life, discount rate, headroom, lease term…). */
  procure_settings: Record<string, unknown> | null;
  /** Tariffs in force at the horizon's first month. */
  tariffs: TariffRow[];
  fx: FxRow[];
  /** Price-book rows and the public reference rows (every GPU type; the export keeps the plan's). */
  prices: PriceRow[];
  reference_prices: PriceRow[];
  /** Bought clusters with their in-service and paid month, life and residual (cluster_costs). */
  clusters: { cluster_id: number; in_service_from: string | null; paid_month: string | null; useful_life_months: number | null; residual_value: string | null }[];
  app_version: string;
  db_file: string;
  /** Actual spend per month and category as imported (issue 15), in its own currency. */
  actual_spend: { month: string; category: string; amount: string; currency: string }[];
}

/**
 * The export's facts. `world` is the snapshot the plan was computed from (pass it, so the export
 * and the plan see the same tariffs, FX, settings and clusters); without it the World is read here.
 */
export function readExportFacts(db: ReadableDB, scenario: string, o: { world?: World; firstMonth?: string; appRoot?: string; dbPath?: string; now: Date }): ExportFacts {
  const world = o.world ?? readWorld(db, { scenario, appRoot: o.appRoot });
  const body: unknown = world.scenario ?? null;
  const firstMonth = o.firstMonth ?? world.scenario?.start_month ?? o.now.toISOString().slice(0, 7);
  const costs = new Map(world.cluster_costs.map((c) => [c.cluster_id, c]));
  const clusters = [...world.clusters].sort((a, b) => a.id - b.id).map((c) => ({
    cluster_id: c.id, in_service_from: c.in_service_from, paid_month: costs.get(c.id)?.paid_month ?? null,
    useful_life_months: costs.get(c.id)?.useful_life_months ?? null, residual_value: costs.get(c.id)?.residual_value ?? null,
  }));
  let version = world.app_version ?? '';
  if (!version) {
    try { version = o.appRoot ? String(JSON.parse(fs.readFileSync(path.join(o.appRoot, 'package.json'), 'utf8')).version ?? '') : ''; } catch { version = ''; }
  }
  return {
    scenario_body: body, scenario_modified: scenarioModified(db, scenario), procure_settings: { ...world.procure_settings } as Record<string, unknown>,
    tariffs: tariffRows(world, firstMonth), fx: fxRows(world), prices: priceRows(db),
    reference_prices: o.appRoot ? referencePrices(o.appRoot, null) : [],
    clusters, app_version: version, db_file: o.dbPath ? path.basename(o.dbPath) : '',
    actual_spend: listSpend(db, scenario).map((r) => ({ month: r.month, category: r.category, amount: r.amount, currency: r.currency })),
  };
}

/** Canonical JSON (object keys sorted) for hashing. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** sha256 of what decides the numbers: scenario, settings, tariffs, FX, prices, clusters, actual spend and every option. */
export function inputsHash(facts: ExportFacts, options: ExportOptions): string {
  const { scenario_body, procure_settings, tariffs, fx, prices, reference_prices, clusters, actual_spend } = facts;
  return createHash('sha256').update(canonical({ scenario_body, procure_settings, tariffs, fx, prices, reference_prices, clusters, actual_spend, options })).digest('hex');
}

/** The plan's own budget use, the sheet shows it to the cent. */
const budgetRows = (plan: PlanLike) => (plan.procurement?.budget_use ?? []).map((b) => ({ quarter: b.quarter, kind: b.kind, limit: b.limit.toFixed(2), used: Math.max(0, b.used).toFixed(2) }));

/** Categories of actual spend counted as capex (purchases); every other category is opex. */
export const CAPEX_CATEGORY = /^(capex|gpu|gpus|server|servers|hardware|purchase|purchases|buy)$|资本|购置|采购|硬件|服务器/i;

/** The imported actual spend, classed capex/opex by category, in the reporting currency at each month's FX rate. */
export function actualRows(spend: ExportFacts['actual_spend'], currency: string, fx: FxRow[]): ActualRow[] {
  const conv = fxConverter({ plan: { currency }, fx } as unknown as ExportInput);
  return [...spend].sort((a, b) => a.month.localeCompare(b.month) || a.category.localeCompare(b.category)).map((r) => {
    const rate = conv(r.currency, r.month);
    return {
      month: r.month, category: r.category, kind: CAPEX_CATEGORY.test(r.category.trim()) ? 'capex' : 'opex', amount: r.amount, currency: r.currency,
      fx: rate, amount_rep: rate ? plain(new Dec(r.amount).times(rate.rate)) : null,
    };
  });
}

/** Everything the exporters need, for a plan already computed (pure: plan result + options + facts). */
export function exportInput(plan: PlanLike, options: ExportOptions, facts: ExportFacts, generatedAt: Date): ExportInput {
  const p = exportPlan(plan, classPoolsOf(facts.scenario_body));
  const gpuIds = new Set([...p.months.flatMap((m) => Object.keys(m.gpus)), ...p.actions.map((a) => a.gpu_id)]);
  const book = facts.prices.filter((r) => gpuIds.has(r.gpu_id));
  const covered = new Set(book.map((r) => r.gpu_id));
  const applied = (plan.burn_prices ?? []).map((a) => ({ ...a }));
  const clusters = new Map(facts.clusters.map((c) => [c.cluster_id, c]));
  const assets: AssetFact[] = applied.filter((a) => a.mode === 'buy' && clusters.get(a.cluster_id)?.in_service_from).map((a) => {
    const c = clusters.get(a.cluster_id)!;
    return { cluster_id: a.cluster_id, site: a.site, gpu_id: a.gpu_id, gpus: a.gpus, unit_price: a.unit_price, currency: a.currency,
      in_service_from: c.in_service_from!.slice(0, 7), paid_month: c.paid_month, useful_life_months: c.useful_life_months, residual_value: c.residual_value };
  });
  const settings = facts.procure_settings ?? {};
  const settingRows: InputRow[] = ['headroom', 'discount_rate', 'hardware_life_months', 'lease_term_months', 'default_lead_months', 'allow_cloud']
    .filter((k) => settings[k] !== undefined).map((k) => ({ section: 'procurement', name: k, value: typeof settings[k] === 'number' ? settings[k] as number : String(settings[k]), source: 'procurement settings' }));
  return {
    plan: p,
    view: options.view,
    options,
    provenance: { app_version: facts.app_version, db_file: facts.db_file, scenario_modified: facts.scenario_modified, inputs_hash: inputsHash(facts, options) },
    assets,
    actuals: actualRows(facts.actual_spend, p.currency, facts.fx),
    generated_at: generatedAt.toISOString(),
    inputs: [...scenarioInputs(facts.scenario_body as Json), ...settingRows],
    tariffs: facts.tariffs,
    fx: facts.fx,
    prices: [...book, ...facts.reference_prices.filter((r) => gpuIds.has(r.gpu_id) && !covered.has(r.gpu_id))],
    notes: (plan.warnings ?? []).map(warnText),
    applied,
    budgets: budgetRows(plan),
    // The plan's one hardware life (issue 12): its purchases depreciate over it, as in the burn.
    ...((plan as { assumptions?: { hardware_life_months?: number } }).assumptions?.hardware_life_months ? { default_life_months: (plan as { assumptions?: { hardware_life_months?: number } }).assumptions!.hardware_life_months } : {}),
    sites: (plan.burn_by_site ?? []).map((x) => ({ ...x })),
    ...capacityFacts(plan),
  };
}

/** The plan's capacity table and factor kind, when the plan carries them (a stored or synthetic plan may not). */
function capacityFacts(plan: PlanLike): Pick<ExportInput, 'capacity' | 'capacity_factors'> {
  const p = plan as { capacity?: CapacityFact[]; capacity_factors?: 'calibrated' | 'default' };
  if (!Array.isArray(p.capacity)) return {};
  return { capacity: p.capacity.map((r) => ({ ...r })), ...(p.capacity_factors ? { capacity_factors: p.capacity_factors } : {}) };
}
