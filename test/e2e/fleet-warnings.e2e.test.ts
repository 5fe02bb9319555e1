// Issue 18: warnings at the top of Inventory (leases without a cost, estimated/unofficial specs of
// GPUs in use) and Catalog (unofficial specs), each with a link to where it is fixed, in en and zh.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cliJson, ROOT } from '../helpers/tmp';
import { openDemoApp, closeApp, type Served } from '../helpers/browser';
import { readSpecSources } from '../../src-main/api/domains/catalog';

let browser: Browser;
let srv: Served;
let db: string;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  ({ db, srv, browser, page } = await openDemoApp(errors, '[data-testid=cluster-row]'));
});
afterAll(() => closeApp(browser, srv));

type Row = { id: number; site: string; gpu_id: string; mode: string; unit_cost: string | null };

describe('fleet warnings at the top of Inventory and Catalog', () => {
  it('Inventory: each bought/leased cluster without a cost is named above the KPIs, with a link to Prices', async () => {
    const rows = cliJson<Row[]>(['inventory', 'list', '--db', db]);
    const uncosted = rows.filter((r) => r.mode !== 'cloud' && r.unit_cost === null).map((r) => r.id).sort();
    expect(uncosted.length).toBeGreaterThan(0); // the demo's two leases (Virginia-1 A100, Ulanqab L20)
    const list = page.locator('[data-testid=inventory-warnings]');
    await list.waitFor();
    // every warning shown (the list folds after 4)
    const more = list.locator('button');
    if (await more.count()) await more.click();
    const items = list.locator('li[data-code=cluster_without_cost]');
    expect(await items.count()).toBe(uncosted.length);
    const text = (await items.allTextContents()).join('\n');
    for (const id of uncosted) expect(text).toContain(`Cluster ${id} (`);
    expect(text).toContain('no unit cost entered');
    expect(await items.first().locator('[data-testid=warning-fix]').getAttribute('href')).toBe('#prices');
    expect(await page.evaluate(() => !!(document.querySelector('[data-testid=inventory-warnings]')!.compareDocumentPosition(document.querySelector('.kpis')!) & Node.DOCUMENT_POSITION_FOLLOWING))).toBe(true);
  });

  it('Inventory: GPUs in use with unofficial figures are named, fields in words, linking to Catalog', async () => {
    const rows = cliJson<Row[]>(['inventory', 'list', '--db', db]);
    const specs = readSpecSources(ROOT);
    const unofficialInUse = [...new Set(rows.map((r) => r.gpu_id))].filter((id) => specs.some((s) => s.gpu_id === id && s.confidence === 'unofficial'));
    expect(unofficialInUse).toContain('h20'); // db/seed/gpu_spec_sources.csv: H20 has no vendor datasheet
    const items = page.locator('[data-testid=inventory-warnings] li[data-code=spec_unofficial]');
    expect(await items.count()).toBe(unofficialInUse.length);
    const h20 = items.filter({ hasText: 'H20' });
    expect(await h20.textContent()).toMatch(/unofficial datasheet figures.*memory.*memory bandwidth/);
    expect(await h20.textContent()).not.toContain('memory_gb');
    await h20.locator('[data-testid=warning-fix]').click();
    await page.waitForSelector('[data-testid=gpu-table]');
    expect(await page.getAttribute('nav [aria-current=page]', 'data-page')).toBe('catalog');
  });

  it('Catalog: the unofficial GPUs are listed at the top; the link brings the row into view, marked', async () => {
    const specs = readSpecSources(ROOT);
    const unofficial = [...new Set(specs.filter((s) => s.confidence === 'unofficial').map((s) => s.gpu_id))];
    const list = page.locator('[data-testid=catalog-warnings]');
    await list.waitFor();
    const more = list.locator('button.btn');
    if (await more.count()) await more.click();
    expect(await list.locator('li[data-code=spec_unofficial]').count()).toBe(unofficial.length);
    const first = list.locator('li[data-code=spec_unofficial]').first();
    await first.locator('[data-testid=warning-fix]').click();
    const marked = page.locator('[data-testid=gpu-table] tr.flash');
    await marked.waitFor();
    expect(unofficial).toContain(await marked.getAttribute('data-gpu'));
    expect(await marked.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })).toBe(true);
  });

  it('in Chinese the warnings and their links are Chinese', async () => {
    await page.click('[data-testid=lang-switch]');
    const list = page.locator('[data-testid=catalog-warnings]');
    await page.waitForFunction(() => document.querySelector('[data-testid=catalog-warnings] strong')?.textContent?.includes('警告'));
    const text = (await list.textContent()) ?? '';
    expect(text).toContain('规格数据非官方');
    expect(text).toContain('显存带宽');
    expect(text).toContain('在 GPU 表中查看');
    expect(text).not.toMatch(/unofficial|memory/);
    await page.click('[data-testid=lang-switch]');
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
