// Pins the CLI contract for demo, sites list and inventory list/add: fields, exit codes, one-line errors.
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { cli, cliJson, demoDb, tmpDir } from '../helpers/tmp';

let db: string;
beforeAll(() => { db = demoDb(); });

describe('headroom CLI: skeleton commands', () => {
  it('demo refuses an existing path (exit 2) unless --force', () => {
    const r = cli(['demo', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const copy = path.join(tmpDir(), 'x.db');
    fs.copyFileSync(db, copy);
    expect(cli(['demo', '--db', copy, '--force']).code).toBe(0);
  });

  it('sites list --json has the contract fields', () => {
    const sites = cliJson<Record<string, unknown>[]>(['sites', 'list', '--db', db]);
    expect(sites.length).toBeGreaterThanOrEqual(2);
    for (const s of sites) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['name', 'country', 'region', 'power_limit_kw', 'pue']));
      expect(s.country).toMatch(/^[A-Z]{2}$/);
    }
    expect(sites.map((s) => s.country)).toEqual(expect.arrayContaining(['US', 'CN']));
  });

  it('inventory list --json prints the demo clusters with the contract fields', () => {
    const rows = cliJson<Record<string, unknown>[]>(['inventory', 'list', '--db', db]);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const r of rows) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['id', 'site', 'gpu_id', 'gpus', 'mode', 'in_service_from', 'in_service_to', 'unit_cost', 'currency']));
    }
  });

  it('inventory add prints the created row; it is then listed', () => {
    const row = cliJson<Record<string, unknown>>(['inventory', 'add', '--db', db, '--site', 'Virginia-1', '--gpu', 'h200-sxm', '--gpus', '64', '--mode', 'lease', '--from', '2026-03', '--to', '2029-02']);
    expect(row).toMatchObject({ site: 'Virginia-1', gpu_id: 'h200-sxm', gpus: 64, mode: 'lease', in_service_from: '2026-03', in_service_to: '2029-02' });
    const rows = cliJson<{ id: number }[]>(['inventory', 'list', '--db', db]);
    expect(rows.some((r) => r.id === row.id)).toBe(true);
  });

  it('an unknown GPU exits 2 with one line suggesting ids, and writes nothing', () => {
    const before = cliJson<unknown[]>(['inventory', 'list', '--db', db]).length;
    const r = cli(['inventory', 'add', '--db', db, '--site', 'Ulanqab', '--gpu', 'h2O', '--gpus', '8', '--mode', 'buy', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/h20/);
    expect(cliJson<unknown[]>(['inventory', 'list', '--db', db]).length).toBe(before);
  });

  it.each([
    [['inventory', 'add', '--site', 'Ulanqab', '--gpu', 'h20', '--gpus', '8', '--mode', 'buy'], /--db/],
    [['inventory', 'add', '--site', 'Ulanqab', '--gpu', 'h20', '--gpus', 'eight', '--mode', 'buy'], /gpus/],
    [['inventory', 'add', '--site', 'Ulanqab', '--gpu', 'h20', '--gpus', '8', '--mode', 'rent'], /mode/],
    [['inventory', 'list', '--bogus'], /bogus/],
    [['frobnicate'], /unknown command/],
  ])('bad input %j exits 2 with a one-line reason', (args, re) => {
    const withDb = args[0] === 'inventory' && args[1] === 'add' && args.includes('--site') && !(re.source === '--db') ? [...args, '--db', db] : args;
    const r = cli(withDb);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing database exits 2 and is not created', () => {
    const p = path.join(tmpDir(), 'missing.db');
    const r = cli(['inventory', 'list', '--db', p]);
    expect(r.code).toBe(2);
    expect(fs.existsSync(p)).toBe(false);
  });

  it('--help works for the tool and for every command', () => {
    const top = cli(['--help']);
    expect(top.code).toBe(0);
    const names = ['demo', 'sites list', 'inventory list', 'inventory add', 'serve'];
    for (const n of names) {
      expect(top.stdout).toContain(n);
      const r = cli([...n.split(' '), '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/headroom /);
    }
  });
});
