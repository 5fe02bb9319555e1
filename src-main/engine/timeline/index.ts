// Fleet timeline: for each month, peak demand per pool against the capacity of the GPUs in
// service that month, the safe utilisation from Erlang C on the TTFT SLO, hours per day over
// capacity from the diurnal profile, and event days at hourly resolution. Capacity arrives as
// DATA (per pool per GPU type, from the capacity engine via engine/plan/inputs.ts), so this stays pure
// and testable on its own.
import type { Scenario } from '../demand/scenario.js';
import {
  buildLayout, usersAt, classRequestsPerDay, monthLabels, daysInMonth, firstDayOfMonth, dayNumber, dateOfDayNumber,
  monthDiff, type ParamLayout, C_OUT, C_STT, C_TTS, C_IMG, C_IN, C_TPD, C_API_G, C_RPD, P_DAU, P_BURST,
  P_USERS_SCALE, P_USERS_START, P_USERS_GROWTH, P_USERS_CEIL, effectDays, isWeekend, b2bRequestsPerDay,
} from '../demand/index.js';
import { timelineHourly, evaluateFastHourly } from './hourly-run.js';
import { hourlyScratch, type HourlyScratch } from './hourly.js';

export * from './hourly.js';
export * from './hourly-run.js';
import { safeUtilisation } from '../queueing/erlang.js';
import { DEFAULT_UTILISATION_CEILING } from '../capacity/perf.js';
import { capacityErrorDists, type CapacityErrorDist, type CapacityErrorEvidence } from './capacity-error.js';
export * from './capacity-error.js';

/** Serving capacity of one GPU type for one pool, at the pool's class mix and SLOs. */
export type GpuCapacity = {
  output_tokens_per_s_per_gpu: number;
  requests_per_s_per_gpu: number;
  /** Concurrent sequences one replica runs (the batch). */
  slots_per_replica: number;
  gpus_per_replica: number;
  /** Time to first token without queueing (prefill), ms. */
  ttft_ms: number;
  feasible: boolean;
  /** Issue 13: "GPU family|engine" whose held-out calibration error this capacity carries in the Monte Carlo. */
  error_key?: string;
};
export interface PoolCapacity { pool_id: string; by_gpu: Record<string, GpuCapacity> }
/** GPUs given to a pool, in service from/to (inclusive months; null = open). */
export interface FleetEntry { pool_id: string; gpu_id: string; gpus: number; from: string | null; to: string | null; cluster_id?: number }

export interface TimelineInput {
  scenario: Scenario; capacity: PoolCapacity[]; fleet: FleetEntry[];
  /** Issue 13: the calibration's held-out residuals (CapacityErrorEvidence); absent/null = no capacity error. */
  capacity_error?: CapacityErrorEvidence | null;
}

export interface DayType {
  weight: number; events: number[]; dates: string[];
  /** Issue 19 (hourly models only): a Saturday/Sunday, and the calendar effects active (param slot, class). */
  weekend?: boolean; calSlots?: Int32Array; calClass?: Int32Array;
}

