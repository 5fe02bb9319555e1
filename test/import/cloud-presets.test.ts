// Pins the AWS / Azure / GCP price-export presets (issue 20) on hand-written fixtures in each public shape: the preset is named, GPUs and counts come from the instance type / VM size / SKU, only on-demand Linux shared-tenancy hourly rows import, other terms and offers are rejected with their reason, spot is kept beside on-demand, and the price book shows per-GPU-hour prices.
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeEach } from 'vitest';
import { ROOT, tmpDir } from '../helpers/tmp.js';
import { openDatabase, closeDatabase } from '../../src-main/store/open.js';
import { invoke } from '../../src-main/api/handlers.js';
import type { AppContext } from '../../src-main/api/context.js';
import { previewImport, type ImportPreview } from '../../src-main/io/import/preview.js';
import { awsInstanceGpus, azureSizeGpus, gcpMachineGpus } from '../../src-main/io/import/cloud-presets.js';
import { mintLocalPath } from '../../src-main/shared/local-path.js';
import { repoRoot, shippedCatalog } from './helpers.js';

const fixture = (f: string) => path.join(repoRoot, 'test', 'fixtures', 'catalogs', f);
const preview = (f: string): ImportPreview => previewImport(fs.readFileSync(fixture(f)), f, shippedCatalog());
const reasons = (p: ImportPreview) => Object.fromEntries(p.rejected.map((r) => [r.row, r.reason]));
const rows = (p: ImportPreview) => p.items.map((i) => [i.row, i.gpu_id, i.gpus_per_unit, i.unit_price, i.spot_price, i.region]);

describe('instance types → GPU type and count', () => {
  it('AWS', () => {
    expect(awsInstanceGpus('p4d.24xlarge')).toEqual({ gpu_id: 'a100-sxm-40gb', gpus: 8 });
    expect(awsInstanceGpus('p4de.24xlarge')).toEqual({ gpu_id: 'a100-sxm-80gb', gpus: 8 });
    expect(awsInstanceGpus('p5.48xlarge')).toEqual({ gpu_id: 'h100-sxm', gpus: 8 });
    expect(awsInstanceGpus('p5en.48xlarge')).toEqual({ gpu_id: 'h200-sxm', gpus: 8 });
    expect(awsInstanceGpus('g5.xlarge')).toEqual({ gpu_id: 'a10g', gpus: 1 });
    expect(awsInstanceGpus('g5.12xlarge')).toEqual({ gpu_id: 'a10g', gpus: 4 });
    expect(awsInstanceGpus('g6e.48xlarge')).toEqual({ gpu_id: 'l40s', gpus: 8 });
    expect(awsInstanceGpus('p3.8xlarge')).toEqual({ gpu_id: 'v100-16gb', gpus: 4 });
    expect(awsInstanceGpus('m5.large')).toBeNull();
    expect(awsInstanceGpus('g4ad.xlarge')).toBe('other');
  });
  it('Azure', () => {
    expect(azureSizeGpus('Standard_ND96isr_H100_v5')).toEqual({ gpu_id: 'h100-sxm', gpus: 8 });
    expect(azureSizeGpus('Standard_NC24ads_A100_v4')).toEqual({ gpu_id: 'a100-pcie-80gb', gpus: 1 });
    expect(azureSizeGpus('Standard_NC80adis_H100_v5')).toEqual({ gpu_id: 'h100-nvl', gpus: 2 });
    expect(azureSizeGpus('Standard_ND96is_MI300X_v5')).toEqual({ gpu_id: 'mi300x', gpus: 8 });
    expect(azureSizeGpus('Standard_NV6ads_A10_v5')).toBe('fraction');
    expect(azureSizeGpus('Standard_NC6')).toBe('other');
    expect(azureSizeGpus('Standard_D4s_v5')).toBeNull();
  });
  it('GCP', () => {
    expect(gcpMachineGpus('a2-highgpu-1g')).toEqual({ gpu_id: 'a100-sxm-40gb', gpus: 1 });
    expect(gcpMachineGpus('a2-ultragpu-8g')).toEqual({ gpu_id: 'a100-sxm-80gb', gpus: 8 });
    expect(gcpMachineGpus('a3-highgpu-8g')).toEqual({ gpu_id: 'h100-sxm', gpus: 8 });
    expect(gcpMachineGpus('a3-ultragpu-8g')).toEqual({ gpu_id: 'h200-sxm', gpus: 8 });
    expect(gcpMachineGpus('g2-standard-48')).toEqual({ gpu_id: 'l4', gpus: 4 });
    expect(gcpMachineGpus('n2-standard-8')).toBeNull();
  });
});

