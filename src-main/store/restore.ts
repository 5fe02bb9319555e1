// Backups the user can see and restore: a daily backup on open with a pure retention rule
// (Actual Budget's src/shared/backups.ts: 3 today, 1 per earlier day, 10 in all), manual
// backups, and a restore that validates the file first and keeps the current database so the
// restore itself can be undone (Actual's src/server/backups.ts). Files are written to a temp
// name, then renamed (Actual's atomic-write.ts). Pre-migration backups stay in backups.ts.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { backupDir, stamp } from './backups.js';
import { HEADROOM_APP_ID, migrationsDir } from './open.js';
import { latestVersion, loadMigrations } from './migrate.js';
import { checkSchema } from './schema-check.js';

export type BackupReason = 'daily' | 'manual' | 'pre-restore' | `pre-migration-v${number}`;

export interface BackupEntry { name: string; at: Date }

export const RETENTION = { today: 3, total: 10 } as const;

/** UTC calendar day of a date, `YYYY-MM-DD`. */
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Which of the automatic backups to delete, given `now`. Pure. Keeps the newest `today` backups
 * of today, the newest backup of each earlier day, and at most `total` in all (newest first).
 * Backups dated in the future (clock moved back) count as today's.
 */
export function backupsToPrune(entries: BackupEntry[], now: Date, rule: { today: number; total: number } = RETENTION): string[] {
  const sorted = [...entries].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.name < b.name ? 1 : -1));
  const keep = new Set<string>();
  const seenDays = new Set<string>();
  let todays = 0;
  for (const e of sorted) {
    if (keep.size >= rule.total) break;
    const d = day(e.at);
    if (d >= day(now)) {
      if (todays < rule.today) { keep.add(e.name); todays++; }
    } else if (!seenDays.has(d)) {
      seenDays.add(d);
      keep.add(e.name);
    }
  }
  return sorted.filter((e) => !keep.has(e.name)).map((e) => e.name);
}

const NAME = /^(.*)-(\d{8}T\d{6})(?:-(\d+))?-([a-z0-9-]+)\.db$/;

/** Parses `<base>-YYYYMMDDTHHMMSS[-n]-<reason>.db` (the names backups.ts and this file write). */
export function parseBackupName(name: string): { base: string; at: Date; reason: string } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const s = m[2];
  const at = new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);
  if (Number.isNaN(at.getTime())) return null;
  return { base: m[1], at, reason: m[4] };
}

export interface BackupFile { file: string; path: string; reason: string; created_at: string; bytes: number }

const baseName = (dbPath: string) => path.basename(dbPath).replace(/\.[^.]+$/, '');

/** Backups of this database in its backups folder, newest first. */
export function listBackups(dbPath: string): BackupFile[] {
  const dir = backupDir(dbPath);
  if (!fs.existsSync(dir)) return [];
  const base = baseName(dbPath);
  const out: BackupFile[] = [];
  for (const f of fs.readdirSync(dir)) {
    const p = parseBackupName(f);
    if (!p || p.base !== base) continue;
    const st = fs.statSync(path.join(dir, f));
    if (!st.isFile()) continue;
    out.push({ file: f, path: path.join(dir, f), reason: p.reason, created_at: p.at.toISOString(), bytes: st.size });
  }
  return out.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.file < b.file ? 1 : -1));
}

/** fsync a directory so a rename in it survives power loss (POSIX; a no-op where unsupported). */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try { fd = fs.openSync(dir, 'r'); fs.fsyncSync(fd); } catch { /* Windows cannot open directories */ } finally { if (fd !== undefined) fs.closeSync(fd); }
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}

