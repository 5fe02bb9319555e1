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
});
