// Pins the stand-in model as one declared concept (issue 12 with issue 15's model_size_factor): a pool whose scenario gives model_size_factor is a stand-in with its reason and range, in plan --json's assumptions, as a structured warning, and in the Plan page's procure result.
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
  const file = path.join(dir, 's.db');
  const db = openDatabase(file, { appRoot: ROOT, create: true });
  fillDemo(db);
  ctx = { db, dbPath: file, appRoot: ROOT, now: () => new Date('2026-01-01T00:00:00Z') };
});
afterAll(() => { closeDatabase(ctx.db); fs.rmSync(dir, { recursive: true, force: true }); });

describe('stand-in model declared in the scenario', () => {
  it('chatgpt-2023-11: pool gpt is served by Llama 2 70B standing in, with its reason and size range', async () => {
    const r = await planFromDb(ctx.db, { scenario: 'chatgpt-2023-11', runs: 100, seed: 1 }, ROOT);
    expect(r.assumptions!.stand_in_models).toEqual([
      { pool: 'gpt', model_id: 'llama-2-70b', model_name: 'Llama 2 70B', reason: expect.stringContaining('Stand-in: Llama 2 70B'), size_factor: { value: 1, p10: 0.5, p90: 2.5 } },
    ]);
    const w = r.warnings.find((x) => x.code === 'stand_in_model')!;
    expect(w).toMatchObject({ pool: 'gpt', model_id: 'llama-2-70b' });
    expect(w.message).toContain('P10 ×0.5 – P90 ×2.5');
    // Named by the model's product name (models.csv), not its id; the scenario's own reason stays as typed.
    expect(w.message).toMatch(/^pool gpt: Llama 2 70B stands in for an unpublished model/);
    expect(w.message.replace(r.assumptions!.stand_in_models[0].reason, '')).not.toContain('llama-2-70b');
    // The Plan page's result (procure.run) names the same stand-in.
    const pr = (await invoke(ctx, 'procure.run', { scenario: 'chatgpt-2023-11' })) as { stand_in_models: unknown[] };
    expect(pr.stand_in_models).toEqual(r.assumptions!.stand_in_models);
  });

  it('stand-ins are exactly the pools that declare model_size_factor, each with a reason', async () => {
    const e = await planFromDb(ctx.db, { scenario: 'ernie-2023-11', runs: 100, seed: 1 }, ROOT);
    expect(e.assumptions!.stand_in_models.every((s) => s.reason.length > 0)).toBe(true);
    // Every stand-in's name is its catalogue product name (never the id where the catalogue names it).
    const models = (await invoke(ctx, 'catalog.models', {})) as { id: string; name: string }[];
    for (const s of e.assumptions!.stand_in_models) expect(s.model_name).toBe(models.find((m) => m.id === s.model_id)!.name);
    const sc = (await invoke(ctx, 'scenarios.get', { name: 'ernie-2023-11' })) as { scenario: { pools: { id: string; model_size_factor?: unknown }[] } };
    expect(e.assumptions!.stand_in_models.map((s) => s.pool)).toEqual(sc.scenario.pools.filter((p) => p.model_size_factor).map((p) => p.id));
  });
});
