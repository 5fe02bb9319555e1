// Pins that every formula of every exported workbook (120 months × 200 clusters, en and zh, cash view with a 30/70 payment split) recomputes in LibreOffice to the value Headroom cached beside it, to the cent, and that the formulas exist where the totals are.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTables } from '../../src-main/io/export/tables.js';
import { xlsxBuffer } from '../../src-main/io/export/xlsx.js';
import { syntheticExportInput } from '../../src-main/io/export/synthetic.js';
import { DEFAULT_OPTIONS } from '../../src-main/io/export/types.js';
import { actualRows } from '../../src-main/io/export/gather.js';
import { fixture } from './fixture.js';
import { compareRecalc, recalcXlsx } from '../helpers/libreoffice';

describe('xlsx formulas recompute in LibreOffice to their cached values', () => {
  it('120 months × 200 clusters, en and zh, accrual and cash with a 30/70 split', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-'));
    const variants = [
      { lang: 'en' as const, input: syntheticExportInput({ months: 120, clusters: 200 }) },
      { lang: 'zh' as const, input: { ...syntheticExportInput({ months: 120, clusters: 200, currency: 'USD' }), view: 'cash' as const,
        options: { ...DEFAULT_OPTIONS, view: 'cash' as const, payment: { kind: 'split' as const, at_order: 0.3 }, fiscal_year_start: 4 } } },
    ];
    const files: string[] = [];
    const bufs: Buffer[] = [];
    for (const [k, v] of variants.entries()) {
      const buf = await xlsxBuffer(buildTables(v.input, v.lang), v.input.generated_at);
      const f = path.join(dir, `book${k}.xlsx`);
      fs.writeFileSync(f, buf);
      files.push(f); bufs.push(buf);
    }
    const out = recalcXlsx(files);
    for (const [k, f] of out.entries()) {
      const { n, bad } = compareRecalc(bufs[k], fs.readFileSync(f));
      expect(bad.slice(0, 10)).toEqual([]);
      // Monthly totals, cost per 1M, opex and the two view totals, capex columns; one per action (two
      // products); the roll-ups; the Summary's totals.
      expect(n).toBeGreaterThan(120 * 6 + variants[k].input.plan.actions.length * 2 + 40);
    }
  }, 300_000);
});

describe('Budgets with actual spend recompute in LibreOffice', () => {
  it('actual = SUMIFS over the Actual spend sheet by quarter and kind; variance and share beside it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-'));
    const input = fixture();
    input.actuals = actualRows([
      { month: '2026-01', category: 'gpu', amount: '150000000', currency: 'CNY' },
      { month: '2026-02', category: 'power', amount: '1200000', currency: 'CNY' },
      { month: '2026-02', category: 'cloud', amount: '100000', currency: 'USD' },
      { month: '2026-03', category: 'staff', amount: '50', currency: 'EUR' },
    ], 'CNY', input.fx);
    const buf = await xlsxBuffer(buildTables(input, 'zh'), input.generated_at);
    const f = path.join(dir, 'actuals.xlsx');
    fs.writeFileSync(f, buf);
    const [out] = recalcXlsx([f]);
    const { n, bad } = compareRecalc(buf, fs.readFileSync(out));
    expect(bad).toEqual([]);
    expect(n).toBeGreaterThan(20);
  }, 300_000);
});
