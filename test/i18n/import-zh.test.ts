// The price import's reject details and assumptions reach the zh UI through
// src-main/shared/import-zh.ts. This runs the real import on every vendor sample and cloud-export
// fixture and fails on any detail or assumption no rule translates,
// or on a translation that still carries an English sentence.
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { previewImport } from '../../src-main/io/import/preview.js';
import { importTextZhOrNull } from '../../src-main/shared/import-zh.js';
import { repoRoot, samplesDir, shippedCatalog } from '../import/helpers.js';

const dirs = [samplesDir, path.join(repoRoot, 'test', 'fixtures', 'catalogs')];
const files = dirs.flatMap((d) => fs.readdirSync(d).filter((f) => /\.(csv|xlsx|json)$/.test(f) && !f.endsWith('.expected.json') && f !== 'broken.xlsx').map((f) => path.join(d, f)));

describe('import reject details and assumptions in Chinese', () => {
  it('every detail and assumption of the real import on the fixtures has a Chinese wording', () => {
    const untranslated: string[] = [];
    let seen = 0;
    for (const f of files) {
      {
        const p = previewImport(new Uint8Array(fs.readFileSync(f)), path.basename(f), shippedCatalog());
        for (const s of [...p.rejected.map((r) => r.detail), ...p.assumptions]) {
          seen++;
          const zh = importTextZhOrNull(s);
          if (zh === null) untranslated.push(`${path.basename(f)}: ${s}`);
          else if (/\b[a-z]{3,} (?:the|is|not|of|per|a|an) [a-z]{3,}\b/.test(zh.replace(/[“"][^”"]*[”"]/g, ''))) untranslated.push(`${path.basename(f)} (still English): ${zh}`);
        }
      }
    }
    expect(seen).toBeGreaterThan(20);
    expect(untranslated).toEqual([]);
  });

  it('keeps the file\'s own text and figures', () => {
    expect(importTextZhOrNull('"Tesla V100S PCIe (refurbished)" is not a GPU in the catalog')).toBe('“Tesla V100S PCIe (refurbished)”不是目录中的 GPU');
    expect(importTextZhOrNull('the price "12,5 EUR" is not a number')).toBe('价格“12,5 EUR”不是数字');
    expect(importTextZhOrNull('Sheet2: the row has 9 cells but the header has 7')).toBe('Sheet2：该行有 9 个单元格，但表头只有 7 列');
    expect(importTextZhOrNull('something new the import says')).toBeNull();
  });
});
