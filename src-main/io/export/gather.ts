// What an export is made of besides the plan. `readExportFacts` is the ONE read of the
// database the caller does (the scenario document and its last-modified time, procurement
// settings, tariffs and PUE, FX rates, price rows, bought clusters, app version, database file
// name); `exportInput(plan, options, facts)` is pure: the exporters never query the database
// or re-run the plan, they take the plan result they are given. Read-only SQL for tables owned
// by other areas is kept to plain SELECTs of the columns their migrations define.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ReadableDB } from '../../store/handles.js';
import { parseCsv } from '../../shared/csv.js';
import type { ActionMode, ActualMonth, AppliedRow, AssetFact, ExportInput, ExportOptions, FxRow, InputRow, PlanAction, PlanMonth, PlanResult, PriceRow, SiteRow, TariffRow } from './types.js';

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

// ---- tariffs, FX, prices -----------------------------------------------------------------------

const hasTable = (db: ReadableDB, name: string) => !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);

/** Each site's tariff in force at `month` (the latest effective_from on or before it), one row per band. */
export function tariffRows(db: ReadableDB, month: string): TariffRow[] {
  if (!hasTable(db, 'tariffs')) return [];
  const day = `${month}-31`;
  const rows = db.prepare(`SELECT s.name AS site, s.pue AS pue, t.kind, t.price_per_kwh, t.bands, t.currency, t.source, t.effective_from
    FROM sites s JOIN tariffs t ON t.site_id = s.id
    WHERE t.effective_from = (SELECT MAX(t2.effective_from) FROM tariffs t2 WHERE t2.site_id = s.id AND t2.effective_from <= ?)
    ORDER BY s.name`).all(day) as { site: string; pue: number; kind: string; price_per_kwh: string | null; bands: string | null; currency: string; source: string; effective_from: string }[];
  const out: TariffRow[] = [];
  for (const r of rows) {
    if (r.kind === 'flat' && r.price_per_kwh) {
      out.push({ site: r.site, band: 'flat', price_per_kwh: r.price_per_kwh, currency: r.currency, pue: r.pue, source: r.source || null });
      continue;
    }
    let bands: { name?: string; price_per_kwh?: string | number; from_hour?: number; to_hour?: number }[] = [];
    try { bands = JSON.parse(r.bands ?? '[]'); } catch { bands = []; }
    bands.forEach((b, i) => out.push({
      site: r.site, band: `${b.name ?? `band ${i + 1}`}${b.from_hour !== undefined ? ` ${b.from_hour}-${b.to_hour}h` : ''}`,
      price_per_kwh: String(b.price_per_kwh ?? ''), currency: r.currency, pue: i === 0 ? r.pue : null, source: r.source || null,
    }));
  }
  return out;
}

export function fxRows(db: ReadableDB): FxRow[] {
  if (!hasTable(db, 'fx_rates')) return [];
  return (db.prepare('SELECT base, quote, rate, effective_from, source FROM fx_rates ORDER BY base, quote, effective_from').all() as
    { base: string; quote: string; rate: string; effective_from: string; source: string }[])
    .map((r) => ({ base: r.base, quote: r.quote, rate: r.rate, as_of: r.effective_from, source: r.source || null }));
}

