// Issue 18: unsaved edits on Inventory's forms survive a page switch and Ctrl+Z when the user
// answers Cancel (the question names what is unsaved, in words); an unchanged open form asks nothing.
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

const current = () => page.getAttribute('nav [aria-current=page]', 'data-page');

/** Switches to Sites and back to Inventory; no question may be asked on the way. */
async function leavesWithoutAsking(): Promise<void> {
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); void d.accept(); });
  await page.click('[data-page=sites]');
  await page.waitForFunction(() => document.querySelector('nav [aria-current=page]')?.getAttribute('data-page') === 'sites');
  expect(asked).toBe('');
  page.removeAllListeners('dialog');
  await page.click('[data-page=inventory]');
  await page.waitForSelector('[data-testid=cluster-row]');
}

describe('unsaved edits on Inventory', () => {
  it('an open form with nothing changed: switching page asks nothing', async () => {
    await page.locator('[data-testid=cluster-row] button.secondary').first().click();
    await page.waitForSelector('[data-testid=cluster-form]');
    await leavesWithoutAsking();
  });

  it('an edited cluster: page switch and Ctrl+Z ask, naming the cluster; Cancel keeps the edit and undoes nothing', async () => {
    // A saved edit first, so that there is something to undo (Ctrl+Z with nothing to undo does nothing).
    await page.locator('[data-testid=cluster-row] button.secondary').first().click();
    await page.click('[data-testid=save-cluster]');
    await page.waitForSelector('[data-testid=cluster-form]', { state: 'detached' });
    await page.waitForSelector('[data-testid=undo]:not([disabled])');
    const rows = cliJson<{ id: number; site: string; gpus: number }[]>(['inventory', 'list', '--db', db]);
    await page.locator('[data-testid=cluster-row] button.secondary').first().click();
    const form = page.locator('[data-testid=cluster-form]');
    await form.waitFor();
    const gpus = form.locator('input[name=gpus]');
    const before = await gpus.inputValue();
    const first = rows.find((r) => String(r.gpus) === before)!;
    await gpus.fill('4096');

    let asked = '';
    page.once('dialog', (d) => { asked = d.message(); void d.dismiss(); });
    await page.click('[data-page=sites]');
    await expect.poll(() => asked).toMatch(/^Leave this page and discard the unsaved changes to cluster \d+\? Cancel keeps them\.$/);
    expect(asked).toContain(`cluster ${first.id}`);
    expect(await current()).toBe('inventory');
    expect(await gpus.inputValue()).toBe('4096');

    await page.locator('h1').first().click();
    asked = '';
    page.once('dialog', (d) => { asked = d.message(); void d.dismiss(); });
    await page.keyboard.press('Control+z');
    await expect.poll(() => asked).toMatch(/Undo now and discard the unsaved changes to cluster/);
    expect(await gpus.inputValue()).toBe('4096');
    expect(cliJson<unknown[]>(['inventory', 'list', '--db', db])).toEqual(rows);

    // The form's own Cancel drops the edit on purpose: then nothing is asked.
    await form.locator('button[type=button]').click();
    await leavesWithoutAsking();
  });

  it('a new site half typed, in Chinese: the question is Chinese; OK discards it', async () => {
    await page.click('[data-testid=lang-switch]');
    await page.waitForSelector('text=资产清单');
    await page.click('[data-testid=add-site]');
    await page.locator('[data-testid=site-form] input[name=name]').fill('Half-Typed');
    let asked = '';
    page.once('dialog', (d) => { asked = d.message(); void d.accept(); });
    await page.click('[data-page=sites]');
    await expect.poll(() => asked).toBe('离开此页面并放弃对 新站点 的未保存修改？点“取消”保留修改。');
    await page.waitForFunction(() => document.querySelector('nav [aria-current=page]')?.getAttribute('data-page') === 'sites');
    expect(cliJson<{ name: string }[]>(['sites', 'list', '--db', db]).some((s) => s.name === 'Half-Typed')).toBe(false);
    await page.click('[data-testid=lang-switch]');
  });

  it('Sites & power: an edited site-costs form asks before a page switch; Cancel keeps the edit', async () => {
    await page.click('[data-page=sites]');
    await page.locator('[data-testid=site-costs] button.secondary').first().click();
    const form = page.locator('[data-testid=costs-form]');
    await form.waitFor();
    const hosting = form.locator('input[inputmode=decimal]').first();
    await hosting.fill('123.45');
    let asked = '';
    page.once('dialog', (d) => { asked = d.message(); void d.dismiss(); });
    await page.click('[data-page=inventory]');
    await expect.poll(() => asked).toMatch(/^Leave this page and discard the unsaved changes to the costs of site “.+”\? Cancel keeps them\.$/);
    expect(await current()).toBe('sites');
    expect(await hosting.inputValue()).toBe('123.45');
    await form.locator('button[type=button]').click();
    asked = '';
    page.once('dialog', (d) => { asked = d.message(); void d.accept(); });
    await page.click('[data-page=inventory]');
    await page.waitForFunction(() => document.querySelector('nav [aria-current=page]')?.getAttribute('data-page') === 'inventory');
    expect(asked).toBe('');
    page.removeAllListeners('dialog');
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
