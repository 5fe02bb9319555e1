// Opening a database: pragmas in one place, integrity check, backup, migrations, seed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { asWritable, type WritableDB } from './handles.js';
import { loadMigrations, migrate, schemaVersion, latestVersion } from './migrate.js';
import { removeStaleTemps, writeBackupSync } from './backups.js';
import { seedCatalog } from './seed.js';
import { dailyBackupIfDue } from './restore.js';
import { storageMessage, storageProblem, type StorageProblem } from '../shared/errors.js';

export type DbOpenKind = 'corrupt' | 'foreign' | 'future' | 'missing' | 'full' | 'readonly' | 'denied';

export class DbOpenError extends Error {
  constructor(message: string, public readonly kind: DbOpenKind) {
    super(message);
  }
}

/**
 * Whether restoring a backup is the remedy for a failed open: only for a damaged or foreign file.
 * A full disk, a read-only file or folder, or a permission problem leaves an intact file that a
 * restore would not help (and could not write): the app says what is wrong and offers no restore.
 */
export function restoreHelps(kind: DbOpenKind): boolean {
  return kind === 'corrupt' || kind === 'foreign';
}

const OPEN_KIND: Record<StorageProblem, DbOpenKind> = { disk_full: 'full', read_only: 'readonly', permission_denied: 'denied' };

/** A storage failure while opening (not corruption) as a DbOpenError, or undefined. */
function storageOpenError(e: unknown, dbPath: string): DbOpenError | undefined {
  if (e instanceof DbOpenError) return undefined;
  const kind = storageProblem(e);
  if (!kind) return undefined;
  const code = (e as { code?: string }).code;
  const what = code === 'SQLITE_READONLY_DIRECTORY' || code === 'SQLITE_CANTOPEN' ? `${dbPath} (its folder is read-only, and SQLite needs to create ${path.basename(dbPath)}-shm beside it)` : dbPath;
  return new DbOpenError(`${storageMessage(kind, what)} [${code}]`, OPEN_KIND[kind]);
}

/**
 * May this process write the file? A file with no write permission bit for anyone is treated as
 * read-only even where the OS would let this process write it (root): the user marked it so.
 */
export function fileWritable(dbPath: string): boolean {
  try {
    const st = fs.statSync(dbPath);
    if ((st.mode & 0o222) === 0) return false;
    fs.accessSync(dbPath, fs.constants.W_OK);
    return true;
  } catch { return false; }
}

export interface OpenOptions {
  appRoot: string;
  create?: boolean;       // create the file if it does not exist
  now?: () => Date;
  migrateTo?: number;     // tests: stop at a version
  readonly?: boolean;
  dailyBackup?: boolean;  // default true: the first open of a UTC day writes backups/<name>-<stamp>-daily.db
}

const SQLITE_MAGIC = 'SQLite format 3\0';

export function migrationsDir(appRoot: string): string {
  return path.join(appRoot, 'db');
}

export function openDatabase(dbPath: string, opts: OpenOptions): WritableDB {
  try {
    return openDatabaseInner(dbPath, opts);
  } catch (e) {
    // A full disk, a read-only file or folder, a permission problem: said as such, never as corruption.
    throw storageOpenError(e, dbPath) ?? e;
  }
}

