// The plan: read a scenario and the inventory, compute each pool's per-GPU serving capacity with
// the capacity engine, run the fleet timeline and the Monte Carlo, and shape the DESIGN.md plan
// JSON. Built in steps (inputs → capacity → timeline → forecast → months) so money (burn) and
// procurement (actions) can be added as further steps without touching these.
import { resolveCalibration, hasCalibrationTables } from '../store/calibration.js';
import type { ReadableDB } from '../store/handles.js';
import { listClusters } from '../store/inventory.js';
import { getScenario, scenarioNames } from '../store/scenarios.js';
import { gpuFromRow, modelFromRow, closestIds, type GpuSpec, type ModelSpec } from '../engine/catalog.js';
import { servingCapacity, DEFAULT_TABLE, type FactorSource, type Precision } from '../engine/capacity/index.js';
import type { Scenario } from '../engine/demand/scenario.js';
import { scenarioSchema } from '../engine/demand/scenario.js';
import { buildLayout, usersAt, startRequestsPerDay } from '../engine/demand/index.js';
import { compile, timeline, type FleetEntry, type GpuCapacity, type PoolCapacity, type TimelineInput, type TimelineResult, type Model } from '../engine/timeline/index.js';
import { monteCarlo, sensitivity, type McSummary, type TornadoBar } from '../engine/montecarlo/index.js';
import { ApiError } from '../api/errors.js';
import { planBurn } from './plan-burn.js';
import type { BurnSiteTotal } from '../engine/burn/by-site.js';
import type { AppliedPrice } from './burn-inputs.js';
import { procurePlanStep } from './procure-plan.js';
import type { BudgetUse, Infeasibility, ProcureAction } from '../engine/procure/index.js';

export interface PlanOptions {
  scenario: string;
  /** Override the scenario's horizon (1..120 months). */
  months?: number;
  runs?: number;
  seed?: number;
  /** Procurement comes with a later issue; only the fleet as it is (`--no-procure`) is planned here. */
  procure?: boolean;
  /** Plan this (unsaved) scenario body instead of the stored one. */
  body?: unknown;
  /** Burn view: depreciation over useful life (accrual, default) or purchases when paid (cash). */
  view?: 'accrual' | 'cash';
}

export type McRunner = (input: TimelineInput, runs: number, seed: number, hooks: McHooks) => Promise<McSummary & { cancelled: boolean }>;
export interface McHooks { onProgress?: (done: number, total: number) => void; signal?: AbortSignal }

export interface PlanDeps {
  appRoot?: string;
  monteCarlo?: McRunner;
  hooks?: McHooks;
}

export type CapacityRow = GpuCapacity & { pool_id: string; gpu_id: string; model_id: string | null; precision: string; tp: number; tpot_ms: number; reason?: string };

export type PlanMonth = {
  month: string;
  users: number;
  peak_requests_per_s: number;
  peak_output_tokens_per_s: number;
  capacity_output_tokens_per_s: number;
  utilisation: number;
  overload_hours_per_day: number;
  p_overload: number;
  gpus: Record<string, number>;
  // extras (DESIGN.md: "more fields may be added")
  daily_active_users: number;
  safe_utilisation: number;
  overloaded: boolean;
  p_crashed_by: number;
  ordinary_day: TimelineResult['months'][number]['ordinary_day'];
  event_days: TimelineResult['months'][number]['event_days'];
  pools: TimelineResult['months'][number]['pools'];
  /** Issue 19: per class peak/served/deferred output tokens, fleet peak ÷ sum of class peaks, batch scheduling, typical days. */
  by_class: TimelineResult['months'][number]['by_class'];
  diversity_factor: number;
  batch: TimelineResult['months'][number]['batch'];
  typical_days: TimelineResult['months'][number]['typical_days'];
};

export type PlanResult = {
  scenario: string;
  currency: string;
  months: PlanMonth[];
  crash_month: { p10: string | null; p50: string | null; p90: string | null } | null;
  /** First overloaded month with every input at its median (no Monte Carlo). */
  deterministic_crash_month: string | null;
  /** Power and hosting per site over the horizon ([] when the burn could not be computed). */
  burn_by_site: BurnSiteTotal[];
  burn_prices: AppliedPrice[];
  monte_carlo: { runs: number; seed: number; crash_share: number; cancelled: boolean; fan: McSummary['fan'] };
  sensitivity: TornadoBar[];
  capacity: CapacityRow[];
  capacity_factors: 'calibrated' | 'default';
  warnings: string[];
  /** Procurement (issue 7): what to order and when; [] with --no-procure. */
  actions: ProcureAction[];
  infeasible?: Infeasibility;
  procurement?: { status: string; solver: string; objective: number; greedy_objective: number; mip_gap: number | null; solve_seconds: number; budget_use: BudgetUse[]; notes: string[] } | null;
};

