// Reads sites, tariffs, FX, fixed items, cluster cost terms and the price book from the
// database into the pure burn engine's input (engine/burn), and runs it.
import type { ReadableDB } from '../store/handles.js';
import { listClusters, listGpus } from '../store/inventory.js';
import { listClusterCosts, listFixedCosts, listFx, listSiteCosts, listTariffs, readPriceBook } from '../store/money.js';
import { computeBurn, monthRange, pickPrice, type BurnInput, type BurnItem, type BurnResult, type BurnView, type PriceKind, type PriceRow } from '../engine/burn/index.js';
import { bandsToHourly, type TariffSpec } from '../engine/power/tariff.js';
import { SERVER_OVERHEAD } from '../engine/power/power.js';
import { FxTable } from '../engine/money/fx.js';

/** Local time − UTC by country, used when a site does not say (the tariff bands are local). */
export const DEFAULT_UTC_OFFSET: Readonly<Record<string, number>> = Object.freeze({
  CN: 8, HK: 8, SG: 8, TW: 8, JP: 9, KR: 9, IN: 5, AE: 4, SA: 3, DE: 1, FR: 1, NL: 1, SE: 1, FI: 2, IE: 0, GB: 0, US: -5, CA: -5,
});

export interface BurnRequest {
  start_month: string;
  months: number;
  currency: string;
  view: BurnView;
  /** Average utilisation per site name per month. */
  utilisation?: Record<string, number[]>;
  default_utilisation?: number | number[];
  /** 24 UTC-hour weights (a scenario's diurnal profile). */
  diurnal?: number[];
  served?: BurnInput['served'];
  /** More fleet (e.g. planned procurement actions), in the engine's own shape. */
  extra_items?: BurnItem[];
}

const KINDS: Record<BurnItem['mode'], PriceKind[]> = {
  buy: ['gpu', 'server'], lease: ['lease_month'], cloud_on_demand: ['cloud_hour'], cloud_reserved: ['cloud_hour'],
};

export function loadBurnInput(db: ReadableDB, req: BurnRequest): { input: BurnInput; notes: string[] } {
  const notes: string[] = [];
  const months = monthRange(req.start_month, req.months);
  const fxRows = listFx(db).map((r) => ({ base: r.base, quote: r.quote, rate: r.rate, effective_from: r.effective_from, source: r.source }));
  const fx = new FxTable(fxRows, { beforeFirst: 'earliest' });
  const costs = new Map(listClusterCosts(db).map((c) => [c.cluster_id, c]));
  const book: PriceRow[] = readPriceBook(db).map((r) => ({ ...r, kind: r.kind as PriceKind }));

  const items: BurnItem[] = [];
  for (const c of listClusters(db)) {
    const cc = costs.get(c.id);
    const mode: BurnItem['mode'] = c.mode === 'cloud' ? (cc?.cloud_pricing === 'reserved' ? 'cloud_reserved' : 'cloud_on_demand') : c.mode;
    const from = c.in_service_from ?? req.start_month;
    if (!c.in_service_from) notes.push(`cluster ${c.id} (${c.site}, ${c.gpu_id}): no in-service date; counted from ${req.start_month}`);
    let unit_price = c.unit_cost;
    let currency = c.currency;
    if (unit_price === null || currency === null) {
      const pick = pickPrice(book, {
        gpu_id: c.gpu_id, kinds: KINDS[mode], month: from, pinned_row_id: cc?.pinned_price_row ?? null, fx, compare_currency: req.currency,
      });
      if (pick) {
        unit_price = pick.per_gpu;
        currency = pick.row.currency;
        notes.push(`cluster ${c.id} (${c.site}, ${c.gpu_id}): ${pick.row.currency} ${pick.per_gpu} per GPU${mode === 'lease' ? '-month' : mode.startsWith('cloud') ? '-hour' : ''} from the price book (${pick.reason}, ${pick.row.vendor || 'list ' + String(pick.row.list_id)}, valid from ${pick.row.valid_from})`);
      } else {
        unit_price = '0';
        currency = req.currency;
        notes.push(`cluster ${c.id} (${c.site}, ${c.gpu_id}): no unit cost and no price-book row valid in ${from}; its ${mode} cost is counted as 0`);
      }
    }
    items.push({
      id: String(c.id), site: c.site, gpu_id: c.gpu_id, count: c.gpus, mode, unit_price, currency,
      in_service_from: from, in_service_to: c.in_service_to,
      paid_month: cc?.paid_month ?? null, useful_life_months: cc?.useful_life_months ?? undefined,
      residual_value: cc?.residual_value ?? undefined, term_months: cc?.term_months ?? null, server_type: cc?.server_type ?? null,
    });
  }
  for (const x of req.extra_items ?? []) items.push(x);

  const tariffs = listTariffs(db);
  const sites = listSiteCosts(db).map((s) => {
    const own = tariffs.filter((t) => t.site_id === s.site_id).map((t): TariffSpec => ({
      effective_from: t.effective_from, currency: t.currency, kind: t.kind,
      price_per_kwh: t.price_per_kwh ?? undefined,
      hourly: t.kind === 'tou' && t.bands ? bandsToHourly(t.bands) : undefined,
      demand_charge_per_kw_month: t.demand_charge_per_kw_month, source: t.source,
    }));
    const off = s.utc_offset_hours ?? DEFAULT_UTC_OFFSET[s.country] ?? 0;
    if (s.utc_offset_hours === null && req.diurnal) notes.push(`site ${s.site}: time zone not set; assumed UTC${off >= 0 ? '+' : ''}${off} for ${s.country}`);
    return {
      id: s.site, pue: s.pue, server_overhead: s.server_overhead ?? SERVER_OVERHEAD[s.server_type]?.factor ?? null,
      hosting_per_kw_month: s.hosting_per_kw_month, hosting_currency: s.hosting_currency, tariffs: own, utc_offset_hours: off,
    };
  });
  const gpus: BurnInput['gpus'] = {};
  for (const g of listGpus(db)) gpus[g.id] = { tdp_w: g.tdp_w };
  const fixed = listFixedCosts(db).map((f) => ({ name: f.name, amount_per_month: f.amount_per_month, currency: f.currency, from: f.from_month, to: f.to_month }));

  return {
    input: {
      months, currency: req.currency, view: req.view, items, sites, gpus, fixed, fx: fxRows,
      utilisation: req.utilisation, default_utilisation: req.default_utilisation, diurnal: req.diurnal, served: req.served,
    },
    notes,
  };
}

export function burnFromDb(db: ReadableDB, req: BurnRequest): BurnResult {
  const { input, notes } = loadBurnInput(db, req);
  const r = computeBurn(input);
  return { ...r, notes: [...notes, ...r.notes] };
}
