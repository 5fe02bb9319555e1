// The whole UI in Chinese, in real Chromium: every page visited in zh (with a plan run, a burn and an
// import preview with rejected rows) and its rendered text checked for English — any sentence of the
// en catalogue, and any run of English words joined by English grammar words ("the", "of", "not" …).
// What the user typed or imported (scenario names and notes, sources, file text, product names) is
// data, not UI: the renderer marks it translate="no" and the check leaves it out.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { demoDb, serve, ROOT } from '../helpers/tmp';
import { openApp, closeApp } from '../helpers/browser';

let browser: Browser;
let srv: Awaited<ReturnType<typeof serve>>;
let page: Page;
const errors: string[] = [];
const en: Record<string, string> = {};
const zh: Record<string, string> = {};

beforeAll(async () => {
  for (const f of fs.readdirSync(path.join(ROOT, 'src-renderer', 'i18n')).filter((f) => f.endsWith('.ts'))) {
    const m = (await import(path.join(ROOT, 'src-renderer', 'i18n', f))) as { default: { en: Record<string, string>; zh: Record<string, string> } };
    Object.assign(en, m.default.en); Object.assign(zh, m.default.zh);
  }
  ({ srv, browser, page } = await openApp(demoDb(), errors));
  await page.addInitScript(() => localStorage.setItem('headroom_lang', 'zh'));
});
afterAll(() => closeApp(browser, srv));

/** The page's visible text, without what the renderer marks as data (translate="no"). */
const uiText = (p: Page) => p.evaluate(() => {
  const root = document.body.cloneNode(true) as HTMLElement;
  root.querySelectorAll('[translate=no], script, style, title').forEach((e) => e.remove());
  // <option>s of a closed <select> are not on screen but the chosen one is: keep only chosen ones.
  root.querySelectorAll('select').forEach((s) => s.replaceWith(document.createTextNode(' ')));
  document.body.appendChild(root); root.style.position = 'absolute';
  const t = root.innerText; root.remove();
  const chosen = [...document.querySelectorAll('select')].filter((s) => !s.closest('[translate=no]')).map((s) => s.selectedOptions[0]?.textContent ?? '');
  return `${t}\n${chosen.join('\n')}`;
});

/** English grammar words between English words: a sentence, not a product name or unit. */
const GRAMMAR = /\b[A-Za-z]{2,}[ ,]+(?:the|of|and|is|are|not|per|from|for|with|was|has|have|no|to|in|at|on|by|or|this|that|its|be)\s+[A-Za-z]{2,}\b/gi;

function english(text: string): string[] {
  const found = new Set<string>();
  for (const k of Object.keys(en)) {
    if (zh[k] === en[k]) continue;
    for (const frag of en[k].split(/\{\w+\}/)) {
      const f = frag.trim();
      if ((f.match(/[A-Za-z]{2,}/g) ?? []).length >= 3 && text.includes(f)) found.add(`en catalogue ${k}: "${f}"`);
    }
  }
  for (const m of text.matchAll(GRAMMAR)) {
    const at = m.index ?? 0;
    found.add(`English words: "${text.slice(Math.max(0, at - 30), at + m[0].length + 30).replace(/\s+/g, ' ')}"`);
  }
  return [...found];
}

async function check(name: string): Promise<string[]> {
  return english(await uiText(page)).map((s) => `${name}: ${s}`);
}

describe('zh UI', () => {
  it('no page shows an English sentence in Chinese', async () => {
    const bad: string[] = [];
    for (const p of ['inventory', 'catalog', 'prices', 'sites', 'scenarios', 'timeline']) {
      await page.goto(`${srv.url}#${p}`);
      await page.waitForFunction((w) => document.querySelector('nav button[data-page=inventory]')?.textContent?.includes(w), zh['nav.inventory']);
      await page.waitForLoadState('networkidle');
      bad.push(...await check(p));
    }
    await page.goto(`${srv.url}#timeline`);
    await page.waitForSelector('[data-testid=timeline-table] tbody tr, table tbody tr');
    bad.push(...await check('timeline (computed)'));

    await page.goto(`${srv.url}#plan`);
    await page.waitForFunction(() => (document.querySelector('[data-testid=plan-scenario]') as HTMLSelectElement | null)?.value);
    await page.click('[data-testid=plan-run]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=plan-cancel]') && document.querySelectorAll('[data-testid=plan-actions] tbody tr').length > 0, undefined, { timeout: 120_000 });
    bad.push(...await check('plan'));

    await page.goto(`${srv.url}#burn`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=burn-table] tbody tr').length > 0);
    await page.waitForLoadState('networkidle');
    bad.push(...await check('burn'));

    await page.goto(`${srv.url}#prices`);
    await page.setInputFiles('[data-testid=import-file]', path.join(ROOT, 'test', 'fixtures', 'samples', 'vendor_en_quote.csv'));
    await page.waitForSelector('[data-testid=preview-rows] tr.rejected', { timeout: 60_000 });
    await page.selectOption('[data-testid=preview-filter]', 'rejected');
    bad.push(...await check('prices import preview'));

    if (process.env.ZH_SWEEP_DUMP) fs.writeFileSync(process.env.ZH_SWEEP_DUMP, bad.join('\n'));
    expect(bad).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);
});
