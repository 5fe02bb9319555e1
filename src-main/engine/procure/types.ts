// Plain-data input and output of the procurement optimiser (issue 7). Money arrives as
// decimal strings in the input's currency (the app converts FX before calling); the
// solver works in floats, the actions carry the offer's exact decimal string back out.
import type { CnExportStatus } from '../catalog.js';
import type { ExportLicence, ExportRule, GpuExportMetrics } from './rules.js';

export type Month = string; // 'YYYY-MM'
export type AcquireMode = 'buy' | 'lease' | 'cloud_on_demand' | 'cloud_reserved';

export interface ProcureGpu {
  id: string;
  /** Display name for explanations ("H20"); default: the id. */
  name?: string;
  /** Board power, W; used for site power (× server overhead × PUE) and electricity. */
  tdp_w: number;
  cn_export_status: CnExportStatus;
  /** Per-GPU default lead time in months, used when an offer gives none. */
  default_lead_months: number;
  /** GPUs per server: buy/lease decisions are whole servers. Default 8. */
  gpus_per_server?: number;
  /** First month the type shipped publicly (db/seed/gpu_availability.csv): no arrival before it. */
  available_from?: Month | null;
  /** TPP and interconnect from the catalog, for export rules written as performance classes. */
  export_metrics?: GpuExportMetrics;
}

export interface ProcureSite {
  id: string;
  /** ISO 3166-1 alpha-2; 'CN' applies China's export rules to what may be added. */
  country: string;
  /** Cloud regions host only cloud modes, have no power limit and no electricity bill. */
  cloud?: boolean;
  /** Facility power limit, kW (IT load × PUE must stay under it); null = none. */
  power_limit_kw: number | null;
  pue: number;
  /** Server overhead on GPU TDP (CPUs, NICs, fans); default 1.3. */
  server_overhead?: number;
  /** Electricity price per kWh (decimal string), energy at average load. */
  electricity_per_kwh?: string;
  /** Average load factor of GPU power for the electricity bill; default 0.7. */
  load_factor?: number;
  /** Hosting/colocation cost per kW of IT load per month (decimal string). */
  hosting_per_kw_month?: string;
  /** Space: the most servers the site can hold; null/absent = unlimited. */
  max_servers?: number | null;
}

export interface ProcurePool {
  id: string;
  /** Peak demand per month (output tokens/s), index 0 = start month; missing = 0. */
  peak_demand: number[];
  /** Output tokens/s one GPU of each type gives at this pool's workload (capacity engine). */
  capacity_per_gpu: Record<string, number>;
  /** Sites whose GPUs may serve this pool; absent = every site. */
  sites?: string[];
  /** GPU type used to express shortfalls in words ("H20-equivalents"); default: the best-represented one. */
  reference_gpu?: string;
}

export interface ProcureOffer {
  gpu_id: string;
  mode: AcquireMode;
  /** Site (or cloud region) it applies to; absent = every site that can host the mode. */
  site?: string;
  /** buy: per GPU; lease: per GPU-month; cloud modes: per GPU-hour. Decimal string. */
  unit_price: string;
  currency: string;
  /** Lead time in months from order to arrival; absent = the GPU's default. */
  lead_months?: number;
  /** Lease / reserved commitment in months (reserved: 12 or 36). */
  term_months?: number;
  /** Minimum order quantity in GPUs (0/absent = none). */
  min_qty?: number;
  /** Where the price came from (price list name), shown in the UI. */
  source?: string;
  /** First / last arrival month the price applies to (inclusive); absent = no bound. */
  valid_from?: Month | null;
  valid_to?: Month | null;
  /** Date of the price (YYYY-MM-DD or YYYY-MM) when it is a dated reference price; carried to the action. */
  price_date?: string;
}

export interface ProcureInventory {
  site: string;
  gpu_id: string;
  gpus: number;
  mode: 'buy' | 'lease' | 'cloud';
  /** Serves only this pool when set. */
  pool?: string;
  in_service_from?: Month | null;
  /** Retirement (inclusive last month in service); null = beyond the horizon. */
  in_service_to?: Month | null;
}

export interface SupplyCap {
  gpu_id: string;
  per: 'month' | 'quarter';
  /** Most GPUs of this type that may be ordered (buy + lease) per month/quarter. */
  max_gpus: number;
}

export interface QuarterBudget {
  quarter: string; // 'YYYY-Qn'
  /** Capex (purchases, paid on arrival) cap for the quarter, decimal string. */
  capex?: string | null;
  /** Opex (leases, cloud, electricity, hosting of what this plan adds) cap, decimal string. */
  opex?: string | null;
}

