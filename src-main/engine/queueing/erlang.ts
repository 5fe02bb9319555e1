// Erlang B/C for an M/M/c queue, and the safe utilisation a pool of request slots can run at
// while meeting a TTFT target (DESIGN.md "Engine": TTFT = prefill + Erlang-C queueing wait with
// the fleet's request slots pooled, so bigger fleets run hotter). Pure; no I/O.
//
// Small pools use the textbook Erlang-B recursion B(k) = A·B(k-1) / (k + A·B(k-1)); large pools
// (tens of thousands of slots) use the Poisson identity B(c, A) = pmf(c) / cdf(c), with the tail
// summed as a series in log space, so one evaluation costs O(√c) instead of O(c).

const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error < 1e-13). */
export function lnGamma(x: number): number {
  const g = 7;
  const c = LANCZOS;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

const RECURSION_LIMIT = 64;

/** Erlang B: probability an arrival finds all c servers busy in M/M/c/c, offered load A erlangs. */
export function erlangB(c: number, A: number): number {
  if (!(c >= 0) || !Number.isFinite(c)) throw new RangeError('erlangB: servers must be a finite number >= 0');
  if (!(A >= 0)) throw new RangeError('erlangB: load must be >= 0');
  if (A === 0) return c === 0 ? 1 : 0;
  const n = Math.floor(c);
  if (n <= RECURSION_LIMIT || A > n) {
    let b = 1;
    for (let k = 1; k <= n; k++) b = (A * b) / (k + A * b);
    return b;
  }
  // pmf(n) / P(N <= n), N ~ Poisson(A). P(N > n) = pmf(n+1) · Σ_{j>=0} Π_{i=2..j+1} A/(n+i)... written as
  // P(N >= n+1) = pmf(n+1) · S, S = 1 + A/(n+2) + A²/((n+2)(n+3)) + ...
  const lnPmf = (k: number) => k * Math.log(A) - A - lnGamma(k + 1);
  const lp = lnPmf(n);
  let term = 1, s = 1;
  for (let i = 2; i < 1e7; i++) {
    term *= A / (n + i);
    s += term;
    if (term < 1e-14 * s) break;
  }
  const upper = Math.exp(lnPmf(n + 1)) * s; // P(N > n)
  const cdf = 1 - upper;
  if (cdf <= 0) return 1;
  return Math.min(1, Math.exp(lp) / cdf);
}

/** Erlang C: probability an arrival waits in M/M/c with offered load A = λ/μ erlangs (A < c). */
export function erlangC(c: number, A: number): number {
  if (A >= c) return 1;
  if (A <= 0) return 0;
  const b = erlangB(c, A);
  return (c * b) / (c - A * (1 - b));
}

/** P(wait > t) in M/M/c: C(c, A) · exp(-(c·μ - λ)·t), with μ the per-server service rate (1/s). */
export function probWaitExceeds(c: number, A: number, mu: number, tSeconds: number): number {
  if (A >= c) return 1;
  return erlangC(c, A) * Math.exp(-(c - A) * mu * Math.max(0, tSeconds));
}

export interface SafeUtilisationInput {
  /** Request slots pooled across the fleet (replicas × concurrent sequences per replica). */
  slots: number;
  /** Mean time one request occupies a slot, seconds (1/μ). */
  service_s: number;
  /** Queueing wait the TTFT target leaves after prefill, seconds (TTFT SLO − prefill time). */
  wait_budget_s: number;
  /** Allowed share of requests whose wait exceeds the budget (0.05 = the budget holds at p95). */
  tail: number;
}

/**
 * The highest utilisation ρ = λ/(c·μ) at which P(wait > budget) ≤ tail. Monotone: more slots,
 * a longer budget or a larger tail never lower it. Returns 0 when the budget is not positive or
 * there are no slots (the SLO cannot be met at any load).
 */
export function safeUtilisation(inp: SafeUtilisationInput): number {
  const c = Math.floor(inp.slots);
  if (!(c >= 1) || !(inp.service_s > 0) || !(inp.tail > 0)) return 0;
  if (inp.tail >= 1) return 1;
  const w = inp.wait_budget_s;
  if (!(w >= 0)) return 0;
  const mu = 1 / inp.service_s;
  const lnTail = Math.log(inp.tail);
  // h(ρ) = ln P(wait > budget) − ln tail rises with ρ (C(c, A) rises with A, the exponent shrinks).
  const h = (rho: number) => {
    const A = rho * c;
    const C = erlangC(c, A);
    if (C <= 0) return -Infinity;
    return Math.log(C) - (c - A) * mu * w - lnTail;
  };
  let hi = 1 - 1e-12;
  let hHi = h(hi);
  if (hHi <= 0) return hi;
  // Bracket from the square-root staffing scale (1 − ρ ~ k/√c), then Illinois regula falsi.
  let lo = 0, hLo = -Infinity;
  for (const k of [0.5, 1, 2, 4, 8, 16, 32]) {
    const r = 1 - k / Math.sqrt(c);
    if (r <= 0) break;
    const v = h(r);
    if (v <= 0) { lo = r; hLo = v; break; }
    hi = r; hHi = v;
  }
  if (!Number.isFinite(hLo)) {
    // Below the scan: bisect until h is finite at lo's side (tiny pools, tight budgets).
    for (let i = 0; i < 60 && hi - lo > 1e-9; i++) {
      const mid = 0.5 * (lo + hi), v = h(mid);
      if (v <= 0) { lo = mid; hLo = v; if (Number.isFinite(v)) break; } else { hi = mid; hHi = v; }
    }
    if (!Number.isFinite(hLo)) return lo;
  }
  let side = 0;
  for (let i = 0; i < 100 && hi - lo > 1e-10; i++) {
    let x = (lo * hHi - hi * hLo) / (hHi - hLo);
    if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
    const v = h(x);
    if (v <= 0) {
      lo = x; hLo = v;
      if (side === -1) hHi /= 2;
      side = -1;
      if (v > -1e-12) break;
    } else {
      hi = x; hHi = v;
      if (side === 1) hLo /= 2;
      side = 1;
    }
  }
  return lo;
}
