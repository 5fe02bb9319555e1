// Pins the CSV export: BOM, RFC 4180 quoting, exact decimal strings, neutralised text, the zip bundle.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { buildTables } from '../../src-main/io/export/tables.js';
import { csvFiles, csvZip, tableToCsv } from '../../src-main/io/export/csv.js';
import { unzip } from '../../src-main/io/export/zip.js';
import { parseCsv } from '../../src-main/shared/csv.js';
import { neutralise } from '../../src-main/io/export/neutralise.js';
import { fixture, HOSTILE } from './fixture.js';

const rows = (buf: Buffer) => parseCsv(buf.toString('utf8'));

describe('csv export', () => {
  const input = fixture();
  const files = csvFiles(buildTables(input, 'zh'));
  const byName = Object.fromEntries(files.map((f) => [f.name, f.data]));

  it('writes one UTF-8 file per table, each with a BOM and CRLF line ends', () => {
    expect(files.map((f) => f.name)).toEqual(['about.csv', 'summary.csv', 'monthly.csv', 'quarterly.csv', 'fiscal.csv', 'actions.csv', 'cash.csv', 'depreciation.csv', 'budgets.csv', 'chargeback.csv', 'sites.csv', 'fleet.csv', 'inputs.csv', 'prices.csv']);
    for (const f of files) {
      expect([...f.data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = f.data.toString('utf8');
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replace(/"[^"]*"/g, '').replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    }
  });

  it('monthly round-trips the plan exactly: decimal strings unrounded, headers in Chinese', () => {
    const [header, ...body] = rows(byName['monthly.csv']);
    expect(header.slice(0, 3)).toEqual(['月份', '用户数', '峰值请求/秒']);
    const col = (h: string) => header.indexOf(h);
    expect(body).toHaveLength(3);
    input.plan.months.forEach((m, i) => {
      expect(body[i][col('月份')]).toBe(m.month);
      expect(body[i][col('月度总支出')]).toBe(m.burn!.total);
      expect(body[i][col('折旧')]).toBe(m.burn!.depreciation);
      expect(body[i][col('电费')]).toBe(m.burn!.electricity);
      expect(body[i][col('每百万输出词元成本')]).toBe(m.cost_per_million_tokens ?? '');
      expect(Number(body[i][col('利用率')])).toBe(m.utilisation);
      expect(Number(body[i][col('GPU 数量: h20')])).toBe(m.gpus['h20']);
    });
    expect(body[2][col('月度总支出')]).toBe('-0.01'); // a negative amount stays a number
  });

  it('neutralises the imported description and other hostile text, quoting it', () => {
    const text = byName['prices.csv'].toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    const [, first, second] = rows(byName['prices.csv']);
    expect(first).toContain(`'${HOSTILE}`);
    expect(second[0]).toBe("'@evil");
    expect(second).toContain("'-2+3");
    const actions = rows(byName['actions.csv']);
    expect(actions[2][3]).toBe(`'=cmd|"/c calc"!A1`);
    for (const f of files) for (const r of rows(f.data)) for (const c of r) expect(c).not.toMatch(/^[=+@\t\r]/);
  });

  it('the zip bundle holds the same files', () => {
    const z = unzip(csvZip(buildTables(input, 'zh'), new Date(input.generated_at)));
    expect(z.map((e) => e.name)).toEqual(files.map((f) => f.name));
    z.forEach((e, i) => expect(Buffer.compare(Buffer.from(e.data), files[i].data)).toBe(0));
  });

  it('any text round-trips through RFC 4180 quoting (after neutralising)', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }), (cells) => {
      const t = buildTables(fixture(), 'en').inputs;
      const table = { ...t, columns: t.columns.slice(0, 2), rows: cells.map((c) => ({ cells: c })) };
      const back = parseCsv(tableToCsv(table));
      const expected = [table.columns.map((c) => c.header), ...cells.map((r) => r.map(neutralise))];
      // parseCsv drops rows that are a single empty cell; two-column rows are never dropped.
      expect(back).toEqual(expected);
    }), { numRuns: 200 });
  });
});
