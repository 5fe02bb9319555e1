// The Scenarios and Timeline pages in real Chromium through `headroom serve`: inputs with sources and "assumed" markers, duplicate-to-compare, the growth rate moving the crash month, Monte Carlo progress then quantiles.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoDb, serve } from '../helpers/tmp';
import { openApp, closeApp } from '../helpers/browser';

let browser: Browser;
let srv: Awaited<ReturnType<typeof serve>>;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  const db = demoDb();
  ({ srv, browser, page } = await openApp(db, errors));
});
afterAll(() => closeApp(browser, srv));

describe('Scenarios page', () => {
  it('shows every input with its source or assumed marker, and duplicates to compare', async () => {
    await page.goto(`${srv.url}#scenarios`);
    await page.waitForSelector('[data-testid=scenario-select]');
    await page.selectOption('[data-testid=scenario-select]', 'chatgpt-2023-11');
    await page.waitForSelector('[data-testid=ev-devday]');
    expect(await page.locator('.numfield').count()).toBeGreaterThan(10);
    expect(await page.locator('.numfield .prov.assumed').count()).toBeGreaterThan(3);
    expect(await page.locator('.numfield .prov:not(.assumed)').count()).toBeGreaterThan(2);
    await page.click('[data-testid=scenario-duplicate]');
    await page.waitForSelector('text=Inputs that differ');
    expect(await page.inputValue('[data-testid=scenario-select]')).toBe('chatgpt-2023-11-copy');
    expect(await page.textContent('section.card')).toMatch(/same inputs/);
    expect(errors).toEqual([]);
  });
});

describe('Timeline page', () => {
  it('moves the crash month when the business-API growth rate changes, then finishes the Monte Carlo', async () => {
    await page.click('nav [data-page=timeline]');
    await page.waitForSelector('[data-testid=timeline-scenario] option[value=ernie-growth-2026]', { state: 'attached' });
    await page.selectOption('[data-testid=timeline-scenario]', 'ernie-growth-2026');
    await page.waitForFunction(() => document.querySelector('[data-testid=months-table] tbody tr td')?.textContent === '2026-01'
      && /\d{4}-\d{2}/.test(document.querySelector('[data-testid=crash-det]')?.textContent ?? ''));
    const before = (await page.textContent('[data-testid=crash-det]'))!.trim();
    await page.fill('[data-testid=whatif-api-growth]', '0.2');
    await page.waitForFunction((b) => {
      const t = document.querySelector('[data-testid=crash-det]')?.textContent?.trim();
      return t && t !== b && /\d{4}-\d{2}/.test(t);
    }, before);
    const after = (await page.textContent('[data-testid=crash-det]'))!.trim();
    expect(after < before, `${after} < ${before}`).toBe(true);
    expect(await page.locator('[data-testid=months-table] tbody tr').count()).toBe(36);
    await page.waitForFunction(() => /\d{4}-\d{2} \//.test(document.querySelector('[data-testid=crash-mc]')?.textContent ?? ''), undefined, { timeout: 120_000 });
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(4);
    // Issue 13: the crash-month spread split between demand and the engine's own error, in words.
    await page.waitForSelector('[data-testid=crash-split]');
    expect(await page.textContent('[data-testid=crash-split-share]')).toMatch(/capacity engine's own error accounts for \d+%/);
    expect(errors).toEqual([]);
  });
});
