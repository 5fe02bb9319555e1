// The plan's burn step: from the timeline's per-pool demand and capacity, each site's average
// utilisation per month (GPU-weighted over the pools its clusters serve; GPUs in no pool idle)
// and the output tokens served (demand capped at capacity, hour by hour over the diurnal
// profile), then the burn engine over the inventory, in the scenario's currency.
import type { TimelineResult } from '../timeline/index.js';
import type { Scenario } from '../demand/scenario.js';
import type { FleetEntry } from '../timeline/index.js';
import { BurnInputError, type BurnItem, type BurnParts, type BurnView } from '../burn/burn.js';
import type { ProcureAction } from '../procure/index.js';
import { FxMissingError } from '../money/fx.js';
import { MoneyError } from '../money/money.js';
import { TariffError } from '../power/tariff.js';
import { burnOfWorld, type AppliedPrice } from './burn-input.js';
import type { BurnSiteTotal } from '../burn/by-site.js';
import type { World } from './world.js';
import { priceFromOtherDate, type PlanWarning } from './warnings.js';
import { addMonths } from '../procure/index.js';

export interface PlanBurnMonth {
  burn: BurnParts | null;
  /** Per 1M output tokens served (capacity-capped). */
  cost_per_million_tokens: string | null;
  /** Per 1M tokens served, input + output. */
  cost_per_million_total_tokens?: string | null;
  energy_kwh?: number;
  tokens_per_mwh?: number | null;
  output_tokens?: number;
  served_output_tokens?: number;
  served_total_tokens?: number;
}

/** Planned procurement lines as burn items: bought GPUs are paid in the order month and
 * depreciate from arrival over the plan's one hardware life (the optimiser's residual uses the
 * same); leases and rentals run from arrival and end at their term, as in the capacity timeline. */
export function actionsToBurnItems(actions: readonly ProcureAction[], hardwareLifeMonths?: number): BurnItem[] {
  return actions.map((a, i) => ({
    id: `plan-${i + 1}`, site: a.site, gpu_id: a.gpu_id, count: a.quantity, mode: a.mode, unit_price: a.unit_price, currency: a.currency,
    in_service_from: a.arrival_month,
    in_service_to: a.mode === 'buy' ? null : addMonths(a.arrival_month, (a.term_months ?? 1) - 1),
    paid_month: a.order_month, term_months: a.term_months ?? null,
    ...(a.mode === 'buy' && hardwareLifeMonths ? { useful_life_months: hardwareLifeMonths } : {}),
  }));
}