describe('AWS Price List bulk CSV', () => {
  const p = preview('aws_price_list.csv');
  it('is recognised below the five metadata rows and said so', () => {
    expect(p.preset).toBe('aws');
    expect(p.sheets[0].header_row).toBe(6);
    expect(p.assumptions.some((a) => a.startsWith('layout: AWS Price List bulk CSV'))).toBe(true);
    for (const i of p.items) expect(i).toMatchObject({ kind: 'cloud_hour', currency: 'USD', valid_from: '2026-11-01', lead_time_weeks: null });
  });
  it('imports only on-demand Linux shared-tenancy hourly rows, GPUs from the instance type', () => {
    expect(rows(p)).toEqual([
      [7, 'a100-sxm-40gb', 8, '21.96', null, 'us-east-1'],
      [13, 'h100-sxm', 8, '55.04', null, 'us-west-2'],
      [14, 'a10g', 1, '1.006', null, 'eu-central-1'],
      [15, 'a10g', 8, '16.288', null, 'us-east-1'],
    ]);
  });
  it('rejects Windows, dedicated, capacity reservations, pre-installed software, BYOL, reserved terms and non-GPU rows with reasons', () => {
    expect(reasons(p)).toEqual({
      8: 'other_offer', 9: 'other_offer', 10: 'other_offer', 11: 'other_offer', 12: 'other_term',
      16: 'not_a_gpu', 17: 'not_a_gpu', 18: 'unknown_gpu', 19: 'other_offer',
    });
    const detail = (row: number) => p.rejected.find((r) => r.row === row)!.detail;
    expect(detail(8)).toMatch(/Windows/);
    expect(detail(9)).toMatch(/Dedicated tenancy/);
    expect(detail(10)).toMatch(/capacity-reservation/);
    expect(detail(11)).toMatch(/pre-installed SQL Web/);
    expect(detail(12)).toMatch(/Reserved price \(1yr, No Upfront, standard\)/);
    expect(detail(19)).toMatch(/BYOL/);
    expect(p.items.length + p.rejected.length).toBe(13);
  });
});

describe('Azure Retail Prices export', () => {
  const p = preview('azure_retail_prices.csv');
  it('imports pay-as-you-go Linux rows per VM size and keeps Spot / Low Priority beside them', () => {
    expect(p.preset).toBe('azure');
    expect(rows(p)).toEqual([
      [2, 'h100-sxm', 8, '98.32', '39.33', 'eastus'],
      [6, 'a100-pcie-80gb', 1, '3.673', '1.102', 'westeurope'],
      [9, 't4', 1, '0.526', null, 'southcentralus'],
    ]);
    expect(p.items[0].valid_from).toBe('2024-06-01');
  });
  it('rejects Windows, reservations, Dev/Test, non-primary meters, GPU fractions and non-GPU sizes; a spot row alone is no price', () => {
    expect(reasons(p)).toEqual({
      3: 'spot_kept', 4: 'other_offer', 5: 'other_term', 7: 'spot_kept', 8: 'other_term', 10: 'duplicate', 11: 'other_offer', 12: 'not_a_gpu', 13: 'no_price',
    });
    expect(p.rejected.find((r) => r.row === 3)!.detail).toBe('spot price 39.33 kept beside the on-demand price of row 2');
    expect(p.rejected.find((r) => r.row === 5)!.detail).toMatch(/Reservation price \(1 Year\)/);
    expect(p.rejected.map((r) => r.row)).toEqual([3, 4, 5, 7, 8, 10, 11, 12, 13]); // in row order
  });
});

