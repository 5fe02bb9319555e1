// Pins what an undo/redo reports it touched (issue 18): the page in view re-reads only those
// domains, so the report must name every domain a step wrote and no other.
import { describe, it, expect, beforeEach } from 'vitest';
import path from 'node:path';
import { openDatabase } from '../../src-main/store/open';
import { invoke } from '../../src-main/api/handlers';
import type { AppContext } from '../../src-main/api/context';
import { UNDO_TABLES } from '../../src-main/store/undo';
import { TABLE_DOMAIN, DATA_DOMAINS, domainsOf } from '../../src-main/shared/data-domains';
import { ROOT, tmpDir } from '../helpers/tmp';

let ctx: AppContext;
const call = (m: string, input: unknown = {}) => invoke(ctx, m, input) as Promise<any>;
const site = (name: string) => ({ name, country: 'US', region: 'Virginia', power_limit_kw: 1000, pue: 1.3, notes: '' });

beforeEach(() => {
  const db = openDatabase(path.join(tmpDir(), 'd.db'), { appRoot: ROOT, create: true });
  let t = Date.parse('2026-01-01T00:00:00Z');
  ctx = { db, dbPath: path.join(tmpDir(), 'd.db'), appRoot: ROOT, now: () => new Date((t += 1000)) };
});

describe('undo reports the data domains its step touched', () => {
  it('every table undo tracks has a domain (a new table cannot silently skip the refresh)', () => {
    for (const t of UNDO_TABLES) expect(DATA_DOMAINS).toContain(TABLE_DOMAIN[t]);
    expect(domainsOf(['no_such_table'])).toEqual([...DATA_DOMAINS]);
  });

  it('a site add is the sites domain; a cluster add the inventory domain; redo reports the same; nothing to undo reports none', async () => {
    await call('sites.add', site('A-1'));
    await call('inventory.add', { site: 'A-1', gpu_id: 'h100-sxm', gpus: 8, mode: 'buy', unit_cost: '25000', currency: 'USD' });
    const u1 = await call('undo.undo');
    expect(u1.applied.method).toBe('inventory.add');
    expect(u1.domains).toEqual(['inventory']);
    const r1 = await call('undo.redo');
    expect(r1.domains).toEqual(['inventory']);
    await call('undo.undo');
    const u2 = await call('undo.undo');
    expect(u2.applied.method).toBe('sites.add');
    expect(u2.domains).toEqual(['sites']);
    expect((await call('undo.undo')).domains).toEqual([]);
  });

  it('tables of several domains give each domain once, in a fixed order', () => {
    expect(domainsOf(['clusters', 'site_costs', 'sites', 'clusters'])).toEqual(['sites', 'inventory']);
    expect(domainsOf(['fx_rates', 'price_items', 'actuals_usage'])).toEqual(['prices', 'money', 'actuals']);
    expect(domainsOf([])).toEqual([]);
  });
});
