// Risk-targeted sizing (issue 12): how much capacity each pool needs each month so that the
// month's probability of overload is at most 1 − service level. Each Monte Carlo path draws
// every uncertain input (same seeding as the crash forecast, so the same seed gives the same
// need) and gives, per pool and month, the capacity it needs relative to the median path:
//   need_path / need_median, need = peak demand ÷ (safe utilisation × availability).
// The service-level quantile of that ratio scales the deterministic need. Pure.
import { evaluateFast, fastScratch, type Model } from '../timeline/index.js';
import { drawPath, rhoLookup, rhoTable, selectQuantile, uncertainKnobs, type RhoTable } from './index.js';

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
      out[i] = sink.demand[i] / ((r > 0 ? r : 1) * a);
    }
  }
}

/**
 * The `level` quantile (nearest rank) over `runs` paths of each pool's monthly need relative
 * to the median inputs. Monotone in `level` for a fixed seed and runs.
 */
export function demandScale(model: Model, runs: number, seed: number, level: number, table: RhoTable = rhoTable(model)): DemandScaleResult {
  if (!(level > 0 && level < 1)) throw new Error('service level must be between 0 and 1');
  const stride = model.H * model.nP;
  const sc = fastScratch(model);
  const rho = rhoLookup(model, table);
  const sink = { over: new Uint8Array(model.H), demand: new Float64Array(stride), util: new Float64Array(stride) };
  const base = new Float64Array(stride);
  needs(model, model.layout.base, sc, rho, sink, base);
  const knobs = uncertainKnobs(model);
  const p = new Float64Array(model.layout.base.length);
  const cols = new Float64Array(stride * runs); // column per (m, q), contiguous per column
  const row = new Float64Array(stride);
  for (let i = 0; i < runs; i++) {
    drawPath(model, knobs, seed, i, p);
    needs(model, p, sc, rho, sink, row);
    for (let j = 0; j < stride; j++) cols[j * runs + i] = row[j];
  }
  const pools: DemandScale[] = model.poolIds.map((id) => ({ pool_id: id, scale: new Array<number>(model.H).fill(1) }));
  for (let q = 0; q < model.nP; q++) {
    for (let m = 0; m < model.H; m++) {
      const j = m * model.nP + q;
      if (!(base[j] > 0)) continue;
      const x = runs > 0 ? selectQuantile(cols.subarray(j * runs, (j + 1) * runs), level) : base[j];
      pools[q].scale[m] = Number.isFinite(x) ? x / base[j] : 1;
    }
  }
  return { level, runs, seed, pools };
}
