// The burn engine's input from the planner's world: sites, tariffs, FX, fixed items, cluster
// cost terms, the price book (else the shipped reference prices), then the pure burn engine.
import { computeBurn, monthRange, pickPrice, validInMonth, type BurnInput, type BurnItem, type BurnResult, type BurnView, type PriceKind } from '../burn/index.js';
import { bandsToHourly, type TariffSpec } from '../power/tariff.js';
import { SERVER_OVERHEAD } from '../power/power.js';
import { burnBySite, type BurnSiteTotal } from '../burn/by-site.js';
import { FxTable } from '../money/fx.js';
import { money, toDecimal } from '../money/money.js';
import type { World } from './world.js';
import { priceFromOtherDate, type PlanWarning } from './warnings.js';
import { regionCompatible, regionTerms } from '../procure/regions.js';

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
  /** Only these clusters, each with the share of its GPUs to count (a scenario's pools). */
  clusters?: Map<number, number>;
  /** Depreciation life of purchases without their own (the plan's one hardware life). */
  default_useful_life_months?: number;
}

const KINDS: Record<BurnItem['mode'], PriceKind[]> = {
  buy: ['gpu', 'server'], lease: ['lease_month'], cloud_on_demand: ['cloud_hour'], cloud_reserved: ['cloud_hour'],
};

/** The price a cluster was charged at and where it came from (the audit trail of a burn). */
export interface AppliedPrice {
  cluster_id: number;
  site: string;
  gpu_id: string;
  mode: BurnItem['mode'];
  gpus: number;
  /** Per GPU (buy), per GPU-month (lease) or per GPU-hour (cloud), in `currency`. */
  unit_price: string;
  currency: string;
  source: 'cluster' | 'price_book' | 'reference' | 'none';
  detail: string;
}

