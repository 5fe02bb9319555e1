// Pins the cloud-region rule (issue 20): a site restricted to a region never rents from a price listed only in another, country terms use the provider region table, unrestricted sites plan exactly as before, restricting regions never lowers the optimiser's cost, and the burn charges a cloud cluster only at prices of its site's regions.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { regionCompatible, regionCountry, zoneToRegion } from '../../src-main/engine/procure/regions.js';
import { buildProcureInput, type ProcureBuildArgs } from '../../src-main/engine/plan/procure-input.js';
import { procureSettingsSchema, type ProcureSettings } from '../../src-main/engine/procure/settings.js';
import { optimise, type LpSolver } from '../../src-main/engine/procure/index.js';
import { highsSolver, loadSolverRuntime } from '../../src-main/workers/highs-solver.js';
import type { BookRow, World } from '../../src-main/engine/plan/world.js';
import { loadBurnInput } from '../../src-main/engine/plan/burn-input.js';
import type { Scenario } from '../../src-main/engine/demand/scenario.js';
import type { PoolCapacity, TimelineResult } from '../../src-main/engine/timeline/index.js';

describe('regionCompatible', () => {
  it('no setting = any region; a price that names no region counts everywhere', () => {
    expect(regionCompatible(null, 'eu-west-1')).toBe(true);
    expect(regionCompatible('  ', 'eu-west-1')).toBe(true);
    expect(regionCompatible('us-east-1', null)).toBe(true);
    expect(regionCompatible('us-east-1', 'global')).toBe(true);
    expect(regionCompatible('us-east-1', 'unspecified')).toBe(true);
  });
  it('exact region codes, case and separators ignored; zones name their region', () => {
    expect(regionCompatible('us-east-1', 'US_EAST_1')).toBe(true);
    expect(regionCompatible('us-east-1', 'us-east-1a')).toBe(true);
    expect(regionCompatible('us-east-1', 'us-east-2')).toBe(false);
    expect(regionCompatible('eastus', 'East US')).toBe(true);
    expect(regionCompatible('eastus', 'eastus2')).toBe(false);
    expect(regionCompatible('us-central1', 'us-central1-a')).toBe(true);
    expect(zoneToRegion('us-central1-b')).toBe('us-central1');
    expect(zoneToRegion('ap-northeast-1c')).toBe('ap-northeast-1');
  });
  it('prefixes and lists', () => {
    expect(regionCompatible('us-*', 'us-west-2')).toBe(true);
    expect(regionCompatible('us-*', 'eu-west-1')).toBe(false);
    expect(regionCompatible('eu-west-1, eu-central-1', 'eu-central-1')).toBe(true);
    expect(regionCompatible('eu-west-1, eu-central-1', 'us-east-1')).toBe(false);
  });
  it('a country code takes every known region in that country (AWS, GCP, Azure, RunPod-style, names)', () => {
    for (const r of ['us-east-1', 'us-west-2', 'us-central1', 'eastus', 'South Central US', 'US-TX-3', 'US', 'United States']) expect(regionCompatible('US', r), r).toBe(true);
    for (const r of ['eu-west-1', 'europe-west4', 'westeurope', 'CA-MTL-1', 'cn-north-1', 'China', 'EU-RO-1']) expect(regionCompatible('US', r), r).toBe(false);
    expect(regionCountry('EU-RO-1')).toBe('RO');
    expect(regionCountry('europe-west4')).toBe('NL');
    expect(regionCountry('cn-beijing')).toBe('CN');
    expect(regionCountry('europe-central-1')).toBe(null);
    expect(regionCompatible('DE', 'europe-central-1')).toBe(false); // unknown country: no country term takes it
    expect(regionCompatible('US', 'EU/US')).toBe(true);
  });
});

