// Pins every vendor sample in test/fixtures/samples to its .expected.json (rows, decimal values, reasons, refuse_whole).
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { Decimal } from 'decimal.js';
import { previewImport } from '../../src-main/io/import/preview.js';
import { ApiError } from '../../src-main/api/errors.js';
import { samplesDir, shippedCatalog } from './helpers.js';

interface Expected {
  refuse_whole: boolean;
  imported: { source_row: number; sheet?: string; gpu_id: string; kind: string; gpus_per_unit: number; unit_price: string; currency: string;
    lead_time_weeks: number | null; valid_from: string | null; min_qty: number | null }[];
  rejected: { source_row: number; sheet?: string; reason: string }[];
}

const samples = fs.readdirSync(samplesDir).filter((f) => fs.existsSync(path.join(samplesDir, `${f}.expected.json`))).sort();

describe('vendor samples import exactly as their .expected.json says', () => {
  it('finds the samples', () => {
    expect(samples).toEqual(['broken.xlsx', 'cloud_rates.xlsx', 'lease_offer_eur.csv', 'vendor_cn_quote_gbk.csv', 'vendor_en_quote.csv']);
  });
  for (const f of samples) {
    it(f, () => {
      const exp = JSON.parse(fs.readFileSync(path.join(samplesDir, `${f}.expected.json`), 'utf8')) as Expected;
      const bytes = new Uint8Array(fs.readFileSync(path.join(samplesDir, f)));
      if (exp.refuse_whole) {
        let err: unknown;
        try { previewImport(bytes, f, shippedCatalog()); } catch (e) { err = e; }
        expect(err).toBeInstanceOf(ApiError);
        expect((err as ApiError).code).toBe('unreadable');
        return;
      }
      const p = previewImport(bytes, f, shippedCatalog());
      const got = p.items.map((i) => ({
        source_row: i.row, ...(i.sheet !== undefined ? { sheet: i.sheet } : {}), gpu_id: i.gpu_id, kind: i.kind, gpus_per_unit: i.gpus_per_unit,
        unit_price: i.unit_price, currency: i.currency, lead_time_weeks: i.lead_time_weeks, valid_from: i.valid_from, min_qty: i.min_qty,
      }));
      // Prices compare as decimals; everything else exactly.
      const norm = (xs: Expected['imported']) => xs.map((x) => ({ ...x, unit_price: new Decimal(x.unit_price).toString() }));
      expect(norm(got)).toEqual(norm(exp.imported));
      for (const i of p.items) expect(i.unit_price).toMatch(/^\d+(\.\d*[1-9])?$/); // minimal form
      expect(p.rejected.map((r) => ({ source_row: r.row, ...(r.sheet !== undefined ? { sheet: r.sheet } : {}), reason: r.reason })))
        .toEqual(exp.rejected);
    });
  }
});
