// Monte Carlo crash forecast: each path draws every uncertain input once (growth, DAU share,
// requests per DAU, tokens per request, event size, GPU availability...) from its P10/P50/P90,
// runs the fleet timeline and records the first overloaded month. Paths are independent and
// seeded per path, so any split across workers gives the same result. Also a one-at-a-time
// sensitivity ranking (tornado): which input moves the crash month most between its P10 and P90.
// Issue 13: each path also draws the capacity engine's own error, one multiplier per (GPU family,
// engine) from the calibration's held-out residuals (timeline/capacity-error.ts), on its own
// random stream, so the demand draws of a path are the same with or without it.
import type { Knob } from '../demand/index.js';
import { evaluateFast, fastScratch, poolState, type FastScratch, type Model } from '../timeline/index.js';
import { mulberry32, normInv, pathSeed, splitQuantile, Z90 } from './random.js';
import { baseNeed, needOfEvaluated, scaleFromNeeds, type DemandScaleResult } from './need.js';
import { capacityErrorSource } from '../timeline/capacity-error.js';

export * from './random.js';

export const MAX_RUNS = 200_000;

/** Safe utilisation per pool and month on a small grid of availability and TTFT-tail values. */
export interface RhoTable {
  aPts: number[][];           // [q] availability grid (sorted)
  tPts: number[][];           // [q] tail grid (sorted)
  vals: Float64Array[];       // [q][(m * nA + ia) * nT + it]
}

const gridOf = (k: Knob | undefined, value: number): number[] =>
  [...new Set(k && k.p10 !== undefined ? [k.p10, k.value, k.p90 as number] : [value])].sort((a, b) => a - b);

export function rhoTable(model: Model): RhoTable {
  const L = model.layout;
  const byIndex = new Map(L.knobs.map((k) => [k.index, k]));
  const cache = new Map<string, number>();
  const aPts: number[][] = [], tPts: number[][] = [], vals: Float64Array[] = [];
  for (let q = 0; q < model.nP; q++) {
    const ai = L.poolOffset(q), ti = ai + 1;
    const A = gridOf(byIndex.get(ai), L.base[ai]);
    const T = gridOf(byIndex.get(ti), L.base[ti]);
    const v = new Float64Array(model.H * A.length * T.length);
    for (let m = 0; m < model.H; m++) {
      for (let ia = 0; ia < A.length; ia++) {
        for (let it = 0; it < T.length; it++) v[(m * A.length + ia) * T.length + it] = poolState(model, q, m, A[ia], T[it], cache).safe_utilisation;
      }
    }
    aPts.push(A); tPts.push(T); vals.push(v);
  }
  return { aPts, tPts, vals };
}

/** Piecewise-linear position of x on a sorted grid: lower index and weight of the upper. */
function locate(pts: number[], x: number, out: Float64Array, at: number): void {
  const n = pts.length;
  if (n === 1 || x <= pts[0]) { out[at] = 0; out[at + 1] = 0; return; }
  if (x >= pts[n - 1]) { out[at] = n - 1; out[at + 1] = 0; return; }
  let i = 0;
  while (pts[i + 1] < x) i++;
  out[at] = i; out[at + 1] = (x - pts[i]) / (pts[i + 1] - pts[i]);
}

/** Fills a pool's safe utilisation for every month at (availability, tail) by bilinear interpolation. */
export function rhoLookup(model: Model, t: RhoTable) {
  const w = new Float64Array(4);
  return (q: number, a: number, tail: number, out: Float64Array): void => {
    const A = t.aPts[q], T = t.tPts[q], v = t.vals[q];
    locate(A, a, w, 0); locate(T, tail, w, 2);
    const ia = w[0], wa = w[1], it = w[2], wt = w[3];
    const nA = A.length, nT = T.length;
    const ia2 = wa > 0 ? ia + 1 : ia, it2 = wt > 0 ? it + 1 : it;
    for (let m = 0; m < model.H; m++) {
      const b = m * nA;
      const lo = v[(b + ia) * nT + it] * (1 - wt) + v[(b + ia) * nT + it2] * wt;
      const hi = v[(b + ia2) * nT + it] * (1 - wt) + v[(b + ia2) * nT + it2] * wt;
      out[m] = lo * (1 - wa) + hi * wa;
    }
  };
}