/** A scenario compiled against a fleet: the static structure every evaluation reuses. */
export interface Model {
  scenario: Scenario;
  layout: ParamLayout;
  months: string[];
  H: number;
  nP: number;
  nC: number;
  poolIds: string[];
  /** Per pool: GPU types present and their capacity rows. */
  poolTypes: { gpu_id: string; cap: GpuCapacity }[][];
  /** counts[p][m * T + t] = GPUs of type t in pool p in service in month m. */
  counts: Float64Array[];
  classPool: Int32Array;
  classMedia: Int32Array;
  classKinds: string[];
  /** Pool TTFT SLO (seconds): the strictest class it serves. */
  poolTtftS: Float64Array;
  /** Issue 13: operational utilisation ceiling per pool (the safe utilisation never exceeds it). */
  poolCeiling: Float64Array;
  /** 1 when the pool serves an LLM (its demand is measured in output tokens/s). */
  poolLLM: Uint8Array;
  profile: number[];
  peakShare: number;
  dayTypes: DayType[][];
  /** eventClass[e] = class index multiplied, -1 = all. */
  eventClass: Int32Array;
  shiftFrom: Int32Array;
  shiftTo: Int32Array;
  /** Issue 19: hour-by-hour days (some class has a weekly profile, a batch deadline or calendar effects). */
  hourly: boolean;
  /** [c*2 + (weekend ? 1 : 0)]: the class's 24 hourly shares. */
  classShapes: Float64Array[];
  /** Batch deadline in hours per class (0 = interactive). */
  classDeadline: Int32Array;
  /** B2B classes: their extension offset in the parameter vector, else -1. */
  classExt: Int32Array;
  /** Batch classes (class indices), their deadlines, and per pool the batch entries it serves. */
  batchClasses: Int32Array;
  batchDeadline: Int32Array;
  poolBatch: number[][];
  /** Days the EDF repeats a day so that backlog carried in is counted. */
  edfCycles: number;
  /** Issue 13: the engine's error per (family, engine) and, per pool, each type's index into it (-1 = none). */
  capErr: { dists: CapacityErrorDist[]; typeKey: Int32Array[] } | null;
}

