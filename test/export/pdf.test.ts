// Pins the PDF report: Chinese and English headings and totals extractable with pdftotext, page numbers, a non-blank rendered page.
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTables } from '../../src-main/io/export/tables.js';
import { pdfBuffer } from '../../src-main/io/export/pdf.js';
import { nonWhiteFraction } from './png.js';
import { fixture } from './fixture.js';

const dir = fs.mkdtempSync(os.tmpdir() + '/headroom-');
const text = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('pdf export', () => {
  const files: Record<string, string> = {};
  beforeAll(async () => {
    for (const lang of ['zh', 'en'] as const) {
      const input = fixture();
      input.provenance = { app_version: '9.8.7', db_file: 'plans.db', scenario_modified: '2026-11-20T08:00:00.000Z', inputs_hash: 'abcdef0123456789'.repeat(4) };
      input.plan.warnings = [
        'burn: cluster 6 (Ulanqab, l20): no unit cost and no price-book row valid in 2025-06; its lease cost is counted as 0',
        // Structured warnings (engine/plan/warnings.ts) reach the report as their message (io/export/gather.ts).
        'site Zhongwei: no hosting cost per kW entered; its hosting is counted as 0',
        'pool chat: no published measurement of Huawei Ascend 910B under MindIE (0 for its family under this engine, 3 for this GPU under any engine; fewer than 10) — its capacity per GPU rests on factors fitted on other engines or GPU families; the Monte Carlo draws its error from the held-out residuals of all groups, sd 20.8 % in log terms; add measured rows (calibrate) before buying on it',
      ];
      const buf = await pdfBuffer(buildTables(input, lang), input);
      files[lang] = path.join(dir, `report-${lang}.pdf`);
      fs.writeFileSync(files[lang], buf);
    }
  });

  it('is a PDF with the font embedded as a subset', () => {
    const head = fs.readFileSync(files.zh).subarray(0, 5).toString('latin1');
    expect(head).toBe('%PDF-');
    const fontsOut = execFileSync('pdffonts', [files.zh], { encoding: 'utf8' });
    expect(fontsOut).toMatch(/[A-Z]{6}\+NotoSansSC/);
    expect(fontsOut).not.toMatch(/\bno\s+no\b.*NotoSansSC/); // embedded
    expect(fs.statSync(files.zh).size).toBeLessThan(2_000_000);
  });

  it('page 1 is the executive summary: the three answers, the crash band, spend and every warning, localised', () => {
    const zh = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', files.zh, '-'], { encoding: 'utf8' });
    for (const h of ['执行摘要', '容量是否够用？', '需要采购什么？', '成本是多少？', '警告', 'P10 2026-02', 'P50 2026-05']) expect(zh).toContain(h);
    expect(zh).toContain('集群 6（Ulanqab，l20）：无单价且 2025-06 无有效价格库条目；其租赁成本按 0 计');
    expect(zh).not.toContain('no unit cost');
    expect(zh).toContain('站点 Zhongwei：未录入每千瓦托管费；托管费按 0 计');
    expect(zh.replace(/\s+/g, '')).toContain('资源池chat：HuaweiAscend910B在MindIE下没有公开实测（同系列在该引擎下0条，该型号在任意引擎下3条；不足10条）');
    expect(zh).not.toContain('英文原文');
    const en = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', files.en, '-'], { encoding: 'utf8' });
    for (const h of ['Executive summary', 'Will it hold?', 'What to buy?', 'What does it cost?', 'Warnings', '2025-11 → 2026-03: 2,048 × h20']) expect(en).toContain(h);
    expect(en).toContain('no unit cost and no price-book row valid in 2025-06');
  });

  it('every page footer carries the provenance: version, database, scenario, modified time, inputs hash', () => {
    const t = text(files.en);
    const pages = t.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(5);
    for (const p of pages) expect(p.replace(/\s+/g, ' ')).toContain('Headroom 9.8.7 · plans.db · ernie-growth-2026 (modified 2026-11-20T08:00:00.000Z) · inputs abcdef012345');
  });

  it('Chinese: headings, scenario, crash month, totals and page numbers are in the text', () => {
    const t = text(files.zh);
    for (const h of ['容量与成本报告', '摘要', '需求与容量', '月度支出构成', '采购计划', '输入与来源', '所用价格', '崩溃月份 P50']) expect(t).toContain(h);
    expect(t).toContain('ernie-growth-2026');
    expect(t).toContain('2026-05');
    // Total burn over the horizon = 18,500,432.62 + 18,731,980.05 − 0.01
    expect(t).toContain('37,232,412.66');
    expect(t).toContain('18,500,432.62');
    expect(t).toMatch(/第 1 页，共 \d+ 页/);
    expect(t).toContain('北京-亦庄');
    expect(t).toContain('=HYPERLINK'); // shown as text in the report (a PDF evaluates nothing)
  });

  it('English: headings and totals', () => {
    const t = text(files.en);
    for (const h of ['Capacity and cost report', 'Summary', 'Demand and capacity', 'Monthly burn by category', 'By site', 'Procurement plan', 'Budgets', 'Inputs and sources', 'Prices used']) expect(t).toContain(h);
    expect(t).toContain('37,232,412.66');
    expect(t).toMatch(/Page 2 of \d+/);
  });

  it('a chart page renders non-blank', () => {
    const base = path.join(dir, 'page');
    execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '3', '-l', '3', files.zh, base]);
    const png = fs.readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.png'))!;
    expect(nonWhiteFraction(fs.readFileSync(path.join(dir, png)))).toBeGreaterThan(0.01);
  });
});

describe('pdf export of a plan without costs', () => {
  it('still renders: the timeline chart, no burn chart', async () => {
    const input = fixture();
    for (const m of input.plan.months) { delete m.burn; delete m.cost_per_million_tokens; }
    const file = path.join(dir, 'noburn.pdf');
    fs.writeFileSync(file, await pdfBuffer(buildTables(input, 'en'), input));
    const t = text(file);
    expect(t).toContain('Demand and capacity');
    expect(t).not.toContain('Monthly burn by category');
    expect(t).toContain('not computed (the plan carries no costs)');
  });
});
