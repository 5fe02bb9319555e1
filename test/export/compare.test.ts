// Pins the comparison workbook (export --compare): NPV and IRR equal a hand computation on a 3-month lease-vs-buy pair, IRR is refused with the reason when the difference never changes sign, every formula recomputes in LibreOffice to its cached value, and the CSV zip holds the same tables.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { compareTables, irr, npv, monthlyRate, type AcquisitionMeta } from '../../src-main/io/export/compare.js';
import { acquisitionMeta } from '../../src-main/api/domains/export.js';
import { runCompare } from '../../src-main/io/export/index.js';
import { unzip } from '../../src-main/io/export/zip.js';
import { DEFAULT_OPTIONS, type ExportInput, type PlanMonth } from '../../src-main/io/export/types.js';
import { compareRecalc, recalcXlsx } from '../helpers/libreoffice';


const MONTHS = ['2027-01', '2027-02', '2027-03'];
const zero = { depreciation: '0', lease: '0', cloud: '0', electricity: '0', hosting: '0', fixed: '0' };

/** A 3-month plan: each month's opex (as leases or electricity) and, optionally, one GPU bought for cash in month 1. */
function scenario(name: string, opex: { lease?: string; electricity?: string }[], buy?: string): ExportInput {
  const months: PlanMonth[] = MONTHS.map((month, i) => {
    const lease = opex[i].lease ?? '0', electricity = opex[i].electricity ?? '0';
    const total = (Number(lease) + Number(electricity)).toFixed(2);
    return {
      month, users: 1000, peak_requests_per_s: 1, peak_output_tokens_per_s: 100, capacity_output_tokens_per_s: 200, utilisation: 0.5,
      overload_hours_per_day: 0, p_overload: 0, gpus: { h20: 8 }, burn: { ...zero, lease, electricity, total }, output_tokens: 2e9,
      cost_per_million_tokens: (Number(total) / 2000).toString(),
    };
  });
  return {
    plan: {
      scenario: name, currency: 'CNY', months, crash_month: { p10: '2027-02', p50: name === 'buy' ? null : '2027-03', p90: null },
      actions: buy ? [{ order_month: '2027-01', arrival_month: '2027-01', site: 'bj', gpu_id: 'h20', mode: 'buy', quantity: 1, unit_price: buy, currency: 'CNY' }] : [],
    },
    view: 'cash', options: { ...DEFAULT_OPTIONS, view: 'cash', discount_rate: '0.08' },
    provenance: { app_version: '0.1.0', db_file: 't.db', scenario_modified: '2026-11-01T00:00:00Z', inputs_hash: `hash-${name}` },
    generated_at: '2026-12-03T12:00:00.000Z', inputs: [], tariffs: [], fx: [], prices: [],
  };
}

// Lease 600 a month; buy 1,520 up front and pay 80 a month to run it; a third that is cheaper every month.
const lease = scenario('lease', [{ lease: '600' }, { lease: '600' }, { lease: '600' }]);
const buy = scenario('buy', [{ electricity: '80' }, { electricity: '80' }, { electricity: '80' }], '1520');
const cheap = scenario('cheap', [{ lease: '500' }, { lease: '500' }, { lease: '500' }]);

