// The Inventory page in real Chromium through `headroom serve`: add, reload, validate, switch language.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cliJson } from '../helpers/tmp';
import { openDemoApp, closeApp, type Served } from '../helpers/browser';

let browser: Browser;
let srv: Served;
let db: string;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  ({ db, srv, browser, page } = await openDemoApp(errors, '[data-testid=cluster-row]'));
});
afterAll(() => closeApp(browser, srv));

async function fillCluster(p: Page, gpus: string) {
  await p.click('[data-testid=add-cluster]');
  const form = p.locator('[data-testid=cluster-form]');
  await form.locator('select[name=site]').selectOption('Zhongwei');
  await form.locator('select[name=gpu_id]').selectOption('ascend-910c');
  await form.locator('input[name=gpus]').fill(gpus);
  await form.locator('select[name=mode]').selectOption('lease');
  await form.locator('input[name=in_service_from]').fill('2026-06');
  await p.click('[data-testid=save-cluster]');
}

describe('Inventory page', () => {
  it('shows the demo clusters and totals', async () => {
    const rows = await page.locator('[data-testid=cluster-row]').count();
    expect(rows).toBe(cliJson<unknown[]>(['inventory', 'list', '--db', db]).length);
    expect(await page.textContent('[data-testid=total-gpus]')).toMatch(/\d/);
    expect(await page.locator('canvas').count()).toBeGreaterThan(0);
  });

  it('an invalid GPU count shows an inline error and writes nothing', async () => {
    const before = cliJson<unknown[]>(['inventory', 'list', '--db', db]).length;
    await fillCluster(page, '0');
    const err = page.locator('[data-testid=error-gpus]');
    await err.waitFor();
    expect(await err.textContent()).toMatch(/greater than 0/);
    expect(await page.getAttribute('input[name=gpus]', 'aria-invalid')).toBe('true');
    expect(cliJson<unknown[]>(['inventory', 'list', '--db', db]).length).toBe(before);
    await page.click('[data-testid=cluster-form] button[type=button]');
  });

  it('adds a cluster; after a reload it is still there', async () => {
    const before = await page.locator('[data-testid=cluster-row]').count();
    await fillCluster(page, '384');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=cluster-row]').length === n + 1, before);
    await page.reload();
    await page.waitForSelector('[data-testid=cluster-row]');
    const text = await page.locator('[data-testid=clusters]').textContent();
    expect(text).toContain('Huawei Ascend 910C');
    expect(text).toContain('384');
    const rows = cliJson<{ gpu_id: string; gpus: number; mode: string }[]>(['inventory', 'list', '--db', db]);
    expect(rows.some((r) => r.gpu_id === 'ascend-910c' && r.gpus === 384 && r.mode === 'lease')).toBe(true);
  });

  it('100,000 H20 at a 6 MW site: said at save, kept at the top of the page, and the fix opens the site (issue 18)', async () => {
    await page.click('[data-testid=add-site]');
    const sf = page.locator('[data-testid=site-form]');
    await sf.locator('input[name=name]').fill('Six-MW');
    await sf.locator('input[name=country]').fill('CN');
    await sf.locator('input[name=region]').fill('Ningxia');
    await sf.locator('input[name=power_limit_kw]').fill('6000');
    await sf.locator('input[name=pue]').fill('1.3');
    await sf.locator('button[type=submit]').click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=site-row]')].some((r) => r.textContent!.includes('Six-MW')));
    await page.click('[data-testid=add-cluster]');
    const form = page.locator('[data-testid=cluster-form]');
    await form.locator('select[name=site]').selectOption('Six-MW');
    await form.locator('select[name=gpu_id]').selectOption('h20');
    await form.locator('input[name=gpus]').fill('100000');
    await form.locator('select[name=mode]').selectOption('buy');
    await form.locator('input[name=in_service_from]').fill('2026-01');
    await page.click('[data-testid=save-cluster]');
    // Hand check: 100,000 × 400 W = 40,000 kW of GPUs × server overhead 1.82 (HGX, the default) × PUE 1.3 = 94,640 kW; 88,640 kW over 6,000.
    const said = page.locator('[data-testid=save-power-warning]');
    await said.waitFor();
    expect(await said.textContent()).toMatch(/Six-MW.*100,000 GPUs need 94,640 kW.*88,640 kW more than its 6,000 kW power limit/);
    const top = page.locator('[data-testid=inventory-warnings] li[data-code=site_power_over_limit]');
    expect(await top.textContent()).toContain('Six-MW');
    await top.locator('[data-testid=warning-fix]').click();
    expect(await page.inputValue('[data-testid=site-form] input[name=name]')).toBe('Six-MW');
    expect(await page.inputValue('[data-testid=site-form] input[name=power_limit_kw]')).toBe('6000');
    const row = page.locator('[data-testid=power-of-limit]', { hasText: '94,640' });
    expect(await row.getAttribute('class')).toContain('field-error');
    await page.click('[data-testid=site-form] button[type=button]');
  });

  it('switches to Chinese and shows Chinese labels everywhere on the page', async () => {
    await page.click('[data-testid=lang-switch]');
    await page.waitForSelector('text=资产清单');
    const body = await page.locator('main').textContent();
    for (const zh of ['集群', '站点', 'GPU 数量', '添加集群', 'GPU 额定功率']) expect(body).toContain(zh);
    expect(await page.locator('nav').textContent()).toContain('采购计划');
    await page.click('[data-testid=lang-switch]');
    await page.waitForSelector('text=Inventory');
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
