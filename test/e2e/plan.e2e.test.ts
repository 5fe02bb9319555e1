// The Plan page in real Chromium through `headroom serve`: plan ernie-growth-2026, keep it as plan A, ban the GPU type it ordered, plan again and see the orders change, side by side.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoDb, serve } from '../helpers/tmp';
import { openApp, closeApp } from '../helpers/browser';

let browser: Browser;
let srv: Awaited<ReturnType<typeof serve>>;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  ({ srv, browser, page } = await openApp(demoDb(), errors));
});
afterAll(() => closeApp(browser, srv));

describe('Plan page', () => {
  it('bans a GPU type and the plan changes', async () => {
    await page.goto(`${srv.url}#plan`);
    await page.waitForFunction(() => (document.querySelector('[data-testid=plan-scenario]') as HTMLSelectElement | null)?.value === 'ernie-growth-2026');
    await page.click('[data-testid=plan-run]');
    await page.waitForSelector('[data-testid=plan-actions] tbody tr', { timeout: 60_000 });
    const first = await page.locator('[data-testid=plan-actions] tbody tr').first().getAttribute('data-gpu');
    expect(first).toBeTruthy();
    expect(await page.textContent('[data-testid=plan-actions]')).toContain('peaks at');
    await page.click('[data-testid=plan-keep]');
    await page.selectOption('[data-testid=plan-ban]', first!);
    await page.click('[data-testid=plan-run]');
    await page.waitForFunction((gpu) => {
      const rows = [...document.querySelectorAll('[data-testid=plan-actions] tbody tr')];
      return rows.length > 0 && rows.every((r) => r.getAttribute('data-gpu') !== gpu) && !document.querySelector('[data-testid=plan-cancel]');
    }, first, { timeout: 60_000 });
    const compare = await page.textContent('[data-testid=plan-compare]');
    expect(compare).toContain(first!);
    expect(await page.locator('[data-testid=plan-compare] tbody tr').count()).toBeGreaterThanOrEqual(7);
    expect(errors).toEqual([]);
  });
});