// ---- step 1: inputs -------------------------------------------------------------------------

export function loadScenario(db: ReadableDB, opts: PlanOptions): Scenario {
  let s: Scenario | undefined;
  if (opts.body !== undefined) {
    const r = scenarioSchema.safeParse(opts.body);
    if (!r.success) {
      const i = r.error.issues[0];
      throw new ApiError('bad_request', `scenario.${i.path.join('.')}: ${i.message}`, `scenario.${i.path.join('.')}`);
    }
    s = r.data;
  } else {
    s = getScenario(db, opts.scenario);
    if (!s) {
      const names = scenarioNames(db);
      const hint = names.length ? ` (did you mean ${closestIds(opts.scenario, names).join(', ')}?)` : ' (no scenarios: create the demo with `headroom demo --db PATH`)';
      throw new ApiError('not_found', `unknown scenario "${opts.scenario}"${hint}`, 'scenario');
    }
  }
  if (opts.months !== undefined) {
    if (!Number.isInteger(opts.months) || opts.months < 1 || opts.months > 120) throw new ApiError('bad_request', 'months: must be a whole number from 1 to 120', 'months');
    s = { ...s, horizon_months: opts.months };
  }
  return s;
}

const asStrings = (row: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));

export function catalog(db: ReadableDB): { gpus: Map<string, GpuSpec>; models: Map<string, ModelSpec> } {
  const gpus = new Map<string, GpuSpec>();
  for (const r of db.prepare('SELECT * FROM gpu_types').all() as Record<string, unknown>[]) gpus.set(String(r.id), gpuFromRow(asStrings(r)));
  const models = new Map<string, ModelSpec>();
  for (const r of db.prepare('SELECT * FROM llm_models').all() as Record<string, unknown>[]) models.set(String(r.id), modelFromRow(asStrings(r)));
  return { gpus, models };
}

/** The database's own fit (`calibrate --data --db`) when there is one, else the shipped fit, else the priors. */
export function loadFactors(appRoot: string | undefined, db?: ReadableDB): { factors: FactorSource; kind: 'calibrated' | 'default' } {
  if (appRoot) {
    try {
      const c = resolveCalibration('default', appRoot, db && hasCalibrationTables(db) ? db : null);
      if (c.kind !== 'none') return { factors: c.factors as FactorSource, kind: 'calibrated' };
    } catch { /* unreadable calibration: fall back to the datasheet priors */ }
  }
  return { factors: DEFAULT_TABLE, kind: 'default' };
}

/** GPUs each pool gets from the inventory (clusters' in-service months, share of each cluster). */
export function poolFleet(db: ReadableDB, s: Scenario, warnings: string[]): FleetEntry[] {
  const clusters = new Map(listClusters(db).map((c) => [c.id, c]));
  const out: FleetEntry[] = [];
  for (const p of s.pools) {
    for (const ref of p.clusters) {
      const c = clusters.get(ref.cluster_id);
      if (!c) { warnings.push(`pool ${p.id}: cluster ${ref.cluster_id} no longer exists and was left out`); continue; }
      out.push({ pool_id: p.id, gpu_id: c.gpu_id, gpus: c.gpus * (ref.share ?? 1), from: c.in_service_from, to: c.in_service_to, cluster_id: c.id });
    }
    if (!p.clusters.length) warnings.push(`pool ${p.id} has no clusters`);
  }
  return out;
}

// ---- step 2: capacity per pool and GPU type ---------------------------------------------------

/** Request-weighted workload of the classes a pool serves, at the start month. */
export function poolWorkload(s: Scenario, poolId: string): { input_tokens: number; output_tokens: number; tpot_ms: number; media_s: number } {
  const cls = s.classes.filter((c) => c.pool === poolId);
  // Requests/day at the start month, so user classes and API traffic weigh in the same unit.
  const layout = buildLayout(s);
  const users0 = usersAt(s.users.kind, layout.base, layout.usersTable, 0);
  const start = startRequestsPerDay(s);
  const weight = (c: Scenario['classes'][number]) => {
    if (c.b2b) return start[s.classes.indexOf(c)];
    if (c.kind === 'api') {
      const per = c.input_tokens.value + c.output_tokens.value;
      return per > 0 ? (c.tokens_per_day?.value ?? 0) / per : 0;
    }
    return (c.requests_per_dau?.value ?? 0) * s.dau_share.value * users0;
  };
  let w = 0, inp = 0, out = 0;
  for (const c of cls) { const x = weight(c) || 1e-12; w += x; inp += x * c.input_tokens.value; out += x * c.output_tokens.value; }
  const tpot = Math.min(...cls.map((c) => c.tpot_ms.value), Infinity);
  const media = s.classes.filter((c) => (c.media_pool ?? c.pool) === poolId);
  let mw = 0, ms = 0;
  for (const c of media) {
    const sec = (c.stt_gpu_s?.value ?? 0) + (c.tts_gpu_s?.value ?? 0) + (c.image_gpu_s?.value ?? 0);
    if (sec > 0) { const x = weight(c) || 1e-12; mw += x; ms += x * sec; }
  }
  return { input_tokens: w ? inp / w : 0, output_tokens: w ? out / w : 0, tpot_ms: Number.isFinite(tpot) ? tpot : 0, media_s: mw ? ms / mw : 0 };
}

