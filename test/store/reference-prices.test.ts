// Pins migration 0150 and the demo's public reference price lists: `prices list` is not empty on
// the demo database, each reference row is dated and sourced, and the plan does not change with them.
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cli, cliJson, demoDb, ROOT, tmpDir } from '../helpers/tmp';
import { loadMigrations, migrate } from '../../src-main/store/migrate';

type BookRow = { gpu_id: string; vendor: string; valid_from: string | null; reference: boolean; source_sheet: string | null; source_row: number | null; source_text: string };
let db: string;
beforeAll(() => { db = demoDb(); });

describe('reference price lists', () => {
  it('0150 adds price_lists.reference, default 0, 0 or 1 only', () => {
    const m = new Database(':memory:');
    m.pragma('foreign_keys = ON');
    migrate(m, loadMigrations(path.join(ROOT, 'db')), 150);
    m.prepare("INSERT INTO price_lists (vendor, imported_at, kind) VALUES ('A', '2026-01-01T00:00:00Z', 'manual')").run();
    expect(m.prepare('SELECT reference FROM price_lists').get()).toEqual({ reference: 0 });
    expect(() => m.prepare("INSERT INTO price_lists (vendor, imported_at, kind, reference) VALUES ('B', '2026-01-01T00:00:00Z', 'manual', 2)").run()).toThrow(/CHECK/);
  });

  it('prices list on the demo database shows the public prices, each dated and traced to its seed row', () => {
    const rows = cliJson<BookRow[]>(['prices', 'list', '--db', db, '--json']);
    expect(rows.length).toBeGreaterThan(20);
    const seed = (f: string) => fs.readFileSync(path.join(ROOT, 'db', 'seed', f), 'utf8').split('\n');
    for (const r of rows) {
      expect(r.reference).toBe(true);
      expect(r.valid_from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.source_sheet).toMatch(/^(cloud|gpu)_prices_public\.csv$/);
      expect(r.source_text).toMatch(/https?:\/\//);
      // The cited record starts the seed line (header = 1); a quoted multi-line record is not in these files.
      expect(seed(r.source_sheet!)[r.source_row! - 1]).toContain(r.gpu_id);
    }
    expect(rows.map((r) => r.vendor)).toEqual(expect.arrayContaining(['AWS on demand (public)']));
    const text = cli(['prices', 'list', '--db', db]);
    expect(text.stdout).toContain('public reference [cloud_prices_public.csv]');
  });

  it('the plan is the same with and without the reference lists', () => {
    const bare = path.join(tmpDir(), 'bare.db');
    fs.copyFileSync(db, bare);
    const d = new Database(bare);
    d.pragma('foreign_keys = ON');
    d.prepare('DELETE FROM price_lists WHERE reference = 1').run();
    d.close();
    const args = ['--scenario', 'ernie-growth-2026', '--runs', '200', '--seed', '7', '--json'];
    const a = cliJson<Record<string, unknown>>(['plan', '--db', db, ...args]);
    const b = cliJson<Record<string, unknown>>(['plan', '--db', bare, ...args]);
    expect(a.actions).toEqual(b.actions);
    expect(a.months).toEqual(b.months);
  });
});
