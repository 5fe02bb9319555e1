// Properties (fast-check): every generated data row is imported or rejected with one known reason; CSV and XLSX agree; failed imports write nothing.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as XLSX from 'xlsx';
import { previewImport, REASONS } from '../../src-main/io/import/preview.js';
import { ApiError } from '../../src-main/api/errors.js';
import { openDatabase, closeDatabase } from '../../src-main/store/open.js';
import { invoke } from '../../src-main/api/handlers.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';
import { samplesDir, shippedCatalog } from './helpers.js';
import { mintLocalPath } from '../../src-main/shared/local-path.js';

const catalog = shippedCatalog();
const ids = new Set(catalog.gpus.map((g) => g.id));

const name = fc.oneof(
  fc.constantFrom('NVIDIA H100 SXM5 80GB', 'H100 PCIe 80GB', 'A800 80G SXM4', '昇腾910B', 'L40S 48GB', 'MI300X OAM 192GB', 'Intel Gaudi 3',
    'Tesla V100S 32GB PCIe', 'InfiniBand cable', '交换机', 'Support service', 'H20 8卡服务器', 'HGX H200', 'Biren BR104 加速卡', 'Total', '合计'),
  fc.string({ maxLength: 20 }),
);
const desc = fc.oneof(fc.constantFrom('', '8-GPU server', '单卡', 'spare', '2x CPU, 8x NIC', '8×910B', 'workstation'), fc.string({ maxLength: 20 }));
const price = fc.oneof(
  fc.constantFrom('$27,450.00', '￥1,080,000.00', '10.8万', '1150000元', '18.800,00 €', '面议', 'Contact sales', '', '-5', 'abc', '0', '100 XYZ', '$1.04'),
  fc.integer({ min: -1000, max: 10_000_000 }).map(String),
  fc.double({ min: 0, max: 1e7, noNaN: true }).map((d) => d.toFixed(2)),
  fc.string({ maxLength: 12 }),
);
const qty = fc.oneof(fc.constantFrom('', '0', '1', '8', '16', '1.5', '-2', 'many'), fc.integer({ min: 0, max: 100 }).map(String));
const lead = fc.oneof(fc.constantFrom('', 'Stock', '现货', '8-10周', '6 weeks', '30天', 'TBD'), fc.string({ maxLength: 8 }));
const date = fc.oneof(fc.constantFrom('', '2025-03-10', '2025-02-30', '01.04.2025', '2025年3月1日', 'soon'), fc.string({ maxLength: 10 }));
const row = fc.tuple(name, desc, qty, price, lead, date, fc.oneof(fc.constant(''), fc.constant(''), fc.string({ maxLength: 6 })));

