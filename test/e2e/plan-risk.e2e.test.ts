// The Plan page's risk before/after (issue 12) in real Chromium: plan chatgpt-2023-11 at the 90% service level, then at 50%, and see the with-plan P(overload) line move up while the without-plan line stays.
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

const riskRows = () => page.locator('[data-testid=plan-risk] tbody tr').evaluateAll((rows) => rows.map((r) => ({
  month: r.getAttribute('data-month'), before: Number(r.getAttribute('data-before')), after: Number(r.getAttribute('data-after')),
})));

describe('Plan page risk', () => {
  it('changing the service level moves the with-plan risk line', async () => {
    await page.goto(`${srv.url}#plan`);
    await page.waitForFunction(() => (document.querySelector('[data-testid=plan-scenario]') as HTMLSelectElement | null)?.value === 'ernie-growth-2026');
    // The page's risk lines, not a particular fleet, are under test: the ChatGPT scenario (24 months of cloud
    // rentals) plans in a fraction of ERNIE growth's time.
    await page.selectOption('[data-testid=plan-scenario]', 'chatgpt-2023-11');
    expect(await page.inputValue('[data-testid=plan-service-level]')).toBe('90');
    await page.click('[data-testid=plan-run]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=plan-cancel]') && document.querySelectorAll('[data-testid=plan-risk] tbody tr').length === 24, undefined, { timeout: 120_000 });
    const at90 = await riskRows();
    await page.fill('[data-testid=plan-service-level]', '50');
    await page.click('[data-testid=plan-run]');
    await page.waitForFunction((first) => {
      const r = document.querySelector('[data-testid=plan-risk] tbody tr');
      return !document.querySelector('[data-testid=plan-cancel]') && !!r && r.getAttribute('data-after') !== null
        && [...document.querySelectorAll('[data-testid=plan-risk] tbody tr')].map((x) => x.getAttribute('data-after')).join() !== first;
    }, at90.map((r) => String(r.after)).join(), { timeout: 120_000 });
    const at50 = await riskRows();
    expect(at50.map((r) => r.month)).toEqual(at90.map((r) => r.month));
    // Without the plan nothing changes; with it, a lower service level leaves more risk.
    expect(at50.map((r) => r.before)).toEqual(at90.map((r) => r.before));
    const sum = (rows: typeof at90) => rows.reduce((a, r) => a + r.after, 0);
    expect(sum(at50)).toBeGreaterThan(sum(at90));
    expect(errors).toEqual([]);
  });
});
