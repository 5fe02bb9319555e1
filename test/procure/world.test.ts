// Pins "gather once, then compute pure": the plan reads one snapshot (store/world.ts), the
// snapshot crosses a structured clone unchanged (workers get it, not a database path), and a
// calibration the user stored is used for the fleet's capacity AND the optimiser's candidates.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { readSeedCalibration, saveFit } from '../../src-main/store/calibration.js';
import { computePlan, planDeterministic } from '../../src-main/engine/plan/index.js';
import { procurePlanStep } from '../../src-main/engine/plan/procure-step.js';
import type { WritableDB } from '../../src-main/store/handles.js';
import { solveHere, worldFrom } from '../helpers/plan.js';
import { openDemoDb, closeDemoDb } from '../helpers/demo-db.js';

const root = path.resolve(__dirname, '..', '..');
let db: WritableDB;
beforeAll(() => { db = openDemoDb(); });
afterAll(() => closeDemoDb(db));

/** Counts statement executions on a connection while `fn` runs. */
function countStatements<T>(fn: () => T): { n: number; result: T } {
  let n = 0;
  const orig = db.prepare.bind(db);
  (db as unknown as { prepare: unknown }).prepare = (sql: string) => {
    const st = orig(sql);
    for (const k of ['run', 'get', 'all', 'iterate'] as const) {
      const f = (st as unknown as Record<string, (...a: unknown[]) => unknown>)[k].bind(st);
      (st as unknown as Record<string, unknown>)[k] = (...a: unknown[]) => { n++; return f(...a); };
    }
    return st;
  };
  try { const result = fn(); return { n, result }; } finally { (db as unknown as { prepare: unknown }).prepare = orig; }
}

describe('world snapshot', () => {
  it('is plain data: a structured clone plans to the same result', async () => {
    const w = worldFrom(db, { scenario: 'ernie-2023-11' }, root);
    const clone = structuredClone(w);
    const opts = { scenario: 'ernie-2023-11', runs: 50, seed: 3, procure: false };
    expect(JSON.stringify(await computePlan(clone, opts))).toBe(JSON.stringify(await computePlan(w, opts)));
  });

  it('is read with a bounded number of statements, and the plan itself runs none', async () => {
    const counted = countStatements(() => worldFrom(db, { scenario: 'ernie-growth-2026' }, root));
    expect(counted.n).toBeGreaterThan(0);
    expect(counted.n).toBeLessThan(40);
    const during = { n: 0 };
    const orig = db.prepare.bind(db);
    (db as unknown as { prepare: unknown }).prepare = (sql: string) => { during.n++; return orig(sql); };
    try {
      await computePlan(counted.result, { scenario: 'ernie-growth-2026', runs: 20, seed: 1, procure: true }, { solve: solveHere });
    } finally { (db as unknown as { prepare: unknown }).prepare = orig; }
    expect(during.n).toBe(0);
  });

  it('uses a stored calibration for the fleet and for the optimiser\'s candidates alike', async () => {
    const seed = readSeedCalibration(root)!;
    const before = worldFrom(db, { scenario: 'ernie-growth-2026' }, root);
    const fleetGpu = planDeterministic(before).inputs.rows.find((r) => r.feasible && r.output_tokens_per_s_per_gpu > 0)!;
    // A fit that halves decode efficiency everywhere: every GPU's capacity must move.
    const g = seed.factors.global;
    const file = { ...seed, factors: { ...seed.factors, global: { ...g, eta_decode: g.eta_decode / 2, eta_bw: g.eta_bw / 2 } } };
    saveFit(db, file, new Date('2026-12-01T00:00:00Z'));
    try {
      const w = worldFrom(db, { scenario: 'ernie-growth-2026' }, root);
      expect(w.factors_kind).toBe('calibrated');
      const { inputs, det } = planDeterministic(w);
      const row = inputs.rows.find((r) => r.pool_id === fleetGpu.pool_id && r.gpu_id === fleetGpu.gpu_id)!;
      expect(row.output_tokens_per_s_per_gpu).toBeLessThan(fleetGpu.output_tokens_per_s_per_gpu * 0.9);
      const step = await procurePlanStep(w, inputs, det, solveHere);
      const pool = step.input.capacity.find((p) => p.pool_id === fleetGpu.pool_id)!;
      // The optimiser sized candidates with the same (stored) factors as the fleet's own capacity.
      expect(pool.by_gpu[fleetGpu.gpu_id].output_tokens_per_s_per_gpu).toBeCloseTo(row.output_tokens_per_s_per_gpu, 9);
      const offered = step.outcome.input.pools.find((p) => p.id === fleetGpu.pool_id)!;
      const avail = w.scenario!.pools.find((p) => p.id === fleetGpu.pool_id)!.availability.value;
      expect(offered.capacity_per_gpu[fleetGpu.gpu_id]).toBeCloseTo(row.output_tokens_per_s_per_gpu * avail, 9);
    } finally {
      db.prepare('DELETE FROM calibration_fits').run();
    }
  });
});
