// Monthly burn (pure): depreciation or cash capex, leases, cloud GPU-hours, electricity,
// hosting and fixed items, converted into one reporting currency at the rate in force each
// month, and rounded so the parts add up exactly to the total. Amounts are bigint at an
// internal scale of 10^-8 of the major unit until the last step.
import { divRound, pow10 } from '../money/rounding.js';
import { exponentOf } from '../money/currency.js';
import { parseDecimal, rescaleUnits, roundPreservingSum, allocateUnits, unitsToDecimal } from '../money/money.js';
import { FxMissingError, FxTable, type FxRateRow, type FxResolved } from '../money/fx.js';
import { SERVER_OVERHEAD, DEFAULT_IDLE_FRACTION, daysInMonth, monthEnergy, normaliseProfile } from '../power/power.js';
import { tariffHourly, tariffInForce, type TariffSpec } from '../power/tariff.js';
import { monthFromOrdinal, monthOrdinal } from './months.js';

export type AcquisitionMode = 'buy' | 'lease' | 'cloud_on_demand' | 'cloud_reserved';
export type BurnView = 'accrual' | 'cash';

export interface BurnItem {
  id: string;
  site: string;
  gpu_id: string;
  count: number;
  mode: AcquisitionMode;
  /** buy: price per GPU; lease: per GPU-month; cloud: per GPU-hour. Decimal string ≥ 0. */
  unit_price: string;
  currency: string;
  in_service_from: string;            // YYYY-MM
  in_service_to?: string | null;      // last month in service (inclusive)
  /** buy, cash view: month the purchase is paid (default in_service_from). */
  paid_month?: string | null;
  /** buy: months of straight-line depreciation (default 48). */
  useful_life_months?: number;
  /** buy: residual value per GPU at the end of its life, same currency (default 0). */
  residual_value?: string;
  /** lease / cloud_reserved: months committed from in_service_from, paid even if retired earlier. */
  term_months?: number | null;
  /** Server type for the overhead factor (SERVER_OVERHEAD key); default: the site's factor. */
  server_type?: string | null;
  /**
   * lease / cloud: the rate as of each month (issue 12): from `from` (YYYY-MM) on, `unit_price`
   * (same currency) replaces the rate before it, until the next step. Ignored for purchases.
   */
  price_steps?: { from: string; unit_price: string }[];
}

export interface BurnSite {
  id: string;
  pue: number;
  /** Server overhead factor for the site's servers (default SERVER_OVERHEAD.default). */
  server_overhead?: number | null;
  hosting_per_kw_month?: string | null;
  hosting_currency?: string | null;
  tariffs: TariffSpec[];
  /** Local time − UTC in hours: the diurnal profile is in UTC hours, tariff bands in local hours. */
  utc_offset_hours?: number | null;
}

export interface FixedItem { name: string; amount_per_month: string; currency: string; from?: string | null; to?: string | null }
export interface GpuPower { tdp_w: number | null; idle_w?: number | null }

export interface BurnInput {
  months: string[];
  currency: string;
  view: BurnView;
  items: BurnItem[];
  sites: BurnSite[];
  gpus: Record<string, GpuPower>;
  /** Average utilisation per site per month (aligned with `months`), 0..1. */
  utilisation?: Record<string, number[]>;
  /** Used where a site has no series: one number or one per month (default 0.5, noted). */
  default_utilisation?: number | number[];
  /** 24 weights, hour 0..23 UTC (default flat); shifted to each site's local time. */
  diurnal?: number[];
  fixed?: FixedItem[];
  fx: FxRateRow[];
  /** Served volume per month (aligned with `months`). */
  served?: { output_tokens?: number[]; requests?: number[]; dau?: number[]; /** input + output tokens served */ total_tokens?: number[] };
  /** Default useful life for purchases (months). */
  default_useful_life_months?: number;
}

export const BURN_CATEGORIES = ['depreciation', 'lease', 'cloud', 'electricity', 'hosting', 'fixed'] as const;
export type BurnCategory = typeof BURN_CATEGORIES[number];
export type BurnParts = Record<BurnCategory | 'total', string>;

export interface BurnSiteMonth { site: string; energy_kwh: number; peak_kw: number; electricity: string; hosting: string }

export interface BurnMonth extends BurnParts {
  month: string;
  energy_kwh: number;
  output_tokens: number | null;
  /** Per 1M output tokens served. */
  cost_per_million_tokens: string | null;
  /** Per 1M tokens served, input + output (when served.total_tokens is given). */
  cost_per_million_total_tokens: string | null;
  cost_per_1000_requests: string | null;
  cost_per_dau: string | null;
  tokens_per_mwh: number | null;
  by_site: BurnSiteMonth[];
}

