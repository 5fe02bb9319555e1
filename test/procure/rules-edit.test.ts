// Pins that a rule or licence entered through the API (as the Sites page does) is what the next plan obeys: a banned type is not ordered at all, a licence-only type is ordered only at the licensed site, in the licensed months.
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