describe('Google Cloud SKU price export', () => {
  const p = preview('gcp_sku_prices.csv');
  it('imports on-demand GPU SKUs per GPU, keeps the preemptible price beside them, and the region list', () => {
    expect(p.preset).toBe('gcp');
    expect(p.sheets[0].currency).toBe('USD'); // from the header "Unit price (USD)"
    expect(rows(p)).toEqual([
      [2, 'a100-sxm-40gb', 1, '2.933908', '1.17', 'us-central1/us-east1/us-west1'],
      [5, 'h100-sxm', 1, '11.06', null, 'europe-west1'],
      [6, 'l4', 1, '0.56', '0.224', 'us-central1'],
      [12, 'v100-16gb', 1, '2.55', null, 'europe-west4'],
    ]);
  });
  it('rejects commitments, unknown GPUs, core SKUs, other services and spot-only SKUs', () => {
    expect(reasons(p)).toEqual({ 3: 'spot_kept', 4: 'other_term', 7: 'spot_kept', 8: 'unknown_gpu', 9: 'not_a_gpu', 10: 'no_price', 11: 'not_a_gpu' });
  });
});

describe('import API: cloud exports into the price book', () => {
  let ctx: AppContext;
  beforeEach(() => {
    const file = path.join(tmpDir(), 't.db');
    const db = openDatabase(file, { appRoot: ROOT, create: true });
    ctx = { db, dbPath: file, appRoot: ROOT, now: () => new Date('2026-12-01T00:00:00Z') };
    return () => closeDatabase(db);
  });

  it('books per-GPU-hour prices (p4d.24xlarge $21.96 / 8 = $2.745) with the spot price per GPU-hour beside', async () => {
    const aws = await invoke(ctx, 'prices.import', { path: mintLocalPath(fixture('aws_price_list.csv')), vendor: 'AWS' }) as { imported: number; preset: string };
    expect(aws).toMatchObject({ imported: 4, preset: 'aws' });
    const a100 = await invoke(ctx, 'prices.list', { gpu_id: 'a100-sxm-40gb' }) as { region: string; kind: string; price_per_gpu_hour: string }[];
    expect(a100.map((b) => [b.region, b.kind, b.price_per_gpu_hour])).toEqual([['us-east-1', 'cloud_hour', '2.745']]);
    await invoke(ctx, 'prices.import', { path: mintLocalPath(fixture('azure_retail_prices.csv')), vendor: 'Azure' });
    const h100 = await invoke(ctx, 'prices.list', { gpu_id: 'h100-sxm' }) as { vendor: string; price_per_gpu_hour: string; spot_price_per_gpu_hour: string | null }[];
    // ND96isr H100 v5: $98.32 / 8 = $12.29 per GPU-hour; spot $39.33 / 8 = $4.91625.
    expect(h100.find((b) => b.vendor === 'Azure')).toMatchObject({ price_per_gpu_hour: '12.29', spot_price_per_gpu_hour: '4.91625' });
    expect(h100.find((b) => b.vendor === 'AWS')).toMatchObject({ price_per_gpu_hour: '6.88' }); // p5.48xlarge $55.04 / 8
  });
});

describe('no preset is guessed from a reseller quote', () => {
  it('a quote with SKU ID and SKU description columns but no Google column stays a purchase quote', () => {
    const csv = Buffer.from('SKU ID,SKU description,Qty,Unit price (USD)\nX1,NVIDIA H100 SXM5 80GB HGX server 8-GPU,2,250000\n');
    const p = previewImport(csv, 'quote.csv', shippedCatalog());
    expect(p.preset).toBeNull();
    expect(p.items.map((i) => [i.gpu_id, i.kind, i.gpus_per_unit])).toEqual([['h100-sxm', 'server', 8]]);
  });
});

