// The Scenarios page's structural editing in real Chromium: add a class, an event with a mix
// shift and a pool on a cluster, reshape the daily profile, switch the users model, save, and
// read back exactly that through the API; a refused edit says why and changes nothing.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoDb, serve } from '../helpers/tmp';
import { openApp, closeApp } from '../helpers/browser';
import type { Scenario } from '../../src-main/engine/demand/scenario';

let browser: Browser;
let srv: Awaited<ReturnType<typeof serve>>;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  ({ srv, browser, page } = await openApp(demoDb(), errors));
});
afterAll(() => closeApp(browser, srv));

/** The save round-trip finished: the page says exactly "Saved" (not "Unsaved changes"). */
const savedShown = () => page.waitForFunction(() => document.querySelector('[data-testid=scenario-message]')?.textContent?.trim() === 'Saved');

async function saved(name: string): Promise<Scenario> {
  const r = await fetch(`${srv.base}/api/scenarios.get`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${srv.token}` }, body: JSON.stringify({ name }),
  });
  return ((await r.json()) as { result: { scenario: Scenario } }).result.scenario;
}

describe('Scenarios page: structure', () => {
  it('adds a class, an event with a shift and a pool, reshapes the profile, switches users to a table, and saves it all', async () => {
    await page.goto(`${srv.url}#scenarios`);
    await page.waitForSelector('[data-testid=scenario-select] option[value=ernie-2023-11]', { state: 'attached' });
    await page.selectOption('[data-testid=scenario-select]', 'ernie-2023-11');
    await page.waitForSelector('[data-testid=class-add]');
    const before = await saved('ernie-2023-11');

    await page.selectOption('[data-testid=class-kind]', 'voice');
    await page.click('[data-testid=class-add]');
    await page.waitForSelector('[data-testid=class-voice]');

    await page.click('[data-testid=event-add]');
    const ev = page.locator('[data-testid^=ev-]').last();
    await ev.locator('[data-testid=evshift]').check();
    await ev.locator('[data-testid=evshift-to]').selectOption('voice');

    await page.selectOption('[data-testid=pool-model]', 'qwen2.5-72b');
    await page.click('[data-testid=pool-add]');
    await page.waitForSelector('[data-testid=pool-qwen2-5-72b], [data-testid="pool-qwen2.5-72b"]');
    const firstCluster = before.pools[0].clusters[0].cluster_id;
    const share = page.locator(`[data-testid="pool-qwen2.5-72b-cluster-${firstCluster}"]`);
    await share.fill('0.25');
    await share.dispatchEvent('change');

    await page.fill('[data-testid=hour-3]', '30');
    await page.dispatchEvent('[data-testid=hour-3]', 'change');
    await page.waitForSelector('[data-testid=profile-sum].warn');
    await page.click('[data-testid=profile-normalise]');
    await page.waitForSelector('[data-testid=profile-sum]:not(.warn)');

    await page.selectOption('[data-testid=users-kind]', 'compound');
    await page.waitForSelector('[data-testid=users-growth]');
    await page.selectOption('[data-testid=users-kind]', 'table');
    await page.waitForSelector('[data-testid=users-add-month]');
    await page.click('[data-testid=users-add-month]');

    // The first pool's serving engine and utilisation ceiling (issue 13): vLLM, 70 %.
    const pool0 = before.pools[0].id;
    await page.selectOption(`[data-testid=pool-${pool0}-engine]`, 'vllm');
    await page.fill(`[data-testid=pool-${pool0}-ceiling]`, '70');
    await page.dispatchEvent(`[data-testid=pool-${pool0}-ceiling]`, 'change');

    await page.click('[data-testid=scenario-save]');
    await savedShown();
    expect(await page.locator('.banner-error').count()).toBe(0);

    const after = await saved('ernie-2023-11');
    expect(after.pools[0]).toMatchObject({ engine: 'vllm', utilisation_ceiling: 0.7 });
    expect(after.classes.map((c) => c.kind)).toEqual([...before.classes.map((c) => c.kind), 'voice']);
    expect(after.events.length).toBe(before.events.length + 1);
    expect(after.events.at(-1)!.shift).toMatchObject({ to: 'voice' });
    expect(after.pools.at(-1)).toMatchObject({ model_id: 'qwen2.5-72b', clusters: [{ cluster_id: firstCluster, share: 0.25 }] });
    expect(Math.abs(after.diurnal.profile.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6);
    expect(after.diurnal.profile[3]).toBeGreaterThan(before.diurnal.profile[3]);
    expect(after.users.kind).toBe('table');
    if (after.users.kind === 'table') expect(after.users.points.length).toBe(before.horizon_months + 1);
    expect(errors).toEqual([]);
  });

  it('a refused edit names what blocks it and leaves the document as it was', async () => {
    const pool = (await saved('ernie-2023-11')).pools[0];
    await page.locator(`[data-testid="pool-${pool.id}"] h3 button`).click();
    await page.waitForSelector('.banner-error');
    expect(await page.textContent('.banner-error')).toMatch(/move those classes/);
    expect(await page.locator(`[data-testid="pool-${pool.id}"]`).count()).toBe(1);
    expect(await page.locator('[data-testid=scenario-save]').isDisabled()).toBe(true);
  });

  it('creates a new scenario from scratch, gives its pool a cluster, and the timeline can plan it', async () => {
    await page.reload();
    await page.waitForSelector('[data-testid=scenario-select]');
    await page.click('details.new-scenario summary');
    await page.fill('[data-testid=new-scenario-name]', 'mine');
    await page.selectOption('[data-testid=new-scenario-model]', 'llama-3.1-70b');
    await page.click('[data-testid=new-scenario]');
    await page.waitForFunction(() => (document.querySelector('[data-testid=scenario-select]') as HTMLSelectElement).value === 'mine');
    const share = page.locator('[data-testid=pool-main-cluster-1]');
    await share.fill('1');
    await share.dispatchEvent('change');
    await page.click('[data-testid=scenario-save]');
    await savedShown();
    const s = await saved('mine');
    expect(s.pools[0]).toMatchObject({ model_id: 'llama-3.1-70b', clusters: [{ cluster_id: 1, share: 1 }] });
    expect(s.classes.map((c) => c.kind)).toEqual(['chat']);
    const r = await fetch(`${srv.base}/api/plan.timeline`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${srv.token}` }, body: JSON.stringify({ scenario: 'mine' }),
    });
    expect(r.status).toBe(200);
    expect(errors).toEqual([]);
  });
});