const header = ['Part Number', 'Description', 'Qty', 'Unit Price (USD)', 'Lead Time', 'Valid from'];
const csvCell = (s: string) => (/[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const toCsv = (title: string[], rows: string[][]) =>
  [...title.map((t) => csvCell(t)), header.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n');

/** Data rows the conventions count: after the header, at least two non-empty cells. */
function dataRows(rows: string[][], first: number): number[] {
  return rows.flatMap((r, i) => (r.filter((c) => c.trim() !== '').length >= 2 ? [first + i] : []));
}

describe('import properties', () => {
  it('every data row is imported or rejected with exactly one known reason, and items are well-formed', () => {
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 25 }), fc.constantFrom<string[]>([], ['Quote date: 10-Mar-2025'], ['Offer', 'in EUR']), (rows, title) => {
      const cells = rows.map((r) => [...r]);
      const csv = toCsv(title, cells);
      const p = previewImport(new TextEncoder().encode(csv), 'gen.csv', catalog);
      const first = title.length + 2;
      const seen = [...p.items.map((i) => i.row), ...p.rejected.map((r) => r.row)].sort((a, b) => a - b);
      expect(seen).toEqual(dataRows(cells, first));
      for (const r of p.rejected) expect(REASONS).toContain(r.reason);
      for (const i of p.items) {
        expect(ids.has(i.gpu_id)).toBe(true);
        expect(i.unit_price).toMatch(/^\d+(\.\d*[1-9])?$/);
        expect(Number(i.unit_price)).toBeGreaterThan(0);
        expect(i.currency).toMatch(/^[A-Z]{3}$/);
        expect(Number.isInteger(i.gpus_per_unit) && i.gpus_per_unit > 0).toBe(true);
        expect(i.valid_from === null || /^\d{4}-\d{2}-\d{2}$/.test(i.valid_from)).toBe(true);
        expect(i.min_qty === null || (Number.isInteger(i.min_qty) && i.min_qty > 0)).toBe(true);
        expect(i.lead_time_weeks === null || (Number.isInteger(i.lead_time_weeks) && i.lead_time_weeks >= 0)).toBe(true);
      }
    }), { numRuns: 150, seed: 5 });
  });

  it('the same cells as CSV and as XLSX import identically', () => {
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), (rows) => {
      const cells = rows.map((r) => r.map((c) => c.replace(/[\r\n]/g, ' ')));
      const csv = previewImport(new TextEncoder().encode(toCsv(['Title'], cells)), 'g.csv', catalog);
      const ws = XLSX.utils.aoa_to_sheet([['Title'], header, ...cells]);
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, ws, 'S');
      const bytes = new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
      const x = previewImport(bytes, 'g.xlsx', catalog);
      const strip = (p: typeof csv) => ({
        items: p.items.map(({ sheet: _s, source_text: _t, ...i }) => i),
        rejected: p.rejected.map(({ sheet: _s, ...r }) => r),
      });
      expect(strip(x)).toEqual(strip(csv));
    }), { numRuns: 40, seed: 7 });
  });

  it('bytes that are not a price list are refused whole (ApiError unreadable) or read as rows; never anything else', () => {
    const xlsx = fs.readFileSync(path.join(samplesDir, 'cloud_rates.xlsx'));
    fc.assert(fc.property(fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc.integer({ min: 0, max: xlsx.length - 1 }).map((n) => new Uint8Array(xlsx.subarray(0, n))),
      fc.tuple(fc.integer({ min: 0, max: xlsx.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([i, b]) => { const c = new Uint8Array(xlsx); c[i] = b; return c; }),
    ), fc.constantFrom('x.csv', 'x.xlsx', 'x.txt'), (bytes, fileName) => {
      try {
        const p = previewImport(bytes, fileName, catalog);
        for (const r of p.rejected) expect(REASONS).toContain(r.reason);
      } catch (e) {
        expect(e).toBeInstanceOf(ApiError);
        expect((e as ApiError).code).toBe('unreadable');
      }
    }), { numRuns: 120, seed: 11 });
  });

  it('damaged XLSX found by fuzzing is refused at once (SheetJS alone spun forever on these)', () => {
    const xlsx = fs.readFileSync(path.join(samplesDir, 'cloud_rates.xlsx'));
    const flipped = new Uint8Array(xlsx);
    flipped[8103] = 191; // inside a deflate stream
    for (const bytes of [new Uint8Array(xlsx.subarray(0, 30)), new Uint8Array(xlsx.subarray(0, 100)), flipped]) {
      expect(() => previewImport(bytes, 'x.xlsx', catalog)).toThrow(ApiError);
    }
  });

  it('a failed import leaves the database file byte-for-byte unchanged', async () => {
    const file = path.join(tmpDir(), 'p.db');
    const db = openDatabase(file, { appRoot: ROOT, create: true });
    const ctx = { db, dbPath: file, appRoot: ROOT, now: () => new Date('2025-06-01T00:00:00Z') };
    const hash = () => { db.pragma('wal_checkpoint(TRUNCATE)'); return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'); };
    try {
      await invoke(ctx, 'prices.import', { path: mintLocalPath(path.join(samplesDir, 'vendor_en_quote.csv')), vendor: 'N' });
      const xlsx = fs.readFileSync(path.join(samplesDir, 'cloud_rates.xlsx'));
      await fc.assert(fc.asyncProperty(fc.oneof(
        fc.uint8Array({ maxLength: 500 }).map((b) => ({ bytes: b, name: 'r.csv' })),
        fc.integer({ min: 1, max: xlsx.length - 1 }).map((n) => ({ bytes: new Uint8Array(xlsx.subarray(0, n)), name: 'cut.xlsx' })),
        fc.constant({ bytes: new Uint8Array(fs.readFileSync(path.join(samplesDir, 'vendor_en_quote.csv'))), name: 'again.csv' }),
      ), async ({ bytes, name: fileName }) => {
        const before = hash();
        let failed = false;
        try {
          await invoke(ctx, 'prices.import', { data_base64: Buffer.from(bytes).toString('base64'), file_name: fileName, vendor: 'F' });
        } catch (e) {
          expect(e).toBeInstanceOf(ApiError);
          failed = true;
        }
        if (failed) expect(hash()).toBe(before);
      }), { numRuns: 30, seed: 3 });
    } finally {
      closeDatabase(db);
    }
  });
});
