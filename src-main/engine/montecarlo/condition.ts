// History matching: the Monte Carlo conditioned on what was observed (outages, held days).
// Every path draws the uncertain inputs with the ordinary path sampler (drawPath) plus the
// pool-level assumptions the timeline does not sample itself (a stand-in model's size class,
// the fleet size when it is an estimate) and the capacity engine's own error per (GPU family,
// engine) (issue 13; the same draw as the plain Monte Carlo's path), runs the fleet timeline, and
// is weighted by how well
// it reproduces the observations (likelihood weighting, i.e. importance sampling with the prior
// as proposal). Weighted quantiles give the posterior of each input and of the crash month;
// the effective sample size says how many paths carry the answer. Same seed, same posterior.
import type { Knob } from '../demand/index.js';
import { C_IN, C_OUT, C_STT, C_TTS, C_IMG, C_TPD, dayNumber, monthDiff } from '../demand/index.js';
import type { Num, Observation, Scenario } from '../demand/scenario.js';
import { baseDemand, dayLoads, evaluateFast, fastScratch, type Model } from '../timeline/index.js';
import { drawCapacity, drawPath, mulberry32, normInv, pathSeed, rhoLookup, rhoTable, splitQuantile, uncertainKnobs, type Quantiles, type RhoTable } from './index.js';
import { capacityErrorSource, type CapacityErrorDist } from '../timeline/capacity-error.js';

/** A pool-level assumption sampled only here: it scales the pool's capacity. */
export interface PoolFactor { key: string; pool: number; kind: 'model_size' | 'fleet'; value: number; p10: number; p90: number; source?: string; assumed?: string }

export function poolFactors(s: Scenario): PoolFactor[] {
  const out: PoolFactor[] = [];
  const add = (pool: number, id: string, kind: PoolFactor['kind'], n: Num | undefined) => {
    if (!n) return;
    out.push({ key: `pools.${id}.${kind === 'model_size' ? 'model_size_factor' : 'fleet_factor'}`, pool, kind, value: n.value, p10: n.p10 ?? n.value, p90: n.p90 ?? n.value, source: n.source, assumed: n.assumed });
  };
  s.pools.forEach((p, i) => { add(i, p.id, 'model_size', p.model_size_factor); add(i, p.id, 'fleet', p.fleet_factor); });
  return out;
}

export interface ConditionOptions {
  runs: number;
  seed: number;
  /** Width of the overload boundary in log(utilisation / safe utilisation): how sharply a path
   *  that is just under (or over) its limit on an observed day is told apart. Default 0.1. */
  softness?: number;
  onProgress?: (done: number) => void;
  shouldStop?: () => boolean;
}

export interface ObservationResult {
  date: string;
  month: string;
  pool: string | null;
  status: 'overloaded' | 'held';
  source: string;
  /** P(overload) on that day (in that month) under the posterior; null when the day is outside the horizon. */
  p_overload: number | null;
  /** The same under the prior (every path weighted alike). */
  prior_p_overload: number | null;
  used: boolean;
}

export interface InputPosterior {
  prior: Quantiles;
  posterior: Quantiles;
  /** Posterior median over prior median (1 = did not move). */
  shift: number;
  source?: string;
  assumed?: string;
}

export interface Posterior {
  runs: number;
  seed: number;
  /** Paths that reproduce every observation (overloaded where observed overloaded, held where held). */
  matched_paths: number;
  effective_sample_size: number;
  inputs: Record<string, InputPosterior>;
  observations: ObservationResult[];
  /** Crash month quantiles under the posterior / the prior (null quantile: beyond the horizon). */
  crash_month: { p10: string | null; p50: string | null; p90: string | null } | null;
  prior_crash_month: { p10: string | null; p50: string | null; p90: string | null } | null;
  /** P(overload) per month under the posterior. */
  p_overload: number[];
  /** Set when the posterior could not be formed (no observation in the horizon, or no path matches). */
  message: string | null;
}

interface ObsPlan { o: Observation; m: number; dayType: number; pool: number; used: boolean; date: string; month: string }

