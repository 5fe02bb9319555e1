// Finance schedules derived from the plan result (pure; no database, no clock): each action's
// billable units and total in its own and the reporting currency, the cash schedule of
// purchases under one payment-timing rule, the depreciation schedule of every bought asset,
// quarterly and fiscal-year periods, and chargeback allocations that add up exactly to the
// burn (largest remainder). The tables (tables.ts) and the tests both read these, so every
// sheet shows the same numbers.
import { Decimal as D0 } from 'decimal.js';
import { FxTable } from '../../engine/money/fx.js';
import { allocateUnits, parseDecimal, unitsToDecimal } from '../../engine/money/money.js';
import { divRound } from '../../engine/money/rounding.js';
import { daysInMonth } from '../../engine/power/power.js';
import { addMonths, monthOrdinal } from '../../engine/burn/months.js';
import { DEFAULT_USEFUL_LIFE_MONTHS } from '../../engine/burn/burn.js';
import { DEFAULT_OPTIONS, type ExportInput, type ExportOptions, type PlanAction, type PlanMonth } from './types.js';

const Decimal = D0.clone({ precision: 40, rounding: D0.ROUND_HALF_EVEN });
type Dec = InstanceType<typeof Decimal>;
const dec = (s: string | number | null | undefined): Dec | null => {
  if (s === null || s === undefined || String(s).trim() === '') return null;
  try { return new Decimal(String(s).trim()); } catch { return null; }
};
/** A decimal as a plain string (no exponent), trailing zeros dropped. */
export const plain = (d: Dec): string => {
  const s = d.toFixed();
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
};

export function optionsOf(input: ExportInput): ExportOptions {
  return input.options ?? { ...DEFAULT_OPTIONS, view: input.view };
}

// ---- FX --------------------------------------------------------------------------------------

export interface Fx { rate: string; date: string | null }

/** FX into the reporting currency at the rate in force in a month (earliest row before the first). */
export function fxConverter(input: ExportInput): (from: string, month: string) => Fx | null {
  const rep = input.plan.currency;
  let table: FxTable | null = null;
  try {
    table = new FxTable(input.fx.filter((f) => dec(f.rate)?.gt(0)).map((f) => ({ base: f.base, quote: f.quote, rate: f.rate, effective_from: f.as_of || '1900-01-01' })), { beforeFirst: 'earliest' });
  } catch { table = null; }
  const cache = new Map<string, Fx | null>();
  return (from, month) => {
    if (from === rep) return { rate: '1', date: null };
    const k = `${from}@${month}`;
    if (cache.has(k)) return cache.get(k)!;
    const r = table?.resolve(from, rep, month) ?? null;
    const out = r ? { rate: plain(new Decimal(r.rate.num.toString()).div(r.rate.den.toString()).toDecimalPlaces(10)), date: r.effective_from.slice(0, 10) } : null;
    cache.set(k, out);
    return out;
  };
}

// ---- actions ---------------------------------------------------------------------------------

export type PriceUnit = 'gpu' | 'gpu_month' | 'gpu_hour';

export interface ActionLine {
  /** Position in the Actions sheet (order-month order), 1-based: the cash schedule refers to it. */
  no: number;
  action: PlanAction;
  unit: PriceUnit;
  /** Months billed within the horizon (rentals), null for purchases. */
  term_months: number | null;
  /** First and last month billed (rentals) or the arrival month (purchases). */
  from: string;
  to: string;
  /** Billable units per GPU: 1 (purchase), months (lease) or calendar hours (cloud) over the term within the horizon. */
  units: number;
  /** quantity × unit price × units, in the action's currency (exact). */
  total: string;
  fx: Fx | null;
  /** total × FX rate in the reporting currency (exact), null without a rate. */
  total_rep: string | null;
  /** The plan's own total_cost when it differs from `total` (noted on the sheet). */
  plan_total_differs: string | null;
}

const unitOf = (mode: string): PriceUnit => (mode === 'buy' ? 'gpu' : mode === 'lease' ? 'gpu_month' : 'gpu_hour');

/** The month purchases are first paid in under the rule (order, arrival, or order for a split). */
export function firstPaymentMonth(a: PlanAction, opts: ExportOptions): string {
  return opts.payment.kind === 'arrival' ? a.arrival_month : a.order_month;
}

