// Pins the actuals import: CSV/GBK/XLSX with English or Chinese headers through the price-list reader, rows stored with provenance, all or nothing (a bad file is refused with reasons and nothing written), bytes from the renderer and paths from the CLI only, and the `actuals import` CLI contract.
import { describe, it, expect, beforeEach } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { ROOT, tmpDir, cli } from '../helpers/tmp';
import { openDatabase, closeDatabase } from '../../src-main/store/open';
import { invoke } from '../../src-main/api/handlers';
import { ApiError } from '../../src-main/api/errors';
import { mintLocalPath } from '../../src-main/shared/local-path';
import type { AppContext } from '../../src-main/api/context';
import { fillDemo } from '../../src-main/app/demo-db';
import { previewActuals, classifyActualsHeader, parseQuantity, parsePeriod } from '../../src-main/io/actuals/read';

const FIX = path.join(ROOT, 'test', 'fixtures', 'actuals');
const opts = { pools: ['gpt'], currency: 'USD' };

let ctx: AppContext;
beforeEach(() => {
  const file = path.join(tmpDir(), 't.db');
  const db = openDatabase(file, { appRoot: ROOT, create: true });
  fillDemo(db);
  ctx = { db, dbPath: file, appRoot: ROOT, now: () => new Date('2026-01-01T00:00:00Z') };
  return () => closeDatabase(db);
});
const count = (t: string) => (ctx.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;

describe('actuals reader', () => {
  it('maps English and Chinese headers', () => {
    expect(classifyActualsHeader('Month')).toBe('period');
    expect(classifyActualsHeader('日期')).toBe('period');
    expect(classifyActualsHeader('Peak tokens/s')).toBe('peak_tokens_per_s');
    expect(classifyActualsHeader('峰值请求')).toBe('peak_requests_per_s');
    expect(classifyActualsHeader('Overload minutes')).toBe('overload_minutes');
    expect(classifyActualsHeader('过载')).toBe('overloaded');
    expect(classifyActualsHeader('日活')).toBe('daily_active_users');
    expect(classifyActualsHeader('输出token')).toBe('output_tokens');
    expect(classifyActualsHeader('金额')).toBe('amount');
  });

  it('reads quantities with separators, exponents and 万/亿 suffixes, and months in several forms', () => {
    expect(parseQuantity({ text: '1,234,567' })).toEqual({ ok: true, value: 1234567 });
    expect(parseQuantity({ text: '2.6e12' })).toEqual({ ok: true, value: 2.6e12 });
    expect(parseQuantity({ text: '1.5亿' })).toEqual({ ok: true, value: 1.5e8 });
    expect(parseQuantity({ text: '120M' })).toEqual({ ok: true, value: 120e6 });
    expect(parseQuantity({ text: '-3' })).toEqual({ ok: false, reason: 'negative_value' });
    expect(parseQuantity({ text: 'lots' })).toEqual({ ok: false, reason: 'not_a_number' });
    expect(parsePeriod({ text: '2023-11' })).toBe('2023-11');
    expect(parsePeriod({ text: '2023年11月' })).toBe('2023-11');
    expect(parsePeriod({ text: 'Nov 2023' })).toBe('2023-11');
    expect(parsePeriod({ text: '2023-11-08' })).toBe('2023-11-08');
    expect(parsePeriod({ text: '2023-13' })).toBe('bad');
  });

  it('reads the same figures from an English CSV, a GBK CSV with Chinese headers and an XLSX', () => {
    const en = previewActuals(fs.readFileSync(path.join(FIX, 'chatgpt-2023.csv')), 'chatgpt-2023.csv', opts);
    const zh = previewActuals(fs.readFileSync(path.join(FIX, 'chatgpt-2023-gbk.csv')), 'chatgpt-2023-gbk.csv', opts);
    expect(en.rejected).toEqual([]);
    expect(zh.rejected).toEqual([]);
    expect(en.usage).toHaveLength(3);
    const pick = (u: typeof en.usage[number]) => [u.period, u.pool, u.users, u.requests, u.output_tokens, u.peak_tokens_per_s, u.overloaded];
    expect(zh.usage.map(pick)).toEqual(en.usage.slice(0, 2).map(pick));
    expect(zh.spend.map((s) => [s.month, s.amount, s.currency])).toEqual([['2023-11', '20000000', 'USD'], ['2023-12', '21000000', 'USD']]);
    const ws = XLSX.utils.aoa_to_sheet([['Month', 'Pool', 'Requests', 'Overloaded'], ['2023-11', 'gpt', 9.9e9, 'yes'], ['2023-12', 'gpt', 1e10, 'no']]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Usage');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const x = previewActuals(bytes, 'a.xlsx', opts);
    expect(x.rejected).toEqual([]);
    expect(x.usage.map((u) => [u.sheet, u.row, u.period, u.requests, u.overloaded])).toEqual([['Usage', 2, '2023-11', 9.9e9, true], ['Usage', 3, '2023-12', 1e10, false]]);
  });

  it('rejects each bad row with its reason and row number', () => {
    const p = previewActuals(fs.readFileSync(path.join(FIX, 'bad.csv')), 'bad.csv', opts);
    expect(p.rejected.map((r) => [r.row, r.reason])).toEqual([[3, 'bad_date'], [4, 'unknown_pool'], [5, 'negative_value'], [6, 'bad_flag'], [7, 'duplicate']]);
  });

  it('refuses a file with no usable header whole', () => {
    expect(() => previewActuals(new TextEncoder().encode('a,b\n1,2\n'), 'x.csv', opts)).toThrow(/no header row/);
  });
});

describe('actuals API', () => {
  const b64 = (f: string) => fs.readFileSync(path.join(FIX, f)).toString('base64');

  it('imports bytes with provenance and lists them', async () => {
    const r = await invoke(ctx, 'actuals.import', { scenario: 'chatgpt-2023-11', data_base64: b64('chatgpt-2023.csv'), file_name: 'chatgpt-2023.csv' }) as { imported: number; written: boolean };
    expect(r).toMatchObject({ imported: 3, written: true });
    const l = await invoke(ctx, 'actuals.list', { scenario: 'chatgpt-2023-11' }) as { usage: { period: string; file_name: string; source_row: number; overloaded: boolean | null }[]; spend: unknown[] };
    expect(l.usage.map((u) => [u.period, u.file_name, u.source_row, u.overloaded])).toEqual([
      ['2023-11', 'chatgpt-2023.csv', 2, true], ['2023-12', 'chatgpt-2023.csv', 3, false], ['2024-01', 'chatgpt-2023.csv', 4, false],
    ]);
    expect(l.spend).toHaveLength(3);
    // The same periods again replace the figures (one row per period), keeping the newer provenance.
    await invoke(ctx, 'actuals.import', { scenario: 'chatgpt-2023-11', data_base64: b64('chatgpt-2023-gbk.csv'), file_name: 'gbk.csv' });
    expect(count('actuals_usage')).toBe(3);
    const l2 = await invoke(ctx, 'actuals.list', { scenario: 'chatgpt-2023-11' }) as { usage: { period: string; file_name: string }[] };
    expect(l2.usage.map((u) => u.file_name)).toEqual(['gbk.csv', 'gbk.csv', 'chatgpt-2023.csv']);
  });

  it('is one undo step: undo removes the import, an earlier figure it replaced comes back, redo restores it', async () => {
    await invoke(ctx, 'actuals.import', { scenario: 'chatgpt-2023-11', data_base64: b64('chatgpt-2023.csv'), file_name: 'first.csv' });
    await invoke(ctx, 'actuals.import', { scenario: 'chatgpt-2023-11', data_base64: b64('chatgpt-2023-gbk.csv'), file_name: 'second.csv' });
    const files = () => (ctx.db.prepare('SELECT u.period, i.file_name FROM actuals_usage u JOIN actuals_imports i ON i.id = u.import_id ORDER BY u.period').all() as { file_name: string }[]).map((r) => r.file_name);
    expect(files()).toEqual(['second.csv', 'second.csv', 'first.csv']);
    await invoke(ctx, 'undo.undo', {});
    expect(files()).toEqual(['first.csv', 'first.csv', 'first.csv']);
    expect(count('actuals_imports')).toBe(1);
    await invoke(ctx, 'undo.redo', {});
    expect(files()).toEqual(['second.csv', 'second.csv', 'first.csv']);
  });

  it('refuses a bad file with reasons and writes nothing', async () => {
    const r = await invoke(ctx, 'actuals.import', { scenario: 'chatgpt-2023-11', data_base64: b64('bad.csv'), file_name: 'bad.csv' }) as { imported: number; written: boolean; rejected: unknown[] };
    expect(r.imported).toBe(0);
    expect(r.written).toBe(false);
    expect(r.rejected).toHaveLength(5);
    for (const t of ['actuals_imports', 'actuals_usage', 'actuals_spend']) expect(count(t)).toBe(0);
  });

  it('takes paths from the CLI only and names an unknown scenario', async () => {
    await expect(invoke({ ...ctx, fromRenderer: true }, 'actuals.import', { scenario: 'chatgpt-2023-11', path: path.join(FIX, 'chatgpt-2023.csv') })).rejects.toMatchObject({ code: 'forbidden' });
    const e = await invoke(ctx, 'actuals.import', { scenario: 'chatgtp-2023-11', path: mintLocalPath(path.join(FIX, 'chatgpt-2023.csv')) }).catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).message).toContain('chatgpt-2023-11');
    expect(count('actuals_imports')).toBe(0);
  });
});

describe('headroom actuals import', () => {
  it('imports a file, dry-runs without writing, and refuses a bad file with exit 2', () => {
    const db = path.join(tmpDir(), 'd.db');
    expect(cli(['demo', '--db', db]).code).toBe(0);
    const dry = cli(['actuals', 'import', path.join(FIX, 'chatgpt-2023.csv'), '--db', db, '--scenario', 'chatgpt-2023-11', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ imported: 3, rejected: [], written: false, dry_run: true });
    const bad = cli(['actuals', 'import', path.join(FIX, 'bad.csv'), '--db', db, '--scenario', 'chatgpt-2023-11', '--json']);
    expect(bad.code).toBe(2);
    const j = JSON.parse(bad.stdout);
    expect(j.imported).toBe(0);
    expect(j.rejected[0]).toEqual({ row: 3, reason: 'bad_date', detail: expect.any(String) });
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const ok = cli(['actuals', 'import', path.join(FIX, 'chatgpt-2023.csv'), '--db', db, '--scenario', 'chatgpt-2023-11', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ imported: 3, rejected: [], written: true });
  });
});