// A small world by hand: one pool, one owned site (DC), two cloud sites; one GPU type with cloud prices per region.
const scenario = {
  name: 's', currency: 'USD', start_month: '2027-01', horizon_months: 6,
  pools: [{ id: 'chat', model_id: 'm', availability: { value: 1 }, clusters: [{ cluster_id: 2 }, { cluster_id: 3 }] }],
} as unknown as Scenario;
const row = (id: number, kind: BookRow['kind'], price: string, region: string | null, gpus = 1): BookRow => ({
  id, list_id: id, vendor: `v${id}`, gpu_id: 'l4', kind, gpus_per_unit: gpus, unit_price: price, currency: 'USD', valid_from: '2026-01-01',
  lead_time_weeks: null, min_qty: null, region,
});
function world(book: BookRow[], rules: Record<string, string | null>): World {
  const site = (id: number, name: string) => ({ id, name, country: 'US', region: name, power_limit_kw: 0, pue: 1.1, notes: '' });
  const cost = (id: number, name: string) => ({
    site_id: id, site: name, country: 'US', pue: 1.1, hosting_per_kw_month: null, hosting_currency: null, server_type: 'hgx_8gpu',
    server_overhead: null, utc_offset_hours: null, source: '', cloud_region: rules[name] ?? null,
  });
  const cluster = (id: number, site_id: number, name: string) => ({
    id, site: name, site_id, gpu_id: 'l4', gpus: 1, servers: null, mode: 'cloud' as const, in_service_from: null, in_service_to: null, unit_cost: null, currency: null, notes: '',
  });
  const dc = { id: 1, name: 'DC', country: 'US', region: 'Ashburn', power_limit_kw: 0, pue: 1.2, notes: '' };
  const withDc = book.some((r) => r.kind === 'gpu');
  return {
    scenario, gpus: [{ id: 'l4', name: 'NVIDIA L4', tdp_w: 72, cn_export_status: 'restricted', available_from: null }],
    specs: { gpus: {}, models: {} }, factors: {} as World['factors'], factors_kind: 'default',
    sites: [...(withDc ? [dc] : []), site(2, 'Cloud-East'), site(3, 'Cloud-West')], site_costs: [cost(2, 'Cloud-East'), cost(3, 'Cloud-West')],
    clusters: [cluster(2, 2, 'Cloud-East'), cluster(3, 3, 'Cloud-West')], cluster_costs: [], tariffs: [], fx: [], fixed: [],
    price_book: book, reference: { burn: [], procure: [] },
    procure_settings: procureSettingsSchema.parse({ sites: [...(withDc ? ['DC'] : []), 'Cloud-East', 'Cloud-West'] }), export_rules: null,
  };
}
function args(demand: number[]): ProcureBuildArgs {
  const det = { months: demand.map((d) => ({ pools: [{ pool_id: 'chat', safe_utilisation: 0.8, gpus_up: 0, capacity_output_tokens_per_s: 0, peak_output_tokens_per_s: d, peak_media_gpu_s_per_s: 0 }] })) } as unknown as TimelineResult;
  const capacity = [{ pool_id: 'chat', by_gpu: { l4: { feasible: true, output_tokens_per_s_per_gpu: 100 } } }] as unknown as PoolCapacity[];
  return { scenario, fleet: [], det, capacity };
}

