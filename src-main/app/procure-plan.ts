// The procurement step of `plan` (without --no-procure): capacity for every candidate GPU
// type, the optimiser, and the timeline input with the planned arrivals added, so the months
// (and burn) reflect the plan.
import type { ReadableDB } from '../store/handles.js';
import type { FleetEntry, TimelineInput, TimelineResult } from '../engine/timeline/index.js';
import { catalog, loadFactors, poolCapacity, type PlanInputs } from './plan.js';
import { candidateGpus, runProcurement, type ProcureOutcome } from './procure.js';
import { getProcureSettings, procureSettingsSchema, type ProcureSettingsInput } from './procure-settings.js';
import { runProcureInWorker } from '../workers/procure-worker.js';
import type { ProgressInfo } from '../workers/highs-solver.js';
import type { Infeasibility, ProcureAction } from '../engine/procure/index.js';

export interface ProcureStepDeps {
  appRoot?: string;
  signal?: AbortSignal;
  onProgress?: (p: ProgressInfo) => void;
  overrides?: ProcureSettingsInput;
}

export interface ProcureStepResult {
  /** Timeline input with the planned arrivals (and capacity for the new GPU types). */
  input: TimelineInput;
  actions: ProcureAction[];
  infeasible?: Infeasibility;
  outcome: ProcureOutcome;
  additions: FleetEntry[];
}

export async function procurePlanStep(db: ReadableDB, inputs: PlanInputs, det: TimelineResult, deps: ProcureStepDeps = {}): Promise<ProcureStepResult> {
  const s = inputs.scenario;
  const settings = procureSettingsSchema.parse({ ...getProcureSettings(db, s.name), ...(deps.overrides ?? {}) });
  const candidates = candidateGpus(db, settings, deps.appRoot);
  // Per-GPU capacity for the candidates too: zero-GPU fleet rows make the capacity step size them.
  const probe: FleetEntry[] = s.pools.flatMap((p) => candidates.map((g) => ({ pool_id: p.id, gpu_id: g, gpus: 0, from: null, to: null })));
  const { factors } = loadFactors(deps.appRoot);
  const { capacity } = poolCapacity(s, [...inputs.input.fleet, ...probe], catalog(db), factors, []);
  const outcome = await runProcurement(db, {
    scenario: s, fleet: inputs.input.fleet, det, capacity, appRoot: deps.appRoot, overrides: deps.overrides,
  }, (input, opts) => runProcureInWorker(input, opts, { signal: deps.signal, onProgress: deps.onProgress }));
  const input: TimelineInput = { scenario: s, capacity, fleet: [...inputs.input.fleet, ...outcome.additions] };
  return { input, actions: outcome.result.actions, infeasible: outcome.result.infeasible, outcome, additions: outcome.additions };
}
