// The capacity engine's own error as a distribution (issue 13): the calibration's held-out log
// residuals (ln measured − ln predicted) per "GPU family|engine" become a lognormal multiplier on
// a pool's token capacity, which each Monte Carlo path draws once per (family, engine).
// Fitted, not resampled: a group with one or two held-out rows would otherwise be a fixed
// bias with no spread, so each group's mean and variance shrink toward the pooled residuals
// with the weight of PRIOR_ROWS rows; a group without any held-out row takes the pooled fit.
// No residuals at all (uncalibrated, or an old calibration file) → no capacity error. Pure.

/** Prior weight (in rows) of the pooled residuals in each group's mean and variance. */
export const PRIOR_ROWS = 5;

export interface CapacityErrorDist {
  key: string;
  /** Mean and sd of ln(measured / predicted): the multiplier is exp(mu + sigma z). */
  mu: number;
  sigma: number;
  /** Held-out rows of this group (0 = pooled fit only). */
  n: number;
}

function meanVar(xs: number[]): { mean: number; ss: number } {
  let s = 0;
  for (const x of xs) s += x;
  const mean = xs.length ? s / xs.length : 0;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return { mean, ss };
}

/**
 * One distribution per key asked for (sorted), from the residuals per "family|engine". Keys
 * absent from `residuals` take the pooled mean and sd of every residual given.
 */
export function capacityErrorDists(residuals: Record<string, number[]>, keys: string[], prior = PRIOR_ROWS): CapacityErrorDist[] {
  const all = Object.values(residuals).flat().filter(Number.isFinite);
  if (!all.length) return [];
  const pooled = meanVar(all);
  const var0 = all.length > 1 ? pooled.ss / (all.length - 1) : 0;
  return [...new Set(keys)].sort().map((key) => {
    const own = (residuals[key] ?? []).filter(Number.isFinite);
    const n = own.length;
    if (!n) return { key, mu: pooled.mean, sigma: Math.sqrt(var0), n: 0 };
    const g = meanVar(own);
    const mu = (n * g.mean + prior * pooled.mean) / (n + prior);
    const v = (g.ss + prior * var0) / (n - 1 + prior);
    return { key, mu, sigma: Math.sqrt(v), n };
  });
}
