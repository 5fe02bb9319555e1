// Demand per month: users (table, compound growth or logistic to a ceiling) × DAU share ×
// requests per DAU per class, plus business-API traffic in tokens/day with its own growth.
// Every scalar input lives in one flat parameter vector so the Monte Carlo can resample the
// uncertain ones in place and the deterministic run and every path share the same code.
import type { Num, Scenario } from './scenario.js';
import { addMonths, monthDiff } from './calendar.js';

export * from './calendar.js';
export * from './calendar-effects.js';

/** One scalar input: where it sits in the parameter vector, its median and P10/P90 (if uncertain). */
export interface Knob {
  key: string;          // e.g. 'users.monthly_growth', 'classes.chat.requests_per_dau'
  index: number;
  value: number;
  p10?: number;
  p90?: number;
  /** Bounds the sampled value is clamped to. */
  min: number;
  max: number;
  source?: string;
  assumed?: string;
}

export const CLASS_STRIDE = 8;
export const C_RPD = 0, C_TPD = 1, C_API_G = 2, C_OUT = 3, C_IN = 4, C_STT = 5, C_TTS = 6, C_IMG = 7;
export const P_USERS_START = 0, P_USERS_GROWTH = 1, P_USERS_CEIL = 2, P_USERS_SCALE = 3, P_DAU = 4, P_BURST = 5;
export const HEAD = 6;

export interface ParamLayout {
  knobs: Knob[];
  base: Float64Array;
  classOffset: (i: number) => number;
  eventOffset: (i: number) => number;   // [multiplier, shift share]
  poolOffset: (i: number) => number;    // [availability, ttft tail]
  /** Users table interpolated to every month of the horizon (before `scale`), when kind = table. */
  usersTable: Float64Array | null;
  /** Issue 19, per class: [b2b units, onboarded per month, requests per unit per day, weekend level]. */
  extOffset: (i: number) => number;
  /** Issue 19: multiplier of class i's j-th calendar effect. */
  calOffset: (i: number, j: number) => number;
}

/** Per-class extension slots (after events and pools, so older offsets do not move). */
export const EXT_STRIDE = 4;
export const X_UNITS = 0, X_ONBOARD = 1, X_RPU = 2, X_WEEKEND = 3;

export function buildLayout(s: Scenario): ParamLayout {
  const nC = s.classes.length, nE = s.events.length, nP = s.pools.length;
  const extBase = HEAD + nC * CLASS_STRIDE + nE * 2 + nP * 2;
  const calStart: number[] = [];
  let calN = 0;
  for (const c of s.classes) { calStart.push(extBase + nC * EXT_STRIDE + calN); calN += c.calendar?.length ?? 0; }
  const size = extBase + nC * EXT_STRIDE + calN;
  const base = new Float64Array(size);
  const knobs: Knob[] = [];
  const put = (key: string, index: number, n: Num | undefined, min: number, max: number, fallback = 0) => {
    if (n === undefined) { base[index] = fallback; return; }
    base[index] = n.value;
    knobs.push({ key, index, value: n.value, p10: n.p10, p90: n.p90, min, max, source: n.source, assumed: n.assumed });
  };
  const u = s.users;
  let usersTable: Float64Array | null = null;
  if (u.kind === 'table') {
    put('users.scale', P_USERS_SCALE, u.scale, 0, Infinity);
    usersTable = interpolateTable(u.points, s.start_month, s.horizon_months);
  } else {
    put('users.start', P_USERS_START, u.start, 0, Infinity);
    put('users.monthly_growth', P_USERS_GROWTH, u.monthly_growth, -0.99, 10);
    if (u.kind === 'logistic') put('users.ceiling', P_USERS_CEIL, u.ceiling, 0, Infinity);
    base[P_USERS_SCALE] = 1;
  }
  put('dau_share', P_DAU, s.dau_share, 0, 1);
  put('diurnal.burst_factor', P_BURST, s.diurnal.burst_factor, 1, Infinity);
  const classOffset = (i: number) => HEAD + i * CLASS_STRIDE;
  s.classes.forEach((c, i) => {
    const o = classOffset(i), k = `classes.${c.id}`;
    put(`${k}.requests_per_dau`, o + C_RPD, c.requests_per_dau, 0, Infinity);
    put(`${k}.tokens_per_day`, o + C_TPD, c.tokens_per_day, 0, Infinity);
    put(`${k}.api_monthly_growth`, o + C_API_G, c.api_monthly_growth, -0.99, 10);
    put(`${k}.output_tokens`, o + C_OUT, c.output_tokens, 0, Infinity);
    put(`${k}.input_tokens`, o + C_IN, c.input_tokens, 0, Infinity);
    put(`${k}.stt_gpu_s`, o + C_STT, c.stt_gpu_s, 0, Infinity);
    put(`${k}.tts_gpu_s`, o + C_TTS, c.tts_gpu_s, 0, Infinity);
    put(`${k}.image_gpu_s`, o + C_IMG, c.image_gpu_s, 0, Infinity);
  });
  const eventOffset = (i: number) => HEAD + nC * CLASS_STRIDE + i * 2;
  s.events.forEach((e, i) => {
    put(`events.${e.id}.multiplier`, eventOffset(i), e.multiplier, 0, Infinity, 1);
    put(`events.${e.id}.shift_share`, eventOffset(i) + 1, e.shift?.share, 0, 1, 0);
  });
  const poolOffset = (i: number) => HEAD + nC * CLASS_STRIDE + nE * 2 + i * 2;
  s.pools.forEach((p, i) => {
    put(`pools.${p.id}.availability`, poolOffset(i), p.availability, 0, 1);
    put(`pools.${p.id}.ttft_tail`, poolOffset(i) + 1, p.ttft_tail, 1e-6, 1);
  });
  const extOffset = (i: number) => extBase + i * EXT_STRIDE;
  const calOffset = (i: number, j: number) => calStart[i] + j;
  s.classes.forEach((c, i) => {
    const o = extOffset(i), k = `classes.${c.id}`;
    put(`${k}.b2b.units`, o + X_UNITS, c.b2b?.units, 0, Infinity);
    put(`${k}.b2b.onboarded_per_month`, o + X_ONBOARD, c.b2b?.onboarded_per_month, 0, Infinity);
    put(`${k}.b2b.requests_per_unit_per_day`, o + X_RPU, c.b2b?.requests_per_unit_per_day, 0, Infinity);
    put(`${k}.weekly.weekend_level`, o + X_WEEKEND, c.weekly?.weekend_level, 0, Infinity, 1);
    (c.calendar ?? []).forEach((e, j) => put(`${k}.calendar.${e.effect}`, calOffset(i, j), e.multiplier, 0, Infinity, 1));
  });
  return { knobs, base, classOffset, eventOffset, poolOffset, usersTable, extOffset, calOffset };
}

