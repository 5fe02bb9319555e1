// What you see is what you export (issue 18): ban a GPU type on the Plan page, plan, export CSV from the same page — the dialog names the what-ifs and the exported Actions do not contain the banned type.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoDb, serve } from '../helpers/tmp';
import { openApp, closeApp } from '../helpers/browser';
import { unzip } from '../../src-main/io/export/zip';
import { parseCsvObjects } from '../../src-main/shared/csv';

let browser: Browser;
let srv: Awaited<ReturnType<typeof serve>>;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  ({ srv, browser, page } = await openApp(demoDb(), errors));
});
afterAll(() => closeApp(browser, srv));

const planDone = () => page.waitForFunction(() => !document.querySelector('[data-testid=plan-cancel]') && document.querySelectorAll('[data-testid=plan-actions] tbody tr').length > 0, undefined, { timeout: 90_000 });

describe('Plan export with the what-ifs just run', () => {
  it('the exported actions are the what-if plan shown (banned GPU type absent)', async () => {
    await page.goto(`${srv.url}#plan`);
    await page.waitForFunction(() => (document.querySelector('[data-testid=plan-scenario]') as HTMLSelectElement | null)?.value === 'ernie-growth-2026');
    // What is under test is that the export carries the page's what-ifs, not a particular fleet: the ChatGPT
    // scenario (cloud rentals, 24 months) plans and exports in a fraction of ERNIE growth's time.
    await page.selectOption('[data-testid=plan-scenario]', 'chatgpt-2023-11');
    await page.click('[data-testid=plan-run]');
    await planDone();
    const first = (await page.locator('[data-testid=plan-actions] tbody tr').first().getAttribute('data-gpu'))!;
    expect(first).toBeTruthy();
    await page.selectOption('[data-testid=plan-ban]', first);
    await page.click('[data-testid=plan-run]');
    await page.waitForFunction((gpu) => {
      const rows = [...document.querySelectorAll('[data-testid=plan-actions] tbody tr')];
      return rows.length > 0 && rows.every((r) => r.getAttribute('data-gpu') !== gpu) && !document.querySelector('[data-testid=plan-cancel]');
    }, first, { timeout: 90_000 });
    const shown = await page.locator('[data-testid=plan-actions] tbody tr').evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-gpu')))].sort());

    await page.click('[data-testid=open-export]');
    await page.waitForSelector('[role=dialog]');
    const banLabel = (await page.locator('[data-testid=plan-ban] option:checked').textContent())!.trim();
    expect(await page.textContent('[data-testid=export-whatifs]')).toContain(banLabel);
    expect(await page.textContent('[data-testid=export-currency]')).toMatch(/[A-Z]{3}/);
    await page.check('input[name=export-format][value=csv]');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 180_000 }),
      page.click('[role=dialog] button.primary'),
    ]);
    const bytes = await (async () => { const s = await download.createReadStream(); const chunks: Buffer[] = []; for await (const c of s) chunks.push(c as Buffer); return Buffer.concat(chunks); })();
    const actions = parseCsvObjects(Buffer.from(unzip(bytes).find((e) => e.name === 'actions.csv')!.data).toString('utf8').replace(/^\uFEFF/, ''));
    const gpuCol = Object.keys(actions[0]).find((k) => /gpu/i.test(k))!;
    const exported = [...new Set(actions.map((a) => a[gpuCol]).filter(Boolean))].sort();
    expect(exported.length).toBeGreaterThan(0);
    expect(exported).not.toContain(first);
    expect(exported).toEqual(shown);
    expect(errors).toEqual([]);
  }, 300_000);
});