/** A consistent copy of an open database at `file`: VACUUM INTO a temp name, fsync, rename. */
export function copyDatabase(db: Database.Database, file: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.rmSync(tmp, { force: true });
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    syncFile(tmp);
    fs.renameSync(tmp, file);
    syncDir(path.dirname(file));
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function uniqueBackupPath(dbPath: string, reason: string, now: Date): string {
  const dir = backupDir(dbPath);
  fs.mkdirSync(dir, { recursive: true });
  const base = `${baseName(dbPath)}-${stamp(now)}`;
  let file = path.join(dir, `${base}-${reason}.db`);
  for (let n = 2; fs.existsSync(file); n++) file = path.join(dir, `${base}-${n}-${reason}.db`);
  return file;
}

/** Applies the retention rule; `justWritten` is never deleted (several backups within one second tie on time). */
function pruneAutomatic(dbPath: string, now: Date, justWritten?: string): void {
  const auto = listBackups(dbPath).filter((b) => (b.reason === 'daily' || b.reason === 'manual') && b.file !== justWritten);
  const keepTotal = justWritten ? { today: RETENTION.today - 1, total: RETENTION.total - 1 } : RETENTION;
  for (const name of backupsToPrune(auto.map((b) => ({ name: b.file, at: new Date(b.created_at) })), now, keepTotal)) {
    fs.rmSync(path.join(backupDir(dbPath), name), { force: true });
  }
  // Copies kept by restores: the newest 5.
  const pre = listBackups(dbPath).filter((b) => b.reason.startsWith('pre-restore'));
  for (const b of pre.slice(5)) fs.rmSync(b.path, { force: true });
}

/** Writes a backup into the backups folder (or to `out`, which must not exist yet). */
export function createBackup(db: Database.Database, dbPath: string, now: Date, opts: { out?: string; reason?: 'daily' | 'manual' } = {}): BackupFile {
  const reason = opts.reason ?? 'manual';
  let file: string;
  if (opts.out) {
    file = path.resolve(opts.out);
    if (fs.existsSync(file)) throw new RestoreError(`${opts.out} already exists; choose a new file name`, 'bad_request');
    if (!fs.existsSync(path.dirname(file))) throw new RestoreError(`folder ${path.dirname(file)} does not exist`, 'bad_request');
  } else {
    file = uniqueBackupPath(dbPath, reason, now);
  }
  copyDatabase(db, file);
  const result = { file: path.basename(file), path: file, reason, created_at: now.toISOString(), bytes: fs.statSync(file).size };
  if (!opts.out) pruneAutomatic(dbPath, now, result.file);
  return result;
}

/** The daily backup: written on the first open of a UTC day, then pruned by `backupsToPrune`. */
export function dailyBackupIfDue(db: Database.Database, dbPath: string, now: Date): BackupFile | null {
  const today = day(now);
  if (listBackups(dbPath).some((b) => b.reason === 'daily' && b.created_at.slice(0, 10) === today)) return null;
  return createBackup(db, dbPath, now, { reason: 'daily' });
}

/** The newest backup of `dbPath` that passes validateBackup (what the desktop app offers after a failed open), or undefined. */
export function newestValidBackup(dbPath: string, appRoot: string): BackupFile | undefined {
  return listBackups(dbPath).find((b) => {
    try { validateBackup(b.path, appRoot); return true; } catch { return false; }
  });
}

export class RestoreError extends Error {
  constructor(message: string, public readonly code: 'bad_request' | 'not_found' | 'unreadable' | 'conflict') { super(message); }
}

export interface BackupCheck { schema_version: number; bytes: number }

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * Checks that `file` is an intact Headroom database this build can open, whose schema is exactly
 * the one Headroom's migrations make at its user_version (store/schema-check.ts). Changes nothing.
 */
export function validateBackup(file: string, appRoot: string): BackupCheck {
  let st: fs.Stats;
  try { st = fs.statSync(file); } catch { throw new RestoreError(`${file} does not exist`, 'not_found'); }
  if (!st.isFile()) throw new RestoreError(`${file} is not a regular file`, 'bad_request');
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(16);
  const n = fs.readSync(fd, head, 0, 16, 0);
  fs.closeSync(fd);
  if (n < 16 || head.toString('latin1') !== SQLITE_MAGIC) throw new RestoreError(`${file} is not a Headroom database (not SQLite)`, 'unreadable');
  let src: Database.Database;
  try { src = new Database(file, { readonly: true, fileMustExist: true }); } catch (e) { throw new RestoreError(`${file} cannot be opened: ${(e as Error).message}`, 'unreadable'); }
  try {
    const ic = (src.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (ic.length !== 1 || ic[0] !== 'ok') throw new RestoreError(`${file} failed its integrity check (${ic.slice(0, 3).join('; ')})`, 'unreadable');
    const appId = src.pragma('application_id', { simple: true }) as number;
    const version = src.pragma('user_version', { simple: true }) as number;
    if (appId !== HEADROOM_APP_ID || version <= 0) throw new RestoreError(`${file} is not a Headroom database`, 'unreadable');
    const latest = latestVersion(loadMigrations(migrationsDir(appRoot)));
    if (version > latest) throw new RestoreError(`${file} was written by a newer Headroom (schema ${version} > ${latest})`, 'unreadable');
    // The schema must be exactly what Headroom's migrations make at this version: no planted
    // trigger or view, no foreign table, nothing missing, and a user_version that tells the truth.
    const problems = checkSchema(src, appRoot, version);
    if (problems.length) {
      const shown = problems.slice(0, 4).join('; ') + (problems.length > 4 ? `; and ${problems.length - 4} more` : '');
      throw new RestoreError(`${file} does not have Headroom's schema ${version} (${shown}); it was not restored and the current database is unchanged`, 'unreadable');
    }
    return { schema_version: version, bytes: st.size };
  } catch (e) {
    if (e instanceof RestoreError) throw e;
    throw new RestoreError(`${file} cannot be read: ${(e as Error).message}`, 'unreadable');
  } finally {
    src.close();
  }
}

export interface RestoreResult {
  restored_from: string;
  /** The database as it was before the restore (restore this to undo the restore), or null if there was none. */
  previous_copy: string | null;
  schema_version: number;
  /** 'in_place' through SQLite's backup API (safe while other connections are open) or 'replaced' (file renamed over). */
  method: 'in_place' | 'replaced';
}

/** Is the current file an intact Headroom database (then it is restored in place, under SQLite's locks)? */
function healthy(dbPath: string): boolean {
  try {
    const fd = fs.openSync(dbPath, 'r');
    const head = Buffer.alloc(16);
    const n = fs.readSync(fd, head, 0, 16, 0);
    fs.closeSync(fd);
    if (n < 16 || head.toString('latin1') !== SQLITE_MAGIC) return false;
    const db = new Database(dbPath, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      return db.pragma('quick_check', { simple: true }) === 'ok' && db.pragma('application_id', { simple: true }) === HEADROOM_APP_ID;
    } finally { db.close(); }
  } catch { return false; }
}

/** Keeps the current file (and its WAL) before a restore: a consistent copy if it opens, else its raw bytes. */
function keepCurrent(dbPath: string, now: Date, isHealthy: boolean): string | null {
  if (!fs.existsSync(dbPath)) return null;
  if (isHealthy) {
    const file = uniqueBackupPath(dbPath, 'pre-restore', now);
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try { copyDatabase(db, file); } finally { db.close(); }
    return file;
  }
  const file = uniqueBackupPath(dbPath, 'pre-restore-raw', now);
  for (const ext of ['-wal', '']) {
    if (!fs.existsSync(dbPath + ext)) continue;
    const tmp = `${file}${ext}.tmp-${process.pid}`;
    fs.copyFileSync(dbPath + ext, tmp);
    syncFile(tmp);
    fs.renameSync(tmp, file + ext);
  }
  syncDir(path.dirname(file));
  return file;
}

/**
 * Restores `from` over the database at `dbPath`. Validates `from` first (intact, Headroom,
 * not newer than this build) and changes nothing if it fails; keeps the current database
 * under backups/ first. An intact current database is overwritten through SQLite's online
 * backup API (one write transaction, under SQLite's locks, so a running app sees the new
 * content); a missing, corrupt or foreign one is replaced by a validated temp copy, renamed.
 */
export async function restoreDatabase(dbPath: string, from: string, appRoot: string, now: Date): Promise<RestoreResult> {
  const src = path.resolve(from);
  const target = path.resolve(dbPath);
  if (src === target) throw new RestoreError('cannot restore a database from itself', 'bad_request');
  const check = validateBackup(src, appRoot);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const isHealthy = fs.existsSync(target) && healthy(target);
  const previous = keepCurrent(target, now, isHealthy);
  const source = new Database(src, { readonly: true, fileMustExist: true });
  try {
    if (isHealthy) {
      // Large page budget: one step, so the destination sees one write transaction.
      await source.backup(target, { progress: () => 1 << 30 });
      return { restored_from: src, previous_copy: previous, schema_version: check.schema_version, method: 'in_place' };
    }
    const tmp = `${target}.restore-${process.pid}`;
    fs.rmSync(tmp, { force: true });
    try {
      source.prepare('VACUUM INTO ?').run(tmp);
      const probe = new Database(tmp, { readonly: true });
      try {
        if (probe.pragma('quick_check', { simple: true }) !== 'ok') throw new RestoreError('the restored copy failed its integrity check; nothing was replaced', 'unreadable');
      } finally { probe.close(); }
      syncFile(tmp);
      // A stale WAL beside the new file would be replayed into it: remove it first (it was copied above).
      fs.rmSync(`${target}-wal`, { force: true });
      fs.rmSync(`${target}-shm`, { force: true });
      fs.renameSync(tmp, target);
      syncDir(path.dirname(target));
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    return { restored_from: src, previous_copy: previous, schema_version: check.schema_version, method: 'replaced' };
  } finally {
    source.close();
  }
}
