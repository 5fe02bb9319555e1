// Pins cloud-catalog import (issue 20): the SkyPilot layout preset (per-GPU-hour prices from accelerator counts, on-demand before spot, regions kept, zones never lead times, GpuInfo memory, USD stated as assumed), kinds never defaulted to purchases, a vendor's usual currency, and GPU names resolved by memory/form factor or reported with every candidate.
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeEach } from 'vitest';
import { ROOT, tmpDir } from '../helpers/tmp.js';
import { openDatabase, closeDatabase } from '../../src-main/store/open.js';
import { invoke } from '../../src-main/api/handlers.js';
import type { AppContext } from '../../src-main/api/context.js';
import { previewImport, type ImportPreview } from '../../src-main/io/import/preview.js';
import { GpuMatcher, looksLikeGpu } from '../../src-main/io/import/gpu-match.js';
import { repoRoot, shippedCatalog } from './helpers.js';
import { mintLocalPath } from '../../src-main/shared/local-path.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'catalogs');
const fixture = (f: string) => path.join(fixtures, f);
const preview = (f: string, opts: Parameters<typeof previewImport>[3] = {}): ImportPreview =>
  previewImport(new Uint8Array(fs.readFileSync(fixture(f))), f, shippedCatalog(), opts);
const byRow = (p: ImportPreview) => new Map(p.items.map((i) => [i.row, i]));
const reasons = (p: ImportPreview) => Object.fromEntries(p.rejected.map((r) => [r.row, r.reason]));

describe('SkyPilot catalog layout', () => {
  const p = preview('skypilot_layout.csv');
  const items = byRow(p);

  it('is recognised as a preset, read as hourly cloud prices, and says USD is assumed', () => {
    expect(p.preset).toBe('skypilot');
    expect(p.sheets[0]).toMatchObject({ preset: 'skypilot', kind: 'cloud_hour', kind_source: 'preset', currency: 'USD' });
    expect(p.sheets[0].currency_assumed?.note).toMatch(/^USD assumed: the file has no currency column/);
    expect(p.assumptions.some((a) => a.startsWith('USD assumed'))).toBe(true);
    expect(p.assumptions.some((a) => /SkyPilot/.test(a))).toBe(true);
    for (const i of p.items) expect(i).toMatchObject({ kind: 'cloud_hour', currency: 'USD' });
  });

  it('takes the GPU count from AcceleratorCount and GPU memory from GpuInfo (SizeInMiB), never system RAM', () => {
    // gpu_8x_v100: 8 GPUs of 16,384 MiB = the 16 GB V100, not the 32 GB part.
    expect(items.get(4)).toMatchObject({ gpu_id: 'v100-16gb', gpus_per_unit: 8, unit_price: '4.4' });
    expect(items.get(6)).toMatchObject({ gpu_id: 'a100-sxm-40gb', gpus_per_unit: 1 });   // 40,960 MiB + "sxm4" in the instance type
    expect(items.get(7)).toMatchObject({ gpu_id: 'a100-sxm-80gb', gpus_per_unit: 8, unit_price: '14.32' });
    expect(items.get(8)).toMatchObject({ gpu_id: 'l4', gpus_per_unit: 1 });              // 1x_L4_28V_124G: 124 GB is RAM
    expect(items.get(14)).toMatchObject({ gpu_id: 'rtx-a6000', gpus_per_unit: 2 });
    expect(items.get(15)).toMatchObject({ gpu_id: 'h100-pcie' });                          // gpu_1x_h100_pcie
    expect(items.get(18)).toMatchObject({ gpu_id: 'gh200' });
    // As one public catalog writes it: 'SizeInMiB': 80 (GB under the MiB key) and the form factor only in GpuInfo's name.
    expect(items.get(19)).toMatchObject({ gpu_id: 'a100-pcie-80gb', unit_price: '1.39', spot_price: '1.39', region: 'US' });
  });

  it('prefers the on-demand price to the spot price (kept beside it), whichever column comes first', () => {
    expect(items.get(11)).toMatchObject({ gpu_id: 'a100-sxm-80gb', unit_price: '1.64', spot_price: '1.19' });
    // The catalog's L40S spot (0.86) is above on-demand (0.43): on-demand is still the price.
    expect(items.get(12)).toMatchObject({ gpu_id: 'l40s', unit_price: '0.43', spot_price: '0.86' });
    expect(p.rejected.find((r) => r.row === 17)).toMatchObject({ reason: 'no_price', detail: expect.stringMatching(/only a spot price/) });
  });

  it('keeps regions (same price in two regions is two items) and never reads zones as lead times', () => {
    expect(items.get(4)?.region).toBe('us-east-1');
    expect(items.get(5)).toMatchObject({ gpu_id: 'v100-16gb', region: 'eu-central-1', unit_price: '4.4' });
    for (const i of p.items) expect(i.lead_time_weeks).toBeNull();
    // CA-MTL-2 and CA-MTL-3: the same instance, region and price again.
    expect(reasons(p)[9]).toBe('duplicate');
    expect(p.rejected.find((r) => r.row === 10)?.detail).toMatch(/another availability zone: CA-MTL-3/);
  });

  it('rejects CPU rows as not_a_gpu, plain H100 with both candidates; RTX A4000 is now in the catalog', () => {
    expect(reasons(p)).toMatchObject({ 2: 'not_a_gpu', 3: 'not_a_gpu', 16: 'unknown_gpu' });
    // 4x_RTXA4000: $0.68 per instance-hour for 4 GPUs.
    expect(items.get(13)).toMatchObject({ gpu_id: 'rtx-a4000', gpus_per_unit: 4, unit_price: '0.68', region: 'EU' });
    expect(looksLikeGpu('RTXA2000')).toBe(true); // an RTX part not in the catalog is unknown_gpu, never not_a_gpu
    expect(p.rejected.find((r) => r.row === 16)?.suggestions).toEqual(['h100-pcie', 'h100-sxm']);
    expect(p.items.length + p.rejected.length).toBe(18);
  });
});

