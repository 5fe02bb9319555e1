// The whole UI in Chinese, in real Chromium: every page visited in zh (with a plan run, a burn and an
// import preview with rejected rows) and its rendered text checked for English — any sentence of the
// en catalogue, and any run of English words joined by English grammar words ("the", "of", "not" …).
// What the user typed or imported (notes, sources, a file's own text) is data, not UI: the renderer
// marks it translate="no" and the check leaves it out; single words of the database's own text
// (scenario, class, pool and GPU names) are data too.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { demoDb, serve, ROOT } from '../helpers/tmp';
import { openApp, closeApp } from '../helpers/browser';
import Database from 'better-sqlite3';

let browser: Browser;
let srv: Awaited<ReturnType<typeof serve>>;
let page: Page;
const errors: string[] = [];
const en: Record<string, string> = {};
const zh: Record<string, string> = {};
const DATA = new Set<string>();

beforeAll(async () => {
  for (const f of fs.readdirSync(path.join(ROOT, 'src-renderer', 'i18n')).filter((f) => f.endsWith('.ts'))) {
    const m = (await import(path.join(ROOT, 'src-renderer', 'i18n', f))) as { default: { en: Record<string, string>; zh: Record<string, string> } };
    Object.assign(en, m.default.en); Object.assign(zh, m.default.zh);
  }
  const db = demoDb();
  // Words of the user's own data (scenario, class, pool, site, vendor and GPU names, notes): shown as
  // typed, in whatever language the user wrote them. Only the single-word check below leaves them out.
  const conn = new Database(db, { readonly: true });
  for (const { name } of conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]) {
    for (const row of conn.prepare(`SELECT * FROM "${name}"`).raw().iterate() as Iterable<unknown[]>) {
      for (const v of row) if (typeof v === 'string') for (const w of v.toLowerCase().match(/[a-z]{3,}/g) ?? []) DATA.add(w);
    }
  }
  conn.close();
  ({ srv, browser, page } = await openApp(db, errors));
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

/** English words of the UI: in some en message and in no zh one (zh keeps product names, units and codes). */
let vocab: Set<string> | null = null;
function uiWords(): Set<string> {
  if (vocab) return vocab;
  const inZh = new Set(Object.values(zh).flatMap((m) => m.toLowerCase().match(/[a-z]{3,}/g) ?? []));
  vocab = new Set(Object.values(en).flatMap((m) => m.replace(/\{\w+\}/g, ' ').toLowerCase().match(/\b[a-z]{3,}\b/g) ?? []).filter((w) => !inZh.has(w)));
  return vocab;
}
/** Product names (Huawei Ascend, RTX 6000 Ada Generation) and the language switch's own label. */
const ALLOW = new Set(['english', 'ascend', 'generation']);
async function check(name: string): Promise<string[]> {
  const text = await uiText(page);
  const bad = english(text);
  for (const w of new Set(text.match(/\b[A-Za-z][a-z]{2,}\b/g) ?? [])) if (uiWords().has(w.toLowerCase()) && !ALLOW.has(w.toLowerCase()) && !DATA.has(w.toLowerCase())) bad.push(`English UI word "${w}"`);
  return bad.map((s) => `${name}: ${s}`);
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
    await page.waitForSelector('[data-testid=months-table] tbody tr');
    // The capacity-per-GPU table is folded away; open it so its headers are checked too.
    await page.click('[data-testid=capacity-per-gpu] summary');
    bad.push(...await check('timeline (computed)'));
    // ERNIE growth's fleet has GPU types with no published measurement under their engine: its warnings are checked too.
    await page.selectOption('[data-testid=timeline-scenario]', 'ernie-growth-2026');
    await page.waitForSelector('[data-testid=timeline-capacity-warnings] li[data-code=capacity_unmeasured]');
    bad.push(...await check('timeline (ERNIE growth, capacity on thin evidence)'));
    // Back to the first scenario: the Plan page below opens on the scenario chosen here.
    await page.selectOption('[data-testid=timeline-scenario]', 'chatgpt-2023-11');
    await page.waitForFunction(() => !document.querySelector('[data-testid=timeline-capacity-warnings]'));

    await page.goto(`${srv.url}#plan`);
    await page.waitForFunction(() => (document.querySelector('[data-testid=plan-scenario]') as HTMLSelectElement | null)?.value);
    await page.click('[data-testid=plan-run]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=plan-cancel]') && document.querySelectorAll('[data-testid=plan-actions] tbody tr').length > 0, undefined, { timeout: 120_000 });
    bad.push(...await check('plan'));
    // Names, not ids: each order's GPU column is the catalogue's product name, never its id.
    const gpuNames = new Map(((await (await fetch(`${srv.base}/api/catalog.gpus`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${srv.token}` }, body: '{}' })).json()) as { result: { id: string; name: string }[] }).result.map((g) => [g.id, g.name]));
    const orders = await page.locator('[data-testid=plan-actions] tbody tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-gpu'), r.querySelectorAll('td')[3]?.textContent?.trim()]));
    expect(orders.length).toBeGreaterThan(0);
    for (const [id, shown] of orders) expect(shown).toBe(gpuNames.get(id!));
    expect(await uiText(page)).not.toMatch(/\b(?:[a-z]\d+[a-z]?-(?:sxm|pcie)[\w-]*|hgx_8gpu)\b/);

    // One money format: no "USD 0.0806" anywhere on Sites (tariffs, hosting) or in Plan's notes.
    await page.goto(`${srv.url}#sites`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=tariffs] tbody tr').length >= 4);
    const sites = await uiText(page);
    expect(sites).not.toMatch(/\b(?:USD|CNY|EUR) \d/);
    expect(sites).toMatch(/US\$0\.\d{3,}/);

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
