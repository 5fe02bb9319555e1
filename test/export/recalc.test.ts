// Pins that every formula in the XLSX recomputes (as Excel/WPS would on open) to the value cached beside it, to the cent, on a 120-month, 200-cluster plan.
import { describe, it, expect } from 'vitest';
import * as XLSX from 'xlsx';
import { buildTables } from '../../src-main/io/export/tables.js';
import { xlsxBuffer } from '../../src-main/io/export/xlsx.js';
import { syntheticExportInput } from '../../src-main/io/export/synthetic.js';

type Book = XLSX.WorkBook;

/** Values of a range like `'Monthly'!$Y$2:$Y$121` or `S2:X2` (sheet defaults to `here`). */
function range(wb: Book, here: string, ref: string): XLSX.CellObject[] {
  const m = /^(?:'((?:[^']|'')+)'!)?(.+)$/.exec(ref)!;
  const ws = wb.Sheets[m[1] ? m[1].replace(/''/g, "'") : here];
  const r = XLSX.utils.decode_range(m[2].replace(/\$/g, ''));
  const out: XLSX.CellObject[] = [];
  for (let row = r.s.r; row <= r.e.r; row++) for (let c = r.s.c; c <= r.e.c; c++) out.push(ws[XLSX.utils.encode_cell({ r: row, c })] ?? { t: 'z' });
  return out;
}
const num = (c: XLSX.CellObject) => (typeof c.v === 'number' ? c.v : 0);
const sum = (wb: Book, here: string, ref: string) => range(wb, here, ref).reduce((a, c) => a + num(c), 0);

/** Evaluates the formula shapes the exporter writes; throws on anything else (so a new shape needs a test). */
function evaluate(wb: Book, here: string, f: string): number | string {
  let m: RegExpExecArray | null;
  const REF = "(?:'(?:[^']|'')+'!)?\\$?[A-Z]+\\$?\\d+(?::\\$?[A-Z]+\\$?\\d+)?";
  if ((m = new RegExp(`^SUM\\((${REF})\\)$`).exec(f))) return sum(wb, here, m[1]);
  if ((m = new RegExp(`^IF\\(N\\((${REF})\\)>0,(${REF})/(${REF}),""\\)$`).exec(f))) {
    const den = sum(wb, here, m[1]);
    return den > 0 ? sum(wb, here, m[2]) / sum(wb, here, m[3]) : '';
  }
  if ((m = new RegExp(`^(${REF})\\*(${REF})$`).exec(f))) return sum(wb, here, m[1]) * sum(wb, here, m[2]);
  if ((m = new RegExp(`^IF\\(SUM\\((${REF})\\)>0,SUM\\((${REF})\\)/SUM\\((${REF})\\),""\\)$`).exec(f))) {
    const den = sum(wb, here, m[1]);
    return den > 0 ? sum(wb, here, m[2]) / sum(wb, here, m[3]) : '';
  }
  if ((m = new RegExp(`^SUMIF\\((${REF}),"([^"]*)",(${REF})\\)$`).exec(f))) {
    const keys = range(wb, here, m[1]);
    const vals = range(wb, here, m[3]);
    return keys.reduce((a, k, i) => a + (k.v === m![2] ? num(vals[i]) : 0), 0);
  }
  throw new Error(`formula shape not covered: ${f}`);
}

describe('xlsx formulas recompute to their cached values', () => {
  it.each(['en', 'zh'] as const)('%s', async (lang) => {
    const input = syntheticExportInput({ months: 120, clusters: 200 });
    const wb = XLSX.read(await xlsxBuffer(buildTables(input, lang), input.generated_at), { cellFormula: true });
    let n = 0;
    for (const name of wb.SheetNames) {
      for (const [addr, cell] of Object.entries(wb.Sheets[name])) {
        if (addr.startsWith('!') || !(cell as XLSX.CellObject).f) continue;
        const c = cell as XLSX.CellObject;
        const v = evaluate(wb, name, c.f!);
        if (typeof v === 'string') expect(c.v ?? '', `${name}!${addr}`).toBe(v);
        else expect(Math.abs(v - Number(c.v)), `${name}!${addr} ${c.f}`).toBeLessThan(0.005);
        n++;
      }
    }
    // 120 totals + 120 cost-per-1M + one per action + the Summary's totals.
    expect(n).toBeGreaterThanOrEqual(240 + input.plan.actions.length + 8);
  });
});
