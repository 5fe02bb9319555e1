// Pins export.run against a real demo database: the plan, scenario inputs with sources, tariffs, FX and imported price rows reach the files; bad names fail cleanly.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { ROOT, tmpDir } from '../helpers/tmp';
import { openDatabase, closeDatabase } from '../../src-main/store/open';
import { invoke } from '../../src-main/api/handlers';
import { ApiError } from '../../src-main/api/errors';
import type { AppContext } from '../../src-main/api/context';
import { fillDemo } from '../../src-main/app/demo-db';
import { unzip } from '../../src-main/io/export/zip';
import { parseCsv } from '../../src-main/shared/csv';
import { HOSTILE } from './fixture';
import { writeActuals } from '../../src-main/store/actuals';

let ctx: AppContext;
beforeAll(async () => {
  const file = path.join(tmpDir(), 't.db');
  const db = openDatabase(file, { appRoot: ROOT, create: true });
  fillDemo(db);
  ctx = { db, dbPath: file, appRoot: ROOT, now: () => new Date('2026-11-25T10:00:00Z') };
  // An imported price list whose row text is a formula (what a hostile vendor file could carry),
  // for a GPU type the plan uses.
  const plan = (await invoke(ctx, 'plan.timeline', { scenario: 'ernie-growth-2026', months: 12 })) as { months: { gpus: Record<string, number> }[] };
  const gpu = Object.keys(plan.months[11].gpus)[0];
  const list = db.prepare(`INSERT INTO price_lists (vendor, file_name, sha256, imported_at, kind) VALUES ('=evil vendor', 'quote.csv', ?, '2026-11-01T00:00:00Z', 'file')`).run('a'.repeat(64)).lastInsertRowid;
  db.prepare(`INSERT INTO price_items (price_list_id, gpu_id, kind, gpus_per_unit, unit_price, currency, source_row, source_text) VALUES (?, ?, 'gpu', 1, '23456.78', 'USD', 5, ?)`).run(list, gpu, HOSTILE);
});
afterAll(() => closeDatabase(ctx.db));

type Out = { scenario: string; files: { name: string; mime: string; size: number; base64: string }[] };
const run = async (i: Record<string, unknown>) => (await invoke(ctx, 'export.run', { scenario: 'ernie-growth-2026', months: 12, runs: 200, seed: 3, ...i })) as Out;