/** Linear interpolation between table points, held flat before the first and after the last. */
export function interpolateTable(points: { month: string; users: number }[], start: string, horizon: number): Float64Array {
  const pts = [...points].map((p) => ({ x: monthDiff(start, p.month), y: p.users })).sort((a, b) => a.x - b.x);
  const out = new Float64Array(horizon);
  for (let m = 0; m < horizon; m++) {
    if (m <= pts[0].x) { out[m] = pts[0].y; continue; }
    const last = pts[pts.length - 1];
    if (m >= last.x) { out[m] = last.y; continue; }
    let j = 0;
    while (pts[j + 1].x < m) j++;
    const a = pts[j], b = pts[j + 1];
    out[m] = b.x === a.x ? b.y : a.y + ((b.y - a.y) * (m - a.x)) / (b.x - a.x);
  }
  return out;
}

export type UsersKind = Scenario['users']['kind'];

/** Users in month m (0 = start month). */
export function usersAt(kind: UsersKind, p: Float64Array, table: Float64Array | null, m: number): number {
  if (kind === 'table') return (table as Float64Array)[m] * p[P_USERS_SCALE];
  const u0 = p[P_USERS_START], g = p[P_USERS_GROWTH];
  if (kind === 'compound') return u0 * Math.pow(1 + g, m);
  // Logistic to a ceiling K, growing at (1+g)/month while far below it.
  const K = Math.max(p[P_USERS_CEIL], u0);
  if (u0 <= 0) return 0;
  return K / (1 + (K / u0 - 1) * Math.pow(1 + g, -m));
}

/** B2B requests per (week)day in month m: (units + onboarded × m) × requests per unit. */
export function b2bRequestsPerDay(p: Float64Array, x: number, m: number): number {
  return (p[x + X_UNITS] + p[x + X_ONBOARD] * m) * p[x + X_RPU];
}

/** Requests per day of class i in month m on an ordinary day (`x`: the class's extOffset when it is a B2B class). */
export function classRequestsPerDay(kind: string, p: Float64Array, o: number, dau: number, m: number, x = -1): number {
  if (x >= 0) return b2bRequestsPerDay(p, x, m);
  if (kind === 'api') {
    const perReq = p[o + C_IN] + p[o + C_OUT];
    if (perReq <= 0) return 0;
    return (p[o + C_TPD] * Math.pow(1 + p[o + C_API_G], m)) / perReq;
  }
  return dau * p[o + C_RPD];
}

export function monthLabels(start: string, n: number): string[] {
  return Array.from({ length: n }, (_, k) => addMonths(start, k));
}

/** Requests per day of each class at the start month at the medians (weights for a pool's class mix). */
export function startRequestsPerDay(s: Scenario): number[] {
  const L = buildLayout(s);
  const dau = usersAt(s.users.kind, L.base, L.usersTable, 0) * L.base[P_DAU];
  return s.classes.map((c, i) => classRequestsPerDay(c.kind, L.base, L.classOffset(i), dau, 0, c.b2b ? L.extOffset(i) : -1));
}
