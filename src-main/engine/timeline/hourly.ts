// Hour-by-hour evaluation of a day (issue 19), used when any class has its own weekly profile,
// a batch deadline or calendar effects. Each class loads its pool with its own weekday/weekend
// shape; interactive classes are served when they arrive (peak minute = hour mean × burst);
// batch (deferrable) classes are filled into the spare capacity left under the pool's safe
// utilisation, earliest deadline first, on a cyclic day (the day repeated until backlog carried
// in from the day before is included). A pool is overloaded when its interactive load exceeds
// the safe utilisation in some hour, or when batch work misses its deadline.
// Pure: no allocation per call beyond the scratch built once per model.
import type { Model } from './index.js';
import { C_OUT, C_STT, C_TTS, C_IMG, P_BURST, X_WEEKEND } from '../demand/index.js';

export interface HourlyScratch {
  /** [q*24+h] interactive output tokens/s at the peak minute of hour h. */
  tokI: Float64Array;
  reqI: Float64Array;
  medI: Float64Array;
  /** [c*24+h] class arrivals in output tokens/s (interactive with burst; batch as the hour mean). */
  classTok: Float64Array;
  /** [c*24+h] output tokens/s served in hour h (batch: when scheduled; interactive: on arrival, no burst). */
  classServed: Float64Array;
  /** [c] per-day output tokens missed (batch) and deferred to a later hour, tokens/s·h. */
  missed: Float64Array;
  deferred: Float64Array;
  /** [q] off-peak served / served batch (tokens/s·h) for the day. */
  offpeak: Float64Array;
  batchServed: Float64Array;
  /** [q] 1 when a batch deadline was missed in pool q. */
  poolMissed: Uint8Array;
  /** [q*24+h] batch served in pool q, hour h. */
  poolBatch: Float64Array;
  /** EDF work arrays. */
  rem: Float64Array;
  head: Int32Array;
  spare: Float64Array;
  x: Float64Array;
  arr: Float64Array;
  util: Float64Array;
}

export function hourlyScratch(model: Model): HourlyScratch {
  const nb = model.batchClasses.length;
  const T = model.edfCycles * 24;
  return {
    tokI: new Float64Array(model.nP * 24), reqI: new Float64Array(model.nP * 24), medI: new Float64Array(model.nP * 24),
    classTok: new Float64Array(model.nC * 24), classServed: new Float64Array(model.nC * 24),
    missed: new Float64Array(model.nC), deferred: new Float64Array(model.nC),
    offpeak: new Float64Array(model.nP), batchServed: new Float64Array(model.nP), poolMissed: new Uint8Array(model.nP),
    poolBatch: new Float64Array(model.nP * 24),
    rem: new Float64Array(Math.max(1, nb) * T), head: new Int32Array(Math.max(1, nb)), spare: new Float64Array(24), x: new Float64Array(24), arr: new Float64Array(24), util: new Float64Array(24),
  };
}

/**
 * Loads of one day type: `R2` holds each class's requests per (week)day after events. Fills the
 * interactive loads per pool and hour, and each class's arrivals per hour.
 */
