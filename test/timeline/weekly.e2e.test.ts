// Issue 19 in real Chromium: shifting a class's weekday profile on the Scenarios page moves the
// Timeline page's typical-weekday chart (its busiest hour), and the timing fields save.
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

async function weekdayPeak(): Promise<string> {
  await page.click('nav [data-page=timeline]');
  await page.waitForSelector('[data-testid=timeline-scenario] option[value=ernie-growth-2026]', { state: 'attached' });
  await page.selectOption('[data-testid=timeline-scenario]', 'ernie-growth-2026');
  await page.waitForFunction(() => document.querySelector('[data-testid=months-table] tbody tr td')?.textContent === '2026-01'
    && /\d\d:00/.test(document.querySelector('[data-testid=peak-hour-weekday]')?.textContent ?? ''));
  await page.selectOption('[data-testid=hourly-month]', '2026-01');
  await page.waitForFunction(() => document.querySelector('[data-testid=hourly-section] h2')?.textContent?.includes('2026-01'));
  return (await page.textContent('[data-testid=peak-hour-weekday]'))!.trim();
}

describe('weekly profiles', () => {
  it('shifting the consumer chat weekday profile moves the Timeline\'s weekday peak hour', async () => {
    await page.goto(`${srv.url}#timeline`);
    const before = await weekdayPeak();
    await page.click('nav [data-page=scenarios]');
    await page.waitForSelector('[data-testid=scenario-select] option[value=ernie-growth-2026]', { state: 'attached' });
    await page.selectOption('[data-testid=scenario-select]', 'ernie-growth-2026');
    await page.waitForSelector('[data-testid=weekly-chat-weekday-0]');
    await page.fill('[data-testid=weekly-shift-by-chat]', '-8');
    await page.click('[data-testid=weekly-shift-chat-weekday]');
    await page.fill('[data-testid=batch-deadline-crm]', '6');
    await page.dispatchEvent('[data-testid=batch-deadline-crm]', 'change');
    await page.click('[data-testid=scenario-save]');
    await page.waitForFunction(() => document.querySelector('[data-testid=scenario-message]')?.textContent?.trim() === 'Saved');
    const after = await weekdayPeak();
    expect(after).not.toBe(before);
    const r = await fetch(`${srv.base}/api/scenarios.get`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${srv.token}` }, body: JSON.stringify({ name: 'ernie-growth-2026' }),
    });
    const s = ((await r.json()) as { result: { scenario: { classes: { id: string; batch?: { deadline_hours: number } }[] } } }).result.scenario;
    expect(s.classes.find((c) => c.id === 'crm')?.batch?.deadline_hours).toBe(6);
    expect(errors).toEqual([]);
  });
});
