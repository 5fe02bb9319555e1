// Generated hostile price-list files for the import fuzz (test/security/import-fuzz.test.ts,
// a sample; bench/fuzz.bench.mjs, ≥ 10,000 cases): random bytes, CSV in wrong encodings with
// huge cells and wrong types, XLSX written by SheetJS (then maybe damaged), and a few fixed
// monsters (10^6 columns, a multi-megabyte cell). `importCase` runs one file through the real
// `prices.import` API call and checks the outcome: a clean rejection that left the database
// unchanged, or a commit of exactly what was reported.
import fc from 'fast-check';
import iconv from 'iconv-lite';
import * as XLSX from 'xlsx';

const GPU_WORDS = ['H100 SXM5 80GB', 'H200 141GB', 'A100 80GB PCIe', 'L40S', 'MI300X', 'H20 96GB', '昇腾 910B', 'Tesla V100S 32GB', 'RTX 4090', 'B200'];
const HEADER_WORDS = ['Model', 'Description', 'Qty', 'Unit Price', 'Price', 'Currency', 'Lead time', '型号', '单价(含税)', '数量', '交货期', 'Preis', 'Total', ''];
const MONEY = ['$27,450.00', '¥1,200', '(1.234,50)', '10.8万', '1150000元', '18.800,00 €', 'EUR 11.200,00', '-5', '0', '1e309', 'NaN', '$', '面议', 'Contact sales', '27 450,00', '１２３４', '9'.repeat(400)];

const cellText = fc.oneof(
  { arbitrary: fc.constantFrom(...GPU_WORDS, ...HEADER_WORDS, ...MONEY), weight: 5 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 1 },
  { arbitrary: fc.constantFrom('"', '""', '"unclosed', '\r', '\n', '\u0000', '=cmd|" /c calc"!A1', '@SUM(A1)', '\uFEFF', '\uFFFD', 'true', 'null', '2025-02-30', '31/12/2025', '45000'), weight: 1 },
  { arbitrary: fc.integer().map(String), weight: 1 },
  { arbitrary: fc.double({ noNaN: false }).map(String), weight: 1 },
);

