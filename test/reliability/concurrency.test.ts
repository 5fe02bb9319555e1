// Pins concurrent writers on one file: `headroom serve` taking API writes while other processes (a writer loop, the CLI) write too — no lost writes, no SQLITE_BUSY.
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { openDatabase, closeDatabase } from '../../src-main/store/open';
import { ROOT, cli, serve, tmpDir } from '../helpers/tmp';

interface Writer { ready: Promise<void>; go: () => void; done: Promise<{ ok: number; errors: string[] }> }

function writer(db: string, n: number, tag: string): Writer {
  const child = spawn(process.execPath, [path.join(ROOT, 'test', 'reliability', 'writer-child.mjs'), db, ROOT, String(n), tag], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '', err = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => { markReady = resolve; });
  child.stdout.on('data', (d) => { out += d; if (out.startsWith('ready\n')) markReady(); });
  child.stderr.on('data', (d) => { err += d; });
  const done = new Promise<{ ok: number; errors: string[] }>((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`writer ${tag} exited ${code}: ${err}`))));
  });
  return { ready, go: () => child.stdin.end('go\n'), done };
}

describe('two processes writing one database', () => {
  it('serve + a writer process + the CLI: every write lands, none fails busy', async () => {
    const db = path.join(tmpDir(), 'shared.db');
    const d = openDatabase(db, { appRoot: ROOT, create: true });
    d.prepare("INSERT INTO sites (name, country, region, power_limit_kw, pue) VALUES ('Ashburn-1', 'US', 'Virginia', 1000, 1.3)").run();
    closeDatabase(d);

    const srv = await serve(db);
    const N = 150, H = 100;
    try {
      const post = async (i: number) => {
        const r = await fetch(`${srv.base}/api/inventory.add`, {
          method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${srv.token}` },
          body: JSON.stringify({ site: 'Ashburn-1', gpu_id: 'h100-sxm', gpus: 8, mode: 'lease', notes: `http-${i}` }),
        });
        return { status: r.status, body: await r.text() };
      };
      const a = writer(db, N, 'procA');
      const b = writer(db, N, 'procB');
      await Promise.all([a.ready, b.ready]);
      a.go(); b.go();
      const cliRuns = Promise.all([0, 1].map((i) => new Promise<number>((resolve) => {
        setTimeout(() => resolve(cli(['inventory', 'add', '--db', db, '--site', 'Ashburn-1', '--gpu', 'h100-sxm', '--gpus', '8', '--mode', 'cloud', '--notes', `cli-${i}`]).code), 300 * i);
      })));
      // HTTP writes in parallel batches while the other processes write.
      const http: { status: number; body: string }[] = [];
      for (let i = 0; i < H; i += 10) http.push(...await Promise.all(Array.from({ length: 10 }, (_, j) => post(i + j))));
      const [ra, rb, codes] = await Promise.all([a.done, b.done, cliRuns]);

      expect(ra.errors).toEqual([]);
      expect(rb.errors).toEqual([]);
      expect(ra.ok + rb.ok).toBe(2 * N);
      expect(http.filter((r) => r.status !== 200)).toEqual([]);
      expect(codes).toEqual([0, 0]);
    } finally {
      await srv.stop();
    }
    const check = new Database(db, { readonly: true });
    const notes = (check.prepare('SELECT notes FROM clusters ORDER BY id').all() as { notes: string }[]).map((r) => r.notes);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    expect(notes.length).toBe(2 * N + H + 2);
    expect(new Set(notes).size).toBe(notes.length);
    for (const tag of ['procA', 'procB']) for (let i = 0; i < N; i++) expect(notes).toContain(`${tag}-${i}`);
    for (let i = 0; i < H; i++) expect(notes).toContain(`http-${i}`);
    expect(notes).toEqual(expect.arrayContaining(['cli-0', 'cli-1']));
    // The writers really ran at the same time: their rows interleave in commit order.
    const writerOf = notes.map((n) => n.split('-')[0]);
    expect(writerOf.filter((w, i) => i > 0 && w !== writerOf[i - 1]).length).toBeGreaterThan(3);
  }, 120_000);
});
