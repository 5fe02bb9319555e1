// The timeline and the Monte Carlo evaluation for hourly models (issue 19): the same month
// skeleton as `timeline`/`evaluateFast` in index.ts, with each day type evaluated hour by hour
// (engine/timeline/hourly.ts) so classes with different weekly profiles peak when they do, and
// batch classes are scheduled into the spare capacity before a month is called overloaded.
import {
  applyEvents, baseDemand, classSummary, poolState, scratch, usersSeries,
  type FastScratch, type FastSink, type Model, type MonthResult, type PoolMonth, type PoolState, type TimelineResult, type TypicalDay, type EventDay, type DayType,
} from './index.js';
import { hourlyLoads, hourlyScratch, poolDay, poolDayFast, type FastDay } from './hourly.js';
import { daysInMonth, b2bRequestsPerDay, C_IN, C_OUT, C_TPD, C_API_G, C_RPD, P_DAU, P_BURST } from '../demand/index.js';

const EMPTY = new Int32Array(0);

export function timelineHourly(model: Model, p: Float64Array): TimelineResult {
  const L = model.layout;
  const sc = scratch(model);
  const hs = hourlyScratch(model);
  const rhoCache = new Map<string, number>();
  const out: MonthResult[] = [];
  let crash: number | null = null;
  const states: PoolState[] = new Array(model.nP);
  const burst = p[P_BURST];
  const nC = model.nC, nP = model.nP;
  const hourU = new Float64Array(24), busyU = new Float64Array(24), overMask = new Uint8Array(24);
  for (let m = 0; m < model.H; m++) {
    const users = baseDemand(model, p, m, sc);
    const pools: PoolMonth[] = [];
    for (let q = 0; q < nP; q++) {
      states[q] = poolState(model, q, m, p[L.poolOffset(q)], p[L.poolOffset(q) + 1], rhoCache);
      const types = model.poolTypes[q], T = types.length;
      const gpus: Record<string, number> = {};
      for (let t = 0; t < T; t++) { const n = model.counts[q][m * T + t]; if (n > 0) gpus[types[t].gpu_id] = n; }
      pools.push({
        pool_id: model.poolIds[q], peak_requests_per_s: 0, peak_output_tokens_per_s: 0, peak_media_gpu_s_per_s: 0,
        capacity_output_tokens_per_s: states[q].tokcap, gpus_up: states[q].gpus_up, request_slots: states[q].slots,
        utilisation: 0, safe_utilisation: states[q].safe_utilisation, overload_hours_per_day: 0, gpus,
        served_output_tokens: 0, served_total_tokens: 0, demanded_output_tokens: 0,
      });
    }
    const dim = daysInMonth(model.months[m]);
    let peakReq = 0, peakTok = 0, worstRatio = -1, worstUtil = 0, worstRho = 0, hoursSum = 0, over = false;
    let ordinary: MonthResult['ordinary_day'] = null;
    const eventDays: EventDay[] = [];
    const classPeak = new Float64Array(nC), classServed = new Float64Array(nC), classDeferred = new Float64Array(nC);
    let fleetPeak = 0, offpeak = 0, batchServed = 0, missedTok = 0, anyMissed = false;
    const needInt = new Float64Array(nP), needDef = new Float64Array(nP);
    const typical: { weekday: TypicalDay | null; weekend: TypicalDay | null; wdPlain: boolean; wePlain: boolean } = { weekday: null, weekend: null, wdPlain: false, wePlain: false };
    for (const dt of model.dayTypes[m]) {
      applyEvents(model, p, dt, sc);
      hourlyLoads(model, p, sc.R2, dt.weekend ?? false, dt.calSlots ?? EMPTY, dt.calClass ?? EMPTY, hs);
      for (let h = 0; h < 24; h++) {
        let f = 0;
        for (let c = 0; c < nC; c++) { const v = hs.classTok[c * 24 + h]; f += v; if (v > classPeak[c]) classPeak[c] = v; }
        if (f > fleetPeak) fleetPeak = f;
      }
      let dayReq = 0, dayTok = 0, dayUtil = 0, dayOver = false;
      overMask.fill(0);
      for (let q = 0; q < nP; q++) {
        const st = states[q], rho = st.safe_utilisation;
        const pd = poolDay(model, q, hs, st.tokcap, st.gpus_up, rho, true, burst, hs.util);
        let maxTok = 0, maxReq = 0, maxMed = 0;
        for (let h = 0; h < 24; h++) {
          maxTok = Math.max(maxTok, hs.tokI[q * 24 + h]); maxReq = Math.max(maxReq, hs.reqI[q * 24 + h]); maxMed = Math.max(maxMed, hs.medI[q * 24 + h]);
          if (hs.util[h] > 0 && hs.util[h] > rho) overMask[h] = 1;
          hourU[h] = hs.util[h] + (st.tokcap > 0 ? hs.poolBatch[q * 24 + h] / st.tokcap : 0);
        }
        const extra = Math.max(0, pd.required_tokens_per_s - pd.x_peak);
        const poolTok = maxTok + extra;
        const u = extra > 0 ? (st.tokcap > 0 ? pd.util_interactive + extra / st.tokcap : Infinity) : pd.util_interactive;
        dayReq += maxReq; dayTok += poolTok;
        const pm = pools[q];
        pm.peak_requests_per_s = Math.max(pm.peak_requests_per_s, maxReq);
        pm.peak_output_tokens_per_s = Math.max(pm.peak_output_tokens_per_s, poolTok);
        pm.peak_media_gpu_s_per_s = Math.max(pm.peak_media_gpu_s_per_s, maxMed);
        pm.utilisation = Math.max(pm.utilisation, u);
        pm.interactive_utilisation = Math.max(pm.interactive_utilisation ?? 0, pd.util_interactive);
        pm.overload_hours_per_day += (pd.hours_over * dt.weight) / dim;
        const poolOver = (pd.util_interactive > 0 && pd.util_interactive > rho) || pd.missed;
        if (poolOver) dayOver = true;
        if (u > dayUtil) { dayUtil = u; busyU.set(hourU); }
        const ratio = rho > 0 ? u / rho : (u > 0 ? Infinity : 0);
        if (ratio > worstRatio) { worstRatio = ratio; worstUtil = u; worstRho = rho; }
        if (model.poolBatch[q].length) {
          needInt[q] = Math.max(needInt[q], pd.required_if_interactive);
          needDef[q] = Math.max(needDef[q], pd.required_tokens_per_s);
          offpeak += hs.offpeak[q] * dt.weight;
          batchServed += hs.batchServed[q] * dt.weight;
          if (pd.missed) anyMissed = true;
        }
      }
      for (let c = 0; c < nC; c++) {
        const ct = c * 24;
        if (model.classDeadline[c] > 0) {
          let sv = 0;
          for (let h = 0; h < 24; h++) sv += hs.classServed[ct + h];
          classServed[c] += sv * 3600 * dt.weight;
          classDeferred[c] += hs.deferred[c] * 3600 * dt.weight;
          missedTok += hs.missed[c] * 3600 * dt.weight;
        } else {
          let sv = 0;
          for (let h = 0; h < 24; h++) { const v = hs.classTok[ct + h] / burst; hs.classServed[ct + h] = v; sv += v; }
          classServed[c] += sv * 3600 * dt.weight;
        }
      }
      servedDayHourly(model, p, hs, states, burst, dt.weight, pools);
      const plain = dt.events.length === 0 && (dt.calSlots?.length ?? 0) === 0;
      const slot = dt.weekend ? 'weekend' : 'weekday';
      const plainKey = dt.weekend ? 'wePlain' : 'wdPlain';
      if (typical[slot] === null || (plain && !typical[plainKey])) {
        typical[slot] = model.scenario.classes.map((cl, c) => ({ class_id: cl.id, output_tokens_per_s: Array.from(hs.classServed.subarray(c * 24, c * 24 + 24)) }));
        typical[plainKey] = plain;
      }
      let h = 0;
      for (let k = 0; k < 24; k++) h += overMask[k];
      hoursSum += h * dt.weight;
      peakReq = Math.max(peakReq, dayReq);
      peakTok = Math.max(peakTok, dayTok);
      if (dayOver) over = true;
      if (dt.events.length === 0) {
        if (ordinary === null || dayUtil > ordinary.utilisation) ordinary = { utilisation: dayUtil, overload_hours: h, overloaded: dayOver };
      } else {
        const hourly = Array.from(busyU);
        for (const date of dt.dates) {
          eventDays.push({
            date, events: dt.events.map((e) => model.scenario.events[e].id), peak_requests_per_s: dayReq,
            peak_output_tokens_per_s: dayTok, utilisation: dayUtil, overload_hours: h, overloaded: dayOver, hourly_utilisation: hourly,
          });
        }
      }
    }
    eventDays.sort((a, b) => a.date.localeCompare(b.date));
    const gpus: Record<string, number> = {};
    for (const pm of pools) for (const [g, n] of Object.entries(pm.gpus)) gpus[g] = (gpus[g] ?? 0) + n;
    if (over && crash === null) crash = m;
    let saved = 0;
    for (let q = 0; q < nP; q++) {
      if (!model.poolBatch[q].length) continue;
      const st = states[q];
      const perGpu = st.gpus_up > 0 ? st.tokcap / st.gpus_up : (model.poolTypes[q].find((t) => t.cap.feasible)?.cap.output_tokens_per_s_per_gpu ?? 0);
      const rho = st.safe_utilisation > 0 ? st.safe_utilisation : 1;
      if (perGpu > 0) saved += Math.max(0, needInt[q] - needDef[q]) / (rho * perGpu);
    }
    const empty = model.scenario.classes.map((cl) => ({ class_id: cl.id, output_tokens_per_s: new Array<number>(24).fill(0) }));
    out.push({
      month: model.months[m], users, daily_active_users: users * p[P_DAU], peak_requests_per_s: peakReq, peak_output_tokens_per_s: peakTok,
      capacity_output_tokens_per_s: pools.reduce((a, x) => a + x.capacity_output_tokens_per_s, 0),
      utilisation: worstUtil, safe_utilisation: worstRho, overload_hours_per_day: hoursSum / dim, overloaded: over, gpus,
      ordinary_day: ordinary, event_days: eventDays, pools,
      served_output_tokens: pools.reduce((a, x) => a + x.served_output_tokens, 0),
      served_total_tokens: pools.reduce((a, x) => a + x.served_total_tokens, 0),
      demanded_output_tokens: pools.reduce((a, x) => a + x.demanded_output_tokens, 0),
      ...classSummary(model, classPeak, classServed, classDeferred, fleetPeak),
      batch: model.batchClasses.length
        ? { served_off_peak_share: batchServed > 0 ? offpeak / batchServed : 0, gpus_saved: saved, deadline_missed: anyMissed, missed_output_tokens: missedTok }
        : null,
      typical_days: { weekday: typical.weekday ?? typical.weekend ?? empty, weekend: typical.weekend ?? typical.weekday ?? empty },
    });
  }
  return { months: out, crash_month: crash === null ? null : model.months[crash], crash_index: crash };
}

