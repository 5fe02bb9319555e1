// "Crash month said once, clearly" (issue 18) in real Chromium: the page says in one sentence why
// "at the medians" and P50 differ; a what-if typed while the Monte Carlo runs restarts it without a
// "Monte Carlo cancelled" note once the new results are in; the crash marker is drawn only on a pool
// that crashes (a scenario that holds has none).
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


describe('crash month on Timeline', () => {
  it('explains "at the medians" vs P50, and a what-if during the Monte Carlo leaves no "cancelled" note', async () => {
    await page.goto(`${srv.url}#timeline`);
    await page.waitForSelector('[data-testid=timeline-scenario] option[value=ernie-growth-2026]', { state: 'attached' });
    await page.selectOption('[data-testid=timeline-scenario]', 'ernie-growth-2026');
    await page.waitForFunction(() => /\d{4}-\d{2}/.test(document.querySelector('[data-testid=crash-det]')?.textContent ?? ''));
    expect(await page.textContent('[data-testid=crash-explain]')).toMatch(/one run with every uncertain input at its middle value; P50 is the middle crash month of [\d,]+ random runs/);
    // A what-if typed while the Monte Carlo is still running: the old run is dropped, a new one finishes.
    await page.fill('[data-testid=whatif-api-growth]', '0.15');
    await page.waitForSelector('[data-testid=mc-progress]', { timeout: 60_000 });
    await page.fill('[data-testid=whatif-api-growth]', '0.2');
    await page.waitForFunction(() => /\d{4}-\d{2} \//.test(document.querySelector('[data-testid=crash-mc]')?.textContent ?? ''), undefined, { timeout: 120_000 });
    expect(await page.locator('text=Monte Carlo cancelled').count()).toBe(0);
    // Both pools of this scenario run out of capacity: both carry the marker.
    await page.waitForSelector('[data-testid^=pool-chart-]');
    expect(await page.locator('[data-testid^=pool-chart-]').evaluateAll((es) => es.map((e) => (e as HTMLElement).dataset.crashMarker))).toEqual(['true', 'true']);
    await page.click('[data-testid=lang-switch]');
    expect(await page.textContent('[data-testid=crash-explain]')).toContain('典型输入下的崩溃月份并不等于崩溃月份的典型值');
    await page.click('[data-testid=lang-switch]');
  });

  it('a scenario that holds draws no crash marker', async () => {
    await page.selectOption('[data-testid=timeline-scenario]', 'ernie-2023-11');
    await page.waitForFunction(() => document.querySelector('[data-testid=pool-chart-ernie]') && !/\d{4}-\d{2}/.test(document.querySelector('[data-testid=crash-det]')?.textContent ?? ''));
    await page.waitForFunction(() => !/…/.test(document.querySelector('[data-testid=crash-mc]')?.textContent ?? '…'), undefined, { timeout: 120_000 });
    expect(await page.getAttribute('[data-testid=pool-chart-ernie]', 'data-crash-marker')).toBe('false');
    expect(await page.locator('text=Monte Carlo cancelled').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
