// Pins export.run's what-ifs (issue 18): the overrides the Plan page ran with reach the exported plan (a banned GPU type is absent from the Actions), the Inputs sheet lists them as not saved, and they change the inputs hash; no overrides = the export as before.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { ROOT, tmpDir } from '../helpers/tmp';
import { openDatabase, closeDatabase } from '../../src-main/store/open';
import { invoke } from '../../src-main/api/handlers';
import type { AppContext } from '../../src-main/api/context';
import { fillDemo } from '../../src-main/app/demo-db';
import { unzip } from '../../src-main/io/export/zip';
import { parseCsvObjects } from '../../src-main/shared/csv';

let ctx: AppContext;
beforeAll(() => {
  const file = path.join(tmpDir(), 't.db');
  const db = openDatabase(file, { appRoot: ROOT, create: true });
  fillDemo(db);
  ctx = { db, dbPath: file, appRoot: ROOT, now: () => new Date('2026-11-25T10:00:00Z') };
});
afterAll(() => closeDatabase(ctx.db));

type Out = { inputs_hash: string; files: { name: string; base64: string }[] };
const base = { scenario: 'ernie-growth-2026', format: 'csv', runs: 200, seed: 1 };
async function tables(i: Record<string, unknown>) {
  const r = (await invoke(ctx, 'export.run', { ...base, ...i })) as Out;
  const entries = unzip(Buffer.from(r.files[0].base64, 'base64'));
  const read = (name: string) => parseCsvObjects(Buffer.from(entries.find((e) => e.name === name)!.data).toString('utf8').replace(/^\uFEFF/, ''));
  return { hash: r.inputs_hash, actions: read('actions.csv'), inputs: read('inputs.csv') };
}

describe('export.run with the Plan page\'s what-ifs', () => {
  it('a banned GPU type is not in the exported actions; the what-ifs are listed and hashed', async () => {
    const plain = await tables({});
    const gpuCol = Object.keys(plain.actions[0] ?? {}).find((k) => /gpu/i.test(k))!;
    const ordered = [...new Set(plain.actions.map((a) => a[gpuCol]).filter(Boolean))];
    expect(ordered.length).toBeGreaterThan(0);
    const banned = ordered[0];
    const what = await tables({ overrides: { banned_gpus: [banned], allow_cloud: true } });
    const after = what.actions.map((a) => a[gpuCol]).filter(Boolean);
    expect(after.length).toBeGreaterThan(0);
    expect(after).not.toContain(banned);
    expect(what.hash).not.toBe(plain.hash);
    const rows = what.inputs.filter((r) => Object.values(r).includes('what-if'));
    expect(rows.map((r) => Object.values(r).join('|')).join('\n')).toContain(banned);
    expect(plain.inputs.filter((r) => Object.values(r).includes('what-if'))).toEqual([]);
  }, 120_000);

  it('service_level is taken as plan.run takes it, and refused out of range', async () => {
    await expect(invoke(ctx, 'export.run', { ...base, service_level: 0.2 })).rejects.toThrow(/service_level/);
    await expect(invoke(ctx, 'export.run', { ...base, overrides: { banned_gpus: 'l20' } })).rejects.toThrow(/banned_gpus/);
  });
});
