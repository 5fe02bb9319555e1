// Pins migration 0230 (site cloud region): an older file migrates with no setting (any region); the column refuses blanks; sites.saveCosts stores, keeps (when absent), normalises and clears it; the World carries it to the plan.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadMigrations, migrate } from '../../src-main/store/migrate.js';
import { openDatabase, closeDatabase } from '../../src-main/store/open.js';
import { insertDemoInventory } from '../../src-main/app/demo.js';
import { insertDemoMoney } from '../../src-main/app/money-demo.js';
import { invoke } from '../../src-main/api/handlers.js';
import { readWorld } from '../../src-main/store/world.js';
import type { WritableDB } from '../../src-main/store/handles.js';

const root = path.resolve(__dirname, '..', '..');
const migrations = loadMigrations(path.join(root, 'db'));

describe('migration 0230-site-cloud-region', () => {
  it('keeps site costs, with no cloud region (any), and refuses a blank one', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, 150);
    db.prepare(`INSERT INTO sites (id, name, country, region, power_limit_kw, pue) VALUES (1, 'Oregon', 'US', 'us-west-2', 0, 1.1)`).run();
    db.prepare(`INSERT INTO site_costs (site_id, server_type, source) VALUES (1, 'hgx_8gpu', 'x')`).run();
    migrate(db, migrations, 230);
    expect(db.prepare('SELECT server_type, source, cloud_region FROM site_costs').get()).toEqual({ server_type: 'hgx_8gpu', source: 'x', cloud_region: null });
    const put = db.prepare('UPDATE site_costs SET cloud_region = ? WHERE site_id = 1');
    expect(() => put.run('   ')).toThrow(/CHECK/);
    expect(() => put.run('x'.repeat(201))).toThrow(/CHECK/);
    put.run('us-west-2');
    expect(db.prepare('SELECT cloud_region FROM site_costs').get()).toEqual({ cloud_region: 'us-west-2' });
  });
});

describe('sites.saveCosts cloud_region', () => {
  let dir: string, db: WritableDB;
  const ctx = () => ({ db, dbPath: path.join(dir, 'r.db'), appRoot: root, now: () => new Date('2026-01-01T00:00:00Z') });
  const call = (m: string, i: unknown) => invoke(ctx(), m, i) as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  beforeAll(() => {
    dir = fs.mkdtempSync(os.tmpdir() + '/headroom-');
    db = openDatabase(path.join(dir, 'r.db'), { appRoot: root, create: true });
    db.transaction(() => { insertDemoInventory(db); insertDemoMoney(db); })();
  });
  afterAll(() => { closeDatabase(db); fs.rmSync(dir, { recursive: true, force: true }); });

  it('stores, keeps, normalises and clears the setting; the World carries it', async () => {
    const before = (await call('sites.costs', {})).find((r: { site: string }) => r.site === 'Oregon-Cloud');
    expect(before.cloud_region).toBeNull();
    const saved = await call('sites.saveCosts', { site: 'Oregon-Cloud', server_type: before.server_type, cloud_region: ' us-west-2 ,US-EAST-1,, ' });
    expect(saved.cloud_region).toBe('us-west-2, US-EAST-1');
    // A save that does not name the field leaves it as it is.
    const kept = await call('sites.saveCosts', { site: 'Oregon-Cloud', server_type: before.server_type, utc_offset_hours: -8 });
    expect(kept.cloud_region).toBe('us-west-2, US-EAST-1');
    const w = readWorld(db, { scenario: null, appRoot: root });
    expect(w.site_costs.find((c) => c.site === 'Oregon-Cloud')?.cloud_region).toBe('us-west-2, US-EAST-1');
    await expect(call('sites.saveCosts', { site: 'Oregon-Cloud', cloud_region: 'us-east-1; drop table' })).rejects.toMatchObject({ code: 'bad_request', field: 'cloud_region' });
    expect((await call('sites.saveCosts', { site: 'Oregon-Cloud', server_type: before.server_type, cloud_region: '' })).cloud_region).toBeNull();
    expect((await call('sites.saveCosts', { site: 'Oregon-Cloud', server_type: before.server_type, cloud_region: 'us-*' })).cloud_region).toBe('us-*');
  });
});
