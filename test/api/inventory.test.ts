// Pins the inventory API: validation names the field, bad requests write nothing, the table is complete.
import { describe, it, expect, beforeEach } from 'vitest';
import path from 'node:path';
import { ROOT, tmpDir } from '../helpers/tmp';
import { openDatabase, closeDatabase } from '../../src-main/store/open';
import { invoke, handlers } from '../../src-main/api/handlers';
import { ApiError } from '../../src-main/api/errors';
import type { AppContext } from '../../src-main/api/context';
import { fillDemo } from '../../src-main/app/demo-db';

let ctx: AppContext;
beforeEach(() => {
  const file = path.join(tmpDir(), 't.db');
  const db = openDatabase(file, { appRoot: ROOT, create: true });
  fillDemo(db);
  ctx = { db, dbPath: file, appRoot: ROOT, now: () => new Date('2026-01-01T00:00:00Z') };
  return () => closeDatabase(db);
});

const count = () => (ctx.db.prepare('SELECT count(*) AS n FROM clusters').get() as { n: number }).n;

async function expectError(p: Promise<unknown>, code: string, field: string) {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(code);
    expect((e as ApiError).field).toBe(field);
    expect((e as ApiError).message).toContain(field);
    return;
  }
  throw new Error('expected an error');
}

describe('inventory api', () => {
  it('lists the demo inventory: two countries, five or more clusters of different GPU types and modes', async () => {
    const sites = (await invoke(ctx, 'sites.list', {})) as { country: string }[];
    expect(new Set(sites.map((s) => s.country))).toEqual(new Set(['US', 'CN']));
    const clusters = (await invoke(ctx, 'inventory.list', {})) as { gpu_id: string; mode: string }[];
    expect(clusters.length).toBeGreaterThanOrEqual(5);
    expect(new Set(clusters.map((c) => c.gpu_id)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(clusters.map((c) => c.mode))).toEqual(new Set(['buy', 'lease', 'cloud']));
  });

  it('adds a cluster and reads it back', async () => {
    const row = (await invoke(ctx, 'inventory.add', { site: 'Ulanqab', gpu_id: 'h20', gpus: 16, mode: 'buy', in_service_from: '2026-02', unit_cost: '105000.50', currency: 'CNY' })) as Record<string, unknown>;
    expect(row).toMatchObject({ site: 'Ulanqab', gpu_id: 'h20', gpus: 16, mode: 'buy', in_service_from: '2026-02', unit_cost: '105000.50', currency: 'CNY' });
  });

  it.each([
    [{ site: 'Ulanqab', gpu_id: 'h20', gpus: 0, mode: 'buy' }, 'gpus'],
    [{ site: 'Ulanqab', gpu_id: 'h20', gpus: 2.5, mode: 'buy' }, 'gpus'],
    [{ site: 'Ulanqab', gpu_id: 'h20', gpus: '8', mode: 'buy' }, 'gpus'],
    [{ site: 'Ulanqab', gpu_id: 'h20', gpus: 8, mode: 'rent' }, 'mode'],
    [{ site: 'Ulanqab', gpu_id: 'h20', gpus: 8, mode: 'buy', in_service_from: '2026-13' }, 'in_service_from'],
    [{ site: 'Ulanqab', gpu_id: 'h20', gpus: 8, mode: 'buy', in_service_from: '2026-05', in_service_to: '2026-01' }, 'in_service_to'],
    [{ site: 'Ulanqab', gpu_id: 'h20', gpus: 8, mode: 'buy', unit_cost: '-5', currency: 'USD' }, 'unit_cost'],
    [{ site: 'Ulanqab', gpu_id: 'h20', gpus: 8, mode: 'buy', unit_cost: '5' }, 'currency'],
    [{ site: 'Ulanqab', gpu_id: 'h20', gpus: 8, mode: 'buy', unit_cost: '5', currency: 'dollars' }, 'currency'],
  ])('rejects %j naming %s and writes nothing', async (input, field) => {
    const before = count();
    await expectError(invoke(ctx, 'inventory.add', input), 'bad_request', field);
    expect(count()).toBe(before);
  });

  it('unknown GPU ids suggest the closest catalog ids', async () => {
    try {
      await invoke(ctx, 'inventory.add', { site: 'Ulanqab', gpu_id: 'h100', gpus: 8, mode: 'buy' });
      throw new Error('expected an error');
    } catch (e) {
      expect((e as ApiError).field).toBe('gpu_id');
      expect((e as ApiError).message).toMatch(/h100-(sxm|pcie|nvl)/);
    }
  });

  it('unknown sites are not found, and a site with clusters cannot be deleted', async () => {
    await expectError(invoke(ctx, 'inventory.add', { site: 'Mars', gpu_id: 'h20', gpus: 8, mode: 'buy' }), 'not_found', 'site');
    const sites = (await invoke(ctx, 'sites.list', {})) as { id: number; name: string }[];
    await expectError(invoke(ctx, 'sites.delete', { id: sites.find((s) => s.name === 'Ulanqab')!.id }), 'bad_request', 'id');
  });

  it('validates sites: country code, PUE range, unique name', async () => {
    await expectError(invoke(ctx, 'sites.add', { name: 'X', country: 'China', region: 'r', power_limit_kw: 10, pue: 1.2 }), 'bad_request', 'country');
    await expectError(invoke(ctx, 'sites.add', { name: 'X', country: 'CN', region: 'r', power_limit_kw: 10, pue: 0.8 }), 'bad_request', 'pue');
    await expectError(invoke(ctx, 'sites.add', { name: 'Ulanqab', country: 'CN', region: 'r', power_limit_kw: 10, pue: 1.2 }), 'bad_request', 'name');
  });

  it('updates and deletes clusters', async () => {
    const [first] = (await invoke(ctx, 'inventory.list', {})) as { id: number; site: string; gpu_id: string; mode: string }[];
    const upd = (await invoke(ctx, 'inventory.update', { ...first, gpus: 4096, servers: null, in_service_from: null, in_service_to: null, unit_cost: null, currency: null })) as { gpus: number };
    expect(upd.gpus).toBe(4096);
    const before = count();
    await invoke(ctx, 'inventory.delete', { id: first.id });
    expect(count()).toBe(before - 1);
    await expectError(invoke(ctx, 'inventory.delete', { id: first.id }), 'not_found', 'id');
  });

  it('refuses unknown methods', async () => {
    await expect(invoke(ctx, 'fs.readFile', {})).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('api surface', () => {
  it('every method is named domain.verb and has input/output schemas', () => {
    for (const [name, def] of Object.entries(handlers as Record<string, { input: unknown; output: unknown }>)) {
      expect(name).toMatch(/^[a-z]+(\.[a-zA-Z]+)+$/);
      expect(def.input).toBeDefined();
      expect(def.output).toBeDefined();
    }
  });
  it('exposes no generic file, shell or SQL method', () => {
    const names = Object.keys(handlers);
    expect(names.filter((n) => /^(fs|file|shell|sql|exec|eval)\./.test(n) || /\.(exec|query|readFile|writeFile|openPath)$/.test(n))).toEqual([]);
  });
});