function planObservations(model: Model, obs: Observation[]): ObsPlan[] {
  return obs.map((o) => {
    const month = o.month ?? (o.date as string).slice(0, 7);
    const m = monthDiff(model.months[0], month);
    const pool = o.pool === undefined ? -1 : model.poolIds.indexOf(o.pool);
    if (m < 0 || m >= model.H) return { o, m, dayType: -1, pool, used: false, date: o.date ?? month, month };
    let dayType = -1;
    if (o.date !== undefined) {
      const d = dayNumber(o.date);
      const types = model.dayTypes[m];
      dayType = types.findIndex((t) => t.dates.some((x) => dayNumber(x) === d));
      if (dayType < 0) dayType = types.findIndex((t) => t.events.length === 0);
    }
    return { o, m, dayType, pool, used: true, date: o.date ?? month, month };
  });
}

/**
 * Copies the path's draw `p` into `q` with the pool factors applied: a pool whose capacity is
 * scaled by c = fleet / model size serves each output token as 1/c of one (tokens scaled, API
 * request counts kept), and speech/image GPU seconds scale by 1/fleet of their media pool.
 */
function applyFactors(model: Model, p: Float64Array, q: Float64Array, capScale: Float64Array, fleetScale: Float64Array): void {
  q.set(p);
  const L = model.layout;
  for (let c = 0; c < model.nC; c++) {
    const o = L.classOffset(c);
    const k = capScale[model.classPool[c]];
    if (k !== 1) {
      const out = p[o + C_OUT], inp = p[o + C_IN];
      q[o + C_OUT] = out / k;
      if (model.classKinds[c] === 'api' && inp + out > 0) q[o + C_TPD] = (p[o + C_TPD] * (inp + out / k)) / (inp + out);
    }
    const f = fleetScale[model.classMedia[c]];
    if (f !== 1) { q[o + C_STT] = p[o + C_STT] / f; q[o + C_TTS] = p[o + C_TTS] / f; q[o + C_IMG] = p[o + C_IMG] / f; }
  }
}

/** Weighted nearest-rank quantiles of values[i] with weights w[i] (sum > 0). */
export function weightedQuantiles(values: Float64Array, w: Float64Array, qs: number[]): number[] {
  const idx = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  let total = 0;
  for (const i of idx) total += w[i];
  const out: number[] = [];
  let acc = 0, k = 0;
  for (const q of qs) {
    const target = q * total;
    while (k < idx.length - 1 && acc + w[idx[k]] < target - 1e-12 * total) { acc += w[idx[k]]; k++; }
    // skip zero-weight entries at the cut
    while (k < idx.length - 1 && w[idx[k]] === 0) { k++; }
    out.push(values[idx[k]]);
  }
  return out;
}

const q3 = (v: number[]): Quantiles => ({ p10: v[0], p50: v[1], p90: v[2] });

/**
 * Runs `runs` paths and conditions them on the scenario's observations (or `observations`).
 * Pure: the caller passes the compiled model (and may pass a rho table it already built).
 */