describe('NPV and IRR', () => {
  it('equal the hand computation (3 months, 8 %/yr, end of month)', () => {
    const t = compareTables([lease, buy, cheap], 'en');
    const v = 1 / Math.pow(1.08, 1 / 12); // one month's discount factor
    expect(Number(t.figures[0].npv)).toBeCloseTo(600 * (v + v * v + v * v * v), 2);
    expect(Number(t.figures[1].npv)).toBeCloseTo(1600 * v + 80 * v * v + 80 * v * v * v, 2);
    // Cash saved by buying: −1,000, +520, +520 → 520y² + 520y − 1000 = 0 with y = 1/(1+x).
    const y = (-520 + Math.sqrt(520 * 520 + 4 * 520 * 1000)) / (2 * 520);
    const monthly = 1 / y - 1;
    expect(monthly).toBeCloseTo(0.026555, 5);
    expect(t.figures[1].irr).toBeCloseTo(Math.pow(1 + monthly, 12) - 1, 9);
    expect(t.figures[0].irr).toBeNull();
    expect(t.figures[0].irr_note).toMatch(/^baseline/);
    // Cheaper every month: no outlay to earn a return on.
    expect(t.figures[2].irr).toBeNull();
    expect(t.figures[2].irr_note).toMatch(/never spends more cash than lease/);
    expect(t.figures.map((f) => f.total_cash)).toEqual(['1800', '1760', '1500']);
    expect(t.figures[1].plan_spend).toBe('1520');
    expect(t.discount_rate).toBe('0.08');
  });

  it('irr: the rate that makes the discounted difference zero, and the reasons it is not defined', () => {
    expect(irr([0, 0, 0])).toEqual({ kind: 'same' });
    expect(irr([-5, -1, 0])).toEqual({ kind: 'never_less' });
    const r = irr([-1000, 520, 520]);
    expect(r.kind).toBe('ok');
    const x = (r as { monthly: number }).monthly;
    expect(npv(x, [520, 520])).toBeCloseTo(1000, 6);
    expect(monthlyRate(0.08)).toBeCloseTo(0.00643403, 8);
  });
});

