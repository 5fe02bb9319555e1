// Pins issue 17 item 7: a full disk, a read-only file or folder and a refused permission are told apart from corruption (own codes, words, exit 1, no restore offered); a read-only file opens for viewing.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { openDatabase, closeDatabase, DbOpenError, restoreHelps } from '../../src-main/store/open';
import { invoke } from '../../src-main/api/handlers';
import { storageProblem, ApiError } from '../../src-main/shared/errors';
import { ROOT, tmpDir } from '../helpers/tmp';

const sha = (p: string) => crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
const site = (name: string, notes = '') => ({ name, country: 'US', region: 'Virginia', power_limit_kw: 100, pue: 1.3, ...(notes ? { notes } : {}) });

function makeDb(dir = tmpDir(), migrateTo?: number): string {
  const p = path.join(dir, 'h.db');
  const db = openDatabase(p, { appRoot: ROOT, create: true, dailyBackup: false, migrateTo });
  if (migrateTo === undefined) db.prepare("INSERT INTO sites (name, country, region, power_limit_kw, pue) VALUES ('Ashburn-1', 'US', 'Virginia', 1000, 1.3)").run();
  closeDatabase(db);
  return p;
}

/** The built CLI as a user the OS really refuses writes to (nobody when the tests run as root). */
function cliAsOther(args: string[]) {
  const asOther = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'headroom.mjs'), ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_NO_WARNINGS: '1', HOME: '/tmp' }, ...asOther,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('storage problems are not corruption', () => {
  it('classifies SQLite and OS codes; only corrupt or foreign files are offered a restore', () => {
    expect(['SQLITE_FULL', 'ENOSPC', 'EDQUOT'].map((code) => storageProblem({ code }))).toEqual(['disk_full', 'disk_full', 'disk_full']);
    expect(['SQLITE_READONLY', 'SQLITE_READONLY_DIRECTORY', 'EROFS'].map((code) => storageProblem({ code }))).toEqual(['read_only', 'read_only', 'read_only']);
    expect(['EACCES', 'EPERM', 'SQLITE_PERM'].map((code) => storageProblem({ code }))).toEqual(['permission_denied', 'permission_denied', 'permission_denied']);
    expect(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'ENOENT', undefined].map((code) => storageProblem({ code }))).toEqual([undefined, undefined, undefined, undefined]);
    expect((['corrupt', 'foreign', 'future', 'missing', 'full', 'readonly', 'denied'] as const).filter(restoreHelps)).toEqual(['corrupt', 'foreign']);
  });

  it('a read-only file opens read-only: reads work, every write is refused as read_only, the file is unchanged', async () => {
    const p = makeDb();
    fs.chmodSync(p, 0o444);
    const before = sha(p);
    const db = openDatabase(p, { appRoot: ROOT });
    expect(db.readonly).toBe(true);
    const ctx = { db, dbPath: p, appRoot: ROOT, now: () => new Date('2026-03-02T10:00:00Z') };
    expect((await invoke(ctx, 'sites.list', {}) as { name: string }[]).map((s) => s.name)).toEqual(['Ashburn-1']);
    expect((await invoke(ctx, 'undo.status', {}) as { read_only: boolean }).read_only).toBe(true);
    for (const [m, input] of [['sites.add', site('Ulanqab')], ['undo.undo', {}], ['backup.restore', { backup: 'h-20260101T000000-manual.db' }]] as const) {
      const err = await invoke(ctx, m, input).then(() => null, (e: unknown) => e);
      expect(err, m).toBeInstanceOf(ApiError);
      expect(err, m).toMatchObject({ code: 'read_only', message: expect.stringMatching(/is read-only: it can be viewed and exported.*not damaged/) });
    }
    closeDatabase(db);
    expect(sha(p)).toBe(before);
    expect(fs.existsSync(path.join(path.dirname(p), 'backups'))).toBe(false); // no daily backup from a read-only open
  });

  it('a read-only file from an older Headroom is refused as read-only (it needs an upgrade), not as corrupt', () => {
    const p = makeDb(tmpDir(), 10);
    fs.chmodSync(p, 0o444);
    let err: unknown;
    try { openDatabase(p, { appRoot: ROOT }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(DbOpenError);
    expect((err as DbOpenError).kind).toBe('readonly');
    expect(restoreHelps((err as DbOpenError).kind)).toBe(false);
    expect((err as Error).message).not.toMatch(/integrity|restore/);
  });

  it('through the CLI, as a user the OS refuses: read-only file → lists, refuses edits (exit 1); read-only folder → says so (exit 1), never "integrity check"', () => {
    const dir = tmpDir();
    fs.chmodSync(dir, 0o777);
    const p = makeDb(dir);
    fs.chmodSync(p, 0o444);
    const list = cliAsOther(['sites', 'list', '--db', p, '--json']);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((s) => s.name)).toEqual(['Ashburn-1']);
    const look = new Database(p, { readonly: true });
    const gpu = (look.prepare('SELECT id FROM gpu_types ORDER BY id LIMIT 1').get() as { id: string }).id;
    look.close();
    const add = cliAsOther(['inventory', 'add', '--db', p, '--site', 'Ashburn-1', '--gpu', gpu, '--gpus', '8', '--mode', 'buy']);
    expect(add.code).toBe(1);
    expect(add.stderr.trim().split('\n')).toHaveLength(1);
    expect(add.stderr).toMatch(/is read-only: it can be viewed and exported/);
    // Its folder read-only too: SQLite cannot create the WAL index beside it.
    for (const f of fs.readdirSync(dir)) if (f.endsWith('-shm') || f.endsWith('-wal')) fs.rmSync(path.join(dir, f));
    fs.chmodSync(dir, 0o555);
    try {
      const r = cliAsOther(['sites', 'list', '--db', p]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/read-only/);
      expect(r.stderr).not.toMatch(/integrity|restore/);
    } finally { fs.chmodSync(dir, 0o755); }
  });

  it('a full disk (SQLITE_FULL, by max_page_count) is disk_full: the call writes nothing and the file stays intact', async () => {
    const p = makeDb();
    const db = openDatabase(p, { appRoot: ROOT, dailyBackup: false });
    const ctx = { db, dbPath: p, appRoot: ROOT, now: () => new Date('2026-03-02T10:00:00Z') };
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    let err: unknown;
    let added = 0;
    for (let i = 0; i < 500 && !err; i++) {
      try { await invoke(ctx, 'sites.add', site(`S${i}`, 'x'.repeat(2000))); added++; } catch (e) { err = e; }
    }
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'disk_full', message: expect.stringMatching(/^the disk is full: .*nothing was changed \(the file is not damaged\)/) });
    expect((err as Error).message).not.toMatch(/integrity|restore/);
    expect(db.prepare('SELECT count(*) AS n FROM sites').get()).toEqual({ n: 1 + added });
    db.pragma('max_page_count = 1073741823');
    await invoke(ctx, 'sites.add', site('After'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    closeDatabase(db);
  });
});
