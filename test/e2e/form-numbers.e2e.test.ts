// Issue 18: a non-number typed into an Inventory number field is said at the field in words (en and
// zh), the same as on the Scenarios page, never zod's "Invalid input: expected number, received
// string"; nothing is written; numbers with thousands separators are read as typed.
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

const clusters = () => cliJson<{ gpu_id: string; gpus: number; unit_cost: string | null }[]>(['inventory', 'list', '--db', db]);

async function openCluster(gpus: string, unitCost = '') {
  await page.click('[data-testid=add-cluster]');
  const form = page.locator('[data-testid=cluster-form]');
  await form.locator('select[name=site]').selectOption('Ulanqab');
  await form.locator('select[name=gpu_id]').selectOption('ascend-910c');
  await form.locator('input[name=gpus]').fill(gpus);
  if (unitCost) { await form.locator('input[name=unit_cost]').fill(unitCost); await form.locator('input[name=currency]').fill('CNY'); }
  await page.click('[data-testid=save-cluster]');
  return form;
}

describe('number fields on Inventory', () => {
  it('"abc" in GPUs is said at the field in words; nothing is written', async () => {
    const before = clusters().length;
    const form = await openCluster('abc');
    const err = page.locator('[data-testid=error-gpus]');
    await err.waitFor();
    expect(await err.textContent()).toBe('“abc” is not a number: enter digits, e.g. 1,200 or 0.5');
    expect(await form.locator('input[name=gpus]').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('main').textContent()).not.toMatch(/Invalid input|expected number|received string/);
    expect(clusters().length).toBe(before);
  });

  it('a unit cost "12k" is refused at its field; "12,000" GPUs and "110,000.50" are read as typed and saved', async () => {
    await page.locator('[data-testid=cluster-form] input[name=gpus]').fill('12,000');
    await page.locator('[data-testid=cluster-form] input[name=unit_cost]').fill('12k');
    await page.locator('[data-testid=cluster-form] input[name=currency]').fill('CNY');
    await page.click('[data-testid=save-cluster]');
    const costErr = page.locator('[data-testid=cluster-form] input[name=unit_cost] ~ .field-error');
    await costErr.waitFor();
    expect(await costErr.textContent()).toContain('“12k” is not a number');
    expect(await page.locator('[data-testid=error-gpus]').count()).toBe(0);
    await page.locator('[data-testid=cluster-form] input[name=unit_cost]').fill('110,000.50');
    await page.click('[data-testid=save-cluster]');
    await page.waitForSelector('[data-testid=cluster-form]', { state: 'detached' });
    const saved = clusters().find((c) => c.gpu_id === 'ascend-910c' && c.gpus === 12_000);
    expect(saved).toBeDefined();
    expect(Number(saved!.unit_cost)).toBe(110000.5);
  });

  it('the site form: an empty PUE and "6 MW" as a limit are said at their fields', async () => {
    await page.click('[data-testid=add-site]');
    const form = page.locator('[data-testid=site-form]');
    await form.locator('input[name=name]').fill('Test-Site');
    await form.locator('input[name=country]').fill('CN');
    await form.locator('input[name=power_limit_kw]').fill('6 MW');
    await form.locator('input[name=pue]').fill('');
    await form.locator('button[type=submit]').click();
    await form.locator('.field-error').first().waitFor();
    const texts = await form.locator('.field-error').allTextContents();
    expect(texts).toContain('“6 MW” is not a number: enter digits, e.g. 1,200 or 0.5');
    expect(texts).toContain('Enter a number');
    expect(await form.locator('input[name=power_limit_kw]').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('input[name=pue]').getAttribute('aria-invalid')).toBe('true');
    expect(cliJson<{ name: string }[]>(['sites', 'list', '--db', db]).some((s) => s.name === 'Test-Site')).toBe(false);
    await form.locator('button[type=button]').click();
  });

  it('in Chinese the same message is Chinese', async () => {
    await page.click('[data-testid=lang-switch]');
    await page.waitForSelector('text=资产清单');
    await openCluster('一千');
    const err = page.locator('[data-testid=error-gpus]');
    await err.waitFor();
    expect(await err.textContent()).toBe('“一千”不是数字：请输入数字，例如 1,200 或 0.5');
    await page.click('[data-testid=cluster-form] button[type=button]');
    await page.click('[data-testid=lang-switch]');
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