/** The uncertain inputs (those with P10/P90). */
export function uncertainKnobs(model: Model): Knob[] {
  return model.layout.knobs.filter((k) => k.p10 !== undefined && k.p90 !== undefined && (k.p10 !== k.value || k.p90 !== k.value));
}

/** Fill `p` with path `path`'s draw of every uncertain input (others stay at their value). */
export function drawPath(model: Model, knobs: Knob[], seed: number, path: number, p: Float64Array): void {
  p.set(model.layout.base);
  const rnd = mulberry32(pathSeed(seed, path));
  for (const k of knobs) {
    let u = rnd();
    if (u <= 0) u = 1e-12;
    const x = splitQuantile(k.value, k.p10 as number, k.p90 as number, normInv(u));
    p[k.index] = Math.min(k.max, Math.max(k.min, x));
  }
}

/** Salt of the capacity-error stream (a path's demand draws use pathSeed(seed, path) itself). */
const CAPACITY_SALT = 0x6c8e9cf5;

/**
 * Path `path`'s capacity-error multipliers into sc.capMul (one draw per (family, engine), shared by
 * every pool and GPU type carrying that key); all 1 when the model has no capacity error.
 * Returns the multipliers, one per model.capErr.dists entry (none without capacity error).
 */
export function drawCapacity(model: Model, seed: number, path: number, sc: FastScratch): number[] {
  const ce = model.capErr;
  if (!ce) return [];
  const rnd = mulberry32(pathSeed((seed ^ CAPACITY_SALT) >>> 0, path));
  const mult = ce.dists.map((d) => {
    let u = rnd();
    if (u <= 0) u = 1e-12;
    return Math.exp(d.mu + d.sigma * normInv(u));
  });
  setCapacity(model, sc, (k) => mult[k]);
  return mult;
}

/** Every pool's GPU-type multipliers from a per-key function (1 where a type carries no key). */
export function setCapacity(model: Model, sc: FastScratch, byKey: (k: number) => number): void {
  const ce = model.capErr;
  for (let q = 0; q < model.nP; q++) {
    const mul = sc.capMul[q];
    const tk = ce?.typeKey[q];
    for (let t = 0; t < mul.length; t++) mul[t] = tk && tk[t] >= 0 ? byKey(tk[t]) : 1;
  }
}

/** What one range of paths produced (a worker's share). */
export interface McPartial {
  from: number;
  to: number;
  /** First overloaded month index per path, -1 when none within the horizon. */
  crash: Int16Array;
  /** Paths overloaded in month m. */
  overCount: Int32Array;
  /** Per month and pool, every path's peak demand and utilisation (for the fan chart), column-major:
   *  index ((m * nP + q) * paths + i), so each month-pool column is contiguous. */
  demand: Float32Array;
  util: Float32Array;
  /** With RunOptions.need: every path's need (need.ts), same layout as `demand`, and the point-estimate need. */
  need?: Float64Array;
  needBase?: Float64Array;
  cancelled: boolean;
}

export interface RunOptions {
  seed: number;
  from: number;
  to: number;
  onProgress?: (done: number) => void;
  shouldStop?: () => boolean;
  /** Paths between progress reports. */
  every?: number;
  /** What varies (issue 13): everything (default), demand inputs only (capacity at the engine's
   *  point estimate), or the engine's error only (demand inputs at their medians). */
  vary?: 'all' | 'demand' | 'engine';
  /** Also keep each path's need for the risk-targeted sizing (risk.ts), so a plan need not run the paths again. */
  need?: boolean;
}

