// What an export is made from: the plan result (DESIGN.md `plan` output, field names kept
// exactly) plus the inputs it came from, each with its source. Pure data, so the exporters
// can be built and tested from fixtures without a database.
import type { BurnSiteTotal } from '../../engine/burn/by-site.js';

export type BurnCategory = 'depreciation' | 'lease' | 'cloud' | 'electricity' | 'hosting' | 'fixed';
export const BURN_CATEGORIES: readonly BurnCategory[] = ['depreciation', 'lease', 'cloud', 'electricity', 'hosting', 'fixed'];

/** Decimal string, e.g. "12345.678" (money on the wire is never a float). */
export type Decimal = string;

export interface PlanMonth {
  month: string; // YYYY-MM
  users: number;
  peak_requests_per_s: number;
  peak_output_tokens_per_s: number;
  capacity_output_tokens_per_s: number;
  utilisation: number; // fraction, 0.8 = 80 %
  overload_hours_per_day: number;
  p_overload: number; // fraction
  gpus: Record<string, number>;
  /** Absent while a plan carries no money (no burn computed): the exports then leave out every
   *  money column, total and chart rather than show zeros. */
  burn?: { total: Decimal } & Record<BurnCategory, Decimal>;
  /** Cost per million output tokens in the reporting currency; null/"" when nothing was served. */
  cost_per_million_tokens?: Decimal | null;
  /** Output tokens served in the month, when the plan reports it (an extension the exporters use
   *  for the cost-per-1M formula); otherwise derived as total / cost_per_million_tokens. */
  output_tokens?: number;
  /** Per pool (the plan's `pools`), for chargeback: served output tokens when the plan reports
   *  them, else peak demand capped at capacity; capacity is the reservation basis. */
  pools?: PoolShare[];
}

export interface PoolShare {
  pool_id: string;
  peak_output_tokens_per_s: number;
  capacity_output_tokens_per_s: number;
  /** Output tokens the pool served in the month, when the plan reports it. */
  output_tokens?: number;
  /** Per request class served by this pool (chat, voice, API, a B2B customer…), when the plan reports it. */
  classes?: { class_id: string; output_tokens: number }[];
}

export type ActionMode = 'buy' | 'lease' | 'cloud_on_demand' | 'cloud_reserved';

export interface PlanAction {
  order_month: string;
  arrival_month: string;
  site: string;
  gpu_id: string;
  mode: ActionMode;
  quantity: number;
  unit_price: Decimal;
  currency: string;
  /** Lease / reserved cloud: months committed from arrival; on-demand cloud: months used. */
  term_months?: number;
  /** The plan's own total for the line within the horizon, in `currency` (decimal string). */
  total_cost?: Decimal;
}

export interface PlanResult {
  scenario: string;
  currency: string;
  months: PlanMonth[];
  crash_month: { p10: string | null; p50: string | null; p90: string | null } | null;
  actions: PlanAction[];
  infeasible?: { reason: string; constraint?: string; month?: string } | null;
  /** Plan warnings (structured or text) shown in the executive summary. */
  warnings?: string[];
  /** Monte Carlo runs and seed the crash months came from. */
  monte_carlo?: { runs: number; seed: number } | null;
}

/** One scenario input or assumption. `source` null or '' means the figure is assumed
 *  (`assumed` then gives the reason, when there is one). */
export interface InputRow {
  section: string; // e.g. "demand", "serving", "money" (free text from the scenario)
  name: string;
  value: string | number;
  unit?: string;
  /** The uncertain range, when the input has one. */
  p10?: number | null;
  p90?: number | null;
  source: string | null;
  assumed?: string | null;
}

export interface TariffRow {
  site: string;
  band: string; // e.g. "peak", "flat"
  price_per_kwh: Decimal;
  currency: string;
  pue?: number | null;
  source: string | null;
}

/** 1 `base` = `rate` `quote` (fx_rates rows as stored). */
export interface FxRow {
  base: string;
  quote: string;
  rate: Decimal;
  as_of?: string | null;
  source: string | null;
}

export interface PriceRow {
  vendor: string;
  list: string; // price list name
  file: string; // imported file name
  sheet?: string | null;
  row: number; // 1-based row of the original file or sheet
  gpu_id: string;
  kind: string; // gpu | server | cloud_hour | lease_month
  description?: string | null;
  unit_price: Decimal;
  currency: string;
  valid_from?: string | null;
}

export type Lang = 'en' | 'zh';
export type View = 'cash' | 'accrual';
export type ExportFormat = 'xlsx' | 'csv' | 'pdf';

/** When a purchase is paid: all at order, all at arrival, or a share at order and the rest at arrival. */
export type PaymentRule = { kind: 'order' } | { kind: 'arrival' } | { kind: 'split'; at_order: number };

