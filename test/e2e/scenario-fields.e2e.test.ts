// Scenario inputs said in a user's terms, in real Chromium (issue 18): growth entered and shown as
// a percent (8 %) while the scenario keeps 0.08; thousands separators; "abc" answered in words (en
// and zh), at the field; P10 ≤ value ≤ P90 said at the field the user edited (P90 when P90 is at
// fault), with Save held until it is fixed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoDb, serve } from '../helpers/tmp';
import { openApp, closeApp } from '../helpers/browser';
import type { Scenario } from '../../src-main/engine/demand/scenario';

let browser: Browser;
let srv: Awaited<ReturnType<typeof serve>>;
let page: Page;
const errors: string[] = [];

async function saved(name: string): Promise<Scenario> {
  const r = await fetch(`${srv.base}/api/scenarios.get`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${srv.token}` }, body: JSON.stringify({ name }),
  });
  return ((await r.json()) as { result: { scenario: Scenario } }).result.scenario;
}
const set = async (sel: string, text: string) => { await page.fill(sel, text); await page.dispatchEvent(sel, 'change'); };

beforeAll(async () => {
  ({ srv, browser, page } = await openApp(demoDb(), errors));
  await page.goto(`${srv.url}#scenarios`);
  await page.waitForSelector('[data-testid=scenario-select]');
});
afterAll(() => closeApp(browser, srv));

describe('Scenario fields', () => {
  it('growth in percent, separators, human errors at the field (P90 named when P90 is at fault), Save held until fixed', async () => {
    // A scenario whose users grow by a rate (compound or logistic).
    const names = await page.locator('[data-testid=scenario-select] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    let name = '';
    for (const n of names) { const s = await saved(n); if (s.users.kind !== 'table') { name = n; break; } }
    expect(name).not.toBe('');
    if ((await page.inputValue('[data-testid=scenario-select]')) !== name) await page.selectOption('[data-testid=scenario-select]', name);
    const growth = '[data-testid=users-growth-value]';
    await page.waitForSelector(growth);
    const stored = (await saved(name)).users as { monthly_growth: { value: number } };
    // Shown as a percent: the stored fraction × 100, with a "% / month" unit.
    expect(Number((await page.inputValue(growth)).replace(/,/g, ''))).toBeCloseTo(stored.monthly_growth.value * 100, 6);
    expect(await page.textContent('[data-testid=users-growth] .unit')).toContain('%');

    // "abc": a sentence at the field, not zod's wording; Save is held.
    await set(growth, 'abc');
    const err = page.locator('[data-testid=users-growth-error]');
    expect(await err.textContent()).toContain('is not a number');
    expect(await err.textContent()).not.toMatch(/Invalid input|expected number/);
    expect(await page.getAttribute(growth, 'aria-invalid')).toBe('true');
    expect(await page.isDisabled('[data-testid=scenario-save]')).toBe(true);
    await page.click('[data-testid=lang-switch]');
    await set(growth, 'abc');
    expect(await err.textContent()).toContain('不是数字');
    await page.click('[data-testid=lang-switch]');

    // Uncertain, P10 2 % and 4 % → 0.04 stored (checked on save below).
    await page.locator('[data-testid=users-growth] .unc input').check();
    await set('[data-testid=users-growth-p10]', '2');
    await set('[data-testid=users-growth-p90]', '6');
    await set(growth, '4');
    expect(await err.count()).toBe(0);
    expect(await page.inputValue(growth)).toBe('4');

    // P90 edited below the value → the error names P90, at P90 (not P10, as the schema path did).
    await set('[data-testid=users-growth-p90]', '3');
    expect(await err.getAttribute('data-field')).toBe('p90');
    expect(await err.textContent()).toMatch(/^P90 must be at least the value \(4 %\)/);
    expect(await page.getAttribute('[data-testid=users-growth-p90]', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('[data-testid=users-growth-p10]', 'aria-invalid')).toBe('false');
    expect(await page.isDisabled('[data-testid=scenario-save]')).toBe(true);
    await set('[data-testid=users-growth-p90]', '12');
    expect(await err.count()).toBe(0);

    // Thousands separators: the start users read "250,000,000" and are stored as 250000000.
    const start = page.locator('[data-testid=users-growth]').locator('xpath=preceding-sibling::div[contains(@class,"numfield")][1]').locator('input[inputmode=decimal]').first();
    await start.fill('250,000,000');
    await start.dispatchEvent('change');
    expect(await start.inputValue()).toBe('250,000,000');

    await page.click('[data-testid=scenario-save]');
    await page.waitForFunction(() => document.querySelector('[data-testid=scenario-message]')?.textContent?.trim() === 'Saved');
    const after = (await saved(name)).users as { start: { value: number }; monthly_growth: { value: number; p10?: number; p90?: number } };
    expect(after.monthly_growth.value).toBeCloseTo(0.04, 12);
    expect(after.monthly_growth.p10).toBeCloseTo(0.02, 12);
    expect(after.monthly_growth.p90).toBeCloseTo(0.12, 12);
    expect(after.start.value).toBe(250_000_000);
    expect(errors).toEqual([]);
  }, 90_000);

  it('a value only the server refuses (burst factor 0.5, below 1) is said at its field, outlined, and the banner names it in words, not a schema path', async () => {
    await page.evaluate(() => { for (const d of document.querySelectorAll<HTMLDetailsElement>('details.sc-section')) d.open = true; });
    const field = page.locator('[data-path="diurnal.burst_factor"]');
    const box = field.locator('input[inputmode=decimal]').first();
    // One value (no P10/P90), so the form's own order check has nothing to say.
    if (await field.locator('.unc input').isChecked()) await field.locator('.unc input').uncheck();
    await box.fill('0.5');
    await box.dispatchEvent('change');
    // A number: the form takes it; only the server knows a burst factor below 1 makes no sense.
    expect(await field.locator('.field-error').count()).toBe(0);
    await page.click('[data-testid=scenario-save]');
    const banner = page.locator('.banner-error[role=alert]');
    await banner.waitFor();
    const said = (await banner.textContent())!;
    expect(said).toMatch(/Not saved: one field needs attention/);
    expect(said).not.toMatch(/scenario\.|burst_factor|\.value/);
    expect(await field.locator('.field-error').textContent()).toContain('must be 1 or more');
    expect(await field.getAttribute('class')).toContain('invalid');
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    // Fixing the field clears it there; Save then goes through.
    await box.fill('1.5');
    await box.dispatchEvent('change');
    expect(await field.locator('.field-error').count()).toBe(0);
    await page.click('[data-testid=scenario-save]');
    await page.waitForFunction(() => document.querySelector('[data-testid=scenario-message]')?.textContent?.trim() === 'Saved');
    expect(errors).toEqual([]);
  }, 60_000);
});