export function hourlyLoads(model: Model, p: Float64Array, R2: Float64Array, weekend: boolean, calSlots: Int32Array, calClass: Int32Array, hs: HourlyScratch, detail = true): void {
  const L = model.layout;
  hs.tokI.fill(0); hs.reqI.fill(0); hs.medI.fill(0);
  const burst = p[P_BURST];
  const wk = weekend ? 1 : 0;
  for (let c = 0; c < model.nC; c++) {
    let a = R2[c] / 3600;
    if (weekend) a *= p[L.extOffset(c) + X_WEEKEND];
    for (let j = 0; j < calSlots.length; j++) if (calClass[j] === c) a *= p[calSlots[j]];
    const shape = model.classShapes[c * 2 + wk];
    const o = L.classOffset(c);
    const out = p[o + C_OUT];
    const ct = c * 24;
    if (model.classDeadline[c] > 0) {
      const k = a * out;
      for (let h = 0; h < 24; h++) hs.classTok[ct + h] = k * shape[h];
      continue;
    }
    const kb = a * burst;
    const tk = kb * out;
    const med = kb * (p[o + C_STT] + p[o + C_TTS] + p[o + C_IMG]);
    const q = model.classPool[c] * 24, qm = model.classMedia[c] * 24;
    const tokI = hs.tokI;
    if (detail) {
      for (let h = 0; h < 24; h++) {
        const s = shape[h];
        hs.classTok[ct + h] = tk * s;
        hs.reqI[q + h] += kb * s;
        tokI[q + h] += tk * s;
      }
    } else if (tk > 0) for (let h = 0; h < 24; h++) tokI[q + h] += tk * shape[h];
    if (med > 0) { const medI = hs.medI; for (let h = 0; h < 24; h++) medI[qm + h] += med * shape[h]; }
  }
}

/**
 * Earliest-deadline-first over `cycles` repeats of one day: batch classes `bs` (indices into
 * model.batchClasses) arriving `hs.classTok`, spare capacity `hs.spare` (tokens/s per hour).
 * Returns the work missed (tokens/s·h, over every cycle). When `detail`, fills served per class
 * and hour, deferred and missed per class for the last cycle.
 */
export function edf(model: Model, bs: ArrayLike<number>, hs: HourlyScratch, detail: boolean): number {
  const nb = bs.length;
  const cycles = model.edfCycles, T = cycles * 24, last = T - 24;
  const rem = hs.rem, head = hs.head, spare = hs.spare;
  for (let i = 0; i < nb; i++) {
    const c = model.batchClasses[bs[i]], ct = c * 24, base = i * T;
    for (let t = 0; t < T; t++) rem[base + t] = hs.classTok[ct + (t % 24)];
    head[i] = 0;
    if (detail) { hs.missed[c] = 0; hs.deferred[c] = 0; for (let h = 0; h < 24; h++) hs.classServed[ct + h] = 0; }
  }
  let missed = 0;
  for (let t = 0; t < T; t++) {
    let s = spare[t % 24];
    while (s > 0) {
      let best = -1, bestDl = Infinity;
      for (let i = 0; i < nb; i++) {
        const base = i * T;
        while (head[i] <= t && rem[base + head[i]] <= 0) head[i]++;
        if (head[i] > t) continue;
        const dl = head[i] + model.batchDeadline[bs[i]];
        if (dl < bestDl) { bestDl = dl; best = i; }
      }
      if (best < 0) break;
      const at = best * T + head[best];
      const x = rem[at] < s ? rem[at] : s;
      rem[at] -= x; s -= x;
      if (rem[at] <= 1e-12 * x) rem[at] = 0;
      if (detail && t >= last) {
        const c = model.batchClasses[bs[best]];
        hs.classServed[c * 24 + (t - last)] += x;
        if (head[best] < t) hs.deferred[c] += x;
      }
    }
    // Work whose deadline ends with this hour and is still waiting is missed.
    for (let i = 0; i < nb; i++) {
      const base = i * T, D = model.batchDeadline[bs[i]];
      for (let a = head[i]; a <= t && a + D - 1 <= t; a++) {
        if (rem[base + a] > 0) {
          missed += rem[base + a];
          if (detail && a >= last - 24 && a < last) hs.missed[model.batchClasses[bs[i]]] += rem[base + a];
          rem[base + a] = 0;
        }
        head[i] = a + 1;
      }
    }
  }
  return missed;
}

/** Spare tokens/s per hour of pool q at `level` (tokens/s the pool may carry) minus its interactive load `x`. */
function fillSpare(hs: HourlyScratch, level: number): void {
  for (let h = 0; h < 24; h++) { const v = level - hs.x[h]; hs.spare[h] = v > 0 ? v : 0; }
}

