// Risk-targeted sizing (issue 12): how much capacity each pool needs each month so that the
// month's probability of overload is at most 1 − service level. Each Monte Carlo path draws
// every uncertain input (same seeding as the crash forecast, so the same seed gives the same
// need) and gives, per pool and month, the capacity it needs relative to the median path:
//   need_path / need_median, need = peak demand ÷ (safe utilisation × availability).
// The service-level quantile of that ratio scales the deterministic need. Issue 13: a path's
// capacity-error draw divides its need by the pool's capacity multiplier (GPU types weighted by
// their token capacity that month), so the sizing covers the engine's own error too. Pure.
import { evaluateFast, fastScratch, type Model } from '../timeline/index.js';
import { drawCapacity, drawPath, rhoLookup, rhoTable, uncertainKnobs, type RhoTable } from './index.js';

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

/** Per path, pool and month: peak demand ÷ (safe utilisation × availability drawn). */
function needs(model: Model, p: Float64Array, sc: ReturnType<typeof fastScratch>, rho: ReturnType<typeof rhoLookup>, sink: { over: Uint8Array; demand: Float64Array; util: Float64Array }, out: Float64Array): void {
  const L = model.layout;
  sink.demand.fill(0); sink.util.fill(0);
  evaluateFast(model, p, sc, rho, sink);
  for (let q = 0; q < model.nP; q++) {
    const a = p[L.poolOffset(q)] > 0 ? p[L.poolOffset(q)] : 1;
    for (let m = 0; m < model.H; m++) {
      const r = sc.rho[q][m];
      const i = m * model.nP + q;
      out[i] = sink.demand[i] / ((r > 0 ? r : 1) * a * capacityRatio(model, sc, q, m));
    }
  }
}

/** The pool's token capacity with this path's multipliers ÷ without (GPU types weighted by their capacity in month m; 1 without capacity error). */
function capacityRatio(model: Model, sc: ReturnType<typeof fastScratch>, q: number, m: number): number {
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

/**
 * Per pool and month, the need (relative to the median inputs) that covers the month in a
 * `level` share of `runs` paths: with one pool its `level` quantile (nearest rank); with several,
 * a common higher rank so that at most (1 − level) of the paths overload ANY pool that month.
 * Monotone in `level` for a fixed seed and runs.
 */
export function demandScale(model: Model, runs: number, seed: number, level: number, table: RhoTable = rhoTable(model)): DemandScaleResult {
  if (!(level > 0 && level < 1)) throw new Error('service level must be between 0 and 1');
  const stride = model.H * model.nP;
  const sc = fastScratch(model);
  const rho = rhoLookup(model, table);
  const sink = { over: new Uint8Array(model.H), demand: new Float64Array(stride), util: new Float64Array(stride) };
  const base = new Float64Array(stride);
  needs(model, model.layout.base, sc, rho, sink, base); // capacity at the point estimate (capMul starts at 1)
  const knobs = uncertainKnobs(model);
  const p = new Float64Array(model.layout.base.length);
  const cols = new Float64Array(stride * runs); // column per (m, q), contiguous per column
  const row = new Float64Array(stride);
  for (let i = 0; i < runs; i++) {
    drawPath(model, knobs, seed, i, p);
    drawCapacity(model, seed, i, sc);
    needs(model, p, sc, rho, sink, row);
    for (let j = 0; j < stride; j++) cols[j * runs + i] = row[j];
  }
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
