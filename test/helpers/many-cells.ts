// The issue 17 "slow XLSX": rows × cols one-character cells in one sheet, its XML written directly and deflated
// (140,000 × 30 is a 235 KB file that took SheetJS minutes and 800 MB to parse before cells were counted).
import * as XLSX from 'xlsx';

export function manyCellsXlsx(rows: number, cols: number): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['x']]), 'S');
  const zip = XLSX.CFB.read(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer, { type: 'buffer' });
  const row = (r: number) => `<row r="${r}">${Array.from({ length: cols }, () => '<c t="n"><v>1</v></c>').join('')}</row>`;
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${
    Array.from({ length: rows }, (_, i) => row(i + 1)).join('')}</sheetData></worksheet>`;
  const entry = zip.FileIndex[zip.FullPaths.findIndex((p: string) => p.endsWith('xl/worksheets/sheet1.xml'))];
  entry.content = Buffer.from(xml) as unknown as number[];
  entry.size = entry.content.length;
  return Buffer.from(XLSX.CFB.write(zip, { type: 'buffer', fileType: 'zip', compression: true }) as Buffer);
}
