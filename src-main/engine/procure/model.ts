// Builds the procurement MILP as plain data (columns, rows) and writes it as CPLEX LP
// text for HiGHS. Decisions are indexed by ARRIVAL period: order month = arrival − lead,
// so lead times are exact and supply caps apply to the order month.
//
// Hard constraints: power, space, supply caps, budgets, minimum order quantities.
// The only slack is on capacity (penalised): every model is feasible, and a shortfall is
// explained afterwards by whichever hard limit made it unavoidable (explain.ts).
// Existing inventory over a limit shrinks what may be added to zero, never below.
import { buildPeriods, monthIndex, monthName, type Period } from './periods.js';
import type { AcquireMode, ProcureGpu, ProcureInput, ProcureOffer, ProcureSite } from './types.js';
import { licenceHeld, ruleInForce, staticCnCheck } from './rules.js';

/** Average calendar hours in a month (8766 h a year / 12): the one hours rule of the plan. */
export const HOURS_PER_MONTH = 730.5;
/** Calendar hours in a given month (YYYY-MM). */
export function hoursInMonth(abs: number): number {
  const y = Math.floor(abs / 12), m = abs - y * 12;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m];
  return days * 24;
}
const DEFAULT_OVERHEAD = 1.3;
const DEFAULT_LOAD = 0.7;

export interface AcqColumn {
  kind: 'acq';
  offer: number;
  site: string;
  gpu: string;
  mode: AcquireMode;
  /** Arrival period index. */
  period: number;
  /** Order month, relative to the start month. */
  orderRel: number;
  lead: number;
  leadSource: 'price_list' | 'gpu_default';
  /** GPUs per unit of the column (servers for buy/lease, 1 for cloud). */
  gpusPerUnit: number;
  /** Periods in which the column's GPUs are in service (counted for capacity). */
  active: number[];
  /** Months (relative) in which the GPUs are physically present (timeline, power). */
  presentFrom: number;
  presentTo: number; // inclusive
  term?: number;
  /** Undiscounted money per unit committed inside the horizon (capex + lease/cloud payments). */
  committed: number;
}
export interface SlackColumn { kind: 'slack'; pool: string; period: number }
export interface AllocColumn { kind: 'alloc'; period: number; site: string; gpu: string; pool: string }
export interface MoqColumn { kind: 'moq'; acq: number }
export type ColumnMeta = AcqColumn | SlackColumn | AllocColumn | MoqColumn;

export interface Column {
  name: string;
  lb: number;
  ub: number; // Infinity = none
  integer: boolean;
  binary: boolean;
  /** Objective coefficient: discounted cost (or penalty for slack). */
  obj: number;
  /** Objective part that is real money (penalties excluded). */
  cost: number;
  meta: ColumnMeta;
}

export type RowKind = 'capacity' | 'alloc' | 'power' | 'space' | 'supply' | 'capex' | 'opex' | 'moq_lo' | 'moq_hi';
export interface Row {
  name: string;
  kind: RowKind;
  sense: '>=' | '<=';
  rhs: number;
  terms: [number, number][]; // [column index, coefficient]
  /** Human context for explanations. */
  site?: string;
  pool?: string;
  gpu?: string;
  period?: number;
  quarter?: string;
  orderMonth?: number;
  /** The limit before subtracting existing inventory (power kW, servers, money). */
  limit?: number;
}

export interface ProcureModel {
  input: ProcureInput;
  periods: Period[];
  columns: Column[];
  rows: Row[];
  /** Capacity per pool per period from inventory dedicated to it or (single pool) from all inventory. */
  need: Record<string, number[]>; // per pool, per period: peak × (1 + headroom)
  existingCap: Record<string, number[]>;
  /** Inventory GPUs in service for the whole period, per period → site → gpu (not pool-bound). */
  freeInventory: Record<string, Record<string, number>>[];
  /** Pools that may use each (site, gpu). */
  multiPool: boolean;
  penalty: number;
  gpuById: Map<string, ProcureGpu>;
  siteById: Map<string, ProcureSite>;
  /** Per (site,gpu): why additions are not allowed there (export/ban/not yet shipped) in some period, if so. */
  blocked: Map<string, 'export' | 'banned' | 'unavailable'>;
}