export function poolCapacity(s: Scenario, fleet: FleetEntry[], cat: ReturnType<typeof catalog>, factors: FactorSource, warnings: string[]): { capacity: PoolCapacity[]; rows: CapacityRow[] } {
  const capacity: PoolCapacity[] = [];
  const rows: CapacityRow[] = [];
  for (const p of s.pools) {
    const wl = poolWorkload(s, p.id);
    const by: Record<string, GpuCapacity> = {};
    for (const gpuId of [...new Set(fleet.filter((f) => f.pool_id === p.id).map((f) => f.gpu_id))].sort()) {
      const gpu = cat.gpus.get(gpuId);
      let cap: GpuCapacity & { reason?: string; tp: number };
      if (!gpu) {
        cap = { output_tokens_per_s_per_gpu: 0, requests_per_s_per_gpu: 0, slots_per_replica: 0, gpus_per_replica: 1, ttft_ms: 0, feasible: false, reason: `unknown GPU ${gpuId}`, tp: 0 };
      } else if (p.model_id === null) {
        // Speech/image only: one GPU serves one request at a time for its GPU seconds.
        const ok = wl.media_s > 0;
        cap = { output_tokens_per_s_per_gpu: 0, requests_per_s_per_gpu: ok ? 1 / wl.media_s : 0, slots_per_replica: 1, gpus_per_replica: 1, ttft_ms: 0, feasible: ok, tp: 1, ...(ok ? {} : { reason: 'no speech or image GPU time is routed to this pool' }) };
      } else {
        const model = cat.models.get(p.model_id);
        if (!model) throw new ApiError('bad_request', `pool ${p.id}: unknown model "${p.model_id}" (did you mean ${closestIds(p.model_id, [...cat.models.keys()]).join(', ')}?)`, 'model_id');
        const tp = p.tp_by_gpu?.[gpuId] ?? p.tp;
        const r = servingCapacity(gpu, model, { input_tokens: wl.input_tokens, output_tokens: wl.output_tokens, tpot_ms: wl.tpot_ms || null }, factors, { tp, precision: p.precision as Precision });
        cap = {
          output_tokens_per_s_per_gpu: r.output_tokens_per_s_per_gpu, requests_per_s_per_gpu: r.requests_per_s_per_gpu,
          slots_per_replica: r.slots_per_replica, gpus_per_replica: r.gpus_per_replica || tp, ttft_ms: r.ttft_ms, feasible: r.feasible,
          tp: r.tp || tp, ...(r.reason ? { reason: r.reason } : {}),
        };
      }
      if (!cap.feasible) warnings.push(`pool ${p.id}: ${gpuId} cannot serve ${p.model_id ?? 'media'} (${cap.reason ?? 'infeasible'}); its GPUs add no capacity`);
      const { reason, tp, ...gc } = cap;
      by[gpuId] = gc;
      rows.push({ pool_id: p.id, gpu_id: gpuId, model_id: p.model_id, precision: p.precision, tp, tpot_ms: wl.tpot_ms, ...gc, ...(reason ? { reason } : {}) });
    }
    capacity.push({ pool_id: p.id, by_gpu: by });
  }
  return { capacity, rows };
}

export interface PlanInputs { scenario: Scenario; input: TimelineInput; rows: CapacityRow[]; factorsKind: 'calibrated' | 'default'; warnings: string[] }

export function planInputs(db: ReadableDB, opts: PlanOptions, appRoot?: string): PlanInputs {
  const warnings: string[] = [];
  const scenario = loadScenario(db, opts);
  const fleet = poolFleet(db, scenario, warnings);
  const { factors, kind } = loadFactors(appRoot, db);
  const { capacity, rows } = poolCapacity(scenario, fleet, catalog(db), factors, warnings);
  return { scenario, input: { scenario, capacity, fleet }, rows, factorsKind: kind, warnings };
}

