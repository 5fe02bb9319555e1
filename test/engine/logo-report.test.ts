// Pins scripts/logo-report.mjs (issue 13's accuracy report): with the shipped grouping it
// reproduces the cross-validation recorded in db/seed/calibration.json (same data, same fit),
// each other grouping (source, GPU, engine, GPU family) holds out every row exactly once, and the thin engine × vendor list agrees
// with the per-group row counts. Needs `npm run build` (build/main).
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
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
  it('reproduces the shipped CV and holds every row out once per grouping', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'logo-report.mjs'), '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Report;
    const shipped = JSON.parse(fs.readFileSync(path.join(ROOT, 'db', 'seed', 'calibration.json'), 'utf8')).cv;
    const own = out.report['source × GPU × engine (shipped CV)'];
    expect({ n: own.n, groups: own.groups, median: own.median_abs_pct_error, p90: own.p90_abs_pct_error })
      .toEqual({ n: shipped.n, groups: shipped.groups, median: shipped.median_abs_pct_error, p90: shipped.p90_abs_pct_error });
    expect(own.by_group).toEqual(shipped.by_group);
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