describe('procurement input with cloud regions', () => {
  const book = [row(1, 'cloud_hour', '0.40', 'eu-west-1'), row(2, 'cloud_hour', '0.90', 'us-east-1'), row(3, 'cloud_hour', '3.20', 'us-west-2', 4), row(4, 'gpu', '2500', null)];

  it('without a setting the offers are as before (one cloud offer, cheapest anywhere, no site bound)', () => {
    const { input } = buildProcureInput(world(book, {}), args([500, 500, 500, 500, 500, 500]));
    const cloud = input.offers.filter((o) => o.mode === 'cloud_on_demand');
    expect(cloud).toHaveLength(1);
    expect(cloud[0].unit_price).toBe('0.4');
    expect(cloud[0].site).toBeUndefined();
  });

  it('a site in us-east-1 never rents from a price listed only in eu-west-1', async () => {
    const w = world(book, { 'Cloud-East': 'us-east-1', 'Cloud-West': 'us-west-2' });
    const { input, notes } = buildProcureInput(w, args([500, 500, 500, 500, 500, 500]));
    const cloud = input.offers.filter((o) => o.mode === 'cloud_on_demand');
    expect(cloud.map((o) => [o.site, o.unit_price])).toEqual([['Cloud-East', '0.9'], ['Cloud-West', '0.8']]);
    expect(cloud.every((o) => !o.source!.includes('eu-west-1'))).toBe(true);
    expect(input.offers.filter((o) => o.mode === 'buy').every((o) => o.site === undefined)).toBe(true);
    expect(notes.some((n) => n.includes('no cloud price'))).toBe(false);
    // The plan rents only at its site's own price.
    const r = optimise(input, solver, { mip_rel_gap: 0, time_limit: 30 });
    const rented = r.actions.filter((a) => a.mode === 'cloud_on_demand');
    expect(rented.length).toBeGreaterThan(0);
    for (const a of rented) expect(a.unit_price).toBe(a.site === 'Cloud-East' ? '0.9' : '0.8');
  });

  it('a country term takes US regions only; a site with no compatible price is told so', () => {
    const { input } = buildProcureInput(world(book, { 'Cloud-East': 'US', 'Cloud-West': 'US' }), args([100]));
    expect(input.offers.filter((o) => o.mode === 'cloud_on_demand').map((o) => o.unit_price)).toEqual(['0.8', '0.8']);
    const only = buildProcureInput(world(book, { 'Cloud-East': 'ap-northeast-1' }), args([100]));
    expect(only.input.offers.filter((o) => o.site === 'Cloud-East')).toEqual([]);
    expect(only.notes).toContain('site Cloud-East: no cloud price in a region compatible with "ap-northeast-1"; nothing can be rented there');
    // The unrestricted site still sees every region.
    expect(only.input.offers.find((o) => o.site === 'Cloud-West')?.unit_price).toBe('0.4');
  });

  let solver: LpSolver;
  beforeAll(async () => { solver = highsSolver(await loadSolverRuntime()); });

  it('property: restricting regions never lowers cost', () => {
    const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'eastus', null];
    const rule = fc.constantFrom<string | null>(null, 'us-east-1', 'us-west-2', 'eu-west-1', 'US', 'us-*', 'eastus, eu-west-1', 'ap-northeast-1');
    fc.assert(fc.property(
      fc.array(fc.record({ price: fc.integer({ min: 20, max: 400 }), region: fc.constantFrom(...regions), gpus: fc.constantFrom(1, 8) }), { minLength: 1, maxLength: 5 }),
      rule, rule, fc.array(fc.constantFrom(0, 640, 1280, 1920), { minLength: 3, maxLength: 3 }),
      (rows, east, west, demand) => {
        // An owned site that can buy at once, and needs of whole servers (640 tokens/s ÷ 0.8 = 8 GPUs × 100), keep every
        // plan short of nothing, so the costs compare as money (the shortfall penalty's rate depends on the offers).
        const b = [...rows.map((x, i) => row(i + 1, 'cloud_hour', (x.price / 100).toFixed(2), x.region, x.gpus)), { ...row(99, 'gpu', '9000', null), lead_time_weeks: 0 }];
        const plan = (w: World) => optimise(buildProcureInput(w, args(demand)).input, solver, { mip_rel_gap: 0, time_limit: 30 });
        const free = plan(world(b, {}));
        const tight = plan(world(b, { 'Cloud-East': east, 'Cloud-West': west }));
        expect(free.penalty).toBeLessThan(1e-6);
        expect(tight.penalty).toBeLessThan(1e-6);
        expect(tight.objective).toBeGreaterThanOrEqual(free.objective - 1e-6 * Math.max(1, Math.abs(free.objective)));
      },
    ), { numRuns: 40, seed: 20 });
  });
});

