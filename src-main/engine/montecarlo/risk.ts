// Risk-targeted sizing (issue 12): how much capacity each pool needs each month so that the
// month's probability of overload is at most 1 − service level. Each Monte Carlo path draws
// every uncertain input (same seeding as the crash forecast, so the same seed gives the same
// need) and gives, per pool and month, the capacity it needs relative to the median path:
//   need_path / need_median, need = peak demand ÷ (safe utilisation × availability).
// The service-level quantile of that ratio scales the deterministic need. Issue 13: a path's
// capacity-error draw divides its need by the pool's capacity multiplier (GPU types weighted by
// their token capacity that month), so the sizing covers the engine's own error too. Pure.
// The Monte Carlo runner fills the same need columns while it runs a fleet's paths
// (RunOptions.need), so a plan sizes from the forecast it already ran instead of a second pass.
import { fastScratch, type Model } from '../timeline/index.js';
import { drawCapacity, drawPath, rhoLookup, rhoTable, uncertainKnobs, type RhoTable } from './index.js';
import { baseNeed, needs, scaleFromNeeds, type DemandScaleResult } from './need.js';

export { scaleFromNeeds, type DemandScale, type DemandScaleResult } from './need.js';

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
  const base = baseNeed(model, rho);
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
  return scaleFromNeeds(model, cols, runs, base, seed, level);
}
