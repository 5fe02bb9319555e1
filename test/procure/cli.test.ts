// Pins the `plan` CLI contract with procurement: without --no-procure the JSON carries DESIGN.md actions and months with the arrivals; with it, actions is empty; text output lists the orders.
import { describe, it, expect, beforeAll } from 'vitest';
import path from 'node:path';
import { cli, tmpDir } from '../helpers/tmp.js';

let db: string;
beforeAll(() => {
  db = path.join(tmpDir(), 'demo.db');
  const r = cli(['demo', '--db', db]);
  expect(r.code).toBe(0);
});

describe('headroom plan (procurement)', () => {
  it('plans orders for ernie-growth-2026 and the months hold with them', () => {
    const r = cli(['plan', '--db', db, '--scenario', 'ernie-growth-2026', '--runs', '200', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.actions.length).toBeGreaterThan(0);
    for (const a of j.actions) {
      expect(Object.keys(a)).toEqual(expect.arrayContaining(['order_month', 'arrival_month', 'site', 'gpu_id', 'mode', 'quantity', 'unit_price', 'currency']));
      expect(['buy', 'lease', 'cloud_on_demand', 'cloud_reserved']).toContain(a.mode);
      expect(typeof a.unit_price).toBe('string');
      expect(Number.isInteger(a.quantity)).toBe(true);
    }
    // Sized to the 0.9 service level: only months before the first possible arrival may be short.
    if (j.infeasible) expect(['lead_time', 'availability']).toContain(j.infeasible.constraint);
    expect(j.procurement.service_level).toBe(0.9);
    for (const f of j.procurement.infeasible_months) expect(['lead_time', 'availability']).toContain(f.constraint);
    expect(j.deterministic_crash_month).toBeNull();
    expect(j.months.every((m: { overloaded: boolean }) => !m.overloaded)).toBe(true);
  });

  it('--no-procure plans the fleet as it is', () => {
    const r = cli(['plan', '--db', db, '--scenario', 'ernie-growth-2026', '--runs', '200', '--no-procure', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.actions).toEqual([]);
    expect(j.deterministic_crash_month).not.toBeNull();
  });

  it('prints the orders in text mode', () => {
    const r = cli(['plan', '--db', db, '--scenario', 'ernie-growth-2026', '--runs', '200']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/order \d{4}-\d{2} → arrives \d{4}-\d{2}: \d+ × /);
  });
});