/**
 * Tokens served on `days` days of the day type just evaluated (hs, after the classes' served
 * hours are filled): per pool and hour, interactive demand (hour mean) plus the batch scheduled
 * in that hour, capped at the pool's raw capacity; demanded = interactive + batch arrivals.
 * Input tokens follow each class's input/output ratio.
 */
function servedDayHourly(model: Model, p: Float64Array, hs: ReturnType<typeof hourlyScratch>, states: PoolState[], burst: number, days: number, pools: PoolMonth[]): void {
  if (days <= 0) return;
  const L = model.layout;
  for (let q = 0; q < model.nP; q++) {
    let out = 0, demanded = 0, inTok = 0, outTok = 0;
    const cap = states[q].tokcap;
    for (let c = 0; c < model.nC; c++) {
      if (model.classPool[c] !== q) continue;
      const o = L.classOffset(c);
      let d = 0;
      for (let h = 0; h < 24; h++) d += hs.classTok[c * 24 + h];
      if (model.classDeadline[c] === 0) d /= burst;
      outTok += d;
      if (p[o + C_OUT] > 0) inTok += (d * p[o + C_IN]) / p[o + C_OUT];
    }
    for (let h = 0; h < 24; h++) {
      let rate = 0;
      for (let c = 0; c < model.nC; c++) if (model.classPool[c] === q) rate += hs.classServed[c * 24 + h];
      out += Math.min(rate, cap) * 3600;
    }
    demanded = outTok * 3600;
    const pm = pools[q];
    pm.served_output_tokens += out * days;
    pm.demanded_output_tokens += demanded * days;
    pm.served_total_tokens += (out + (outTok > 0 ? (inTok * out) / outTok : 0)) * days;
  }
}

