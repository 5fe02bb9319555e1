// Pins Erlang B/C against textbook closed forms and tables, the safe-utilisation laws, and quantiles by selection against sorting.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { erlangB, erlangC, lnGamma, probWaitExceeds, safeUtilisation } from '../../src-main/engine/queueing/erlang.js';

/** Textbook definition, summed directly: B = (A^c/c!) / Σ_k A^k/k!. */
function erlangBDirect(c: number, A: number): number {
  let term = 1, sum = 1;
  for (let k = 1; k <= c; k++) { term *= A / k; sum += term; }
  return term / sum;
}

describe('Erlang B and C', () => {
  it('matches the closed forms for one and two servers', () => {
    for (const A of [0.1, 0.5, 0.9, 1.7]) {
      expect(erlangB(1, A)).toBeCloseTo(A / (1 + A), 12);
      if (A < 1) expect(erlangC(1, A)).toBeCloseTo(A, 12);           // M/M/1: P(wait) = ρ
      const rho = A / 2;
      if (A < 2) expect(erlangC(2, A)).toBeCloseTo((2 * rho * rho) / (1 + rho), 12); // M/M/2
    }
  });
  it('gives the textbook example C(3 servers, 2 erlangs) = 4/9', () => {
    expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 12);
  });
  it('matches Erlang B table values', () => {
    // Erlang B table (e.g. Kleinrock, Queueing Systems Vol. 1): B(10, 5) = 0.01838, B(5, 3) = 0.11005
    expect(erlangB(10, 5)).toBeCloseTo(0.018385, 5);
    expect(erlangB(5, 3)).toBeCloseTo(0.110054, 5);
  });
  it('the large-pool series agrees with the recursion', () => {
    for (const [c, A] of [[401, 380], [800, 700], [1500, 1490], [3000, 2000]] as const) {
      let b = 1;
      for (let k = 1; k <= c; k++) b = (A * b) / (k + A * b);
      expect(erlangB(c, A)).toBeCloseTo(b, 10);
    }
    expect(erlangB(20, 15)).toBeCloseTo(erlangBDirect(20, 15), 12);
  });
  it('lnGamma matches factorials', () => {
    expect(lnGamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });
  it('P(wait > t) decays from C(c, A)', () => {
    expect(probWaitExceeds(3, 2, 1, 0)).toBeCloseTo(4 / 9, 12);
    expect(probWaitExceeds(3, 2, 1, 1)).toBeCloseTo((4 / 9) * Math.exp(-1), 12);
  });
});

describe('safe utilisation from the TTFT SLO', () => {
  it('meets the tail exactly at the returned utilisation', () => {
    const inp = { slots: 64, service_s: 10, wait_budget_s: 1, tail: 0.05 };
    const rho = safeUtilisation(inp);
    expect(rho).toBeGreaterThan(0.5);
    expect(rho).toBeLessThan(1);
    expect(probWaitExceeds(64, rho * 64, 0.1, 1)).toBeLessThanOrEqual(0.05 + 1e-6);
    expect(probWaitExceeds(64, (rho + 1e-3) * 64, 0.1, 1)).toBeGreaterThan(0.05);
  });
  it('bigger pools run hotter', () => {
    const at = (slots: number) => safeUtilisation({ slots, service_s: 10, wait_budget_s: 0.5, tail: 0.05 });
    const xs = [8, 64, 512, 4096, 65536, 500000].map(at);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
    expect(xs[xs.length - 1]).toBeGreaterThan(0.99);
  });
  it('a longer budget or a looser tail never lowers it (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 200000 }), fc.double({ min: 0.05, max: 60, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }),
      fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0.001, max: 0.5, noNaN: true }),
      (slots, service, w, dw, tail) => {
        const a = safeUtilisation({ slots, service_s: service, wait_budget_s: w, tail });
        const b = safeUtilisation({ slots, service_s: service, wait_budget_s: w + dw, tail });
        const c = safeUtilisation({ slots: slots * 2, service_s: service, wait_budget_s: w, tail });
        return b >= a - 1e-6 && c >= a - 1e-6;
      }), { numRuns: 200 });
  });
  it('is 0 when prefill alone misses the SLO', () => {
    expect(safeUtilisation({ slots: 100, service_s: 5, wait_budget_s: -0.1, tail: 0.05 })).toBe(0);
  });
});

import { quantileSorted, selectQuantile, selectQuantiles } from '../../src-main/engine/montecarlo/index.js';
describe('quantiles by selection', () => {
  it('match the nearest-rank quantiles of the sorted data (property)', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }), (xs) => {
      const sorted = Float64Array.from(xs).sort();
      const q = selectQuantiles(Float64Array.from(xs));
      return q.p10 === quantileSorted(sorted, 0.1) && q.p50 === quantileSorted(sorted, 0.5) && q.p90 === quantileSorted(sorted, 0.9)
        && selectQuantile(Float64Array.from(xs), 0.37) === quantileSorted(sorted, 0.37);
    }), { numRuns: 300 });
  });
});
