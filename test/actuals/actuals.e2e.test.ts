// The actuals in real Chromium through `headroom serve`: an actuals file imported on the Timeline page is drawn over the pool's forecast band and listed with its provenance; a bad file is refused with its reasons and draws nothing new; the Burn page shows actual vs plan spend with the variance.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ROOT, demoDb, serve } from '../helpers/tmp';
import { openApp, closeApp } from '../helpers/browser';

const FIX = path.join(ROOT, 'test', 'fixtures', 'actuals');
let browser: Browser;
let srv: Awaited<ReturnType<typeof serve>>;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  const db = demoDb();
  ({ srv, browser, page } = await openApp(db, errors));
});
afterAll(() => closeApp(browser, srv));

const points = () => page.getAttribute('[data-testid=pool-chart-gpt]', 'data-actual-points').then(Number);

describe('Timeline page actuals', () => {
  it('imports an actuals file and draws it over the forecast', async () => {
    await page.goto(`${srv.url}#timeline`);
    await page.waitForSelector('[data-testid=timeline-scenario] option[value=chatgpt-2023-11]', { state: 'attached' });
    await page.selectOption('[data-testid=timeline-scenario]', 'chatgpt-2023-11');
    await page.waitForFunction(() => document.querySelector('[data-testid=months-table] tbody tr td')?.textContent === '2023-11');
    await page.waitForSelector('[data-testid=pool-chart-gpt]');
    expect(await points()).toBe(0);
    await page.setInputFiles('[data-testid=actuals-file]', path.join(FIX, 'chatgpt-peaks.csv'));
    // 2024-02 gives output tokens only: five months carry a peak to draw.
    await page.waitForFunction(() => document.querySelector('[data-testid=pool-chart-gpt]')?.getAttribute('data-actual-points') === '5');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=actuals-table] tbody tr').length === 6);
    expect(await page.textContent('[data-testid=actuals-result]')).toMatch(/6/);
    expect(await page.textContent('[data-testid=actuals-table]')).toMatch(/chatgpt-peaks\.csv:2/);
    expect(errors).toEqual([]);
  });

  it('refuses a bad file with its reasons and draws nothing new', async () => {
    await page.setInputFiles('[data-testid=actuals-file]', path.join(FIX, 'bad.csv'));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=actuals-rejected] tbody tr').length === 5);
    expect(await page.textContent('[data-testid=actuals-rejected]')).toMatch(/3/);
    expect(await points()).toBe(5);
    expect(errors).toEqual([]);
  });
});

describe('Burn page actual vs plan', () => {
  it('shows the imported spend beside the plan with the variance', async () => {
    await page.goto(`${srv.url}#timeline`);
    await page.waitForSelector('[data-testid=timeline-scenario] option[value=chatgpt-2023-11]', { state: 'attached' });
    await page.selectOption('[data-testid=timeline-scenario]', 'chatgpt-2023-11');
    await page.waitForSelector('[data-testid=actuals-file]', { state: 'attached' });
    await page.setInputFiles('[data-testid=actuals-file]', path.join(FIX, 'chatgpt-2023.csv'));
    await page.waitForFunction(() => /3/.test(document.querySelector('[data-testid=actuals-result]')?.textContent ?? ''));
    await page.click('nav [data-page=burn]');
    await page.waitForSelector('[data-testid=actual-spend-scenario] option[value=chatgpt-2023-11]', { state: 'attached' });
    await page.selectOption('[data-testid=actual-spend-scenario]', 'chatgpt-2023-11');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=actual-spend-table] tbody tr').length === 3);
    const text = (await page.textContent('[data-testid=actual-spend-table]'))!;
    expect(text).toMatch(/20,000,000/);
    expect(errors).toEqual([]);
  });
});

describe('Timeline page posterior', () => {
  it('lists the stand-in assumptions and conditions chatgpt-2023-11 on its observations', async () => {
    await page.click('nav [data-page=timeline]');
    await page.waitForSelector('[data-testid=timeline-scenario] option[value=chatgpt-2023-11]', { state: 'attached' });
    await page.selectOption('[data-testid=timeline-scenario]', 'chatgpt-2023-11');
    await page.waitForSelector('[data-testid=stand-ins]');
    // The stand-in model by its product name, not its id (issue 18: names, not ids).
    const standIns = (await page.textContent('[data-testid=stand-ins]'))!;
    expect(standIns).toMatch(/stand-in Llama 2 70B/);
    expect(standIns).not.toMatch(/llama-2-70b/);
    expect(await page.locator('[data-testid=posterior-observations] tbody tr').count()).toBe(4);
    await page.click('[data-testid=posterior-run]');
    await page.waitForSelector('[data-testid=posterior-ess]', { timeout: 120_000 });
    expect(await page.textContent('[data-testid=posterior-ess]')).toMatch(/effective sample size/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=posterior-inputs] tbody tr').length > 5);
    // The input most moved, named in words (its key in the tooltip).
    const first = page.locator('[data-testid=posterior-inputs] tbody tr:first-child td:first-child');
    expect(await first.getAttribute('title')).toBe('pools.gpt.model_size_factor');
    expect(await first.textContent()).toBe('Pool gpt · Model size vs stand-in');
    expect(errors).toEqual([]);
  });
});
