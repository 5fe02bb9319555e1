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
  // The temp name carries this process's id, so a later open can tell it stale (staleTemps).
  const tmp = `${file}.tmp-${process.pid}`;
  fs.rmSync(tmp, { force: true });
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
    fs.rmSync(`${tmp}-journal`, { force: true });
  }
  pruneBackups(dbPath, reason, keep);
  return file;
}

function pruneBackups(dbPath: string, reason: string, keep: number): void {
  const dir = backupDir(dbPath);
  const base = path.basename(dbPath).replace(/\.[^.]+$/, '');
  const mine = fs.readdirSync(dir).filter((f) => f.startsWith(base + '-') && f.endsWith(`-${reason}.db`));
  for (const f of backupsToDelete(mine, keep)) fs.rmSync(path.join(dir, f), { force: true });
}

/** Whether process `pid` is running (EPERM: it is, under another user). */
export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Temp files a killed backup or restore of this database left (issue 17 item 9): in backups/,
 * `<base>-….db[-wal].tmp-PID` (copies being written) and their SQLite `-journal`; beside the
 * file, `<name>.restore-PID` (a validated copy before its rename) and its `-journal`. Only names
 * of this database's pattern whose process is gone: a running backup/restore (of this process
 * or another) keeps its files, and nothing else in either folder is touched.
 */
export function staleTemps(dbPath: string, alive: (pid: number) => boolean = pidAlive): string[] {
  const file = path.basename(dbPath);
  const base = file.replace(/\.[^.]+$/, '');
  const inBackups = new RegExp(`^${escape(base)}-.+\\.tmp-(\\d+)(-journal)?$`);
  const beside = new RegExp(`^${escape(file)}\\.restore-(\\d+)(-journal)?$`);
  const out: string[] = [];
  const scan = (dir: string, re: RegExp) => {
    let names: string[];
    try { names = fs.readdirSync(dir); } catch { return; }
    for (const n of names) {
      const m = re.exec(n);
      if (!m || alive(Number(m[1]))) continue;
      const p = path.join(dir, n);
      try { if (fs.lstatSync(p).isFile()) out.push(p); } catch { /* gone meanwhile */ }
    }
  };
  scan(backupDir(dbPath), inBackups);
  scan(path.dirname(path.resolve(dbPath)), beside);
  return out;
}

/** Deletes `staleTemps(dbPath)`; returns what was deleted. Never throws (an open must not fail over junk). */
export function removeStaleTemps(dbPath: string): string[] {
  const done: string[] = [];
  for (const p of staleTemps(dbPath)) {
    try { fs.rmSync(p, { force: true }); done.push(p); } catch { /* read-only folder: left for a later open */ }
  }
  return done;
}