export function compile(input: TimelineInput): Model {
  const s = input.scenario;
  const layout = buildLayout(s);
  const H = s.horizon_months;
  const months = monthLabels(s.start_month, H);
  const poolIds = s.pools.map((p) => p.id);
  const capBy = new Map(input.capacity.map((c) => [c.pool_id, c.by_gpu]));
  const poolTypes: Model['poolTypes'] = [];
  const counts: Float64Array[] = [];
  s.pools.forEach((p, pi) => {
    const entries = input.fleet.filter((f) => f.pool_id === p.id);
    const types = [...new Set(entries.map((f) => f.gpu_id))].sort();
    const caps = capBy.get(p.id) ?? {};
    poolTypes.push(types.map((g) => ({
      gpu_id: g,
      cap: caps[g] ?? { output_tokens_per_s_per_gpu: 0, requests_per_s_per_gpu: 0, slots_per_replica: 0, gpus_per_replica: 1, ttft_ms: 0, feasible: false },
    })));
    const T = types.length;
    const arr = new Float64Array(H * T);
    for (const f of entries) {
      const t = types.indexOf(f.gpu_id);
      const a = f.from === null ? 0 : Math.max(0, monthDiff(s.start_month, f.from));
      const b = f.to === null ? H - 1 : Math.min(H - 1, monthDiff(s.start_month, f.to));
      for (let m = a; m <= b; m++) arr[m * T + t] += f.gpus;
    }
    counts[pi] = arr;
  });
  const poolIndex = new Map(poolIds.map((id, i) => [id, i]));
  const classIndex = new Map(s.classes.map((c, i) => [c.id, i]));
  const classPool = Int32Array.from(s.classes.map((c) => poolIndex.get(c.pool) as number));
  const classMedia = Int32Array.from(s.classes.map((c) => poolIndex.get(c.media_pool ?? c.pool) as number));
  const poolTtftS = new Float64Array(s.pools.length).fill(Infinity);
  s.classes.forEach((c, i) => {
    if (c.batch) return; // deferrable work has a deadline, not a TTFT
    for (const p of [classPool[i], classMedia[i]]) poolTtftS[p] = Math.min(poolTtftS[p], c.ttft_ms.value / 1000);
  });
  const hourly = s.classes.some((c) => c.batch !== undefined || c.weekly !== undefined || (c.calendar?.length ?? 0) > 0);
  const classShapes: Float64Array[] = [];
  for (const c of s.classes) {
    classShapes.push(Float64Array.from(c.weekly?.weekday ?? s.diurnal.profile), Float64Array.from(c.weekly?.weekend ?? s.diurnal.profile));
  }
  const classDeadline = Int32Array.from(s.classes.map((c) => c.batch?.deadline_hours ?? 0));
  const batchIdx = s.classes.map((c, i) => (c.batch ? i : -1)).filter((i) => i >= 0);
  const poolBatch: number[][] = s.pools.map(() => []);
  batchIdx.forEach((c, b) => poolBatch[classPool[c]].push(b));
  const maxDl = Math.max(0, ...batchIdx.map((c) => classDeadline[c]));
  const profile = s.diurnal.profile;
  const peakShare = Math.max(...profile);
  // Day types per month: the ordinary day, and each set of overlapping events.
  const evStart = s.events.map((e) => dayNumber(e.start_date));
  const layoutCal: { c: number; slot: number; effect: NonNullable<typeof s.classes[number]['calendar']>[number]['effect'] }[] = [];
  s.classes.forEach((c, i) => (c.calendar ?? []).forEach((e, j) => layoutCal.push({ c: i, slot: layout.calOffset(i, j), effect: e.effect })));
  const dayTypes: DayType[][] = months.map((mo) => {
    const first = firstDayOfMonth(mo), n = daysInMonth(mo);
    const byKey = new Map<string, DayType>();
    const calDays = layoutCal.map((x) => new Set(effectDays(x.effect, mo)));
    for (let d = first; d < first + n; d++) {
      const active: number[] = [];
      s.events.forEach((e, i) => { if (d >= evStart[i] && d < evStart[i] + e.days) active.push(i); });
      const weekend = hourly && isWeekend(d);
      const cal = hourly ? layoutCal.map((_, k) => k).filter((k) => calDays[k].has(d)) : [];
      const key = `${active.join(',')}|${weekend ? 1 : 0}|${cal.join(',')}`;
      let dt = byKey.get(key);
      if (!dt) {
        dt = { weight: 0, events: active, dates: [] };
        if (hourly) { dt.weekend = weekend; dt.calSlots = Int32Array.from(cal.map((k) => layoutCal[k].slot)); dt.calClass = Int32Array.from(cal.map((k) => layoutCal[k].c)); }
        byKey.set(key, dt);
      }
      dt.weight++;
      if (active.length) dt.dates.push(dateOfDayNumber(d));
    }
    return [...byKey.values()];
  });
  return {
    capErr: capacityErrorOf(input, poolTypes, s.pools.map((p) => p.model_id !== null)),
    scenario: s, layout, months, H, nP: s.pools.length, nC: s.classes.length, poolIds, poolTypes, counts,
    classPool, classMedia, classKinds: s.classes.map((c) => c.kind), poolTtftS,
    poolCeiling: Float64Array.from(s.pools.map((p) => p.utilisation_ceiling ?? DEFAULT_UTILISATION_CEILING)),
    poolLLM: Uint8Array.from(s.pools.map((p) => (p.model_id === null ? 0 : 1))), profile, peakShare, dayTypes,
    eventClass: Int32Array.from(s.events.map((e) => (e.class === null ? -1 : (classIndex.get(e.class) as number)))),
    shiftFrom: Int32Array.from(s.events.map((e) => (e.shift ? (classIndex.get(e.shift.from) as number) : -1))),
    shiftTo: Int32Array.from(s.events.map((e) => (e.shift ? (classIndex.get(e.shift.to) as number) : -1))),
    hourly, classShapes, classDeadline, classExt: Int32Array.from(s.classes.map((c, i) => (c.b2b ? layout.extOffset(i) : -1))),
    batchClasses: Int32Array.from(batchIdx), batchDeadline: Int32Array.from(batchIdx.map((c) => classDeadline[c])), poolBatch,
    edfCycles: Math.ceil(maxDl / 24) + 2,
  };
}

/** Which capacity rows carry which (family, engine) error; null when there is none to carry. */
function capacityErrorOf(input: TimelineInput, poolTypes: Model['poolTypes'], llm: boolean[]): Model['capErr'] {
  const ev = input.capacity_error;
  if (!ev) return null;
  const keys: string[] = [];
  poolTypes.forEach((types, q) => { if (llm[q]) for (const t of types) if (t.cap.feasible && t.cap.error_key) keys.push(t.cap.error_key); });
  const dists = capacityErrorDists(ev.residuals, keys, undefined, ev.unseen);
  if (!dists.length) return null;
  const at = new Map(dists.map((d, i) => [d.key, i]));
  const typeKey = poolTypes.map((types, q) => Int32Array.from(types, (t) => (llm[q] && t.cap.feasible && t.cap.error_key ? at.get(t.cap.error_key) ?? -1 : -1)));
  return { dists, typeKey };
}