describe('Azure Retail Prices API answer saved as JSON', () => {
  it('reads the Items array as rows, with the same preset and rules as the CSV export', () => {
    const p = preview('azure_retail_prices.json');
    expect(p.format).toBe('json');
    expect(p.preset).toBe('azure');
    // NC40ads H100 v5: one H100 NVL; $6.98 per hour, spot $2.79 beside it.
    expect(rows(p)).toEqual([[2, 'h100-nvl', 1, '6.98', '2.79', 'eastus']]);
    expect(reasons(p)).toEqual({ 3: 'spot_kept', 4: 'other_term', 5: 'other_offer' });
  });
  it('refuses JSON without a list of rows, whole', () => {
    expect(() => previewImport(Buffer.from('{"a": 1}'), 'x.json', shippedCatalog())).toThrow(/no list of price rows/);
    expect(() => previewImport(Buffer.from('{"a": '), 'x.json', shippedCatalog())).toThrow(/not valid JSON/);
  });
});

describe('AWS variants', () => {
  it('an older offer file without Region Code keeps the Location as the region', () => {
    const head = '"SKU","OfferTermCode","RateCode","TermType","PriceDescription","EffectiveDate","Unit","PricePerUnit","Currency","Product Family","Location","Instance Type","Tenancy","Operating System","CapacityStatus","Pre Installed S/W"';
    const row = '"TSTOLD0000000001","JRTCKXETXF","TSTOLD0000000001.JRTCKXETXF.6YS6EN2CT7","OnDemand","$3.06 per On Demand Linux p3.2xlarge Instance Hour","2020-01-01","Hrs","3.0600000000","USD","Compute Instance","US East (N. Virginia)","p3.2xlarge","Shared","Linux","Used","NA"';
    const p = previewImport(Buffer.from(`${head}\n${row}\n`), 'old.csv', shippedCatalog());
    expect(p.preset).toBe('aws');
    expect(rows(p)).toEqual([[2, 'v100-16gb', 1, '3.06', null, 'US East (N. Virginia)']]);
  });
  it('a Savings Plans offer file is recognised and every rate is another term', () => {
    const head = 'SKU,RateCode,Unit,EffectiveDate,DiscountedRate,Currency,DiscountedSKU,DiscountedServiceCode,DiscountedUsageType,DiscountedOperation,PurchaseOption,LeaseContractLength,LeaseContractLengthUnit,ServiceCode,UsageType,Operation,Description,Instance Family,Location Type,Granularity,Product Family';
    const row = 'TSTSP00000000001,TSTSP00000000001.TSTP4D0000000001,Hrs,2026-11-01,14.1,USD,TSTP4D0000000001,AmazonEC2,BoxUsage:p4d.24xlarge,RunInstances,No Upfront,1,year,ComputeSavingsPlans,ComputeSP:1yrNoUpfront,,1 year No Upfront Compute Savings Plan for p4d.24xlarge in US East,p4d,AWS Region,hourly,ComputeSavingsPlans';
    const p = previewImport(Buffer.from(`${head}\n${row}\n`), 'sp.csv', shippedCatalog());
    expect(p.preset).toBe('aws');
    expect(p.items).toEqual([]);
    expect(p.rejected).toMatchObject([{ row: 2, reason: 'other_term', detail: expect.stringMatching(/^a Savings Plans rate \(1 year No Upfront Compute Savings Plan/) }]);
  });
});

describe('Azure variants', () => {
  it('without armSkuName the VM size is read from skuName, its Spot word dropped', () => {
    const csv = 'currencyCode,retailPrice,unitPrice,armRegionName,skuName,productName,serviceName,unitOfMeasure,type\n'
      + 'USD,3.673,3.673,westeurope,NC24ads A100 v4,Virtual Machines NCads A100 v4 Series,Virtual Machines,1 Hour,Consumption\n'
      + 'USD,0.9,0.9,westeurope,NC24ads A100 v4 Spot,Virtual Machines NCads A100 v4 Series,Virtual Machines,1 Hour,Consumption\n';
    const p = previewImport(Buffer.from(csv), 'az.csv', shippedCatalog());
    expect(p.preset).toBe('azure');
    expect(rows(p)).toEqual([[2, 'a100-pcie-80gb', 1, '3.673', '0.9', 'westeurope']]);
  });
});
