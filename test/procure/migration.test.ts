// Pins migration 0060 (procure_settings): a database at 0050 with scenarios migrates and keeps them; settings rows need a scenario, valid JSON, and follow a renamed or deleted scenario.
import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import { loadMigrations, migrate, schemaVersion } from '../../src-main/store/migrate.js';

const migrations = loadMigrations(path.resolve(__dirname, '..', '..', 'db'));

function at50(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations, 50);
  return db;
}
const scenario = (db: Database.Database, name: string) =>
  db.prepare('INSERT INTO scenarios (name, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(name, name, JSON.stringify({ name }), '2026-01-01', '2026-01-01');

describe('migration 0060-procurement', () => {
  it('migrates a 0050 database with scenarios and leaves them as they were', () => {
    const db = at50();
    scenario(db, 'a');
    const before = db.prepare('SELECT * FROM scenarios').all();
    migrate(db, migrations, 60);
    expect(schemaVersion(db)).toBe(60);
    expect(db.prepare('SELECT * FROM scenarios').all()).toEqual(before);
    expect(db.prepare('SELECT count(*) AS n FROM procure_settings').get()).toEqual({ n: 0 });
  });

  it('migrates an empty database', () => {
    const db = at50();
    migrate(db, migrations, 60);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'procure_settings'").get()).toEqual({ name: 'procure_settings' });
  });

  it('refuses malformed rows and follows the scenario on rename and delete', () => {
    const db = at50();
    scenario(db, 'a');
    migrate(db, migrations, 60);
    const put = db.prepare('INSERT INTO procure_settings (scenario, body, updated_at) VALUES (?, ?, ?)');
    expect(() => put.run('a', '{not json', 'x')).toThrow();
    expect(() => put.run('missing', '{}', 'x')).toThrow(/FOREIGN KEY/);
    put.run('a', '{"headroom":0.3}', 'x');
    db.prepare("UPDATE scenarios SET name = 'b', body = json_set(body, '$.name', 'b') WHERE name = 'a'").run();
    expect(db.prepare('SELECT scenario FROM procure_settings').get()).toEqual({ scenario: 'b' });
    db.prepare("DELETE FROM scenarios WHERE name = 'b'").run();
    expect(db.prepare('SELECT count(*) AS n FROM procure_settings').get()).toEqual({ n: 0 });
  });
});
