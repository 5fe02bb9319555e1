// Zip-bomb guard for XLSX files: inflate every part with a hard output cap *before* SheetJS
// sees the file. SheetJS inflates and parses whole parts in memory, so a 700 KB file whose
// sheet inflates to 200 MB took two minutes and 1.8 GB before it was refused for its row
// count (measured, test/security/xlsx-bomb.exploit.spec.ts). Declared sizes in the zip
// directory can lie, so the parts are actually inflated (zlib with maxOutputLength), which
// is fast (native) and bounded in memory. https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
import zlib from 'node:zlib';

/** Most a whole workbook may inflate to (all parts together). Real price lists are far smaller. */
export const MAX_INFLATED_BYTES = 128 * 1024 * 1024;
/** Most parts a workbook may hold. */
export const MAX_ZIP_ENTRIES = 10_000;
/**
 * Most cells all worksheets together may hold. Parse work grows with cells, not bytes: 140,000
 * rows × 30 tiny cells is a 235 KB file that took SheetJS minutes and 800 MB (issue 17). A
 * 100,000-row price list of 10 columns is 1,000,000 cells.
 */
export const MAX_CELLS = 1_500_000;

const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/i;
/** `<c ` / `<c>` / `<x:c ` openings in a worksheet part (counted on the inflated bytes, before any parse). */
export function countCells(xml: Buffer): number {
  let n = 0;
  for (const m of xml.toString('latin1').matchAll(/<(?:[A-Za-z_][\w.-]*:)?c[\s>/]/g)) { void m; n++; }
  return n;
}

/** Why a zip must not be opened (too big once inflated, too many parts), or null if it may be. */
export function zipInflateProblem(b: Uint8Array, maxTotal = MAX_INFLATED_BYTES, maxCells = MAX_CELLS, what = 'a price list'): string | null {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) return null; // not a whole zip: the caller's own checks refuse it
  const entries = buf.readUInt16LE(eocd + 10);
  if (entries > MAX_ZIP_ENTRIES) return `the XLSX file has ${entries} parts (more than ${MAX_ZIP_ENTRIES})`;
  let p = buf.readUInt32LE(eocd + 16);
  let total = 0;
  let cells = 0;
  for (let k = 0; k < entries; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), cmtLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, Math.min(buf.length, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + cmtLen;
    if (csize === 0xffffffff || usize === 0xffffffff) return 'the XLSX file uses ZIP64 (parts over 4 GB)';
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) return null;
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, Math.min(buf.length, start + csize));
    const left = maxTotal - total;
    const sheet = SHEET_PART.test(name);
    if (method === 0) {
      total += data.length;
      if (sheet) cells += countCells(data);
    } else if (method === 8) {
      try {
        const out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, left + 1) });
        total += out.length;
        if (sheet) cells += countCells(out);
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) total = maxTotal + 1;
        else return null; // damaged data: SheetJS refuses it with its own message
      }
    } else {
      return `the XLSX file uses an unsupported compression method (${method})`;
    }
    if (total > maxTotal) return `the XLSX file inflates to more than ${maxTotal / 1024 / 1024} MB (a "zip bomb" or far larger than a price list)`;
    if (cells > maxCells) return `the XLSX file has more than ${maxCells.toLocaleString('en')} cells (far more than ${what}; split it or delete unused columns)`;
  }
  return null;
}