export function runPaths(model: Model, table: RhoTable, o: RunOptions): McPartial {
  const n = o.to - o.from;
  const stride = model.H * model.nP;
  const out: McPartial = {
    from: o.from, to: o.to, crash: new Int16Array(n).fill(-1), overCount: new Int32Array(model.H),
    demand: new Float32Array(n * stride), util: new Float32Array(n * stride), cancelled: false,
  };
  const knobs = uncertainKnobs(model);
  const p = new Float64Array(model.layout.base.length);
  const sc = fastScratch(model);
  const rho = rhoLookup(model, table);
  const over = new Uint8Array(model.H);
  const sink = { over, demand: new Float64Array(stride), util: new Float64Array(stride) };
  const every = o.every ?? 500;
  const vary = o.vary ?? 'all';
  const keepNeed = !!o.need && vary === 'all';
  const row = keepNeed ? new Float64Array(stride) : null;
  if (keepNeed) { out.need = new Float64Array(n * stride); out.needBase = baseNeed(model, rho); }
  if (vary === 'engine') p.set(model.layout.base);
  for (let i = 0; i < n; i++) {
    if (i % every === 0) {
      if (o.shouldStop?.()) { out.cancelled = true; break; }
      if (i > 0) o.onProgress?.(i);
    }
    if (vary !== 'engine') drawPath(model, knobs, o.seed, o.from + i, p);
    if (vary !== 'demand') drawCapacity(model, o.seed, o.from + i, sc);
    sink.demand.fill(0); sink.util.fill(0);
    out.crash[i] = evaluateFast(model, p, sc, rho, sink);
    for (let m = 0; m < model.H; m++) out.overCount[m] += over[m];
    for (let j = 0; j < stride; j++) { out.demand[j * n + i] = sink.demand[j]; out.util[j * n + i] = sink.util[j]; }
    if (row) {
      needOfEvaluated(model, p, sc, sink, row);
      const need = out.need!;
      for (let j = 0; j < stride; j++) need[j * n + i] = row[j];
    }
  }
  if (!out.cancelled) o.onProgress?.(n);
  return out;
}

export interface Quantiles { p10: number; p50: number; p90: number }
export interface McSummary {
  runs: number;
  seed: number;
  /** P(overload) per month. */
  p_overload: number[];
  /** P(the service has fallen over by the end of month m). */
  p_crashed_by: number[];
  /** Crash month quantiles; a quantile beyond the horizon is null; the whole is null when P10 is. */
  crash_month: { p10: string | null; p50: string | null; p90: string | null } | null;
  crash_share: number;
  /** fan[q][m]: P10/P50/P90 of the pool's peak demand and utilisation. */
  fan: { pool_id: string; months: { demand: Quantiles; utilisation: Quantiles }[] }[];
  /** With a service level: the risk-targeted sizing of these very paths (risk.ts demandScale's answer). */
  demand_scale?: DemandScaleResult;
}

/** Nearest-rank quantile of a sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const k = Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
  return sorted[k];
}

/** Puts the k-th smallest of a[lo..hi] at a[k] (Hoare's quickselect, O(n)); reorders that range. */
function selectRange(a: Float32Array | Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three as pivot
    if (a[mid] < a[lo]) { const t = a[mid]; a[mid] = a[lo]; a[lo] = t; }
    if (a[hi] < a[lo]) { const t = a[hi]; a[hi] = a[lo]; a[lo] = t; }
    if (a[hi] < a[mid]) { const t = a[hi]; a[hi] = a[mid]; a[mid] = t; }
    const pivot = a[mid];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j; else if (k >= i) lo = i; else return a[k];
  }
  return a[k];
}

const rank = (n: number, q: number) => Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));

/** Nearest-rank quantile by in-place selection; reorders `a`. */
export function selectQuantile(a: Float32Array | Float64Array, q: number): number {
  return a.length === 0 ? NaN : selectRange(a, rank(a.length, q), 0, a.length - 1);
}

/** P10/P50/P90 by selection: the median first, then each tail only within its half. */
export function selectQuantiles(a: Float32Array | Float64Array): Quantiles {
  const n = a.length;
  if (n === 0) return { p10: NaN, p50: NaN, p90: NaN };
  const k50 = rank(n, 0.5), k10 = rank(n, 0.1), k90 = rank(n, 0.9);
  const p50 = selectRange(a, k50, 0, n - 1);
  const p10 = k10 < k50 ? selectRange(a, k10, 0, k50 - 1) : p50;
  const p90 = k90 > k50 ? selectRange(a, k90, k50 + 1, n - 1) : p50;
  return { p10, p50, p90 };
}

