// Pins the `gpus list` and `export-rules list` CLI contract (docs/cli.md): JSON fields, --country/--as-of filters, bad input exits 2.
import { describe, it, expect, beforeAll } from 'vitest';
import path from 'node:path';
import { cli, tmpDir } from '../helpers/tmp.js';

let db: string;
beforeAll(() => {
  db = path.join(tmpDir(), 'demo.db');
  expect(cli(['demo', '--db', db]).code).toBe(0);
});

describe('gpus list / export-rules list', () => {
  it('gpus list --json gives every type with available_from', () => {
    const r = cli(['gpus', 'list', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; name: string; available_from: string | null }[];
    expect(rows.length).toBeGreaterThan(20);
    for (const g of rows) expect(Object.keys(g)).toEqual(expect.arrayContaining(['id', 'name', 'available_from']));
    expect(rows.find((g) => g.id === 'mi325x')!.available_from).toBe('2024-10');
  });

  it('export-rules list filters by country and month; a bad month exits 2', () => {
    const all = JSON.parse(cli(['export-rules', 'list', '--db', db, '--json']).stdout) as { country: string; gpu: string; status: string; from_month: string; to_month: string | null; source: string }[];
    expect(new Set(all.map((r) => r.country))).toEqual(new Set(['CN', 'HK', 'MO', 'RU', 'BY']));
    const cn2024 = JSON.parse(cli(['export-rules', 'list', '--db', db, '--country', 'cn', '--as-of', '2024-06', '--json']).stdout) as typeof all;
    expect(cn2024.every((r) => r.country === 'CN' && r.from_month <= '2024-06' && (r.to_month === null || r.to_month >= '2024-06'))).toBe(true);
    expect(cn2024.find((r) => r.gpu === 'h20')).toBeUndefined();
    const cn2025 = JSON.parse(cli(['export-rules', 'list', '--db', db, '--country', 'CN', '--as-of', '2025-05', '--json']).stdout) as typeof all;
    expect(cn2025.find((r) => r.gpu === 'h20')!.status).toBe('licence');
    for (const r of all) expect(r.source.length).toBeGreaterThan(10);
    const bad = cli(['export-rules', 'list', '--db', db, '--as-of', '2025-13']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/as_of/);
  });
});
