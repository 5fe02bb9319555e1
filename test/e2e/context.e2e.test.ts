// One planning context in real Chromium: the Burn page's numbers follow its scenario selector,
// the scenario carries to Timeline (and survives a reload), currency is its own choice (not the
// language's), and the export dialog says what it exports, takes focus and closes on Escape.
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

/** "$1,234.56" → 123456n (minor units). */
const minor = (s: string) => BigInt(s.replace(/[^\d]/g, ''));

async function apiBurnTotal(body: Record<string, unknown>): Promise<bigint> {
  const res = await fetch(`${srv.base}/api/burn.compute`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${srv.token}` }, body: JSON.stringify(body),
  });
  const out = ((await res.json()) as { result: { totals: { total: string } } }).result;
  const [int, frac = ''] = out.totals.total.split('.');
  const cents = BigInt(int) * 100n + BigInt((frac + '00').slice(0, 2));
  return (frac + '000')[2] >= '5' ? cents + 1n : cents;
}

describe('planning context', () => {
  it('the Burn page shows the numbers of the scenario it names, and its export names the same scenario', async () => {
    await page.goto(`${srv.url}#burn`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=burn-table] tbody tr').length === 24);
    expect(await page.inputValue('[data-testid=export-scenario]')).toBe('');
    const whole = minor((await page.textContent('[data-testid=burn-total]'))!);
    expect(whole).toBe(await apiBurnTotal({ start_month: '2025-01', months: 24, currency: 'USD', view: 'accrual', default_utilisation: 0.5 }));
    await page.selectOption('[data-testid=export-scenario]', 'chatgpt-2023-11');
    await page.waitForFunction((w) => document.querySelector('[data-testid=burn-total]')?.textContent?.replace(/[^\d]/g, '') !== w, String(whole));
    const shown = minor((await page.textContent('[data-testid=burn-total]'))!);
    expect(shown).not.toBe(whole);
    expect(shown).toBe(await apiBurnTotal({ start_month: '2025-01', months: 24, currency: 'USD', view: 'accrual', default_utilisation: 0.5, scenario: 'chatgpt-2023-11' }));
    await page.click('[data-testid=open-export]');
    await page.waitForSelector('[data-testid=export-dialog]');
    expect(await page.textContent('[data-testid=export-what]')).toContain('chatgpt-2023-11');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('export-dialog');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[data-testid=export-dialog]'));
  });

  it('currency is its own choice: switching the language keeps it', async () => {
    await page.selectOption('[data-testid=burn-currency]', 'EUR');
    await page.waitForFunction(() => /€/.test(document.querySelector('[data-testid=burn-total]')?.textContent ?? ''));
    await page.click('[data-testid=lang-switch]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    expect(await page.inputValue('[data-testid=burn-currency]')).toBe('EUR');
    // The engine's calculation notes follow the language too (src-main/shared/notes-zh.ts).
    const notes = (await page.locator('ul.notes').textContent()) ?? '';
    expect(notes).toContain('价格库');
    expect(notes).not.toMatch(/no utilisation given|not in the price book|counted as 0/);
    await page.click('[data-testid=lang-switch]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.inputValue('[data-testid=burn-currency]')).toBe('EUR');
  });

  it('Timeline opens on the scenario chosen elsewhere, and remembers its own choice across a reload', async () => {
    await page.click('nav button[data-page=timeline]');
    await page.waitForFunction(() => (document.querySelector('[data-testid=timeline-scenario]') as HTMLSelectElement | null)?.options.length);
    await page.waitForFunction(() => (document.querySelector('[data-testid=timeline-scenario]') as HTMLSelectElement).value === 'chatgpt-2023-11');
    expect(await page.getAttribute('nav button[data-page=timeline]', 'aria-current')).toBe('page');
    await page.selectOption('[data-testid=timeline-scenario]', 'ernie-2023-11');
    await page.reload();
    await page.waitForFunction(() => (document.querySelector('[data-testid=timeline-scenario]') as HTMLSelectElement | null)?.value === 'ernie-2023-11');
    await page.click('nav button[data-page=burn]');
    await page.waitForFunction(() => (document.querySelector('[data-testid=export-scenario]') as HTMLSelectElement | null)?.value === 'ernie-2023-11');
    expect(await page.inputValue('[data-testid=burn-currency]')).toBe('EUR');
    expect(errors).toEqual([]);
  });

  it('Timeline lists what one GPU of each pool serves: the plan\'s own capacity table, figure for figure', async () => {
    await page.click('nav button[data-page=timeline]');
    const res = await fetch(`${srv.base}/api/plan.timeline`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${srv.token}` }, body: JSON.stringify({ scenario: 'ernie-growth-2026' }),
    });
    const cap = ((await res.json()) as { result: { capacity: { pool_id: string; gpu_id: string; output_tokens_per_s_per_gpu: number; tp: number; error_key?: string; measured?: { engine: string; rows: number } }[] } }).result.capacity;
    expect(cap.length).toBeGreaterThan(1);
    await page.selectOption('[data-testid=timeline-scenario]', 'ernie-growth-2026');
    // The previous scenario's table stays until the new plan is in: wait for this one's rows.
    await page.waitForFunction((want) => {
      const trs = [...document.querySelectorAll('[data-testid=capacity-per-gpu] tbody tr')];
      return trs.length === want.length && want.every((k) => trs.some((tr) => `${tr.getAttribute('data-pool')}|${tr.getAttribute('data-gpu')}` === k));
    }, cap.map((c) => `${c.pool_id}|${c.gpu_id}`));
    await page.click('[data-testid=capacity-per-gpu] summary');
    const rows = await page.locator('[data-testid=capacity-per-gpu] tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      pool: tr.getAttribute('data-pool'), gpu: tr.getAttribute('data-gpu'), cells: [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()),
    })));
    expect(rows).toHaveLength(cap.length);
    for (const c of cap) {
      const r = rows.find((x) => x.pool === c.pool_id && x.gpu === c.gpu_id)!;
      expect(Number(r.cells[6].replace(/,/g, ''))).toBeCloseTo(c.output_tokens_per_s_per_gpu, 2);
      expect(r.cells[3]).toBe(String(c.tp));
      if (c.error_key) expect(r.cells[7]).toBe(c.error_key);
      // The published rows behind the figure, under the pool's engine (the Ascend 910B under MindIE has none).
      if (c.measured) expect(r.cells[8]).toMatch(new RegExp(`^${c.measured.rows} under `));
    }
    expect(cap.find((c) => c.gpu_id === 'ascend-910b')?.measured).toMatchObject({ engine: 'mindie', rows: 0 });
    expect(await page.getAttribute('[data-testid=capacity-per-gpu] tr[data-gpu=ascend-910b] [data-testid=cap-measured]', 'class')).toMatch(/thin/);
    // Capacity on thin evidence: every GPU type the API flags is listed above the charts, by name and engine.
    const flagged = ((await (await fetch(`${srv.base}/api/plan.timeline`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${srv.token}` }, body: JSON.stringify({ scenario: 'ernie-growth-2026' }),
    })).json()) as { result: { warnings: { code: string; gpu_id?: string }[] } }).result.warnings.filter((w) => w.code === 'capacity_unmeasured');
    expect(flagged.some((w) => w.gpu_id === 'ascend-910b')).toBe(true);
    const list = page.locator('[data-testid=timeline-capacity-warnings]');
    if (flagged.length > 4) await list.locator('button.secondary').click();
    const shown = await list.locator('li[data-code=capacity_unmeasured] .wtext').allTextContents();
    expect(shown).toHaveLength(flagged.length);
    expect(shown.some((x) => /no published measurement of .*Ascend 910B under MindIE/.test(x) && /rests on factors fitted on other GPUs or engines/.test(x))).toBe(true);
    // The MindIE evidence is a same-benchmark ratio: measured, fitted on its benchmark, and fitted on this pool's workload.
    const here = flagged.find((w) => w.gpu_id === 'ascend-910b') as { ratio_here?: number } | undefined;
    expect(here?.ratio_here).toBeGreaterThanOrEqual(1);
    // Ratios keep two decimals on the page (a whole-number format once showed "2×" and "1×").
    expect(shown.some((x) => /measured MindIE \(Ascend\) at 1\.79× vLLM/.test(x) && /the fitted model gives 1\.\d\d×\. On this pool's own workload the fitted model gives 1\.\d\d?×; that is the figure the plan uses\./.test(x))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('a site without a power limit reads "no power limit set", never "of 0 kW limit"', async () => {
    await page.click('nav button[data-page=inventory]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=power-of-limit]').length >= 4);
    const texts = await page.locator('[data-testid=power-of-limit]').allTextContents();
    expect(texts.some((x) => /no power limit set/.test(x))).toBe(true);
    expect(texts.join(' ')).not.toMatch(/of 0 kW/);
  });
});
