// The Prices page in real Chromium through `headroom serve`: import a sample with the wizard, confirm an alias, see it in the price book.
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cliJson, demoDb, serve } from '../helpers/tmp.js';
import { openApp, closeApp } from '../helpers/browser.js';
import { samplesDir } from './helpers.js';

let browser: Browser;
let srv: Awaited<ReturnType<typeof serve>>;
let db: string;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  db = demoDb();
  ({ srv, browser, page } = await openApp(db, errors));
  await page.goto(`${srv.url}#prices`);
  await page.waitForSelector('[data-testid=import-wizard]');
}, 60_000);
afterAll(() => closeApp(browser, srv));

describe('Prices page: import wizard and price book', () => {
  it('previews a GBK Chinese quote with each row status, commits it, and shows it in the price book with its source row', async () => {
    await page.setInputFiles('[data-testid=import-file]', path.join(samplesDir, 'vendor_cn_quote_gbk.csv'));
    await page.waitForSelector('[data-testid=preview-summary]');
    expect(await page.textContent('[data-testid=preview-summary]')).toMatch(/6\D+3/);
    const rows = page.locator('[data-testid=preview-row]');
    expect(await rows.count()).toBe(9);
    expect(await page.locator('[data-testid=preview-row][data-row="11"] .tag').textContent()).toMatch(/no price|无价格/);
    await page.fill('[data-testid=import-vendor]', 'Huadong Tech');
    await page.click('[data-testid=commit-import]');
    await page.waitForSelector('[data-testid=prices-notice]');
    await page.waitForSelector('[data-testid=book-row][data-gpu="h20"]');
    const book = cliJson<{ gpu_id: string; vendor: string; source_row: number | null }[]>(['prices', 'list', '--db', db]);
    expect(book.filter((b) => b.vendor === 'Huadong Tech').map((b) => b.gpu_id).sort()).toEqual(['a800-sxm-80gb', 'ascend-910b', 'ascend-910b', 'h20', 'h20', 'l20']);
    expect(await page.locator('[data-testid=book-row][data-gpu="h20"] [data-testid=source-link]').first().textContent()).toContain('vendor_cn_quote_gbk.csv');
    await page.locator('[data-testid=book-row][data-gpu="h20"] [data-testid=source-link]').first().click();
    expect(await page.textContent('[data-testid=source-detail]')).toContain('H20');
  });

  it('confirms an alias for an unknown GPU and the row then imports', async () => {
    await page.setInputFiles('[data-testid=import-file]', path.join(samplesDir, 'vendor_en_quote.csv'));
    await page.waitForSelector('[data-testid=alias-prompt]');
    expect(await page.textContent('[data-testid=preview-summary]')).toMatch(/7\D+4/);
    // The vendor typed for the previous file does not carry over to this one.
    expect(await page.inputValue('[data-testid=import-vendor]')).not.toBe('Huadong Tech');
    const prompt = page.locator('[data-testid=preview-row][data-row="11"] [data-testid=alias-prompt]');
    // No ★ guess is applied without a click: nothing is chosen and Save waits for a choice.
    expect(await prompt.locator('[data-testid=alias-pick]').inputValue()).toBe('');
    expect(await prompt.locator('button').isDisabled()).toBe(true);
    // The rejected rows can be listed on their own (a big file's are not hidden behind its first 500 rows).
    await page.selectOption('[data-testid=preview-filter]', 'rejected');
    const statuses = await page.locator('[data-testid=preview-row]').evaluateAll((rs) => rs.map((r) => r.classList.contains('rejected')));
    expect(statuses.length).toBe(4);
    expect(statuses.every(Boolean)).toBe(true);
    await page.selectOption('[data-testid=preview-filter]', 'all');
    await prompt.locator('select').selectOption('v100-32gb');
    await prompt.locator('button').click();
    await page.waitForFunction(() => /8\D+3/.test(document.querySelector('[data-testid=preview-summary]')?.textContent ?? ''));
    expect(await page.locator('[data-testid=preview-row][data-row="11"] .tag').textContent()).toMatch(/imported|导入/);
    expect(errors).toEqual([]);
  });

  it('an unreadable file shows one error and writes nothing', async () => {
    const before = cliJson<unknown[]>(['prices', 'list', '--db', db]).length;
    await page.setInputFiles('[data-testid=import-file]', path.join(samplesDir, 'broken.xlsx'));
    await page.waitForSelector('[data-testid=import-error]');
    expect(await page.textContent('[data-testid=import-error]')).toMatch(/damaged|cut off/);
    expect(cliJson<unknown[]>(['prices', 'list', '--db', db]).length).toBe(before);
  });

  it('lists the confirmed alias; removing it brings unknown_gpu back; one added by hand is listed', async () => {
    await page.waitForSelector('[data-testid=alias-row]');
    const aliases = page.locator('[data-testid=alias-row]');
    expect(await aliases.count()).toBe(1);
    expect(await aliases.first().textContent()).toContain('V100');
    page.once('dialog', (d) => d.accept());
    await aliases.first().locator('button').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=alias-row]').length === 0);
    await page.setInputFiles('[data-testid=import-file]', []);
    await page.setInputFiles('[data-testid=import-file]', path.join(samplesDir, 'vendor_en_quote.csv'));
    await page.waitForFunction(() => /7\D+4/.test(document.querySelector('[data-testid=preview-summary]')?.textContent ?? ''));

    await page.fill('[data-testid=alias-text]', 'Moonshot Accel 96GB');
    await page.selectOption('[data-testid=alias-gpu]', 'h100-sxm');
    await page.click('[data-testid=alias-add]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=alias-row]')].some((r) => r.textContent!.includes('Moonshot Accel 96GB')));
    expect(errors).toEqual([]);
  });
});
