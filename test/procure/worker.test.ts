// Pins the procurement worker: the compiled worker thread solves the same plan as in-process, reports MIP progress,
// cancels by terminate, and is kept for the next solve (but never after a cancel).
import { describe, it, expect, beforeAll } from 'vitest';
import { runProcureHere, runProcureInWorker, ProcureCancelled, procureThreadsStarted } from '../../src-main/workers/procure-worker.js';
import type { ProcureInput } from '../../src-main/engine/procure/index.js';
import { compileWorker } from '../helpers/compile-worker.js';

let workerUrl: URL;
beforeAll(() => { workerUrl = compileWorker('workers/procure-worker.ts'); }, 120_000);

function instance(months: number): ProcureInput {
  return {
    start_month: '2027-01', months, currency: 'USD', headroom: 0.2, discount_rate: 0.08,
    gpus: ['a', 'b', 'c', 'd'].map((id, i) => ({ id, tdp_w: 400 + 100 * i, cn_export_status: 'allowed' as const, default_lead_months: 1 + i, gpus_per_server: 8 })),
    sites: [
      { id: 's1', country: 'US', power_limit_kw: 3000, pue: 1.3, electricity_per_kwh: '0.08' },
      { id: 's2', country: 'US', power_limit_kw: 2000, pue: 1.2, electricity_per_kwh: '0.06' },
      { id: 'cloud', country: 'US', cloud: true, power_limit_kw: null, pue: 1 },
    ],
    pools: [{ id: 'chat', peak_demand: Array.from({ length: months }, (_, m) => 50_000 * Math.pow(1.06, m)), capacity_per_gpu: { a: 400, b: 650, c: 900, d: 1300 } }],
    offers: ['a', 'b', 'c', 'd'].flatMap((id, i) => [
      { gpu_id: id, mode: 'buy' as const, unit_price: String(9000 + 7000 * i), currency: 'USD' },
      { gpu_id: id, mode: 'lease' as const, unit_price: String(400 + 300 * i), currency: 'USD', term_months: 12 },
      { gpu_id: id, mode: 'cloud_on_demand' as const, site: 'cloud', unit_price: String(1.5 + i), currency: 'USD' },
    ]),
  };
}

describe('procurement worker', () => {
  it('solves in a worker thread to the same plan as in-process, with progress', async () => {
    const input = instance(8);
    const here = await runProcureHere(input, { mip_rel_gap: 0.001, time_limit: 60 });
    const progress: number[] = [];
    const there = await runProcureInWorker(input, { mip_rel_gap: 0.001, time_limit: 60 }, { workerUrl, onProgress: (p) => progress.push(p.seconds) });
    expect(there.actions).toEqual(here.actions);
    expect(there.objective).toBeCloseTo(here.objective, 6);
    expect(there.solver).toBe('milp');
    expect(there.mip_gap).not.toBeNull();
    expect(progress.length).toBeGreaterThan(0);
  });

  it('cancels: an aborted run rejects with ProcureCancelled', async () => {
    const ac = new AbortController();
    const p = runProcureInWorker(instance(60), { mip_rel_gap: 0, time_limit: 120 }, { workerUrl, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toBeInstanceOf(ProcureCancelled);
  });

  it('keeps its thread between solves; a cancelled solve ends its thread and the next one starts afresh', async () => {
    const input = instance(6);
    const here = await runProcureHere(input, { mip_rel_gap: 0.001, time_limit: 60 });
    const first = await runProcureInWorker(input, { mip_rel_gap: 0.001, time_limit: 60 }, { workerUrl });
    const n = procureThreadsStarted();
    const second = await runProcureInWorker(input, { mip_rel_gap: 0.001, time_limit: 60 }, { workerUrl });
    expect(procureThreadsStarted()).toBe(n);
    expect(second.actions).toEqual(first.actions);
    expect(second.actions).toEqual(here.actions);
    const ac = new AbortController();
    const p = runProcureInWorker(instance(60), { mip_rel_gap: 0, time_limit: 120 }, { workerUrl, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toBeInstanceOf(ProcureCancelled);
    expect(procureThreadsStarted()).toBe(n);
    const after = await runProcureInWorker(input, { mip_rel_gap: 0.001, time_limit: 60 }, { workerUrl });
    expect(procureThreadsStarted()).toBe(n + 1);
    expect(after.actions).toEqual(here.actions);
  });
});
