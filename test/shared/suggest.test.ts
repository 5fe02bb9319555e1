// Pins the one "did you mean" resolver (shared/suggest.ts) that the CLI and the API domains use.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { closest, didYouMean, editDistance, likelyTypos } from '../../src-main/shared/suggest';
import { closestIds } from '../../src-main/engine/catalog';

describe('suggest', () => {
  it('ranks typos, swaps and prefixes first', () => {
    expect(likelyTypos('pln', ['plan', 'perf', 'prices', 'demo'])).toEqual(['plan']);
    expect(likelyTypos('sceanrio', ['scenario', 'db', 'json', 'no-procure'])).toEqual(['scenario']);
    expect(likelyTypos('inv', ['inventory', 'import'])).toEqual(['inventory']);
    expect(likelyTypos('frobnicate', ['plan', 'perf', 'demo'])).toEqual([]);
    expect(closest('h100-sx', ['h100-sxm', 'a100-sxm-80gb', 'l20', 'h200-sxm'])[0]).toBe('h100-sxm');
  });

  it('the engine-side closestIds is the same resolver', () => {
    const ids = ['h100-sxm', 'h20', 'h200-sxm', 'a100-sxm-80gb'];
    expect(closestIds('h2', ids)).toEqual(closest('h2', ids));
  });

  it('one wording', () => {
    expect(didYouMean(['plan'])).toBe(' (did you mean plan?)');
    expect(didYouMean([])).toBe('');
  });

  it('edit distance is a metric on small strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
      expect(editDistance(a, b)).toBe(editDistance(b, a));
      expect(editDistance(a, a)).toBe(0);
      expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
    }));
  });
});
