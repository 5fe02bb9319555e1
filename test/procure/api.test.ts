// Pins the procure.* API: what-if overrides change the plan without being saved, settings save/get validate, background jobs report progress and cancel, bad input is a typed error.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, tmpDir } from '../helpers/tmp.js';
import { openDatabase, closeDatabase } from '../../src-main/store/open.js';
import { invoke } from '../../src-main/api/handlers.js';
import type { AppContext } from '../../src-main/api/context.js';
import { fillDemo } from '../../src-main/app/demo-db.js';
import type { ProcurePlanView } from '../../src-main/api/domains/procure.js';
import type { PlanResult } from '../../src-main/engine/plan/index.js';

let ctx: AppContext, dir: string;
beforeAll(() => {
  dir = tmpDir();
  const file = path.join(dir, 'api.db');
  const db = openDatabase(file, { appRoot: ROOT, create: true });
  fillDemo(db);
  ctx = { db, dbPath: file, appRoot: ROOT, now: () => new Date('2026-01-01T00:00:00Z') };
});
afterAll(() => { closeDatabase(ctx.db); fs.rmSync(dir, { recursive: true, force: true }); });

const run = (overrides: object = {}) => invoke(ctx, 'procure.run', { scenario: 'ernie-growth-2026', overrides }) as Promise<ProcurePlanView>;
// The stored settings' plan, run once and shared by the tests that read it (a risk-sized plan takes seconds).
let stored: Promise<ProcurePlanView> | null = null;
const storedPlan = () => (stored ??= run());

describe('procure API', () => {
  it('plans with lead times shown both ways, the timeline with the plan, and the total committed', async () => {
    const p = await storedPlan();
    expect(p.currency).toBe('CNY');
    expect(p.actions.length).toBeGreaterThan(0);
    expect(p.crash_month_without_plan).not.toBeNull();
    expect(p.crash_month_with_plan).toBeNull();
    expect(p.overloaded_months_with_plan).toEqual([]);
    expect(p.offers.every((o) => typeof o.default_lead_months === 'number')).toBe(true);
    expect(p.months).toHaveLength(36);
    const sum = p.actions.reduce((s, a) => s + Number(a.total_cost), 0);
    expect(Number(p.total_committed)).toBeCloseTo(sum, 2);
  });

  it('the Plan page orders what `plan` orders, and its fleet holds the risk target (the planned mix re-sized, as in plan)', async () => {
    // chatgpt-2023-11 rents MI300X under vLLM, whose held-out error is centred below 1: sized on
    // today's H100 fleet alone the plan fell short of the target; both paths re-size on the mix.
    const page = await invoke(ctx, 'procure.run', { scenario: 'chatgpt-2023-11', overrides: {} }) as ProcurePlanView;
    const full = await invoke(ctx, 'plan.run', { scenario: 'chatgpt-2023-11', procure: true }) as PlanResult;
    const key = (a: { gpu_id: string; mode: string; quantity: number; order_month?: string | null; arrival_month?: string | null }) => `${a.gpu_id}|${a.mode}|${a.quantity}|${a.order_month ?? ''}|${a.arrival_month ?? ''}`;
    expect(page.actions.map(key)).toEqual(full.actions.map(key));
    expect(page.risk.months.map((m) => m.p_overload)).toEqual(full.risk!.months.map((m) => m.p_overload));
    const allowed = 1 - page.risk.service_level + full.risk!.monte_carlo_error * 2;
    const limited = new Set(page.shortfalls.map((f) => f.month));
    for (const m of page.risk.months) if (!limited.has(m.month)) expect(m.p_overload).toBeLessThanOrEqual(allowed);
  });

  it('what-ifs are not saved: a ban and a budget cap change this run only', async () => {
    const base = await storedPlan();
    const gpu = base.actions[0].gpu_id;
    const banned = await run({ banned_gpus: [gpu] });
    expect(banned.actions.some((a) => a.gpu_id === gpu)).toBe(false);
    const capped = await run({ budget_cap: { capex: '1000000' } });
    // Sized to the 0.9 service level, the first months are short by lead time; the budget binds later.
    const byBudget = capped.shortfalls.find((f) => f.constraint === 'budget');
    expect(byBudget?.constraint).toBe('budget');
    expect(byBudget?.reason).toMatch(/^short [\d,]+ .*-equivalents of capacity in \d{4}-\d{2}.*: capex budget for \d{4}-Q\d \(1,000,000 CNY\) spent$/);
    const again = await invoke(ctx, 'procure.settings.get', { scenario: 'ernie-growth-2026' }) as { banned_gpus: string[]; budget_cap: unknown };
    expect(again.banned_gpus).toEqual([]);
    expect(again.budget_cap).toBeNull();
  });

  it('saves settings and rejects bad ones with a typed error', async () => {
    const s = await invoke(ctx, 'procure.settings.save', { scenario: 'ernie-growth-2026', settings: { headroom: 0.25 } }) as { headroom: number; allow_cloud: boolean };
    expect(s).toMatchObject({ headroom: 0.25, allow_cloud: true });
    await expect(invoke(ctx, 'procure.settings.save', { scenario: 'ernie-growth-2026', settings: { headroom: -2 } })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(invoke(ctx, 'procure.run', { scenario: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await invoke(ctx, 'procure.settings.save', { scenario: 'ernie-growth-2026', settings: { headroom: 0.2 } });
  });

  it('runs as a background job that finishes or can be cancelled', async () => {
    // The job machinery, not the plan, is under test here: the lighter scenario finishes sooner.
    const { job } = await invoke(ctx, 'procure.start', { scenario: 'chatgpt-2023-11' }) as { job: string };
    let st: { state: string; result?: ProcurePlanView };
    do { await new Promise((r) => setTimeout(r, 100)); st = await invoke(ctx, 'procure.status', { job }) as typeof st; } while (st.state === 'running');
    expect(st.state).toBe('done');
    expect(st.result!.actions.length).toBeGreaterThan(0);
    const second = await invoke(ctx, 'procure.start', { scenario: 'ernie-growth-2026' }) as { job: string };
    await invoke(ctx, 'procure.cancel', { job: second.job });
    do { await new Promise((r) => setTimeout(r, 50)); st = await invoke(ctx, 'procure.status', { job: second.job }) as typeof st; } while (st.state === 'running');
    expect(['cancelled', 'done']).toContain(st.state);
  });
});
