// The Export dialog in real Chromium: from the Burn page, export a scenario as XLSX and get a real file.
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

describe('Export dialog', () => {
  it('downloads an XLSX cost sheet for the chosen scenario with live formulas', async () => {
    const ctx = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(srv.url + '#burn');
    // Burn opens on the whole fleet (no export) until a scenario is chosen.
    await page.waitForSelector('[data-testid=export-scenario] option[value="ernie-2023-11"]', { state: 'attached' });
    await page.selectOption('[data-testid=export-scenario]', 'ernie-2023-11');
    await page.waitForSelector('[data-testid=open-export]:not([disabled])');
    await page.click('[data-testid=open-export]');
    await page.waitForSelector('[role=dialog]');
    await page.check('input[name=export-format][value=xlsx]');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.click('[role=dialog] button.primary'),
    ]);
    expect(download.suggestedFilename()).toMatch(/ernie-2023-11.*\.xlsx$/);
    const file = path.join(tmpDir(), download.suggestedFilename());
    await download.saveAs(file);
    const wb = XLSX.read(fs.readFileSync(file));
    expect(wb.SheetNames.length).toBeGreaterThanOrEqual(4);
    const formulas = Object.values(wb.Sheets).flatMap((ws) => Object.entries(ws).filter(([k, c]) => !k.startsWith('!') && (c as { f?: string }).f));
    expect(formulas.length).toBeGreaterThan(0);
    await page.waitForSelector('[role=dialog] [role=status]');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