describe('kind inference never defaults to a purchase', () => {
  it('a list that does not say what it sells imports nothing and asks (unknown_kind)', () => {
    const p = preview('no_kind_list.csv');
    expect(p.items).toEqual([]);
    expect(p.sheets[0].kind_source).toBeNull();
    expect(reasons(p)).toEqual({ 2: 'unknown_kind', 3: 'unknown_kind', 4: 'not_a_gpu' });
    expect(p.assumptions.join(' ')).toMatch(/choose a kind/);
  });

  it('the same list with the kind chosen imports', () => {
    const p = preview('no_kind_list.csv', { mapping: { kind: 'cloud_hour' } });
    expect(p.items.map((i) => [i.gpu_id, i.kind, i.unit_price])).toEqual([['h100-sxm', 'cloud_hour', '2.49'], ['l40s', 'cloud_hour', '0.86']]);
  });

  it('hourly words in a price cell make the row hourly', () => {
    const csv = 'Model,Price (USD)\nNVIDIA H100 SXM5 80GB,$2.49/hr\n';
    const p = previewImport(new TextEncoder().encode(csv), 'x.csv', shippedCatalog());
    expect(p.items[0]).toMatchObject({ kind: 'cloud_hour', unit_price: '2.49' });
  });

  it('instance type + GPU count + price columns are an hourly catalog (the file shape)', () => {
    const csv = 'Instance type,GPU model,GPU count,Price (USD)\np5.48xlarge,H100 SXM5 80GB,8,98.32\n';
    const p = previewImport(new TextEncoder().encode(csv), 'x.csv', shippedCatalog());
    expect(p.sheets[0].kind_source).toBe('shape');
    expect(p.items[0]).toMatchObject({ gpu_id: 'h100-sxm', kind: 'cloud_hour', gpus_per_unit: 8 });
  });
});

