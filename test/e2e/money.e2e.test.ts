// The Sites & power and Burn pages in real Chromium through `headroom serve`: a time-of-use tariff entered with the 24-hour band editor, burn rows that add up exactly to their totals, the cash/accrual toggle and the currency switch.
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

/** "$1,234.56" / "¥1,234.56" → 123456n (minor units, exact). */
const minor = (s: string) => BigInt(s.replace(/[^\d]/g, ''));

describe('Sites & power page', () => {
  it('shows seeded tariffs with sources and saves a time-of-use tariff from the band editor', async () => {
    await page.goto(`${srv.url}#sites`);
    // The table shows a "none yet" row until the tariffs arrive: wait for the real rows.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=tariffs] tbody tr').length >= 4);
    expect(await page.textContent('[data-testid=tariffs]')).toContain('eia.gov');
    await page.click('[data-testid=add-tariff]');
    await page.selectOption('[data-testid=tariff-form] select >> nth=0', 'Ulanqab');
    await page.fill('[data-testid=tariff-form] input[type=date]', '2026-01-01');
    await page.fill('[data-testid=tariff-form] input >> nth=1', 'CNY');
    await page.selectOption('[data-testid=tariff-kind]', 'tou');
    const fillRange = async (from: string, to: string, price: string) => {
      const inputs = page.locator('[data-testid=tariff-form] .toolbar input');
      await inputs.nth(0).fill(from); await inputs.nth(1).fill(to); await inputs.nth(2).fill(price);
      await page.click('[data-testid=fill-hours]');
    };
    await fillRange('0', '24', '0.62');
    await fillRange('23', '7', '0.289');
    await fillRange('10', '15', '1.49');
    expect(await page.inputValue('[data-testid=hour-grid] input >> nth=12')).toBe('1.49');
    await page.click('[data-testid=save-tariff]');
    // One money format (issue 18): each band's price in the tariff's currency, all its digits kept.
    await page.waitForFunction(() => document.querySelector('[data-testid=tariffs] tbody')?.textContent?.includes('10–15 CN¥1.49'));
    expect(await page.textContent('[data-testid=tariffs] tbody')).toContain('00–07 CN¥0.289');
  });
});

describe('Burn page', () => {
  it('shows a table whose rows add up exactly to their totals, and reacts to view and currency', async () => {
    await page.click('nav button[data-page=burn]');
    await page.waitForSelector('[data-testid=burn-table] tbody tr');
    const rows = page.locator('[data-testid=burn-table] tbody tr');
    expect(await rows.count()).toBe(24);
    const check = async () => {
      for (const i of [0, 11, 23]) {
        const cells = await rows.nth(i).locator('td').allTextContents();
        const parts = cells.slice(1, 7).reduce((a, c) => a + minor(c), 0n);
        expect(parts).toBe(minor(cells[7]));
      }
    };
    await check();
    const accrualTotal = await page.textContent('[data-testid=burn-total]');
    await page.click('[data-testid=view-cash]');
    await page.waitForFunction((b) => document.querySelector('[data-testid=burn-total]')?.textContent !== b, accrualTotal);
    await check();
    await page.selectOption('[data-testid=burn-currency]', 'CNY');
    await page.waitForFunction(() => /¥/.test(document.querySelector('[data-testid=burn-total]')?.textContent ?? ''));
    await check();
    expect(await page.locator('[data-testid=burn-table] tfoot').count()).toBe(1);
    // Electricity by site: the sites' amounts add up exactly to the horizon's electricity total.
    const siteRows = page.locator('[data-testid=burn-sites] tbody tr');
    expect(await siteRows.count()).toBeGreaterThanOrEqual(2);
    let elec = 0n;
    for (let i = 0; i < await siteRows.count(); i++) elec += minor((await siteRows.nth(i).locator('td').allTextContents())[3]);
    const foot = await page.locator('[data-testid=burn-table] tfoot th').allTextContents();
    expect(elec).toBe(minor(foot[4]));
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
  });
});