const quote = (s, d) => (/["\r\n]/.test(s) || s.includes(d) ? `"${s.replace(/"/g, '""')}"` : s);

const csvText = fc.record({
  rows: fc.array(fc.array(cellText, { minLength: 0, maxLength: 9 }), { minLength: 0, maxLength: 40 }),
  header: fc.boolean(),
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  quoted: fc.boolean(),
}).map(({ rows, header, delimiter, eol, quoted }) => {
  const all = header ? [['Model', 'Description', 'Qty', 'Unit Price', 'Currency'], ...rows] : rows;
  return all.map((r) => r.map((c) => (quoted ? quote(c, delimiter) : c)).join(delimiter)).join(eol);
});

const encode = (text, enc) => {
  switch (enc) {
    case 'utf8': return Buffer.from(text, 'utf8');
    case 'utf8-bom': return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le-bom': return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    case 'utf16le-nobom': return iconv.encode(text, 'utf-16le');
    case 'utf16be-bom': return Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]);
    default: return iconv.encode(text, enc);
  }
};

/** Damage: truncate, flip bytes, or splice random bytes in. */
const damage = (bytes, seed) => {
  const b = Buffer.from(bytes);
  if (!b.length) return b;
  const r = seed % 3;
  if (r === 0) return b.subarray(0, seed % b.length);
  if (r === 1) { for (let i = seed % 17; i < b.length; i += 1 + (seed % 97)) b[i] ^= 0xa5; return b; }
  const at = seed % b.length;
  return Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 64 }, (_, i) => (seed * (i + 7)) & 0xff)), b.subarray(at)]);
};

const xlsxCell = fc.oneof(cellText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
  fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }));

const xlsxBytes = fc.record({
  sheets: fc.array(fc.array(fc.array(xlsxCell, { maxLength: 8 }), { maxLength: 30 }), { minLength: 1, maxLength: 3 }),
  names: fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 3, maxLength: 3 }),
  hiddenCol: fc.boolean(),
}).map(({ sheets, names, hiddenCol }) => {
  const wb = XLSX.utils.book_new();
  sheets.forEach((aoa, i) => {
    const ws = XLSX.utils.aoa_to_sheet([['Model', 'Unit Price', 'Qty'], ...aoa], { cellDates: true });
    if (hiddenCol) ws['!cols'] = [{}, { hidden: true }];
    const name = (names[i].replace(/[\\/?*[\]:']/g, '_').slice(0, 31) || 'S') + i;
    try { XLSX.utils.book_append_sheet(wb, ws, name); } catch { XLSX.utils.book_append_sheet(wb, ws, `S${i}`); } // names SheetJS refuses
  });
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
});

/** fast-check arbitrary of { kind, name, bytes }. */
export const hostileFile = fc.oneof(
  { arbitrary: fc.record({ b: fc.uint8Array({ maxLength: 2048 }), ext: fc.constantFrom('csv', 'xlsx', 'tsv', 'xls', 'txt') }).map(({ b, ext }) => ({ kind: 'random-bytes', name: `rand.${ext}`, bytes: Buffer.from(b) })), weight: 2 },
  { arbitrary: fc.record({ t: csvText, enc: fc.constantFrom('utf8', 'utf8', 'utf8-bom', 'utf16le-bom', 'utf16le-nobom', 'utf16be-bom', 'gbk', 'latin1', 'shift_jis', 'win1251') }).map(({ t, enc }) => ({ kind: `csv-${enc}`, name: 'quote.csv', bytes: encode(t, enc) })), weight: 5 },
  { arbitrary: fc.record({ t: csvText, seed: fc.nat() }).map(({ t, seed }) => ({ kind: 'csv-damaged', name: 'quote.csv', bytes: damage(Buffer.from(t, 'utf8'), seed) })), weight: 1 },
  { arbitrary: xlsxBytes.map((b) => ({ kind: 'xlsx', name: 'rates.xlsx', bytes: b })), weight: 2 },
  { arbitrary: fc.record({ b: xlsxBytes, seed: fc.nat() }).map(({ b, seed }) => ({ kind: 'xlsx-damaged', name: 'rates.xlsx', bytes: damage(b, seed) })), weight: 2 },
  { arbitrary: csvText.map((t) => ({ kind: 'csv-as-xlsx', name: 'wrong.xlsx', bytes: Buffer.from(t) })), weight: 1 },
  { arbitrary: xlsxBytes.map((b) => ({ kind: 'xlsx-as-csv', name: 'wrong.csv', bytes: b })), weight: 1 },
);

/** Fixed monsters, run once each: 10^6 columns, a 4 MB cell, 100k rows, deep quoting. */
export function monsters() {
  return [
    { kind: 'million-columns', name: 'wide.csv', bytes: Buffer.from('Model' + ',x'.repeat(999_999) + '\nH100 SXM5 80GB' + ',1'.repeat(999_999) + '\n') },
    { kind: 'million-columns-header-only', name: 'wide2.csv', bytes: Buffer.from(Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(';')) },
    { kind: 'huge-cell', name: 'cell.csv', bytes: Buffer.from(`Model,Unit Price\n"${'H100 '.repeat(800_000)}",$27450.00\n`) },
    { kind: 'huge-unquoted-cell', name: 'cell2.csv', bytes: Buffer.from(`Model,Unit Price\nH100,${'9'.repeat(4_000_000)}\n`) },
    { kind: '100k-rows', name: 'rows.csv', bytes: Buffer.from(['Model,Qty,Unit Price', ...Array.from({ length: 100_000 }, (_, i) => `${GPU_WORDS[i % 4]},${1 + (i % 8)},$${20000 + i}.00`)].join('\n')) },
    { kind: 'unclosed-quote', name: 'q.csv', bytes: Buffer.from('Model,Unit Price\n"H100,' + 'x,'.repeat(500_000)) },
    { kind: 'nul-bytes', name: 'nul.csv', bytes: Buffer.alloc(1_000_000) },
  ];
}

const DIGEST_TABLES = ['price_lists', 'price_items', 'vendor_mappings', 'gpu_aliases', 'undo_steps', 'undo_log'];

export function digest(db) {
  return DIGEST_TABLES.map((t) => {
    const r = db.prepare(`SELECT count(*) AS n, coalesce(max(rowid), 0) AS m FROM ${t}`).get();
    return `${t}:${r.n}:${r.m}`;
  }).join(' ');
}

/**
 * One file through `prices.import` (as a browser upload would send it). Returns
 * { outcome: 'commit' | 'rejected', code?, ms }; throws on an internal error, a commit that
 * does not match its report, or a rejection that changed the database.
 */
export async function importCase(invoke, ctx, file) {
  const before = digest(ctx.db);
  const t0 = performance.now();
  try {
    const r = await invoke(ctx, 'prices.import', { data_base64: file.bytes.toString('base64'), file_name: file.name, vendor: 'fuzz', force: true, summary: true });
    const ms = performance.now() - t0;
    const n = ctx.db.prepare('SELECT count(*) AS n FROM price_items WHERE price_list_id = ?').get(r.price_list_id).n;
    if (n !== r.imported) throw new Error(`${file.kind}: reported ${r.imported} items, committed ${n}`);
    return { outcome: 'commit', ms, items: n };
  } catch (e) {
    const ms = performance.now() - t0;
    if (e?.name !== 'ApiError' || e.code === 'internal') throw new Error(`${file.kind} (${file.name}, ${file.bytes.length} bytes) → ${e?.name === 'ApiError' ? 'internal' : 'crash'}: ${e?.message}`);
    if (digest(ctx.db) !== before) throw new Error(`${file.kind}: rejected (${e.code}) but the database changed`);
    return { outcome: 'rejected', code: e.code, ms };
  }
}
