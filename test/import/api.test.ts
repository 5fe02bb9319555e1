// Pins the prices API on real SQLite files: commit = dry run's items, conflict by SHA-256, unreadable writes nothing, price book.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, it, expect, beforeEach } from 'vitest';
import { ROOT, tmpDir } from '../helpers/tmp.js';
import { openDatabase, closeDatabase } from '../../src-main/store/open.js';
import { invoke } from '../../src-main/api/handlers.js';
import { ApiError } from '../../src-main/api/errors.js';
import type { AppContext } from '../../src-main/api/context.js';
import { samplesDir } from './helpers.js';
import { mintLocalPath } from '../../src-main/shared/local-path.js';

let ctx: AppContext;
let file: string;
beforeEach(() => {
  file = path.join(tmpDir(), 't.db');
  const db = openDatabase(file, { appRoot: ROOT, create: true });
  ctx = { db, dbPath: file, appRoot: ROOT, now: () => new Date('2025-06-01T00:00:00Z') };
  return () => closeDatabase(db);
});

type ImportOut = { imported: number; price_list_id: number | null; items?: { row: number; gpu_id: string; unit_price: string }[]; rejected: { row: number; reason: string; suggestions?: string[] }[]; already_imported_as: number | null };
// The test is the command-line host here: it names files as LocalPaths (a page cannot).
const imp = (input: Record<string, unknown>) => invoke(ctx, input.dry_run ? 'prices.preview' : 'prices.import',
  typeof input.path === 'string' ? { ...input, path: mintLocalPath(input.path) } : input) as Promise<ImportOut>;