// ---- steps 3-5: timeline, forecast, months ---------------------------------------------------

export const inProcessMonteCarlo: McRunner = async (input, runs, seed, hooks) => {
  const model = compile(input);
  return monteCarlo(model, runs, seed, hooks.onProgress, () => hooks.signal?.aborted ?? false);
};

export function planMonths(det: TimelineResult, mc: McSummary | null): PlanMonth[] {
  return det.months.map((m, i) => ({
    month: m.month,
    users: m.users,
    peak_requests_per_s: m.peak_requests_per_s,
    peak_output_tokens_per_s: m.peak_output_tokens_per_s,
    capacity_output_tokens_per_s: m.capacity_output_tokens_per_s,
    utilisation: m.utilisation,
    overload_hours_per_day: m.overload_hours_per_day,
    p_overload: mc ? mc.p_overload[i] : (m.overloaded ? 1 : 0),
    gpus: m.gpus,
    daily_active_users: m.daily_active_users,
    safe_utilisation: m.safe_utilisation,
    overloaded: m.overloaded,
    p_crashed_by: mc ? mc.p_crashed_by[i] : (det.crash_index !== null && i >= det.crash_index ? 1 : 0),
    ordinary_day: m.ordinary_day,
    event_days: m.event_days,
    pools: m.pools,
    by_class: m.by_class,
    diversity_factor: m.diversity_factor,
    batch: m.batch,
    typical_days: m.typical_days,
  }));
}

/** The deterministic part alone (fast: the Timeline page redraws with it at once). */
export function planDeterministic(db: ReadableDB, opts: PlanOptions, appRoot?: string): { inputs: PlanInputs; model: Model; det: TimelineResult } {
  const inputs = planInputs(db, opts, appRoot);
  const model = compile(inputs.input);
  return { inputs, model, det: timeline(model) };
}

export async function runPlan(db: ReadableDB, opts: PlanOptions, deps: PlanDeps = {}): Promise<PlanResult> {
  const runs = opts.runs ?? 10_000;
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(runs) || runs < 1 || runs > 200_000) throw new ApiError('bad_request', 'runs: must be a whole number from 1 to 200000', 'runs');
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new ApiError('bad_request', 'seed: must be a whole number from 0 to 4294967295', 'seed');
  let { inputs, model, det } = planDeterministic(db, opts, deps.appRoot);
  // Procurement step (issue 7): optimise, then plan the fleet with the planned arrivals.
  const procured = opts.procure ? await procurePlanStep(db, inputs, det, { appRoot: deps.appRoot, signal: deps.hooks?.signal }) : null;
  if (procured) {
    inputs = { ...inputs, input: procured.input, warnings: [...inputs.warnings, ...procured.outcome.notes] };
    model = compile(procured.input);
    det = timeline(model);
  }
  const mc = await (deps.monteCarlo ?? inProcessMonteCarlo)(inputs.input, runs, seed, deps.hooks ?? {});
  if (mc.cancelled) throw new ApiError('cancelled', 'the Monte Carlo run was cancelled');
  // Money step (issue 6): burn per month in the scenario's currency and cost per 1M output tokens.
  const burn = planBurn(db, inputs.scenario, inputs.input.fleet, det, opts.view ?? 'accrual', deps.appRoot, procured?.actions ?? []);
  return {
    scenario: inputs.scenario.name,
    currency: inputs.scenario.currency,
    months: planMonths(det, mc).map((m, i) => ({ ...m, ...burn.months[i] })),
    crash_month: mc.crash_month,
    deterministic_crash_month: det.crash_month,
    // Power and hosting per site over the horizon (the Burn page's table; the exports' By site sheet).
    burn_by_site: burn.site_totals,
    // The price each cluster of the scenario was charged at, and where it came from.
    burn_prices: burn.applied,
    monte_carlo: { runs: mc.runs, seed: mc.seed, crash_share: mc.crash_share, cancelled: mc.cancelled, fan: mc.fan },
    sensitivity: sensitivity(model),
    capacity: inputs.rows,
    capacity_factors: inputs.factorsKind,
    warnings: [...inputs.warnings, ...burn.warnings],
    actions: procured?.actions ?? [],
    ...(procured?.infeasible ? { infeasible: procured.infeasible } : {}),
    procurement: procured ? (({ status, solver, objective, greedy_objective, mip_gap, solve_seconds, budget_use }) => ({ status, solver, objective, greedy_objective, mip_gap, solve_seconds, budget_use, notes: procured.outcome.notes }))(procured.outcome.result) : null,
  };
}