export function conditionedMonteCarlo(model: Model, o: ConditionOptions, observations: Observation[] = model.scenario.observations ?? [], table: RhoTable = rhoTable(model)): Posterior & { cancelled: boolean } {
  const { runs, seed } = o;
  const tau = o.softness ?? 0.1;
  const knobs: Knob[] = uncertainKnobs(model);
  const factors = poolFactors(model.scenario).filter((f) => f.p10 !== f.value || f.p90 !== f.value || f.value !== 1);
  const plans = planObservations(model, observations);
  // The engine's error (issue 13): one multiplier per (family, engine) that varies at all.
  const engine = (model.capErr?.dists ?? []).map((d, k) => ({ k, key: `capacity_error:${d.key}`, n: d.n, basis: d.basis })).filter((_, k) => {
    const d = model.capErr!.dists[k];
    return d.sigma > 0 || d.mu !== 0;
  });
  const nK = knobs.length, nF = factors.length, nE = engine.length, nI = nK + nF + nE;
  const draws = new Float64Array(runs * nI);
  const logw = new Float64Array(runs);
  const crash = new Int16Array(runs);
  const over = new Uint8Array(runs * model.H);
  const obsOver = new Uint8Array(runs * plans.length);
  const matched = new Uint8Array(runs);
  const p = new Float64Array(model.layout.base.length), pq = new Float64Array(p.length);
  const sc = fastScratch(model);
  const rho = rhoLookup(model, table);
  const stride = model.H * model.nP;
  const sink = { over: new Uint8Array(model.H), demand: new Float64Array(stride), util: new Float64Array(stride) };
  const capScale = new Float64Array(model.nP), fleetScale = new Float64Array(model.nP);
  const tokcap = new Float64Array(model.nP), gpusUp = new Float64Array(model.nP);
  const every = 500;
  let cancelled = false, done = 0;
  for (let i = 0; i < runs; i++) {
    if (i % every === 0) {
      if (o.shouldStop?.()) { cancelled = true; break; }
      if (i > 0) o.onProgress?.(i);
    }
    drawPath(model, knobs, seed, i, p);
    for (let k = 0; k < nK; k++) draws[i * nI + k] = p[knobs[k].index];
    capScale.fill(1); fleetScale.fill(1);
    if (nF) {
      // A second stream per path, so adding a factor leaves every other input's draw unchanged.
      const rnd = mulberry32(pathSeed(seed ^ 0x5bd1e995, i));
      for (let k = 0; k < nF; k++) {
        const f = factors[k];
        let u = rnd();
        if (u <= 0) u = 1e-12;
        const x = Math.max(1e-6, splitQuantile(f.value, f.p10, f.p90, normInv(u)));
        draws[i * nI + nK + k] = x;
        if (f.kind === 'model_size') capScale[f.pool] /= x;
        else { capScale[f.pool] *= x; fleetScale[f.pool] *= x; }
      }
    }
    const mult = drawCapacity(model, seed, i, sc);
    for (let k = 0; k < nE; k++) draws[i * nI + nK + nF + k] = mult[engine[k].k];
    applyFactors(model, p, pq, capScale, fleetScale);
    sink.demand.fill(0); sink.util.fill(0);
    const c = evaluateFast(model, pq, sc, rho, sink);
    crash[i] = c < 0 ? model.H : c;
    over.set(sink.over, i * model.H);
    let lw = 0, all = 1;
    for (let j = 0; j < plans.length; j++) {
      const pl = plans[j];
      if (!pl.used) continue;
      let ratio: number;
      if (pl.dayType < 0) {
        // A month: overloaded when its busiest day was over, held when no day was.
        ratio = 0;
        for (let q = 0; q < model.nP; q++) {
          if (pl.pool >= 0 && q !== pl.pool) continue;
          const u = sink.util[pl.m * model.nP + q], rq = sc.rho[q][pl.m];
          const x = u <= 0 ? 0 : rq > 0 ? u / rq : Infinity;
          if (x > ratio) ratio = x;
        }
      } else {
        ratio = dayRatio(model, pq, pl, sc, tokcap, gpusUp);
      }
      const isOver = ratio > 1;
      obsOver[i * plans.length + j] = isOver ? 1 : 0;
      const want = pl.o.status === 'overloaded';
      if (isOver !== want) all = 0;
      const z = (ratio > 0 ? Math.log(ratio) : -50) / tau;
      const s = want ? z : -z;
      // log of the logistic sigmoid, stable on both tails
      lw += s >= 0 ? -Math.log1p(Math.exp(-s)) : s - Math.log1p(Math.exp(s));
    }
    logw[i] = lw;
    matched[i] = all;
    done = i + 1;
  }
  if (!cancelled) o.onProgress?.(runs);
  return { ...summarisePosterior(model, { runs: done, seed, knobs, factors, engine, draws, nI, logw, crash, over, obsOver, matched, plans }), cancelled };
}

/** Peak utilisation over safe utilisation on an observed day (the worst pool, or the pool observed). */
function dayRatio(model: Model, p: Float64Array, pl: ObsPlan, sc: ReturnType<typeof fastScratch>, tokcap: Float64Array, gpusUp: Float64Array): number {
  const L = model.layout, m = pl.m;
  baseDemand(model, p, m, sc);
  dayLoads(model, p, model.dayTypes[m][pl.dayType], sc);
  let worst = 0;
  for (let q = 0; q < model.nP; q++) {
    if (pl.pool >= 0 && q !== pl.pool) continue;
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
    tokcap[q] = tok; gpusUp[q] = g;
    let u = 0;
    if (sc.tok[q] > 0) u += tok > 0 ? sc.tok[q] / tok : Infinity;
    if (sc.med[q] > 0) u += g > 0 ? sc.med[q] / g : Infinity;
    const rq = sc.rho[q][m];
    const r = u <= 0 ? 0 : rq > 0 ? u / rq : Infinity;
    if (r > worst) worst = r;
  }
  return worst;
}

