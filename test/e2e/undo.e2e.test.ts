// The shell's Undo/Redo and unsaved edits in real Chromium through `headroom serve`: a change made
// through the API is undone and redone without reloading the app, the tooltip names the step in
// words (en and zh) and follows every change; unsaved scenario edits survive a page switch or
// Ctrl+Z when the user cancels (issue 18).
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
const mainText = () => page.evaluate(() => document.querySelector('main')?.textContent ?? '');

beforeAll(async () => {
  ({ srv, browser, page } = await openApp(demoDb(), errors));
  await page.goto(`${srv.url}#sites`);
  await page.waitForSelector('[data-testid=undo]');
});
afterAll(() => closeApp(browser, srv));

describe('Undo / Redo in the shell', () => {
  it('undoes and redoes the last change without reloading the app; the tooltip says what in words and is never stale', async () => {
    await api('sites.add', { name: 'Undo-Test', country: 'DE', region: 'Hesse', power_limit_kw: 100, pue: 1.2 });
    expect(await siteNames()).toContain('Undo-Test');
    await page.reload();
    await page.waitForFunction(() => document.querySelector('main')?.textContent?.includes('Undo-Test'));
    const undo = page.locator('[data-testid=undo]');
    const redo = page.locator('[data-testid=redo]');
    await expect.poll(() => undo.isEnabled()).toBe(true);
    const title = (await undo.getAttribute('title'))!;
    expect(title).toContain('adding a site');
    expect(title).not.toMatch(/sites\.add|\w+\.\w+/);

    // A marker on the window survives only if the app is not reloaded.
    await page.evaluate(() => { (window as unknown as { __kept: boolean }).__kept = true; });
    // Timed on the page's clock (the test's adds the harness's round trips): click → the Sites page
    // drawn again with its data and without the site.
    // Drawn with its data: another site's name is on the page again (the re-created page starts empty).
    const other = (await siteNames()).find((n) => n !== 'Undo-Test')!;
    await page.evaluate((other) => {
      const w = window as unknown as { __shown?: number };
      const mo = new MutationObserver(() => {
        const text = document.querySelector('main')?.textContent ?? '';
        if (!text.includes('Undo-Test') && text.includes(other)) { w.__shown = performance.now(); mo.disconnect(); }
      });
      mo.observe(document.body, { subtree: true, childList: true, characterData: true });
    }, other);
    // Nothing else reloads: the page's element is the same one (not re-created) and the only read is the touched domain's.
    await page.evaluate(() => { (document.querySelector('main > *') as unknown as { __same: boolean }).__same = true; });
    const reads: string[] = [];
    const onReq = (r: { url: () => string }) => { const m = /\/api\/([^?]+)/.exec(r.url()); if (m) reads.push(m[1]); };
    page.on('request', onReq);
    const t0 = Date.now();
    const clicked = await page.evaluate(() => { const t = performance.now(); (document.querySelector('[data-testid=undo]') as HTMLButtonElement).click(); return t; });
    await page.waitForFunction((other) => { const t = document.querySelector('main')?.textContent ?? ''; return !t.includes('Undo-Test') && t.includes(other); }, other);
    const undoMs = Date.now() - t0;
    const inPage = await page.evaluate((c) => Math.round((window as unknown as { __shown: number }).__shown - c), clicked);
    // Measured, not asserted (issue 18 target: ≤ 200 ms; was 1.6 s with a full reload).
    console.log(`undo: click to the Sites page drawn without the site ${inPage} ms on the page's clock (${undoMs} ms by the test's; no reload)`);
    expect(await page.evaluate(() => (window as unknown as { __kept?: boolean }).__kept)).toBe(true);
    expect(await page.evaluate(() => (document.querySelector('main > *') as unknown as { __same?: boolean }).__same)).toBe(true);
    await expect.poll(() => reads.includes('undo.status')).toBe(true); // the tooltip's read follows the call
    page.off('request', onReq);
    // The step touched sites: the Sites page read its site list and the sites' power warnings again and nothing
    // else (tariffs, FX, reference figures, export rules, catalogue stay).
    expect(reads.filter((m) => m !== 'undo.status').sort()).toEqual(['inventory.power', 'sites.costs', 'undo.undo']);
    expect(await siteNames()).not.toContain('Undo-Test');
    // The tooltip follows at once: Redo names the step that was undone.
    await expect.poll(() => redo.isEnabled()).toBe(true);
    expect(await redo.getAttribute('title')).toContain('adding a site');

    await redo.click();
    await page.waitForFunction(() => document.querySelector('main')?.textContent?.includes('Undo-Test'));
    expect(await siteNames()).toContain('Undo-Test');
    await expect.poll(() => redo.isEnabled()).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { __kept?: boolean }).__kept)).toBe(true);

    // The same tooltip in Chinese: words, no method names.
    await page.click('[data-testid=lang-switch]');
    await expect.poll(() => undo.getAttribute('title')).toContain('添加站点');
    expect(await undo.getAttribute('title')).not.toMatch(/[a-z]+\.[a-z]+/i);
    await page.click('[data-testid=lang-switch]');
    expect(errors).toEqual([]);
  }, 60_000);

  it('unsaved scenario edits survive a page switch and Ctrl+Z when the user cancels; OK discards them', async () => {
    await page.click('[data-page=scenarios]');
    // The scenario's title: any edit that is not saved yet.
    const field = page.locator('main .sc-editor .form input:not([disabled])').first();
    await field.waitFor();
    const before = await field.inputValue();
    const edited = `${before} (edited)`;
    await field.fill(edited);
    await page.waitForSelector('[data-testid=scenario-save]:not([disabled])');

    // Page switch: the question names the scenario; Cancel keeps the page and the edit.
    let asked = '';
    page.once('dialog', (d) => { asked = d.message(); void d.dismiss(); });
    await page.click('[data-page=sites]');
    expect(asked).toMatch(/discard the unsaved changes to the scenario/);
    expect(await page.getAttribute('[data-page=scenarios]', 'aria-current')).toBe('page');
    expect(await field.inputValue()).toBe(edited);

    // Ctrl+Z (outside a field): asked too; Cancel keeps the edit and undoes nothing.
    const sitesBefore = await siteNames();
    await page.locator('h1').first().click();
    asked = '';
    page.once('dialog', (d) => { asked = d.message(); void d.dismiss(); });
    await page.keyboard.press('Control+z');
    await expect.poll(() => asked).toMatch(/Undo now and discard/);
    expect(await field.inputValue()).toBe(edited);
    expect(await siteNames()).toEqual(sitesBefore);

    // OK: the switch happens and the edit is gone (never saved).
    page.once('dialog', (d) => void d.accept());
    await page.click('[data-page=sites]');
    await page.waitForFunction(() => document.querySelector('[data-page=sites]')?.getAttribute('aria-current') === 'page');
    await page.click('[data-page=scenarios]');
    await field.waitFor();
    expect(await field.inputValue()).toBe(before);
    expect(errors).toEqual([]);
  }, 60_000);
});