/** Every option an export was made with (printed on the Cover sheet, hashed into the inputs hash). */
export interface ExportOptions {
  view: View;
  /** Payment timing of planned purchases, used by the cash schedule, Monthly cash capex and Budgets. */
  payment: PaymentRule;
  /** First month of the fiscal year (1 = January). */
  fiscal_year_start: number;
  /** Annual discount rate for NPV (decimal string, e.g. "0.08"). */
  discount_rate: string;
  /** zh PDF: show large amounts in 万 / 亿. */
  cn_scale: boolean;
  procure: boolean;
  months: number | null;
  runs: number | null;
  seed: number | null;
}

export const DEFAULT_OPTIONS: ExportOptions = {
  view: 'accrual', payment: { kind: 'order' }, fiscal_year_start: 1, discount_rate: '0.08', cn_scale: false, procure: true, months: null, runs: null, seed: null,
};

/** A GPU purchase already in the fleet (a bought cluster), for the depreciation and cash schedules. */
export interface AssetFact {
  cluster_id: number; site: string; gpu_id: string; gpus: number; unit_price: Decimal; currency: string;
  in_service_from: string; paid_month: string | null; useful_life_months: number | null; residual_value: Decimal | null;
}

/** Where the export came from (Cover sheet, PDF footer). */
export interface Provenance {
  app_version: string;
  db_file: string;
  scenario_modified: string | null;
  /** sha256 of the scenario, settings, catalog prices, tariffs, FX and options (not the clock). */
  inputs_hash: string;
}

/** One imported actual spend line (issue 15: month, category, amount in its currency), classed capex or
 *  opex by its category and converted at the month's FX rate: the Actual spend sheet, and the Budgets
 *  sheet's actual, variance and share (SUMIFS over it). */
export interface ActualRow {
  month: string; category: string; kind: 'capex' | 'opex'; amount: Decimal; currency: string;
  fx: { rate: string; date: string | null } | null;
  /** amount × FX rate in the reporting currency (exact); null without a rate (left out of the Budgets sums). */
  amount_rep: Decimal | null;
}

export interface ExportInput {
  plan: PlanResult;
  view: View;
  /** Every option (defaults: DEFAULT_OPTIONS with `view`). */
  options?: ExportOptions;
  provenance?: Provenance;
  /** Bought clusters of the fleet (depreciation and cash schedules). */
  assets?: AssetFact[];
  /** Useful life (months) the plan depreciates its own purchases over. */
  default_life_months?: number;
  actuals?: ActualRow[];
  /** ISO timestamp printed on the title page / summary (passed in: exporters read no clock). */
  generated_at: string;
  inputs: InputRow[];
  tariffs: TariffRow[];
  fx: FxRow[];
  prices: PriceRow[];
  /** Electricity and hosting per site over the horizon (engine/burn/by-site.ts); absent or [] without burn. */
  sites?: SiteRow[];
  /** Quarterly budgets against the plan's spend (procurement runs only); absent or [] otherwise. */
  budgets?: BudgetRow[];
  /** The plan's calculation notes (which price each cluster was charged at and from where,
   *  assumed utilisation, clusters left out), so the sheet says how each figure was reached. */
  notes?: string[];
  /** The price each existing cluster was charged at and its source (procured lines are in Actions). */
  applied?: AppliedRow[];
  /** What one GPU of each pool serves, as the plan computed it (the figure behind every capacity number). */
  capacity?: CapacityFact[];
  /** Whether those capacities came from the calibrated factors or the datasheet defaults. */
  capacity_factors?: 'calibrated' | 'default';
}

/** One pool × GPU type of the plan's capacity table (engine/plan/inputs.ts CapacityRow). */
export interface CapacityFact {
  pool_id: string; gpu_id: string; model_id: string | null; precision: string; tp: number; tpot_ms: number;
  output_tokens_per_s_per_gpu: number; slots_per_replica: number; feasible: boolean; error_key?: string; reason?: string;
  /** Published rows behind the figure under the pool's engine (issue 13). */
  measured?: { engine: string; rows: number; family_rows: number; gpu_rows: number };
}

export interface AppliedRow {
  cluster_id: number; site: string; gpu_id: string; mode: string; gpus: number;
  unit_price: string; currency: string; source: 'cluster' | 'price_book' | 'reference' | 'none'; detail: string;
}

/** A quarter's budget and what the plan spends against it, money rounded to the cent. */
export interface BudgetRow { quarter: string; kind: 'capex' | 'opex'; limit: string; used: string }

/** One site's power and hosting over the horizon, as the burn engine computed them. */
export type SiteRow = BurnSiteTotal;
