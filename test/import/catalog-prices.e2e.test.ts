// The Prices page in real Chromium with a cloud catalog: the preview names the SkyPilot layout and what it assumed, the book shows a price per region, a file that does not say its kind asks for it, and an Azure Retail Prices JSON answer is read with its preset named.
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoDb, serve } from '../helpers/tmp.js';
import { openApp, closeApp } from '../helpers/browser.js';
import { repoRoot } from './helpers.js';

let browser: Browser;
let srv: Awaited<ReturnType<typeof serve>>;
let page: Page;
const errors: string[] = [];
const fixture = (f: string) => path.join(repoRoot, 'test', 'fixtures', 'catalogs', f);

beforeAll(async () => {
  ({ srv, browser, page } = await openApp(demoDb(), errors));
  await page.goto(`${srv.url}#prices`);
  await page.waitForSelector('[data-testid=import-wizard]');
}, 60_000);
afterAll(() => closeApp(browser, srv));

describe('Prices page: cloud catalogs', () => {
  it('states the layout and the assumed currency, and the book shows each region', async () => {
    await page.setInputFiles('[data-testid=import-file]', fixture('skypilot_layout.csv'));
    await page.waitForSelector('[data-testid=import-preset]');
    expect(await page.textContent('[data-testid=import-preset]')).toMatch(/SkyPilot/);
    expect(await page.textContent('[data-testid=import-assumptions]')).toContain('USD assumed: the file has no currency column');
    await page.fill('[data-testid=import-vendor]', 'Cloud A');
    await page.click('[data-testid=commit-import]');
    await page.waitForSelector('[data-testid=book-row][data-gpu="v100-16gb"]');
    const regions = await page.locator('[data-testid=book-row][data-gpu="v100-16gb"] [data-testid=book-region]').allTextContents();
    expect(regions.sort()).toEqual(['eu-central-1', 'us-east-1']);
  });

  it('asks for the kind when the file does not say it, and imports once it is chosen', async () => {
    await page.setInputFiles('[data-testid=import-file]', fixture('no_kind_list.csv'));
    await page.waitForSelector('[data-testid=kind-question]');
    expect(await page.textContent('[data-testid=preview-summary]')).toMatch(/0\D+3/);
    await page.selectOption('[data-testid=kind-choice]', 'cloud_hour');
    await page.waitForFunction(() => /2\D+1/.test(document.querySelector('[data-testid=preview-summary]')?.textContent ?? ''));
    expect(errors).toEqual([]);
  });

  it('reads an Azure Retail Prices JSON answer and names the preset (en)', async () => {
    await page.setInputFiles('[data-testid=import-file]', fixture('azure_retail_prices.json'));
    await page.waitForFunction(() => /Azure Retail Prices export/.test(document.querySelector('[data-testid=import-preset]')?.textContent ?? ''));
    // One pay-as-you-go Linux H100 NVL row imported; its spot row kept beside it, a reservation and a Windows row rejected.
    expect(await page.textContent('[data-testid=preview-summary]')).toMatch(/1\D+3/);
    expect(errors).toEqual([]);
  });
});
