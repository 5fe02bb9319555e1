// The pessimistic-spec what-if (issue 13): every spec with another public figure at its pessimistic
// end (pure rule), and the optimiser run both ways on the demo through the API.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { ROOT, tmpDir } from '../helpers/tmp';
import { openDatabase, closeDatabase } from '../../src-main/store/open';
import { invoke } from '../../src-main/api/handlers';
import type { AppContext } from '../../src-main/api/context';
import { fillDemo } from '../../src-main/app/demo-db';
import { pessimisticSpecs, type SpecSource } from '../../src-main/engine/spec-sources';
import type { GpuSpec } from '../../src-main/engine/catalog';

const gpu = (id: string, o: Partial<GpuSpec> = {}): GpuSpec => ({
  id, name: id, vendor: 'NVIDIA', aliases: [], form_factor: 'pcie', hbm_bytes: 48 * 2 ** 30, mem_bw_bytes_s: 0.864e12, bf16_flops: 119.5e12, fp8_flops: 239e12,
  int8_ops: 239e12, fp4_flops: null, interconnect_bytes_s: 64e9, tdp_w: 275, release_year: 2023, cn_export_status: 'allowed', source_url: '', notes: '', ...o,
} as GpuSpec);
const src = (gpu_id: string, field: string, value: number, alt: number | null): SpecSource => ({ gpu_id, field, confidence: 'unofficial', value, alt_value: alt, source_url: 'u', note: '' });

describe('pessimisticSpecs', () => {
  it('takes the lower figure for capacity fields and the higher for power, in the engine\'s units; a better alternative is ignored', () => {
    const gpus = { l20: gpu('l20'), x: gpu('x') };
    const r = pessimisticSpecs(gpus, [
      src('l20', 'bf16_dense_tflops', 119.5, 59.8), src('l20', 'memory_gb', 48, 64), src('l20', 'tdp_w', 275, 350),
      src('l20', 'memory_bw_tbs', 0.864, null), src('x', 'nonsense', 1, 0), src('missing', 'tdp_w', 1, 2),
    ]);
    expect(r.gpus.l20.bf16_flops).toBe(59.8e12);
    expect(r.gpus.l20.hbm_bytes).toBe(48 * 2 ** 30); // 64 GB would be better: kept
    expect(r.gpus.l20.tdp_w).toBe(350);
    expect(r.gpus.x).toBe(gpus.x);
    expect(gpus.l20.bf16_flops).toBe(119.5e12); // input untouched
    expect(r.changed.map((c) => `${c.gpu_id}.${c.field}`)).toEqual(['l20.bf16_dense_tflops', 'l20.tdp_w']);
  });
});

let ctx: AppContext;
beforeAll(() => {
  const file = path.join(tmpDir(), 't.db');
  const db = openDatabase(file, { appRoot: ROOT, create: true });
  fillDemo(db);
  ctx = { db, dbPath: file, appRoot: ROOT, now: () => new Date('2026-12-03T10:00:00Z') };
});
afterAll(() => closeDatabase(ctx.db));

type WhatIf = { changed: { gpu_id: string; field: string }[]; stated: { gpus: Record<string, number> }; pessimistic: { gpus: Record<string, number> }; flips: { gpu_id: string; stated: number; pessimistic: number }[]; choice_flips: boolean };

describe('procure.specWhatIf', () => {
  it('with only the L20 to buy, its unofficial BF16 figure halved means a few more L20s (not twice as many); the flips list says so', async () => {
    const r = (await invoke(ctx, 'procure.specWhatIf', { scenario: 'ernie-growth-2026', overrides: { candidate_gpus: ['l20'], time_limit_s: 5 } })) as WhatIf;
    expect(r.changed).toContainEqual(expect.objectContaining({ gpu_id: 'l20', field: 'bf16_dense_tflops' }));
    expect(Object.keys(r.stated.gpus)).toEqual(['l20']);
    // Decode is bandwidth-bound, so half the BF16 FLOPs costs only prefill time: a few more L20s, not twice as many.
    const a = r.stated.gpus.l20, b = r.pessimistic.gpus.l20;
    expect(b).toBeGreaterThan(a);
    expect(b / a).toBeLessThan(1.1);
    expect(r.flips).toEqual([{ gpu_id: 'l20', stated: a, pessimistic: b }]);
    // One L20 price: the extra cost is the extra GPUs at that price (hand check: 424 × ¥75,000 = ¥31,800,000 on the demo).
    const unit = Number((r as unknown as { stated: { total_cost: string } }).stated.total_cost) / a;
    expect(Number((r as unknown as { pessimistic: { total_cost: string } }).pessimistic.total_cost) - Number((r as unknown as { stated: { total_cost: string } }).stated.total_cost)).toBeCloseTo((b - a) * unit, 2);
    expect(r.choice_flips).toBe(false);
  }, 180_000);
});