export function planBurn(
  w: World, scenario: Scenario, fleet: FleetEntry[], det: TimelineResult, view: BurnView, actions: readonly ProcureAction[] = [],
  hardwareLifeMonths: number = w.procure_settings.hardware_life_months,
): { months: PlanBurnMonth[]; site_totals: BurnSiteTotal[]; applied: AppliedPrice[]; warnings: PlanWarning[] } {
  const months = det.months.map((m) => m.month);
  const profile = scenario.diurnal.profile;
  const peakShare = Math.max(...profile);
  const burst = scenario.diurnal.burst_factor.value;
  const all = w.clusters;
  const siteOf = new Map(all.map((c) => [c.id, c.site]));
  // The scenario's fleet: the clusters its pools use, each with the share of GPUs assigned.
  const shares = new Map<number, number>();
  for (const f of fleet) {
    const c = f.cluster_id === undefined ? undefined : all.find((x) => x.id === f.cluster_id);
    if (c && c.gpus > 0) shares.set(c.id, Math.min(1, (shares.get(c.id) ?? 0) + f.gpus / c.gpus));
  }
  const gpusAt = new Map<string, number[]>();   // site → the scenario's GPUs per month
  for (const c of all) {
    const share = shares.get(c.id);
    if (!share) continue;
    const row = gpusAt.get(c.site) ?? months.map(() => 0);
    months.forEach((mo, i) => { if ((!c.in_service_from || c.in_service_from <= mo) && (!c.in_service_to || c.in_service_to >= mo)) row[i] += c.gpus * share; });
    gpusAt.set(c.site, row);
  }
  const busy = new Map<string, number[]>();     // site → Σ GPUs × pool utilisation per month
  // Served tokens: Σ over the month's days of each day's own tokens (event days only on their
  // dates), hour by hour capped at capacity (the timeline's served_* totals).
  const served: number[] = det.months.map((m) => m.served_output_tokens);
  const servedTotal: number[] = det.months.map((m) => m.served_total_tokens);
  const fleetAvg: number[] = [];                // GPU-weighted utilisation of the whole fleet
  det.months.forEach((m, i) => {
    const poolU = new Map<string, number>();
    for (const p of m.pools) {
      let u = 0;
      for (const h of profile) {
        const share = h / (peakShare * burst);
        u += Math.min(1, p.utilisation * share);
      }
      poolU.set(p.pool_id, u / 24);
    }
    let g = 0, gu = 0;
    for (const f of fleet) {
      if ((f.from && f.from > m.month) || (f.to && f.to < m.month)) continue;
      g += f.gpus; gu += f.gpus * (poolU.get(f.pool_id) ?? 0);
    }
    fleetAvg.push(g > 0 ? Math.min(1, gu / g) : 0);
    for (const f of fleet) {
      const site = f.cluster_id === undefined ? undefined : siteOf.get(f.cluster_id);
      if (!site) continue;
      if ((f.from && f.from > m.month) || (f.to && f.to < m.month)) continue;
      const row = busy.get(site) ?? months.map(() => 0);
      row[i] += f.gpus * (poolU.get(f.pool_id) ?? 0);
      busy.set(site, row);
    }
  });
  const utilisation: Record<string, number[]> = {};
  for (const [site, g] of gpusAt) utilisation[site] = g.map((n, i) => (n > 0 ? Math.min(1, (busy.get(site)?.[i] ?? 0) / n) : 0));
  try {
    const r = burnOfWorld(w, {
      // Sites with only planned GPUs run at the fleet's average utilisation.
      start_month: months[0], months: months.length, currency: scenario.currency, view, utilisation, default_utilisation: fleetAvg,
      diurnal: profile, served: { output_tokens: served, total_tokens: servedTotal }, clusters: shares,
      extra_items: actionsToBurnItems(actions, hardwareLifeMonths), default_useful_life_months: hardwareLifeMonths,
    });
    // Planned lines priced with a dated reference price from another date (e.g. a 2026 list price in 2023).
    // One warning per type, mode and price date, naming the months it was applied to.
    const byPrice = new Map<string, ProcureAction[]>();
    for (const a of actions) {
      if (!a.price_date || !priceFromOtherDate(a.price_date, a.arrival_month)) continue;
      const k = `${a.gpu_id}|${a.mode}|${a.price_date}|${a.unit_price}`;
      byPrice.set(k, [...(byPrice.get(k) ?? []), a]);
    }
    const dated: PlanWarning[] = [...byPrice.values()].map((list) => {
      const a = list[0];
      const first = list.reduce((m, x) => (x.arrival_month < m ? x.arrival_month : m), a.arrival_month);
      const last = list.reduce((m, x) => (x.arrival_month > m ? x.arrival_month : m), a.arrival_month);
      const n = list.reduce((t, x) => t + x.quantity, 0);
      return {
        code: 'reference_price_other_date' as const, month: first, gpu_id: a.gpu_id, price_date: a.price_date!,
        message: `${n} × ${a.gpu_id} (${a.mode}) arriving ${first === last ? first : `${first}…${last}`}: priced at the ${a.price_source?.startsWith('price book') ? 'price-book price' : 'public reference price'} dated ${a.price_date} (${a.currency} ${a.unit_price}); no price valid in those months`,
      };
    });
    return {
      months: r.months.map((m, i) => ({
        // The served tokens the cost per 1M is divided by, so exports can show it as a formula.
        output_tokens: Math.round(served[i] ?? 0),
        served_output_tokens: Math.round(served[i] ?? 0),
        served_total_tokens: Math.round(servedTotal[i] ?? 0),
        burn: { total: m.total, depreciation: m.depreciation, lease: m.lease, cloud: m.cloud, electricity: m.electricity, hosting: m.hosting, fixed: m.fixed },
        cost_per_million_tokens: m.cost_per_million_tokens, cost_per_million_total_tokens: m.cost_per_million_total_tokens,
        energy_kwh: m.energy_kwh, tokens_per_mwh: m.tokens_per_mwh,
      })),
      site_totals: r.site_totals,
      applied: r.applied,
      warnings: [...r.warnings, ...dated, ...r.notes.map((n) => ({ code: 'note' as const, message: `burn: ${n}` }))],
    };
  } catch (e) {
    if (!(e instanceof FxMissingError || e instanceof BurnInputError || e instanceof TariffError || e instanceof MoneyError)) throw e;
    const msg = e.message;
    return { months: months.map(() => ({ burn: null, cost_per_million_tokens: null, cost_per_million_total_tokens: null })), site_totals: [], applied: [], warnings: [{ code: 'burn_not_computed', message: `burn: not computed: ${msg}` }] };
  }
}
