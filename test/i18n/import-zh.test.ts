// The price import's reject details and assumptions reach the zh UI through
// src-main/shared/import-zh.ts. Every detail is a message code of src-main/shared/import-messages.ts
// (the importer cannot write free text: `detail` is typed ImportText, made only by importMsg), so
// this checks every code of that catalogue — not only the shapes the fixtures happen to produce —
// and then the real import on every vendor sample and cloud-export fixture.
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { previewImport } from '../../src-main/io/import/preview.js';
import { importTextZhOrNull } from '../../src-main/shared/import-zh.js';
import { IMPORT_CODES, IMPORT_MESSAGES, importMsg, importMsgZh, paramsOf, parseImportText } from '../../src-main/shared/import-messages.js';
import { repoRoot, samplesDir, shippedCatalog } from '../import/helpers.js';

const dirs = [samplesDir, path.join(repoRoot, 'test', 'fixtures', 'catalogs')];
const files = dirs.flatMap((d) => fs.readdirSync(d).filter((f) => /\.(csv|xlsx|json)$/.test(f) && !f.endsWith('.expected.json') && f !== 'broken.xlsx').map((f) => path.join(d, f)));
/** An English sentence left in a Chinese text once the file's own quoted text is taken out. */
const english = (zh: string) => /\b[a-z]{3,} (?:the|is|not|of|per|a|an|in|has|no|or) [a-z]{3,}\b/i.test(zh.replace(/[“"][^”"]*[”"]/g, '').replace(/PARAM\d+/g, ''));
const src = (f: string) => fs.readFileSync(path.join(repoRoot, 'src-main', 'io', 'import', f), 'utf8');

describe('import reject details and assumptions in Chinese', () => {
  it('every message code the importer defines has a Chinese wording that keeps its parameters and carries no English sentence', () => {
    expect(IMPORT_CODES.length).toBeGreaterThan(50);
    for (const code of IMPORT_CODES) {
      const params = Object.fromEntries(paramsOf(code).map((n, i) => [n, `PARAM${i}`]));
      // `options` is a list the importer joins with " or " (the zh joins with 或).
      if ('options' in params) params.options = 'PARAM0a or PARAM0b';
      const en = importMsg(code, params);
      // The English reads back to this code and these parameters (so a stored detail is translatable)…
      const back = parseImportText(en);
      expect(back, `${code}: ${en}`).not.toBeNull();
      expect(importMsg(back!.code, back!.params), code).toBe(en);
      // …and its Chinese is not English, differs from the English, and keeps every parameter.
      const zh = importTextZhOrNull(en)!;
      expect(zh, code).toBe(importMsgZh(back!.code, back!.params));
      expect(zh, code).not.toBe(en);
      expect(english(zh), `${code} still English: ${zh}`).toBe(false);
      expect(/[\u4e00-\u9fff]/.test(zh), `${code}: ${zh}`).toBe(true);
      for (const v of Object.values(params)) for (const part of String(v).split(' or ')) expect(zh, `${code} keeps ${part}`).toContain(part);
    }
  });

  it('the importer writes details only through the catalogue: no detail or assumption is a string literal', () => {
    for (const f of ['preview.ts', 'cloud-presets.ts']) {
      const s = src(f);
      expect(s, f).not.toMatch(/detail:\s*[`'"]/);
      expect(s, f).not.toMatch(/reject\('[a-z_]+',\s*[`'"]/);
      expect(s, f).not.toMatch(/out\.add\((?!importMsg\(|`\$\{where\}\$\{m\}`\))/);
      expect(s, f).not.toMatch(/say\(\s*[`'"]/);
    }
    // Every code is used by the importer (no dead wording) — the catalogue is the source of truth for what it can say.
    const both = src('preview.ts') + src('cloud-presets.ts');
    for (const code of IMPORT_CODES) {
      const used = both.includes(`'${code}'`) || (/^(layout|currency)_(skypilot|aws|azure|gcp)$/.test(code) && both.includes(`\`${code.split('_')[0]}_\${`));
      expect(used, code).toBe(true);
    }
    expect(Object.keys(IMPORT_MESSAGES)).toEqual(IMPORT_CODES);
  });

  it('every detail and assumption of the real import on the fixtures has a Chinese wording', () => {
    const untranslated: string[] = [];
    let seen = 0;
    for (const f of files) {
      const p = previewImport(new Uint8Array(fs.readFileSync(f)), path.basename(f), shippedCatalog());
      for (const s of [...p.rejected.map((r) => r.detail), ...p.assumptions]) {
        seen++;
        const zh = importTextZhOrNull(s);
        if (zh === null) untranslated.push(`${path.basename(f)}: ${s}`);
        else if (english(zh)) untranslated.push(`${path.basename(f)} (still English): ${zh}`);
      }
    }
    expect(seen).toBeGreaterThan(20);
    expect(untranslated).toEqual([]);
  });

  it('keeps the file\'s own text and figures', () => {
    expect(importTextZhOrNull('"Tesla V100S PCIe (refurbished)" is not a GPU in the catalog')).toBe('“Tesla V100S PCIe (refurbished)”不是目录中的 GPU');
    expect(importTextZhOrNull('the price "12,5 EUR" is not a number')).toBe('价格“12,5 EUR”不是数字');
    expect(importTextZhOrNull('Sheet2: the row has 9 cells but the header has 7')).toBe('Sheet2：该行有 9 个单元格，但表头只有 7 列');
    expect(importTextZhOrNull('no VM size has no GPU')).toBe('没有 VM 规格，也就没有 GPU');
    expect(importTextZhOrNull('something new the import says')).toBeNull();
  });
});
