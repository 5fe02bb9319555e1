// Pins the procurement step on the demo database: ernie-growth-2026 gets a plan that keeps CN export rules and lead times, says why, and with the plan applied the timeline has no overloaded month; settings round-trip through migration 0060.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { procurePlanStep } from '../../src-main/engine/plan/procure-step.js';
import { actionsToBurnItems } from '../../src-main/engine/plan/procure-input.js';
import { burnOfWorld } from '../../src-main/engine/plan/burn-input.js';
import { getProcureSettings, saveProcureSettings } from '../../src-main/store/procure-settings.js';
import { planFromDb, deterministicFromDb, solveHere, worldFrom } from '../helpers/plan.js';
import { compile, timeline } from '../../src-main/engine/timeline/index.js';
import { addMonths } from '../../src-main/engine/procure/index.js';
import type { WritableDB } from '../../src-main/store/handles.js';
import { openDemoDb, closeDemoDb } from '../helpers/demo-db.js';

const root = path.resolve(__dirname, '..', '..');
let db: WritableDB;
beforeAll(() => { db = openDemoDb(); });
afterAll(() => closeDemoDb(db));

const status = (id: string) => (db.prepare('SELECT cn_export_status FROM gpu_types WHERE id = ?').get(id) as { cn_export_status: string }).cn_export_status;

describe('procurement step of the plan (demo database)', () => {
  it('plans ernie-growth-2026: the fleet that fell over holds every month with the plan applied', async () => {
    const { world, inputs, det } = deterministicFromDb(db, { scenario: 'ernie-growth-2026' }, root);
    expect(det.crash_month).not.toBeNull();
    const step = await procurePlanStep(world, inputs, det, solveHere, undefined, { runs: 2000, seed: 1 });
    const r = step.outcome.result;
    // At the 0.9 service level the first months may be short (nothing can arrive before the lead
    // time): every shortfall is explained by lead time or availability, none after the first year.
    // At the 0.9 service level some months cannot be met (lead time first, the sites' power later):
    // each is listed with its binding limit and a reason.
    for (const f of r.shortfalls) { expect(['capacity', 'power', 'budget', 'supply', 'space', 'lead_time', 'export', 'availability']).toContain(f.constraint); expect(f.reason).toMatch(/^short /); }
    if (r.infeasible) expect(['lead_time', 'availability']).toContain(r.infeasible.constraint);
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

  it('what-ifs: banning the GPU it chose changes the plan and never lowers its cost; a lower service level costs no more', async () => {
    const { world, inputs, det } = deterministicFromDb(db, { scenario: 'ernie-growth-2026' }, root);
    const risk = { runs: 2000, seed: 1 };
    const base = await procurePlanStep(world, inputs, det, solveHere, undefined, risk);
    const top = base.actions[0].gpu_id;
    const banned = await procurePlanStep(world, inputs, det, solveHere, { banned_gpus: [top] }, risk);
    expect(banned.actions.some((a) => a.gpu_id === top)).toBe(false);
    const cost = (x: typeof base) => x.outcome.result.objective + x.outcome.result.penalty;
    expect(cost(banned)).toBeGreaterThanOrEqual(cost(base) * (1 - 1e-6));
    // A lower service level (issue 12) never costs more (within the MIP gap).
    const lean = await procurePlanStep(world, inputs, det, solveHere, { service_level: 0.5 }, risk);
    expect(cost(lean)).toBeLessThanOrEqual(cost(base) * (1 + 0.011));
  });

  it('plan without --no-procure returns actions and months that reflect them; with it, the fleet as it is', async () => {
    const planned = await planFromDb(db, { scenario: 'ernie-growth-2026', procure: true, runs: 100 }, root);
    expect(planned.actions.length).toBeGreaterThan(0);
    if (planned.infeasible) expect(['lead_time', 'availability']).toContain(planned.infeasible.constraint);
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
    const step = await procurePlanStep(world, inputs, det, solveHere, undefined, { runs: 2000, seed: 1 });
    const items = actionsToBurnItems(step.actions);
    expect(items.reduce((n, i) => n + i.count, 0)).toBe(step.actions.reduce((n, a) => n + a.quantity, 0));
    const req = { start_month: '2026-01', months: 36, currency: 'CNY', view: 'cash' as const, default_utilisation: 0.5 };
    const without = burnOfWorld(worldFrom(db, { scenario: null }, root), req);
    const withPlan = burnOfWorld(worldFrom(db, { scenario: null }, root), { ...req, extra_items: items });
    const buys = step.actions.filter((a) => a.mode === 'buy').reduce((s, a) => s + Number(a.total_cost), 0);
    expect(Number(withPlan.totals.total) - Number(without.totals.total)).toBeGreaterThanOrEqual(buys * 0.999);
  });

  it('stores settings per scenario (0060) and validates them', () => {
    // Issue 12: sized to the service level (default 0.9); headroom is an optional extra (default 0).
    expect(getProcureSettings(db, 'ernie-growth-2026')).toMatchObject({ headroom: 0, service_level: 0.9 });
    saveProcureSettings(db, 'ernie-growth-2026', { headroom: 0.3, banned_gpus: ['l20'], budgets: [{ quarter: '2027-Q1', capex: '1000000' }] }, new Date(0));
    const s = getProcureSettings(db, 'ernie-growth-2026');
    expect(s).toMatchObject({ headroom: 0.3, banned_gpus: ['l20'], allow_cloud: true, cn_licence_held: false });
    expect(() => saveProcureSettings(db, 'ernie-growth-2026', { headroom: -1 }, new Date(0))).toThrow();
    expect(() => saveProcureSettings(db, 'no-such-scenario', {}, new Date(0))).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM procure_settings').run();
  });
});
