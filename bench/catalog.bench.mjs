// Cloud-catalog import (issue 20). Target: a 100,000-row catalog in the SkyPilot layout
// (InstanceType, AcceleratorName, AcceleratorCount, vCPUs, MemoryGiB, GpuInfo, Region,
// SpotPrice, Price, AvailabilityZone) previewed and committed in ≤ 3 s. Input: generated rows
// (hand-written instance shapes, not a copy of any public catalog) across 40 regions with
// zone copies, CPU-only rows, spot prices and a few unknown/ambiguous GPUs — the mix a real
// catalog has. Each case is the API path a user hits (read, decode, header, preset, rows).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, baseline, table } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = process.env.HEADROOM_APP_ROOT ?? path.resolve(here, '..');
const build = process.env.HEADROOM_BUILD ?? path.join(root, 'build', 'main');

// [instance type, accelerator, count, vCPUs, RAM GiB, MiB per GPU, on-demand $/h]
const SHAPES = [
  ['cpu_4x_general', '', '', 4, 16, 0, 0.2],
  ['gpu_8x_v100', 'V100', 8, 92, 448, 16384, 4.4],
  ['gpu_1x_a100_sxm4', 'A100', 1, 30, 200, 40960, 1.29],
  ['gpu_8x_a100_80gb_sxm4', 'A100-80GB', 8, 240, 1800, 81920, 14.32],
  ['1x_L4_28V_124G', 'L4', 1, 28, 124, 24576, 0.6],
  ['1x_A100-80GB-SXM_16V_117G', 'A100-80GB-SXM', 1, 16, 117, 81920, 1.64],
  ['1x_L40S_16V_62G', 'L40S', 1, 16, 62, 49152, 0.86],
  ['2x_RTXA6000_32V_100G', 'RTXA6000', 2, 32, 100, 49152, 0.98],
  ['gpu_1x_h100_pcie', 'H100', 1, 26, 225, 81920, 2.49],
  ['1x_H100_26V_225G', 'H100', 1, 26, 225, 81920, 2.39],
  ['4x_RTXA4000_36V_120G', 'RTXA4000', 4, 36, 120, 16384, 0.68],
  ['gpu_1x_gh200', 'GH200', 1, 64, 432, 98304, 1.49],
  ['8x_H200_SXM_224V_2000G', 'H200-SXM', 8, 224, 2000, 144384, 31.92],
];
const HEAD = 'InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Region,SpotPrice,Price,AvailabilityZone';

export function generatedCatalog(n) {
  const lines = [HEAD];
  for (let i = 0; i < n; i++) {
    const [inst, acc, count, vcpu, ram, mib, price] = SHAPES[i % SHAPES.length];
    const region = `region-${Math.floor(i / SHAPES.length) % 40}`;
    const zone = `${region}${'abcd'[Math.floor(i / (SHAPES.length * 40)) % 4]}`;
    // Distinct prices per region/instance so most rows are their own offer; zone copies repeat.
    const p = (price * (1 + (Math.floor(i / (SHAPES.length * 160)) % 97) / 1000)).toFixed(4);
    const spot = acc && i % 3 === 0 ? (Number(p) * 0.6).toFixed(4) : '';
    const info = acc ? `"{'Gpus': [{'Name': '${acc}', 'Manufacturer': 'NVIDIA', 'Count': ${count}.0, 'MemoryInfo': {'SizeInMiB': ${mib}}}], 'TotalGpuMemoryInMiB': ${mib}}"` : '';
    lines.push([inst, acc, acc ? `${count}.0` : '', `${vcpu}.0`, `${ram}.0`, info, region, spot, p, zone].join(','));
  }
  return lines.join('\n') + '\n';
}

// The AWS Price List bulk CSV shape (issue 20): five metadata rows, then the EC2 offer file's columns
// (hand-written subset); instance types with and without GPUs, every term, OS, tenancy and capacity
// status a real regional file mixes, so most rows are rejected by the preset's rules (as in a real file).
const AWS_HEAD = '"SKU","OfferTermCode","RateCode","TermType","PriceDescription","EffectiveDate","StartingRange","EndingRange","Unit","PricePerUnit","Currency","RelatedTo","LeaseContractLength","PurchaseOption","OfferingClass","Product Family","serviceCode","Location","Location Type","Instance Type","Current Generation","Instance Family","vCPU","Memory","GPU","GPU Memory","Tenancy","Operating System","License Model","Usage Type","Operation","CapacityStatus","Pre Installed S/W","Region Code","MarketOption"';
const AWS_TYPES = [['p4d.24xlarge', 8, 21.96], ['p5.48xlarge', 8, 55.04], ['g5.xlarge', 1, 1.006], ['g5.48xlarge', 8, 16.288], ['g6e.12xlarge', 4, 10.49],
  ['p3.2xlarge', 1, 3.06], ['m5.large', 0, 0.096], ['c6i.4xlarge', 0, 0.68], ['r6i.8xlarge', 0, 2.016], ['g4ad.xlarge', 1, 0.379]];
const AWS_VARIANTS = [['OnDemand', 'Linux', 'Shared', 'Used', 'NA'], ['OnDemand', 'Windows', 'Shared', 'Used', 'NA'], ['OnDemand', 'Linux', 'Dedicated', 'Used', 'NA'],
  ['OnDemand', 'Linux', 'Shared', 'UnusedCapacityReservation', 'NA'], ['OnDemand', 'Linux', 'Shared', 'Used', 'SQL Std'], ['Reserved', 'Linux', 'Shared', 'Used', 'NA'],
  ['OnDemand', 'RHEL', 'Shared', 'Used', 'NA'], ['Reserved', 'Windows', 'Shared', 'Used', 'NA']];