const sample = (f: string) => path.join(samplesDir, f);
const count = (t: string) => (ctx.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
const dbHash = () => { ctx.db.pragma('wal_checkpoint(TRUNCATE)'); return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'); };

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  try { await p; } catch (e) { expect(e).toBeInstanceOf(ApiError); return e as ApiError; }
  throw new Error('expected an ApiError');
}

describe('prices.import', () => {
  it('a dry run writes nothing; the commit writes exactly the dry run items with provenance', async () => {
    const before = dbHash();
    const dry = await imp({ path: mintLocalPath(sample('vendor_en_quote.csv')), vendor: 'Northwind', dry_run: true });
    expect(dry.price_list_id).toBeNull();
    expect(dbHash()).toBe(before);
    const viaImport = await invoke(ctx, 'prices.import', { path: mintLocalPath(sample('vendor_en_quote.csv')), vendor: 'Northwind', dry_run: true }) as ImportOut;
    expect(viaImport).toEqual(dry);
    expect(count('price_lists')).toBe(0);
    const real = await imp({ path: sample('vendor_en_quote.csv'), vendor: 'Northwind' });
    expect(real.price_list_id).toBeTypeOf('number');
    expect(real.items).toEqual(dry.items);
    const rows = ctx.db.prepare('SELECT gpu_id, unit_price, source_row, source_text, currency, tax_included FROM price_items ORDER BY source_row').all() as { gpu_id: string; unit_price: string; source_row: number; source_text: string; currency: string; tax_included: number | null }[];
    expect(rows.map((r) => [r.source_row, r.gpu_id, r.unit_price])).toEqual(dry.items!.map((i) => [i.row, i.gpu_id, i.unit_price]));
    expect(rows[0].source_text).toContain('NVIDIA HGX H100 8-GPU 80GB SXM5 server');
    expect(rows[0].tax_included).toBe(0); // "excluding sales tax" in the title block
    const list = ctx.db.prepare('SELECT * FROM price_lists').get() as { vendor: string; sha256: string; kind: string; file_name: string; valid_from: string };
    expect(list).toMatchObject({ vendor: 'Northwind', kind: 'file', file_name: 'vendor_en_quote.csv', valid_from: '2025-03-10' });
    expect(list.sha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(sample('vendor_en_quote.csv'))).digest('hex'));
  });

  it('the same file twice is a conflict (nothing written) unless force', async () => {
    const first = await imp({ path: sample('lease_offer_eur.csv'), vendor: 'Rhein' });
    const before = dbHash();
    const e = await apiError(imp({ path: sample('lease_offer_eur.csv'), vendor: 'Rhein' }));
    expect(e.code).toBe('conflict');
    expect(dbHash()).toBe(before);
    const dry = await imp({ path: sample('lease_offer_eur.csv'), dry_run: true });
    expect(dry.already_imported_as).toBe(first.price_list_id);
    const again = await imp({ path: sample('lease_offer_eur.csv'), vendor: 'Rhein', force: true });
    expect(again.price_list_id).not.toBe(first.price_list_id);
    expect(count('price_lists')).toBe(2);
  });

  it('an unreadable file is refused whole and the database file is byte-for-byte unchanged', async () => {
    await imp({ path: sample('vendor_cn_quote_gbk.csv'), vendor: 'CN' });
    const before = dbHash();
    const e = await apiError(imp({ path: sample('broken.xlsx'), vendor: 'X' }));
    expect(e.code).toBe('unreadable');
    for (const bytes of [Buffer.alloc(0), Buffer.from([0, 1, 2, 3, 255, 254, 0, 0]), Buffer.from('just some words\nno table here\n')]) {
      const e2 = await apiError(imp({ data_base64: bytes.toString('base64'), file_name: 'x.csv', vendor: 'X' }));
      expect(e2.code).toBe('unreadable');
    }
    expect(dbHash()).toBe(before);
  });

  it('accepts bytes (browser upload) and refuses extensions outside the allowlist', async () => {
    const b64 = fs.readFileSync(sample('cloud_rates.xlsx')).toString('base64');
    const r = await imp({ data_base64: b64, file_name: 'cloud_rates.xlsx', vendor: 'Cirrus' });
    expect(r.imported).toBe(15);
    expect((await apiError(imp({ data_base64: b64, file_name: 'x.exe' }))).code).toBe('bad_request');
    expect((await apiError(imp({ path: '/etc/passwd' }))).code).toBe('bad_request');
  });

  it('unknown_gpu rows carry suggestions; a confirmed alias makes the row import next time', async () => {
    const r = await imp({ path: mintLocalPath(sample('vendor_en_quote.csv')), vendor: 'Northwind', dry_run: true });
    const v100 = r.rejected.find((x) => x.reason === 'unknown_gpu')!;
    expect(v100.row).toBe(11);
    expect(v100.suggestions).toContain('v100-32gb');
    await invoke(ctx, 'prices.confirmAlias', { alias: 'Tesla V100S 32GB PCIe', gpu_id: 'v100-32gb' });
    const r2 = await imp({ path: mintLocalPath(sample('vendor_en_quote.csv')), vendor: 'Northwind', dry_run: true });
    expect(r2.rejected.map((x) => x.row)).not.toContain(11);
    expect(r2.items!.find((i) => i.row === 11)?.gpu_id).toBe('v100-32gb');
  });

  it('a mapping given with a vendor is saved and used for that vendor next time', async () => {
    const mapping = { columns: { 'Part Number': 'ignore' as const } };
    await imp({ path: sample('vendor_en_quote.csv'), vendor: 'Northwind', mapping });
    expect(await invoke(ctx, 'prices.mapping', { vendor: 'Northwind' })).toEqual(mapping);
    const r = await invoke(ctx, 'prices.import', { path: mintLocalPath(sample('vendor_en_quote.csv')), vendor: 'Northwind', dry_run: true }) as { mapping_used: unknown };
    expect(r.mapping_used).toEqual(mapping);
  });
});

