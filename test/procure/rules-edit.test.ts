// Pins that ernie-growth-2026's unmeetable months under a risk target are labelled by their real limit (lead time, not `capacity`), that burn.compute returns the structured warnings the Burn page shows, and that a rule or licence entered through the API (as the Sites page does) is what the next plan obeys: a banned type is not ordered at all, a licence-only type is ordered only at the licensed site, in the licensed months.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import fs from 'node:fs';
import { ROOT, tmpDir } from '../helpers/tmp';
import { openDatabase, closeDatabase } from '../../src-main/store/open';
import { invoke } from '../../src-main/api/handlers';
import type { AppContext } from '../../src-main/api/context';
import { fillDemo } from '../../src-main/app/demo-db';
import { planFromDb } from '../helpers/plan.js';

let ctx: AppContext, dir: string;
beforeAll(() => {
  dir = tmpDir();
  const file = path.join(dir, 'r.db');
  const db = openDatabase(file, { appRoot: ROOT, create: true });
  fillDemo(db);
  ctx = { db, dbPath: file, appRoot: ROOT, now: () => new Date('2026-01-01T00:00:00Z') };
});
afterAll(() => { closeDatabase(ctx.db); fs.rmSync(dir, { recursive: true, force: true }); });

const opts = { scenario: 'ernie-growth-2026', procure: true, runs: 200, seed: 3 } as const;

describe('export rules edited through the API reach the plan', () => {
  it('ernie-growth-2026 buys Ascend 910B; a CN ban on it from the API leaves no such order', async () => {
    const before = await planFromDb(ctx.db, opts, ROOT);
    expect(before.actions.some((a) => a.gpu_id === 'ascend-910b')).toBe(true);
    const rule = (await invoke(ctx, 'sites.addExportRule', { country: 'cn', gpu: 'ascend-910b', from_month: '2020-01', status: 'banned', source: 'test rule' })) as { id: number; country: string };
    expect(rule.country).toBe('CN');
    const listed = (await invoke(ctx, 'sites.exportRules', { country: 'CN', as_of: '2026-06' })) as { id: number }[];
    expect(listed.map((r) => r.id)).toContain(rule.id);
    const after = await planFromDb(ctx.db, opts, ROOT);
    expect(after.actions.some((a) => a.gpu_id === 'ascend-910b')).toBe(false);
    await invoke(ctx, 'sites.deleteExportRule', { id: rule.id });
  });

  it('licence required: the type is ordered only at the site and in the months a licence covers', async () => {
    const rule = (await invoke(ctx, 'sites.addExportRule', { country: 'CN', gpu: 'ascend-910b', from_month: '2020-01', status: 'licence', source: 'test rule' })) as { id: number };
    const none = await planFromDb(ctx.db, opts, ROOT);
    expect(none.actions.some((a) => a.gpu_id === 'ascend-910b')).toBe(false);
    await invoke(ctx, 'sites.addExportLicence', { site: 'Ulanqab', gpu: 'ascend-910b', from_month: '2026-01', to_month: '2026-12' });
    const held = await planFromDb(ctx.db, opts, ROOT);
    const asc = held.actions.filter((a) => a.gpu_id === 'ascend-910b');
    expect(asc.length).toBeGreaterThan(0);
    for (const a of asc) {
      expect(a.site).toBe('Ulanqab');
      expect(a.order_month >= '2026-01' && a.order_month <= '2026-12').toBe(true);
    }
    await invoke(ctx, 'sites.deleteExportRule', { id: rule.id });
  });
});

describe('burn.compute carries the structured warnings (issue 12)', () => {
  it('the whole fleet: sites without hosting and a lease without a rate, each with its site, cluster and GPU type', async () => {
    const r = (await invoke(ctx, 'burn.compute', { start_month: '2026-01', months: 12 })) as { warnings: { code: string; site?: string; cluster_id?: number; gpu_id?: string; message: string }[] };
    const hosting = r.warnings.filter((w) => w.code === 'site_without_hosting');
    expect(hosting.length).toBeGreaterThan(0);
    for (const w of hosting) expect(w.message).toContain(w.site!);
    const lease = r.warnings.find((w) => w.code === 'lease_without_rate')!;
    expect(lease).toMatchObject({ cluster_id: expect.any(Number), site: expect.any(String), gpu_id: expect.any(String) });
  });
});

describe('shortfall labels under a risk target (ernie-growth-2026)', () => {
  it('at 0.9 and 0.99 every month that cannot be met lies before the first possible arrival and is labelled lead_time', async () => {
    for (const service_level of [0.9, 0.99]) {
      const r = await planFromDb(ctx.db, { ...opts, service_level }, ROOT);
      const short = r.procurement!.infeasible_months;
      expect(short.length).toBeGreaterThan(0);
      const firstArrival = r.actions.map((a) => a.arrival_month).sort()[0];
      // Each order says the need it is sized to is the service level's, not the median.
      for (const a of r.actions) expect(a.why.text).toContain(`${service_level * 100} % service-level need`);
      for (const f of short) {
        expect(f.constraint).toBe('lead_time');
        expect(f.month < firstArrival).toBe(true);
      }
    }
  });
});