/** Capacity of one pool in one month at a given availability. */
export interface PoolState {
  gpus_up: number;            // GPUs in whole replicas that are up
  tokcap: number;             // output tokens/s at full load
  slots: number;
  rps: number;                // requests/s at full load
  wait_budget_s: number;
  safe_utilisation: number;
}

export function poolState(model: Model, p: number, m: number, availability: number, tail: number, rhoCache?: Map<string, number>): PoolState {
  const types = model.poolTypes[p];
  const T = types.length;
  const cnt = model.counts[p];
  let gpus = 0, tok = 0, slots = 0, rps = 0, prefill = 0;
  for (let t = 0; t < T; t++) {
    const c = types[t].cap;
    if (!c.feasible || c.gpus_per_replica <= 0) continue;
    const replicas = Math.floor((cnt[m * T + t] * availability) / c.gpus_per_replica + 1e-9);
    if (replicas <= 0) continue;
    const g = replicas * c.gpus_per_replica;
    gpus += g;
    tok += g * c.output_tokens_per_s_per_gpu;
    rps += g * c.requests_per_s_per_gpu;
    slots += replicas * c.slots_per_replica;
    prefill = Math.max(prefill, c.ttft_ms / 1000);
  }
  const budget = model.poolTtftS[p] === Infinity ? 3600 : model.poolTtftS[p] - prefill;
  let rho = 0;
  if (slots >= 1 && rps > 0 && budget >= 0) {
    const service = slots / rps;
    const key = `${slots}|${service}|${budget}|${tail}`;
    const hit = rhoCache?.get(key);
    if (hit !== undefined) rho = hit;
    else {
      rho = safeUtilisation({ slots, service_s: service, wait_budget_s: budget, tail });
      rhoCache?.set(key, rho);
    }
  }
  // Erlang C lets a huge pool of slots run at ≈ 0.9999; operations do not (issue 13).
  rho = Math.min(rho, model.poolCeiling?.[p] ?? DEFAULT_UTILISATION_CEILING);
  return { gpus_up: gpus, tokcap: tok, slots, rps, wait_budget_s: budget, safe_utilisation: rho };
}

/** Scratch buffers for one evaluation (reused across months and Monte Carlo paths). */
export interface Scratch { R: Float64Array; R2: Float64Array; tok: Float64Array; req: Float64Array; med: Float64Array }
export function scratch(model: Model): Scratch {
  return { R: new Float64Array(model.nC), R2: new Float64Array(model.nC), tok: new Float64Array(model.nP), req: new Float64Array(model.nP), med: new Float64Array(model.nP) };
}

/** Ordinary-day requests/day per class in month m into sc.R; returns users. */
export function baseDemand(model: Model, p: Float64Array, m: number, sc: Scratch): number {
  const L = model.layout;
  const users = usersAt(model.scenario.users.kind, p, L.usersTable, m);
  const dau = users * p[P_DAU];
  for (let c = 0; c < model.nC; c++) sc.R[c] = classRequestsPerDay(model.classKinds[c], p, L.classOffset(c), dau, m, model.classExt[c]);
  return users;
}

/** Peak-hour loads per pool for one day type (events applied to sc.R into sc.R2). */
export function dayLoads(model: Model, p: Float64Array, dt: DayType, sc: Scratch): void {
  applyEvents(model, p, dt, sc);
  const L = model.layout;
  const R2 = sc.R2;
  sc.tok.fill(0); sc.req.fill(0); sc.med.fill(0);
  const k = (model.peakShare / 3600) * p[P_BURST];
  for (let c = 0; c < model.nC; c++) {
    const o = L.classOffset(c);
    const peak = R2[c] * k;
    if (peak === 0) continue;
    const pp = model.classPool[c];
    sc.req[pp] += peak;
    sc.tok[pp] += peak * p[o + C_OUT];
    sc.med[model.classMedia[c]] += peak * (p[o + C_STT] + p[o + C_TTS] + p[o + C_IMG]);
  }
}

