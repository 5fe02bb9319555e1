// Pins `headroom export` as a child process: files land at --out (CSV siblings named from it), exit 2 with no file for an unknown scenario or an unwritable path.
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { cli, demoDb, tmpDir } from '../helpers/tmp';

let db: string;
beforeAll(() => { db = demoDb(); });

const common = ['--scenario', 'ernie-growth-2026', '--months', '6', '--runs', '100'];

describe('headroom export', () => {
  it('writes an XLSX exactly at --out and reports it with --json', () => {
    const dir = tmpDir();
    const out = path.join(dir, 'plan.xlsx');
    const r = cli(['export', '--db', db, ...common, '--format', 'xlsx', '--out', out, '--lang', 'zh', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.files).toEqual([{ path: out, bytes: fs.statSync(out).size }]);
    expect(XLSX.read(fs.readFileSync(out)).SheetNames.slice(0, 2)).toEqual(['关于', '摘要']);
    expect(fs.readdirSync(dir)).toEqual(['plan.xlsx']); // no temp file left
  });

  it('csv to a .csv path: Monthly there, the other tables beside it', () => {
    const dir = tmpDir();
    const r = cli(['export', '--db', db, ...common, '--format', 'csv', '--out', path.join(dir, 'q4.csv')]);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['q4.about.csv', 'q4.actions.csv', 'q4.budgets.csv', 'q4.cash.csv', 'q4.chargeback.csv', 'q4.csv', 'q4.depreciation.csv', 'q4.fiscal.csv', 'q4.fleet.csv', 'q4.inputs.csv', 'q4.prices.csv', 'q4.quarterly.csv', 'q4.sites.csv', 'q4.summary.csv']);
    const monthly = fs.readFileSync(path.join(dir, 'q4.csv'));
    expect([...monthly.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(monthly.toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(7);
  });

  it('pdf', () => {
    const dir = tmpDir();
    const out = path.join(dir, 'report.pdf');
    const r = cli(['export', '--db', db, ...common, '--format', 'pdf', '--out', out]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('unknown scenario: exit 2, one line, no file', () => {
    const dir = tmpDir();
    const r = cli(['export', '--db', db, '--scenario', 'nope', '--format', 'xlsx', '--out', path.join(dir, 'x.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('nope');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('unwritable or missing folder, bad format: exit 2, nothing written', () => {
    const dir = tmpDir();
    const ro = path.join(dir, 'ro');
    fs.mkdirSync(ro, { mode: 0o555 });
    const isRoot = process.getuid?.() === 0;
    const cases: [string[], string][] = [
      [['--format', 'xlsx', '--out', path.join(dir, 'missing', 'x.xlsx')], 'does not exist'],
      [['--format', 'docx', '--out', path.join(dir, 'x.docx')], '--format'],
      [['--format', 'xlsx', '--out', dir], 'is a folder'],
      [['--format', 'xlsx', '--out', path.join(db, 'x.xlsx')], 'is not a folder'],
      // Even root cannot create files in /proc: the write itself fails and the temp file is removed.
      [['--format', 'xlsx', '--out', '/proc/headroom-export.xlsx'], 'write'],
    ];
    if (!isRoot) cases.push([['--format', 'xlsx', '--out', path.join(ro, 'x.xlsx')], 'cannot write']);
    for (const [args, msg] of cases) {
      const r = cli(['export', '--db', db, ...common, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(msg);
    }
    expect(fs.readdirSync(dir)).toEqual(['ro']);
    expect(fs.readdirSync(ro)).toEqual([]);
  });

  it('--compare A,B: the comparison workbook at --out, figures with --json; refusals exit 2 with no file', () => {
    const dir = tmpDir();
    const out = path.join(dir, 'cmp.xlsx');
    const r = cli(['export', '--db', db, '--compare', 'ernie-growth-2026,ernie-2023-11', '--months', '6', '--runs', '100', '--discount-rate', '0.1', '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.scenarios).toEqual(['ernie-growth-2026', 'ernie-2023-11']);
    expect(j.format).toBe('xlsx');
    expect(j.discount_rate).toBe('0.1');
    expect(j.figures.map((f: { scenario: string }) => f.scenario)).toEqual(j.scenarios);
    for (const f of j.figures) expect(Object.keys(f).sort()).toEqual(['cost_per_million_tokens', 'crash_month', 'first_month', 'gpus_last_month', 'inputs_hash', 'irr', 'irr_note', 'last_month', 'npv', 'output_tokens_millions', 'plan_spend', 'scenario', 'total_accrual', 'total_burn', 'total_cash']);
    expect(j.files).toEqual([{ path: out, bytes: fs.statSync(out).size }]);
    expect(XLSX.read(fs.readFileSync(out)).SheetNames).toEqual(['About', 'Comparison', 'Cash flows', 'Actions']);
    const cases: [string[], string][] = [
      [['--compare', 'ernie-growth-2026', '--out', path.join(dir, 'a.xlsx')], 'two or three'],
      [['--compare', 'a,b,c,d', '--out', path.join(dir, 'a.xlsx')], 'two or three'],
      [['--compare', 'ernie-growth-2026,ernie-2023-11', '--format', 'pdf', '--out', path.join(dir, 'a.pdf')], 'xlsx or csv'],
      [['--compare', 'ernie-growth-2026,ernie-2023-11', '--scenario', 'ernie-growth-2026', '--out', path.join(dir, 'a.xlsx')], '--scenario'],
      [['--compare', 'ernie-growth-2026,nope', '--months', '3', '--runs', '50', '--out', path.join(dir, 'a.xlsx')], 'nope'],
      [['--compare', 'ernie-growth-2026,ernie-2023-11', '--format', 'csv', '--out', path.join(dir, 'a.csv')], 'FILE.zip'],
    ];
    for (const [args, msg] of cases) {
      const x = cli(['export', '--db', db, ...args]);
      expect(x.code, args.join(' ')).toBe(2);
      expect(x.stderr).toContain(msg);
    }
    expect(fs.readdirSync(dir)).toEqual(['cmp.xlsx']);
  });

  it('--compare A --acquisition: A planned as cloud, lease and buy, each with its months above the risk target; refusals exit 2', () => {
    const dir = tmpDir();
    const out = path.join(dir, 'acq.xlsx');
    const r = cli(['export', '--db', db, '--compare', 'ernie-growth-2026', '--acquisition', '--months', '6', '--runs', '100', '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.scenarios).toEqual(['ernie-growth-2026']);
    expect(j.figures.map((f: { scenario: string }) => f.scenario)).toEqual(['ernie-growth-2026 · cloud', 'ernie-growth-2026 · lease', 'ernie-growth-2026 · buy']);
    expect(j.figures.map((f: { acquisition: string }) => f.acquisition)).toEqual(['cloud', 'lease', 'buy']);
    for (const f of j.figures) expect(Number.isInteger(f.months_above_target) && f.months_above_target >= 0 && f.months_above_target <= 6).toBe(true);
    // The demo's CN fleet has no cloud site: renting adds nothing, so cloud is short in every month buying is.
    const [cloud, , buy] = j.figures;
    expect(cloud.plan_spend).toBe('0');
    expect(cloud.months_above_target).toBeGreaterThanOrEqual(buy.months_above_target);
    expect(Number(buy.plan_spend)).toBeGreaterThan(0);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(fs.readFileSync(out)).Sheets['Comparison'], { header: 1 });
    const why = rows.find((x) => x[0] === 'Why it cannot hold')!;
    expect(why[1]).toMatch(/no cloud site/);
    const cases: [string[], string][] = [
      [['--compare', 'ernie-growth-2026,ernie-2023-11', '--acquisition', '--out', path.join(dir, 'a.xlsx')], 'ONE scenario'],
      [['--scenario', 'ernie-growth-2026', '--acquisition', '--format', 'xlsx', '--out', path.join(dir, 'a.xlsx')], '--compare A'],
      [['--compare', 'ernie-growth-2026', '--acquisition', '--no-procure', '--out', path.join(dir, 'a.xlsx')], '--no-procure'],
    ];
    for (const [args, msg] of cases) {
      const x = cli(['export', '--db', db, ...args]);
      expect(x.code, args.join(' ')).toBe(2);
      expect(x.stderr).toContain(msg);
    }
    expect(fs.readdirSync(dir)).toEqual(['acq.xlsx']);
  });
});
