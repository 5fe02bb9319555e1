// The procurement step of a plan (without --no-procure): capacity for every candidate GPU
// type, the optimiser (through the injected solver), and the timeline input with the planned
// arrivals added, so the months (and burn) reflect the plan.
import { compile, type FleetEntry, type TimelineInput, type TimelineResult } from '../timeline/index.js';
import { demandScale as scaleOf } from '../montecarlo/risk.js';
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

/** Monte Carlo paths and seed for the service-level sizing when the caller gives none (the plan's defaults). */
export const RISK_DEFAULT_RUNS = 10_000;

export async function procurePlanStep(
  w: World, inputs: PlanInputs, det: TimelineResult, solve: ProcureSolve, overrides?: ProcureSettingsInput,
  risk: { runs?: number; seed?: number; scale?: Record<string, number[]> } = {},
): Promise<ProcureStepResult> {
  const s = inputs.scenario;
  const settings = procureSettingsSchema.parse({ ...w.procure_settings, ...(overrides ?? {}) });
  // Risk target (issue 12): each pool and month sized to the service-level quantile of the
  // Monte Carlo need of the fleet as it is (same seed, same sizing, same plan).
  const demandScale = risk.scale ?? Object.fromEntries(
    scaleOf(compile(inputs.input), risk.runs ?? RISK_DEFAULT_RUNS, risk.seed ?? 1, settings.service_level).pools.map((p) => [p.pool_id, p.scale]),
  );
  const candidates = candidateGpus(w, settings);
  // Per-GPU capacity for the candidates too: zero-GPU fleet rows make the capacity step size them.
  // The same factors as the fleet's own capacity (the stored fit when there is one).
  const probe: FleetEntry[] = s.pools.flatMap((p) => candidates.map((g) => ({ pool_id: p.id, gpu_id: g, gpus: 0, from: null, to: null })));
  const { capacity } = poolCapacity(w, s, [...inputs.input.fleet, ...probe], []);
  const outcome = await runProcurement(w, { scenario: s, fleet: inputs.input.fleet, det, capacity, overrides, demand_scale: demandScale }, solve);
  // The fleet's own input with the candidates' capacity and the plan's GPUs: everything else (the
  // capacity error's residuals) carries over, so a field added to TimelineInput cannot be dropped here.
  const input: TimelineInput = { ...inputs.input, capacity, fleet: [...inputs.input.fleet, ...outcome.additions] };
  return { input, actions: outcome.result.actions, infeasible: outcome.result.infeasible, outcome, additions: outcome.additions };
}