/**
 * The price of an on-demand offer as of one month (issue 12): the sibling offer (same GPU type,
 * mode and site) whose validity covers that month, else the offer's own price. A rental that
 * runs over several months pays each month's price, not only its first month's.
 */
export function offerPriceAt(input: ProcureInput, offer: ProcureOffer, month: string): string {
  if (offer.mode !== 'cloud_on_demand') return offer.unit_price;
  const inside = (o: ProcureOffer) => (!o.valid_from || month >= o.valid_from) && (!o.valid_to || month <= o.valid_to);
  if (inside(offer)) return offer.unit_price;
  const sib = input.offers.filter((o) => o.gpu_id === offer.gpu_id && o.mode === offer.mode && (o.site ?? null) === (offer.site ?? null) && inside(o))
    .sort((a, b) => Number(a.unit_price) - Number(b.unit_price))[0];
  return sib ? sib.unit_price : offer.unit_price;
}

export function num(s: string | undefined | null, fallback = 0): number {
  if (s === undefined || s === null || s === '') return fallback;
  const n = Number(s);
  if (!Number.isFinite(n)) throw new Error(`not a number: "${s}"`);
  return n;
}

/**
 * Export rules: may GPUs of this type be ADDED at this site when ordered in `orderMonth`?
 * (existing inventory stays). With `input.export_rules` the rule in force that month decides
 * ('licence' needs a licence for the site and month, or cn_licence_held); without, the
 * catalog's static China status.
 */
export function additionAllowed(input: ProcureInput, site: ProcureSite, gpu: ProcureGpu, orderMonth?: string): 'ok' | 'export' | 'banned' {
  if ((input.banned_gpus ?? []).includes(gpu.id)) return 'banned';
  if (!input.export_rules) return staticCnCheck(site.country, gpu.cn_export_status, !!input.cn_licence_held);
  const month = orderMonth ?? input.start_month;
  const rule = ruleInForce(input.export_rules, site.country, gpu.id, month, gpu.export_metrics);
  if (!rule || rule.status === 'allowed') return 'ok';
  if (rule.status === 'banned') return 'export';
  return input.cn_licence_held || licenceHeld(input.export_licences ?? [], site.id, gpu.id, month) ? 'ok' : 'export';
}

export function siteWatts(site: ProcureSite, gpu: ProcureGpu): { itW: number; facilityW: number } {
  const itW = gpu.tdp_w * (site.server_overhead ?? DEFAULT_OVERHEAD);
  return { itW, facilityW: itW * site.pue };
}

/** Running cost per GPU-month at an owned site: electricity at the load factor plus hosting per kW. */
export function runningPerGpuMonth(site: ProcureSite, gpu: ProcureGpu, hours = HOURS_PER_MONTH): number {
  if (site.cloud) return 0;
  const { itW, facilityW } = siteWatts(site, gpu);
  const elec = (facilityW / 1000) * (site.load_factor ?? DEFAULT_LOAD) * hours * num(site.electricity_per_kwh);
  const hosting = (itW / 1000) * num(site.hosting_per_kw_month);
  return elec + hosting;
}

function modeAtSite(mode: AcquireMode, site: ProcureSite): boolean {
  const cloudMode = mode === 'cloud_on_demand' || mode === 'cloud_reserved';
  return cloudMode === !!site.cloud;
}

