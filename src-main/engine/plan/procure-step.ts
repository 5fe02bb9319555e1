// The procurement step of a plan (without --no-procure): capacity for every candidate GPU
// type, the optimiser (through the injected solver), and the timeline input with the planned
// arrivals added, so the months (and burn) reflect the plan.
import type { FleetEntry, TimelineInput, TimelineResult } from '../timeline/index.js';
import { poolCapacity, type PlanInputs } from './inputs.js';
import { candidateGpus, runProcurement, type ProcureOutcome, type ProcureSolve } from './procure-input.js';
import { procureSettingsSchema, type ProcureSettingsInput } from '../procure/settings.js';
import type { Infeasibility, ProcureAction } from '../procure/index.js';
import type { World } from './world.js';

export interface ProcureStepResult {
  /** Timeline input with the planned arrivals (and capacity for the new GPU types). */
  input: TimelineInput;
  actions: ProcureAction[];
  infeasible?: Infeasibility;
  outcome: ProcureOutcome;
  additions: FleetEntry[];
}

export async function procurePlanStep(w: World, inputs: PlanInputs, det: TimelineResult, solve: ProcureSolve, overrides?: ProcureSettingsInput): Promise<ProcureStepResult> {
  const s = inputs.scenario;
  const settings = procureSettingsSchema.parse({ ...w.procure_settings, ...(overrides ?? {}) });
  const candidates = candidateGpus(w, settings);
  // Per-GPU capacity for the candidates too: zero-GPU fleet rows make the capacity step size them.
  // The same factors as the fleet's own capacity (the stored fit when there is one).
  const probe: FleetEntry[] = s.pools.flatMap((p) => candidates.map((g) => ({ pool_id: p.id, gpu_id: g, gpus: 0, from: null, to: null })));
  const { capacity } = poolCapacity(w, s, [...inputs.input.fleet, ...probe], []);
  const outcome = await runProcurement(w, { scenario: s, fleet: inputs.input.fleet, det, capacity, overrides }, solve);
  const input: TimelineInput = { scenario: s, capacity, fleet: [...inputs.input.fleet, ...outcome.additions] };
  return { input, actions: outcome.result.actions, infeasible: outcome.result.infeasible, outcome, additions: outcome.additions };
}
