// The Compare dialog in real Chromium (issue 16, export --compare from the UI): from the Plan page, compare two scenarios, see the NPV/IRR table and get the comparison workbook.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import XLSX from 'xlsx';
import type { Browser } from 'playwright-core';
import { demoDb, serve, tmpDir } from '../helpers/tmp';
import { launch } from '../helpers/browser';

let browser: Browser;
let srv: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  srv = await serve(demoDb());
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

describe('Compare dialog', () => {
  it('compares the Plan page\'s scenario with another: figures shown, workbook downloaded with the Comparison sheet', async () => {
    const ctx = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${srv.url}#plan`);
    await page.waitForSelector('[data-testid=plan-scenario] option[value="ernie-2023-11"]', { state: 'attached' });
    await page.selectOption('[data-testid=plan-scenario]', 'ernie-2023-11');
    await page.click('[data-testid=open-compare]');
    await page.waitForSelector('[data-testid=compare-dialog] input[name=compare-with][value="ernie-growth-2026"]');
    // Nothing chosen yet: the button waits for a second scenario.
    expect(await page.isDisabled('[data-testid=compare-dialog] button.primary')).toBe(true);
    await page.check('[data-testid=compare-dialog] input[name=compare-with][value="ernie-growth-2026"]');
    await page.fill('[data-testid=compare-dialog] input[aria-label="Discount rate (% a year)"]', '10');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 240_000 }),
      page.click('[data-testid=compare-dialog] button.primary'),
    ]);
    expect(download.suggestedFilename()).toBe('compare-ernie-2023-11-vs-ernie-growth-2026-accrual-en.xlsx');
    const file = path.join(tmpDir(), download.suggestedFilename());
    await download.saveAs(file);
    const wb = XLSX.read(fs.readFileSync(file));
    expect(wb.SheetNames).toEqual(['About', 'Comparison', 'Cash flows', 'Actions']);
    // The table: a column per scenario, the NPV row at the rate given, the first scenario as the IRR baseline.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=compare-figures] thead th').length === 3);
    const text = await page.textContent('[data-testid=compare-figures]');
    expect(text).toContain('NPV of cash spend at 10');
    expect(text).toContain('baseline');
    await page.waitForSelector('[data-testid=compare-dialog] [role=status]');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('buy vs lease vs cloud for the page\'s scenario: three variants, months above the risk target, workbook with the reasons', async () => {
    const ctx = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${srv.url}#plan`);
    await page.waitForSelector('[data-testid=plan-scenario] option[value="ernie-2023-11"]', { state: 'attached' });
    await page.selectOption('[data-testid=plan-scenario]', 'ernie-2023-11');
    await page.click('[data-testid=open-compare]');
    await page.check('[data-testid=compare-acquisition]');
    // No second scenario is needed: the one scenario is planned three ways.
    expect(await page.isDisabled('[data-testid=compare-dialog] button.primary')).toBe(false);
    expect(await page.locator('[data-testid=compare-dialog] input[name=compare-with]').count()).toBe(0);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 240_000 }),
      page.click('[data-testid=compare-dialog] button.primary'),
    ]);
    expect(download.suggestedFilename()).toBe('compare-ernie-2023-11-buy-lease-cloud-accrual-en.xlsx');
    const file = path.join(tmpDir(), download.suggestedFilename());
    await download.saveAs(file);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(fs.readFileSync(file)).Sheets['Comparison'], { header: 1 });
    expect(rows[0].slice(1, 4)).toEqual(['ernie-2023-11 · cloud', 'ernie-2023-11 · lease', 'ernie-2023-11 · buy']);
    expect(rows.some((r) => r[0] === 'Why it cannot hold')).toBe(true);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=compare-figures] thead th').length === 4);
    const text = await page.textContent('[data-testid=compare-figures]');
    expect(text).toContain('Months above the risk target');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
