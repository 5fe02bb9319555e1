// Procurement step of the plan: turns the world's sites, inventory, price book (else the shipped
// public reference prices), tariffs, FX and the scenario's procurement settings into a plain
// ProcureInput; solves it with the injected solver (HiGHS in a worker); and applies the actions
// to the fleet so the timeline and burn reflect the plan.
import { FxTable } from '../money/fx.js';
import { money, toDecimal } from '../money/money.js';
import { pickPrice, type PriceKind } from '../burn/price-rule.js';
import { SERVER_OVERHEAD } from '../power/power.js';
import type { Scenario } from '../demand/scenario.js';
import type { FleetEntry, PoolCapacity, TimelineResult } from '../timeline/index.js';
import { addMonths, monthIndex, type OptimiseOptions, type ProcureAction, type ProcureInput, type ProcureOffer, type ProcureResult } from '../procure/index.js';
import type { BurnItem } from '../burn/burn.js';
import { procureSettingsSchema, type ProcureSettings, type ProcureSettingsInput } from '../procure/settings.js';
import type { ReferenceOffer, World } from './world.js';
import { regionCompatible, regionTerms } from '../procure/regions.js';
import { tppOf, type GpuExportMetrics } from '../procure/rules.js';
import type { GpuSpec } from '../catalog.js';

const trimZeros = (d: string) => (d.includes('.') ? d.replace(/0+$/, '').replace(/\.$/, '') : d);

/** Safe utilisation assumed for a pool the timeline cannot size yet (no GPUs), a typical Erlang C value for a large fleet. */
export const ASSUMED_SAFE_UTILISATION = 0.85;
const WEEKS_PER_MONTH = 52 / 12;

export interface ProcureBuildArgs {
  scenario: Scenario;
  /** The pools' fleet as it is (inventory with shares), from the plan's inputs. */
  fleet: FleetEntry[];
  /** Timeline of the fleet as it is: peak demand and safe utilisation per pool and month. */
  det: TimelineResult;
  /** Per-GPU capacity per pool for every candidate GPU type (capacity engine). */
  capacity: PoolCapacity[];
  /** What-if overrides on top of the stored settings. */
  overrides?: ProcureSettingsInput;
  /** Risk target (issue 12): per pool, per scenario month, the factor on the median need that
   *  reaches the service level (engine/montecarlo/risk.ts); absent = the median need. */
  demand_scale?: Record<string, number[]>;
}

export interface BuiltProcureInput { input: ProcureInput; settings: ProcureSettings; notes: string[] }

function sitesOfScenario(w: World, s: Scenario): string[] {
  const clusters = new Map(w.clusters.map((c) => [c.id, c]));
  const out = new Set<string>();
  for (const p of s.pools) for (const ref of p.clusters) { const c = clusters.get(ref.cluster_id); if (c) out.add(c.site); }
  return [...out].sort();
}

/** GPU types the optimiser may add: every type with a price (book or reference), unless listed. */
export function candidateGpus(w: World, settings: ProcureSettings): string[] {
  const ids = new Set<string>();
  for (const r of w.price_book) ids.add(r.gpu_id);
  for (const r of w.reference.procure) ids.add(r.gpu_id);
  const known = new Set(w.gpus.map((g) => g.id));
  let list = [...ids].filter((g) => known.has(g));
  if (settings.candidate_gpus) list = settings.candidate_gpus.filter((g) => known.has(g));
  return list.sort();
}