export interface ProcureInput {
  start_month: Month;
  months: number;
  currency: string;
  /** Fraction: capacity ≥ peak × (1 + headroom). */
  headroom: number;
  /** What `peak_demand` is, for the actions' "why" text (e.g. "90 % service-level need"); absent: the median peak. */
  need_basis?: string;
  /** Annual discount rate for the objective (e.g. 0.08). */
  discount_rate?: number;
  allow_cloud?: boolean;
  /** The scenario holds a US export licence for 'licence_required' types (H20) at CN sites
   *  (with export_rules: a licence for every 'licence' rule at every site, all months). */
  cn_licence_held?: boolean;
  /** Effective-dated export rules (issue 12); when given they replace the static cn_export_status:
   *  the rule in force in each ORDER month decides. */
  export_rules?: ExportRule[];
  /** Licences held per site and period for 'licence' rules. */
  export_licences?: ExportLicence[];
  banned_gpus?: string[];
  /** Straight-line life of bought hardware for the residual value, months (default 60). */
  hardware_life_months?: number;
  /** 'auto' = monthly for the first 12 months, calendar quarters after. */
  granularity?: 'month' | 'quarter' | 'auto';
  gpus: ProcureGpu[];
  sites: ProcureSite[];
  pools: ProcurePool[];
  offers: ProcureOffer[];
  inventory?: ProcureInventory[];
  supply_caps?: SupplyCap[];
  budgets?: QuarterBudget[];
}

export interface ProcureAction {
  order_month: Month;
  arrival_month: Month;
  site: string;
  gpu_id: string;
  mode: AcquireMode;
  /** GPUs. */
  quantity: number;
  unit_price: string;
  currency: string;
  /** Extra fields (DESIGN.md allows more): the lead time used and where it came from. */
  lead_months: number;
  lead_source: 'price_list' | 'gpu_default';
  term_months?: number;
  /** Total committed within the horizon for this line (undiscounted), decimal string. */
  total_cost: string;
  /** Why: the first month and pool whose demand needs it. */
  why: { month: Month; pool: string; text: string };
  /** GPUs of this line per pool they serve at arrival (whole GPUs summing to quantity). */
  pools: Record<string, number>;
  /** Multi-pool: the pools these GPUs serve period by period when the plan moves them between
   *  pools after arrival (absent = `pools` throughout). */
  pools_by_period?: { from: Month; to: Month; pools: Record<string, number> }[];
  /** Where the price came from, and its date when it is a dated reference price. */
  price_source?: string;
  price_date?: string;
  /** Cloud on demand over several months: where the price in force changes within them (issue 12: prices as of each month). */
  price_steps?: { from: Month; unit_price: string }[];
}

export type BindingConstraint = 'capacity' | 'power' | 'budget' | 'supply' | 'space' | 'lead_time' | 'export' | 'availability';

export interface Infeasibility {
  reason: string;
  constraint: BindingConstraint;
  month: Month;
  site?: string;
  pool?: string;
  short_gpu_equivalents?: number;
  reference_gpu?: string;
}

export interface MonthFleet {
  month: Month;
  /** GPUs in service per site and type with the plan applied. */
  gpus: Record<string, Record<string, number>>;
  /** Capacity per pool (output tokens/s) with the plan applied, and the need. */
  pools: Record<string, { capacity: number; need: number }>;
  /** Facility power per site, kW. */
  power_kw: Record<string, number>;
}

/** A quarter's budget against what the plan spends in it, by the model's own accounting. */
export interface BudgetUse {
  quarter: string;
  kind: 'capex' | 'opex';
  limit: number;
  /** capex: purchases arriving in the quarter; opex: lease, cloud and running costs of the added GPUs in its months. */
  used: number;
}

export interface ProcureResult {
  status: 'optimal' | 'feasible' | 'time_limit' | 'infeasible';
  solver: 'milp' | 'greedy';
  actions: ProcureAction[];
  infeasible?: Infeasibility;
  /** All binding shortfalls found, in time order (the first is `infeasible`). */
  shortfalls: Infeasibility[];
  /** Discounted objective (cost − residual) without penalties. */
  objective: number;
  /** Shortfall penalty in the objective (0 when every month is covered). */
  penalty: number;
  /** Same objective for the greedy baseline on the same model. */
  greedy_objective: number;
  /** Periods in which the greedy plan leaves a pool short (0 = it covers every month). */
  greedy_short_periods: number;
  mip_gap: number | null;
  solve_seconds: number;
  /** Problems found re-checking the rounded plan against every constraint (empty = clean). */
  violations: string[];
  /** Every quarterly budget given, with the plan's spend against it (undiscounted). */
  budget_use: BudgetUse[];
  months: MonthFleet[];
  model_size: { columns: number; rows: number; integers: number };
}