/** Monte Carlo evaluation of an hourly model (same contract as `evaluateFast`). */
export function evaluateFastHourly(
  model: Model, p: Float64Array, sc: FastScratch, rhoMonths: (q: number, a: number, tail: number, out: Float64Array) => void, sink?: FastSink,
): number {
  const L = model.layout;
  const { nP, nC, H } = model;
  const hs = sc.hourly ?? (sc.hourly = hourlyScratch(model));
  const fd: FastDay = { util: 0, over: false, peakTok: 0, peakMed: 0, shortfall: 0 };
  const domA = new Float64Array(nC), domB = new Float64Array(nC);
  let crash = -1;
  usersSeries(model, p, sc.users);
  const dau = p[P_DAU];
  const burst = p[P_BURST];
  for (let q = 0; q < nP; q++) rhoMonths(q, p[L.poolOffset(q)], p[L.poolOffset(q) + 1], sc.rho[q]);
  const off = sc.classOff, growth = sc.growth, R = sc.R;
  for (let c = 0; c < nC; c++) growth[c] = 1;
  for (let m = 0; m < H; m++) {
    const d = sc.users[m] * dau;
    for (let c = 0; c < nC; c++) {
      const o = off[c];
      if (model.classExt[c] >= 0) R[c] = b2bRequestsPerDay(p, model.classExt[c], m);
      else if (model.classKinds[c] === 'api') {
        const per = p[o + C_IN] + p[o + C_OUT];
        R[c] = per > 0 ? (p[o + C_TPD] * growth[c]) / per : 0;
        growth[c] *= 1 + p[o + C_API_G];
      } else R[c] = d * p[o + C_RPD];
    }
    for (let q = 0; q < nP; q++) {
      const a = p[L.poolOffset(q)];
      const types = model.poolTypes[q], T = types.length, cnt = model.counts[q], mul = sc.capMul[q];
      let g = 0, tok = 0;
      for (let t = 0; t < T; t++) {
        const c = types[t].cap;
        if (!c.feasible || c.gpus_per_replica <= 0) continue;
        const r = Math.floor((cnt[m * T + t] * a) / c.gpus_per_replica + 1e-9);
        g += r * c.gpus_per_replica;
        tok += r * c.gpus_per_replica * c.output_tokens_per_s_per_gpu * mul[t];
      }
      sc.gpusUp[q] = g; sc.tokcap[q] = tok;
    }
    let over = false;
    const dts = model.dayTypes[m];
    for (let k = 0; k < dts.length; k++) {
      const dt = dts[k];
      if (dominated(model, p, dts, k, domA, domB)) continue;
      applyEvents(model, p, dt, sc);
      hourlyLoads(model, p, sc.R2, dt.weekend ?? false, dt.calSlots ?? EMPTY, dt.calClass ?? EMPTY, hs, false);
      for (let q = 0; q < nP; q++) {
        poolDayFast(model, q, hs, sc.tokcap[q], sc.gpusUp[q], sc.rho[q][m], fd);
        if (fd.over) over = true;
        if (sink) {
          let u = fd.util;
          if (fd.shortfall > 0) u += sc.tokcap[q] > 0 ? fd.shortfall / sc.tokcap[q] : Infinity;
          const i = m * nP + q;
          const dd = model.poolLLM[q] ? fd.peakTok + fd.shortfall : fd.peakMed;
          if (dd > sink.demand[i]) sink.demand[i] = dd;
          if (u > sink.util[i]) sink.util[i] = u;
        }
      }
    }
    if (sink) sink.over[m] = over ? 1 : 0;
    if (over && crash < 0) { crash = m; if (!sink) return crash; }
  }
  return crash;
}