describe('a generic cloud list', () => {
  const p = preview('gpu_cloud_generic.csv');
  it('reads zones as zones, regions as regions, GPU memory from its column and spot beside on-demand', () => {
    expect(p.sheets[0].columns.map((c) => c.field)).toEqual(['model', 'gpu_memory', 'gpus', 'region', 'zone', 'unit_price', 'spot_price']);
    expect(p.items.map((i) => [i.row, i.gpu_id, i.gpus_per_unit, i.unit_price, i.spot_price, i.region, i.lead_time_weeks])).toEqual([
      [2, 'h100-sxm', 8, '23.92', '9.5', 'eu-north-1', null],
      [4, 'a100-pcie-40gb', 1, '1.1', null, 'us-east-2', null],
      [5, 'rtx-a5000', 2, '0.9', null, 'us-east-2', null],
    ]);
    expect(reasons(p)).toEqual({ 3: 'duplicate' });
  });
});

describe('GPU names', () => {
  const m = new GpuMatcher(shippedCatalog());
  const id = (t: string, h?: Parameters<GpuMatcher['match']>[1]) => { const r = m.match(t, h); return r && 'gpu_id' in r ? r.gpu_id : r; };
  it('resolves plain names by stated memory or form factor, else reports every candidate', () => {
    expect(id('V100')).toEqual({ ambiguous: ['v100-16gb', 'v100-32gb'] });
    expect(id('V100', { memoryGb: [16] })).toBe('v100-16gb');
    expect(id('V100', { memoryGb: [32] })).toBe('v100-32gb');
    expect(id('A100-80GB')).toEqual({ ambiguous: ['a100-pcie-80gb', 'a100-sxm-80gb'] });
    expect(id('A100', { memoryGb: [40], formText: 'gpu_8x_a100_sxm4' })).toBe('a100-sxm-40gb');
    expect(id('H100')).toEqual({ ambiguous: ['h100-nvl', 'h100-pcie', 'h100-sxm'] });
    expect(id('H100-SXM')).toBe('h100-sxm');
    expect(id('L4', { memoryGb: [22888 / 1024] })).toBe('l4');             // usable MiB a cloud reports for a 24 GB L4
    expect(id('RTX6000')).toEqual({ ambiguous: ['quadro-rtx-6000', 'rtx-6000-ada'] }); // Turing 24 GB or Ada 48 GB: the row must say
    expect(id('RTX6000', { memoryGb: [24] })).toBe('quadro-rtx-6000');      // Lambda's gpu_1x_rtx6000 (GpuInfo 24,576 MiB)
    expect(id('RTX6000', { memoryGb: [48] })).toBe('rtx-6000-ada');
    expect(id('RTX6000-Ada')).toBe('rtx-6000-ada');
    expect(id('1x_L4_28V_124G')).toBe('l4');
    expect(id('8x A100 80GB SXM4 1800GB')).toBe('a100-sxm-80gb');
  });
  it('answers rows that differ only in part numbers alike, from one cache entry, keeping what memory sizes mean', () => {
    // A fresh matcher each time: the answer must not depend on what was asked before.
    const fresh = (t: string, h?: Parameters<GpuMatcher['match']>[1]) => { const r = new GpuMatcher(shippedCatalog()).match(t, h); return r && 'gpu_id' in r ? r.gpu_id : r; };
    for (const [t, want] of [
      ['P-17 NVIDIA H100 SXM5 80GB', 'h100-sxm'], ['ZX-99812 H100 SXM5 80GB', 'h100-sxm'], ['SKU 4411 V100', { ambiguous: ['v100-16gb', 'v100-32gb'] }],
      ['NCS-1 8x A100 80GB SXM4 1800GB', 'a100-sxm-80gb'], ['node-7 1x_L4_28V_124G', 'l4'],
    ] as const) {
      expect(id(t)).toEqual(want);
      expect(fresh(t)).toEqual(want);
    }
    // The RAM word still tells the 80 GB beside it is system memory, with a part number in between or not.
    expect(fresh('Q-1 A100 40GB RAM 80GB')).toEqual(fresh('A100 40GB RAM 80GB'));
  });
  it('knows the wider catalog', () => {
    for (const [t, want] of [['RTXA6000', 'rtx-a6000'], ['A40', 'a40'], ['L40', 'l40'], ['GH200', 'gh200'], ['RTX3090', 'rtx-3090'], ['B300', 'b300'],
      ['GB200', 'gb200'], ['MI355X', 'mi355x'], ['A100 PCIe 40GB', 'a100-pcie-40gb'], ['Tesla T4', 't4'],
      ['NVIDIA A10G', 'a10g'], ['A10', 'a10'], ['RTX-A4000', 'rtx-a4000'], ['RTXA5000', 'rtx-a5000'], ['RTX PRO 6000 Blackwell', 'rtx-pro-6000'],
      ['RTXPRO6000', 'rtx-pro-6000'], ['Quadro RTX 6000', 'quadro-rtx-6000'], ['RTX 6000 Ada', 'rtx-6000-ada']] as const) expect(id(t), t).toBe(want);
  });
});

