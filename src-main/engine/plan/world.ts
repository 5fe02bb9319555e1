// The planner's world as one plain snapshot: everything a plan needs, read once from the
// database (store/world.ts) in one read transaction. The plan is a pure function of it, so the
// Plan page, the Burn page, the CLI, the exports and the workers all see the same facts.
import type { GpuSpec, ModelSpec, CnExportStatus } from '../catalog.js';
import type { FactorSource } from '../capacity/index.js';
import type { Scenario } from '../demand/scenario.js';
import type { TouBand } from '../power/tariff.js';
import type { PriceRow } from '../burn/price-rule.js';
import type { ProcureSettings } from '../procure/settings.js';
import type { ExportLicence, ExportRule } from '../procure/rules.js';
import type { RowCounts } from '../calibration/coverage.js';
import type { FittedRatio } from '../calibration/fit.js';
import type { CapacityErrorEvidence } from '../timeline/capacity-error.js';

export interface SiteFact { id: number; name: string; country: string; region: string; power_limit_kw: number; pue: number; notes: string }
export interface ClusterFact {
  id: number; site: string; site_id: number; gpu_id: string; gpus: number; servers: number | null; mode: 'buy' | 'lease' | 'cloud';
  in_service_from: string | null; in_service_to: string | null; unit_cost: string | null; currency: string | null; notes: string;
}
export interface ClusterCostFact {
  cluster_id: number; useful_life_months: number | null; residual_value: string | null; paid_month: string | null;
  cloud_pricing: 'on_demand' | 'reserved'; term_months: number | null; server_type: string | null; pinned_price_row: number | null; notes: string;
}
export interface SiteCostFact {
  site_id: number; site: string; country: string; pue: number;
  hosting_per_kw_month: string | null; hosting_currency: string | null;
  server_type: string; server_overhead: number | null; utc_offset_hours: number | null; source: string;
  /** Cloud regions the site may rent in (migration 0230, engine/procure/regions.ts); null/absent = any. */
  cloud_region?: string | null;
}
export interface TariffFact {
  id: number; site_id: number; site: string; effective_from: string; currency: string; kind: 'flat' | 'tou';
  price_per_kwh: string | null; bands: TouBand[] | null; demand_charge_per_kw_month: string; source: string; notes: string;
}
export interface FxFact { base: string; quote: string; rate: string; effective_from: string; source: string }
export interface FixedCostFact { name: string; amount_per_month: string; currency: string; from_month: string | null; to_month: string | null }
export interface GpuFact {
  id: string; name: string; tdp_w: number | null; cn_export_status: CnExportStatus;
  /** First public shipment (YYYY-MM, migration 0100); null/absent = unknown. */
  available_from?: string | null;
}
/** A price-book row with the item's own lead time and minimum order (when the list gave them). */
export type BookRow = PriceRow & { lead_time_weeks: number | null; min_qty: number | null; /** The item's region; null/absent = not said. */ region?: string | null };

/** Public reference prices shipped with the app (db/seed), used only where the book has none. */
export interface ReferencePrices {
  /** As price-book rows (the burn's fallback for clusters without a price). */
  burn: (PriceRow & { /** Cloud region the price was listed in; null/absent = not said. */ region?: string | null })[];
  /** Per GPU, per kind (buy, cloud, lead time), for the optimiser's offers. */
  procure: ReferenceOffer[];
}
export interface ReferenceOffer {
  gpu_id: string; kind: 'buy' | 'cloud_on_demand' | 'cloud_reserved' | 'lead';
  per_gpu: string; currency: string; date: string; term?: number; source: string;
  /** Cloud region the price was listed in (cloud kinds); absent = not said. */
  region?: string;
}

export interface World {
  /** The scenario planned (stored or the unsaved body), with any horizon override applied. */
  scenario: Scenario | null;
  gpus: GpuFact[];
  specs: { gpus: Record<string, GpuSpec>; models: Record<string, ModelSpec> };
  factors: FactorSource;
  factors_kind: 'calibrated' | 'default';
  /** Issue 13: the calibration's held-out residuals, per "family|engine" and per pair held out whole; absent/null =
   *  the Monte Carlo keeps capacity at the engine's point estimate. */
  capacity_error?: CapacityErrorEvidence | null;
  /** Issue 13: measured calibration rows per "gpu_id|engine" (from cv.by_group); absent/null = not known, no coverage warnings. */
  calibration_rows?: RowCounts | null;
  /** Issue 13: the calibration's same-benchmark engine ratios, measured vs fitted (calibration.json engine_ratios). */
  engine_ratios?: readonly FittedRatio[] | null;
  sites: SiteFact[];
  site_costs: SiteCostFact[];
  clusters: ClusterFact[];
  cluster_costs: ClusterCostFact[];
  tariffs: TariffFact[];
  fx: FxFact[];
  fixed: FixedCostFact[];
  price_book: BookRow[];
  reference: ReferencePrices;
  /** The scenario's stored procurement settings (defaults where none are stored). */
  procure_settings: ProcureSettings;
  /** Effective-dated export rules and licences held (migration 0100); null in older files. */
  export_rules?: { rules: ExportRule[]; licences: ExportLicence[] } | null;
  /** The app's version (package.json), echoed in the plan's assumptions. */
  app_version?: string;
}
