// Issue 18: 100,000 H20 saved at the 6 MW Zhongwei site warn at save time (by how much, in kW, in
// words, en and zh) and the warning stays at the top of Inventory with a link that opens the site.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cliJson, demoDb, serve } from '../helpers/tmp';
import { openApp, closeApp } from '../helpers/browser';

let browser: Browser;
let srv: Awaited<ReturnType<typeof serve>>;
let db: string;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  db = demoDb();
  ({ srv, browser, page } = await openApp(db, errors));
  await page.goto(srv.url);
  await page.waitForSelector('[data-testid=cluster-row]');
});
afterAll(() => closeApp(browser, srv));

describe('power over a site limit on Inventory', () => {
  it('the demo has no site over its limit: no power warning', async () => {
    expect(await page.locator('[data-testid=inventory-warnings] li[data-code=site_over_power]').count()).toBe(0);
  });

  it('saving 100,000 H20 at Zhongwei (6,000 kW) says it is 34,358 kW over, and the warning stays at the top', async () => {
    await page.click('[data-testid=add-cluster]');
    const form = page.locator('[data-testid=cluster-form]');
    await form.locator('select[name=site]').selectOption('Zhongwei');
    await form.locator('select[name=gpu_id]').selectOption('h20');
    await form.locator('input[name=gpus]').fill('100000');
    await form.locator('input[name=unit_cost]').fill('100000');
    await form.locator('input[name=currency]').fill('CNY');
    await page.click('[data-testid=save-cluster]');
    const saved = page.locator('[data-testid=saved-over-power]');
    await saved.waitFor();
    // by hand: demo Zhongwei holds 1,024 Ascend 910B × 350 W = 358.4 kW; + 100,000 H20 × 400 W = 40,000 kW
    // → 40,358.4 kW installed; 40,358.4 − 6,000 = 34,358.4 kW over.
    const text = (await saved.textContent()) ?? '';
    expect(text).toContain('Zhongwei');
    expect(text).toContain('40,358 kW');
    expect(text).toContain('6,000 kW limit');
    expect(text).toContain('34,358 kW too much');
    expect(cliJson<{ gpu_id: string; gpus: number }[]>(['inventory', 'list', '--db', db]).some((c) => c.gpu_id === 'h20' && c.gpus === 100_000)).toBe(true);

    const warn = page.locator('[data-testid=inventory-warnings] li[data-code=site_over_power]');
    expect(await warn.count()).toBe(1);
    expect(await warn.textContent()).toMatch(/Site Zhongwei: 40,358 kW .*34,358 kW over its 6,000 kW power limit/);
    // the warning list sits above the page's KPIs
    const order = await page.evaluate(() => {
      const w = document.querySelector('[data-testid=inventory-warnings]')!;
      const k = document.querySelector('.kpis')!;
      return w.compareDocumentPosition(k) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();
  });

  it('the warning survives a reload and its link opens the site with the limit focused', async () => {
    await page.reload();
    const warn = page.locator('[data-testid=inventory-warnings] li[data-code=site_over_power]');
    await warn.waitFor();
    expect(await page.locator('[data-testid=saved-over-power]').count()).toBe(0);
    const link = warn.locator('[data-testid=warning-fix]');
    expect(await link.textContent()).toContain('Edit site Zhongwei');
    await link.click();
    const form = page.locator('[data-testid=site-form]');
    await form.waitFor();
    expect(await form.locator('input[name=name]').inputValue()).toBe('Zhongwei');
    expect(await form.locator('input[name=power_limit_kw]').inputValue()).toBe('6000');
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.name === 'power_limit_kw');
    // raising the limit to 50,000 kW clears the warning
    await form.locator('input[name=power_limit_kw]').fill('50000');
    await form.locator('button[type=submit]').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=inventory-warnings] li[data-code=site_over_power]'));
    expect(await page.locator('[data-testid=saved-over-power]').count()).toBe(0);
  });

  it('in Chinese the save-time warning and the list say it in Chinese', async () => {
    await page.click('[data-testid=lang-switch]');
    await page.waitForSelector('text=资产清单');
    await page.click('[data-testid=add-cluster]');
    const form = page.locator('[data-testid=cluster-form]');
    await form.locator('select[name=site]').selectOption('Zhongwei');
    await form.locator('select[name=gpu_id]').selectOption('h20');
    await form.locator('input[name=gpus]').fill('50000');
    await form.locator('input[name=unit_cost]').fill('100000');
    await form.locator('input[name=currency]').fill('CNY');
    await page.click('[data-testid=save-cluster]');
    const saved = page.locator('[data-testid=saved-over-power]');
    await saved.waitFor();
    // by hand: 40,358.4 + 50,000 × 0.4 = 60,358.4 kW against 50,000 → 10,358.4 kW over
    const text = (await saved.textContent()) ?? '';
    expect(text).toContain('站点 Zhongwei 现已超出电力上限');
    expect(text).toContain('超出 10,358 kW');
    expect(await page.locator('[data-testid=inventory-warnings] li[data-code=site_over_power]').textContent()).toContain('超出其 50,000 kW 电力上限 10,358 kW');
    expect(await page.locator('[data-testid=inventory-warnings] [data-testid=warning-fix]').first().textContent()).toContain('编辑站点 Zhongwei');
    await page.click('[data-testid=lang-switch]');
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
