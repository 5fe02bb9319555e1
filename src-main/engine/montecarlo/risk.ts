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
import type { Model } from '../timeline/index.js';
import { rhoTable, runPaths, type RhoTable } from './index.js';
import { scaleFromNeeds, type DemandScaleResult } from './need.js';

export { scaleFromNeeds, type DemandScale, type DemandScaleResult } from './need.js';

/**
 * Per pool and month, the need (relative to the median inputs) that covers the month in a
 * `level` share of `runs` paths: with one pool its `level` quantile (nearest rank); with several,
 * a common higher rank so that at most (1 − level) of the paths overload ANY pool that month.
 * Monotone in `level` for a fixed seed and runs.
 */
export function demandScale(model: Model, runs: number, seed: number, level: number, table: RhoTable = rhoTable(model)): DemandScaleResult {
  // The forecast's own paths with their needs kept: the sizing is exactly what a forecast asked for a level returns.
  const part = runPaths(model, table, { seed, from: 0, to: runs, need: true });
  return scaleFromNeeds(model, part.need!, runs, part.needBase!, seed, level);
}
