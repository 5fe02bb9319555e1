// Temp folders and a built CLI for integration tests (real files, real child processes).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-'));
}

export interface CliResult { code: number; stdout: string; stderr: string }

/** Runs `node bin/headroom.mjs ...args` (needs `npm run build`; npm test builds first). */
export function cli(args: string[], opts: { cwd?: string; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'headroom.mjs'), ...args], {
    cwd: opts.cwd ?? ROOT, encoding: 'utf8', input: opts.input, timeout: 120_000, env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function cliJson<T = unknown>(args: string[]): T {
  const r = cli([...args, '--json']);
  if (r.code !== 0) throw new Error(`headroom ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export function demoDb(): string {
  const dir = tmpDir();
  const db = path.join(dir, 'demo.db');
  const r = cli(['demo', '--db', db]);
  if (r.code !== 0) throw new Error(`demo failed: ${r.stderr}`);
  return db;
}

/** Starts `headroom serve` as a child and resolves with its URL and token. */
export async function serve(dbPath: string): Promise<{ url: string; base: string; token: string; port: number; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'headroom.mjs'), 'serve', '--db', dbPath], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const line = buf.split('\n')[0];
      if (buf.includes('\n')) resolve(line.trim());
    });
    child.stderr!.on('data', (d) => { err += d; });
    child.on('exit', (c) => reject(new Error(`serve exited ${c}: ${err}`)));
  });
  const u = new URL(url);
  return {
    url, base: `${u.protocol}//${u.host}`, token: u.searchParams.get('token')!, port: Number(u.port), child,
    stop: () => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }),
  };
}
