// Pins issue 17 item 6: backup.restore runs alone in the write queue, so API writes never interleave with it or fail.
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, closeDatabase } from '../../src-main/store/open';
import { invoke } from '../../src-main/api/handlers';
import { mintLocalPath } from '../../src-main/shared/local-path';
import { ROOT, tmpDir } from '../helpers/tmp';

const names = (p: string) => {
  const db = new Database(p, { readonly: true });
  try { return (db.prepare('SELECT name FROM sites ORDER BY name').all() as { name: string }[]).map((r) => r.name); } finally { db.close(); }
};
const site = (name: string) => ({ name, country: 'US', region: 'Virginia', power_limit_kw: 100, pue: 1.3 });

describe('backup.restore through the write queue', () => {
  it('every write lands wholly before the restore (in the kept copy) or after it (in the result); none fails or is lost', async () => {
    const p = path.join(tmpDir(), 'q.db');
    const db = openDatabase(p, { appRoot: ROOT, create: true, dailyBackup: false });
    const ctx = { db, dbPath: p, appRoot: ROOT, now: () => new Date('2026-03-02T10:00:00Z') };
    await invoke(ctx, 'sites.add', site('Base'));
    const b = await invoke(ctx, 'backup.create', {}) as { path: string };
    for (let round = 0; round < 3; round++) {
      const before = Array.from({ length: 15 }, (_, i) => `A${round}-${String(i).padStart(2, '0')}`);
      const after = Array.from({ length: 15 }, (_, i) => `B${round}-${String(i).padStart(2, '0')}`);
      // Issued without waiting, in this order: writes, the restore (by path and by name), more writes.
      const first = before.map((n) => invoke(ctx, 'sites.add', site(n)));
      const restore = invoke(ctx, 'backup.restore', round % 2 ? { backup: path.basename(b.path) } : { from: mintLocalPath(b.path) }) as Promise<{ previous_copy: string; method: string }>;
      const second = after.map((n) => invoke(ctx, 'sites.add', site(n)));
      const settled = await Promise.allSettled([...first, restore, ...second]);
      expect(settled.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
      const r = await restore;
      expect(r.method).toBe('in_place');
      // No write interleaves: each one is either in the kept copy (it ran before the restore, whose
      // result no longer has it) or in the result (it ran after), never in neither or both.
      const kept = new Set(names(r.previous_copy));
      const now = new Set((await invoke(ctx, 'sites.list', {}) as { name: string }[]).map((s) => s.name));
      for (const n of [...before, ...after]) expect(kept.has(n) !== now.has(n), `${n}: kept ${kept.has(n)}, result ${now.has(n)}`).toBe(true);
      // Writes issued before the restore ran before it.
      for (const n of before) expect(kept.has(n), n).toBe(true);
      // The result is the backup plus the writes that ran after the restore.
      expect([...now].filter((n) => !after.includes(n))).toEqual(['Base']);
    }
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    closeDatabase(db);
    expect(names(p).filter((n) => n.startsWith('A'))).toEqual([]);
  });
});
