// Layout at 1280×720 in real Chromium (issue 18): the sidebar (language switch, undo) stays on screen
// on a long page; the Scenarios form's sections fold (one by one or all together).
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
  await page.setViewportSize({ width: 1280, height: 720 });
});
afterAll(() => closeApp(browser, srv));

const inView = (sel: string) => page.locator(sel).evaluate((e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; });

describe('layout', () => {
  it('Scenarios: sections fold, and the sidebar stays on screen while the long form scrolls', async () => {
    await page.goto(`${srv.url}#scenarios`);
    await page.waitForSelector('[data-testid=sc-section-pools]');
    const tall = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(tall).toBeGreaterThan(2000);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await inView('[data-testid=lang-switch]')).toBe(true);

    await page.click('[data-testid=sc-collapse-all]');
    const sections = ['users', 'classes', 'diurnal', 'events', 'pools'];
    for (const s of sections) expect(await page.getAttribute(`[data-testid=sc-section-${s}]`, 'open')).toBeNull();
    const folded = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(folded).toBeLessThan(tall / 2);
    await page.click('[data-testid=sc-section-pools] > summary');
    expect(await page.getAttribute('[data-testid=sc-section-pools]', 'open')).not.toBeNull();
    expect(await page.getAttribute('[data-testid=sc-section-users]', 'open')).toBeNull();
    await page.click('[data-testid=sc-expand-all]');
    for (const s of sections) expect(await page.getAttribute(`[data-testid=sc-section-${s}]`, 'open')).not.toBeNull();
    expect(errors).toEqual([]);
  });

  it('Plan at 1280×720: checkboxes on one line with their words, a styled Run button, months and modes that do not break', async () => {
    await page.click('nav button[data-page=plan]');
    await page.waitForFunction(() => (document.querySelector('[data-testid=plan-scenario]') as HTMLSelectElement | null)?.value === 'ernie-growth-2026');
    for (const id of ['plan-cloud', 'plan-licence']) {
      const [box, label] = await Promise.all([page.locator(`[data-testid=${id}]`).boundingBox(), page.locator(`label:has([data-testid=${id}])`).boundingBox()]);
      expect(label!.height).toBeLessThan(40);
      expect(Math.abs(box!.y + box!.height / 2 - (label!.y + label!.height / 2))).toBeLessThan(4);
    }
    expect(await page.locator('[data-testid=plan-run]').evaluate((e) => getComputedStyle(e).backgroundColor)).not.toMatch(/rgb\(2[34]\d, 2[34]\d, 2[34]\d\)|rgba\(0, 0, 0, 0\)/);
    await page.click('[data-testid=plan-run]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=plan-cancel]') && document.querySelectorAll('[data-testid=plan-actions] tbody tr').length > 0, undefined, { timeout: 120_000 });
    const heights = await page.locator('[data-testid=plan-actions] tbody tr').first().evaluate((tr) => [0, 1, 4].map((i) => {
      const td = tr.querySelectorAll('td')[i]; const r = document.createRange(); r.selectNodeContents(td);
      return r.getClientRects().length;
    }));
    expect(heights).toEqual([1, 1, 1]);
    expect(errors).toEqual([]);
  });
});
