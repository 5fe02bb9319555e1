// Structured warnings and the assumptions of a plan (issue 12): every zero or missing cost
// that enters a total, every price from another date and every stand-in is a warning with a
// code, so pages, the CLI and the exports can show (and tests can find) them.
import { addMonths } from '../../shared/month.js';

export type WarningCode =
  | 'zero_unit_cost'            // a cluster with no unit cost and no price: its cost is counted as 0
  | 'lease_without_rate'        // a leased cluster with no rate: counted as 0
  | 'site_without_hosting'      // an owned site with GPUs and no hosting cost: counted as 0
  | 'site_without_tariff'       // an owned site with GPUs and no electricity tariff: counted as 0
  | 'reference_price_other_date'// a price dated after (or over a year before) the month it is applied to
  | 'stand_in_model'            // a pool served by a stand-in model
  | 'service_level_not_met'     // a month whose P(overload) with the plan stays above 1 − service level
  | 'infeasible_month'          // a month the optimiser cannot cover (binding limit given)
  | 'early_ramp'                // GPUs of a type arrive soon after its first shipment with no supply cap set for it
  | 'capacity_unmeasured'       // a pool's GPU type under its engine has fewer than 10 published measurements behind its capacity
  | 'burn_not_computed'
  | 'note';                     // any other calculation note

export type PlanWarning = {
  code: WarningCode;
  cluster_id?: number;
  site?: string;
  pool?: string;
  month?: string;
  /** The GPU type a cluster warning is about, and the date of a price from another date (so pages can word it in any language). */
  gpu_id?: string;
  price_date?: string;
  /** The model a stand_in_model warning is about. */
  model_id?: string;
  /** capacity_unmeasured: the serving engine, and measured rows of this GPU under it, of its family under it, of this GPU under any engine. */
  engine?: string;
  rows?: number;
  family_rows?: number;
  gpu_rows?: number;
  /** capacity_unmeasured: a same-benchmark run on this GPU under this engine and another (`ratio_vs`, on `ratio_model`):
   *  this engine's throughput ÷ the other's, as measured and as the fitted model gives it. */
  ratio_vs?: string;
  ratio_model?: string;
  ratio_measured?: number;
  ratio_fitted?: number;
  /** The same fitted ratio on the pool's own workload (model, tp, precision, lengths, TPOT). */
  ratio_here?: number;
  message: string;
};

/** A pool's stand-in model, declared in the scenario by `model_size_factor` (its reason is the factor's `assumed` or `source`). */
export interface StandInModel {
  pool: string;
  model_id: string;
  /** The model's product name from the catalogue (models.csv), the id where the catalogue has none. */
  model_name: string;
  reason: string;
  /** The real model's active size relative to the stand-in: capacity per GPU scales as 1/x. */
  size_factor: { value: number; p10: number; p90: number };
}
type PoolLike = { id: string; model_id: string | null; model_size_factor?: { value: number; p10?: number; p90?: number; source?: string; assumed?: string } };

/** One concept (issue 12 + 15): a pool whose model stands in for an unpublished one carries `model_size_factor`. */
export function standInModels(pools: readonly PoolLike[], models: Readonly<Record<string, { name: string }>> = {}): StandInModel[] {
  return pools.filter((p) => p.model_size_factor).map((p) => {
    const f = p.model_size_factor!;
    const id = p.model_id ?? '';
    return { pool: p.id, model_id: id, model_name: models[id]?.name ?? id, reason: f.assumed ?? f.source ?? '', size_factor: { value: f.value, p10: f.p10 ?? f.value, p90: f.p90 ?? f.value } };
  });
}

export function standInWarning(si: StandInModel): PlanWarning {
  const { value, p10, p90 } = si.size_factor;
  return {
    code: 'stand_in_model', pool: si.pool, model_id: si.model_id,
    message: `pool ${si.pool}: ${si.model_name} stands in for an unpublished model (size ×${value}, P10 ×${p10} – P90 ×${p90}): ${si.reason}`,
  };
}

export const note = (message: string): PlanWarning => ({ code: 'note', message });

/** Two FNV-1a 32-bit hashes (different offsets) of a string, hex: a stable hash of the plan's inputs (pure, no crypto module). */
export function inputsHash(text: string): string {
  let a = 0x811c9dc5, b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** Month difference b − a for YYYY-MM(-DD) strings. */
export function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
}

/** A price dated after the month it applies to, or more than 12 months before it, is "from another date". */
export function priceFromOtherDate(priceDate: string, month: string): boolean {
  if (!/^\d{4}-\d{2}/.test(priceDate)) return false;
  const d = monthsBetween(priceDate, month);
  return d < 0 || d > 12;
}

/** Months after a type's first public shipment in which deliveries are still ramping (an order then is flagged). */
export const RAMP_MONTHS = 6;

/**
 * The plan orders a type to arrive within RAMP_MONTHS of its first shipment and nothing caps how
 * many: say so, since no market-supply figure stands behind the quantity (a supply cap is the fix).
 */
export function earlyRampWarnings(
  actions: readonly { gpu_id: string; arrival_month: string; quantity: number }[],
  availableFrom: ReadonlyMap<string, string | null | undefined>,
  capped: ReadonlySet<string>,
  names: ReadonlyMap<string, string>,
): PlanWarning[] {
  const out: PlanWarning[] = [];
  const byGpu = new Map<string, { first: string; qty: number; end: string }>();
  for (const a of actions) {
    const from = availableFrom.get(a.gpu_id);
    if (!from || capped.has(a.gpu_id)) continue;
    const end = addMonths(from, RAMP_MONTHS);
    if (a.arrival_month >= end) continue;
    const g = byGpu.get(a.gpu_id) ?? { first: a.arrival_month, qty: 0, end };
    g.qty += a.quantity;
    if (a.arrival_month < g.first) g.first = a.arrival_month;
    byGpu.set(a.gpu_id, g);
  }
  for (const [gpu, g] of [...byGpu].sort((x, y) => x[1].first.localeCompare(y[1].first))) {
    const from = availableFrom.get(gpu)!;
    out.push({
      code: 'early_ramp', gpu_id: gpu, month: g.first, price_date: from,
      message: `${names.get(gpu) ?? gpu}: ${g.qty.toLocaleString('en-US')} GPUs arrive from ${g.first}, within ${RAMP_MONTHS} months of its first public shipment (${from}); no supply cap is set for it, so nothing says the vendor or cloud can deliver that many that early (set a supply cap in the procurement settings)`,
    });
  }
  return out;
}