export function buildProcureInput(w: World, args: ProcureBuildArgs): BuiltProcureInput {
  const notes: string[] = [];
  const s = args.scenario;
  const settings = procureSettingsSchema.parse({ ...w.procure_settings, ...(args.overrides ?? {}) });
  const cur = s.currency;
  const start = settings.start_month ?? s.start_month;
  const months = s.horizon_months - Math.max(0, monthIndex(start) - monthIndex(s.start_month));
  const fx = new FxTable(w.fx, { beforeFirst: 'earliest' });
  const conv = (amount: string, from: string): string | null => {
    if (from === cur) return amount;
    try { return trimZeros(toDecimal(fx.convert(money(amount, from, 6), cur, start, 'half_even', 6))); } catch { return null; }
  };

  // GPUs.
  const gpuById = new Map(w.gpus.map((g) => [g.id, g]));
  const candidates = candidateGpus(w, settings);
  const capByPool = new Map(args.capacity.map((p) => [p.pool_id, p.by_gpu]));
  const refs = w.reference.procure;

  // Sites: the scenario's own (or the settings' list). A site whose clusters are all cloud is a cloud region.
  const clusters = w.clusters;
  const siteNames = settings.sites ?? sitesOfScenario(w, s);
  const allSites = w.sites;
  const siteCosts = new Map(w.site_costs.map((c) => [c.site, c]));
  const tariffs = w.tariffs;
  const sites: ProcureInput['sites'] = [];
  for (const name of siteNames) {
    const site = allSites.find((x) => x.name === name);
    if (!site) { notes.push(`site ${name} does not exist and was left out`); continue; }
    const own = clusters.filter((c) => c.site === name);
    const cloud = own.length > 0 && own.every((c) => c.mode === 'cloud');
    const sc = siteCosts.get(name);
    const t = tariffs.filter((x) => x.site_id === site.id && x.effective_from <= `${start}-31`).sort((a, b) => (a.effective_from < b.effective_from ? 1 : -1))[0];
    let elec: string | undefined;
    if (t) {
      const flat = t.kind === 'flat' ? t.price_per_kwh : t.bands ? String((t.bands as { price_per_kwh: string; from_hour: number; to_hour: number }[]).reduce((a, b) => a + Number(b.price_per_kwh) * (((b.to_hour - b.from_hour) + 24) % 24 || 24), 0) / 24) : null;
      if (flat) elec = conv(flat, t.currency) ?? undefined;
      if (flat && elec === undefined) notes.push(`site ${name}: no FX ${t.currency}→${cur}; electricity left out`);
    }
    let hosting: string | undefined;
    if (sc?.hosting_per_kw_month && sc.hosting_currency) hosting = conv(sc.hosting_per_kw_month, sc.hosting_currency) ?? undefined;
    const overhead = sc?.server_overhead ?? SERVER_OVERHEAD[sc?.server_type ?? 'hgx_8gpu']?.factor ?? 1.3;
    sites.push({
      id: name, country: site.country, cloud,
      power_limit_kw: cloud || site.power_limit_kw <= 0 ? null : site.power_limit_kw,
      pue: site.pue, server_overhead: overhead, electricity_per_kwh: elec, hosting_per_kw_month: hosting,
      max_servers: settings.max_servers[name] ?? null,
    });
    if (!cloud && site.power_limit_kw <= 0) notes.push(`site ${name}: no power limit given (0 = not modelled)`);
  }
  const hasCloudSite = sites.some((x) => x.cloud);
  if (settings.allow_cloud && !hasCloudSite) notes.push('cloud allowed, but the scenario has no cloud site: cloud modes are not offered');
  const ownedOnly = settings.modes && settings.modes.every((m) => m === 'buy' || m === 'lease');
  if (ownedOnly && !sites.some((x) => !x.cloud)) notes.push('no owned site: the scenario\'s sites are all cloud regions, so bought or leased GPUs have nowhere to go');

  // Offers: prices as of each arrival month (issue 12). Each month takes the price book's pick
  // valid in that month; where the book has none that month, the public reference price dated
  // for it (each dated price holds from its month until the next; the earliest also stands in
  // for months before it). Where neither has one before the book's first valid price, that price
  // stands in. Runs of months with the same price become one offer valid for those months; the
  // offer's price_date is the price's date, so a price from another year is warned about by date.
  const book = w.price_book;
  let offers: ProcureOffer[] = [];
  const leadFromRef = (gpu: string): number | undefined => {
    const l = refs.filter((r) => r.gpu_id === gpu && r.kind === 'lead').sort((a, b) => (a.date < b.date ? 1 : -1))[0];
    return l ? Math.ceil(Number(l.per_gpu) / WEEKS_PER_MONTH) : undefined;
  };
  const horizon = Array.from({ length: Math.max(1, months) }, (_, i) => addMonths(start, i));
  const last = horizon.length - 1;
  /** Runs of consecutive months with the same non-null key: [first index, last index, key]. */
  const runsOf = <K,>(keyAt: (i: number) => K | null, same: (a: K, b: K) => boolean): [number, number, K][] => {
    const out: [number, number, K][] = [];
    for (let i = 0; i <= last; i++) {
      const k = keyAt(i);
      if (k === null) continue;
      const prev = out[out.length - 1];
      if (prev && prev[1] === i - 1 && same(prev[2], k)) prev[1] = i; else out.push([i, i, k]);
    }
    return out;
  };
  const bounds = (i: number, j: number) => ({ valid_from: i === 0 ? null : horizon[i], valid_to: j === last ? null : horizon[j] });
  type Mode = ProcureOffer['mode'];
  const ALL_MODES: Mode[] = ['buy', 'lease', 'cloud_on_demand', 'cloud_reserved'];
  /** One GPU's offers for the given modes from these book rows and reference prices; `site` binds them to one site. */
  const offersOf = (g: string, book: typeof w.price_book, refs: ReferenceOffer[], modes: Mode[], site?: string): ProcureOffer[] => {
    const offers: ProcureOffer[] = [];
    const bind = site === undefined ? {} : { site };
    const refKinds = new Set<string>(refs.filter((r) => r.gpu_id === g).map((r) => r.kind));
    const covered = new Map<string, boolean[]>();
    const tries: [ProcureOffer['mode'], PriceKind[]][] = [['buy', ['gpu', 'server']], ['lease', ['lease_month']], ['cloud_on_demand', ['cloud_hour']]];
    for (const [mode, kinds] of tries) {
      if (!modes.includes(mode)) continue;
      if (!book.some((r) => r.gpu_id === g && kinds.includes(r.kind))) continue;
      const picks = horizon.map((m) => pickPrice(book, { gpu_id: g, kinds, month: m, fx, compare_currency: cur }));
      const first = picks.findIndex((x) => x !== null);
      const stoodIn = picks.map(() => false);
      // No reference price for the mode: the book's first price (in or after the horizon) stands in before it.
      if (!refKinds.has(mode)) {
        let standIn = first >= 0 ? picks[first] : null;
        if (!standIn) {
          const later = book.filter((r) => r.gpu_id === g && kinds.includes(r.kind) && r.valid_from.slice(0, 7) > horizon[last]).sort((x, y) => (x.valid_from < y.valid_from ? -1 : 1))[0];
          standIn = later ? pickPrice(book, { gpu_id: g, kinds, month: later.valid_from.slice(0, 7), fx, compare_currency: cur }) : null;
        }
        for (let i = 0; i < (first >= 0 ? first : picks.length) && standIn; i++) { picks[i] = standIn; stoodIn[i] = true; }
      }
      covered.set(mode, picks.map((x) => x !== null));
      const keyed = picks.map((p, i) => (p ? { p, stood: stoodIn[i] } : null));
      for (const [i, j, { p: pick, stood }] of runsOf((i) => keyed[i], (x, y) => x.p.row.id === y.p.row.id && x.p.per_gpu === y.p.per_gpu && x.stood === y.stood)) {
        const price = conv(pick.per_gpu, pick.row.currency);
        if (price === null) { notes.push(`${g} ${mode}: price in ${pick.row.currency} has no FX rate to ${cur}; left out`); continue; }
        const row = pick.row as (typeof book)[number];
        offers.push({
          gpu_id: g, mode, ...bind, unit_price: price, currency: cur,
          lead_months: mode === 'cloud_on_demand' ? 0 : row.lead_time_weeks !== null ? Math.ceil(row.lead_time_weeks / WEEKS_PER_MONTH) : undefined,
          term_months: mode === 'lease' ? settings.lease_term_months : undefined,
          min_qty: row.min_qty ?? undefined,
          source: `price book: ${row.vendor || 'list ' + String(row.list_id)} (${row.currency} ${pick.per_gpu}, ${pick.reason}, valid from ${row.valid_from}${site !== undefined && row.region ? `, ${row.region}` : ''})`,
          ...bounds(i, j),
          // Dated only where it stands in for months it is not valid in (the plan warns by this date).
          ...(stood ? { price_date: row.valid_from } : {}),
        });
      }
    }
    // Public reference prices for the months the book does not cover, cheapest in our currency.
    for (const kind of ['buy', 'cloud_on_demand', 'cloud_reserved'] as const) {
      if (!modes.includes(kind)) continue;
      const cov = covered.get(kind);
      const rows = refs.filter((r) => r.gpu_id === g && r.kind === kind);
      const byTerm = new Map<number, ReferenceOffer[]>();
      for (const r of rows) { const k = r.term ?? 0; byTerm.set(k, [...(byTerm.get(k) ?? []), r]); }
      for (const [term, list] of [...byTerm].sort((a, b) => a[0] - b[0])) {
        const dates = [...new Set(list.map((r) => r.date.slice(0, 7)))].filter((d) => /^\d{4}-\d{2}$/.test(d)).sort();
        const best = dates.map((d) => list.filter((r) => r.date.startsWith(d)).map((r) => ({ r, p: conv(r.per_gpu, r.currency) }))
          .filter((x): x is { r: ReferenceOffer; p: string } => x.p !== null).sort((x, y) => Number(x.p) - Number(y.p))[0] ?? null);
        // The dated price in force in month i: the latest dated on or before it, else the earliest.
        const at = (i: number): number | null => {
          if (cov?.[i]) return null;
          let k = -1;
          for (let d = 0; d < dates.length; d++) if (dates[d] <= horizon[i] && best[d]) k = d;
          if (k < 0) k = best.findIndex((x) => x !== null);
          return k < 0 ? null : k;
        };
        for (const [i, j, k] of runsOf(at, (x, y) => x === y)) {
          const b = best[k]!;
          offers.push({
            gpu_id: g, mode: kind, ...bind, unit_price: b.p, currency: cur,
            lead_months: kind === 'buy' ? leadFromRef(g) : 0,
            term_months: kind === 'cloud_reserved' ? term : undefined,
            source: `public reference price (${b.r.date}, ${b.r.currency} ${b.r.per_gpu} per GPU${kind === 'buy' ? '' : '-hour'}${site !== undefined && b.r.region ? `, ${b.r.region}` : ''}): ${b.r.source}`,
            ...bounds(i, j),
            price_date: b.r.date,
          });
        }
      }
    }
    return offers;
  };
  // Cloud regions (issue 20, engine/procure/regions.ts): when any cloud site restricts where it may
  // rent, cloud offers are made per cloud site from the prices listed in a compatible region only.
  const cloudRule = new Map(sites.filter((x) => x.cloud).map((x) => [x.id, siteCosts.get(x.id)?.cloud_region ?? null]));
  const restricted = [...cloudRule.values()].some((r) => regionTerms(r).length > 0);
  const isCloudKind = (k: string) => k === 'cloud_hour' || k === 'cloud_on_demand' || k === 'cloud_reserved';
  for (const g of candidates) {
    const gpu = gpuById.get(g);
    if (!gpu) continue;
    if (!restricted) { offers.push(...offersOf(g, book, refs, ALL_MODES)); continue; }
    offers.push(...offersOf(g, book, refs, ['buy', 'lease']));
    for (const [site, rule] of cloudRule) {
      const bookHere = book.filter((r) => r.gpu_id !== g || !isCloudKind(r.kind) || regionCompatible(rule, r.region));
      const refsHere = refs.filter((r) => r.gpu_id !== g || !isCloudKind(r.kind) || regionCompatible(rule, r.region));
      offers.push(...offersOf(g, bookHere, refsHere, ['cloud_on_demand', 'cloud_reserved'], site));
    }
  }
  if (restricted) {
    for (const [site, rule] of cloudRule) {
      if (regionTerms(rule).length && !offers.some((o) => o.site === site)) notes.push(`site ${site}: no cloud price in a region compatible with "${rule}"; nothing can be rented there`);
    }
  }

  if (settings.modes) {
    const allowed = new Set<string>(settings.modes);
    const dropped = offers.filter((o) => !allowed.has(o.mode)).length;
    offers = offers.filter((o) => allowed.has(o.mode));
    if (dropped) notes.push(`acquisition limited to ${settings.modes.join(', ')}: ${dropped} other offer(s) left out`);
  }
  if (offers.length === 0) notes.push('no prices: import a price list (Prices page) so the optimiser has something to buy');

  // Pools: need from the timeline of the fleet as it is; per-GPU capacity from the engine × availability.
  const pools: ProcureInput['pools'] = [];
  const offset = monthIndex(start) - monthIndex(s.start_month);
  for (const p of s.pools) {
    const by = capByPool.get(p.id) ?? {};
    const avail = p.availability.value;
    const rhoSeen = args.det.months.map((m) => m.pools.find((x) => x.pool_id === p.id)?.safe_utilisation ?? 0).filter((r) => r > 0);
    const rhoFallback = rhoSeen.length ? Math.max(...rhoSeen) : ASSUMED_SAFE_UTILISATION;
    if (!rhoSeen.length) notes.push(`pool ${p.id}: no GPUs yet; safe utilisation ${ASSUMED_SAFE_UTILISATION} assumed`);
    const capacity_per_gpu: Record<string, number> = {};
    for (const g of candidates) {
      if (p.model_id === null) { capacity_per_gpu[g] = avail; continue; } // GPU-seconds per second
      const c = by[g];
      if (c && c.feasible && c.output_tokens_per_s_per_gpu > 0) capacity_per_gpu[g] = c.output_tokens_per_s_per_gpu * avail;
    }
    for (const f of args.fleet.filter((f) => f.pool_id === p.id)) {
      const c = by[f.gpu_id];
      if (capacity_per_gpu[f.gpu_id] === undefined && c && c.feasible) capacity_per_gpu[f.gpu_id] = p.model_id === null ? avail : c.output_tokens_per_s_per_gpu * avail;
    }
    const peak: number[] = [];
    for (let m = 0; m < months; m++) {
      const pm = args.det.months[m + offset]?.pools.find((x) => x.pool_id === p.id);
      if (!pm) { peak.push(0); continue; }
      const rho = pm.safe_utilisation > 0 ? pm.safe_utilisation : rhoFallback;
      const perGpu = pm.gpus_up > 0 ? pm.capacity_output_tokens_per_s / pm.gpus_up : Math.max(0, ...Object.values(capacity_per_gpu));
      // Media GPU time in an LLM pool is turned into tokens/s at the pool's mean GPU rate.
      const need = p.model_id === null ? pm.peak_media_gpu_s_per_s : pm.peak_output_tokens_per_s + pm.peak_media_gpu_s_per_s * perGpu;
      peak.push((need / rho) * (args.demand_scale?.[p.id]?.[m + offset] ?? 1));
    }
    const ref = [...args.fleet.filter((f) => f.pool_id === p.id)].sort((a, b) => b.gpus - a.gpus)[0]?.gpu_id;
    pools.push({ id: p.id, peak_demand: peak, capacity_per_gpu, reference_gpu: ref && capacity_per_gpu[ref] ? ref : undefined });
  }

  // Inventory: each pool's share of each cluster, bound to that pool.
  const clusterById = new Map(clusters.map((c) => [c.id, c]));
  const inventory: ProcureInput['inventory'] = [];
  for (const f of args.fleet) {
    const c = f.cluster_id !== undefined ? clusterById.get(f.cluster_id) : undefined;
    const site = c?.site ?? siteNames[0];
    if (!sites.some((x) => x.id === site)) continue;
    inventory.push({ site, gpu_id: f.gpu_id, gpus: f.gpus, mode: c?.mode ?? 'buy', pool: f.pool_id, in_service_from: f.from, in_service_to: f.to });
  }

  // Budgets: per-quarter rows, and the what-if cap for every quarter of the horizon.
  const budgets = [...settings.budgets];
  if (settings.budget_cap && (settings.budget_cap.capex || settings.budget_cap.opex)) {
    for (let m = 0; m < months; m += 1) {
      const q = `${addMonths(start, m).slice(0, 4)}-Q${Math.floor((Number(addMonths(start, m).slice(5, 7)) - 1) / 3) + 1}`;
      if (budgets.some((b) => b.quarter === q)) continue;
      budgets.push({ quarter: q, capex: settings.budget_cap.capex ?? null, opex: settings.budget_cap.opex ?? null });
    }
  }

  const gpus: ProcureInput['gpus'] = [];
  for (const g of new Set([...candidates, ...args.fleet.map((f) => f.gpu_id)])) {
    const row = gpuById.get(g);
    if (!row) continue;
    if (row.tdp_w === null) notes.push(`${g}: no TDP in the catalog; 700 W assumed for power`);
    gpus.push({
      id: g, name: row.name.replace(/^(NVIDIA|AMD|Huawei|Intel)\s+/i, ''), tdp_w: row.tdp_w ?? 700, cn_export_status: row.cn_export_status,
      default_lead_months: settings.lead_months[g] ?? leadFromRef(g) ?? settings.default_lead_months, gpus_per_server: 8,
      available_from: row.available_from ?? null,
      ...(w.specs.gpus[g] ? { export_metrics: exportMetrics(w.specs.gpus[g]) } : {}),
    });
  }

  const input: ProcureInput = {
    start_month: start, months, currency: cur, headroom: settings.headroom, discount_rate: settings.discount_rate,
    ...(args.demand_scale ? { need_basis: `${Number((settings.service_level * 100).toFixed(1))} % service-level need` } : {}),
    allow_cloud: settings.allow_cloud, cn_licence_held: settings.cn_licence_held, banned_gpus: settings.banned_gpus,
    hardware_life_months: settings.hardware_life_months, granularity: 'auto',
    gpus, sites, pools, offers, inventory, supply_caps: settings.supply_caps, budgets,
    // Effective-dated export rules and licences (migration 0100); absent in older files (static status).
    ...(w.export_rules ? { export_rules: w.export_rules.rules, export_licences: w.export_rules.licences } : {}),
  };
  return { input, settings, notes };
}

