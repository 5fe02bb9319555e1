// Pins the money store and API on a real SQLite file: migration 0040 seeds (FX with sources, electricity reference rows), tariffs with bands, site costs, fixed items and burn.compute on the demo inventory.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, closeDatabase } from '../../src-main/store/open.js';
import { insertDemoInventory } from '../../src-main/app/demo.js';
import { insertDemoMoney } from '../../src-main/app/money-demo.js';
import { invoke } from '../../src-main/api/handlers.js';
import type { WritableDB } from '../../src-main/store/handles.js';
import { parseCsvObjects } from '../../src-main/shared/csv.js';
import { parseDecimal } from '../../src-main/engine/money/index.js';

const root = path.resolve(__dirname, '..', '..');
let dir: string, db: WritableDB;
const ctx = () => ({ db, dbPath: path.join(dir, 'm.db'), appRoot: root, now: () => new Date('2026-01-01T00:00:00Z') });
const call = (m: string, i: unknown) => invoke(ctx(), m, i) as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const cents = (s: string) => parseDecimal(s).units;

beforeAll(() => {
  dir = fs.mkdtempSync(os.tmpdir() + '/headroom-');
  db = openDatabase(path.join(dir, 'm.db'), { appRoot: root, create: true });
  db.transaction(() => { insertDemoInventory(db); insertDemoMoney(db); })();
});
afterAll(() => { closeDatabase(db); fs.rmSync(dir, { recursive: true, force: true }); });

describe('migration 0040 seeds', () => {
  it('copies every electricity_public.csv row with its source', async () => {
    const csv = parseCsvObjects(fs.readFileSync(path.join(root, 'db/seed/electricity_public.csv'), 'utf8'));
    const ref = await call('energy.reference', {});
    expect(ref.rows.length).toBe(csv.filter((r) => r.region).length);
    expect(ref.rows.every((r: { source_url: string }) => r.source_url.startsWith('http'))).toBe(true);
    expect(ref.assumptions.server_overhead.hgx_8gpu.factor).toBe(1.82);
  });
  it('seeds dated FX rates, each with a source', async () => {
    const fx = await call('fx.list', {});
    expect(fx.length).toBeGreaterThanOrEqual(5);
    expect(fx.every((r: { source: string }) => r.source.length > 0)).toBe(true);
    expect(fx.find((r: { base: string; quote: string; effective_from: string }) => r.base === 'EUR' && r.quote === 'USD')).toMatchObject({ rate: '1.0705', effective_from: '2024-06-28' });
  });
});

describe('fx, tariffs, site costs, fixed items', () => {
  it('saves an FX rate (upsert by pair and date) and refuses a zero rate', async () => {
    const a = await call('fx.save', { base: 'GBP', quote: 'USD', rate: '1.27', effective_from: '2024-07-01', source: 'test' });
    const b = await call('fx.save', { base: 'GBP', quote: 'USD', rate: '1.28', effective_from: '2024-07-01', source: 'test' });
    expect(b.id).toBe(a.id);
    expect(b.rate).toBe('1.28');
    await expect(call('fx.save', { base: 'GBP', quote: 'USD', rate: '0.00', effective_from: '2024-07-01' })).rejects.toMatchObject({ code: 'bad_request', field: 'rate' });
    expect((await call('fx.delete', { id: a.id })).deleted).toBe(true);
  });
  it('saves a time-of-use tariff with bands and rejects a band gap', async () => {
    const bands = [
      { name: 'valley', from_hour: 23, to_hour: 7, price_per_kwh: '0.289' },
      { name: 'peak', from_hour: 7, to_hour: 23, price_per_kwh: '1.49' },
    ];
    const t = await call('tariffs.save', { site: 'Ulanqab', effective_from: '2026-01-01', currency: 'CNY', kind: 'tou', bands, demand_charge_per_kw_month: '40' });
    expect(t.bands).toEqual(bands);
    expect((await call('tariffs.list', { site: 'Ulanqab' })).map((x: { effective_from: string }) => x.effective_from)).toEqual(['2015-03-28', '2026-01-01']);
    await expect(call('tariffs.save', { site: 'Ulanqab', effective_from: '2026-02-01', currency: 'CNY', kind: 'tou', bands: [bands[1]] })).rejects.toMatchObject({ code: 'bad_request', field: 'bands' });
    await expect(call('tariffs.save', { site: 'Ulanqab', effective_from: '2026-01-01', currency: 'CNY', kind: 'flat', price_per_kwh: '0.3' })).rejects.toMatchObject({ field: 'effective_from' });
    await expect(call('tariffs.save', { site: 'Nowhere', effective_from: '2026-01-01', currency: 'CNY', kind: 'flat', price_per_kwh: '0.3' })).rejects.toMatchObject({ code: 'not_found' });
    expect((await call('tariffs.delete', { id: t.id })).deleted).toBe(true);
  });
  it('reports the server overhead factor in use and its source', async () => {
    const rows = await call('sites.costs', {});
    const va = rows.find((r: { site: string }) => r.site === 'Virginia-1');
    expect(va).toMatchObject({ hosting_per_kw_month: '175', hosting_currency: 'USD', effective_server_overhead: 1.82, overhead_assumed: false, utc_offset_hours: -5 });
    const pc = await call('sites.saveCosts', { site: 'Zhongwei', server_type: 'pcie_server', utc_offset_hours: 8 });
    expect(pc).toMatchObject({ effective_server_overhead: 1.5, overhead_assumed: true });
    await call('sites.saveCosts', { site: 'Zhongwei', server_type: 'hgx_8gpu', utc_offset_hours: 8 });
  });
  it('adds, edits and deletes a fixed cost item', async () => {
    const f = await call('fixed.save', { name: 'SRE team', category: 'staff', amount_per_month: '120000', currency: 'USD', from_month: '2024-01' });
    const g = await call('fixed.save', { ...f, amount_per_month: '125000.50' });
    expect(g).toMatchObject({ id: f.id, amount_per_month: '125000.50' });
    await expect(call('fixed.save', { name: 'x', amount_per_month: '-1', currency: 'USD' })).rejects.toMatchObject({ field: 'amount_per_month' });
    expect((await call('fixed.list', {})).length).toBe(1);
    expect((await call('fixed.delete', { id: f.id })).deleted).toBe(true);
  });
});

