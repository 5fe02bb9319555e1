// Pins issue 17 item 5: no XLSX cell holds NaN or ±Infinity (not an OOXML number) — cellValue is finite for any number or decimal string, and a 400-digit budget is written as its digits.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { cellValue, xlsxBuffer } from '../../src-main/io/export/xlsx.js';
import { buildTables } from '../../src-main/io/export/tables.js';
import { unzip } from '../../src-main/io/export/zip.js';
import { fixture } from './fixture.js';

const kinds = ['int', 'number', 'percent', 'money'] as const;

describe('cellValue is finite', () => {
  it('any number or decimal string of any length → a finite number, text or empty', () => {
    const decimal = fc.tuple(fc.stringMatching(/^\d{1,500}$/), fc.option(fc.stringMatching(/^\d{1,50}$/))).map(([i, f]) => (f ? `${i}.${f}` : i));
    fc.assert(fc.property(fc.oneof(fc.double(), decimal, fc.constantFrom('1e309', '-1e309', 'Infinity', 'NaN', '9'.repeat(400))), fc.constantFrom(...kinds), (v, kind) => {
      const out = cellValue(v, kind);
      if (typeof out === 'number') expect(Number.isFinite(out)).toBe(true);
    }), { numRuns: 5000, seed: 5 });
  });

  it('NaN and ±Infinity are empty cells; a 400-digit decimal keeps its digits as text', () => {
    expect(cellValue(Number.NaN, 'number')).toBeNull();
    expect(cellValue(Infinity, 'money')).toBeNull();
    expect(cellValue('9'.repeat(400), 'money')).toBe('9'.repeat(400));
    expect(cellValue('1234.50', 'money')).toBe(1234.5);
  });

  it('a workbook with a 400-digit budget has no INF/NaN in its sheet XML', async () => {
    const input = fixture();
    input.budgets![0].limit = '9'.repeat(400);
    const buf = await xlsxBuffer(buildTables(input, 'en'), input.generated_at);
    const files = unzip(buf);
    const xml = files.filter((f) => /^xl\/.*\.xml$/.test(f.name)).map((f) => Buffer.from(f.data).toString('utf8')).join('');
    expect(xml.length).toBeGreaterThan(0);
    expect(xml).not.toMatch(/<v>(-?INF|NaN|Infinity|-?Infinity)<\/v>/i);
    expect(xml).toContain('9'.repeat(400));
  });
});
