// Backups: a consistent copy via SQLite's online backup, written under
// <db dir>/backups, kept to a bounded number by a pure retention rule.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

export function backupDir(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'backups');
}

/** Which backup files to delete: keep the newest `keep` (names sort by time). Pure. */
export function backupsToDelete(names: string[], keep: number): string[] {
  const sorted = [...names].sort();
  return sorted.slice(0, Math.max(0, sorted.length - keep));
}

export function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
}

export async function writeBackup(db: Database.Database, dbPath: string, reason: string, now: Date, keep = 5): Promise<string> {
  const dir = backupDir(dbPath);
  fs.mkdirSync(dir, { recursive: true });
  const base = path.basename(dbPath).replace(/\.[^.]+$/, '');
  const file = path.join(dir, `${base}-${stamp(now)}-${reason}.db`);
  await db.backup(file);
  pruneBackups(dbPath, reason, keep);
  return file;
}

/** Synchronous, consistent copy (VACUUM INTO) used before migrations. */
export function writeBackupSync(db: Database.Database, dbPath: string, reason: string, now: Date, keep = 5): string {
  const dir = backupDir(dbPath);
  fs.mkdirSync(dir, { recursive: true });
  const base = path.basename(dbPath).replace(/\.[^.]+$/, '');
  const file = path.join(dir, `${base}-${stamp(now)}-${reason}.db`);
  const tmp = file + '.tmp';
  fs.rmSync(tmp, { force: true });
  db.prepare('VACUUM INTO ?').run(tmp);
  fs.renameSync(tmp, file);
  pruneBackups(dbPath, reason, keep);
  return file;
}

function pruneBackups(dbPath: string, reason: string, keep: number): void {
  const dir = backupDir(dbPath);
  const base = path.basename(dbPath).replace(/\.[^.]+$/, '');
  const mine = fs.readdirSync(dir).filter((f) => f.startsWith(base + '-') && f.endsWith(`-${reason}.db`));
  for (const f of backupsToDelete(mine, keep)) fs.rmSync(path.join(dir, f), { force: true });
}
