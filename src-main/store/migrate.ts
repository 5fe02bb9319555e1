// Numbered SQL migrations (db/NNNN-name.sql) applied by PRAGMA user_version, all pending
// steps in one transaction that also sets user_version (Signal Desktop's runner).
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

export interface Migration { version: number; name: string; sql: string }

export class DbFromFutureError extends Error {
  constructor(public readonly fileVersion: number, public readonly appVersion: number) {
    super(`database schema version ${fileVersion} is newer than this Headroom (${appVersion}); refusing to open it`);
  }
}

export function loadMigrations(dir: string): Migration[] {
  const list = fs.readdirSync(dir)
    .filter((f) => /^\d{4}-[\w-]+\.sql$/.test(f))
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: fs.readFileSync(path.join(dir, f), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  for (let i = 1; i < list.length; i++) {
    if (list[i].version <= list[i - 1].version) throw new Error(`migration ${list[i].name} does not increase the version`);
  }
  return list;
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the migrations above the file's version, up to `target` (default: all). */
export function migrate(db: Database.Database, migrations: Migration[], target?: number): { from: number; to: number } {
  const from = schemaVersion(db);
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (from > latest) throw new DbFromFutureError(from, latest);
  const to = target ?? latest;
  const pending = migrations.filter((m) => m.version > from && m.version <= to);
  if (!pending.length) return { from, to: from };
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    db.pragma(`user_version = ${pending[pending.length - 1].version}`);
  })();
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length) throw new Error(`migration left ${fk.length} foreign key violations`);
  return { from, to: pending[pending.length - 1].version };
}

export function latestVersion(migrations: Migration[]): number {
  return migrations.length ? migrations[migrations.length - 1].version : 0;
}