/** Interactive load of pool q per hour in tokens/s, media converted at the pool's tokens per GPU. */
function interactiveTokens(hs: HourlyScratch, q: number, tokcap: number, gpusUp: number): number {
  let mx = 0;
  const conv = gpusUp > 0 ? tokcap / gpusUp : 0;
  for (let h = 0; h < 24; h++) {
    const v = hs.tokI[q * 24 + h] + hs.medI[q * 24 + h] * conv;
    hs.x[h] = v;
    if (v > mx) mx = v;
  }
  return mx;
}

/** Batch arrivals of pool q summed per hour into `out` (tokens/s); returns the day's total (tokens/s·h). */
function batchArrivals(model: Model, q: number, hs: HourlyScratch, out: Float64Array): number {
  out.fill(0);
  let tot = 0;
  for (const b of model.poolBatch[q]) {
    const ct = model.batchClasses[b] * 24;
    for (let h = 0; h < 24; h++) { out[h] += hs.classTok[ct + h]; tot += hs.classTok[ct + h]; }
  }
  return tot;
}

export interface PoolDay {
  /** Interactive peak utilisation and the hours whose interactive load exceeds the safe utilisation. */
  util_interactive: number;
  hours_over: number;
  missed: boolean;
  /** Tokens/s the pool must be able to carry at its safe utilisation: interactive peak plus batch that cannot fit (deterministic only). */
  required_tokens_per_s: number;
  /** The same if batch were served on arrival (with the burst). */
  required_if_interactive: number;
  /** Interactive peak in tokens/s (media converted) and the batch the day's spare cannot hold, averaged over 24 h. */
  x_peak: number;
  shortfall: number;
}

/**
 * Pool q on the day loaded in `hs`: interactive utilisation per hour, then batch EDF in the spare
 * under `rho`. With `detail`, also the load the pool must carry (bisection on the level at which
 * every deadline is met) and what batch-as-interactive would need.
 */
export function poolDay(model: Model, q: number, hs: HourlyScratch, tokcap: number, gpusUp: number, rho: number, detail: boolean, burst: number, util: Float64Array): PoolDay {
  let peakU = 0, over = 0;
  for (let h = 0; h < 24; h++) {
    let u = 0;
    const tk = hs.tokI[q * 24 + h], md = hs.medI[q * 24 + h];
    if (tk > 0) u += tokcap > 0 ? tk / tokcap : Infinity;
    if (md > 0) u += gpusUp > 0 ? md / gpusUp : Infinity;
    util[h] = u;
    if (u > peakU) peakU = u;
    if (u > 0 && u > rho) over++;
  }
  const bs = model.poolBatch[q];
  const xPeak = interactiveTokens(hs, q, tokcap, gpusUp);
  let missed = false, shortfall = 0;
  let reqTok = xPeak, reqInt = xPeak;
  hs.poolMissed[q] = 0; hs.offpeak[q] = 0; hs.batchServed[q] = 0;
  for (let h = 0; h < 24; h++) hs.poolBatch[q * 24 + h] = 0;
  if (bs.length) {
    const arr = hs.arr;
    const total = batchArrivals(model, q, hs, arr);
    fillSpare(hs, rho * tokcap);
    let spareTot = 0, onArrival = true;
    for (let h = 0; h < 24; h++) { spareTot += hs.spare[h]; if (arr[h] > hs.spare[h]) onArrival = false; }
    // Fast paths (the Monte Carlo): all batch fits in its arrival hour, or the day cannot hold it.
    const lost = !detail && onArrival ? 0 : !detail && total > spareTot ? total - spareTot : edf(model, bs, hs, detail);
    missed = total > 0 && (lost > 1e-9 * total || total > spareTot * (1 + 1e-12));
    if (total > spareTot) shortfall = (total - spareTot) / 24;
    if (detail) {
      let mean = 0, anyI = false;
      for (let h = 0; h < 24; h++) { mean += util[h] / 24; if (util[h] > 0) anyI = true; }
      for (const b of bs) {
        const c = model.batchClasses[b];
        for (let h = 0; h < 24; h++) {
          const v = hs.classServed[c * 24 + h];
          hs.poolBatch[q * 24 + h] += v;
          hs.batchServed[q] += v;
          if (!anyI || util[h] < mean) hs.offpeak[q] += v;
        }
      }
      // Required level: lowest L (tokens/s) at which every deadline is met.
      let hi = 0;
      for (let h = 0; h < 24; h++) { hi = Math.max(hi, hs.x[h] + arr[h]); reqInt = Math.max(reqInt, hs.x[h] + arr[h] * burst); }
      let lo = xPeak;
      let sumX = 0;
      for (let h = 0; h < 24; h++) sumX += hs.x[h];
      lo = Math.max(lo, (sumX + total) / 24);
      const feasible = (lvl: number) => { fillSpare(hs, lvl); return edf(model, bs, hs, false) <= 1e-9 * total; };
      if (total <= 0 || feasible(lo)) hi = lo;
      else {
        for (let k = 0; k < 40 && hi - lo > 1e-7 * hi; k++) { const mid = (lo + hi) / 2; if (feasible(mid)) hi = mid; else lo = mid; }
      }
      reqTok = hi;
      // restore the detail of the actual schedule
      fillSpare(hs, rho * tokcap);
      edf(model, bs, hs, true);
    }
    if (missed) hs.poolMissed[q] = 1;
  }
  return { util_interactive: peakU, hours_over: over, missed, required_tokens_per_s: reqTok, required_if_interactive: reqInt, x_peak: xPeak, shortfall };
}

