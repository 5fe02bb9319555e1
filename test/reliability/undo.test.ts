// Pins undo/redo: each mutating API call is one step; undo restores the exact rows, redo re-applies; bounded history.
import { describe, it, expect, beforeEach } from 'vitest';
import path from 'node:path';
import fc from 'fast-check';
import { openDatabase, closeDatabase } from '../../src-main/store/open';
import { invoke } from '../../src-main/api/handlers';
import type { AppContext } from '../../src-main/api/context';
import { UNDO_LIMIT, beginStep, endStep, installUndo, applyTop } from '../../src-main/store/undo';
import type { WritableDB } from '../../src-main/store/handles';
import { ROOT, tmpDir } from '../helpers/tmp';
import { mintLocalPath } from '../../src-main/shared/local-path';

let ctx: AppContext;
const call = (m: string, input: unknown = {}) => invoke(ctx, m, input) as Promise<any>;
const snapshot = (db: WritableDB) => ({
  sites: db.prepare('SELECT * FROM sites ORDER BY id').all(),
  clusters: db.prepare('SELECT * FROM clusters ORDER BY id').all(),
  lists: db.prepare('SELECT * FROM price_lists ORDER BY id').all(),
  items: db.prepare('SELECT * FROM price_items ORDER BY id').all(),
});

function fresh(): AppContext {
  const dbPath = path.join(tmpDir(), 'u.db');
  const db = openDatabase(dbPath, { appRoot: ROOT, create: true });
  let t = Date.parse('2026-01-01T00:00:00Z');
  return { db, dbPath, appRoot: ROOT, now: () => new Date((t += 1000)) };
}

const site = (name: string, power = 1000.25) => ({ name, country: 'US', region: 'Virginia', power_limit_kw: power, pue: 1.3, notes: '' });
const cluster = (siteName: string, gpus: number) => ({ site: siteName, gpu_id: 'h100-sxm', gpus, mode: 'buy', unit_cost: '25000.50', currency: 'USD' });

