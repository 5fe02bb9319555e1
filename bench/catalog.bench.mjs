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
    table('cloud catalog import (SkyPilot layout)', base, [dry, commit]);
    for (const [k, v] of Object.entries(cpu)) console.log(`${k}: CPU ms per run (median) ${v.sort((a, b) => a - b)[Math.floor(v.length / 2)].toFixed(0)}`);
    console.log(`rows ${N}: imported ${last.imported}, rejected ${last.rejected.length} ${JSON.stringify(byReason)}; preset ${last.preset}; file ${(fs.statSync(csvPath).size / 1e6).toFixed(1)} MB`);
  } finally {
    closeDatabase(db);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