export function generatedAwsPriceList(n) {
  const lines = ['"FormatVersion","v1.0"', '"Disclaimer","generated for the Headroom bench"', '"Publication Date","2026-11-20T00:00:00Z"', '"Version","20261120000000"', '"OfferCode","AmazonEC2"', AWS_HEAD];
  for (let i = 0; i < n; i++) {
    const [type, gpus, price] = AWS_TYPES[i % AWS_TYPES.length];
    const [term, os, tenancy, cap, sw] = AWS_VARIANTS[Math.floor(i / AWS_TYPES.length) % AWS_VARIANTS.length];
    const region = `xx-region-${Math.floor(i / (AWS_TYPES.length * AWS_VARIANTS.length)) % 400}`;
    const p = (price * (1 + (i % 7) / 100)).toFixed(10);
    const sku = `SKU${String(i).padStart(12, '0')}`;
    lines.push([sku, 'JRTCKXETXF', `${sku}.JRTCKXETXF.6YS6EN2CT7`, term, `$${price} per ${term} ${os} ${type} Instance Hour`, '2026-11-01', '0', 'Inf', 'Hrs', p, 'USD', '',
      term === 'Reserved' ? '1yr' : '', term === 'Reserved' ? 'No Upfront' : '', term === 'Reserved' ? 'standard' : '', 'Compute Instance', 'AmazonEC2', 'Somewhere', 'AWS Region', type, 'Yes',
      gpus ? 'GPU instance' : 'General purpose', '8', '32 GiB', gpus ? String(gpus) : '', '', tenancy, os, 'No License required', `BoxUsage:${type}`, 'RunInstances', cap, sw, region, 'OnDemand']
      .map((x) => `"${x}"`).join(','));
  }
  return lines.join('\n') + '\n';
}

export default async function run() {
  const { openDatabase, closeDatabase } = await import(path.join(build, 'store', 'open.js'));
  const { invoke } = await import(path.join(build, 'api', 'handlers.js'));
  const { mintLocalPath } = await import(path.join(build, 'shared', 'local-path.js'));
  const N = Number(process.env.HEADROOM_CATALOG_ROWS ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-catalog-bench-'));
  const csvPath = path.join(dir, 'catalog-100k.csv');
  fs.writeFileSync(csvPath, generatedCatalog(N));
  const dbPath = path.join(dir, 'bench.db');
  const db = openDatabase(dbPath, { appRoot: root, create: true });
  const ctx = { db, dbPath, appRoot: root, now: () => new Date('2025-06-01T00:00:00Z') };
  const base = await baseline();
  let last;
  // CPU time beside wall time: on a shared machine wall time includes waiting for a core.
  const cpu = {};
  const call = (method) => async () => {
    const c0 = process.cpuUsage();
    last = await invoke(ctx, method, { path: mintLocalPath(csvPath), vendor: 'Bench', force: true, summary: true, dry_run: method === 'prices.preview' });
    const c = process.cpuUsage(c0);
    (cpu[method] ??= []).push((c.user + c.system) / 1000);
    if (method === 'prices.import' && last.price_list_id) db.prepare('DELETE FROM price_lists WHERE id = ?').run(last.price_list_id);
  };
  try {
    const dry = await measure(`SkyPilot layout ${N.toLocaleString('en')} rows, dry run`, call('prices.preview'), { iterations: 3, warmup: 1 });
    dry.target_ms = 3000;
    const byReason = {};
    for (const r of last.rejected) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
    const commit = await measure(`SkyPilot layout ${N.toLocaleString('en')} rows, import + commit (+ delete)`, call('prices.import'), { iterations: 3, warmup: 1 });
    commit.target_ms = 3000;
    const skyLine = `rows ${N}: imported ${last.imported}, rejected ${last.rejected.length} ${JSON.stringify(byReason)}; preset ${last.preset}; file ${(fs.statSync(csvPath).size / 1e6).toFixed(1)} MB`;
    const awsPath = path.join(dir, 'aws-100k.csv');
    // 35 columns: the price-list cell cap (MAX_CELLS 1,500,000, issue 17) admits about 42,000 rows of this width.
    const NA = Number(process.env.HEADROOM_AWS_ROWS ?? 40_000);
    fs.writeFileSync(awsPath, generatedAwsPriceList(NA));
    const awsByReason = {};
    const aws = await measure(`AWS Price List layout ${NA.toLocaleString('en')} rows × 35 columns, dry run`, async () => {
      const c0 = process.cpuUsage();
      last = await invoke(ctx, 'prices.preview', { path: mintLocalPath(awsPath), vendor: 'Bench', summary: true, dry_run: true });
      const c = process.cpuUsage(c0);
      (cpu['prices.preview (AWS layout)'] ??= []).push((c.user + c.system) / 1000);
    }, { iterations: 3, warmup: 1 });
    aws.target_ms = 3000;
    for (const r of last.rejected) awsByReason[r.reason] = (awsByReason[r.reason] ?? 0) + 1;
    const awsLine = `AWS layout rows ${NA}: imported ${last.imported}, rejected ${last.rejected.length} ${JSON.stringify(awsByReason)}; preset ${last.preset}; file ${(fs.statSync(awsPath).size / 1e6).toFixed(1)} MB`;
    table('cloud catalog import (SkyPilot layout; AWS Price List layout)', base, [dry, commit, aws]);
    for (const [k, v] of Object.entries(cpu)) console.log(`${k}: CPU ms per run (median) ${v.sort((a, b) => a - b)[Math.floor(v.length / 2)].toFixed(0)}`);
    console.log(awsLine);
    console.log(skyLine);
  } finally {
    closeDatabase(db);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