/** Each class's calendar multiplier on a day type (events are not included). */
function calMults(model: Model, p: Float64Array, dt: DayType, out: Float64Array): void {
  out.fill(1);
  const slots = dt.calSlots ?? EMPTY, cls = dt.calClass ?? EMPTY;
  for (let j = 0; j < slots.length; j++) out[cls[j]] *= p[slots[j]];
}

/**
 * Day type k needs no evaluation in the Monte Carlo when another day type of the month without
 * events, on the same weekday/weekend, multiplies every class at least as much (and strictly
 * more somewhere, or equally with a lower index): its every hour then carries at least as much
 * interactive load and batch, so it is at least as busy and misses a deadline whenever k does.
 */
function dominated(model: Model, p: Float64Array, dts: DayType[], k: number, a: Float64Array, b: Float64Array): boolean {
  const dt = dts[k];
  if (dt.events.length || dts.length < 2) return false;
  calMults(model, p, dt, a);
  for (let j = 0; j < dts.length; j++) {
    const o = dts[j];
    if (j === k || o.events.length || (o.weekend ?? false) !== (dt.weekend ?? false)) continue;
    calMults(model, p, o, b);
    let ge = true, gt = false;
    for (let c = 0; c < model.nC; c++) { if (b[c] < a[c]) { ge = false; break; } if (b[c] > a[c]) gt = true; }
    if (ge && (gt || j < k)) return true;
  }
  return false;
}