export function actionLines(input: ExportInput): ActionLine[] {
  const opts = optionsOf(input);
  const months = input.plan.months.map((m) => m.month);
  const first = months[0], last = months[months.length - 1];
  const fx = fxConverter(input);
  const ordered = input.plan.actions.map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.order_month.localeCompare(y.a.order_month) || x.a.arrival_month.localeCompare(y.a.arrival_month) || x.i - y.i)
    .map((x) => x.a);
  return ordered.map((a, k) => {
    const unit = unitOf(a.mode);
    const price = dec(a.unit_price) ?? new Decimal(0);
    let from = a.arrival_month, to = a.arrival_month, units = 1, term: number | null = null;
    if (unit !== 'gpu') {
      from = first && a.arrival_month < first ? first : a.arrival_month;
      const end = a.term_months ? addMonths(a.arrival_month, a.term_months - 1) : last ?? a.arrival_month;
      to = last && end > last ? last : end;
      term = to >= from ? monthOrdinal(to) - monthOrdinal(from) + 1 : 0;
      units = 0;
      for (let o = 0; o < term; o++) units += unit === 'gpu_month' ? 1 : daysInMonth(addMonths(from, o)) * 24;
    }
    const total = price.times(a.quantity).times(units);
    const rate = fx(a.currency, unit === 'gpu' ? firstPaymentMonth(a, opts) : from);
    const planTotal = dec(a.total_cost);
    return {
      no: k + 1, action: a, unit, term_months: term, from, to, units, total: plain(total), fx: rate,
      total_rep: rate ? plain(total.times(rate.rate)) : null,
      plan_total_differs: planTotal && !planTotal.toDecimalPlaces(2).eq(total.toDecimalPlaces(2)) ? plain(planTotal) : null,
    };
  });
}

// ---- cash schedule (purchases) -------------------------------------------------------------

export interface Payment {
  month: string;
  /** "#3" for the third action, "cluster 7" for a bought cluster of the fleet. */
  ref: string;
  site: string;
  gpu_id: string;
  share: number; // fraction of the purchase paid in this month
  amount: string; // own currency, exact
  currency: string;
  fx: Fx | null;
  amount_rep: string | null;
}

/** Every purchase payment within the horizon: planned purchases under the payment rule, bought
 *  clusters of the fleet in their recorded paid month (else their in-service month). */
export function payments(input: ExportInput, lines: ActionLine[] = actionLines(input)): Payment[] {
  const opts = optionsOf(input);
  const months = new Set(input.plan.months.map((m) => m.month));
  const fx = fxConverter(input);
  const out: Payment[] = [];
  const push = (month: string, ref: string, site: string, gpu: string, share: number, amount: Dec, currency: string) => {
    if (!months.has(month) || amount.isZero()) return;
    const r = fx(currency, month);
    out.push({ month, ref, site, gpu_id: gpu, share, amount: plain(amount), currency, fx: r, amount_rep: r ? plain(amount.times(r.rate)) : null });
  };
  for (const a of input.assets ?? []) {
    const cost = (dec(a.unit_price) ?? new Decimal(0)).times(a.gpus);
    push(a.paid_month ?? a.in_service_from, `cluster ${a.cluster_id}`, a.site, a.gpu_id, 1, cost, a.currency);
  }
  for (const l of lines) {
    if (l.unit !== 'gpu') continue;
    const a = l.action;
    const total = new Decimal(l.total);
    const p = opts.payment;
    if (p.kind === 'order') push(a.order_month, `#${l.no}`, a.site, a.gpu_id, 1, total, a.currency);
    else if (p.kind === 'arrival') push(a.arrival_month, `#${l.no}`, a.site, a.gpu_id, 1, total, a.currency);
    else {
      const atOrder = total.times(p.at_order).toDecimalPlaces(2);
      push(a.order_month, `#${l.no}`, a.site, a.gpu_id, p.at_order, atOrder, a.currency);
      push(a.arrival_month, `#${l.no}`, a.site, a.gpu_id, 1 - p.at_order, total.minus(atOrder), a.currency);
    }
  }
  return out.sort((x, y) => x.month.localeCompare(y.month));
}

// ---- depreciation schedule -----------------------------------------------------------------

export interface Asset {
  ref: string;
  site: string;
  gpu_id: string;
  gpus: number;
  /** Cost and residual in the reporting currency, to the cent. */
  cost: string;
  residual: string;
  in_service: string;
  life_months: number;
  /** Depreciation charged in each horizon month (reporting currency, cents, sums to cost − residual over the life). */
  charges: bigint[];
  /** Net book value at the end of each horizon month (cents); null before it enters service. */
  nbv: (bigint | null)[];
}

const cents = (d: Dec): bigint => BigInt(d.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).times(100).toFixed(0));
export const fromCents = (c: bigint): string => unitsToDecimal(c, 2);