describe('undo/redo through the API', () => {
  beforeEach(() => { ctx = fresh(); });

  it('undo and redo an add, an update and a delete, restoring rows exactly', async () => {
    const s0 = snapshot(ctx.db);
    const s = await call('sites.add', site('Ashburn-1', 0.1 + 0.2));
    const c = await call('inventory.add', cluster('Ashburn-1', 64));
    const s2 = snapshot(ctx.db);
    await call('inventory.update', { ...cluster('Ashburn-1', 128), id: c.id, notes: 'grew' });
    const s3 = snapshot(ctx.db);
    await call('inventory.delete', { id: c.id });
    expect((await call('undo.status')).undo.map((x: { method: string }) => x.method)).toEqual(['inventory.delete', 'inventory.update', 'inventory.add', 'sites.add']);

    await call('undo.undo');
    expect(snapshot(ctx.db)).toEqual(s3);
    await call('undo.undo');
    expect(snapshot(ctx.db)).toEqual(s2);
    await call('undo.undo');
    await call('undo.undo');
    expect(snapshot(ctx.db)).toEqual(s0);
    const none = await call('undo.undo');
    expect(none.applied).toBeNull();
    expect(none.status.can_undo).toBe(false);

    await call('undo.redo');
    await call('undo.redo');
    expect(snapshot(ctx.db)).toEqual(s2);
    expect((await call('inventory.list')).find((r: { id: number }) => r.id === c.id).unit_cost).toBe('25000.50');
    await call('undo.redo');
    await call('undo.redo');
    expect(await call('inventory.list')).toEqual([]);
    expect((await call('sites.list'))[0].power_limit_kw).toBe(0.1 + 0.2);
    expect((await call('undo.redo')).applied).toBeNull();
    expect(s.name).toBe('Ashburn-1');
  });

  it('a new edit after undo drops the redo stack; a failed call records nothing', async () => {
    await call('sites.add', site('A'));
    await call('sites.add', site('B'));
    await call('undo.undo');
    expect((await call('undo.status')).can_redo).toBe(true);
    await call('sites.add', site('C'));
    const st = await call('undo.status');
    expect(st.can_redo).toBe(false);
    expect(st.undo.map((x: { method: string }) => x.method)).toEqual(['sites.add', 'sites.add']);
    await expect(call('sites.add', site('C'))).rejects.toMatchObject({ code: 'bad_request' });
    await expect(call('inventory.add', cluster('nowhere', 8))).rejects.toMatchObject({ code: 'not_found' });
    expect((await call('undo.status')).undo).toHaveLength(2);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM undo_log WHERE step NOT IN (SELECT id FROM undo_steps)').get()).toEqual({ n: 0 });
  });

  it('keeps at most UNDO_LIMIT steps', async () => {
    for (let i = 0; i < UNDO_LIMIT + 7; i++) await call('sites.add', site(`S${i}`));
    const st = await call('undo.status');
    expect(st.undo).toHaveLength(UNDO_LIMIT);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM undo_steps').get()).toEqual({ n: UNDO_LIMIT });
    for (let i = 0; i < UNDO_LIMIT; i++) await call('undo.undo');
    expect((await call('sites.list')).map((x: { name: string }) => x.name).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `S${i}`).sort());
  });

  it('undo of a site delete refused by a later constraint is a conflict and changes nothing', async () => {
    await call('sites.add', site('A'));
    await call('sites.delete', { id: (await call('sites.list'))[0].id });
    // A write outside the API (not recorded) takes the name back.
    ctx.db.prepare("INSERT INTO sites (name, country, region, power_limit_kw, pue) VALUES ('A', 'CN', 'x', 1, 1.2)").run();
    const before = snapshot(ctx.db);
    await expect(call('undo.undo')).rejects.toMatchObject({ code: 'conflict' });
    expect(snapshot(ctx.db)).toEqual(before);
    expect((await call('undo.status')).undo).toHaveLength(2);
  });

  it('price lists and their items (cascade delete) come back as one step', () => {
    const db = ctx.db;
    installUndo(db);
    const tx = (method: string, f: () => void) => {
      db.exec('BEGIN IMMEDIATE');
      beginStep(db, method, ctx.now()); f(); endStep(db);
      db.exec('COMMIT');
    };
    tx('prices.addManual', () => {
      const id = db.prepare("INSERT INTO price_lists (vendor, imported_at, kind) VALUES ('Acme', '2026-01-01T00:00:00Z', 'manual')").run().lastInsertRowid;
      for (let i = 0; i < 3; i++) {
        db.prepare("INSERT INTO price_items (price_list_id, gpu_id, kind, gpus_per_unit, unit_price, currency, source_text) VALUES (?, 'h100-sxm', 'gpu', 1, ?, 'USD', '')").run(id, `2500${i}.5`);
      }
    });
    const full = snapshot(db);
    tx('prices.deleteList', () => { db.prepare('DELETE FROM price_lists').run(); });
    expect(snapshot(db).items).toEqual([]);
    tx('undo.undo', () => { applyTop(db, 'undo', ctx.now()); });
    expect(snapshot(db)).toEqual(full);
    tx('undo.redo', () => { applyTop(db, 'redo', ctx.now()); });
    expect(snapshot(db).lists).toEqual([]);
  });

  it('scenarios: a duplicate and a delete (with its procurement settings) are undone and redone', async () => {
    const { createDemoDatabase } = await import('../../src-main/app/demo-db');
    const dbPath = path.join(tmpDir(), 'demo.db');
    createDemoDatabase(dbPath, ROOT);
    ctx = { db: openDatabase(dbPath, { appRoot: ROOT }), dbPath, appRoot: ROOT, now: () => new Date('2026-05-01T00:00:00Z') };
    const rows = () => ({
      scenarios: ctx.db.prepare('SELECT * FROM scenarios ORDER BY id').all(),
      procure: ctx.db.prepare("SELECT * FROM sqlite_master WHERE name = 'procure_settings'").get() ? ctx.db.prepare('SELECT * FROM procure_settings ORDER BY scenario').all() : [],
    });
    const [first] = await call('scenarios.list') as { name: string }[];
    const start = rows();
    await call('scenarios.duplicate', { name: first.name, new_name: 'copy-1' });
    const afterDup = rows();
    expect(afterDup.scenarios.length).toBe(start.scenarios.length + 1);
    await call('scenarios.delete', { name: first.name });
    await call('undo.undo');
    expect(rows()).toEqual(afterDup);
    await call('undo.undo');
    expect(rows()).toEqual(start);
    await call('undo.redo');
    await call('undo.redo');
    expect(rows().scenarios.map((r: any) => r.name)).not.toContain(first.name);
    closeDatabase(ctx.db);
  });

  it('property: any sequence of edits, then undo all, gives back the start; redo all gives the end', async () => {
    type Op = { k: 'add'; n: number } | { k: 'upd'; i: number; gpus: number } | { k: 'del'; i: number } | { k: 'undo' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ k: fc.constant('add' as const), n: fc.integer({ min: 1, max: 512 }) }),
      fc.record({ k: fc.constant('upd' as const), i: fc.nat(), gpus: fc.integer({ min: 1, max: 512 }) }),
      fc.record({ k: fc.constant('del' as const), i: fc.nat() }),
      fc.record({ k: fc.constant('undo' as const) }),
    );
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
      ctx = fresh();
      await call('sites.add', site('Base'));
      ctx.db.exec('DELETE FROM undo_steps');
      const start = snapshot(ctx.db);
      for (const o of ops) {
        const rows = await call('inventory.list') as { id: number }[];
        if (o.k === 'add') await call('inventory.add', cluster('Base', o.n));
        else if (o.k === 'undo') await call('undo.undo');
        else if (rows.length && o.k === 'upd') await call('inventory.update', { ...cluster('Base', o.gpus), id: rows[o.i % rows.length].id });
        else if (rows.length && o.k === 'del') await call('inventory.delete', { id: rows[o.i % rows.length].id });
      }
      const end = snapshot(ctx.db);
      const redoable = (await call('undo.status')).redo.length;
      while ((await call('undo.undo')).applied) { /* undo everything */ }
      expect(snapshot(ctx.db)).toEqual(start);
      while ((await call('undo.redo')).applied) { /* redo everything */ }
      const redone = snapshot(ctx.db);
      if (redoable === 0) expect(redone).toEqual(end);
      closeDatabase(ctx.db);
    }), { numRuns: 15, seed: 9 });
  });
});