/** What `poolDayFast` found (scratch, no allocation per call). */
export interface FastDay { util: number; over: boolean; peakTok: number; peakMed: number; shortfall: number }

/**
 * Pool q on the day loaded in `hs`, for the Monte Carlo: interactive peak utilisation, whether
 * the pool is over (interactive above `rho`, or a batch deadline missed), peak demand and the
 * batch the day cannot hold. One pass over the hours; the EDF runs only when batch neither fits
 * in its arrival hours nor exceeds the day's spare.
 */
export function poolDayFast(model: Model, q: number, hs: HourlyScratch, tokcap: number, gpusUp: number, rho: number, out: FastDay): void {
  const base = q * 24;
  const tokI = hs.tokI, medI = hs.medI;
  const bs = model.poolBatch[q];
  const nb = bs.length;
  const conv = gpusUp > 0 ? tokcap / gpusUp : 0;
  const level = rho * tokcap;
  let peakU = 0, peakTok = 0, peakMed = 0, total = 0, spareTot = 0, onArrival = true;
  for (let h = 0; h < 24; h++) {
    const tk = tokI[base + h], md = medI[base + h];
    let u = 0;
    if (tk > 0) u += tokcap > 0 ? tk / tokcap : Infinity;
    if (md > 0) u += gpusUp > 0 ? md / gpusUp : Infinity;
    if (u > peakU) peakU = u;
    if (tk > peakTok) peakTok = tk;
    if (md > peakMed) peakMed = md;
    if (nb) {
      let a = 0;
      for (let i = 0; i < nb; i++) a += hs.classTok[model.batchClasses[bs[i]] * 24 + h];
      const sp = level - tk - md * conv;
      const spare = sp > 0 ? sp : 0;
      hs.spare[h] = spare;
      total += a; spareTot += spare;
      if (a > spare) onArrival = false;
    }
  }
  let missed = false, shortfall = 0;
  if (nb && total > 0 && !onArrival) {
    if (total > spareTot) { missed = true; shortfall = (total - spareTot) / 24; }
    else missed = edf(model, bs, hs, false) > 1e-9 * total;
  }
  out.util = peakU;
  out.over = (peakU > 0 && peakU > rho) || missed;
  out.peakTok = peakTok;
  out.peakMed = peakMed;
  out.shortfall = shortfall;
}