describe('burn with cloud regions', () => {
  const book = [row(1, 'cloud_hour', '0.40', 'eu-west-1'), row(2, 'cloud_hour', '0.90', 'us-east-1'), row(3, 'cloud_hour', '3.20', 'us-west-2', 4)];
  const req = { start_month: '2027-01', months: 3, currency: 'USD', view: 'cash' as const };
  const priceOf = (w: World, site: string) => loadBurnInput(w, req).applied.find((a) => a.site === site)!;

  it('without a setting both cloud clusters are charged the cheapest price anywhere (as before)', () => {
    const w = world(book, {});
    expect(priceOf(w, 'Cloud-East').unit_price).toBe('0.4');
    expect(priceOf(w, 'Cloud-West').unit_price).toBe('0.4');
  });

  it('a site restricted to us-east-1 is charged the us-east-1 price, never the cheaper eu-west-1 one', () => {
    const w = world(book, { 'Cloud-East': 'us-east-1', 'Cloud-West': 'US' });
    const r = loadBurnInput(w, req);
    const east = r.applied.find((a) => a.site === 'Cloud-East')!;
    expect(east.unit_price).toBe('0.9');
    expect(east.source).toBe('price_book');
    // US: us-east-1 0.90 and us-west-2 3.20 / 4 = 0.80 per GPU-hour; the cheaper compatible one.
    expect(r.applied.find((a) => a.site === 'Cloud-West')!.unit_price).toBe('0.8');
    expect(r.notes).toContain('cluster 2 (Cloud-East, l4): cloud prices restricted to the site\'s cloud region "us-east-1"; 2 price(s) listed in other regions not used');
  });

  it('a pinned row is kept even from another region; with no compatible price the cluster is counted as 0 and told why', () => {
    const pinned = { ...world(book, { 'Cloud-East': 'us-east-1' }) };
    pinned.cluster_costs = [{ cluster_id: 2, useful_life_months: null, residual_value: null, paid_month: null, cloud_pricing: 'on_demand', term_months: null, server_type: null, pinned_price_row: 1, notes: '' }];
    expect(priceOf(pinned, 'Cloud-East').unit_price).toBe('0.4');
    const none = loadBurnInput(world(book, { 'Cloud-East': 'ap-northeast-1' }), req);
    const east = none.applied.find((a) => a.site === 'Cloud-East')!;
    expect(east.source).toBe('none');
    expect(east.detail).toContain('in a region compatible with "ap-northeast-1"');
    expect(none.warnings.some((x) => x.code === 'zero_unit_cost' && x.site === 'Cloud-East')).toBe(true);
  });

  it('reference prices are filtered by region too', () => {
    const w = world([], { 'Cloud-East': 'eu-west-1' });
    w.reference = { procure: [], burn: [
      { id: 'r1', list_id: 'cloud_prices_public.csv', vendor: 'A', gpu_id: 'l4', kind: 'cloud_hour', gpus_per_unit: 1, unit_price: '0.5', currency: 'USD', valid_from: '2026-01-01', region: 'us-east-1' },
      { id: 'r2', list_id: 'cloud_prices_public.csv', vendor: 'B', gpu_id: 'l4', kind: 'cloud_hour', gpus_per_unit: 1, unit_price: '0.7', currency: 'USD', valid_from: '2026-01-01', region: 'eu-west-1' },
    ] };
    const r = loadBurnInput(w, req);
    expect(r.applied.find((a) => a.site === 'Cloud-East')!.unit_price).toBe('0.7');
    expect(r.applied.find((a) => a.site === 'Cloud-West')!.unit_price).toBe('0.5');
  });
});

describe('procurement input limited to acquisition modes (buy vs lease vs cloud comparison)', () => {
  const book = [row(1, 'cloud_hour', '0.40', null), row(4, 'gpu', '2500', null), row(5, 'lease_month', '300', null)];
  const only = (modes: ProcureSettingsModes) => {
    const w = world(book, {});
    return buildProcureInput({ ...w, procure_settings: { ...w.procure_settings, modes } }, args([500, 500, 500]));
  };
  it('each variant sees only its own offers and says how many others it left out', () => {
    const all = buildProcureInput(world(book, {}), args([500, 500, 500]));
    expect(new Set(all.input.offers.map((o) => o.mode))).toEqual(new Set(['buy', 'lease', 'cloud_on_demand']));
    for (const modes of [['buy'], ['lease'], ['cloud_on_demand', 'cloud_reserved']] as ProcureSettingsModes[]) {
      const r = only(modes);
      expect(r.input.offers.length).toBeGreaterThan(0);
      expect(r.input.offers.every((o) => modes!.includes(o.mode))).toBe(true);
      const left = all.input.offers.length - r.input.offers.length;
      expect(r.notes).toContain(`acquisition limited to ${modes!.join(', ')}: ${left} other offer(s) left out`);
    }
  });
  it('buy or lease without an owned site is told so', () => {
    const w = world([row(1, 'cloud_hour', '0.40', null)], {});
    const r = buildProcureInput({ ...w, procure_settings: { ...w.procure_settings, modes: ['lease'] } }, args([500]));
    expect(r.notes).toContain('no owned site: the scenario\'s sites are all cloud regions, so bought or leased GPUs have nowhere to go');
    expect(r.input.offers).toEqual([]);
  });
});
type ProcureSettingsModes = ProcureSettings['modes'];