/** Requests/day per class on a day type: sc.R with the day's events (multipliers, then shifts) into sc.R2. */
export function applyEvents(model: Model, p: Float64Array, dt: DayType, sc: Scratch): void {
  const L = model.layout;
  const R2 = sc.R2;
  R2.set(sc.R);
  for (const e of dt.events) {
    const mult = p[L.eventOffset(e)];
    const ec = model.eventClass[e];
    if (ec < 0) for (let c = 0; c < model.nC; c++) R2[c] *= mult;
    else R2[ec] *= mult;
  }
  for (const e of dt.events) {
    const f = model.shiftFrom[e];
    if (f < 0) continue;
    const moved = R2[f] * p[L.eventOffset(e) + 1];
    R2[f] -= moved;
    R2[model.shiftTo[e]] += moved;
  }
}

/**
 * Tokens served on `days` days of the day type just loaded (sc): hour by hour, each pool's
 * average rate (the day's requests × the diurnal share) capped at its raw capacity, × 3600 s.
 * Input tokens follow the output share served. Adds into the pools' month totals.
 */
function servedDay(model: Model, p: Float64Array, sc: Scratch, states: PoolState[], days: number, pools: PoolMonth[]): void {
  if (days <= 0) return;
  const L = model.layout;
  const toAvg = 1 / (model.peakShare * p[P_BURST]);
  for (let q = 0; q < model.nP; q++) {
    const peak = sc.tok[q];
    if (!(peak > 0)) continue;
    // Input tokens at the same peak, from the same per-class requests (sc.R2 after dayLoads).
    let inPeak = 0;
    const k = (model.peakShare / 3600) * p[P_BURST];
    for (let c = 0; c < model.nC; c++) if (model.classPool[c] === q) inPeak += sc.R2[c] * k * p[L.classOffset(c) + C_IN];
    const cap = states[q].tokcap;
    let out = 0, demanded = 0, share = 0;
    for (const h of model.profile) {
      const rate = peak * h * toAvg;
      demanded += rate * 3600;
      const served = Math.min(rate, cap) * 3600;
      out += served;
    }
    share = demanded > 0 ? out / demanded : 0;
    const pm = pools[q];
    pm.served_output_tokens += out * days;
    pm.demanded_output_tokens += demanded * days;
    pm.served_total_tokens += (out + inPeak * share * (demanded / peak)) * days;
  }
}

/** Peak utilisation of a pool (share of its GPUs busy at the peak minute). */
export function utilisation(tok: number, med: number, st: PoolState): number {
  let u = 0;
  if (tok > 0) u += st.tokcap > 0 ? tok / st.tokcap : Infinity;
  if (med > 0) u += st.gpus_up > 0 ? med / st.gpus_up : Infinity;
  return u;
}

export function isOver(util: number, rho: number): boolean {
  return util > 0 && util > rho;
}

/** Hours of a day over capacity, given each pool's peak utilisation and safe utilisation. */
export function hoursOver(model: Model, utils: ArrayLike<number>, rhos: ArrayLike<number>): number {
  let thr = Infinity; // an hour is over when profile[h]/peak > min_p rho_p/util_p
  for (let q = 0; q < utils.length; q++) if (utils[q] > 0) thr = Math.min(thr, rhos[q] / utils[q]);
  if (thr === Infinity) return 0;
  let n = 0;
  for (const h of model.profile) if (h / model.peakShare > thr) n++;
  return n;
}

