// Plans in tests the way the hosts do: one snapshot of the database (store/world.ts), then the
// pure plan (engine/plan), with the solver and the Monte Carlo in-process.
import { readWorld } from '../../src-main/store/world.js';
import { computePlan, planDeterministic, type PlanDeps, type PlanOptions, type PlanResult, type World } from '../../src-main/engine/plan/index.js';
import { runProcureHere } from '../../src-main/workers/procure-worker.js';
import type { ProcureSolve } from '../../src-main/engine/plan/procure-input.js';
import type { ReadableDB } from '../../src-main/store/handles.js';

export const solveHere: ProcureSolve = (input, opts) => runProcureHere(input, opts);

export function worldFrom(db: ReadableDB, opts: { scenario: string | null; months?: number; body?: unknown }, appRoot: string): World {
  return readWorld(db, { scenario: opts.scenario, months: opts.months, body: opts.body, appRoot });
}

export function planFromDb(db: ReadableDB, opts: PlanOptions, appRoot: string, deps: Omit<PlanDeps, 'solve'> = {}): Promise<PlanResult> {
  return computePlan(worldFrom(db, opts, appRoot), opts, { solve: solveHere, ...deps });
}

export function deterministicFromDb(db: ReadableDB, opts: { scenario: string; months?: number }, appRoot: string) {
  const world = worldFrom(db, opts, appRoot);
  return { world, ...planDeterministic(world) };
}
