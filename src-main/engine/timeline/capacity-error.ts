// The capacity engine's own error as a distribution (issue 13): the calibration's held-out log
// residuals (ln measured − ln predicted) per "GPU family|engine" become a lognormal multiplier on
// a pool's token capacity, which each Monte Carlo path draws once per (family, engine).
// Fitted, not resampled: a group with one or two held-out rows would otherwise be a fixed
// bias with no spread, so each group's mean and variance shrink toward the pooled residuals
// with the weight of PRIOR_ROWS rows. A group without any held-out row is a GPU family under an
// engine the fit never saw measured: it takes the error of such pairs — the residuals of each pair
// held out whole (cv.residuals_unseen), every pair weighted alike (between-pair spread of the bias
// plus the mean within-pair variance) — or, in fits made before those were kept, the pooled fit.
// No residuals at all (uncalibrated, or an old calibration file) → no capacity error. Pure.

/** Prior weight (in rows) of the pooled residuals in each group's mean and variance. */
export const PRIOR_ROWS = 5;

/**
 * The calibration's held-out log residuals a plan draws its capacity error from: per "family|engine"
 * with the rest of the data fitted (cv.residuals), and per pair held out whole (cv.residuals_unseen,
 * absent in fits made before those were kept). One object, so the two cannot drift apart on the way
 * from the store to the Monte Carlo.
 */
export interface CapacityErrorEvidence {
  residuals: Record<string, number[]>;
  unseen?: Record<string, number[]> | null;
}

export interface CapacityErrorDist {
  key: string;
  /** Mean and sd of ln(measured / predicted): the multiplier is exp(mu + sigma z). */
  mu: number;
  sigma: number;
  /** Held-out rows of this group (0 = none: `basis` says what stands in). */
  n: number;
  /** own: this group's residuals shrunk toward all groups; unseen: pairs held out whole; pooled: all groups' residuals. */
  basis: 'own' | 'unseen' | 'pooled';
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
export function capacityErrorDists(residuals: Record<string, number[]>, keys: string[], prior = PRIOR_ROWS, unseen?: Record<string, number[]> | null): CapacityErrorDist[] {
  const all = Object.values(residuals).flat().filter(Number.isFinite);
  if (!all.length) return [];
  const pooled = meanVar(all);
  const var0 = all.length > 1 ? pooled.ss / (all.length - 1) : 0;
  const novel = unseenFit(unseen);
  return [...new Set(keys)].sort().map((key) => {
    const own = (residuals[key] ?? []).filter(Number.isFinite);
    const n = own.length;
    if (!n) return novel ? { key, mu: novel.mu, sigma: novel.sigma, n: 0, basis: 'unseen' as const } : { key, mu: pooled.mean, sigma: Math.sqrt(var0), n: 0, basis: 'pooled' as const };
    const g = meanVar(own);
    const mu = (n * g.mean + prior * pooled.mean) / (n + prior);
    const v = (g.ss + prior * var0) / (n - 1 + prior);
    return { key, mu, sigma: Math.sqrt(v), n, basis: 'own' as const };
  });
}

/**
 * The error of a pair never seen, from pairs held out whole, each pair one draw of "a new family ×
 * engine": mean of the pair means; variance = spread of the pair means + mean within-pair variance
 * (pairs of one row have none to give). Null with fewer than two pairs (no spread to estimate).
 */
export function unseenFit(unseen: Record<string, number[]> | null | undefined): { mu: number; sigma: number; pairs: number } | null {
  const groups = Object.values(unseen ?? {}).map((v) => v.filter(Number.isFinite)).filter((v) => v.length);
  if (groups.length < 2) return null;
  const means = groups.map((v) => meanVar(v).mean);
  const between = meanVar(means);
  const within = groups.filter((v) => v.length > 1).map((v) => meanVar(v).ss / (v.length - 1));
  const w = within.length ? within.reduce((a, b) => a + b, 0) / within.length : 0;
  return { mu: between.mean, sigma: Math.sqrt(between.ss / (means.length - 1) + w), pairs: groups.length };
}

/** Where a group's error comes from, in words (the tornado's and the posterior's `source`). */
export function capacityErrorSource(d: Pick<CapacityErrorDist, 'n' | 'basis'>): string {
  if (d.basis === 'own') return `held-out calibration residuals (${d.n} rows, shrunk toward all groups)`;
  if (d.basis === 'unseen') return 'calibration residuals of GPU family × engine pairs held out whole (none measured for this family and engine)';
  return 'held-out calibration residuals of all groups (none for this family and engine)';
}