export type PoolMonth = {
  pool_id: string;
  peak_requests_per_s: number;
  peak_output_tokens_per_s: number;
  peak_media_gpu_s_per_s: number;
  capacity_output_tokens_per_s: number;
  gpus_up: number;
  request_slots: number;
  utilisation: number;
  safe_utilisation: number;
  overload_hours_per_day: number;
  gpus: Record<string, number>;
  /** Hourly models (issue 19): peak utilisation of the interactive classes alone (batch fills the spare under it). */
  interactive_utilisation?: number;
  /** Output tokens served in the month: Σ over its days of each hour's demand capped at capacity (event days only on their dates). */
  served_output_tokens: number;
  /** Input + output tokens of the requests served (same hours, same cap). */
  served_total_tokens: number;
  /** Output tokens demanded in the month (uncapped). */
  demanded_output_tokens: number;
};
export type EventDay = {
  date: string;
  events: string[];
  peak_requests_per_s: number;
  peak_output_tokens_per_s: number;
  utilisation: number;
  overload_hours: number;
  overloaded: boolean;
  /** Utilisation of the busiest pool, hour by hour (UTC). */
  hourly_utilisation: number[];
};
/** Issue 19: one class in one month (output tokens; batch served when scheduled). */
export type ClassMonth = { peak_output_tokens_per_s: number; served_output_tokens: number; deferred_output_tokens: number };
/** Output tokens/s per class and UTC hour on a typical day (batch as scheduled). */
export type TypicalDay = { class_id: string; output_tokens_per_s: number[] }[];
export type BatchMonth = {
  /** Share of batch tokens served in hours whose interactive load is below the day's mean. */
  served_off_peak_share: number;
  /** GPUs the fleet would need beyond this plan if batch were served on arrival like interactive traffic. */
  gpus_saved: number;
  deadline_missed: boolean;
  missed_output_tokens: number;
};
export type MonthResult = {
  month: string;
  users: number;
  daily_active_users: number;
  peak_requests_per_s: number;
  peak_output_tokens_per_s: number;
  capacity_output_tokens_per_s: number;
  /** Busiest pool's peak utilisation (demand / raw capacity of GPUs up). */
  utilisation: number;
  /** That pool's safe utilisation (Erlang C on its TTFT SLO). */
  safe_utilisation: number;
  overload_hours_per_day: number;
  overloaded: boolean;
  gpus: Record<string, number>;
  ordinary_day: { utilisation: number; overload_hours: number; overloaded: boolean } | null;
  event_days: EventDay[];
  pools: PoolMonth[];
  /** Issue 19: per class peak/served/deferred, fleet peak ÷ sum of class peaks, batch scheduling, typical days. */
  by_class: Record<string, ClassMonth>;
  diversity_factor: number;
  batch: BatchMonth | null;
  typical_days: { weekday: TypicalDay; weekend: TypicalDay };
  /** Σ pools' served / demanded tokens in the month (see PoolMonth). */
  served_output_tokens: number;
  served_total_tokens: number;
  demanded_output_tokens: number;
};
export interface TimelineResult { months: MonthResult[]; crash_month: string | null; crash_index: number | null }

