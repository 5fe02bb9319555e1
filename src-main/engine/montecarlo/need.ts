// A Monte Carlo path's need per pool and month (issue 12's risk-targeted sizing): peak demand ÷
// (safe utilisation × availability drawn × the pool's capacity-error multiplier). Shared by the
// sizing (risk.ts) and the Monte Carlo runner, which fills the same numbers while it runs a
// fleet's paths so that a plan sizes from the forecast it already ran. Pure.
import { evaluateFast, fastScratch, type FastScratch, type Model } from '../timeline/index.js';

export type Rho = Parameters<typeof evaluateFast>[3];
export interface NeedSink { over: Uint8Array; demand: Float64Array; util: Float64Array }

/** Per pool and month, after evaluateFast filled `sink` and `sc` for parameters `p`: peak demand ÷ (safe utilisation × availability drawn × capacity multiplier). */
export function needOfEvaluated(model: Model, p: Float64Array, sc: FastScratch, sink: NeedSink, out: Float64Array): void {
  const L = model.layout;
  for (let q = 0; q < model.nP; q++) {
    const a = p[L.poolOffset(q)] > 0 ? p[L.poolOffset(q)] : 1;
    for (let m = 0; m < model.H; m++) {
      const r = sc.rho[q][m];
      const i = m * model.nP + q;
      out[i] = sink.demand[i] / ((r > 0 ? r : 1) * a * capacityRatio(model, sc, q, m));
    }
  }
}

/** Per path, pool and month: peak demand ÷ (safe utilisation × availability drawn). */
function needs(model: Model, p: Float64Array, sc: FastScratch, rho: Rho, sink: NeedSink, out: Float64Array): void {
  sink.demand.fill(0); sink.util.fill(0);
  evaluateFast(model, p, sc, rho, sink);
  needOfEvaluated(model, p, sc, sink, out);
}

/** The need at the point estimate (every input at its value, capacity multipliers 1): the denominator of each path's ratio. */
export function baseNeed(model: Model, rho: Rho): Float64Array {
  const stride = model.H * model.nP;
  const sc = fastScratch(model);
  const out = new Float64Array(stride);
  needs(model, model.layout.base, sc, rho, { over: new Uint8Array(model.H), demand: new Float64Array(stride), util: new Float64Array(stride) }, out);
  return out;
}

/** The pool's token capacity with this path's multipliers ÷ without (GPU types weighted by their capacity in month m; 1 without capacity error). */
function capacityRatio(model: Model, sc: FastScratch, q: number, m: number): number {
  if (!model.capErr || !model.poolLLM[q]) return 1;
  const types = model.poolTypes[q], T = types.length, cnt = model.counts[q], mul = sc.capMul[q];
  let a = 0, b = 0, a1 = 0, b1 = 0;
  for (let t = 0; t < T; t++) {
    const c = types[t].cap;
    if (!c.feasible) continue;
    const w = cnt[m * T + t] * c.output_tokens_per_s_per_gpu;
    a += w * mul[t]; b += w;
    a1 += c.output_tokens_per_s_per_gpu * mul[t]; b1 += c.output_tokens_per_s_per_gpu;
  }
  const x = b > 0 ? a / b : b1 > 0 ? a1 / b1 : 1;
  return x > 0 ? x : 1;
}

export interface DemandScale {
  pool_id: string;
  /** Per month: the service-level quantile of need_path / need_median (1 when the pool has no demand). */
  scale: number[];
}

export interface DemandScaleResult {
  level: number;
  runs: number;
  seed: number;
  pools: DemandScale[];
}

/**
 * The sizing from need columns already drawn: `cols[(m * nP + q) * runs + i]` is path i's need
 * (the Monte Carlo runner's layout), `base` the point-estimate need (baseNeed).
 */
export function scaleFromNeeds(model: Model, cols: Float64Array, runs: number, base: Float64Array, seed: number, level: number): DemandScaleResult {
  if (!(level > 0 && level < 1)) throw new Error('service level must be between 0 and 1');
  const pools: DemandScale[] = model.poolIds.map((id) => ({ pool_id: id, scale: new Array<number>(model.H).fill(1) }));
  if (runs === 0) return { level, runs, seed, pools };
  // A month is overloaded when ANY pool is: per month, the smallest common rank k (≥ the
  // level's own rank) such that at most (1 − level) × runs paths exceed some pool's k-th need.
  const allowed = Math.floor((1 - level) * runs + 1e-9);
  const k0 = Math.min(runs - 1, Math.max(0, Math.ceil(level * runs) - 1));
  for (let m = 0; m < model.H; m++) {
    const live: number[] = [];
    const sorted: Float64Array[] = [];
    for (let q = 0; q < model.nP; q++) {
      const j = m * model.nP + q;
      if (!(base[j] > 0)) continue;
      live.push(q);
      sorted.push(cols.slice(j * runs, (j + 1) * runs).sort());
    }
    if (!live.length) continue;
    const over = (k: number) => {
      let n = 0;
      for (let i = 0; i < runs; i++) {
        for (let t = 0; t < live.length; t++) {
          if (cols[(m * model.nP + live[t]) * runs + i] > sorted[t][k]) { n++; break; }
        }
      }
      return n;
    };
    let lo = k0, hi = runs - 1;
    if (live.length > 1) {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (over(mid) <= allowed) hi = mid; else lo = mid + 1;
      }
    }
    for (let t = 0; t < live.length; t++) {
      const j = m * model.nP + live[t];
      const x = sorted[t][lo];
      pools[live[t]].scale[m] = Number.isFinite(x) ? x / base[j] : 1;
    }
  }
  return { level, runs, seed, pools };
}
