// Collects what an export needs from the database, beside the plan result: the scenario's
// inputs with their provenance, every site's electricity tariff and PUE, the FX rates and the
// price rows for the GPU types in the plan. Read-only; SQL for tables owned by other areas is
// kept to plain SELECTs of the columns their migrations define (db/0030, 0040, 0050).
import fs from 'node:fs';
import path from 'node:path';
import type { ReadableDB } from '../../store/handles.js';
import { parseCsv } from '../../shared/csv.js';
import type { ActionMode, AppliedRow, ExportInput, FxRow, InputRow, PlanAction, PlanMonth, PlanResult, PriceRow, SiteRow, TariffRow, View } from './types.js';

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
  warnings?: string[] | null;
  burn_prices?: AppliedRow[] | null;
  procurement?: { budget_use?: { quarter: string; kind: 'capex' | 'opex'; limit: number; used: number }[] } | null;
}

/** Narrows a plan result to the DESIGN.md fields, dropping everything else. */
export function exportPlan(p: PlanLike): PlanResult {
  return {
    scenario: p.scenario,
    currency: p.currency,
    months: p.months.map((m) => ({
      month: m.month, users: m.users, peak_requests_per_s: m.peak_requests_per_s, peak_output_tokens_per_s: m.peak_output_tokens_per_s,
      capacity_output_tokens_per_s: m.capacity_output_tokens_per_s, utilisation: m.utilisation, overload_hours_per_day: m.overload_hours_per_day,
      p_overload: m.p_overload, gpus: { ...m.gpus },
      ...(m.burn ? { burn: m.burn, cost_per_million_tokens: m.cost_per_million_tokens ?? null } : {}),
      ...(typeof m.output_tokens === 'number' ? { output_tokens: m.output_tokens } : {}),
    })),
    crash_month: p.crash_month,
    actions: (p.actions ?? []).map((a) => ({ ...a, mode: a.mode as ActionMode })),
    ...(p.infeasible ? { infeasible: p.infeasible } : {}),
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
export function referencePrices(appRoot: string, gpuIds: string[]): PriceRow[] {
  const want = new Set(gpuIds);
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
      if (!want.has(r.gpu_id)) return;
      const m = map(r);
      if (m) out.push({ ...m, file: `db/seed/${file}`, row: k + 2, gpu_id: r.gpu_id });
    });
  }
  return out;
}

/** Everything the exporters need, for a plan already computed. `appRoot` adds the public
 *  reference prices for GPU types the price book has no row for. */
export function gatherExportInput(db: ReadableDB, plan: PlanLike, opts: { view: View; now: Date; appRoot?: string }): ExportInput {
  const p = exportPlan(plan);
  const row = hasTable(db, 'scenarios') ? db.prepare('SELECT body FROM scenarios WHERE name = ?').get(p.scenario) as { body: string } | undefined : undefined;
  let body: Json = null;
  try { body = row ? JSON.parse(row.body) : null; } catch { body = null; }
  const gpuIds = [...new Set([...p.months.flatMap((m) => Object.keys(m.gpus)), ...p.actions.map((a) => a.gpu_id)])].sort();
  return {
    plan: p,
    view: opts.view,
    generated_at: opts.now.toISOString(),
    inputs: scenarioInputs(body),
    tariffs: tariffRows(db, p.months[0]?.month ?? opts.now.toISOString().slice(0, 7)),
    fx: fxRows(db),
    prices: (() => {
      const book = priceRows(db, gpuIds);
      const covered = new Set(book.map((r) => r.gpu_id));
      const missing = gpuIds.filter((g) => !covered.has(g));
      return opts.appRoot && missing.length ? [...book, ...referencePrices(opts.appRoot, missing)] : book;
    })(),
    notes: plan.warnings ?? [],
    applied: (plan.burn_prices ?? []).map((a) => ({ ...a })),
    // The optimiser accounts budgets in floats; the sheet shows them to the cent.
    budgets: (plan.procurement?.budget_use ?? []).map((b) => ({ quarter: b.quarter, kind: b.kind, limit: b.limit.toFixed(2), used: Math.max(0, b.used).toFixed(2) })),
    sites: (plan.burn_by_site ?? []).map((x) => ({ ...x })),
  };
}