describe('burn.compute on the demo inventory', () => {
  it('gives parts that add up exactly, in USD and in CNY, and explains every price it could not find', async () => {
    for (const currency of ['USD', 'CNY']) {
      const r = await call('burn.compute', { start_month: '2025-01', months: 12, currency, view: 'accrual', default_utilisation: 0.6 });
      expect(r.currency).toBe(currency);
      for (const m of r.months) {
        const parts = ['depreciation', 'lease', 'cloud', 'electricity', 'hosting', 'fixed'].reduce((a, k) => a + cents(m[k]), 0n);
        expect(parts).toBe(cents(m.total));
        expect(m.by_site.reduce((a: bigint, s: { electricity: string }) => a + cents(s.electricity), 0n)).toBe(cents(m.electricity));
      }
      expect(cents(r.months[0].depreciation)).toBeGreaterThan(0n);
      expect(cents(r.months[0].electricity)).toBeGreaterThan(0n);
      expect(cents(r.months[0].hosting)).toBeGreaterThan(0n);
    }
  });
  it('cash view puts purchases in their month', async () => {
    const r = await call('burn.compute', { start_month: '2024-01', months: 24, currency: 'USD', view: 'cash' });
    // Virginia-1 H100: 1,024 × $30,000 paid 2024-03; Ulanqab H20: 768 × ¥110,000 paid 2024-09
    expect(r.months[2].depreciation).toBe('30720000.00');
    expect(cents(r.months[8].depreciation)).toBeGreaterThan(0n);
    expect(r.months[0].depreciation).toBe('0.00');
  });
  it('refuses a reporting currency with no rate', async () => {
    await expect(call('burn.compute', { start_month: '2025-01', months: 3, currency: 'CHF' })).rejects.toMatchObject({ code: 'bad_request' });
  });
  it('deleting a site takes its tariffs and cost extras with it', async () => {
    const s = await call('sites.add', { name: 'Temp', country: 'DE', region: 'Frankfurt', power_limit_kw: 100, pue: 1.3 });
    await call('tariffs.save', { site: 'Temp', effective_from: '2024-01-01', currency: 'EUR', kind: 'flat', price_per_kwh: '0.233' });
    await call('sites.delete', { id: s.id });
    expect((await call('tariffs.list', {})).some((t: { site: string }) => t.site === 'Temp')).toBe(false);
  });
});

describe('undo', () => {
  it('undoes a tariff save and a site delete together with its cascaded tariffs', async () => {
    const t = await call('tariffs.save', { site: 'Zhongwei', effective_from: '2027-01-01', currency: 'CNY', kind: 'flat', price_per_kwh: '0.33' });
    await call('undo.undo', {});
    expect((await call('tariffs.list', {})).some((x: { id: number }) => x.id === t.id)).toBe(false);
    const s = await call('sites.add', { name: 'Temp2', country: 'IE', region: 'Dublin', power_limit_kw: 100, pue: 1.3 });
    await call('tariffs.save', { site: 'Temp2', effective_from: '2024-01-01', currency: 'EUR', kind: 'flat', price_per_kwh: '0.256' });
    await call('sites.delete', { id: s.id });
    expect((await call('tariffs.list', {})).some((x: { site: string }) => x.site === 'Temp2')).toBe(false);
    await call('undo.undo', {});
    expect((await call('tariffs.list', { site: 'Temp2' })).map((x: { price_per_kwh: string }) => x.price_per_kwh)).toEqual(['0.256']);
  });
});
