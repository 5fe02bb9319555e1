// The Prices page in real Chromium through `headroom serve`: import a sample with the wizard, confirm an alias, see it in the price book.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cliJson } from '../helpers/tmp.js';
import { openDemoApp, closeApp, type Served } from '../helpers/browser.js';
import { samplesDir } from './helpers.js';

let browser: Browser;
let srv: Served;
let db: string;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  ({ db, srv, browser, page } = await openDemoApp(errors, '[data-testid=import-wizard]', '#prices'));
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
    // The page of rows comes from the server: wait for it.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=preview-row]')].every((r) => r.classList.contains('rejected')));
    const statuses = await page.locator('[data-testid=preview-row]').evaluateAll((rs) => rs.map((r) => r.classList.contains('rejected')));
    expect(statuses.length).toBe(4);
    expect(statuses.every(Boolean)).toBe(true);
    await page.selectOption('[data-testid=preview-filter]', 'all');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=preview-row]').length === 11);
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
  it('a 100k-row file: its first rows show, and every one of its 5,000 rejected rows is reachable page by page (server-side paging)', async () => {
    // 100,000 rows; every 20th names a part the catalog does not know (rows 21, 41, …, 100001 → unknown GPU).
    const lines = ['Part Number,Description,Qty,Unit Price (USD)'];
    for (let i = 0; i < 100_000; i++) {
      const price = `"$${(20_000 + i).toLocaleString('en-US')}.50"`; // distinct prices: no row is a duplicate
      lines.push(i % 20 === 19 ? `X-${i},NVIDIA Tesla Q99 96GB GPU,1,${price}` : `P-${i},NVIDIA H100 SXM5 80GB,${1 + (i % 16)},${price}`);
    }
    const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-100k-')), 'quote-100k.csv');
    fs.writeFileSync(big, lines.join('\r\n') + '\r\n');
    await page.setInputFiles('[data-testid=import-file]', []);
    // Timed in the page too (the test's own clock adds the harness's round trips): file chosen → first row drawn.
    await page.evaluate(() => {
      const w = window as unknown as { __first?: number; __chosen?: number };
      document.querySelector('[data-testid=import-file]')!.addEventListener('change', () => { w.__chosen = performance.now(); }, { once: true });
      // Every summary the page shows on the way (the "still checking" one, then the final counts).
      const seen: string[] = ((w as unknown as { __summaries: string[] }).__summaries = []);
      const mo = new MutationObserver(() => {
        const s = document.querySelector('[data-testid=preview-summary]')?.textContent ?? '';
        if (s && seen.at(-1) !== s) seen.push(s);
        if (!w.__first && document.querySelector('[data-testid=preview-row]')) w.__first = performance.now();
        if (/95,000/.test(s)) mo.disconnect();
      });
      mo.observe(document.body, { subtree: true, childList: true });
    });
    const t0 = Date.now();
    await page.setInputFiles('[data-testid=import-file]', big);
    await page.waitForSelector('[data-testid=preview-row]');
    // Measured, not asserted (issue 18 target: first rows within 2 s on a normal machine).
    const firstRows = Date.now() - t0;
    // The first rows are the file's first rows (row 2 on: the header is row 1), shown while the rest is read.
    expect(await page.locator('[data-testid=preview-row]').first().getAttribute('data-row')).toBe('2');
    await page.waitForFunction(() => /95,000\D+5,000/.test(document.querySelector('[data-testid=preview-summary]')?.textContent ?? ''));
    const inPage = await page.evaluate(() => { const w = window as unknown as { __first: number; __chosen: number }; return Math.round(w.__first - w.__chosen); });
    // First the first rows with counts marked as still being read (rows read of 100,000), then the final counts.
    const summaries = await page.evaluate(() => (window as unknown as { __summaries: string[] }).__summaries);
    expect(summaries[0]).toMatch(/still checking the file \([\d,]+ of 100,000 rows read\)/);
    expect(summaries.at(-1)).toMatch(/95,000 rows to import, 5,000 rejected/);
    console.log(`100k-row preview: first rows shown ${inPage} ms after choosing the file (page clock; ${firstRows} ms by the test's), whole file counted after ${Date.now() - t0} ms`);
    expect(await page.textContent('[data-testid=preview-summary]')).toMatch(/95,000\D+5,000/);
    expect(await page.locator('[data-testid=preview-row]').count()).toBe(500);
    expect(await page.locator('[data-testid=preview-filter] option[value=rejected]').textContent()).toContain('5,000');
    await page.selectOption('[data-testid=preview-filter]', 'rejected');
    await page.waitForFunction(() => document.querySelector('[data-testid=preview-row]')?.getAttribute('data-row') === '21');
    expect(await page.textContent('[data-testid=preview-page]')).toMatch(/1\D+500\D+5,000/);
    // Page to the last of the 10 pages: rows 4,501–5,000 of the rejected, ending at the file's last row.
    for (let p = 1; p < 10; p++) {
      const first = String(21 + 20 * 500 * p);
      await page.click('[data-testid=preview-next]');
      await page.waitForFunction((r) => document.querySelector('[data-testid=preview-row]')?.getAttribute('data-row') === r, first);
    }
    expect(await page.textContent('[data-testid=preview-page]')).toMatch(/4,501\D+5,000\D+5,000/);
    expect(await page.isDisabled('[data-testid=preview-next]')).toBe(true);
    const rows = await page.locator('[data-testid=preview-row]').evaluateAll((rs) => rs.map((r) => [r.getAttribute('data-row'), r.classList.contains('rejected')]));
    expect(rows.length).toBe(500);
    expect(rows.at(-1)).toEqual(['100001', true]);
    expect(rows.every(([, bad]) => bad)).toBe(true);
    // Unknown parts are not imported without a choice, and the wizard says so beside Commit.
    expect(await page.textContent('[data-testid=unresolved-parts]')).toMatch(/5,000/);
    await page.locator('[data-testid=alias-open]').first().click();
    expect(await page.locator('[data-testid=alias-pick]').first().inputValue()).toBe('');
    // Back to rows to import: the first page of the 95,000.
    await page.selectOption('[data-testid=preview-filter]', 'ok');
    await page.waitForFunction(() => document.querySelector('[data-testid=preview-page]')?.textContent?.includes('95,000'));
    expect(await page.locator('[data-testid=preview-row].rejected').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 180_000);
});