describe('big files: progress and cancel', () => {
  const rows = ['Part Number,Description,Qty,Unit Price (USD)', ...Array.from({ length: 9000 }, (_, i) => `P-${i},NVIDIA H100 PCIe 80GB,${1 + (i % 9)},"$${(25000 + i).toLocaleString('en-US')}.00"`)].join('\n');
  const b64 = Buffer.from(rows).toString('base64');

  it('reports progress in rows while it works and ends at the total', async () => {
    const seen: [number, number][] = [];
    const r = await invoke({ ...ctx, progress: (d, t) => seen.push([d, t]) }, 'prices.preview', { data_base64: b64, file_name: 'big.csv', summary: true }) as ImportOut;
    expect(r.imported).toBe(9000);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.at(-1)).toEqual([9000, 9000]);
    for (let i = 1; i < seen.length; i++) expect(seen[i][0]).toBeGreaterThanOrEqual(seen[i - 1][0]);
  });

  it('the wizard gets a long file\'s first rows before the rest is read, then the whole by hash (issue 18)', async () => {
    type Paged = ImportOut & { reading?: { done: number; total: number }; rejected_count: number; sha256: string; page: { total: number; rows: { row: number; ok: boolean }[] } };
    // Every 10th row an unknown part: 900 rejected of 9,000.
    const mixed = ['Part Number,Description,Qty,Unit Price (USD)', ...Array.from({ length: 9000 }, (_, i) => (i % 10 === 9
      ? `X-${i},NVIDIA Tesla Q99 96GB GPU,1,"$${(25000 + i).toLocaleString('en-US')}.00"`
      : `P-${i},NVIDIA H100 PCIe 80GB,${1 + (i % 9)},"$${(25000 + i).toLocaleString('en-US')}.00"`))].join('\n');
    const data = Buffer.from(mixed).toString('base64');
    const early = await invoke(ctx, 'prices.preview', { data_base64: data, file_name: 'mixed.csv', rows: { show: 'all', offset: 0, limit: 500, early: true } }) as Paged;
    // The first 2,000 rows read (of 9,000): their counts, and the first page in file order.
    expect(early.reading).toEqual({ done: 2000, total: 9000 });
    expect(early.imported + early.rejected_count).toBeLessThan(9000);
    expect(early.page.rows.map((r) => r.row)).toEqual(Array.from({ length: 500 }, (_, i) => i + 2));
    // Asked again by the file's hash (no bytes sent): the whole file, the same first page.
    const whole = await invoke(ctx, 'prices.preview', { data_sha256: early.sha256, file_name: 'mixed.csv', rows: { show: 'all', offset: 0, limit: 500 } }) as Paged;
    expect(whole.reading).toBeUndefined();
    expect([whole.imported, whole.rejected_count]).toEqual([8100, 900]);
    expect(whole.page.rows).toEqual(early.page.rows);
    // A page turn by hash; the last page of rejected rows ends at the file's last row (9,001).
    const last = await invoke(ctx, 'prices.preview', { data_sha256: early.sha256, file_name: 'mixed.csv', rows: { show: 'rejected', offset: 400, limit: 500 } }) as Paged;
    expect(last.page.rows.at(-1)).toMatchObject({ row: 9001, ok: false });
    // A hash the host does not hold is refused naming the field; a hash is only for the wizard's paged calls.
    expect((await apiError(invoke(ctx, 'prices.preview', { data_sha256: 'a'.repeat(64), file_name: 'mixed.csv', rows: { show: 'all', offset: 0, limit: 500 } }))).field).toBe('data_sha256');
    expect((await apiError(invoke(ctx, 'prices.preview', { data_sha256: early.sha256, file_name: 'mixed.csv' }))).field).toBe('data_sha256');
    // A short file is answered whole even when first rows are asked for.
    const short = await invoke(ctx, 'prices.preview', { data_base64: Buffer.from(mixed.split('\n').slice(0, 101).join('\n')).toString('base64'), file_name: 's.csv', rows: { show: 'all', offset: 0, limit: 500, early: true } }) as Paged;
    expect(short.reading).toBeUndefined();
    expect(short.imported + short.rejected_count).toBe(100);
  });

  it('a cancelled import stops, says cancelled, and writes nothing', async () => {
    const before = dbHash();
    const ac = new AbortController();
    const e = await apiError(invoke({ ...ctx, signal: ac.signal, progress: () => ac.abort() }, 'prices.import', { data_base64: b64, file_name: 'big.csv', vendor: 'Big' }));
    expect(e.code).toBe('cancelled');
    expect(count('price_lists')).toBe(0);
    expect(dbHash()).toBe(before);
  });
});