interface Raw {
  runs: number; seed: number; knobs: Knob[]; factors: PoolFactor[]; engine: { key: string; n: number; basis: CapacityErrorDist['basis'] }[]; draws: Float64Array; nI: number; logw: Float64Array;
  crash: Int16Array; over: Uint8Array; obsOver: Uint8Array; matched: Uint8Array; plans: ObsPlan[];
}

function crashQuantiles(model: Model, crash: Int16Array, w: Float64Array): Posterior['crash_month'] {
  const v = Float64Array.from(crash);
  const [a, b, c] = weightedQuantiles(v, w, [0.1, 0.5, 0.9]);
  const label = (x: number) => (x >= model.H ? null : model.months[x]);
  return label(a) === null ? null : { p10: label(a), p50: label(b), p90: label(c) };
}

function summarisePosterior(model: Model, r: Raw): Posterior {
  const { runs, plans } = r;
  const crash = r.crash.subarray(0, runs);
  const ones = new Float64Array(runs).fill(1);
  const used = plans.filter((x) => x.used).length;
  let matchedPaths = 0;
  for (let i = 0; i < runs; i++) matchedPaths += r.matched[i];
  // Normalised weights (max 1), so a path's weight is its likelihood relative to the best path's.
  let max = -Infinity;
  for (let i = 0; i < runs; i++) if (r.logw[i] > max) max = r.logw[i];
  const w = new Float64Array(runs);
  let sw = 0, sw2 = 0;
  for (let i = 0; i < runs; i++) { w[i] = Math.exp(r.logw[i] - max); sw += w[i]; sw2 += w[i] * w[i]; }
  const ess = sw2 > 0 ? (sw * sw) / sw2 : 0;
  let message: string | null = null;
  if (runs === 0) message = 'no paths were run';
  else if (used === 0) message = plans.length ? 'no observation falls inside the scenario\'s horizon; nothing to condition on (the posterior is the prior)' : 'the scenario has no observations; nothing to condition on (the posterior is the prior)';
  else if (matchedPaths === 0) {
    // Which observations the paths fail on, to say what to widen.
    const miss = plans.map((pl, j) => {
      if (!pl.used) return null;
      let ok = 0;
      for (let i = 0; i < runs; i++) ok += (r.obsOver[i * plans.length + j] === 1) === (pl.o.status === 'overloaded') ? 1 : 0;
      return { pl, share: ok / runs };
    }).filter((x): x is { pl: ObsPlan; share: number } => x !== null).sort((a, b) => a.share - b.share);
    const worst = miss.slice(0, 3).map((x) => `${x.pl.date} ${x.pl.o.status} (reproduced by ${(x.share * 100).toFixed(1)}% of paths)`).join('; ');
    message = `none of the ${runs} paths reproduces every observation, so there is no posterior: the observations contradict each other within the model or lie outside the inputs' ranges. Hardest: ${worst}. Widen the P10/P90 of the inputs that could explain them, or check the observations.`;
  }
  const ok = message === null || (used === 0 && runs > 0);
  const wUse = message === null ? w : ones;
  const inputs: Record<string, InputPosterior> = {};
  const col = new Float64Array(runs);
  const meta = [
    ...r.knobs.map((k) => ({ key: k.key, source: k.source, assumed: k.assumed })),
    ...r.factors.map((f) => ({ key: f.key, source: f.source, assumed: f.assumed })),
    ...r.engine.map((e) => ({ key: e.key, source: capacityErrorSource(e), assumed: undefined })),
  ];
  meta.forEach((m, k) => {
    for (let i = 0; i < runs; i++) col[i] = r.draws[i * r.nI + k];
    const prior = q3(weightedQuantiles(col, ones, [0.1, 0.5, 0.9]));
    const post = ok ? q3(weightedQuantiles(col, wUse, [0.1, 0.5, 0.9])) : prior;
    inputs[m.key] = { prior, posterior: post, shift: prior.p50 !== 0 ? post.p50 / prior.p50 : 1, ...(m.source ? { source: m.source } : {}), ...(m.assumed ? { assumed: m.assumed } : {}) };
  });
  const pOver = (wt: Float64Array, total: number, get: (i: number) => number) => {
    let s = 0;
    for (let i = 0; i < runs; i++) s += wt[i] * get(i);
    return total > 0 ? s / total : 0;
  };
  const observations: ObservationResult[] = plans.map((pl, j) => ({
    date: pl.date, month: pl.month, pool: pl.o.pool ?? null, status: pl.o.status, source: pl.o.source, used: pl.used,
    p_overload: pl.used && runs > 0 ? pOver(wUse, message === null ? sw : runs, (i) => r.obsOver[i * plans.length + j]) : null,
    prior_p_overload: pl.used && runs > 0 ? pOver(ones, runs, (i) => r.obsOver[i * plans.length + j]) : null,
  }));
  const p_overload = Array.from({ length: model.H }, (_, m) => (runs ? pOver(wUse, message === null ? sw : runs, (i) => r.over[i * model.H + m]) : 0));
  return {
    runs, seed: r.seed, matched_paths: matchedPaths, effective_sample_size: message === null ? ess : used === 0 ? runs : 0, inputs, observations,
    crash_month: runs && ok ? crashQuantiles(model, crash, wUse) : null,
    prior_crash_month: runs ? crashQuantiles(model, crash, ones) : null,
    p_overload, message,
  };
}