/** Price rows for the given GPU types, with the list, file and row they came from. */
export function priceRows(db: ReadableDB, gpuIds: string[]): PriceRow[] {
  if (!hasTable(db, 'price_items') || gpuIds.length === 0) return [];
  const marks = gpuIds.map(() => '?').join(',');
  return (db.prepare(`SELECT l.id AS list_id, l.vendor, l.file_name, l.valid_from AS list_valid_from, l.imported_at, i.gpu_id, i.kind, i.unit_price, i.currency,
      i.valid_from, i.source_sheet, i.source_row, i.source_text
    FROM price_items i JOIN price_lists l ON l.id = i.price_list_id WHERE i.gpu_id IN (${marks}) ORDER BY l.vendor, l.id, i.source_row, i.id`).all(...gpuIds) as
    { list_id: number; vendor: string; file_name: string | null; list_valid_from: string | null; imported_at: string; gpu_id: string; kind: string; unit_price: string; currency: string;
      valid_from: string | null; source_sheet: string | null; source_row: number | null; source_text: string }[])
    .map((r) => ({
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
  /** Actual spend per month (issue 15), when recorded. */
  actuals: ActualMonth[];
}

/** The one database read of an export (plan not needed): call it beside running the plan. */
export function readExportFacts(db: ReadableDB, scenario: string, o: { firstMonth?: string; appRoot?: string; dbPath?: string; now: Date }): ExportFacts {
  const row = hasTable(db, 'scenarios') ? db.prepare('SELECT body, updated_at FROM scenarios WHERE name = ?').get(scenario) as { body: string; updated_at: string } | undefined : undefined;
  let body: unknown = null;
  try { body = row ? JSON.parse(row.body) : null; } catch { body = null; }
  const firstMonth = o.firstMonth ?? (body && typeof (body as { start_month?: unknown }).start_month === 'string' ? (body as { start_month: string }).start_month : o.now.toISOString().slice(0, 7));
  let settings: Record<string, unknown> | null = null;
  if (hasTable(db, 'procure_settings')) {
    const r = db.prepare('SELECT body FROM procure_settings WHERE scenario = ?').get(scenario) as { body: string } | undefined;
    try { settings = r ? JSON.parse(r.body) : null; } catch { settings = null; }
  }
  const clusters = hasTable(db, 'clusters') ? (db.prepare(`SELECT c.id AS cluster_id, c.in_service_from, ${hasTable(db, 'cluster_costs') ? 'k.paid_month, k.useful_life_months, k.residual_value' : 'NULL AS paid_month, NULL AS useful_life_months, NULL AS residual_value'}
    FROM clusters c ${hasTable(db, 'cluster_costs') ? 'LEFT JOIN cluster_costs k ON k.cluster_id = c.id' : ''} ORDER BY c.id`).all() as ExportFacts['clusters']) : [];
  let version = '';
  try { version = o.appRoot ? String(JSON.parse(fs.readFileSync(path.join(o.appRoot, 'package.json'), 'utf8')).version ?? '') : ''; } catch { version = ''; }
  const allGpus = hasTable(db, 'price_items') ? (db.prepare('SELECT DISTINCT gpu_id FROM price_items WHERE gpu_id IS NOT NULL').all() as { gpu_id: string }[]).map((r) => r.gpu_id) : [];
  return {
    scenario_body: body, scenario_modified: row?.updated_at ?? null, procure_settings: settings,
    tariffs: tariffRows(db, firstMonth), fx: fxRows(db), prices: priceRows(db, allGpus),
    reference_prices: o.appRoot ? referencePrices(o.appRoot, null) : [],
    clusters, app_version: version, db_file: o.dbPath ? path.basename(o.dbPath) : '', actuals: [],
  };
}

/** Canonical JSON (object keys sorted) for hashing. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** sha256 of what decides the numbers: scenario, settings, tariffs, FX, prices, clusters and every option. */
export function inputsHash(facts: ExportFacts, options: ExportOptions): string {
  const { scenario_body, procure_settings, tariffs, fx, prices, reference_prices, clusters } = facts;
  return createHash('sha256').update(canonical({ scenario_body, procure_settings, tariffs, fx, prices, reference_prices, clusters, options })).digest('hex');
}

/** The plan's own budget use, the sheet shows it to the cent. */
const budgetRows = (plan: PlanLike) => (plan.procurement?.budget_use ?? []).map((b) => ({ quarter: b.quarter, kind: b.kind, limit: b.limit.toFixed(2), used: Math.max(0, b.used).toFixed(2) }));

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
    actuals: facts.actuals,
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
  };
}
