// Pins the XLSX export: sheets and headers per language, live formulas with cached values equal to the plan's numbers, neutralised text.
import { describe, it, expect } from 'vitest';
import * as XLSX from 'xlsx';
import { buildTables } from '../../src-main/io/export/tables.js';
import { xlsxBuffer, colLetter, moneyFormat } from '../../src-main/io/export/xlsx.js';
import { unzip } from '../../src-main/io/export/zip.js';
import { fixture, HOSTILE } from './fixture.js';

async function read(lang: 'en' | 'zh', input = fixture()) {
  const buf = await xlsxBuffer(buildTables(input, lang), input.generated_at);
  return XLSX.read(buf, { cellFormula: true, cellNF: true });
}

/** Column letter of a header in row 1. */
function colOf(ws: XLSX.WorkSheet, header: string): string {
  const range = XLSX.utils.decode_range(ws['!ref']!);
  for (let c = range.s.c; c <= range.e.c; c++) {
    const cell = ws[XLSX.utils.encode_cell({ r: 0, c })];
    if (cell && cell.v === header) return XLSX.utils.encode_col(c);
  }
  throw new Error(`no header ${header}`);
}

const cents = (x: unknown) => Math.round(Number(x) * 100);

describe('xlsx export', () => {
  it('Budgets: each quarter budget, the plan spend and a live share formula', async () => {
    const wb = await read('en');
    const ws = wb.Sheets['Budgets'];
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(ws);
    // Plan capex is the quarter's cash capex (the buy was ordered, so paid, in 2025-11: before the
    // horizon); plan opex the quarter's opex on Monthly; the optimiser's own figure beside them.
    const opexQ1 = fixture().plan.months.reduce((a, m) => a + ['lease', 'cloud', 'electricity', 'hosting', 'fixed'].reduce((b, k) => b + Number(m.burn![k as 'lease']), 0), 0);
    expect(rows.map((r) => [r['Quarter'], cents(r['Budget amount']), cents(r['Plan (cash, payment rule)']), cents(r["Optimiser's accounting (capex on arrival)"])])).toEqual([
      ['2026-Q1', cents('300000000'), 0, cents('200704921.60')], ['2026-Q1', cents('5000000'), cents(opexQ1), cents('5000000')],
    ]);
    const plan = colOf(ws, 'Plan (cash, payment rule)');
    expect(ws[`${plan}2`].f).toMatch(/^SUMIFS\('Monthly'!\$[A-Z]+\$2:\$[A-Z]+\$4,'Monthly'!\$A\$2:\$A\$4,">="&C2,'Monthly'!\$A\$2:\$A\$4,"<="&D2\)$/);
    expect(ws[`${colOf(ws, 'Variance plan − budget')}2`].f).toMatch(/^[A-Z]+2-[A-Z]+2$/);
    expect(ws[`${colOf(ws, 'Used')}2`].f).toMatch(/^IF\(/);
  });

  it('By site: power and hosting per site with live formulas, the site names neutralised', async () => {
    const wb = await read('en');
    const ws = wb.Sheets['By site'];
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(ws);
    expect(rows.map((r) => r['Site'])).toEqual(['北京-亦庄', `'=cmd|"/c calc"!A1`]);
    expect(ws[`${colOf(ws, 'Electricity + hosting')}2`].f).toMatch(/^SUM\(/);
    expect(cents(ws[`${colOf(ws, 'Electricity + hosting')}2`].v)).toBe(cents('8232411.553455'));
    expect(ws[`${colOf(ws, 'Electricity per kWh')}2`].f).toMatch(/^IF\(/);
    expect(Number(ws[`${colOf(ws, 'Electricity per kWh')}2`].v)).toBeCloseTo(5232411.553455 / 5_200_000, 4);
    expect(rows.reduce((a, r) => a + cents(r['Electricity']), 0)).toBe(cents('6232411.553455'));
  });

  it('has every sheet, named in the chosen language', async () => {
    expect((await read('en')).SheetNames).toEqual(['About', 'Summary', 'Monthly', 'Quarterly', 'Fiscal years', 'Actions', 'Cash schedule', 'Depreciation', 'Budgets', 'Chargeback', 'By site', 'Fleet prices', 'Inputs', 'Prices used']);
    expect((await read('zh')).SheetNames).toEqual(['关于', '摘要', '月度', '季度汇总', '财年汇总', '采购计划', '付款计划', '折旧明细', '预算', '成本分摊', '分站点', '在役资产单价', '输入与来源', '所用价格']);
  });

  it('every date cell is date-typed (yyyy-mm / yyyy年m月), none is text', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const wb = await read(lang);
      const fmt = lang === 'en' ? 'yyyy-mm' : 'yyyy"年"m"月"';
      const monthly = wb.Sheets[wb.SheetNames[2]];
      for (const r of [2, 3, 4]) { expect(monthly[`A${r}`].t).toBe('n'); expect(monthly[`A${r}`].z).toBe(fmt); }
      expect(XLSX.SSF.format('yyyy-mm', monthly.A2.v as number)).toBe('2026-01');
      const actions = wb.Sheets[wb.SheetNames[5]];
      for (const a of ['B2', 'C2', 'B3', 'C3']) expect([actions[a].t, actions[a].z]).toEqual(['n', fmt]);
      expect(XLSX.SSF.format('yyyy-mm', actions.B2.v as number)).toBe('2025-11');
      // No cell anywhere holds a YYYY-MM month as text.
      for (const name of wb.SheetNames) {
        for (const [addr, c] of Object.entries(wb.Sheets[name])) {
          if (!addr.startsWith('!') && (c as XLSX.CellObject).t === 's') expect(String((c as XLSX.CellObject).v), `${name}!${addr}`).not.toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
        }
      }
    }
  });

  it('Monthly: total is a live SUM over the categories and cost per 1M a formula, cached values equal to the plan to the cent', async () => {
    const input = fixture();
    const wb = await read('en', input);
    const ws = wb.Sheets['Monthly'];
    const total = colOf(ws, 'Total burn');
    const dep = colOf(ws, 'Depreciation');
    const fixed = colOf(ws, 'Fixed');
    const cpm = colOf(ws, 'Cost per 1M output tokens');
    const tok = colOf(ws, 'Output tokens (millions)');
    input.plan.months.forEach((m, i) => {
      const r = i + 2;
      const t = ws[`${total}${r}`];
      expect(t.f).toBe(`SUM(${dep}${r}:${fixed}${r})`);
      expect(cents(t.v)).toBe(cents(m.burn!.total));
      for (const [k, h] of [['depreciation', 'Depreciation'], ['lease', 'Leases'], ['cloud', 'Cloud'], ['electricity', 'Electricity'], ['hosting', 'Hosting'], ['fixed', 'Fixed']] as const) {
        const c = ws[`${colOf(ws, h)}${r}`];
        expect(c.t).toBe('n');
        expect(c.v).toBe(Number(m.burn![k]));
      }
      const c = ws[`${cpm}${r}`];
      expect(c.f).toBe(`IF(N(${tok}${r})>0,${total}${r}/${tok}${r},"")`);
      if (m.cost_per_million_tokens) {
        expect(cents(c.v)).toBe(cents(m.cost_per_million_tokens));
        // The formula's inputs reproduce the cached value (what Excel recomputes).
        expect(Math.abs(Number(ws[`${total}${r}`].v) / Number(ws[`${tok}${r}`].v) - Number(m.cost_per_million_tokens))).toBeLessThan(1e-9);
      } else {
        expect(c.v ?? '').toBe('');
      }
    });
    expect(ws[`${colOf(ws, 'GPUs: h20')}4`].v).toBe(6144);
    expect(ws[`${colOf(ws, 'Utilisation')}2`].z).toBe('0.0%');
    expect(ws[`${total}2`].z).toBe(moneyFormat('CNY'));
  });

  it('Summary totals are formulas over Monthly and Actions with the plan totals cached', async () => {
    const input = fixture();
    const wb = await read('en', input);
    const ws = wb.Sheets['Summary'];
    const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 });
    const find = (label: string) => {
      const i = rows.findIndex((r) => r[0] === label);
      expect(i, label).toBeGreaterThan(0);
      return ws[`B${i + 1}`];
    };
    expect(find('Scenario').v).toBe('ernie-growth-2026');
    expect(XLSX.SSF.format('yyyy-mm', find('Crash month P10').v as number)).toBe('2026-02');
    expect(find('Crash month P50').z).toBe('yyyy-mm');
    expect(XLSX.SSF.format('yyyy-mm', find('Crash month P50').v as number)).toBe('2026-05');
    expect(find('Crash month P90').v).toBe('none within the horizon');
    const total = find('Total burn over the horizon');
    expect(total.f).toMatch(/^SUM\('Monthly'!\$[A-Z]+\$2:\$[A-Z]+\$4\)$/);
    const sum = input.plan.months.reduce((a, m) => a + Number(m.burn!.total), 0);
    expect(cents(total.v)).toBe(cents(sum));
    // Every action counts, the USD cloud rental at its rate × calendar hours × FX.
    const spend = find('Plan spend in the reporting currency');
    expect(spend.f).toMatch(/^SUM\('Actions'!\$P\$2:\$P\$3\)$/);
    expect(cents(spend.v)).toBe(cents(2048 * 98000.45 + 64 * 2.49 * (28 + 31) * 24 * 7.1234));
  });

  it('Actions: unit, units over the term and totals in own and reporting currency, as formulas', async () => {
    const wb = await read('zh');
    const ws = wb.Sheets['采购计划'];
    expect(ws['B1'].v).toBe('下单月份');
    expect(ws['F2'].v).toBe('购买');
    expect(ws['G2'].v).toBe('每 GPU（采购）');
    expect(ws['M2'].f).toBe('H2*I2*L2');
    expect(ws['L2'].v).toBe(1);
    expect(cents(ws['M2'].v)).toBe(cents('200704921.6'));
    expect(ws['P2'].f).toBe('M2*N2');
    expect(cents(ws['P2'].v)).toBe(cents('200704921.6'));
    // Cloud on demand from arrival (2026-02) to the horizon's end (2026-03): calendar hours.
    expect(ws['G3'].v).toBe('每 GPU·小时');
    expect(ws['K3'].v).toBe(2);
    expect(ws['L3'].v).toBe((28 + 31) * 24);
    expect(ws['M3'].f).toBe('H3*I3*L3');
    expect(cents(ws['M3'].v)).toBe(cents(64 * 2.49 * 1416));
    expect(ws['N3'].v).toBe(7.1234);
    expect(cents(ws['P3'].v)).toBe(cents(64 * 2.49 * 1416 * 7.1234));
    expect(ws['M3'].z).toBe(moneyFormat('USD'));
    expect(ws['O3'].z).toBe('yyyy"年"m"月"d"日"');
  });

  it('neutralises text from imports and users, and keeps numbers numbers', async () => {
    const wb = await read('en');
    const prices = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Prices used']);
    expect(prices[0]['Description']).toBe(`'${HOSTILE}`);
    expect(prices[1]['Vendor']).toBe("'@evil");
    expect(prices[1]['Description']).toBe("'-2+3");
    expect(prices[0]['Unit price']).toBe(98000.45);
    const ws = wb.Sheets['Prices used'];
    // No cell anywhere carries a formula that came from data.
    for (const name of wb.SheetNames) {
      for (const [addr, cell] of Object.entries(wb.Sheets[name])) {
        if (addr.startsWith('!')) continue;
        const c = cell as XLSX.CellObject;
        if (c.f) expect(c.f).not.toMatch(/HYPERLINK|cmd/);
        if (c.t === 's') expect(String(c.v)).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
    expect(ws['H2'].t).toBe('s');
    const actions = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Actions']);
    expect(actions[1]['Site']).toBe(`'=cmd|"/c calc"!A1`);
    const inputs = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Inputs']);
    expect(inputs.find((r) => r['Name'] === 'planner note')!['Value']).toBe("'+1 for voice launch");
  });

  it('Inputs lists every input, tariff and FX rate with its source or "assumed"', async () => {
    const wb = await read('en');
    const inputs = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Inputs']);
    expect(inputs.map((r) => r['Name'])).toEqual(['monthly active users', 'requests per DAU per day', 'planner note', '北京-亦庄 · 峰', '北京-亦庄 · PUE', 'USD → CNY']);
    expect(inputs[1]['Source']).toBe('assumed');
    expect(inputs[2]['Source']).toBe('assumed');
    expect(inputs[0]['Source']).toBe('seed_story.md: ERNIE Bot, Nov 2023');
    expect(inputs[4]['Source']).toBe('site record (Sites page)');
    expect(inputs[3]['Value']).toBe(1.0521);
    // Shown as written (General), not rounded by a fixed 2-decimal format.
    const z = wb.Sheets['Inputs']['C5'].z;
    expect(z === undefined || z === 'General').toBe(true);
    expect(inputs[5]['Source']).toBe('assumed (as of 2026-11-01)');
  });

  it('cash view renames depreciation', async () => {
    const input = fixture();
    input.view = 'cash';
    const wb = await read('en', input);
    expect(() => colOf(wb.Sheets['Monthly'], 'Capex (cash)')).not.toThrow();
  });

  it('freezes the header row of every sheet', async () => {
    const input = fixture();
    const buf = await xlsxBuffer(buildTables(input, 'en'), input.generated_at);
    const sheets = unzip(buf).filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));
    expect(sheets).toHaveLength(14);
    for (const s of sheets) expect(Buffer.from(s.data).toString('utf8')).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
  });

  it('column letters', () => {
    expect([0, 25, 26, 27, 701, 702].map(colLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('xlsx export of a plan without costs', () => {
  it('leaves out every money column and total instead of showing zeros', async () => {
    const input = fixture();
    for (const m of input.plan.months) { delete m.burn; delete m.cost_per_million_tokens; }
    const wb = await read('en', input);
    const header = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Monthly'], { header: 1 })[0] as string[];
    expect(header).toContain('Utilisation');
    for (const h of ['Depreciation', 'Total burn', 'Cost per 1M output tokens']) expect(header).not.toContain(h);
    const summary = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Summary'], { header: 1 });
    expect(summary.find((r) => r[0] === 'Total burn over the horizon')?.[1]).toBe('not computed (the plan carries no costs)');
    // Actions still carry their own prices, as formulas.
    expect(wb.Sheets['Actions']['M2'].f).toBe('H2*I2*L2');
  });
});

describe('xlsx export of an infeasible plan', () => {
  it('says so on the Summary, with the constraint and month', async () => {
    const input = fixture();
    input.plan.infeasible = { reason: 'power limit', constraint: 'site 北京-亦庄 ≤ 20 MW', month: '2026-03' };
    const wb = await read('zh', input);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['摘要'], { header: 1 });
    expect(rows.find((r) => r[0] === '计划不可行')?.[1]).toBe('power limit · site 北京-亦庄 ≤ 20 MW · 2026-03');
  });
});
