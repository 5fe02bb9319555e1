// Pins the `plan` CLI contract (DESIGN.md field names, exit codes, one JSON document, seeded reproducibility) on a real demo database.
import { describe, it, expect, beforeAll } from 'vitest';
import { cli, demoDb } from '../helpers/tmp';

let db: string;
beforeAll(() => { db = demoDb(); });

const MONTH_FIELDS = ['month', 'users', 'peak_requests_per_s', 'peak_output_tokens_per_s', 'capacity_output_tokens_per_s', 'utilisation', 'overload_hours_per_day', 'p_overload', 'gpus'];

describe('headroom plan', () => {
  it('prints one JSON document with the DESIGN.md fields', () => {
    const r = cli(['plan', '--db', db, '--scenario', 'ernie-2023-11', '--no-procure', '--runs', '400', '--seed', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.scenario).toBe('ernie-2023-11');
    expect(j.currency).toBe('CNY');
    expect(j.months).toHaveLength(12);
    for (const m of j.months) {
      for (const k of MONTH_FIELDS) expect(m).toHaveProperty(k);
      expect(m.month).toMatch(/^\d{4}-\d{2}$/);
      expect(m.p_overload).toBeGreaterThanOrEqual(0);
      expect(m.p_overload).toBeLessThanOrEqual(1);
    }
    expect(j.months[0].month).toBe('2023-11');
    expect(j.months[0].gpus).toEqual({ 'a800-sxm-80gb': 20_256 });
    expect(j).toHaveProperty('crash_month');
    expect(j.crash_month === null || ['p10', 'p50', 'p90'].every((k) => k in j.crash_month)).toBe(true);
    expect(j.actions).toEqual([]); // --no-procure plans the fleet as it is
  });
  it('gives the same output for the same seed, and honours --months', () => {
    const args = ['plan', '--db', db, '--scenario', 'chatgpt-2023-11', '--no-procure', '--runs', '300', '--seed', '11', '--months', '6', '--json'];
    const a = cli(args), b = cli(args);
    expect(a.code, a.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const j = JSON.parse(a.stdout);
    expect(j.months).toHaveLength(6);
    expect(j.months[0].event_days.map((d: { date: string }) => d.date)).toContain('2023-11-08');
  });
  it('exits 2 with one line on bad input', () => {
    const cases = [
      ['plan', '--db', db, '--scenario', 'chatgpt-2023', '--no-procure'],
      ['plan', '--db', db, '--scenario', 'ernie-2023-11', '--no-procure', '--months', '0'],
      ['plan', '--db', db, '--scenario', 'ernie-2023-11', '--no-procure', '--runs', 'many'],
      ['plan', '--db', db, '--no-procure'],
      ['plan', '--db', db + '.missing', '--scenario', 'ernie-2023-11', '--no-procure'],
    ];
    for (const c of cases) {
      const r = cli([...c, '--json']);
      expect(r.code, c.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(cli(cases[0]).stderr).toMatch(/chatgpt-2023-11/);
  });
  it('prints a human table with the crash line', () => {
    const r = cli(['plan', '--db', db, '--scenario', 'ernie-2023-11', '--no-procure', '--runs', '200']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2023-11/);
    expect(r.stdout).toMatch(/crash month/);
  });
});