export function summarise(model: Model, parts: McPartial[], seed: number, level?: number): McSummary {
  const sortedParts = [...parts].sort((a, b) => a.from - b.from);
  const runs = sortedParts.reduce((a, x) => a + x.crash.length, 0);
  const H = model.H, nP = model.nP;
  const crash = new Float64Array(runs);
  const over = new Float64Array(H);
  let k = 0;
  for (const part of sortedParts) {
    for (const c of part.crash) crash[k++] = c < 0 ? H : c;
    for (let m = 0; m < H; m++) over[m] += part.overCount[m];
  }
  crash.sort();
  const crashedBy = new Array<number>(H).fill(0);
  for (let i = 0, m = 0; m < H; m++) {
    while (i < runs && crash[i] <= m) i++;
    crashedBy[m] = runs ? i / runs : 0;
  }
  const label = (x: number) => (x >= H ? null : model.months[x]);
  const q10 = label(quantileSorted(crash, 0.1)), q50 = label(quantileSorted(crash, 0.5)), q90 = label(quantileSorted(crash, 0.9));
  const col = new Float32Array(runs);
  const fan: McSummary['fan'] = model.poolIds.map((id) => ({ pool_id: id, months: [] }));
  for (let q = 0; q < nP; q++) {
    for (let m = 0; m < H; m++) {
      const pick = (src: 'demand' | 'util'): Quantiles => {
        let j = 0;
        const c = m * nP + q;
        for (const part of sortedParts) {
          const n = part.crash.length;
          col.set(part[src].subarray(c * n, (c + 1) * n), j);
          j += n;
        }
        return selectQuantiles(col.subarray(0, j));
      };
      fan[q].months.push({ demand: pick('demand'), utilisation: pick('util') });
    }
  }
  let demand_scale: DemandScaleResult | undefined;
  if (level !== undefined && sortedParts.length && sortedParts.every((x) => x.need && x.needBase)) {
    const stride = H * nP;
    const cols = new Float64Array(stride * runs);
    for (let j = 0; j < stride; j++) {
      let at = j * runs;
      for (const part of sortedParts) {
        const n = part.crash.length;
        cols.set(part.need!.subarray(j * n, (j + 1) * n), at);
        at += n;
      }
    }
    demand_scale = scaleFromNeeds(model, cols, runs, sortedParts[0].needBase!, seed, level);
  }
  return {
    ...(demand_scale ? { demand_scale } : {}),
    runs, seed,
    p_overload: Array.from(over, (x) => (runs ? x / runs : 0)),
    p_crashed_by: crashedBy,
    crash_month: q10 === null ? null : { p10: q10, p50: q50, p90: q90 },
    crash_share: crashedBy[H - 1] ?? 0,
    fan,
  };
}

/** Single-process Monte Carlo (tests, and hosts without workers). */
export function monteCarlo(model: Model, runs: number, seed: number, onProgress?: (done: number, total: number) => void, shouldStop?: () => boolean, level?: number): McSummary & { cancelled: boolean } {
  const table = rhoTable(model);
  const part = runPaths(model, table, { seed, from: 0, to: runs, onProgress: (d) => onProgress?.(d, runs), shouldStop, need: level !== undefined });
  return { ...summarise(model, [part], seed, level), cancelled: part.cancelled };
}

export type TornadoBar = {
  key: string;
  low: number;
  high: number;
  /** Crash month with the input at its P10 / P90 (others at their median); null = holds. */
  crash_low: string | null;
  crash_high: string | null;
  /** |crash month index at P10 − at P90|, a month past the horizon counting as H. */
  swing_months: number;
  /** Highest peak utilisation over the horizon at P10 / P90 (tie-breaker when the crash does not move). */
  peak_util_low: number;
  peak_util_high: number;
  source?: string;
  assumed?: string;
  /** Issue 13: a demand input, or the capacity engine's error for one (GPU family, engine) (key `capacity_error:<family>|<engine>`). */
  group?: 'demand' | 'engine';
};

