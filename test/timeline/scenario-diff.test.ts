// Pins the scenario comparison: equal documents differ nowhere; a changed number, an uncertain
// range, a removed class and a reshaped day each show as one row keyed by path and id.
import { describe, it, expect } from 'vitest';
import { scenarioDiff } from '../../src-main/engine/demand/scenario-diff';
import { addClass, normaliseProfile } from '../../src-main/engine/demand/scenario-edit';
import { baseScenario } from './helpers';

describe('scenario diff', () => {
  it('a document equals itself, provenance and title changes do not count', () => {
    const a = baseScenario();
    expect(scenarioDiff(a, structuredClone(a))).toEqual([]);
    const b = structuredClone(a);
    b.title = 'Other'; b.dau_share.assumed = 'another reason';
    expect(scenarioDiff(a, b)).toEqual([]);
  });

  it('names each changed input by its path, list items by id', () => {
    const a = baseScenario();
    const b = structuredClone(a);
    b.classes[0].output_tokens = { value: 500, p10: 400, p90: 700, assumed: 'x' };
    b.pools[0].tp = 4;
    b.diurnal.profile = normaliseProfile(b.diurnal.profile.map((x, h) => (h === 3 ? x * 3 : x)));
    const d = scenarioDiff(a, b);
    expect(d.map((r) => r.key)).toEqual(['classes[chat].output_tokens', 'diurnal.profile', 'pools[main].tp']);
    expect(d[0]).toEqual({ key: 'classes[chat].output_tokens', a: '300 (P10 250, P90 400)', b: '500 (P10 400, P90 700)' });
    expect(d[2]).toMatchObject({ a: '8', b: '4' });
  });

  it('a class on one side only shows its inputs against a dash', () => {
    const a = baseScenario();
    const r = addClass(a, 'voice');
    if (!r.ok) throw new Error(r.reason);
    const d = scenarioDiff(a, r.scenario);
    expect(d.length).toBeGreaterThan(3);
    expect(d.every((x) => x.key.startsWith('classes[voice]') && x.a === '—')).toBe(true);
  });
});