export function buildModel(input: ProcureInput): ProcureModel {
  if (!(input.months > 0)) throw new Error('months must be positive');
  const H = input.months;
  const periods = buildPeriods(input.start_month, H, input.granularity ?? 'auto');
  const base = monthIndex(input.start_month);
  const r = input.discount_rate ?? 0.08;
  const disc = (rel: number) => Math.pow(1 + r, -rel / 12);
  const life = input.hardware_life_months ?? 60;
  const headroom = input.headroom;
  const gpuById = new Map(input.gpus.map((g) => [g.id, g]));
  const siteById = new Map(input.sites.map((s) => [s.id, s]));
  const periodOfMonth: number[] = [];
  for (const p of periods) for (let k = 0; k < p.len; k++) periodOfMonth[p.start + k] = p.index;

  // Demand need per pool per period = max monthly peak in the period × (1 + headroom).
  const need: Record<string, number[]> = {};
  for (const pool of input.pools) {
    need[pool.id] = periods.map((p) => {
      let mx = 0;
      for (let k = 0; k < p.len; k++) mx = Math.max(mx, pool.peak_demand[p.start + k] ?? 0);
      return mx * (1 + headroom);
    });
  }
  const poolSites = (poolId: string) => input.pools.find((p) => p.id === poolId)?.sites;
  const poolUses = (poolId: string, site: string, gpu: string) => {
    const pool = input.pools.find((p) => p.id === poolId)!;
    if (pool.sites && !pool.sites.includes(site)) return 0;
    return pool.capacity_per_gpu[gpu] ?? 0;
  };

  // Inventory: capacity counts in a period only if in service for all of it; power and
  // space count it if present in any month of it.
  const inv = input.inventory ?? [];
  const relOf = (m: string | null | undefined, dflt: number) => (m ? monthIndex(m) - base : dflt);
  const multiPool = input.pools.length > 1;
  const existingCap: Record<string, number[]> = {};
  for (const pool of input.pools) existingCap[pool.id] = periods.map(() => 0);
  const freeInventory: Record<string, Record<string, number>>[] = periods.map(() => ({}));
  const presentKw: Record<string, number[]> = {};
  const presentServers: Record<string, number[]> = {};
  for (const s of input.sites) { presentKw[s.id] = periods.map(() => 0); presentServers[s.id] = periods.map(() => 0); }
  for (const it of inv) {
    const gpu = gpuById.get(it.gpu_id);
    const site = siteById.get(it.site);
    if (!gpu || !site) continue;
    const from = relOf(it.in_service_from, -Infinity);
    const to = relOf(it.in_service_to, Infinity);
    for (const p of periods) {
      const whole = from <= p.start && to >= p.start + p.len - 1;
      const any = from <= p.start + p.len - 1 && to >= p.start;
      if (any && !site.cloud) {
        presentKw[site.id][p.index] += (it.gpus * siteWatts(site, gpu).facilityW) / 1000;
        presentServers[site.id][p.index] += it.gpus / (gpu.gpus_per_server ?? 8);
      }
      if (!whole) continue;
      if (it.pool || !multiPool) {
        const pools = it.pool ? [it.pool] : input.pools.map((x) => x.id);
        for (const pid of pools) if (existingCap[pid]) existingCap[pid][p.index] += it.gpus * poolUses(pid, site.id, gpu.id);
      } else {
        const bySite = (freeInventory[p.index][site.id] ??= {});
        bySite[gpu.id] = (bySite[gpu.id] ?? 0) + it.gpus;
      }
    }
  }

  const columns: Column[] = [];
  const rows: Row[] = [];
  const blocked = new Map<string, 'export' | 'banned' | 'unavailable'>();

  // Upper bound on useful GPUs of a type: enough to cover every pool's largest need alone.
  const usefulGpus = (gpu: string) => {
    let total = 0;
    for (const pool of input.pools) {
      const c = pool.capacity_per_gpu[gpu] ?? 0;
      if (c > 0) total += Math.max(0, ...need[pool.id]) / c;
    }
    return Math.ceil(total);
  };

  // Acquisition columns.
  input.offers.forEach((offer: ProcureOffer, oi) => {
    if (offer.currency !== input.currency) throw new Error(`offer ${offer.gpu_id} ${offer.mode} is in ${offer.currency}, input is in ${input.currency}: convert first`);
    const gpu = gpuById.get(offer.gpu_id);
    if (!gpu) return;
    const cloudMode = offer.mode === 'cloud_on_demand' || offer.mode === 'cloud_reserved';
    if (cloudMode && input.allow_cloud === false) return;
    const price = num(offer.unit_price);
    const sites = offer.site ? [siteById.get(offer.site)].filter((s): s is ProcureSite => !!s) : input.sites;
    for (const site of sites) {
      if (!modeAtSite(offer.mode, site)) continue;
      if ((input.banned_gpus ?? []).includes(gpu.id)) { blocked.set(`${site.id}|${gpu.id}`, 'banned'); continue; }
      if (!input.pools.some((p) => poolUses(p.id, site.id, gpu.id) > 0)) continue;
      const leadSource = offer.lead_months !== undefined && offer.lead_months !== null ? 'price_list' : 'gpu_default';
      const lead = offer.mode === 'cloud_on_demand' && offer.lead_months === undefined ? 0 : Math.max(0, Math.round(offer.lead_months ?? gpu.default_lead_months));
      const gpu_unit = offer.mode === 'buy' || offer.mode === 'lease' ? gpu.gpus_per_server ?? 8 : 1;
      const term = offer.mode === 'lease' ? offer.term_months ?? 36 : offer.mode === 'cloud_reserved' ? offer.term_months ?? 12 : undefined;
      const running = (m: number) => runningPerGpuMonth(site, gpu, hoursInMonth(base + m));
      const maxUnits = Math.ceil(usefulGpus(gpu.id) / gpu_unit) + 1;
      for (const p of periods) {
        const orderRel = p.start - lead;
        if (orderRel < 0) continue;
        const arrival = monthName(base + p.start);
        // Not before the part shipped, nor outside the price's validity, nor against the export rule in force when ordered.
        if (gpu.available_from && arrival < gpu.available_from) { if (!blocked.has(`${site.id}|${gpu.id}`)) blocked.set(`${site.id}|${gpu.id}`, 'unavailable'); continue; }
        if ((offer.valid_from && arrival < offer.valid_from) || (offer.valid_to && arrival > offer.valid_to)) continue;
        const allowed = additionAllowed(input, site, gpu, monthName(base + orderRel));
        if (allowed !== 'ok') { blocked.set(`${site.id}|${gpu.id}`, allowed); continue; }
        let active: number[];
        let presentTo: number;
        if (offer.mode === 'buy') { active = periods.filter((q) => q.start >= p.start).map((q) => q.index); presentTo = H - 1; }
        else if (offer.mode === 'cloud_on_demand') { active = [p.index]; presentTo = p.start + p.len - 1; }
        else {
          const end = p.start + term! - 1;
          active = periods.filter((q) => q.start >= p.start && q.start + q.len - 1 <= end).map((q) => q.index);
          presentTo = Math.min(end, H - 1);
        }
        if (active.length === 0) continue;
        let cost = 0;
        let committed = 0;
        if (offer.mode === 'buy') {
          cost += price * disc(p.start);
          committed += price;
          const residual = price * Math.max(0, 1 - (H - p.start) / life);
          cost -= residual * disc(H);
          for (let m = p.start; m <= presentTo; m++) cost += running(m) * disc(m);
        } else if (offer.mode === 'lease') {
          for (let m = p.start; m <= presentTo; m++) { cost += (price + running(m)) * disc(m); committed += price; }
        } else {
          for (let m = p.start; m <= presentTo; m++) {
            const h = hoursInMonth(base + m);
            const pm = offer.mode === 'cloud_on_demand' ? num(offerPriceAt(input, offer, monthName(base + m))) : price;
            cost += pm * h * disc(m); committed += pm * h;
          }
        }
        columns.push({
          name: `x${columns.length}`, lb: 0, ub: maxUnits,
          integer: gpu_unit > 1 || offer.mode === 'buy' || offer.mode === 'lease', binary: false,
          obj: cost * gpu_unit, cost: cost * gpu_unit,
          meta: {
            kind: 'acq', offer: oi, site: site.id, gpu: gpu.id, mode: offer.mode, period: p.index, orderRel, lead, leadSource,
            gpusPerUnit: gpu_unit, active, presentFrom: p.start, presentTo, term, committed: committed * gpu_unit,
          },
        });
      }
    }
  });
  const acqIdx = columns.map((_, i) => i);

  // Penalty per (output token/s × period) short: well above what any column costs per
  // unit of capacity, so a shortfall is only left where nothing may be added.
  let worst = 1;
  for (const i of acqIdx) {
    const c = columns[i];
    const m = c.meta as AcqColumn;
    for (const pool of input.pools) {
      const cap = poolUses(pool.id, m.site, m.gpu);
      if (cap > 0) worst = Math.max(worst, Math.abs(c.obj) / (cap * m.gpusPerUnit));
    }
  }
  const penalty = worst * 10;

  // Capacity rows (and allocation in the multi-pool case).
  const bySiteGpuPeriod = new Map<string, number[]>(); // `${period}|${site}|${gpu}` → acq columns active
  for (const i of acqIdx) {
    const m = columns[i].meta as AcqColumn;
    for (const q of m.active) {
      const key = `${q}|${m.site}|${m.gpu}`;
      let list = bySiteGpuPeriod.get(key);
      if (!list) bySiteGpuPeriod.set(key, (list = []));
      list.push(i);
    }
  }
  for (const p of periods) {
    if (!multiPool) {
      const pool = input.pools[0];
      if (!pool) break;
      const terms: [number, number][] = [];
      for (const [key, list] of bySiteGpuPeriod) {
        const [q, site, gpu] = key.split('|');
        if (Number(q) !== p.index) continue;
        const cap = poolUses(pool.id, site, gpu);
        if (cap > 0) for (const i of list) terms.push([i, cap * (columns[i].meta as AcqColumn).gpusPerUnit]);
      }
      const rhs = need[pool.id][p.index] - existingCap[pool.id][p.index];
      if (rhs <= 0) continue;
      const s = columns.push({ name: `s${columns.length}`, lb: 0, ub: Infinity, integer: false, binary: false, obj: penalty, cost: 0, meta: { kind: 'slack', pool: pool.id, period: p.index } }) - 1;
      terms.push([s, 1]);
      rows.push({ name: `r${rows.length}`, kind: 'capacity', sense: '>=', rhs, terms, pool: pool.id, period: p.index });
      continue;
    }
    // Multi-pool: fleet (free inventory + additions) per (site, gpu) is split among pools.
    const keys = new Set<string>();
    for (const key of bySiteGpuPeriod.keys()) if (key.startsWith(`${p.index}|`)) keys.add(key.slice(key.indexOf('|') + 1));
    for (const [site, byGpu] of Object.entries(freeInventory[p.index])) for (const gpu of Object.keys(byGpu)) keys.add(`${site}|${gpu}`);
    const poolTerms: Record<string, [number, number][]> = {};
    for (const sg of [...keys].sort()) {
      const [site, gpu] = sg.split('|');
      const allocTerms: [number, number][] = [];
      for (const pool of input.pools) {
        const cap = poolUses(pool.id, site, gpu);
        if (cap <= 0) continue;
        const a = columns.push({ name: `y${columns.length}`, lb: 0, ub: Infinity, integer: false, binary: false, obj: 0, cost: 0, meta: { kind: 'alloc', period: p.index, site, gpu, pool: pool.id } }) - 1;
        allocTerms.push([a, 1]);
        (poolTerms[pool.id] ??= []).push([a, cap]);
      }
      if (allocTerms.length === 0) continue;
      for (const i of bySiteGpuPeriod.get(`${p.index}|${sg}`) ?? []) allocTerms.push([i, -(columns[i].meta as AcqColumn).gpusPerUnit]);
      const free = freeInventory[p.index][site]?.[gpu] ?? 0;
      rows.push({ name: `r${rows.length}`, kind: 'alloc', sense: '<=', rhs: free, terms: allocTerms, site, gpu, period: p.index });
    }
    for (const pool of input.pools) {
      const rhs = need[pool.id][p.index] - existingCap[pool.id][p.index];
      if (rhs <= 0) continue;
      const s = columns.push({ name: `s${columns.length}`, lb: 0, ub: Infinity, integer: false, binary: false, obj: penalty, cost: 0, meta: { kind: 'slack', pool: pool.id, period: p.index } }) - 1;
      rows.push({ name: `r${rows.length}`, kind: 'capacity', sense: '>=', rhs, terms: [...(poolTerms[pool.id] ?? []), [s, 1]], pool: pool.id, period: p.index });
    }
  }

  // Power and space per owned site per period (everything present in any month of it).
  for (const site of input.sites) {
    if (site.cloud) continue;
    const atSite = acqIdx.filter((i) => (columns[i].meta as AcqColumn).site === site.id);
    for (const p of periods) {
      const present = atSite.filter((i) => {
        const m = columns[i].meta as AcqColumn;
        return m.site === site.id && m.presentFrom <= p.start + p.len - 1 && m.presentTo >= p.start;
      });
      if (present.length === 0) continue;
      if (site.power_limit_kw !== null && site.power_limit_kw !== undefined) {
        const terms: [number, number][] = present.map((i) => {
          const m = columns[i].meta as AcqColumn;
          return [i, (m.gpusPerUnit * siteWatts(site, gpuById.get(m.gpu)!).facilityW) / 1000];
        });
        rows.push({ name: `r${rows.length}`, kind: 'power', sense: '<=', rhs: Math.max(0, site.power_limit_kw - presentKw[site.id][p.index]), terms, site: site.id, period: p.index, limit: site.power_limit_kw });
      }
      if (site.max_servers !== null && site.max_servers !== undefined) {
        const terms: [number, number][] = present.map((i) => {
          const m = columns[i].meta as AcqColumn;
          return [i, m.gpusPerUnit / (gpuById.get(m.gpu)!.gpus_per_server ?? 8)];
        });
        rows.push({ name: `r${rows.length}`, kind: 'space', sense: '<=', rhs: Math.max(0, site.max_servers - presentServers[site.id][p.index]), terms, site: site.id, period: p.index, limit: site.max_servers });
      }
    }
  }

  // Supply caps on what is ordered (buy + lease) per order month or order quarter.
  for (const cap of input.supply_caps ?? []) {
    const groups = new Map<string, number[]>();
    for (const i of acqIdx) {
      const m = columns[i].meta as AcqColumn;
      if (m.gpu !== cap.gpu_id || (m.mode !== 'buy' && m.mode !== 'lease')) continue;
      const abs = base + m.orderRel;
      const key = cap.per === 'month' ? String(m.orderRel) : String(Math.floor(abs / 3));
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(i);
    }
    for (const [, list] of [...groups].sort((a, b) => Number(a[0]) - Number(b[0]))) {
      const first = columns[list[0]].meta as AcqColumn;
      rows.push({
        name: `r${rows.length}`, kind: 'supply', sense: '<=', rhs: cap.max_gpus,
        terms: list.map((i) => [i, (columns[i].meta as AcqColumn).gpusPerUnit]),
        gpu: cap.gpu_id, orderMonth: first.orderRel, limit: cap.max_gpus, quarter: cap.per === 'quarter' ? periodsQuarter(base + first.orderRel) : undefined,
      });
    }
  }

  // Budgets per calendar quarter: capex on arrival, opex (undiscounted) month by month.
  for (const b of input.budgets ?? []) {
    const qPeriods = periods.filter((p) => p.quarter === b.quarter);
    if (qPeriods.length === 0) continue;
    const qMonths = new Set<number>();
    for (const p of qPeriods) for (let k = 0; k < p.len; k++) qMonths.add(p.start + k);
    if (b.capex !== undefined && b.capex !== null && b.capex !== '') {
      const terms: [number, number][] = [];
      for (const i of acqIdx) {
        const m = columns[i].meta as AcqColumn;
        if (m.mode === 'buy' && qMonths.has(m.presentFrom)) terms.push([i, num(input.offers[m.offer].unit_price) * m.gpusPerUnit]);
      }
      if (terms.length) rows.push({ name: `r${rows.length}`, kind: 'capex', sense: '<=', rhs: num(b.capex), terms, quarter: b.quarter, period: qPeriods[0].index, limit: num(b.capex) });
    }
    if (b.opex !== undefined && b.opex !== null && b.opex !== '') {
      const terms: [number, number][] = [];
      for (const i of acqIdx) {
        const m = columns[i].meta as AcqColumn;
        const offer = input.offers[m.offer];
        const site = siteById.get(m.site)!;
        const gpu = gpuById.get(m.gpu)!;
        const price = num(offer.unit_price);
        let spend = 0;
        for (let mm = m.presentFrom; mm <= m.presentTo; mm++) {
          if (!qMonths.has(mm)) continue;
          const h = hoursInMonth(base + mm);
          spend += (m.mode === 'buy' ? 0 : m.mode === 'lease' ? price : price * h) + runningPerGpuMonth(site, gpu, h);
        }
        if (spend > 0) terms.push([i, spend * m.gpusPerUnit]);
      }
      if (terms.length) rows.push({ name: `r${rows.length}`, kind: 'opex', sense: '<=', rhs: num(b.opex), terms, quarter: b.quarter, period: qPeriods[0].index, limit: num(b.opex) });
    }
  }

  // Minimum order quantities: either nothing or at least min_qty GPUs (binary switch).
  for (const i of acqIdx) {
    const c = columns[i];
    const m = c.meta as AcqColumn;
    const moq = input.offers[m.offer].min_qty ?? 0;
    if (moq <= m.gpusPerUnit) continue;
    const z = columns.push({ name: `z${columns.length}`, lb: 0, ub: 1, integer: true, binary: true, obj: 0, cost: 0, meta: { kind: 'moq', acq: i } }) - 1;
    rows.push({ name: `r${rows.length}`, kind: 'moq_lo', sense: '>=', rhs: 0, terms: [[i, m.gpusPerUnit], [z, -moq]], gpu: m.gpu, site: m.site, period: m.period });
    const ub = Number.isFinite(c.ub) ? Math.max(c.ub, Math.ceil(moq / m.gpusPerUnit)) : 1e6;
    c.ub = ub;
    rows.push({ name: `r${rows.length}`, kind: 'moq_hi', sense: '<=', rhs: 0, terms: [[i, 1], [z, -ub]], gpu: m.gpu, site: m.site, period: m.period });
  }

  return { input, periods, columns, rows, need, existingCap, freeInventory, multiPool, penalty, gpuById, siteById, blocked };

  function periodsQuarter(abs: number): string {
    return `${Math.floor(abs / 12)}-Q${Math.floor((abs % 12) / 3) + 1}`;
  }
}