describe('undo of a price-list import', () => {
  beforeEach(() => { ctx = fresh(); });

  it('records the import as one log row, and undo/redo restore every item exactly', async () => {
    const before = snapshot(ctx.db);
    const file = path.join(ROOT, 'test', 'fixtures', 'samples', 'vendor_en_quote.csv');
    const r = await call('prices.import', { path: mintLocalPath(file), vendor: 'Undo test' });
    expect(r.imported).toBeGreaterThan(3);
    const after = snapshot(ctx.db);
    const status = await call('undo.status');
    // Items inserted with their new list are undone by the list's ON DELETE CASCADE.
    expect(status.undo[0].changes).toBe(1);
    await call('undo.undo');
    expect(snapshot(ctx.db)).toEqual(before);
    await call('undo.redo');
    expect(snapshot(ctx.db)).toEqual(after);
    await call('undo.undo');
    expect(snapshot(ctx.db)).toEqual(before);
  });

  it('items added to a list created in an earlier step are still recorded one by one', () => {
    const db = ctx.db;
    installUndo(db);
    const listId = Number(db.prepare("INSERT INTO price_lists (vendor, file_name, sha256, imported_at, kind) VALUES ('V', NULL, NULL, '2026-01-01T00:00:00Z', 'manual')").run().lastInsertRowid);
    db.transaction(() => {
      beginStep(db, 'test.addItem', new Date('2026-01-02T00:00:00Z'));
      db.prepare("INSERT INTO price_items (price_list_id, gpu_id, kind, gpus_per_unit, unit_price, currency, source_text) VALUES (?, 'h100-sxm', 'gpu', 1, '25000', 'USD', '')").run(listId);
      endStep(db);
    })();
    const rows = db.prepare("SELECT tbl, op FROM undo_log").all();
    expect(rows).toEqual([{ tbl: 'price_items', op: 'i' }]);
  });
});
