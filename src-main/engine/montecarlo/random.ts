// Seeded randomness for the Monte Carlo: a hash per (seed, path) feeding mulberry32, so every
// path draws the same numbers whichever worker runs it (same seed → same result, any split).

/** mulberry32 (Tommy Ettinger's 32-bit generator): uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A well-mixed 32-bit seed for one path (murmur3 finaliser over seed and path index). */
export function pathSeed(seed: number, path: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(path + 1, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// Acklam's coefficients (module constants: the sampler runs millions of times per plan).
const NA = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const NB = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const NC = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ND = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normInv(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = NA, b = NB, c = NC, d = ND;
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p <= 1 - lo) {
    const q = p - 0.5, r = q * q;
    return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const q = Math.sqrt(-2 * Math.log(1 - p));
  return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
}

/** z of the 90th percentile of the standard normal. */
export const Z90 = 1.2815515655446004;

/**
 * Draw from a split distribution with the given median and P10/P90: log-normal halves when all
 * three are positive (growth multipliers, counts), normal halves otherwise (rates that may be
 * negative). The draw reproduces P10 and P90 exactly.
 */
export function splitQuantile(median: number, p10: number, p90: number, z: number): number {
  if (p10 > 0 && median > 0) {
    const lm = Math.log(median);
    const s = z < 0 ? (lm - Math.log(p10)) / Z90 : (Math.log(p90) - lm) / Z90;
    return Math.exp(lm + z * s);
  }
  const s = z < 0 ? (median - p10) / Z90 : (p90 - median) / Z90;
  return median + z * s;
}
