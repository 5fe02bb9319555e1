// Builds hostile XLSX files for test/security/xlsx-bomb.exploit.spec.ts: a real workbook
// whose sheet (or shared strings) part is swapped for a huge, highly compressible one — a
// "zip bomb" that is small on disk and hundreds of megabytes once inflated.
import zlib from 'node:zlib';
import * as XLSX from 'xlsx';

function dosTime() { return { time: 0, date: (2025 - 1980) << 9 | 1 << 5 | 1 }; }

/** Minimal ZIP writer (deflate), enough for SheetJS and Excel: local headers + central directory. */
function zip(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  const { time, date } = dosTime();
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0, 6); local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10); local.writeUInt16LE(date, 12); local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.compressed.length, 18); local.writeUInt32LE(e.size >>> 0, 22); local.writeUInt16LE(name.length, 26); local.writeUInt16LE(0, 28);
    parts.push(local, name, e.compressed);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(0, 8); c.writeUInt16LE(8, 10);
    c.writeUInt16LE(time, 12); c.writeUInt16LE(date, 14); c.writeUInt32LE(e.crc >>> 0, 16); c.writeUInt32LE(e.compressed.length, 20);
    c.writeUInt32LE(e.size >>> 0, 24); c.writeUInt16LE(name.length, 28); c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + e.compressed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

/** Deflates head + unit×count + tail as a stream, never holding the inflated text in memory. */
async function deflateRepeated(head, unit, count, tail) {
  const z = zlib.createDeflateRaw({ level: 9 });
  const out = [];
  z.on('data', (c) => out.push(c));
  const done = new Promise((resolve, reject) => { z.on('end', resolve); z.on('error', reject); });
  let crc = 0, size = 0;
  const write = async (buf) => {
    crc = zlib.crc32(buf, crc); size += buf.length;
    if (!z.write(buf)) await new Promise((r) => z.once('drain', r));
  };
  const perBlock = Math.max(1, Math.floor(1_048_576 / unit.length));
  const block = Buffer.from(unit.repeat(perBlock));
  await write(Buffer.from(head));
  for (let left = count; left > 0; left -= perBlock) await write(left >= perBlock ? block : Buffer.from(unit.repeat(left)));
  await write(Buffer.from(tail));
  z.end();
  await done;
  return { compressed: Buffer.concat(out), crc, size };
}

/** A workbook whose `xl/worksheets/sheet1.xml` (or `xl/sharedStrings.xml`) inflates to about `mb` megabytes. */
export async function xlsxBomb({ mb = 600, part = 'sheet' } = {}) {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Model', 'Unit Price'], ['H100 SXM5 80GB', 27450]]), 'Quote');
  const small = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: part === 'sst' });
  const cfb = XLSX.CFB.read(small, { type: 'buffer' });
  const entries = [];
  for (let i = 0; i < cfb.FullPaths.length; i++) {
    const full = cfb.FullPaths[i];
    const f = cfb.FileIndex[i];
    if (f.type !== 2 || full.includes('Sh33tJ5')) continue;
    const name = full.replace(/^Root Entry\//, '');
    let content = Buffer.from(f.content);
    if (part === 'sheet' && name === 'xl/worksheets/sheet1.xml') {
      const unit = '<row><c t="inlineStr"><is><t>H100 SXM5 80GB</t></is></c><c><v>27450</v></c></row>';
      const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
      entries.push({ name, ...await deflateRepeated(head, unit, Math.floor((mb * 1_048_576) / unit.length), '</sheetData></worksheet>') });
      continue;
    }
    if (part === 'sst' && name === 'xl/sharedStrings.xml') {
      const unit = '<si><t>H100 SXM5 80GB shared string padding padding</t></si>';
      const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
      entries.push({ name, ...await deflateRepeated(head, unit, Math.floor((mb * 1_048_576) / unit.length), '</sst>') });
      continue;
    }
    entries.push({ name, compressed: zlib.deflateRawSync(content), crc: zlib.crc32(content), size: content.length });
  }
  return zip(entries);
}