describe('comparison workbook', () => {
  it('every formula recomputes in LibreOffice to its cached value; NPV and IRR are live formulas', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-'));
    const files: string[] = [];
    const bufs: Buffer[] = [];
    for (const lang of ['en', 'zh'] as const) {
      const { files: out } = await runCompare([lease, buy, cheap], { format: 'xlsx', lang, baseName: `cmp-${lang}` });
      const f = path.join(dir, out[0].name);
      fs.writeFileSync(f, out[0].data);
      files.push(f); bufs.push(out[0].data);
    }
    const wb = XLSX.read(bufs[0], { cellFormula: true });
    expect(wb.SheetNames).toEqual(['About', 'Comparison', 'Cash flows', 'Actions']);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Comparison'], { header: 1 });
    const at = (label: string) => rows.findIndex((r) => String(r[0]).startsWith(label)) + 1;
    const ws = wb.Sheets['Comparison'];
    expect(ws[`B${at('NPV of cash spend')}`].f).toMatch(/^NPV\(\(1\+\$B\$\d+\)\^\(1\/12\)-1,'Cash flows'!\$[A-Z]+\$2:\$[A-Z]+\$4\)$/);
    expect(ws[`C${at('IRR of choosing')}`].f).toMatch(/^\(1\+IRR\('Cash flows'!/);
    expect(ws[`D${at('IRR of choosing')}`].v).toMatch(/^not defined/);
    expect(ws[`E${at('Total burn')}`].f).toBe(`C${at('Total burn')}-B${at('Total burn')}`);
    expect(ws[`E${at('Crash month P10')}`].v).toBe(0);
    for (const [k, f] of recalcXlsx(files).entries()) {
      const { n, bad } = compareRecalc(bufs[k], fs.readFileSync(f));
      expect(bad).toEqual([]);
      expect(n).toBeGreaterThan(40);
    }
  }, 300_000);

  it('a third scenario that starts earlier: the IRR of the other two is taken from their common first month (hand value kept; LibreOffice agrees)', async () => {
    const early = scenario('early', [{ lease: '550' }, { lease: '550' }, { lease: '550' }]);
    early.plan.months = early.plan.months.map((m, i) => ({ ...m, month: ['2026-11', '2026-12', '2027-01'][i] }));
    const t = compareTables([lease, buy, early], 'en');
    const y = (-520 + Math.sqrt(520 * 520 + 4 * 520 * 1000)) / (2 * 520);
    expect(t.figures[1].irr).toBeCloseTo(Math.pow(1 / y, 12) - 1, 9);
    expect(t.figures[2].irr_note).toMatch(/^not defined: it starts in 2026-11/);
    const { files } = await runCompare([lease, buy, early], { format: 'xlsx', lang: 'en', baseName: 'cmp-early' });
    const ws = XLSX.read(files[0].data, { cellFormula: true }).Sheets['Comparison'];
    const irrCell = Object.values(ws).find((c) => typeof (c as XLSX.CellObject).f === 'string' && (c as XLSX.CellObject).f!.includes('IRR')) as XLSX.CellObject;
    expect(irrCell.f).toMatch(/\$4:\$[A-Z]+\$6\)\)\^12-1$/); // rows of 2027-01…2027-03 (the calendar starts 2026-11 on row 2)
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-')), files[0].name);
    fs.writeFileSync(f, files[0].data);
    const { bad } = compareRecalc(files[0].data, fs.readFileSync(recalcXlsx([f])[0]));
    expect(bad).toEqual([]);
  }, 300_000);

  it('csv: a zip of about, comparison, cashflows and actions', async () => {
    const { files } = await runCompare([lease, buy], { format: 'csv', lang: 'zh', baseName: 'cmp' });
    expect(files[0].name).toBe('cmp.zip');
    const entries = unzip(files[0].data);
    expect(entries.map((e) => e.name)).toEqual(['about.csv', 'comparison.csv', 'cashflows.csv', 'actions.csv']);
    const cash = Buffer.from(entries[2].data).toString('utf8').split('\r\n').filter(Boolean);
    expect(cash).toHaveLength(4); // header + 3 months
  });

  it('buy vs lease vs cloud: variants named by mode, months above the risk target and why, recomputed in LibreOffice', async () => {
    // One scenario planned three ways (the API relabels nothing: the names come from the acquisition records).
    const v = (x: ExportInput): ExportInput => ({ ...x, plan: { ...x.plan, scenario: 'growth' } });
    const meta: AcquisitionMeta[] = [
      { mode: 'cloud', target_p_overload: 0.1, months_short: 3, limits: [], no_offer: false, no_cloud_site: true, no_owned_site: false },
      { mode: 'lease', target_p_overload: 0.1, months_short: 0, limits: [], no_offer: false, no_cloud_site: false, no_owned_site: false },
      { mode: 'buy', target_p_overload: 0.1, months_short: 1, limits: [{ constraint: 'lead_time', months: 1, first: '2027-01', last: '2027-01' }], no_offer: false, no_cloud_site: false, no_owned_site: false },
    ];
    const t = compareTables([v(cheap), v(lease), v(buy)], 'en', meta);
    expect(t.figures.map((f) => [f.scenario, f.acquisition, f.months_above_target])).toEqual([['growth · cloud', 'cloud', 3], ['growth · lease', 'lease', 0], ['growth · buy', 'buy', 1]]);
    const cmp = t.tables.find((x) => x.id === 'compare')!;
    const rowOf = (label: string) => cmp.rows.find((r) => String(r.cells[0]).startsWith(label))!.cells;
    expect(rowOf('How GPUs are added').slice(1, 4)).toEqual(['cloud rental only (on demand or reserved)', 'lease only', 'purchase only']);
    expect(rowOf('Months with P(overload) above 10.0 %')).toEqual(['Months with P(overload) above 10.0 % (the risk target)', 3, 0, 1, '-3', '-2']);
    expect(rowOf('Why it cannot hold').slice(1, 4)).toEqual([
      'the scenario has no cloud site to rent into (add a site with cloud clusters)', 'holds at the risk target every month', 'lead time (nothing can arrive earlier): 1 month(s), 2027-01',
    ]);
    const about = t.tables.find((x) => x.id === 'compare_about')!;
    expect(about.rows[0].cells[1]).toBe('Buy vs lease vs cloud for the same capacity');
    // Actions and Plan spend follow the variant names (buy's one GPU, 1,520).
    expect(t.figures.map((f) => f.plan_spend)).toEqual(['0', '0', '1520']);
    const zh = compareTables([v(cheap), v(lease), v(buy)], 'zh', meta);
    expect(zh.figures.map((f) => f.scenario)).toEqual(['growth · 云', 'growth · 租赁', 'growth · 购买']);
    const { files } = await runCompare([v(cheap), v(lease), v(buy)], { format: 'xlsx', lang: 'zh', baseName: 'acq', acquisition: meta });
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-')), files[0].name);
    fs.writeFileSync(f, files[0].data);
    const { bad } = compareRecalc(files[0].data, fs.readFileSync(recalcXlsx([f])[0]));
    expect(bad).toEqual([]);
  }, 300_000);

  it('acquisitionMeta: months above the target from the plan\'s risk, binding limits grouped by kind with their span', () => {
    const m = (month: string, ok: boolean) => ({ month, p_overload_without_plan: 0.5, p_overload: ok ? 0.05 : 0.3, meets_target: ok });
    const plan = {
      risk: { service_level: 0.9, target_p_overload: 0.1, monte_carlo_error: 0.01, months: [m('2027-01', false), m('2027-02', false), m('2027-03', true), m('2027-04', false)], crash_share_without_plan: 0.5, crash_share: 0.2 },
      procurement: { status: 'optimal', solver: 'highs', objective: 1, greedy_objective: 1, mip_gap: 0, solve_seconds: 0, budget_use: [], service_level: 0.9, notes: [],
        infeasible_months: [
          { reason: 'x', constraint: 'lead_time' as const, month: '2027-01', pool: 'a' }, { reason: 'x', constraint: 'lead_time' as const, month: '2027-02', pool: 'a' },
          { reason: 'x', constraint: 'lead_time' as const, month: '2027-02', pool: 'b' }, { reason: 'y', constraint: 'power' as const, month: '2027-04', site: 's' },
        ] },
      actions: [{ order_month: '2026-12', arrival_month: '2027-03', site: 's', gpu_id: 'h20', mode: 'buy', quantity: 8, unit_price: '1', currency: 'CNY' }],
    };
    const a = acquisitionMeta('buy', plan as unknown as Parameters<typeof acquisitionMeta>[1]);
    expect(a).toEqual({ mode: 'buy', target_p_overload: 0.1, months_short: 3, no_cloud_site: false, no_owned_site: false, no_offer: false,
      limits: [{ constraint: 'lead_time', months: 2, first: '2027-01', last: '2027-02' }, { constraint: 'power', months: 1, first: '2027-04', last: '2027-04' }] });
    const none = acquisitionMeta('lease', { ...plan, actions: [], procurement: { ...plan.procurement, notes: ['no owned site: the scenario\'s sites are all cloud regions, so bought or leased GPUs have nowhere to go'] } } as unknown as Parameters<typeof acquisitionMeta>[1]);
    expect(none.no_owned_site).toBe(true);
  });

  it('scenarios on different calendars: one row per month of the union, 0 outside a horizon', () => {
    const later = scenario('later', [{ lease: '600' }, { lease: '600' }, { lease: '600' }]);
    later.plan.months = later.plan.months.map((m, i) => ({ ...m, month: ['2027-03', '2027-04', '2027-05'][i] }));
    const t = compareTables([lease, later], 'en');
    const cf = t.tables.find((x) => x.id === 'cashflows')!;
    expect(cf.rows.map((r) => r.cells[0])).toEqual(['2027-01', '2027-02', '2027-03', '2027-04', '2027-05']);
    expect(t.figures.map((f) => f.total_cash)).toEqual(['1800', '1800']);
    expect(Number(t.figures[1].npv)).toBeLessThan(Number(t.figures[0].npv));
    // Same cash two months later: no IRR between different calendars, and the reason says so.
    expect(t.figures[1].irr).toBeNull();
    expect(t.figures[1].irr_note).toBe('not defined: it starts in 2027-03, lease in 2027-01; an IRR compares the same months (the NPV rows discount both from the comparison\'s first month)');
  });
});
