// The shell's Undo/Redo buttons in real Chromium through `headroom serve`: a change made through the API is undone and redone.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoDb, serve } from '../helpers/tmp';
import { openApp, closeApp } from '../helpers/browser';

let browser: Browser;
let srv: Awaited<ReturnType<typeof serve>>;
let page: Page;
const errors: string[] = [];

const api = async (method: string, body: unknown = {}) => {
  const r = await fetch(`${srv.base}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${srv.token}` }, body: JSON.stringify(body) });
  const j = await r.json() as { result?: unknown; error?: unknown };
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(j)}`);
  return (j.result ?? j) as any;
};
const siteNames = async () => (await api('sites.list') as { name: string }[]).map((s) => s.name);

beforeAll(async () => {
  ({ srv, browser, page } = await openApp(demoDb(), errors));
  await page.goto(srv.url);
  await page.waitForSelector('[data-testid=undo]');
});
afterAll(() => closeApp(browser, srv));

describe('Undo / Redo in the shell', () => {
  it('undoes and redoes the last change, then has nothing left to redo', async () => {
    await api('sites.add', { name: 'Undo-Test', country: 'DE', region: 'Hesse', power_limit_kw: 100, pue: 1.2 });
    expect(await siteNames()).toContain('Undo-Test');
    await page.reload();
    const undo = page.locator('[data-testid=undo]');
    const redo = page.locator('[data-testid=redo]');
    await expect.poll(() => undo.isEnabled()).toBe(true);
    expect(await undo.getAttribute('title')).toContain('sites.add');

    await Promise.all([page.waitForEvent('load'), undo.click()]);
    expect(await siteNames()).not.toContain('Undo-Test');
    await expect.poll(() => redo.isEnabled()).toBe(true);

    await Promise.all([page.waitForEvent('load'), redo.click()]);
    expect(await siteNames()).toContain('Undo-Test');
    await expect.poll(() => redo.isEnabled()).toBe(false);
    expect(errors).toEqual([]);
  }, 60_000);
});