export function loadBurnInput(w: World, req: BurnRequest): { input: BurnInput; notes: string[]; applied: AppliedPrice[]; warnings: PlanWarning[] } {
  const notes: string[] = [];
  const warnings: PlanWarning[] = [];
  const applied: AppliedPrice[] = [];
  const months = monthRange(req.start_month, req.months);
  const fxRows = w.fx;
  const fx = new FxTable(fxRows, { beforeFirst: 'earliest' });
  const costs = new Map(w.cluster_costs.map((c) => [c.cluster_id, c]));
  const allBook = w.price_book;
  const allReference = w.reference.burn;
  const items: BurnItem[] = [];
  // A site's cloud-region setting (site_costs.cloud_region, migration 0230) restricts the cloud
  // prices its clusters are charged at, as the optimiser's offers are (engine/procure/regions.ts):
  // a cloud price listed in an incompatible region is not used (a pinned row still is).
  const cloudRule = new Map(w.site_costs.map((s) => [s.site_id, s.cloud_region ?? null]));
  for (const c of w.clusters) {
    const share = req.clusters ? req.clusters.get(c.id) : 1;
    if (share === undefined || share <= 0) continue;
    const count = Math.round(c.gpus * Math.min(1, share));
    const cc = costs.get(c.id);
    const mode: BurnItem['mode'] = c.mode === 'cloud' ? (cc?.cloud_pricing === 'reserved' ? 'cloud_reserved' : 'cloud_on_demand') : c.mode;
    const from = c.in_service_from ?? req.start_month;
    const rule = mode.startsWith('cloud') ? cloudRule.get(c.site_id) ?? null : null;
    const restricted = regionTerms(rule).length > 0;
    const here = <R extends { id: number | string; kind: string; region?: string | null }>(rows: readonly R[]): R[] => (restricted
      ? rows.filter((r) => r.kind !== 'cloud_hour' || r.id === cc?.pinned_price_row || regionCompatible(rule, r.region))
      : rows as R[]);
    const book = here(allBook);
    const reference = here(allReference);
    if (restricted) {
      const away = allBook.filter((r) => r.gpu_id === c.gpu_id && r.kind === 'cloud_hour').length - book.filter((r) => r.gpu_id === c.gpu_id && r.kind === 'cloud_hour').length;
      const awayRef = allReference.filter((r) => r.gpu_id === c.gpu_id && r.kind === 'cloud_hour').length - reference.filter((r) => r.gpu_id === c.gpu_id && r.kind === 'cloud_hour').length;
      if (away + awayRef > 0) notes.push(`cluster ${c.id} (${c.site}, ${c.gpu_id}): cloud prices restricted to the site's cloud region "${rule}"; ${away + awayRef} price(s) listed in other regions not used`);
    }
    if (!c.in_service_from) notes.push(`cluster ${c.id} (${c.site}, ${c.gpu_id}): no in-service date; counted from ${req.start_month}`);
    let unit_price = c.unit_cost;
    let currency = c.currency;
    const perUnit = mode === 'lease' ? '-month' : mode.startsWith('cloud') ? '-hour' : '';
    let source: AppliedPrice['source'] = 'cluster';
    let detail = 'unit cost entered on the cluster';
    let refPool: typeof reference = [];
    if (unit_price === null || currency === null) {
      const pick = pickPrice(book, {
        gpu_id: c.gpu_id, kinds: KINDS[mode], month: from, pinned_row_id: cc?.pinned_price_row ?? null, fx, compare_currency: req.currency,
      });
      if (pick) {
        unit_price = pick.per_gpu;
        currency = pick.row.currency;
        source = 'price_book';
        detail = `${pick.row.vendor || 'list ' + String(pick.row.list_id)}, price list ${String(pick.row.list_id)} item ${String(pick.row.id)}, valid from ${pick.row.valid_from} (${pick.reason} of ${pick.candidates})`;
        notes.push(`cluster ${c.id} (${c.site}, ${c.gpu_id}): ${pick.row.currency} ${pick.per_gpu} per GPU${perUnit} from the price book (${pick.reason}, ${pick.row.vendor || 'list ' + String(pick.row.list_id)}, valid from ${pick.row.valid_from})`);
      } else if (reference.length) {
        // Public reference prices as of the month (issue 12), as the optimiser reads them: each
        // provider's latest price dated on or before the month, the cheapest of those; where none
        // is dated that early, the earliest dated stand in (and a warning names the date). A
        // provider named in the site or cluster is preferred.
        const hint = `${c.site} ${c.notes}`.toLowerCase();
        const rows = reference.filter((r) => r.gpu_id === c.gpu_id && KINDS[mode].includes(r.kind));
        const named = rows.filter((r) => r.vendor && hint.includes(r.vendor.toLowerCase()));
        const dated = named.length ? named : rows;
        const firstDate = dated.reduce((m, r) => (r.valid_from < m ? r.valid_from : m), '9999-12-31');
        refPool = dated.some((r) => validInMonth(r, from)) ? dated : dated.filter((r) => r.valid_from.slice(0, 7) === firstDate.slice(0, 7)).map((r) => ({ ...r, valid_from: '1970-01-01' }));
        const pool = refPool;
        const pick = pickPrice(pool, { gpu_id: c.gpu_id, kinds: KINDS[mode], month: from, fx, compare_currency: req.currency });
        if (pick) {
          unit_price = pick.per_gpu;
          currency = pick.row.currency;
          const orig = rows.find((r) => r.id === pick.row.id)!;
          const why = named.length ? ', provider named in the site/cluster' : ', cheapest listed';
          source = 'reference';
          detail = `public reference: ${orig.vendor}, db/seed/${String(orig.list_id)}, dated ${orig.valid_from}${why}`;
          notes.push(`cluster ${c.id} (${c.site}, ${c.gpu_id}): not in the price book; public reference price ${pick.row.currency} ${pick.per_gpu} per GPU${perUnit} (${orig.vendor}, ${orig.list_id}, dated ${orig.valid_from}${why})`);
          if (priceFromOtherDate(orig.valid_from, from)) {
            warnings.push({ code: 'reference_price_other_date', cluster_id: c.id, site: c.site, gpu_id: c.gpu_id, month: from, price_date: orig.valid_from, message: `cluster ${c.id} (${c.site}, ${c.gpu_id}): priced from ${from} at the public reference price dated ${orig.valid_from} (${pick.row.currency} ${pick.per_gpu} per GPU${perUnit}); no price valid in ${from}` });
          }
        }
      }
      if (unit_price === null || currency === null) {
        unit_price = '0';
        currency = req.currency;
        source = 'none';
        const inRegion = restricted ? ` in a region compatible with "${rule}"` : '';
        detail = `no unit cost and no price-book row valid in ${from}${inRegion}: counted as 0`;
        notes.push(`cluster ${c.id} (${c.site}, ${c.gpu_id}): no unit cost and no price-book row valid in ${from}${inRegion}; its ${mode} cost is counted as 0`);
        warnings.push({
          code: mode === 'lease' ? 'lease_without_rate' : 'zero_unit_cost', cluster_id: c.id, site: c.site, gpu_id: c.gpu_id, month: from,
          message: mode === 'lease'
            ? `cluster ${c.id} (${c.site}, ${c.gpu_id}): lease without a rate (none entered, none in the price book): counted as 0`
            : `cluster ${c.id} (${c.site}, ${c.gpu_id}): no unit cost and no price valid in ${from}${inRegion}: its ${mode} cost is counted as 0`,
        });
      }
    }
    // Leases and cloud priced from the book: the rate as of each month (issue 12), not only the first month's.
    const price_steps: { from: string; unit_price: string }[] = [];
    if ((source === 'price_book' || source === 'reference') && mode !== 'buy') {
      const stepRows = source === 'price_book' ? book : refPool;
      let prev = unit_price;
      for (const m of months) {
        if (m <= from || (c.in_service_to && m > c.in_service_to)) continue;
        const pk = pickPrice(stepRows, { gpu_id: c.gpu_id, kinds: KINDS[mode], month: m, pinned_row_id: source === 'price_book' ? cc?.pinned_price_row ?? null : null, fx, compare_currency: req.currency });
        if (!pk) continue; // expired with nothing later: the last rate goes on
        let rate = pk.per_gpu;
        if (pk.row.currency !== currency) {
          try { rate = toDecimal(fx.convert(money(pk.per_gpu, pk.row.currency, 8), currency, m, 'half_even', 8)); } catch { continue; }
        }
        if (rate !== prev) {
          price_steps.push({ from: m, unit_price: rate });
          notes.push(`cluster ${c.id} (${c.site}, ${c.gpu_id}): ${currency} ${rate} per GPU${perUnit} from ${m} (${source === 'price_book' ? 'price book' : 'public reference'}, ${pk.row.vendor || 'list ' + String(pk.row.list_id)}, ${source === 'price_book' ? 'valid from' : 'dated'} ${pk.row.valid_from})`);
          prev = rate;
        }
      }
    }
    applied.push({ cluster_id: c.id, site: c.site, gpu_id: c.gpu_id, mode, gpus: count, unit_price, currency, source, detail });
    items.push({
      id: String(c.id), site: c.site, gpu_id: c.gpu_id, count, mode, unit_price, currency,
      in_service_from: from, in_service_to: c.in_service_to,
      paid_month: cc?.paid_month ?? null, useful_life_months: cc?.useful_life_months ?? undefined,
      residual_value: cc?.residual_value ?? undefined, term_months: cc?.term_months ?? null, server_type: cc?.server_type ?? null,
      ...(price_steps.length ? { price_steps } : {}),
    });
  }
  for (const x of req.extra_items ?? []) items.push(x);
  // Owned sites (bought or leased GPUs) with no hosting cost or no tariff: a zero in the total.
  const owned = new Set(items.filter((it) => it.count > 0 && (it.mode === 'buy' || it.mode === 'lease')).map((it) => it.site));
  for (const site of [...owned].sort()) {
    const sc = w.site_costs.find((x) => x.site === site);
    if (!sc || !sc.hosting_per_kw_month || Number(sc.hosting_per_kw_month) === 0) {
      warnings.push({ code: 'site_without_hosting', site, message: `site ${site}: no hosting cost per kW entered; its hosting is counted as 0` });
    }
    if (!w.tariffs.some((t) => t.site === site)) {
      warnings.push({ code: 'site_without_tariff', site, message: `site ${site}: no electricity tariff; its electricity is counted as 0` });
    }
  }

  const tariffs = w.tariffs;
  const sites = w.site_costs.map((s) => {
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
  for (const g of w.gpus) gpus[g.id] = { tdp_w: g.tdp_w };
  const fixed = w.fixed.map((f) => ({ name: f.name, amount_per_month: f.amount_per_month, currency: f.currency, from: f.from_month, to: f.to_month }));

  return {
    input: {
      months, currency: req.currency, view: req.view, items, sites, gpus, fixed, fx: fxRows,
      utilisation: req.utilisation, default_utilisation: req.default_utilisation, diurnal: req.diurnal, served: req.served,
      ...(req.default_useful_life_months ? { default_useful_life_months: req.default_useful_life_months } : {}),
    },
    notes,
    applied,
    warnings,
  };
}

/** The burn of the world's fleet, with each site's totals and each cluster's applied price. */
export function burnOfWorld(w: World, req: BurnRequest): BurnResult & { site_totals: BurnSiteTotal[]; applied: AppliedPrice[]; warnings: PlanWarning[] } {
  const { input, notes, applied, warnings } = loadBurnInput(w, req);
  const r = computeBurn(input);
  return { ...r, notes: [...notes, ...r.notes], site_totals: burnBySite(r), applied, warnings };
}
