// Pins the migration runner and each migration: versions, one transaction, backups, refusals.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ROOT, tmpDir } from '../helpers/tmp';
import { loadMigrations, migrate, schemaVersion, DbFromFutureError } from '../../src-main/store/migrate';
import { openDatabase, closeDatabase, DbOpenError, HEADROOM_APP_ID } from '../../src-main/store/open';
import { backupsToDelete, backupDir } from '../../src-main/store/backups';

const migrations = loadMigrations(path.join(ROOT, 'db'));

describe('migrations', () => {
  it('are numbered in strictly increasing order, first 0010', () => {
    expect(migrations[0].version).toBe(10);
    for (let i = 1; i < migrations.length; i++) expect(migrations[i].version).toBeGreaterThan(migrations[i - 1].version);
  });

  it('0010 creates the core tables with foreign keys and checks', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, 10);
    expect(schemaVersion(db)).toBe(10);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['clusters', 'gpu_types', 'llm_models', 'sites']));
    db.prepare("INSERT INTO sites (name,country,region,power_limit_kw,pue) VALUES ('A','US','x',10,1.2)").run();
    expect(() => db.prepare("INSERT INTO clusters (site_id,gpu_id,gpus,mode) VALUES (1,'nope',8,'buy')").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO sites (name,country,region,power_limit_kw,pue) VALUES ('B','usa','x',10,1.2)").run()).toThrow(/CHECK/);
  });

  it('every migration applies on top of the previous ones and is idempotent by version', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    for (const m of migrations) {
      migrate(db, migrations, m.version);
      expect(schemaVersion(db)).toBe(m.version);
    }
    expect(migrate(db, migrations)).toEqual({ from: migrations.at(-1)!.version, to: migrations.at(-1)!.version });
  });

  it('a failing migration leaves the database at its old version with nothing applied', () => {
    const db = new Database(':memory:');
    migrate(db, migrations, 10);
    const bad = [...migrations.filter((m) => m.version <= 10), { version: 9990, name: '9990-bad.sql', sql: 'CREATE TABLE t1 (x); THIS IS NOT SQL;' }];
    expect(() => migrate(db, bad)).toThrow();
    expect(schemaVersion(db)).toBe(10);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name='t1'").get()).toEqual({ n: 0 });
  });

  it('refuses a database from a newer Headroom', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 99999');
    expect(() => migrate(db, migrations)).toThrow(DbFromFutureError);
  });
});

describe('openDatabase', () => {
  it('creates, migrates, seeds the catalog and sets WAL + foreign keys', () => {
    const file = path.join(tmpDir(), 'a.db');
    const db = openDatabase(file, { appRoot: ROOT, create: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(HEADROOM_APP_ID);
    const n = db.prepare('SELECT count(*) AS n FROM gpu_types').get() as { n: number };
    expect(n.n).toBeGreaterThan(20);
    const h100 = db.prepare("SELECT memory_gb, source_url FROM gpu_types WHERE id='h100-sxm'").get() as { memory_gb: number; source_url: string };
    expect(h100.memory_gb).toBe(80);
    expect(h100.source_url).toMatch(/^https?:/);
    closeDatabase(db);
  });

  it('writes a backup before migrating an existing database', () => {
    // A throwaway app root whose db/ has 0010 and one more migration.
    const app = tmpDir();
    fs.mkdirSync(path.join(app, 'db'));
    fs.copyFileSync(path.join(ROOT, 'db', '0010-core.sql'), path.join(app, 'db', '0010-core.sql'));
    fs.cpSync(path.join(ROOT, 'db', 'seed'), path.join(app, 'db', 'seed'), { recursive: true });
    const file = path.join(tmpDir(), 'b.db');
    const db0 = openDatabase(file, { appRoot: app, create: true });
    db0.prepare("INSERT INTO sites (name,country,region,power_limit_kw,pue) VALUES ('Keep','US','x',10,1.2)").run();
    closeDatabase(db0);
    fs.writeFileSync(path.join(app, 'db', '0020-extra.sql'), 'ALTER TABLE sites ADD COLUMN extra TEXT;');
    const db = openDatabase(file, { appRoot: app });
    expect(db.pragma('user_version', { simple: true })).toBe(20);
    closeDatabase(db);
    const backups = fs.readdirSync(backupDir(file)).filter((f) => f.includes('pre-migration-v10'));
    expect(backups).toHaveLength(1);
    const copy = new Database(path.join(backupDir(file), backups[0]), { readonly: true });
    expect(copy.prepare('SELECT name FROM sites').all()).toEqual([{ name: 'Keep' }]);
    expect(copy.pragma('user_version', { simple: true })).toBe(10);
    copy.close();
  });

  it('refuses a foreign SQLite file and a non-SQLite file, leaving both untouched', () => {
    const dir = tmpDir();
    const foreign = path.join(dir, 'other.db');
    const o = new Database(foreign);
    o.exec('CREATE TABLE accounts (id INTEGER)');
    o.close();
    const before = fs.readFileSync(foreign);
    expect(() => openDatabase(foreign, { appRoot: ROOT })).toThrow(DbOpenError);
    expect(fs.readFileSync(foreign).equals(before)).toBe(true);
    const text = path.join(dir, 'notes.db');
    fs.writeFileSync(text, 'hello, this is not a database at all');
    expect(() => openDatabase(text, { appRoot: ROOT })).toThrow(/not a Headroom database/);
    expect(fs.readFileSync(text, 'utf8')).toBe('hello, this is not a database at all');
  });

  it('refuses a missing file unless asked to create it', () => {
    expect(() => openDatabase(path.join(tmpDir(), 'none.db'), { appRoot: ROOT })).toThrow(/does not exist/);
  });
});

describe('backup retention', () => {
  it('keeps the newest N', () => {
    expect(backupsToDelete(['a-20240101', 'a-20240103', 'a-20240102'], 2)).toEqual(['a-20240101']);
    expect(backupsToDelete(['x'], 5)).toEqual([]);
  });
});