/** Straight line from the in-service month, cumulative amounts rounded half-even (as the burn engine does). */
export function assets(input: ExportInput): Asset[] {
  const opts = optionsOf(input);
  const months = input.plan.months.map((m) => m.month);
  const fx = fxConverter(input);
  const life0 = input.default_life_months ?? DEFAULT_USEFUL_LIFE_MONTHS;
  const out: Asset[] = [];
  const add = (ref: string, site: string, gpu: string, gpus: number, cost0: Dec, residual0: Dec, currency: string, inService: string, paid: string, life: number) => {
    const r = fx(currency, paid);
    if (!r) return;
    const cost = cents(cost0.times(r.rate)), residual = cents(residual0.times(r.rate));
    const d = cost - residual;
    const L = BigInt(life);
    const cum = (k: number) => (k <= 0 ? 0n : k >= life ? d : divRound(d * BigInt(k), L, 'half_even'));
    const start = monthOrdinal(inService);
    const charges: bigint[] = [], nbv: (bigint | null)[] = [];
    for (const m of months) {
      const k = monthOrdinal(m) - start;
      if (k < 0) { charges.push(0n); nbv.push(null); continue; }
      charges.push(cum(k + 1) - cum(k));
      nbv.push(cost - cum(k + 1));
    }
    out.push({ ref, site, gpu_id: gpu, gpus, cost: fromCents(cost), residual: fromCents(residual), in_service: inService, life_months: life, charges, nbv });
  };
  for (const a of input.assets ?? []) {
    const per = dec(a.unit_price) ?? new Decimal(0);
    add(`cluster ${a.cluster_id}`, a.site, a.gpu_id, a.gpus, per.times(a.gpus), (dec(a.residual_value) ?? new Decimal(0)).times(a.gpus), a.currency,
      a.in_service_from, a.paid_month ?? a.in_service_from, a.useful_life_months ?? life0);
  }
  for (const l of actionLines(input)) {
    if (l.unit !== 'gpu') continue;
    add(`#${l.no}`, l.action.site, l.action.gpu_id, l.action.quantity, new Decimal(l.total), new Decimal(0), l.action.currency,
      l.action.arrival_month, firstPaymentMonth(l.action, opts), life0);
  }
  return out;
}

// ---- periods -----------------------------------------------------------------------------------

export interface Period { label: string; from: string; to: string }

/** Calendar quarters covering the horizon (first and last month of each, clipped to the horizon). */
export function quarters(months: string[]): Period[] {
  const out: Period[] = [];
  for (const m of months) {
    const [y, mo] = m.split('-').map(Number);
    const q = Math.floor((mo - 1) / 3) + 1;
    const label = `${y}-Q${q}`;
    const last = out[out.length - 1];
    if (last && last.label === label) last.to = m;
    else out.push({ label, from: m, to: m });
  }
  return out;
}

/** Fiscal years starting in `startMonth` (1..12): FY2027 is the one ending in 2027 (or FY2027 for a calendar year). */
export function fiscalYears(months: string[], startMonth: number): Period[] {
  const out: Period[] = [];
  for (const m of months) {
    const [y, mo] = m.split('-').map(Number);
    const startYear = mo >= startMonth ? y : y - 1;
    const label = startMonth === 1 ? `FY${startYear}` : `FY${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
    const last = out[out.length - 1];
    if (last && last.label === label) last.to = m;
    else out.push({ label, from: m, to: m });
  }
  return out;
}

// ---- chargeback --------------------------------------------------------------------------------

export type Basis = 'usage' | 'reservation';

export interface Allocation { month: string; basis: Basis; pool: string; class_id: string | null; weight: number; amount: string }

/** Largest-remainder split of a decimal amount by non-negative weights, at the amount's own scale
 *  (at least cents): the parts add up to the amount exactly. All-zero weights: null. */
export function allocate(amount: string, weights: number[]): string[] | null {
  const { units, scale: s0 } = parseDecimal(amount);
  const scale = Math.max(2, s0);
  const u = units * 10n ** BigInt(scale - s0);
  const ratios = weights.map((w) => (Number.isFinite(w) && w > 0 ? BigInt(Math.round(w * 1000)) : 0n));
  if (ratios.every((r) => r === 0n)) return null;
  return allocateUnits(u, ratios).map((x) => unitsToDecimal(x, scale));
}

/** Usage weight of a pool in a month: served tokens if the plan reports them, else peak demand capped at capacity. */
const usage = (p: NonNullable<PlanMonth['pools']>[number]) => p.output_tokens ?? Math.min(p.peak_output_tokens_per_s, p.capacity_output_tokens_per_s);

/** Each month's total burn split over pools (and, within a pool, over its request classes by usage), on both bases. */
export function chargeback(input: ExportInput): Allocation[] {
  const out: Allocation[] = [];
  for (const m of input.plan.months) {
    const total = m.burn?.total;
    const pools = m.pools ?? [];
    if (!total || !pools.length) continue;
    for (const basis of ['usage', 'reservation'] as Basis[]) {
      const w = pools.map((p) => (basis === 'usage' ? usage(p) : p.capacity_output_tokens_per_s));
      const parts = allocate(total, w);
      if (!parts) { out.push({ month: m.month, basis, pool: '', class_id: null, weight: 0, amount: total }); continue; }
      pools.forEach((p, i) => {
        const classes = p.classes ?? [];
        const split = classes.length ? allocate(parts[i], classes.map((c) => c.output_tokens)) : null;
        if (!split) { out.push({ month: m.month, basis, pool: p.pool_id, class_id: null, weight: w[i], amount: parts[i] }); return; }
        classes.forEach((c, j) => out.push({ month: m.month, basis, pool: p.pool_id, class_id: c.class_id, weight: c.output_tokens, amount: split[j] }));
      });
    }
  }
  return out;
}
