// Pins backups and restore: the retention rule, the daily backup on open, and a restore that validates first and can be undone.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { openDatabase, closeDatabase, HEADROOM_APP_ID } from '../../src-main/store/open';
import { backupsToPrune, listBackups, parseBackupName, RETENTION } from '../../src-main/store/restore';
import { invoke } from '../../src-main/api/handlers';
import { ROOT, cli, cliJson, tmpDir } from '../helpers/tmp';
import { mintLocalPath } from '../../src-main/shared/local-path';

const sha = (p: string) => crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
const at = (s: string) => new Date(s);

function makeDb(name = 'h.db', now = () => new Date('2026-03-01T09:00:00Z')): string {
  const p = path.join(tmpDir(), name);
  const db = openDatabase(p, { appRoot: ROOT, create: true, now });
  db.prepare("INSERT INTO sites (name, country, region, power_limit_kw, pue) VALUES ('Ashburn-1', 'US', 'Virginia', 1000, 1.3)").run();
  closeDatabase(db);
  return p;
}
const siteNames = (p: string) => {
  const db = new Database(p, { readonly: true });
  try { return (db.prepare('SELECT name FROM sites ORDER BY name').all() as { name: string }[]).map((r) => r.name); } finally { db.close(); }
};

describe('backupsToPrune (pure retention rule)', () => {
  it('keeps 3 of today, the newest of each earlier day, 10 in all', () => {
    const now = at('2026-03-10T12:00:00Z');
    const entries = [
      ...['08', '09', '10', '11'].map((h) => ({ name: `t${h}`, at: at(`2026-03-10T${h}:00:00Z`) })),
      { name: 'y1', at: at('2026-03-09T08:00:00Z') }, { name: 'y2', at: at('2026-03-09T20:00:00Z') },
      ...Array.from({ length: 9 }, (_, i) => ({ name: `d${i + 1}`, at: at(`2026-02-${String(20 - i).padStart(2, '0')}T10:00:00Z`) })),
    ];
    const del = backupsToPrune(entries, now);
    const kept = entries.map((e) => e.name).filter((n) => !del.includes(n));
    expect(kept).toEqual(['t09', 't10', 't11', 'y2', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6']);
  });

  it('property: never keeps more than the rule allows, never deletes the newest, deletes only given names', () => {
    fc.assert(fc.property(
      fc.array(fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2026-03-31T23:59:59Z'), noInvalidDate: true }), { maxLength: 40 }),
      (dates) => {
        const now = at('2026-03-31T23:59:59Z');
        const entries = dates.map((d, i) => ({ name: `b${i}`, at: d }));
        const del = new Set(backupsToPrune(entries, now));
        const kept = entries.filter((e) => !del.has(e.name));
        expect(kept.length).toBeLessThanOrEqual(RETENTION.total);
        expect(kept.filter((e) => e.at.toISOString().slice(0, 10) === '2026-03-31').length).toBeLessThanOrEqual(RETENTION.today);
        const days = kept.filter((e) => e.at.toISOString().slice(0, 10) !== '2026-03-31').map((e) => e.at.toISOString().slice(0, 10));
        expect(new Set(days).size).toBe(days.length);
        if (entries.length) {
          const newest = Math.max(...entries.map((e) => e.at.getTime()));
          expect(kept.some((e) => e.at.getTime() === newest)).toBe(true);
        }
        for (const d of del) expect(entries.some((e) => e.name === d)).toBe(true);
      },
    ), { seed: 3 });
  });

  it('parses the names the writers produce', () => {
    expect(parseBackupName('headroom-20260301T090000-daily.db')).toEqual({ base: 'headroom', at: at('2026-03-01T09:00:00Z'), reason: 'daily' });
    expect(parseBackupName('my-fleet-20260301T090000-2-pre-migration-v10.db')?.reason).toBe('pre-migration-v10');
    expect(parseBackupName('notes.txt')).toBeNull();
  });
});

describe('daily backup on open', () => {
  it('writes one per UTC day, none for a new file, and prunes to the rule', () => {
    const p = makeDb();
    expect(listBackups(p)).toEqual([]);
    for (let d = 1; d <= 15; d++) {
      for (const h of ['08', '17']) {
        const now = at(`2026-04-${String(d).padStart(2, '0')}T${h}:00:00Z`);
        closeDatabase(openDatabase(p, { appRoot: ROOT, now: () => now }));
      }
    }
    const daily = listBackups(p).filter((b) => b.reason === 'daily');
    expect(daily.map((b) => b.created_at.slice(0, 10))).toEqual(Array.from({ length: 10 }, (_, i) => `2026-04-${String(15 - i).padStart(2, '0')}`));
    expect(daily.every((b) => b.created_at.endsWith('T08:00:00.000Z'))).toBe(true);
    expect(siteNames(daily[0].path)).toEqual(['Ashburn-1']);
  });
});

describe('headroom backup / restore (CLI)', () => {
  it('backs up, restores, and the restore itself can be undone', () => {
    const p = makeDb();
    const out = path.join(path.dirname(p), 'copy.db');
    const b = cliJson<{ path: string; bytes: number }>(['backup', '--db', p, '--out', out]);
    expect(b.path).toBe(out);
    expect(siteNames(out)).toEqual(['Ashburn-1']);
    expect(cli(['backup', '--db', p, '--out', out]).code).toBe(2); // never overwrites
    cliJson(['sites', 'list', '--db', p]);
    const db = openDatabase(p, { appRoot: ROOT });
    db.prepare("INSERT INTO sites (name, country, region, power_limit_kw, pue) VALUES ('Ulanqab', 'CN', 'Inner Mongolia', 500, 1.2)").run();
    closeDatabase(db);
    expect(siteNames(p)).toEqual(['Ashburn-1', 'Ulanqab']);

    const r = cliJson<{ previous_copy: string; method: string; schema_version: number }>(['restore', '--db', p, '--from', out]);
    expect(r.method).toBe('in_place');
    expect(siteNames(p)).toEqual(['Ashburn-1']);
    expect(siteNames(r.previous_copy)).toEqual(['Ashburn-1', 'Ulanqab']);
    const again = cliJson<{ previous_copy: string }>(['restore', '--db', p, '--from', r.previous_copy]);
    expect(siteNames(p)).toEqual(['Ashburn-1', 'Ulanqab']);
    expect(fs.existsSync(again.previous_copy)).toBe(true);
    const check = new Database(p, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });

  it('refuses a non-SQLite, foreign, newer or corrupt file and changes nothing', () => {
    const p = makeDb();
    const dir = path.dirname(p);
    const good = path.join(dir, 'good.db');
    cliJson(['backup', '--db', p, '--out', good]);
    const bad: Record<string, string> = {};
    bad.text = path.join(dir, 'text.db'); fs.writeFileSync(bad.text, 'name,price\nh100,1\n');
    bad.foreign = path.join(dir, 'foreign.db');
    const f = new Database(bad.foreign); f.exec('CREATE TABLE t(x); PRAGMA user_version = 10'); f.close();
    bad.newer = path.join(dir, 'newer.db'); fs.copyFileSync(good, bad.newer);
    const n = new Database(bad.newer); n.pragma('user_version = 9990'); n.close();
    bad.corrupt = path.join(dir, 'corrupt.db');
    const bytes = fs.readFileSync(good);
    for (let i = 4096; i < bytes.length; i += 97) bytes[i] ^= 0x5a; // garble every page after the header
    fs.writeFileSync(bad.corrupt, bytes);
    bad.missing = path.join(dir, 'missing.db');
    const before = sha(p);
    const backupsBefore = listBackups(p).length;
    for (const [kind, file] of Object.entries(bad)) {
      const r = cli(['restore', '--db', p, '--from', file, '--json']);
      expect(r.code, kind).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), kind).toHaveLength(1);
      expect(sha(p), kind).toBe(before);
    }
    expect(listBackups(p).length).toBe(backupsBefore);
    expect(HEADROOM_APP_ID).toBeGreaterThan(0);
  });

  it('restores over a corrupt or foreign current file, keeping its exact bytes', () => {
    const p = makeDb();
    const good = path.join(path.dirname(p), 'good.db');
    cliJson(['backup', '--db', p, '--out', good]);
    fs.writeFileSync(p, 'this is not a database at all');
    expect(cli(['sites', 'list', '--db', p]).code).toBe(2); // open refuses it, untouched
    expect(fs.readFileSync(p, 'utf8')).toBe('this is not a database at all');
    const r = cliJson<{ previous_copy: string; method: string }>(['restore', '--db', p, '--from', good]);
    expect(r.method).toBe('replaced');
    expect(fs.readFileSync(r.previous_copy, 'utf8')).toBe('this is not a database at all');
    expect(cliJson<{ name: string }[]>(['sites', 'list', '--db', p]).map((s) => s.name)).toEqual(['Ashburn-1']);
  });
});

describe('backup.* API', () => {
  it('create, list and restore in place while the database is open', async () => {
    const p = makeDb();
    const db = openDatabase(p, { appRoot: ROOT });
    const ctx = { db, dbPath: p, appRoot: ROOT, now: () => new Date('2026-03-02T10:00:00Z') };
    const b = await invoke(ctx, 'backup.create', {}) as { path: string; reason: string };
    expect(b.reason).toBe('manual');
    await invoke(ctx, 'sites.add', { name: 'Ulanqab', country: 'CN', region: 'Inner Mongolia', power_limit_kw: 500, pue: 1.2 });
    const list = await invoke(ctx, 'backup.list', {}) as { path: string }[];
    expect(list.map((x) => x.path)).toContain(b.path);
    await expect(invoke(ctx, 'backup.create', { out: mintLocalPath(path.join(path.dirname(p), 'x.txt')) })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(invoke(ctx, 'backup.restore', { from: mintLocalPath(path.join(path.dirname(p), 'nope.db')) })).rejects.toMatchObject({ code: 'not_found' });
    const r = await invoke(ctx, 'backup.restore', { from: mintLocalPath(b.path) }) as { method: string };
    expect(r.method).toBe('in_place');
    // The same open connection sees the restored content and can keep writing.
    expect((await invoke(ctx, 'sites.list', {}) as { name: string }[]).map((s) => s.name)).toEqual(['Ashburn-1']);
    await invoke(ctx, 'sites.add', { name: 'Frankfurt', country: 'DE', region: 'Hesse', power_limit_kw: 300, pue: 1.25 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    closeDatabase(db);
    expect(siteNames(p)).toEqual(['Ashburn-1', 'Frankfurt']);
  });
});

describe('recovery after a failed open (what the desktop app offers)', () => {
  it('a corrupt file is refused untouched; the newest *valid* backup is offered and restores it', async () => {
    const { newestValidBackup, restoreDatabase } = await import('../../src-main/store/restore');
    const { DbOpenError } = await import('../../src-main/store/open');
    const p = makeDb('app.db');
    // An older good daily backup, then a newer damaged one.
    closeDatabase(openDatabase(p, { appRoot: ROOT, now: () => at('2026-03-02T08:00:00Z') }));
    closeDatabase(openDatabase(p, { appRoot: ROOT, now: () => at('2026-03-03T08:00:00Z') }));
    const [newest, older] = listBackups(p);
    fs.writeFileSync(newest.path, Buffer.concat([fs.readFileSync(newest.path).subarray(0, 100), Buffer.alloc(5000, 7)]));
    const garbage = Buffer.concat([fs.readFileSync(p).subarray(0, 4096), Buffer.alloc(8192, 0x41)]);
    fs.writeFileSync(p, garbage);
    fs.rmSync(`${p}-wal`, { force: true });
    let err: unknown;
    try { openDatabase(p, { appRoot: ROOT }); } catch (e) { err = e; }
    expect(err, String(err) + (err as { code?: string })?.code).toBeInstanceOf(DbOpenError);
    expect(fs.readFileSync(p).equals(garbage)).toBe(true);
    const offer = newestValidBackup(p, ROOT);
    expect(offer?.path).toBe(older.path);
    const r = await restoreDatabase(p, offer!.path, ROOT, new Date('2026-03-04T08:00:00Z'));
    expect(fs.readFileSync(r.previous_copy!).equals(garbage)).toBe(true);
    const db = openDatabase(p, { appRoot: ROOT, dailyBackup: false });
    expect((db.prepare('SELECT name FROM sites').all() as { name: string }[]).map((s) => s.name)).toEqual(['Ashburn-1']);
    closeDatabase(db);
  });
});
