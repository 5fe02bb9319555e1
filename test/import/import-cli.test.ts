// Pins the `headroom import` / `prices list` CLI contract as a child process: JSON fields, exit codes, nothing written on refusal.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, it, expect, beforeAll } from 'vitest';
import Database from 'better-sqlite3';
import { cli, cliJson, demoDb, tmpDir } from '../helpers/tmp.js';
import { samplesDir } from './helpers.js';

let db: string;
beforeAll(() => { db = demoDb(); });
const sample = (f: string) => path.join(samplesDir, f);
const hash = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

interface ImportJson {
  imported: number; price_list_id: number | null;
  rejected: { row: number; sheet?: string; reason: string }[];
  items?: Record<string, unknown>[];
}

describe('headroom import', () => {
  it('--dry-run prints the contract fields with price_list_id null and writes nothing', () => {
    const before = hash(db);
    const r = cliJson<ImportJson>(['import', sample('vendor_cn_quote_gbk.csv'), '--db', db, '--vendor', 'Huadong', '--dry-run']);
    expect(r.price_list_id).toBeNull();
    expect(r.imported).toBe(6);
    expect(r.rejected.map((x) => [x.row, x.reason])).toEqual([[11, 'no_price'], [12, 'not_a_gpu'], [14, 'summary_row']]);
    expect(Object.keys(r.items![0])).toEqual(expect.arrayContaining(['row', 'gpu_id', 'kind', 'gpus_per_unit', 'unit_price', 'currency', 'lead_time_weeks', 'valid_from', 'min_qty']));
    expect(r.items![0]).toMatchObject({ row: 5, gpu_id: 'h20', kind: 'server', gpus_per_unit: 8, unit_price: '1080000', currency: 'CNY', lead_time_weeks: 4, valid_from: '2025-03-01', min_qty: 2 });
    expect(hash(db)).toBe(before);
  });

  it('imports for real, refuses the same file again (exit 2, one line), and --force imports it twice', () => {
    const r = cliJson<ImportJson>(['import', sample('cloud_rates.xlsx'), '--db', db, '--vendor', 'Cirrus', '--summary']);
    expect(r.price_list_id).toBeTypeOf('number');
    expect(r.items).toBeUndefined();
    expect(r.rejected).toEqual([{ row: 18, sheet: 'On-Demand', reason: 'not_a_gpu', detail: expect.any(String) }, { row: 10, sheet: '1-Year Reserved', reason: 'no_price', detail: expect.any(String) }]);
    const before = hash(db);
    const again = cli(['import', sample('cloud_rates.xlsx'), '--db', db, '--json']);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/already imported/);
    expect(hash(db)).toBe(before);
    expect(cli(['import', sample('cloud_rates.xlsx'), '--db', db, '--force', '--json']).code).toBe(0);
  });

  it('a file that cannot be read is refused whole: exit 2, one line on stderr, the database unchanged', () => {
    const dir = tmpDir();
    const files = {
      'broken.xlsx': fs.readFileSync(sample('broken.xlsx')),
      'empty.csv': Buffer.alloc(0),
      'binary.csv': crypto.randomBytes(4096),
      'notes.csv': Buffer.from('nothing here looks like a price list\njust text\n'),
    };
    const before = hash(db);
    for (const [name, bytes] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, name), bytes);
      const r = cli(['import', path.join(dir, name), '--db', db, '--json']);
      expect(r.code, name).toBe(2);
      expect(r.stdout, name).toBe('');
      expect(r.stderr.trim().split('\n'), name).toHaveLength(1);
    }
    expect(hash(db)).toBe(before);
  });

  it('a file in which no row is a price writes no list: exit 0, every row reported rejected', () => {
    const f = path.join(tmpDir(), 'no-prices.csv');
    fs.writeFileSync(f, 'Part Number,Description,Qty,Unit Price\nX-1,Rack rails,2,100\nX-2,NVIDIA H100 PCIe 80GB,1,\n');
    const lists = () => { const d = new Database(db, { readonly: true }); try { return (d.prepare('SELECT count(*) AS n FROM price_lists').get() as { n: number }).n; } finally { d.close(); } };
    const before = lists();
    const r = cliJson<ImportJson>(['import', f, '--db', db, '--vendor', 'Empty']);
    expect(r).toMatchObject({ imported: 0, price_list_id: null });
    expect(r.rejected.map((x) => [x.row, x.reason])).toEqual([[2, 'not_a_gpu'], [3, 'no_price']]);
    expect(lists()).toBe(before);
  });

  it('bad arguments exit 2: no FILE, a bad --mapping, an unknown flag', () => {
    expect(cli(['import', '--db', db]).code).toBe(2);
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'm.json'), JSON.stringify({ columns: { A: 'price' } }));
    const bad = cli(['import', sample('vendor_en_quote.csv'), '--db', db, '--mapping', path.join(dir, 'm.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--mapping: columns\.A/);
    expect(cli(['import', sample('vendor_en_quote.csv'), '--db', db, '--bogus']).code).toBe(2);
  });

  it('--mapping overrides a column: the price column named as ignored leaves no header to find', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'm.json'), JSON.stringify({ header_row: 4, columns: { 'Lead Time': 'ignore' } }));
    const r = cliJson<ImportJson>(['import', sample('vendor_en_quote.csv'), '--db', db, '--mapping', path.join(dir, 'm.json'), '--dry-run']);
    expect(r.imported).toBe(7);
    expect(r.items!.every((i) => i.lead_time_weeks === null)).toBe(true);
  });
});

describe('headroom prices list', () => {
  it('prints the price book with per-GPU prices and the source row; --gpu filters; an unknown GPU exits 2', () => {
    cliJson(['import', sample('lease_offer_eur.csv'), '--db', db, '--vendor', 'Rhein']);
    const rows = cliJson<Record<string, unknown>[]>(['prices', 'list', '--db', db, '--gpu', 'h100-sxm', '--as-of', '2025-06-01']);
    const lease = rows.filter((r) => r.kind === 'lease_month' && r.vendor === 'Rhein');
    expect(lease).toHaveLength(1);
    // 18800 / 8 = 2350 per GPU-month, the same as the single-GPU offer; the newer/cheaper tie keeps one.
    expect(lease[0]).toMatchObject({ gpu_id: 'h100-sxm', currency: 'EUR', price_per_gpu: '2350', file_name: 'lease_offer_eur.csv' });
    expect([5, 6]).toContain(lease[0].source_row);
    const bad = cli(['prices', 'list', '--db', db, '--gpu', 'h100-sx', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/unknown GPU "h100-sx"; did you mean/);
  });
});