describe('import API: regions, spot and provenance stored; a vendor\'s usual currency', () => {
  let ctx: AppContext;
  beforeEach(() => {
    const file = path.join(tmpDir(), 't.db');
    const db = openDatabase(file, { appRoot: ROOT, create: true });
    ctx = { db, dbPath: file, appRoot: ROOT, now: () => new Date('2025-06-01T00:00:00Z') };
    return () => closeDatabase(db);
  });

  it('stores region and spot price per item, the assumptions as provenance, and books a price per region per GPU-hour', async () => {
    const r = await invoke(ctx, 'prices.import', { path: mintLocalPath(fixture('skypilot_layout.csv')), vendor: 'Cloud A' }) as { imported: number; price_list_id: number; preset: string; assumptions: string[] };
    expect(r).toMatchObject({ imported: 12, preset: 'skypilot' });
    const lists = await invoke(ctx, 'prices.lists', {}) as { provenance: string }[];
    expect(lists[0].provenance).toMatch(/USD assumed: the file has no currency column/);
    const book = await invoke(ctx, 'prices.list', { gpu_id: 'v100-16gb' }) as { region: string; price_per_gpu_hour: string; kind: string }[];
    // $4.40 per instance-hour / 8 GPUs = $0.55 per GPU-hour, in each region.
    expect(book.map((b) => [b.region, b.kind, b.price_per_gpu_hour])).toEqual([['eu-central-1', 'cloud_hour', '0.55'], ['us-east-1', 'cloud_hour', '0.55']]);
    const l40s = await invoke(ctx, 'prices.list', { gpu_id: 'l40s' }) as { unit_price: string; spot_price: string; spot_price_per_gpu_hour: string }[];
    expect(l40s[0]).toMatchObject({ unit_price: '0.43', spot_price: '0.86', spot_price_per_gpu_hour: '0.86' });
  });

  it('uses the vendor\'s usual currency when the file names none, and says so', async () => {
    const csv = Buffer.from('GPU model,Price per GPU-hour\nNVIDIA L40S 48GB,0.79\n');
    const input = { data_base64: csv.toString('base64'), file_name: 'eu.csv', vendor: 'EuroGPU', dry_run: true };
    const before = await invoke(ctx, 'prices.preview', input) as { imported: number; rejected: { reason: string }[] };
    expect(before.rejected.map((x) => x.reason)).toEqual(['unknown_currency']);
    await invoke(ctx, 'prices.setVendorCurrency', { vendor: 'EuroGPU', currency: 'eur' });
    expect(await invoke(ctx, 'prices.vendorCurrencies', {})).toMatchObject([{ vendor: 'EuroGPU', currency: 'EUR' }]);
    const after = await invoke(ctx, 'prices.preview', input) as { items: { currency: string; kind: string }[]; assumptions: string[] };
    expect(after.items[0]).toMatchObject({ currency: 'EUR', kind: 'cloud_hour' });
    expect(after.assumptions).toContain('EUR assumed: the file has no currency column (the usual currency set for EuroGPU)');
    await invoke(ctx, 'prices.deleteVendorCurrency', { vendor: 'EuroGPU' });
    expect(await invoke(ctx, 'prices.vendorCurrencies', {})).toEqual([]);
  });
});
