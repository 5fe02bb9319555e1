// Pins the procurement step on the demo database: ernie-growth-2026 gets a plan that keeps CN export rules and lead times, says why, and with the plan applied the timeline has no overloaded month; settings round-trip through migration 0060.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, closeDatabase } from '../../src-main/store/open.js';
import { fillDemo } from '../../src-main/app/demo-db.js';
import { procurePlanStep } from '../../src-main/engine/plan/procure-step.js';
import { actionsToBurnItems } from '../../src-main/engine/plan/procure-input.js';
import { burnOfWorld } from '../../src-main/engine/plan/burn-input.js';
import { getProcureSettings, saveProcureSettings } from '../../src-main/store/procure-settings.js';
import { planFromDb, deterministicFromDb, solveHere, worldFrom } from '../helpers/plan.js';
import { compile, timeline } from '../../src-main/engine/timeline/index.js';
import { addMonths } from '../../src-main/engine/procure/index.js';
import type { WritableDB } from '../../src-main/store/handles.js';

const root = path.resolve(__dirname, '..', '..');
let dir: string, db: WritableDB;
beforeAll(() => {
  dir = fs.mkdtempSync(os.tmpdir() + '/headroom-');
  db = openDatabase(path.join(dir, 'p.db'), { appRoot: root, create: true });
  fillDemo(db);
});
afterAll(() => { closeDatabase(db); fs.rmSync(dir, { recursive: true, force: true }); });

const status = (id: string) => (db.prepare('SELECT cn_export_status FROM gpu_types WHERE id = ?').get(id) as { cn_export_status: string }).cn_export_status;

describe('procurement step of the plan (demo database)', () => {
  it('plans ernie-growth-2026: the fleet that fell over holds every month with the plan applied', async () => {
    const { world, inputs, det } = deterministicFromDb(db, { scenario: 'ernie-growth-2026' }, root);
    expect(det.crash_month).not.toBeNull();
    const step = await procurePlanStep(world, inputs, det, solveHere);
    const r = step.outcome.result;
    expect(r.infeasible).toBeUndefined();
    expect(r.violations).toEqual([]);
    expect(r.actions.length).toBeGreaterThan(0);
    for (const a of r.actions) {
      // Every site of this scenario is in CN: nothing restricted, nothing needing a licence it does not hold.
      expect(['allowed', 'domestic']).toContain(status(a.gpu_id));
      expect(addMonths(a.order_month, a.lead_months)).toBe(a.arrival_month);
      expect(a.order_month >= '2026-01').toBe(true);
      expect(a.why.text).toMatch(/peaks at/);
      expect(Object.values(a.pools).reduce((x, y) => x + y, 0)).toBe(a.quantity);
    }
    const after = timeline(compile(step.input));
    expect(after.months.filter((m) => m.overloaded).map((m) => m.month)).toEqual([]);
    expect(after.crash_month).toBeNull();
  });

  it('what-ifs: banning the GPU it chose changes the plan and never lowers its cost; no headroom costs no more', async () => {
    const { world, inputs, det } = deterministicFromDb(db, { scenario: 'ernie-growth-2026' }, root);
    const base = await procurePlanStep(world, inputs, det, solveHere);
    const top = base.actions[0].gpu_id;
    const banned = await procurePlanStep(world, inputs, det, solveHere, { banned_gpus: [top] });
    expect(banned.actions.some((a) => a.gpu_id === top)).toBe(false);
    const cost = (x: typeof base) => x.outcome.result.objective + x.outcome.result.penalty;
    expect(cost(banned)).toBeGreaterThanOrEqual(cost(base) * (1 - 1e-6));
    const lean = await procurePlanStep(world, inputs, det, solveHere, { headroom: 0 });
    expect(cost(lean)).toBeLessThanOrEqual(cost(base) * (1 + 0.011));
  });

  it('plan without --no-procure returns actions and months that reflect them; with it, the fleet as it is', async () => {
    const planned = await planFromDb(db, { scenario: 'ernie-growth-2026', procure: true, runs: 100 }, root);
    expect(planned.actions.length).toBeGreaterThan(0);
    expect(planned.infeasible).toBeUndefined();
    expect(planned.deterministic_crash_month).toBeNull();
    expect(planned.months.filter((m) => m.overloaded)).toEqual([]);
    const a = planned.actions[0];
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['order_month', 'arrival_month', 'site', 'gpu_id', 'mode', 'quantity', 'unit_price', 'currency']));
    expect(a.unit_price).toMatch(/^\d+(\.\d+)?$/);
    const last = planned.months.at(-1)!;
    expect(last.gpus[a.gpu_id]).toBeGreaterThanOrEqual(planned.actions.filter((x) => x.gpu_id === a.gpu_id).reduce((n, x) => n + x.quantity, 0));
    const asIs = await planFromDb(db, { scenario: 'ernie-growth-2026', procure: false, runs: 100 }, root);
    expect(asIs.actions).toEqual([]);
    expect(asIs.deterministic_crash_month).not.toBeNull();
  });

  it('turns the actions into burn items the burn engine prices (purchases, in the scenario currency)', async () => {
    const { world, inputs, det } = deterministicFromDb(db, { scenario: 'ernie-growth-2026' }, root);
    const step = await procurePlanStep(world, inputs, det, solveHere);
    const items = actionsToBurnItems(step.actions);
    expect(items.reduce((n, i) => n + i.count, 0)).toBe(step.actions.reduce((n, a) => n + a.quantity, 0));
    const req = { start_month: '2026-01', months: 36, currency: 'CNY', view: 'cash' as const, default_utilisation: 0.5 };
    const without = burnOfWorld(worldFrom(db, { scenario: null }, root), req);
    const withPlan = burnOfWorld(worldFrom(db, { scenario: null }, root), { ...req, extra_items: items });
    const buys = step.actions.filter((a) => a.mode === 'buy').reduce((s, a) => s + Number(a.total_cost), 0);
    expect(Number(withPlan.totals.total) - Number(without.totals.total)).toBeGreaterThanOrEqual(buys * 0.999);
  });

  it('stores settings per scenario (0060) and validates them', () => {
    expect(getProcureSettings(db, 'ernie-growth-2026').headroom).toBe(0.2);
    saveProcureSettings(db, 'ernie-growth-2026', { headroom: 0.3, banned_gpus: ['l20'], budgets: [{ quarter: '2027-Q1', capex: '1000000' }] }, new Date(0));
    const s = getProcureSettings(db, 'ernie-growth-2026');
    expect(s).toMatchObject({ headroom: 0.3, banned_gpus: ['l20'], allow_cloud: true, cn_licence_held: false });
    expect(() => saveProcureSettings(db, 'ernie-growth-2026', { headroom: -1 }, new Date(0))).toThrow();
    expect(() => saveProcureSettings(db, 'no-such-scenario', {}, new Date(0))).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM procure_settings').run();
  });
});
