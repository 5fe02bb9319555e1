// The Sites & power page's export-rule and licence editor in real Chromium through `headroom serve`: the seeded public rules are listed with their sources, a rule added in the form is listed (and filtered by country and month), and a licence granted is listed and revoked.
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

const ruleRows = () => document.querySelectorAll('[data-testid=export-rules] [data-testid=rule-row]').length;

describe('Sites & power page: export rules', () => {
  it('lists the seeded rules, adds a dated rule and sees it listed, filters by country and month', async () => {
    await page.goto(`${srv.url}#sites`);
    // The table shows a "none yet" row until the rules arrive: wait for real rule rows.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=export-rules] [data-testid=rule-row]').length >= 4);
    const seeded = await page.evaluate(ruleRows);
    expect(await page.textContent('[data-testid=export-rules] tbody')).toContain('BIS');
    await page.click('[data-testid=add-rule]');
    await page.fill('[data-testid=rule-country]', 'vn');
    await page.selectOption('[data-testid=rule-gpu]', 'h20');
    await page.fill('[data-testid=rule-from]', '2027-03');
    await page.fill('[data-testid=rule-to]', '2028-02');
    await page.selectOption('[data-testid=rule-status]', 'licence');
    await page.fill('[data-testid=rule-source]', 'e2e test record');
    await page.click('[data-testid=save-rule]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=export-rules] [data-testid=rule-row]').length === n + 1, seeded);
    const added = page.locator('[data-testid=rule-row]', { hasText: 'e2e test record' });
    const cells = await added.locator('td').allTextContents();
    expect(cells[0]).toBe('VN'); expect(cells[1]).toContain('H20'); expect(cells.slice(2, 4)).toEqual(['2027-03', '2028-02']);
    expect(cells[4]).toContain('licence required');
    // Filter: country VN shows only the new rule; in force in 2026-12 (before it starts) shows none.
    await page.selectOption('[data-testid=rules-country]', 'VN');
    await page.waitForFunction(() => { const rows = [...document.querySelectorAll('[data-testid=rule-row]')]; return rows.length === 1 && rows[0].textContent!.startsWith('VN'); });
    await page.fill('[data-testid=rules-as-of]', '2026-12');
    await page.dispatchEvent('[data-testid=rules-as-of]', 'change');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=rule-row]').length === 0);
    await page.fill('[data-testid=rules-as-of]', '2027-06');
    await page.dispatchEvent('[data-testid=rules-as-of]', 'change');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=rule-row]').length === 1);
  });

  it('grants a licence for a site and period and revokes it', async () => {
    await page.waitForSelector('[data-testid=licences]');
    expect(await page.locator('[data-testid=licence-row]').count()).toBe(0);
    await page.selectOption('[data-testid=licence-site]', 'Ulanqab');
    await page.selectOption('[data-testid=licence-gpu]', 'h200-sxm');
    await page.fill('[data-testid=licence-from]', '2026-01');
    await page.fill('[data-testid=licence-to]', '2026-12');
    await page.click('[data-testid=add-licence]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=licence-row]').length === 1);
    const lc = await page.locator('[data-testid=licence-row] td').allTextContents();
    expect([lc[0], lc[2], lc[3]]).toEqual(['Ulanqab', '2026-01', '2026-12']); expect(lc[1]).toContain('H200');
    page.once('dialog', (d) => d.accept());
    await page.click('[data-testid=licence-row] button');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=licence-row]').length === 0);
    expect(errors).toEqual([]);
  });
});
