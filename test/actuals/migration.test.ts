// Pins migration 0120 (actuals): a database at the previous version with scenarios migrates and keeps them; actuals rows need a scenario, a valid period and follow a renamed or deleted scenario.
import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import { loadMigrations, migrate, schemaVersion } from '../../src-main/store/migrate.js';

const migrations = loadMigrations(path.resolve(__dirname, '..', '..', 'db'));
const before120 = Math.max(...migrations.filter((m) => m.version < 120).map((m) => m.version));

function atPrevious(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations, before120);
  return db;
}
const scenario = (db: Database.Database, name: string) =>
  db.prepare('INSERT INTO scenarios (name, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(name, name, JSON.stringify({ name }), '2026-01-01', '2026-01-01');

describe('migration 0120-actuals', () => {
  it('migrates a database with scenarios and leaves them as they were', () => {
    const db = atPrevious();
    scenario(db, 'a');
    const rows = db.prepare('SELECT * FROM scenarios').all();
    migrate(db, migrations, 120);
    expect(schemaVersion(db)).toBe(120);
    expect(db.prepare('SELECT * FROM scenarios').all()).toEqual(rows);
    for (const t of ['actuals_imports', 'actuals_usage', 'actuals_spend']) expect(db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
  });

  it('refuses malformed rows and follows the scenario on rename and delete', () => {
    const db = atPrevious();
    scenario(db, 'a');
    migrate(db, migrations, 120);
    const imp = db.prepare("INSERT INTO actuals_imports (scenario, file_name, sha256, imported_at, usage_rows, spend_rows) VALUES (?, 'f.csv', ?, 'x', 1, 1)");
    expect(() => imp.run('missing', 'a'.repeat(64))).toThrow(/FOREIGN KEY/);
    const id = Number(imp.run('a', 'a'.repeat(64)).lastInsertRowid);
    const use = db.prepare('INSERT INTO actuals_usage (import_id, scenario, pool, period, requests, overloaded, source_row) VALUES (?, ?, ?, ?, ?, ?, ?)');
    expect(() => use.run(id, 'a', '', '2023-13-45x', 1, null, 2)).toThrow(/CHECK/);
    expect(() => use.run(id, 'a', '', '2023-11', -1, null, 2)).toThrow(/CHECK/);
    expect(() => use.run(id, 'a', '', '2023-11', 1, 2, 2)).toThrow(/CHECK/);
    use.run(id, 'a', '', '2023-11', 1, 1, 2);
    use.run(id, 'a', 'gpt', '2023-11-08', 1, 1, 3);
    expect(() => use.run(id, 'a', '', '2023-11', 1, 1, 4)).toThrow(/UNIQUE/);
    const spend = db.prepare('INSERT INTO actuals_spend (import_id, scenario, month, category, amount, currency, source_row) VALUES (?, ?, ?, ?, ?, ?, ?)');
    expect(() => spend.run(id, 'a', '2023-11', 'cloud', 'abc', 'USD', 2)).toThrow(/CHECK/);
    spend.run(id, 'a', '2023-11', 'cloud', '20000000.50', 'USD', 2);
    db.prepare("UPDATE scenarios SET name = 'b', body = json_set(body, '$.name', 'b') WHERE name = 'a'").run();
    expect(db.prepare('SELECT DISTINCT scenario FROM actuals_usage').all()).toEqual([{ scenario: 'b' }]);
    db.prepare("DELETE FROM scenarios WHERE name = 'b'").run();
    for (const t of ['actuals_imports', 'actuals_usage', 'actuals_spend']) expect(db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
  });
});