/** The actions as fleet entries (per pool they serve), so the timeline runs with the plan applied. */
export function actionsToFleet(actions: ProcureAction[]): FleetEntry[] {
  const out: FleetEntry[] = [];
  for (const a of actions) {
    const last = a.mode === 'buy' ? null : addMonths(a.arrival_month, (a.term_months ?? 1) - 1);
    if (a.pools_by_period?.length) {
      // The plan's own allocation period by period (the last period runs on to the line's end).
      a.pools_by_period.forEach((seg, k) => {
        const to = k === a.pools_by_period!.length - 1 ? last : seg.to;
        for (const [pool, n] of Object.entries(seg.pools)) if (n > 0) out.push({ pool_id: pool, gpu_id: a.gpu_id, gpus: n, from: seg.from, to });
      });
      continue;
    }
    for (const [pool, n] of Object.entries(a.pools)) if (n > 0) out.push({ pool_id: pool, gpu_id: a.gpu_id, gpus: n, from: a.arrival_month, to: last });
  }
  return out;
}

export type ProcureSolve = (input: ProcureInput, opts: OptimiseOptions) => Promise<ProcureResult>;

export interface ProcureOutcome {
  result: ProcureResult;
  input: ProcureInput;
  settings: ProcureSettings;
  notes: string[];
  /** Fleet entries for the planned arrivals. */
  additions: FleetEntry[];
}