describe('price book, lists, manual entries', () => {
  it('lists the current price per GPU, vendor and kind, normalised per GPU and per GPU-hour, with its source', async () => {
    await imp({ path: sample('vendor_en_quote.csv'), vendor: 'Northwind' });
    await imp({ path: sample('cloud_rates.xlsx'), vendor: 'Cirrus' });
    const book = await invoke(ctx, 'prices.list', { gpu_id: 'h100-sxm' }) as Record<string, unknown>[];
    const server = book.find((b) => b.kind === 'server')!;
    expect(server).toMatchObject({ vendor: 'Northwind', unit_price: '279500', price_per_server: '279500', price_per_gpu: '34937.5', gpus_per_unit: 8, source_row: 5, file_name: 'vendor_en_quote.csv' });
    const cloud = book.filter((b) => b.kind === 'cloud_hour');
    // Two Cirrus cloud prices (on-demand 23.92 from 2025-04-01 and reserved 17.6 from 2025-04-01): one current entry, the cheaper per GPU.
    expect(cloud).toHaveLength(1);
    expect(cloud[0]).toMatchObject({ vendor: 'Cirrus', price_per_gpu_hour: '2.2', source_sheet: '1-Year Reserved', source_row: 4 });
    const gpu = book.find((b) => b.kind === 'gpu')!;
    expect(gpu.price_per_gpu_hour).toBe('1.044521'); // 27450 / (36 × 730), half-even
    // A price valid only from July is not current in June 2025.
    const b200 = await invoke(ctx, 'prices.list', { gpu_id: 'b200' }) as { unit_price: string }[];
    expect(b200.map((b) => b.unit_price)).toEqual(['47.92']);
    // Before any list is valid, the earliest future price is shown, marked upcoming.
    const early = await invoke(ctx, 'prices.list', { gpu_id: 'b200', as_of: '2025-01-01' }) as { unit_price: string; upcoming: boolean; valid_from: string }[];
    expect(early).toEqual([expect.objectContaining({ unit_price: '47.92', upcoming: true, valid_from: '2025-04-01' })]);
  });

  it('a manual discount is its own list; deleting a list removes its items (cascade)', async () => {
    const r = await imp({ path: sample('vendor_cn_quote_gbk.csv'), vendor: 'CN' });
    const item = ctx.db.prepare('SELECT id FROM price_items WHERE source_row = 5').get() as { id: number };
    const m = await invoke(ctx, 'prices.addManual', { vendor: 'CN (negotiated)', based_on_item_id: item.id, discount_pct: 7.5 }) as { price_list_id: number; item: { unit_price: string; gpu_id: string; kind: string; currency: string } };
    expect(m.item).toMatchObject({ unit_price: '999000', gpu_id: 'h20', kind: 'server', currency: 'CNY' });
    const lists = await invoke(ctx, 'prices.lists', {}) as { id: number; kind: string; items: number }[];
    expect(lists.map((l) => l.kind).sort()).toEqual(['file', 'manual']);
    await invoke(ctx, 'prices.deleteList', { id: r.price_list_id! });
    expect(count('price_items')).toBe(1);
    expect((await apiError(invoke(ctx, 'prices.deleteList', { id: r.price_list_id! }))).code).toBe('not_found');
    expect((await apiError(invoke(ctx, 'prices.addManual', { vendor: 'X', gpu_id: 'h2O', kind: 'gpu', gpus_per_unit: 1, unit_price: '10', currency: 'USD' }))).code).toBe('bad_request');
  });
});