function openDatabaseInner(dbPath: string, opts: OpenOptions): WritableDB {
  const exists = fs.existsSync(dbPath);
  // Temp files a killed backup or restore of this file left (their process is gone): removed first,
  // whatever the file turns out to be (a corrupt one is then offered a restore, which writes new ones).
  if (!opts.readonly) removeStaleTemps(dbPath);
  if (!exists && !opts.create) throw new DbOpenError(`database ${dbPath} does not exist (create one with: headroom demo --db ${dbPath})`, 'missing');
  // A file this process may not write opens read-only: view and export work, writes are refused (api/handlers.ts).
  const readonly = (opts.readonly ?? false) || (exists && !fileWritable(dbPath));
  if (exists) {
    const fd = fs.openSync(dbPath, 'r');
    const head = Buffer.alloc(16);
    const n = fs.readSync(fd, head, 0, 16, 0);
    fs.closeSync(fd);
    // An empty file is a fresh database; anything else must carry SQLite's magic header.
    if (n > 0 && head.toString('latin1') !== SQLITE_MAGIC) {
      throw new DbOpenError(`${dbPath} is not a Headroom database (not SQLite); it was left untouched`, 'foreign');
    }
  }
  if (!exists) fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const raw = new Database(dbPath, { readonly, nativeBinding: electronNativeBinding() });
  try {
    // https://www.sqlite.org/pragma.html — WAL for concurrent readers, FULL so a commit
    // survives power loss, FKs are off by default in SQLite, busy_timeout so the CLI and
    // the desktop app can write the same file.
    raw.pragma('busy_timeout = 5000');
    // A damaged file can make the check itself throw (SQLITE_CORRUPT, SQLITE_NOTADB): that is a corrupt file too.
    // A read-only folder, a full disk or a permission problem also makes it throw: those are not corruption.
    let ic: unknown;
    try { ic = raw.pragma('quick_check', { simple: true }); } catch (e) { if (storageProblem(e)) throw e; ic = (e as Error).message; }
    if (ic !== 'ok') throw new DbOpenError(`${dbPath} failed its integrity check (${String(ic)}); restore a backup with: headroom restore`, 'corrupt');
    const migrations = loadMigrations(migrationsDir(opts.appRoot));
    const version = schemaVersion(raw);
    const appId = raw.pragma('application_id', { simple: true }) as number;
    if (version > 0 && appId !== HEADROOM_APP_ID) {
      throw new DbOpenError(`${dbPath} is an SQLite file from another program; it was left untouched`, 'foreign');
    }
    if (version === 0) {
      const tables = raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type='table'").get() as { n: number };
      if (tables.n > 0) throw new DbOpenError(`${dbPath} is an SQLite file from another program; it was left untouched`, 'foreign');
    }
    if (version > latestVersion(migrations)) {
      throw new DbOpenError(`${dbPath} was written by a newer Headroom (schema ${version} > ${latestVersion(migrations)}); it was left untouched`, 'future');
    }
    if (readonly && !opts.readonly && version < (opts.migrateTo ?? latestVersion(migrations))) {
      throw new DbOpenError(`${storageMessage('read_only', dbPath)}; it is from an older Headroom (schema ${version}) and must be upgraded, which needs write access`, 'readonly');
    }
    // Only now, with the file known to be ours, change anything in it (WAL rewrites the header).
    if (!readonly) raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    // The undo recorder's per-call state lives in a TEMP table read by a trigger on every
    // recorded row; in memory that costs ~5 µs a row instead of ~15 µs through a temp file.
    raw.pragma('temp_store = MEMORY');
    if (!readonly) {
      const target = opts.migrateTo ?? latestVersion(migrations);
      if (version < target) {
        if (version > 0) writeBackupSync(raw, dbPath, `pre-migration-v${version}`, (opts.now ?? (() => new Date()))());
        if (version === 0) raw.pragma(`application_id = ${HEADROOM_APP_ID}`);
        migrate(raw, migrations, target);
      }
      if (opts.migrateTo === undefined) seedCatalog(asWritable(raw), opts.appRoot);
      // Once per UTC day, a backup kept by a pure retention rule (store/restore.ts); not for a file created just now.
      if (opts.migrateTo === undefined && version > 0 && opts.dailyBackup !== false) {
        try { dailyBackupIfDue(raw, dbPath, (opts.now ?? (() => new Date()))()); } catch { /* a full disk must not stop the app opening; the next open retries */ }
      }
    }
    return asWritable(raw);
  } catch (e) {
    raw.close();
    throw e;
  }
}

/** 'HdRm' — marks our files so a foreign SQLite file is never migrated. */
/** Under Electron, better-sqlite3 is loaded from its Electron-ABI build (scripts/electron-native.mjs). */
function electronNativeBinding(): string | undefined {
  if (!process.versions.electron) return undefined;
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    resources ? path.join(resources, 'native', 'better_sqlite3.node') : '',
    path.join(appRootForNative(), 'build', 'native', 'electron', 'better_sqlite3.node'),
  ].filter(Boolean);
  return candidates.find((c) => fs.existsSync(c));
}
function appRootForNative(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

export const HEADROOM_APP_ID = 0x4864526d;

export function closeDatabase(db: WritableDB): void {
  try { db.pragma('optimize'); } catch { /* closing anyway */ }
  db.close();
}
