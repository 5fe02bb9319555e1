// Pins `scenarios list|show NAME --db PATH --json` (issue 19): the stored documents, exit codes, and plan months' by_class/diversity_factor.
import { describe, it, expect, beforeAll } from 'vitest';
import { cli, demoDb } from '../helpers/tmp';
import { scenarioSchema } from '../../src-main/engine/demand/scenario.js';

let db: string;
beforeAll(() => { db = demoDb(); });

describe('headroom scenarios', () => {
  it('lists the demo scenarios as one JSON array', () => {
    const r = cli(['scenarios', 'list', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['chatgpt-2023-11', 'ernie-2023-11', 'ernie-growth-2026']));
    for (const x of j) for (const k of ['id', 'name', 'title', 'start_month', 'horizon_months', 'updated_at']) expect(x).toHaveProperty(k);
  });
  it('shows one scenario document exactly as stored (it validates again)', () => {
    const r = cli(['scenarios', 'show', 'ernie-growth-2026', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.name).toBe('ernie-growth-2026');
    expect(scenarioSchema.parse(s)).toEqual(s);
    const text = cli(['scenarios', 'show', 'ernie-growth-2026', '--db', db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('ernie-growth-2026');
  });
  it('exits 2 with one line for an unknown or missing NAME', () => {
    for (const args of [['scenarios', 'show', 'ernie', '--db', db], ['scenarios', 'show', '--db', db], ['scenarios', 'show', 'a', 'b', '--db', db]]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(cli(['scenarios', 'show', 'ernie', '--db', db]).stderr).toMatch(/did you mean/);
  });
  it('plan months carry by_class and diversity_factor', () => {
    const r = cli(['plan', '--db', db, '--scenario', 'ernie-growth-2026', '--no-procure', '--runs', '200', '--months', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const s = JSON.parse(cli(['scenarios', 'show', 'ernie-growth-2026', '--db', db, '--json']).stdout);
    for (const m of j.months) {
      expect(Object.keys(m.by_class).sort()).toEqual(s.classes.map((c: { id: string }) => c.id).sort());
      for (const c of Object.values(m.by_class) as Record<string, number>[]) {
        for (const k of ['peak_output_tokens_per_s', 'served_output_tokens', 'deferred_output_tokens']) expect(c[k]).toBeGreaterThanOrEqual(0);
        expect(c.deferred_output_tokens).toBeLessThanOrEqual(c.served_output_tokens * (1 + 1e-9));
      }
      expect(m.diversity_factor).toBeGreaterThan(0);
      expect(m.diversity_factor).toBeLessThanOrEqual(1 + 1e-12);
    }
  });
});