export async function runProcurement(w: World, args: ProcureBuildArgs, solve: ProcureSolve): Promise<ProcureOutcome> {
  const built = buildProcureInput(w, args);
  const result = await solve(built.input, { time_limit: built.settings.time_limit_s, mip_rel_gap: built.settings.mip_gap });
  return { result, input: built.input, settings: built.settings, notes: built.notes, additions: actionsToFleet(result.actions) };
}

/**
 * The actions as burn items (engine/burn BurnItem shape), so the plan's burn can count what
 * the plan orders: pass them as `extra_items` to burnOfWorld (engine/plan/burn-input.ts).
 */
export function actionsToBurnItems(actions: ProcureAction[], usefulLifeMonths = 60): BurnItem[] {
  return actions.map((a, i) => ({
    id: `plan-${i + 1}`,
    site: a.site,
    gpu_id: a.gpu_id,
    count: a.quantity,
    mode: a.mode,
    unit_price: a.unit_price,
    currency: a.currency,
    in_service_from: a.arrival_month,
    in_service_to: a.mode === 'buy' ? null : addMonths(a.arrival_month, (a.term_months ?? 1) - 1),
    paid_month: a.mode === 'buy' ? a.arrival_month : null,
    useful_life_months: a.mode === 'buy' ? usefulLifeMonths : undefined,
    term_months: a.mode === 'lease' || a.mode === 'cloud_reserved' ? a.term_months ?? null : null,
    ...(a.price_steps?.length ? { price_steps: a.price_steps } : {}),
  }));
}

/** The catalog figures export rules written as performance classes are judged by. */
function exportMetrics(s: GpuSpec): GpuExportMetrics {
  return { tpp: tppOf(s), io_gbs: s.interconnect_bytes_s !== null ? s.interconnect_bytes_s / 1e9 : null, domestic: s.cn_export_status === 'domestic' };
}