export interface BurnResult {
  currency: string;
  view: BurnView;
  months: BurnMonth[];
  /** average_month: total ÷ months, half-even to the minor unit. */
  totals: BurnParts & { energy_kwh: number; average_month: string };
  notes: string[];
}

export const DEFAULT_USEFUL_LIFE_MONTHS = 48;
export const DEFAULT_UTILISATION = 0.5;
const S = 8; // internal scale: 10^-8 of the major unit

export class BurnInputError extends Error {
  constructor(message: string, public readonly field: string) { super(message); }
}

const units = (dec: string, field: string): bigint => {
  let p: { units: bigint; scale: number };
  try { p = parseDecimal(dec); } catch { throw new BurnInputError(`${field}: "${dec}" is not a decimal number`, field); }
  if (p.units < 0n) throw new BurnInputError(`${field}: must not be negative`, field);
  return rescaleUnits(p.units, p.scale, S, 'half_even');
};

interface SiteAcc { idleW: number; dynamicW: number; provisionedW: number }

export function computeBurn(input: BurnInput): BurnResult {
  const M = input.months.length;
  const rep = input.currency;
  const repExp = exponentOf(rep);
  const notes = new Set<string>();
  const base = M ? monthOrdinal(input.months[0]) : 0;
  for (let i = 0; i < M; i++) if (monthOrdinal(input.months[i]) !== base + i) throw new BurnInputError('months must be consecutive', 'months');
  const fx = new FxTable(input.fx, { beforeFirst: 'earliest' });
  const monthAt = (ord: number) => monthFromOrdinal(ord);

  // Native-currency accumulators: one flat bigint array per category, [month × currency].
  const curIndex = new Map<string, number>();
  const curList: string[] = [];
  const ci = (c: string) => {
    let k = curIndex.get(c);
    if (k === undefined) { k = curList.length; curIndex.set(c, k); curList.push(c); grow(); }
    return k;
  };
  const native: Record<'lease' | 'cloud' | 'electricity' | 'hosting' | 'fixed', bigint[][]> = {
    lease: [], cloud: [], electricity: [], hosting: [], fixed: [],
  };
  const leaseDiff: bigint[][] = [];      // [currency][month], M + 1 long
  const cloudRateDiff: bigint[][] = [];  // per GPU-hour amounts, [currency][month]
  function grow() {
    for (const k of Object.keys(native) as (keyof typeof native)[]) native[k].push(new Array<bigint>(M).fill(0n));
    leaseDiff.push(new Array<bigint>(M + 1).fill(0n));
    cloudRateDiff.push(new Array<bigint>(M + 1).fill(0n));
  }
  const hoursBig = input.months.map((mo) => BigInt(daysInMonth(mo) * 24));
  const siteElec: bigint[][] = []; // [site][month] in reporting currency (exact, S)
  const siteHost: bigint[][] = [];
  const depreciation = new Array<bigint>(M).fill(0n); // reporting currency, S

  const rateMemo = new Map<string, FxResolved | null>();
  const conv = (amount: bigint, from: string, month: string): bigint => {
    if (from === rep || amount === 0n) return amount;
    const key = from + month;
    let r = rateMemo.get(key);
    if (r === undefined) { r = fx.resolve(from, rep, month); rateMemo.set(key, r); }
    if (!r) throw new FxMissingError(from, rep, month);
    if (r.backfilled) notes.add(`FX ${from}→${rep}: no rate in force in ${month}; used the earliest rate (${r.effective_from})`);
    return divRound(amount * r.rate.num, r.rate.den, 'half_even');
  };

  const siteIdx = new Map<string, number>();
  input.sites.forEach((s, k) => {
    siteIdx.set(s.id, k);
    siteElec.push(new Array<bigint>(M).fill(0n));
    siteHost.push(new Array<bigint>(M).fill(0n));
  });
  const load: SiteAcc[][] = input.sites.map(() => Array.from({ length: M }, () => ({ idleW: 0, dynamicW: 0, provisionedW: 0 })));
  const defaultLife = input.default_useful_life_months ?? DEFAULT_USEFUL_LIFE_MONTHS;

  for (const it of input.items) {
    const f = `items[${it.id}]`;
    if (!Number.isInteger(it.count) || it.count < 0) throw new BurnInputError(`${f}.count: must be a whole number ≥ 0`, `${f}.count`);
    if (it.count === 0) continue;
    const price = units(it.unit_price, `${f}.unit_price`);
    const n = BigInt(it.count);
    const start = monthOrdinal(it.in_service_from);
    const end = it.in_service_to ? monthOrdinal(it.in_service_to) : Number.POSITIVE_INFINITY;
    if (end < start) throw new BurnInputError(`${f}.in_service_to: must not be before in_service_from`, `${f}.in_service_to`);
    const first = Math.max(start, base) - base;              // first month index in the horizon
    const lastActive = Math.min(end, base + M - 1) - base;    // last in-service month index
    const term = it.term_months ?? 0;
    const lastPaid = Math.min(Math.max(end, start + term - 1), base + M - 1) - base;
    const c = it.mode === 'buy' ? -1 : ci(it.currency);
    // Months a..b (horizon indexes) cut where the rate steps: [first, last, rate].
    const steps = (it.price_steps ?? []).map((x, k) => [monthOrdinal(x.from) - base, units(x.unit_price, `${f}.price_steps[${k}].unit_price`)] as const).sort((x, y) => x[0] - y[0]);
    const runs = (a: number, b: number): [number, number, bigint][] => {
      const out: [number, number, bigint][] = [];
      let rate = price, from = a;
      for (const [at, p] of steps) {
        if (at <= a) { rate = p; continue; }
        if (at > b) break;
        out.push([from, at - 1, rate]); from = at; rate = p;
      }
      out.push([from, b, rate]);
      return out;
    };

    switch (it.mode) {
      case 'buy': {
        const capex = price * n;
        const paid = it.paid_month ? monthOrdinal(it.paid_month) : start;
        if (input.view === 'cash') {
          if (paid >= base && paid < base + M) depreciation[paid - base] += conv(capex, it.currency, monthAt(paid));
          break;
        }
        const life = it.useful_life_months ?? defaultLife;
        if (!Number.isInteger(life) || life < 1) throw new BurnInputError(`${f}.useful_life_months: must be a whole number ≥ 1`, `${f}.useful_life_months`);
        const residual = it.residual_value ? units(it.residual_value, `${f}.residual_value`) * n : 0n;
        if (residual > capex) throw new BurnInputError(`${f}.residual_value: must not exceed the unit price`, `${f}.residual_value`);
        // Non-monetary asset: converted once at the rate of the month it was paid (IAS 21 ¶23).
        // Scheduled in the reporting currency's minor unit, so the life's charges add up to the
        // depreciable amount to the cent.
        const d = rescaleUnits(conv(capex - residual, it.currency, monthAt(paid)), S, repExp, 'half_even');
        const up = pow10(S - repExp);
        // Retired before the end of its life: the remaining book value (less residual) is
        // written off in the last month in service.
        const lastDep = Math.min(start + life - 1, end);
        const L = BigInt(life);
        const cumDep = (k: number) => (k <= 0 ? 0n : k >= life ? d : divRound(d * BigInt(k), L, 'half_even'));
        const from = Math.max(start, base), to = Math.min(lastDep, base + M - 1);
        let prev = cumDep(from - start);
        for (let o = from; o <= to; o++) {
          const cum = o === lastDep ? d : cumDep(o - start + 1);
          depreciation[o - base] += (cum - prev) * up;
          prev = cum;
        }
        break;
      }
      // Constant amounts over a run of months go into difference arrays (one add at each end),
      // summed once per currency below: O(1) per item however long it runs.
      case 'lease':
        if (first <= lastPaid) for (const [a, b, p] of runs(first, lastPaid)) { leaseDiff[c][a] += p * n; leaseDiff[c][b + 1] -= p * n; }
        break;
      case 'cloud_on_demand':
      case 'cloud_reserved': {
        const stop = it.mode === 'cloud_reserved' ? lastPaid : lastActive;
        if (first <= stop) for (const [a, b, p] of runs(first, stop)) { cloudRateDiff[c][a] += p * n; cloudRateDiff[c][b + 1] -= p * n; }
        break;
      }
    }

    // Power and hosting: GPUs we run in our own sites (bought or leased), while in service.
    if (it.mode === 'buy' || it.mode === 'lease') {
      const sk = siteIdx.get(it.site);
      if (sk === undefined) throw new BurnInputError(`${f}.site: unknown site "${it.site}"`, `${f}.site`);
      const g = input.gpus[it.gpu_id];
      const tdp = g?.tdp_w ?? null;
      if (tdp === null) { notes.add(`${it.gpu_id}: no TDP in the catalog, so its power is counted as 0 W`); continue; }
      const idle = g?.idle_w ?? tdp * DEFAULT_IDLE_FRACTION;
      const site = input.sites[sk];
      const ovh = it.server_type && SERVER_OVERHEAD[it.server_type] ? SERVER_OVERHEAD[it.server_type].factor : site.server_overhead ?? SERVER_OVERHEAD.default.factor;
      for (let i = first; i <= lastActive; i++) {
        const a = load[sk][i];
        a.idleW += it.count * idle * ovh;
        a.dynamicW += it.count * (tdp - idle) * ovh;
        a.provisionedW += it.count * tdp * ovh;
      }
    }
  }

  for (let c = 0; c < curList.length; c++) {
    let lease = 0n, rate = 0n;
    for (let i = 0; i < M; i++) {
      lease += leaseDiff[c][i];
      rate += cloudRateDiff[c][i];
      if (lease !== 0n) native.lease[c][i] += lease;
      if (rate !== 0n) native.cloud[c][i] += rate * hoursBig[i];
    }
  }

  // Electricity and hosting per site and month.
  const profile = normaliseProfile(input.diurnal);
  const energyKwh = new Array<number>(M).fill(0);
  const siteKwh: number[][] = input.sites.map(() => new Array<number>(M).fill(0));
  const sitePeak: number[][] = input.sites.map(() => new Array<number>(M).fill(0));
  const defU = (i: number) => {
    const d = input.default_utilisation;
    if (d === undefined) return DEFAULT_UTILISATION;
    return typeof d === 'number' ? d : d[i] ?? DEFAULT_UTILISATION;
  };
  const hourlyCache = new Map<TariffSpec, { hourly: bigint[]; demand: bigint }>();
  input.sites.forEach((site, sk) => {
    const series = input.utilisation?.[site.id];
    if (!series && load[sk].some((a) => a.provisionedW > 0)) {
      const d = input.default_utilisation;
      notes.add(`site ${site.id}: no utilisation given; assumed ${typeof d === 'number' || d === undefined ? `${Math.round((d ?? DEFAULT_UTILISATION) * 1000) / 10}% average utilisation` : 'the default series'}`);
    }
    const hostPrice = site.hosting_per_kw_month ? units(site.hosting_per_kw_month, `sites[${site.id}].hosting_per_kw_month`) : 0n;
    const hostCur = site.hosting_currency ?? rep;
    // Local hour h is UTC hour h − offset.
    const off = Math.round(site.utc_offset_hours ?? 0);
    const localProfile = off === 0 ? profile : profile.map((_, h) => profile[(((h - off) % 24) + 24) % 24]);
    for (let i = 0; i < M; i++) {
      const a = load[sk][i];
      if (a.provisionedW <= 0) continue;
      const month = input.months[i];
      if (hostPrice > 0n) {
        const w = BigInt(Math.round(a.provisionedW));
        const amt = divRound(hostPrice * w, 1000n, 'half_even');
        native.hosting[ci(hostCur)][i] += amt;
        siteHost[sk][i] += conv(amt, hostCur, month);
      }
      const u = series?.[i] ?? defU(i);
      const e = monthEnergy({ idleW: a.idleW, dynamicW: a.dynamicW }, u, localProfile, 1, site.pue, daysInMonth(month));
      energyKwh[i] += e.kwh;
      siteKwh[sk][i] = e.kwh;
      sitePeak[sk][i] = e.peakKw;
      const inForce = tariffInForce(site.tariffs, month);
      if (!inForce) { notes.add(`site ${site.id}: no electricity tariff, so electricity is counted as 0`); continue; }
      if (inForce.backfilled) notes.add(`site ${site.id}: no tariff in force in ${month}; used the earliest (${inForce.tariff.effective_from})`);
      const t = inForce.tariff;
      let cached = hourlyCache.get(t);
      if (!cached) {
        cached = {
          hourly: tariffHourly(t).map((p, h) => units(p, `sites[${site.id}].tariff.hour${h}`)),
          demand: t.demand_charge_per_kw_month ? units(t.demand_charge_per_kw_month, `sites[${site.id}].tariff.demand_charge_per_kw_month`) : 0n,
        };
        hourlyCache.set(t, cached);
      }
      let whCost = 0n;
      for (let h = 0; h < 24; h++) whCost += BigInt(e.whByHour[h]) * cached.hourly[h];
      let amt = divRound(whCost, 1000n, 'half_even'); // price per kWh × Wh / 1000
      if (cached.demand > 0n) amt += divRound(cached.demand * BigInt(Math.round(e.peakKw * 1000)), 1000n, 'half_even');
      native.electricity[ci(t.currency)][i] += amt;
      siteElec[sk][i] += conv(amt, t.currency, month);
    }
  });

  for (const fi of input.fixed ?? []) {
    const amt = units(fi.amount_per_month, `fixed[${fi.name}].amount_per_month`);
    const from = fi.from ? monthOrdinal(fi.from) : base;
    const to = fi.to ? monthOrdinal(fi.to) : base + M - 1;
    const c = ci(fi.currency);
    for (let o = Math.max(from, base); o <= Math.min(to, base + M - 1); o++) native.fixed[c][o - base] += amt;
  }

  // Convert, round so parts sum to the total, and derive unit costs.
  const months: BurnMonth[] = [];
  const sums = new Array<bigint>(7).fill(0n);
  let kwhTotal = 0;
  const fmt = (u: bigint) => unitsToDecimal(u, repExp);
  const unitScale = repExp + 2;
  for (let i = 0; i < M; i++) {
    const month = input.months[i];
    const exact = [depreciation[i], 0n, 0n, 0n, 0n, 0n];
    (['lease', 'cloud', 'electricity', 'hosting', 'fixed'] as const).forEach((k, j) => {
      for (let c = 0; c < curList.length; c++) {
        const v = native[k][c][i];
        if (v !== 0n) exact[j + 1] += conv(v, curList[c], month);
      }
    });
    const r = roundPreservingSum(exact, S, repExp, 'half_even');
    r.parts.forEach((p, j) => { sums[j] += p; });
    sums[6] += r.total;
    kwhTotal += energyKwh[i];
    const bySiteElec = splitBy(r.parts[3], siteElec.map((s) => s[i]));
    const bySiteHost = splitBy(r.parts[4], siteHost.map((s) => s[i]));
    const served = input.served;
    const tokens = served?.output_tokens?.[i];
    const reqs = served?.requests?.[i];
    const dau = served?.dau?.[i];
    const per = (count: number | undefined, per: bigint): string | null => {
      if (count === undefined || !(count >= 0.5) || !Number.isFinite(count)) return null;
      return unitsToDecimal(divRound(r.total * per * pow10(unitScale - repExp), BigInt(Math.round(count)), 'half_even'), unitScale);
    };
    months.push({
      month,
      total: fmt(r.total),
      depreciation: fmt(r.parts[0]), lease: fmt(r.parts[1]), cloud: fmt(r.parts[2]),
      electricity: fmt(r.parts[3]), hosting: fmt(r.parts[4]), fixed: fmt(r.parts[5]),
      energy_kwh: round3(energyKwh[i]),
      output_tokens: tokens ?? null,
      cost_per_million_tokens: per(tokens, 1_000_000n),
      cost_per_million_total_tokens: per(served?.total_tokens?.[i], 1_000_000n),
      cost_per_1000_requests: per(reqs, 1000n),
      cost_per_dau: per(dau, 1n),
      tokens_per_mwh: tokens !== undefined && energyKwh[i] > 0 ? Math.round(tokens / (energyKwh[i] / 1000)) : null,
      by_site: input.sites.map((s, sk) => ({
        site: s.id, energy_kwh: round3(siteKwh[sk][i]), peak_kw: round3(sitePeak[sk][i]),
        electricity: fmt(bySiteElec[sk]), hosting: fmt(bySiteHost[sk]),
      })),
    });
  }
  return {
    currency: rep,
    view: input.view,
    months,
    totals: {
      total: fmt(sums[6]), depreciation: fmt(sums[0]), lease: fmt(sums[1]), cloud: fmt(sums[2]),
      electricity: fmt(sums[3]), hosting: fmt(sums[4]), fixed: fmt(sums[5]), energy_kwh: round3(kwhTotal),
      average_month: fmt(months.length ? divRound(sums[6], BigInt(months.length), 'half_even') : 0n),
    },
    notes: [...notes],
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Split a rounded category total across sites in proportion to their exact shares. */
function splitBy(total: bigint, exact: bigint[]): bigint[] {
  if (!exact.length) return [];
  if (exact.every((e) => e === 0n)) return exact.map(() => 0n);
  return allocateUnits(total, exact.map((e) => (e < 0n ? 0n : e)));
}