/** The deterministic timeline, with every detail, at the parameters `p` (default: the medians). */
export function timeline(model: Model, p: Float64Array = model.layout.base): TimelineResult {
  if (model.hourly) return timelineHourly(model, p);
  const L = model.layout;
  const sc = scratch(model);
  const rhoCache = new Map<string, number>();
  const out: MonthResult[] = [];
  let crash: number | null = null;
  const states: PoolState[] = new Array(model.nP);
  const utils = new Float64Array(model.nP), rhos = new Float64Array(model.nP);
  for (let m = 0; m < model.H; m++) {
    const users = baseDemand(model, p, m, sc);
    const pools: PoolMonth[] = [];
    for (let q = 0; q < model.nP; q++) {
      states[q] = poolState(model, q, m, p[L.poolOffset(q)], p[L.poolOffset(q) + 1], rhoCache);
      rhos[q] = states[q].safe_utilisation;
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
    let peakReq = 0, peakTok = 0, worstRatio = -1, worstUtil = 0, worstRho = 0, hoursSum = 0, over = false;
    let ordinary: MonthResult['ordinary_day'] = null;
    const eventDays: EventDay[] = [];
    const dim = daysInMonth(model.months[m]);
    const classPeak = new Float64Array(model.nC), classServed = new Float64Array(model.nC);
    let fleetPeak = 0;
    let typical: TypicalDay = [];
    for (const dt of model.dayTypes[m]) {
      dayLoads(model, p, dt, sc);
      {
        const k = (model.peakShare / 3600) * p[P_BURST];
        let f = 0;
        for (let c = 0; c < model.nC; c++) {
          const out = p[L.classOffset(c) + C_OUT];
          const pk = sc.R2[c] * k * out;
          f += pk;
          if (pk > classPeak[c]) classPeak[c] = pk;
          classServed[c] += sc.R2[c] * out * dt.weight;
        }
        if (f > fleetPeak) fleetPeak = f;
        if (dt.events.length === 0) {
          typical = model.scenario.classes.map((cl, c) => ({
            class_id: cl.id, output_tokens_per_s: model.profile.map((x) => (sc.R2[c] * x * p[L.classOffset(c) + C_OUT]) / 3600),
          }));
        }
      }
      servedDay(model, p, sc, states, dt.weight, pools);
      let dayReq = 0, dayTok = 0, dayUtil = 0, dayOver = false, busiest = 0;
      for (let q = 0; q < model.nP; q++) {
        const u = utilisation(sc.tok[q], sc.med[q], states[q]);
        utils[q] = u;
        dayReq += sc.req[q]; dayTok += sc.tok[q];
        const pm = pools[q];
        pm.peak_requests_per_s = Math.max(pm.peak_requests_per_s, sc.req[q]);
        pm.peak_output_tokens_per_s = Math.max(pm.peak_output_tokens_per_s, sc.tok[q]);
        pm.peak_media_gpu_s_per_s = Math.max(pm.peak_media_gpu_s_per_s, sc.med[q]);
        pm.utilisation = Math.max(pm.utilisation, u);
        const ph = hoursOver(model, [u], [rhos[q]]);
        pm.overload_hours_per_day += (ph * dt.weight) / dim;
        if (isOver(u, rhos[q])) dayOver = true;
        if (u > dayUtil) { dayUtil = u; busiest = q; }
        const ratio = rhos[q] > 0 ? u / rhos[q] : (u > 0 ? Infinity : 0);
        if (ratio > worstRatio) { worstRatio = ratio; worstUtil = u; worstRho = rhos[q]; }
      }
      const h = hoursOver(model, utils, rhos);
      hoursSum += h * dt.weight;
      peakReq = Math.max(peakReq, dayReq);
      peakTok = Math.max(peakTok, dayTok);
      if (dayOver) over = true;
      if (dt.events.length === 0) ordinary = { utilisation: dayUtil, overload_hours: h, overloaded: dayOver };
      else {
        const hourly = model.profile.map((x) => (utils[busiest] * x) / model.peakShare);
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
    out.push({
      month: model.months[m], users, daily_active_users: users * p[P_DAU], peak_requests_per_s: peakReq, peak_output_tokens_per_s: peakTok,
      capacity_output_tokens_per_s: pools.reduce((a, x) => a + x.capacity_output_tokens_per_s, 0),
      utilisation: worstUtil, safe_utilisation: worstRho, overload_hours_per_day: hoursSum / dim, overloaded: over, gpus,
      ordinary_day: ordinary, event_days: eventDays, pools,
      ...classSummary(model, classPeak, classServed, null, fleetPeak), batch: null, typical_days: { weekday: typical, weekend: typical },
      served_output_tokens: pools.reduce((a, x) => a + x.served_output_tokens, 0),
      served_total_tokens: pools.reduce((a, x) => a + x.served_total_tokens, 0),
      demanded_output_tokens: pools.reduce((a, x) => a + x.demanded_output_tokens, 0),
    });
  }
  return { months: out, crash_month: crash === null ? null : model.months[crash], crash_index: crash };
}

/** by_class and the diversity factor (fleet peak ÷ sum of the classes' own peaks; 1 when there is no demand). */
export function classSummary(model: Model, peak: Float64Array, served: Float64Array, deferred: Float64Array | null, fleetPeak: number): { by_class: Record<string, ClassMonth>; diversity_factor: number } {
  const by_class: Record<string, ClassMonth> = {};
  let sum = 0;
  model.scenario.classes.forEach((c, i) => {
    sum += peak[i];
    by_class[c.id] = { peak_output_tokens_per_s: peak[i], served_output_tokens: served[i], deferred_output_tokens: deferred ? deferred[i] : 0 };
  });
  return { by_class, diversity_factor: sum > 0 ? fleetPeak / sum : 1 };
}

/**
 * Fast evaluation for the Monte Carlo: first overloaded month (or -1), and per month an
 * overload flag and per pool the peak demand and utilisation (for the fan chart). Same
 * arithmetic as `timeline`, without its detail and without allocating per call.
 * `rhoMonths(q, availability, tail, out)` fills the pool's safe utilisation for every month.
 */
export interface FastSink {
  over: Uint8Array;                       // [m]
  demand: Float32Array | Float64Array;    // [m * nP + q] peak output tokens/s (media GPU-s/s for media-only pools), zeroed by the caller
  util: Float32Array | Float64Array;      // [m * nP + q]
}
export interface FastScratch extends Scratch {
  users: Float64Array; rho: Float64Array[]; gpusUp: Float64Array; tokcap: Float64Array; growth: Float64Array; classOff: Int32Array; hourly: HourlyScratch | null;
  /** Issue 13: this path's multiplier on each pool's GPU types' token capacity (1 = the engine's point estimate). */
  capMul: Float64Array[];
}
export function fastScratch(model: Model): FastScratch {
  return {
    ...scratch(model), users: new Float64Array(model.H), rho: Array.from({ length: model.nP }, () => new Float64Array(model.H)),
    gpusUp: new Float64Array(model.nP), tokcap: new Float64Array(model.nP), growth: new Float64Array(model.nC),
    classOff: Int32Array.from({ length: model.nC }, (_, c) => model.layout.classOffset(c)),
    hourly: model.hourly ? hourlyScratch(model) : null,
    capMul: model.poolTypes.map((types) => new Float64Array(types.length).fill(1)),
  };
}

/** Users for every month into out (incremental growth, no pow per month). */
export function usersSeries(model: Model, p: Float64Array, out: Float64Array): void {
  const kind = model.scenario.users.kind;
  const H = model.H;
  if (kind === 'table') {
    const t = model.layout.usersTable as Float64Array, k = p[P_USERS_SCALE];
    for (let m = 0; m < H; m++) out[m] = t[m] * k;
    return;
  }
  const u0 = p[P_USERS_START], g = 1 + p[P_USERS_GROWTH];
  if (kind === 'compound') {
    let u = u0;
    for (let m = 0; m < H; m++) { out[m] = u; u *= g; }
    return;
  }
  const K = Math.max(p[P_USERS_CEIL], u0);
  if (u0 <= 0) { out.fill(0); return; }
  const a = K / u0 - 1, inv = 1 / g;
  let f = 1;
  for (let m = 0; m < H; m++) { out[m] = K / (1 + a * f); f *= inv; }
}

export function evaluateFast(
  model: Model, p: Float64Array, sc: FastScratch, rhoMonths: (q: number, a: number, tail: number, out: Float64Array) => void, sink?: FastSink,
): number {
  if (model.hourly) return evaluateFastHourly(model, p, sc, rhoMonths, sink);
  const L = model.layout;
  const { nP, nC, H } = model;
  let crash = -1;
  usersSeries(model, p, sc.users);
  const dau = p[P_DAU];
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
      dayLoads(model, p, dts[k], sc);
      for (let q = 0; q < nP; q++) {
        const tq = sc.tok[q], mq = sc.med[q];
        let u = 0;
        if (tq > 0) u += sc.tokcap[q] > 0 ? tq / sc.tokcap[q] : Infinity;
        if (mq > 0) u += sc.gpusUp[q] > 0 ? mq / sc.gpusUp[q] : Infinity;
        if (u > 0 && u > sc.rho[q][m]) over = true;
        if (sink) {
          const i = m * nP + q;
          const dd = model.poolLLM[q] ? tq : mq;
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