describe('export.run', () => {
  it('xlsx: the plan months, scenario inputs with sources, tariffs and the imported price row (neutralised)', async () => {
    const r = await run({ format: 'xlsx', lang: 'en' });
    expect(r.files).toHaveLength(1);
    expect(r.files[0].name).toBe('ernie-growth-2026-accrual-en.xlsx');
    const wb = XLSX.read(Buffer.from(r.files[0].base64, 'base64'));
    expect(wb.SheetNames).toEqual(['About', 'Summary', 'Monthly', 'Quarterly', 'Fiscal years', 'Actions', 'Cash schedule', 'Depreciation', 'Budgets', 'Chargeback', 'By site', 'Fleet prices', 'Inputs', 'Prices used']);
    const monthly = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Monthly']);
    expect(monthly).toHaveLength(12);
    const plan = (await invoke(ctx, 'plan.run', { scenario: 'ernie-growth-2026', months: 12, runs: 200, seed: 3, procure: true })) as {
      months: { month: string; users: number; capacity_output_tokens_per_s: number; burn: { total: string } | null; cost_per_million_tokens: string | null }[];
      actions: unknown[];
      capacity: { pool_id: string; gpu_id: string; output_tokens_per_s_per_gpu: number; tp: number; error_key?: string }[];
    };
    const ws = wb.Sheets['Monthly'];
    const header = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 })[0] as string[];
    const col = (h: string) => XLSX.utils.encode_col(header.indexOf(h));
    const cents = (x: unknown) => Math.round(Number(x) * 100);
    plan.months.forEach((m, i) => {
      expect(XLSX.SSF.format('yyyy-mm', monthly[i]['Month'] as number)).toBe(m.month);
      expect(monthly[i]['Users']).toBe(m.users);
      expect(monthly[i]['Capacity output tokens/s']).toBe(m.capacity_output_tokens_per_s);
      // Money: the engine's numbers, cached under live formulas.
      expect(m.burn).not.toBeNull();
      const total = ws[`${col('Total burn')}${i + 2}`];
      expect(total.f).toMatch(/^SUM\(/);
      expect(cents(total.v)).toBe(cents(m.burn!.total));
      const cpm = ws[`${col('Cost per 1M output tokens')}${i + 2}`];
      expect(cpm.f).toMatch(/^IF\(/);
      if (m.cost_per_million_tokens) expect(cents(cpm.v)).toBe(cents(m.cost_per_million_tokens));
    });
    expect(XLSX.utils.sheet_to_json(wb.Sheets['Actions'])).toHaveLength(plan.actions.length);
    // Fleet prices: every cluster of the scenario's pools with the price it was charged at and its source.
    const fleet = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Fleet prices']);
    expect(fleet.length).toBeGreaterThanOrEqual(2);
    for (const r of fleet) {
      expect(['unit cost on the cluster', 'price book', 'public reference price', 'no price: counted as 0']).toContain(r['Price from']);
      expect(String(r['Detail']).length).toBeGreaterThan(5);
    }
    // By site: live formulas, and the sites' electricity adds up to the Monthly electricity to the cent.
    const bySite = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['By site']);
    expect(bySite.length).toBeGreaterThanOrEqual(1);
    const monthlyElec = monthly.reduce((a, r) => a + cents(r['Electricity']), 0);
    expect(bySite.reduce((a, r) => a + cents(r['Electricity']), 0)).toBe(monthlyElec);
    const siteWs = wb.Sheets['By site'];
    const siteHeader = XLSX.utils.sheet_to_json<unknown[]>(siteWs, { header: 1 })[0] as string[];
    expect(siteWs[`${XLSX.utils.encode_col(siteHeader.indexOf('Electricity + hosting'))}2`].f).toMatch(/^SUM\(/);
    expect(siteWs[`${XLSX.utils.encode_col(siteHeader.indexOf('Electricity per kWh'))}2`].f).toMatch(/^IF\(/);
    const inputs = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Inputs']);
    expect(inputs.length).toBeGreaterThan(10);
    expect(inputs.every((r) => typeof r['Source'] === 'string' && (r['Source'] as string).length > 0)).toBe(true);
    expect(inputs.some((r) => r['Section'] === 'dau_share')).toBe(true);
    // Capacity per GPU: one row per pool × GPU type of the plan, the plan's own figure, with how it was reached.
    const cap = inputs.filter((r) => r['Section'] === 'Capacity per GPU');
    expect(plan.capacity.length).toBeGreaterThan(0);
    expect(cap).toHaveLength(plan.capacity.length);
    for (const c of plan.capacity) {
      const row = cap.find((r) => r['Name'] === `${c.pool_id} · ${c.gpu_id}`)!;
      expect(row['Value']).toBeCloseTo(c.output_tokens_per_s_per_gpu, 2);
      expect(row['Unit']).toBe('output tokens/s per GPU');
      expect(String(row['Source'])).toContain(`tp ${c.tp}`);
      if (c.error_key) expect(String(row['Source'])).toContain(c.error_key);
    }
    // How each price was reached (price book, public reference, or 0 with the reason) travels with the sheet.
    const notes = inputs.filter((r) => r['Section'] === 'Calculation note');
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.some((r) => r['Name'] === 'burn' && /cluster \d+ \(/.test(String(r['Value'])))).toBe(true);
    const prices = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Prices used']);
    const mine = prices.find((p) => p['File'] === 'quote.csv')!;
    expect(mine['Vendor']).toBe("'=evil vendor");
    expect(mine['Description']).toBe(`'${HOSTILE}`);
    expect(mine['Unit price']).toBe(23456.78);
    expect(mine['Row']).toBe(5);
    // GPU types without a price-book row show the public reference rows the plan falls back
    // to, each traceable to its seed file and record.
    const ref = prices.filter((p) => String(p['File']).startsWith('db/seed/'));
    expect(ref.length).toBeGreaterThan(0);
    for (const p of ref.slice(0, 20)) {
      const rows = parseCsv(fs.readFileSync(path.join(ROOT, String(p['File'])), 'utf8'));
      const rec = rows[Number(p['Row']) - 1];
      expect(rec).toContain(String(p['GPU']));
      expect(rec.map(Number)).toContain(Number(p['Unit price']));
    }
  });

  it('csv: a zip by default, separate files on request, Chinese headers', async () => {
    const z = await run({ format: 'csv', lang: 'zh', view: 'cash' });
    expect(z.files.map((f) => f.name)).toEqual(['ernie-growth-2026-cash-zh.zip']);
    const entries = unzip(Buffer.from(z.files[0].base64, 'base64'));
    expect(entries.map((e) => e.name)).toEqual(['about.csv', 'summary.csv', 'monthly.csv', 'quarterly.csv', 'fiscal.csv', 'actions.csv', 'cash.csv', 'depreciation.csv', 'budgets.csv', 'chargeback.csv', 'sites.csv', 'fleet.csv', 'inputs.csv', 'prices.csv']);
    const monthly = parseCsv(Buffer.from(entries.find((e) => e.name === 'monthly.csv')!.data).toString('utf8'));
    expect(monthly[0][0]).toBe('月份');
    expect(monthly).toHaveLength(13);
    const f = await run({ format: 'csv', csv_layout: 'files', base_name: 'q4' });
    expect(f.files.map((x) => x.name)).toEqual(['q4.about.csv', 'q4.summary.csv', 'q4.csv', 'q4.quarterly.csv', 'q4.fiscal.csv', 'q4.actions.csv', 'q4.cash.csv', 'q4.depreciation.csv', 'q4.budgets.csv', 'q4.chargeback.csv', 'q4.sites.csv', 'q4.fleet.csv', 'q4.inputs.csv', 'q4.prices.csv']);
    const prices = Buffer.from(f.files.find((x) => x.name === 'q4.prices.csv')!.base64, 'base64').toString('utf8');
    expect(prices).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('a stored quarterly budget lands in the Budgets sheet with the plan\'s spend against it', async () => {
    await invoke(ctx, 'procure.settings.save', { scenario: 'ernie-growth-2026', settings: { budgets: [{ quarter: '2026-Q4', capex: '1000000000', opex: '50000000' }] } });
    try {
      const wb = XLSX.read(Buffer.from((await run({ format: 'xlsx', lang: 'en' })).files[0].base64, 'base64'));
      const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Budgets']);
      expect(rows.map((r) => [r['Quarter'], r['Budget amount']])).toEqual([['2026-Q4', 1_000_000_000], ['2026-Q4', 50_000_000]]);
      for (const r of rows) expect(Number(r["Optimiser's accounting (capex on arrival)"])).toBeGreaterThanOrEqual(0);
    } finally {
      await invoke(ctx, 'procure.settings.save', { scenario: 'ernie-growth-2026', settings: { budgets: [] } });
    }
  });

  it('refuses an unknown scenario and a bad format', async () => {
    await expect(run({ scenario: 'nope', format: 'pdf' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(run({ format: 'docx' })).rejects.toBeInstanceOf(ApiError);
  });
});

describe('export.run ties out with the plan', () => {
  type Sheet = Record<string, unknown>[];
  const sheets = async (i: Record<string, unknown>) => {
    const r = (await invoke(ctx, 'export.run', { scenario: 'ernie-growth-2026', months: 24, runs: 200, seed: 3, format: 'xlsx', lang: 'en', ...i })) as Out & { inputs_hash: string };
    const wb = XLSX.read(Buffer.from(r.files[0].base64, 'base64'));
    return { hash: r.inputs_hash, get: (n: string) => XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets[n]) as Sheet };
  };
  const cents = (x: unknown) => Math.round(Number(x) * 100);

  it('the depreciation schedule and the cash schedule reproduce the plan\'s own depreciation / cash capex, month by month', async () => {
    const accrual = (await sheets({ view: 'accrual' })).get('Monthly');
    for (const r of accrual) expect(cents(r['Capex, accrual (depreciation)']), String(r['Month'])).toBe(cents(r['Depreciation']));
    const cash = (await sheets({ view: 'cash' })).get('Monthly');
    for (const r of cash) expect(cents(r['Capex, cash (paid)']), String(r['Month'])).toBe(cents(r['Capex (cash)']));
    // Cash and accrual totals differ only by capex: opex is the same in both.
    for (const r of cash) expect(cents(r['Total, cash']) - cents(r['Capex, cash (paid)'])).toBe(cents(r['Total, accrual']) - cents(r['Capex, accrual (depreciation)']));
  });

  it('Plan spend is the sum of every action in the reporting currency; purchases equal the plan\'s total_cost', async () => {
    const plan = (await invoke(ctx, 'plan.run', { scenario: 'ernie-growth-2026', months: 24, runs: 200, seed: 3, procure: true })) as { actions: { mode: string; total_cost: string; currency: string }[]; currency: string };
    const s = await sheets({});
    const actions = s.get('Actions');
    expect(actions).toHaveLength(plan.actions.length);
    const totalRep = Object.keys(actions[0] ?? {}).find((k) => k.startsWith('Total in '))!;
    plan.actions.forEach((a, i) => { if (a.mode === 'buy' && a.currency === plan.currency) expect(cents(actions[i]['Total (quantity × unit price × units)'])).toBe(cents(a.total_cost)); });
    const summary = s.get('Summary');
    const spend = summary.find((r) => r['Item'] === 'Plan spend in the reporting currency')!['Value'];
    expect(cents(spend)).toBe(actions.reduce((a, r) => a + cents(r[totalRep]), 0));
  });

  it('the inputs hash: same inputs, same hash; another option or scenario edit, another hash', async () => {
    const a = await sheets({});
    const b = await sheets({});
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
    expect(a.get('About').find((r) => r['Item'] === 'Inputs hash (sha256)')!['Value']).toBe(a.hash);
    expect((await sheets({ payment: 'split', payment_at_order: 0.3 })).hash).not.toBe(a.hash);
    expect((await sheets({ fiscal_year_start: 4 })).hash).not.toBe(a.hash);
  });
});

describe('export.compare', () => {
  type Cmp = Out & { scenarios: string[]; discount_rate: string; figures: { scenario: string; total_burn: string | null; total_cash: string | null; npv: string | null; irr: number | null; irr_note: string | null; inputs_hash: string }[] };
  const cents = (x: unknown) => Math.round(Number(x) * 100);

  it('two scenarios side by side: each column ties out with the plan; one discount rate; the workbook\'s sheets', async () => {
    await invoke(ctx, 'scenarios.duplicate', { name: 'ernie-growth-2026', new_name: 'ernie-growth-nocloud' });
    await invoke(ctx, 'procure.settings.save', { scenario: 'ernie-growth-nocloud', settings: { allow_cloud: false } });
    const opts = { months: 6, runs: 100, seed: 3 };
    const r = (await invoke(ctx, 'export.compare', { scenarios: ['ernie-growth-2026', 'ernie-growth-nocloud'], format: 'xlsx', lang: 'en', discount_rate: 0.1, ...opts })) as Cmp;
    expect(r.scenarios).toEqual(['ernie-growth-2026', 'ernie-growth-nocloud']);
    expect(r.discount_rate).toBe('0.1');
    expect(r.files.map((f) => f.name)).toEqual(['compare-ernie-growth-2026-vs-ernie-growth-nocloud-accrual-en.xlsx']);
    const wb = XLSX.read(Buffer.from(r.files[0].base64, 'base64'));
    expect(wb.SheetNames).toEqual(['About', 'Comparison', 'Cash flows', 'Actions']);
    for (const [k, name] of r.scenarios.entries()) {
      const plan = (await invoke(ctx, 'plan.run', { scenario: name, ...opts, procure: true })) as { months: { burn: { total: string } | null }[] };
      expect(cents(r.figures[k].total_burn)).toBe(plan.months.reduce((a, m) => a + cents(m.burn!.total), 0));
      expect(r.figures[k].npv).not.toBeNull();
      expect(r.figures[k].inputs_hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(r.figures[0].irr_note).toMatch(/^baseline/);
    expect(r.figures[1].irr !== null || /^not defined/.test(r.figures[1].irr_note ?? '')).toBe(true);
  });

  it('refuses one scenario, the same name twice, an unknown name and a PDF', async () => {
    await expect(invoke(ctx, 'export.compare', { scenarios: ['ernie-growth-2026'] })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(invoke(ctx, 'export.compare', { scenarios: ['ernie-growth-2026', 'ernie-growth-2026'], months: 3, runs: 50 })).rejects.toMatchObject({ code: 'bad_request' });
    // Named up front (field scenarios), before the first scenario is planned.
    const progress: string[] = [];
    await expect(invoke({ ...ctx, progress: (_d: number, _t: number, label?: string) => { progress.push(label ?? ''); } }, 'export.compare', { scenarios: ['ernie-growth-2026', 'nope'], months: 3, runs: 50 }))
      .rejects.toMatchObject({ code: 'not_found', field: 'scenarios', message: expect.stringContaining('unknown scenario "nope"') });
    expect(progress).toEqual([]);
    await expect(invoke(ctx, 'export.compare', { scenarios: ['ernie-growth-2026', 'ernie-2023-11'], format: 'pdf' })).rejects.toBeInstanceOf(ApiError);
  });
});

describe('export.run: budget vs plan vs actual from the actuals store', () => {
  it('imported spend fills Actual spend and the Budgets actual, variance and share (formulas)', async () => {
    await invoke(ctx, 'procure.settings.save', { scenario: 'ernie-growth-2026', settings: { budgets: [{ quarter: '2026-Q4', capex: '1000000000', opex: '50000000' }] } });
    writeActuals(ctx.db, 'ernie-growth-2026', {
      file_name: 'actuals.csv', sha256: 'b'.repeat(64), usage: [], rejected: [],
      spend: [{ row: 2, month: '2026-10', category: 'gpu', amount: '1000000', currency: 'CNY' }, { row: 3, month: '2026-11', category: 'power', amount: '200000.5', currency: 'CNY' }],
    }, new Date('2026-11-20T00:00:00Z'));
    try {
      const r = await run({ format: 'xlsx', lang: 'en' });
      const wb = XLSX.read(Buffer.from(r.files[0].base64, 'base64'), { cellFormula: true });
      expect(wb.SheetNames).toContain('Actual spend');
      expect(XLSX.utils.sheet_to_json(wb.Sheets['Actual spend'])).toHaveLength(2);
      const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Budgets']);
      expect(rows.map((x) => [x['Actual'], x['Variance actual − budget']])).toEqual([[1_000_000, 1_000_000 - 1_000_000_000], [200000.5, 200000.5 - 50_000_000]]);
      const ws = wb.Sheets['Budgets'];
      const header = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 })[0] as string[];
      expect(ws[`${XLSX.utils.encode_col(header.indexOf('Actual'))}2`].f).toMatch(/^SUMIFS\('Actual spend'!/);
    } finally {
      await invoke(ctx, 'procure.settings.save', { scenario: 'ernie-growth-2026', settings: { budgets: [] } });
    }
  });
});
