// Pins issue 17 item 9's cleanup: temp files a SIGKILLed backup/restore left (`backups/<base>-….db.tmp-PID`, their
// `-journal`, `<db>.restore-PID` beside the file) are removed on the next open when their process is gone, and only those.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { openDatabase, closeDatabase } from '../../src-main/store/open';
import { staleTemps } from '../../src-main/store/backups';
import { ROOT, tmpDir } from '../helpers/tmp';

/** A process that wrote temp files under its own pid, then was SIGKILLed mid-way (as during a restore). */
async function killedWriter(dir: string): Promise<{ pid: number; files: string[] }> {
  const script = `
    const fs = require('fs'), path = require('path'), dir = process.argv[1];
    const names = ['backups/h-20261203T170000-pre-restore.db.tmp-' + process.pid, 'backups/h-20261203T170000-pre-restore.db.tmp-' + process.pid + '-journal',
      'backups/h-20261203T170000-pre-restore-raw.db-wal.tmp-' + process.pid, 'h.db.restore-' + process.pid, 'h.db.restore-' + process.pid + '-journal'];
    for (const n of names) fs.writeFileSync(path.join(dir, n), 'half a copy');
    process.stdout.write(JSON.stringify(names.map((n) => path.join(dir, n))) + '\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const files = await new Promise<string[]>((resolve) => child.stdout!.once('data', (b: Buffer) => resolve(JSON.parse(b.toString()) as string[])));
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  return { pid: child.pid!, files };
}

describe('stale temp files of a killed backup or restore', () => {
  it('are removed on open when their process is gone; live, foreign and finished files stay', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'h.db');
    closeDatabase(openDatabase(db, { appRoot: ROOT, create: true }));
    fs.mkdirSync(path.join(dir, 'backups'), { recursive: true });
    const { files: dead } = await killedWriter(dir);
    for (const f of dead) expect(fs.existsSync(f)).toBe(true);
    // Kept: a finished backup, this process's own temp (a backup running now), another live process's,
    // another database's restore temp, and a file of the user's with a look-alike name.
    const live = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const keep = [
      'backups/h-20261203T160000-manual.db', `backups/h-20261203T170500-daily.db.tmp-${process.pid}`, `backups/h-20261203T170600-manual.db.tmp-${live.pid}`,
      `other.db.restore-${dead[0].split('-').pop()}`, 'backups/notes.tmp-1', 'h.db.restore-notes',
    ].map((n) => path.join(dir, n));
    for (const f of keep) fs.writeFileSync(f, 'keep');
    try {
      expect(staleTemps(db).sort()).toEqual([...dead].sort());
      closeDatabase(openDatabase(db, { appRoot: ROOT }));
      for (const f of dead) expect(fs.existsSync(f)).toBe(false);
      for (const f of keep) expect(fs.existsSync(f)).toBe(true);
    } finally {
      live.kill('SIGKILL');
    }
  });

  it('a file that will not open (corrupt) still has its stale temps removed first', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'h.db');
    fs.writeFileSync(db, Buffer.from('SQLite format 3\0' + 'garbage'.repeat(1000)));
    fs.mkdirSync(path.join(dir, 'backups'));
    const { files } = await killedWriter(dir);
    expect(() => openDatabase(db, { appRoot: ROOT })).toThrow();
    for (const f of files) expect(fs.existsSync(f)).toBe(false);
  });

  it('a read-only open removes nothing', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'h.db');
    closeDatabase(openDatabase(db, { appRoot: ROOT, create: true }));
    fs.mkdirSync(path.join(dir, 'backups'), { recursive: true });
    const pid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const f = path.join(dir, 'backups', `h-20261203T170000-manual.db.tmp-${pid}`);
    fs.writeFileSync(f, 'x');
    closeDatabase(openDatabase(db, { appRoot: ROOT, readonly: true }));
    expect(fs.existsSync(f)).toBe(true);
  });
});
