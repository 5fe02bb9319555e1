// Pins migration 0100 (gpu_availability, export_rules, export_licences) and its seed: every catalog GPU gets a sourced first-shipment month, public export rules are seeded once per key, a user's edit or deletion survives the next open, licences follow their site.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ROOT, tmpDir } from '../helpers/tmp';
import { loadMigrations, migrate, schemaVersion } from '../../src-main/store/migrate';
import { openDatabase, closeDatabase } from '../../src-main/store/open';
import { parseCsvObjects } from '../../src-main/shared/csv';
import * as store from '../../src-main/store/export-rules';

const migrations = loadMigrations(path.join(ROOT, 'db'));

describe('migration 0100 availability and export rules', () => {
  it('migrates a 0070 database with sites and clusters and leaves them as they were', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, 70);
    db.prepare("INSERT INTO sites (name,country,region,power_limit_kw,pue) VALUES ('bj','CN','x',10,1.2)").run();
    const before = db.prepare('SELECT * FROM sites').all();
    migrate(db, migrations, 100);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(100);
    expect(db.prepare('SELECT * FROM sites').all()).toEqual(before);
    expect(() => db.prepare("INSERT INTO export_rules (country,gpu,from_month,status) VALUES ('cn','h20','2025-04','licence')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO export_rules (country,gpu,from_month,to_month,status) VALUES ('CN','h20','2025-04','2025-01','licence')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO export_rules (country,gpu,from_month,status) VALUES ('CN','h20','2025-04','maybe')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO export_licences (site,gpu,from_month) VALUES ('nowhere','h20','2025-04')").run()).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO export_licences (site,gpu,from_month) VALUES ('bj','h20','2025-08')").run();
    db.prepare("UPDATE sites SET name = 'beijing' WHERE name = 'bj'").run();
    expect(db.prepare('SELECT site FROM export_licences').get()).toEqual({ site: 'beijing' });
  });

  it('seeds a sourced available_from for every GPU in gpus.csv, and the public rules, on open', () => {
    const file = path.join(tmpDir(), 'a.db');
    const db = openDatabase(file, { appRoot: ROOT, create: true });
    const gpus = parseCsvObjects(fs.readFileSync(path.join(ROOT, 'db', 'seed', 'gpus.csv'), 'utf8')).map((g) => g.id).filter(Boolean);
    const avail = store.listAvailability(db);
    expect(avail.map((a) => a.gpu_id).sort()).toEqual([...gpus].sort());
    for (const a of avail) { expect(a.available_from).toMatch(/^\d{4}-\d{2}$/); expect(a.source.length).toBeGreaterThan(10); }
    expect(avail.find((a) => a.gpu_id === 'mi325x')!.available_from > '2024-09').toBe(true);
    const h20 = store.listExportRules(db, { country: 'CN', as_of: '2025-06' }).filter((r) => r.gpu === 'h20');
    expect(h20.map((r) => r.status)).toEqual(['licence']);
    expect(store.listExportRules(db, { country: 'CN', as_of: '2024-06' }).filter((r) => r.gpu === 'h20')).toEqual([]);
    const h100 = store.listExportRules(db, { country: 'CN', as_of: '2023-01' }).find((r) => r.gpu === 'h100-sxm')!;
    expect(h100.status).toBe('banned');
    // Types no record names (added to the catalog later) fall under the class rules by their specs.
    const cls = store.listExportRules(db, { country: 'CN', as_of: '2024-06' }).filter((r) => r.gpu.startsWith('tpp'));
    expect(cls.map((r) => r.gpu).sort()).toEqual(['tpp>=4800', 'tpp>=4800&io>=600']);
    // The user edits one seeded rule and deletes another: the next open keeps both changes.
    store.updateExportRule(db, h100.id, { country: 'CN', gpu: 'h100-sxm', from_month: '2022-09', to_month: null, status: 'licence', source: 'mine', note: '' });
    const a800 = store.listExportRules(db, { country: 'CN' }).find((r) => r.gpu === 'a800-sxm-80gb')!;
    expect(store.deleteExportRule(db, a800.id)).toBe(true);
    const n = store.listExportRules(db).length;
    closeDatabase(db);
    const again = openDatabase(file, { appRoot: ROOT });
    expect(store.listExportRules(again).length).toBe(n);
    expect(store.getExportRule(again, h100.id)).toMatchObject({ status: 'licence', source: 'mine', user_edited: true });
    expect(store.listExportRules(again, { country: 'CN' }).some((r) => r.gpu === 'a800-sxm-80gb')).toBe(false);
    closeDatabase(again);
  });
});
