// Reads the planner's world (engine/plan/world.ts) from the database in ONE read transaction:
// catalog, efficiency factors (the stored fit when there is one), sites, clusters, costs,
// tariffs, FX, fixed items, the price book, the shipped reference prices, the scenario and its
// procurement settings. Nothing below this reads the database; the plan is computed from it.
import fs from 'node:fs';
import path from 'node:path';
import type { ReadableDB } from './handles.js';
import { listClusters, listGpus, listSites } from './inventory.js';
import { listClusterCosts, listFixedCosts, listFx, listSiteCosts, listTariffs, readPriceBook } from './money.js';
import { catalogSpecs, hasCalibrationTables, resolveCalibration } from './calibration.js';
import { getScenario, scenarioNames } from './scenarios.js';
import { getProcureSettings } from './procure-settings.js';
import { referencePrices } from './reference-prices.js';
import { engineRules, listAvailability } from './export-rules.js';
import { scenarioSchema, type Scenario } from '../engine/demand/scenario.js';
import { DEFAULT_TABLE, type FactorSource } from '../engine/capacity/index.js';
import { rowCountsFromGroups, type RowCounts } from '../engine/calibration/coverage.js';
import type { FittedRatio } from '../engine/calibration/fit.js';
import { procureSettingsSchema } from '../engine/procure/settings.js';
import type { PriceKind } from '../engine/burn/price-rule.js';
import type { BookRow, World } from '../engine/plan/world.js';
import { ApiError } from '../shared/errors.js';
import { closestIds, type CnExportStatus } from '../engine/catalog.js';

export interface WorldRequest {
  /** The stored scenario to plan (null: no scenario, e.g. the whole fleet's burn). */
  scenario: string | null;
  /** An unsaved scenario document to plan instead of the stored one. */
  body?: unknown;
  /** Horizon override (1..120 months). */
  months?: number;
  /** App root: the shipped calibration and reference prices live under it. */
  appRoot?: string;
}

function resolveScenario(db: ReadableDB, req: WorldRequest): Scenario | null {
  let s: Scenario | undefined;
  if (req.body !== undefined) {
    const r = scenarioSchema.safeParse(req.body);
    if (!r.success) {
      const i = r.error.issues[0];
      throw new ApiError('bad_request', `scenario.${i.path.join('.')}: ${i.message}`, `scenario.${i.path.join('.')}`);
    }
    s = r.data;
  } else if (req.scenario !== null) {
    s = getScenario(db, req.scenario);
    if (!s) throw unknownScenario(db, req.scenario);
  } else return null;
  if (req.months !== undefined) {
    if (!Number.isInteger(req.months) || req.months < 1 || req.months > 120) throw new ApiError('bad_request', 'months: must be a whole number from 1 to 120', 'months');
    s = { ...s, horizon_months: req.months };
  }
  return s;
}

function factorsOf(db: ReadableDB, appRoot: string | undefined): { factors: FactorSource; kind: 'calibrated' | 'default'; residuals: Record<string, number[]> | null; unseen: Record<string, number[]> | null; rows: RowCounts | null; ratios: FittedRatio[] | null } {
  if (appRoot) {
    try {
      const c = resolveCalibration('default', appRoot, hasCalibrationTables(db) ? db : null);
      if (c.kind !== 'none') return { factors: c.factors as FactorSource, kind: 'calibrated', residuals: c.file?.cv?.residuals ?? null, unseen: c.file?.cv?.residuals_unseen ?? null, rows: rowCountsFromGroups(c.file?.cv?.by_group), ratios: c.file?.engine_ratios ?? null };
    } catch { /* unreadable calibration: fall back to the datasheet priors */ }
  }
  return { factors: DEFAULT_TABLE, kind: 'default', residuals: null, unseen: null, rows: null, ratios: null };
}

/** Lead time and minimum order per price item (columns of price_items when the book has them). */
function itemExtras(db: ReadableDB): Map<number, { lead_time_weeks: number | null; min_qty: number | null }> {
  try {
    const rows = db.prepare('SELECT rowid AS id, lead_time_weeks, min_qty FROM price_items').all() as { id: number; lead_time_weeks: number | null; min_qty: number | null }[];
    return new Map(rows.map((r) => [r.id, { lead_time_weeks: r.lead_time_weeks, min_qty: r.min_qty }]));
  } catch { return new Map(); }
}

const versions = new Map<string, string>();
/** The app's version from package.json under the app root (echoed in a plan's assumptions). */
function appVersion(appRoot: string | undefined): string | undefined {
  if (!appRoot) return undefined;
  let v = versions.get(appRoot);
  if (v === undefined) {
    try { v = String((JSON.parse(fs.readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown'); } catch { v = 'unknown'; }
    versions.set(appRoot, v);
  }
  return v;
}

export function readWorld(db: ReadableDB, req: WorldRequest): World {
  return db.transaction((): World => {
    const scenario = resolveScenario(db, req);
    const specs = catalogSpecs(db);
    const { factors, kind, residuals, unseen, rows, ratios } = factorsOf(db, req.appRoot);
    const extras = itemExtras(db);
    const price_book: BookRow[] = readPriceBook(db).map((r) => ({
      ...r, kind: r.kind as PriceKind, lead_time_weeks: extras.get(r.id)?.lead_time_weeks ?? null, min_qty: extras.get(r.id)?.min_qty ?? null,
    }));
    const avail = new Map(listAvailability(db).map((a) => [a.gpu_id, a.available_from]));
    return {
      scenario,
      gpus: listGpus(db).map((g) => ({ id: g.id, name: g.name, tdp_w: g.tdp_w, cn_export_status: g.cn_export_status as CnExportStatus, available_from: avail.get(g.id) ?? null })),
      specs: { gpus: Object.fromEntries(specs.gpus.map((g) => [g.id, g])), models: Object.fromEntries(specs.models.map((m) => [m.id, m])) },
      factors, factors_kind: kind, capacity_error: residuals ? { residuals, unseen } : null, calibration_rows: rows, engine_ratios: ratios,
      sites: listSites(db),
      site_costs: listSiteCosts(db),
      clusters: listClusters(db),
      cluster_costs: listClusterCosts(db),
      tariffs: listTariffs(db),
      fx: listFx(db).map((r) => ({ base: r.base, quote: r.quote, rate: r.rate, effective_from: r.effective_from, source: r.source })),
      fixed: listFixedCosts(db).map((f) => ({ name: f.name, amount_per_month: f.amount_per_month, currency: f.currency, from_month: f.from_month, to_month: f.to_month })),
      price_book,
      reference: referencePrices(req.appRoot),
      procure_settings: scenario ? getProcureSettings(db, scenario.name) : procureSettingsSchema.parse({}),
      export_rules: engineRules(db),
      app_version: appVersion(req.appRoot),
    };
  })();
}

/** The not-found error for a scenario name, with the closest stored names as a hint. */
export function unknownScenario(db: ReadableDB, name: string, field = 'scenario'): ApiError {
  const names = scenarioNames(db);
  const hint = names.length ? ` (did you mean ${closestIds(name, names).join(', ')}?)` : ' (no scenarios: create the demo with `headroom demo --db PATH`)';
  return new ApiError('not_found', `unknown scenario "${name}"${hint}`, field);
}