function fmt(x: number): string {
  if (x === 0) return '0';
  const s = Math.abs(x) >= 1e-6 && Math.abs(x) < 1e15 ? String(Number(x.toPrecision(12))) : x.toExponential(11);
  return s;
}

function linear(terms: [number, number][], columns: Column[]): string {
  const parts: string[] = [];
  for (const [i, c] of terms) {
    if (c === 0) continue;
    parts.push(`${c < 0 ? '-' : '+'} ${fmt(Math.abs(c))} ${columns[i].name}`);
  }
  if (parts.length === 0) return '0 ' + columns[terms[0]?.[0] ?? 0].name;
  // Break long expressions over lines (LP readers cap line length).
  const lines: string[] = [];
  for (let k = 0; k < parts.length; k += 8) lines.push(parts.slice(k, k + 8).join(' '));
  return lines.join('\n   ');
}

/** CPLEX LP text for HiGHS. Column/row names are short and positional, so the text is deterministic. */
export function toLpText(model: ProcureModel): string {
  const { columns, rows } = model;
  const out: string[] = ['\\ Headroom procurement model', 'Minimize'];
  const objTerms: [number, number][] = columns.map((c, i) => [i, c.obj] as [number, number]).filter(([, c]) => c !== 0);
  out.push(` obj: ${objTerms.length ? linear(objTerms, columns) : `0 ${columns[0]?.name ?? 'x0'}`}`);
  out.push('Subject To');
  for (const r of rows) {
    if (r.terms.length === 0) continue;
    out.push(` ${r.name}: ${linear(r.terms, columns)} ${r.sense} ${fmt(r.rhs)}`);
  }
  out.push('Bounds');
  for (const c of columns) {
    if (c.binary) continue;
    out.push(Number.isFinite(c.ub) ? ` ${fmt(c.lb)} <= ${c.name} <= ${fmt(c.ub)}` : ` ${c.name} >= ${fmt(c.lb)}`);
  }
  const ints = columns.filter((c) => c.integer && !c.binary).map((c) => c.name);
  if (ints.length) { out.push('General'); for (let k = 0; k < ints.length; k += 20) out.push(' ' + ints.slice(k, k + 20).join(' ')); }
  const bins = columns.filter((c) => c.binary).map((c) => c.name);
  if (bins.length) { out.push('Binary'); for (let k = 0; k < bins.length; k += 20) out.push(' ' + bins.slice(k, k + 20).join(' ')); }
  out.push('End', '');
  return out.join('\n');
}

export { monthName };
