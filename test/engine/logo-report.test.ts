// Pins scripts/logo-report.mjs (issue 13's accuracy report): each grouping (source, GPU, engine, GPU family) holds out every row exactly once, and the thin engine × vendor list agrees
// with the per-group row counts. The shipped grouping (the CV in db/seed/calibration.json) is
// left out here: calibration.test.ts recomputes it once and compares it with the shipped file. Needs `npm run build` (build/main).
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT } from '../helpers/tmp.js';

interface Group { n: number; median_abs_pct_error: number; p90_abs_pct_error: number }
interface Report {
  rows: number;
  report: Record<string, { groups: number; n: number; median_abs_pct_error: number; p90_abs_pct_error: number; by_group: Record<string, Group>; groups_median_above_30: string[] }>;
  engine_vendor_rows: Record<string, number>;
  thin_engine_vendor_groups: string[];
}

describe('leave-one-group-out report', () => {
  it('holds every row out once per grouping', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'logo-report.mjs'), '--json', '--skip-shipped'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Report;
    expect(Object.keys(out.report)).toEqual(['source', 'gpu', 'engine', 'family']);
    for (const name of ['source', 'gpu', 'engine', 'family']) {
      const g = out.report[name];
      expect(g.n).toBe(out.rows);
      expect(Object.values(g.by_group).reduce((a, x) => a + x.n, 0)).toBe(out.rows);
      expect(g.groups).toBe(Object.keys(g.by_group).length);
      for (const [k, x] of Object.entries(g.by_group)) expect(g.groups_median_above_30.some((s) => s.startsWith(`${k} `))).toBe(x.median_abs_pct_error > 30);
    }
    // Engine groups are the engines of the accepted rows.
    const perEngine = new Map<string, number>();
    for (const [k, n] of Object.entries(out.engine_vendor_rows)) { const e = k.split(' × ')[0]; perEngine.set(e, (perEngine.get(e) ?? 0) + n); }
    expect(Object.fromEntries(Object.entries(out.report.engine.by_group).map(([k, x]) => [k, x.n]))).toEqual(Object.fromEntries(perEngine));
    for (const t of out.thin_engine_vendor_groups) {
      const [key, n] = t.split(': ');
      expect(Number(n)).toBe(out.engine_vendor_rows[key] ?? 0);
      expect(Number(n)).toBeLessThan(10);
    }
    for (const [k, n] of Object.entries(out.engine_vendor_rows)) if (n < 10) expect(out.thin_engine_vendor_groups).toContain(`${k}: ${n}`);
  });
});