export function sensitivity(model: Model, table: RhoTable = rhoTable(model)): TornadoBar[] {
  const knobs = uncertainKnobs(model);
  const sc = fastScratch(model);
  const rho = rhoLookup(model, table);
  const stride = model.H * model.nP;
  const sink = { over: new Uint8Array(model.H), demand: new Float64Array(stride), util: new Float64Array(stride) };
  const p = new Float64Array(model.layout.base.length);
  const run = (k: Knob | null, v: number) => {
    p.set(model.layout.base);
    if (k) p[k.index] = Math.min(k.max, Math.max(k.min, v));
    sink.demand.fill(0); sink.util.fill(0);
    const c = evaluateFast(model, p, sc, rho, sink);
    let peak = 0;
    for (const u of sink.util) if (u > peak && Number.isFinite(u)) peak = u;
    return { c: c < 0 ? model.H : c, peak };
  };
  const bars = knobs.map((k): TornadoBar => {
    const lo = run(k, k.p10 as number), hi = run(k, k.p90 as number);
    const label = (x: number) => (x >= model.H ? null : model.months[x]);
    return {
      key: k.key, low: k.p10 as number, high: k.p90 as number, crash_low: label(lo.c), crash_high: label(hi.c),
      swing_months: Math.abs(lo.c - hi.c), peak_util_low: lo.peak, peak_util_high: hi.peak, source: k.source, assumed: k.assumed, group: 'demand',
    };
  });
  // The engine's error: one (family, engine) at its P10 / P90 multiplier, every other at the point estimate.
  const label = (x: number) => (x >= model.H ? null : model.months[x]);
  (model.capErr?.dists ?? []).forEach((d, i) => {
    if (!(d.sigma > 0) && d.mu === 0) return;
    const lowX = Math.exp(d.mu - Z90 * d.sigma), highX = Math.exp(d.mu + Z90 * d.sigma);
    setCapacity(model, sc, (k) => (k === i ? lowX : 1));
    const lo = run(null, 0);
    setCapacity(model, sc, (k) => (k === i ? highX : 1));
    const hi = run(null, 0);
    bars.push({
      key: `capacity_error:${d.key}`, low: lowX, high: highX, crash_low: label(lo.c), crash_high: label(hi.c), swing_months: Math.abs(lo.c - hi.c),
      peak_util_low: lo.peak, peak_util_high: hi.peak, group: 'engine',
      source: capacityErrorSource(d),
    });
  });
  setCapacity(model, sc, () => 1);
  return bars.sort((a, b) => b.swing_months - a.swing_months || Math.abs(b.peak_util_high - b.peak_util_low) - Math.abs(a.peak_util_high - a.peak_util_low) || a.key.localeCompare(b.key));
}

/** Crash-month spread of one kind of uncertainty. */
export interface CrashSpread {
  runs: number;
  crash_month: { p10: string | null; p50: string | null; p90: string | null };
  /** P90 − P10 crash month index (a month past the horizon counts as H). */
  spread_months: number;
  /** Variance of the crash month index (same censoring). */
  variance: number;
}
export interface SensitivitySplit {
  demand: CrashSpread;
  engine: CrashSpread;
  both: CrashSpread;
  /** engine variance ÷ (demand variance + engine variance): the engine's share of the crash-month spread; 0 when neither moves it. */
  engine_share: number;
}

/**
 * How much of the crash-month spread comes from the demand inputs vs the capacity engine's own
 * error (issue 13): the same `runs` paths with only demand drawn, only the engine's error drawn,
 * and both. Same seed → same split.
 */
export function sensitivitySplit(model: Model, runs: number, seed: number, table: RhoTable = rhoTable(model)): SensitivitySplit {
  const one = (vary: 'all' | 'demand' | 'engine'): CrashSpread => {
    const part = runPaths(model, table, { seed, from: 0, to: runs, vary });
    const c = Float64Array.from(part.crash, (x) => (x < 0 ? model.H : x)).sort();
    let s = 0, ss = 0;
    for (const x of c) s += x;
    const mean = runs ? s / runs : 0;
    for (const x of c) ss += (x - mean) * (x - mean);
    const label = (x: number) => (x >= model.H ? null : model.months[x]);
    const q10 = quantileSorted(c, 0.1), q50 = quantileSorted(c, 0.5), q90 = quantileSorted(c, 0.9);
    return { runs, crash_month: { p10: label(q10), p50: label(q50), p90: label(q90) }, spread_months: q90 - q10, variance: runs > 1 ? ss / (runs - 1) : 0 };
  };
  const demand = one('demand'), engine = one('engine'), both = one('all');
  const tot = demand.variance + engine.variance;
  return { demand, engine, both, engine_share: tot > 0 ? engine.variance / tot : 0 };
}