/**
 * Carries a posterior into another scenario's prior on the inputs two services share: tokens per
 * request of a class with the same id (`classes.chat.output_tokens`), the in-hour burst factor,
 * and GPU availability; they take the posterior's P10/P50/P90. Users, requests per user and events
 * are each service's own and are not carried;
 * pool-level inputs (`pools.<id>.availability`) carry from a one-pool source to every target
 * pool. Stand-in and fleet factors are the source's own and are not carried, nor is the capacity
 * engine's error (`capacity_error:…`): every scenario draws it from the same calibration.
 */
export function carryPosterior(target: Scenario, post: Posterior, from: string): { scenario: Scenario; carried: Record<string, { prior: Num; carried: Num }> } {
  const s: Scenario = JSON.parse(JSON.stringify(target));
  const carried: Record<string, { prior: Num; carried: Num }> = {};
  const note = `posterior of ${from} conditioned on its observations (effective sample size ${Math.round(post.effective_sample_size)})`;
  const take = (key: string, n: Num | undefined, srcKey = key): Num | undefined => {
    const ip = post.inputs[srcKey];
    if (!n || !ip || /\.(model_size|fleet)_factor$/.test(key)) return n;
    const q = ip.posterior;
    if (!(q.p10 <= q.p50 && q.p50 <= q.p90)) return n;
    const out: Num = { value: q.p50, p10: q.p10, p90: q.p90, assumed: `${note}; was ${n.value} (P10 ${n.p10 ?? n.value}, P90 ${n.p90 ?? n.value})` };
    carried[key] = { prior: n, carried: out };
    return out;
  };
  s.diurnal.burst_factor = take('diurnal.burst_factor', s.diurnal.burst_factor) as Num;
  for (const c of s.classes) {
    const k = `classes.${c.id}`;
    c.input_tokens = take(`${k}.input_tokens`, c.input_tokens) as Num;
    c.output_tokens = take(`${k}.output_tokens`, c.output_tokens) as Num;
  }
  const srcPools = [...new Set(Object.keys(post.inputs).filter((k) => k.startsWith('pools.')).map((k) => k.split('.')[1]))];
  for (const p of s.pools) {
    const srcId = post.inputs[`pools.${p.id}.availability`] ? p.id : srcPools.length === 1 ? srcPools[0] : null;
    if (srcId === null) continue;
    p.availability = take(`pools.${p.id}.availability`, p.availability, `pools.${srcId}.availability`) as Num;
  }
  return { scenario: s, carried };
}
