// Steps 1–2 of a plan: each pool's fleet from the inventory and its per-GPU serving capacity
// from the capacity engine, for the scenario's request-weighted workload.
import { closestIds, type GpuSpec, type ModelSpec } from '../catalog.js';
import { servingCapacity, type Precision, type ServingCapacity, type ServingEngine } from '../capacity/index.js';
import { defaultEngine, gpuFamily } from '../capacity/factors.js';
import { coverageOf } from '../calibration/coverage.js';
import type { Scenario } from '../demand/scenario.js';
import { buildLayout, usersAt, startRequestsPerDay } from '../demand/index.js';
import type { FleetEntry, GpuCapacity, PoolCapacity, TimelineInput } from '../timeline/index.js';
import { ApiError } from '../../shared/errors.js';
import type { World } from './world.js';

export type CapacityRow = GpuCapacity & {
  pool_id: string; gpu_id: string; model_id: string | null; precision: string; tp: number; tpot_ms: number; reason?: string;
  /** Issue 13: published rows behind this figure under the pool's engine (absent: no calibration report, or no model). */
  measured?: MeasuredRows;
};
export interface MeasuredRows { engine: string; rows: number; family_rows: number; gpu_rows: number }

/** GPUs each pool gets from the inventory (clusters' in-service months, share of each cluster). */
export function poolFleet(w: World, s: Scenario, warnings: string[]): FleetEntry[] {
  const clusters = new Map(w.clusters.map((c) => [c.id, c]));
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
  // Batch classes (issue 19) wait for spare capacity: their TPOT does not tighten the pool's unless they are all it serves.
  const inter = cls.filter((c) => !c.batch);
  const tpot = Math.min(...(inter.length ? inter : cls).map((c) => c.tpot_ms.value), Infinity);
  const media = s.classes.filter((c) => (c.media_pool ?? c.pool) === poolId);
  let mw = 0, ms = 0;
  for (const c of media) {
    const sec = (c.stt_gpu_s?.value ?? 0) + (c.tts_gpu_s?.value ?? 0) + (c.image_gpu_s?.value ?? 0);
    if (sec > 0) { const x = weight(c) || 1e-12; mw += x; ms += x * sec; }
  }
  return { input_tokens: w ? inp / w : 0, output_tokens: w ? out / w : 0, tpot_ms: Number.isFinite(tpot) ? tpot : 0, media_s: mw ? ms / mw : 0 };
}

/**
 * One GPU type's serving capacity in a pool: its workload, the pool's tp for that type, its precision,
 * and the pool's engine unless `engine` names another (the coverage warning's engine gap asks both).
 */
export function servingInPool(w: World, p: Scenario['pools'][number], wl: ReturnType<typeof poolWorkload>, gpu: GpuSpec, model: ModelSpec, engine: ServingEngine | null = p.engine ?? null): { tp: number; r: ServingCapacity } {
  const tp = p.tp_by_gpu?.[gpu.id] ?? p.tp;
  return { tp, r: servingCapacity(gpu, model, { input_tokens: wl.input_tokens, output_tokens: wl.output_tokens, tpot_ms: wl.tpot_ms || null }, w.factors, { tp, precision: p.precision as Precision, engine }) };
}

export function poolCapacity(w: World, s: Scenario, fleet: FleetEntry[], warnings: string[]): { capacity: PoolCapacity[]; rows: CapacityRow[] } {
  const capacity: PoolCapacity[] = [];
  const rows: CapacityRow[] = [];
  for (const p of s.pools) {
    const wl = poolWorkload(s, p.id);
    const by: Record<string, GpuCapacity> = {};
    for (const gpuId of [...new Set(fleet.filter((f) => f.pool_id === p.id).map((f) => f.gpu_id))].sort()) {
      const gpu = w.specs.gpus[gpuId];
      let cap: GpuCapacity & { reason?: string; tp: number };
      if (!gpu) {
        cap = { output_tokens_per_s_per_gpu: 0, requests_per_s_per_gpu: 0, slots_per_replica: 0, gpus_per_replica: 1, ttft_ms: 0, feasible: false, reason: `unknown GPU ${gpuId}`, tp: 0 };
      } else if (p.model_id === null) {
        // Speech/image only: one GPU serves one request at a time for its GPU seconds.
        const ok = wl.media_s > 0;
        cap = { output_tokens_per_s_per_gpu: 0, requests_per_s_per_gpu: ok ? 1 / wl.media_s : 0, slots_per_replica: 1, gpus_per_replica: 1, ttft_ms: 0, feasible: ok, tp: 1, ...(ok ? {} : { reason: 'no speech or image GPU time is routed to this pool' }) };
      } else {
        const model = w.specs.models[p.model_id];
        if (!model) throw new ApiError('bad_request', `pool ${p.id}: unknown model "${p.model_id}" (did you mean ${closestIds(p.model_id, Object.keys(w.specs.models)).join(', ')}?)`, 'model_id');
        const { tp, r } = servingInPool(w, p, wl, gpu, model);
        cap = {
          output_tokens_per_s_per_gpu: r.output_tokens_per_s_per_gpu, requests_per_s_per_gpu: r.requests_per_s_per_gpu,
          slots_per_replica: r.slots_per_replica, gpus_per_replica: r.gpus_per_replica || tp, ttft_ms: r.ttft_ms, feasible: r.feasible,
          tp: r.tp || tp, ...(r.reason ? { reason: r.reason } : {}),
          // Issue 13: the Monte Carlo draws this capacity's error from the calibration's held-out residuals of its family and engine.
          error_key: `${gpuFamily(gpu)}|${p.engine ?? defaultEngine(gpu)}`,
        };
      }
      if (!cap.feasible) warnings.push(`pool ${p.id}: ${gpuId} cannot serve ${p.model_id ?? 'media'} (${cap.reason ?? 'infeasible'}); its GPUs add no capacity`);
      const { reason, tp, ...gc } = cap;
      by[gpuId] = gc;
      const spec = w.specs.gpus[gpuId];
      const cov = spec && p.model_id !== null && w.calibration_rows ? coverageOf(w.calibration_rows, spec, p.engine ?? null, w.specs.gpus) : null;
      const measured = cov ? { engine: cov.engine, rows: cov.rows, family_rows: cov.family_rows, gpu_rows: cov.gpu_rows } : null;
      rows.push({ pool_id: p.id, gpu_id: gpuId, model_id: p.model_id, precision: p.precision, tp, tpot_ms: wl.tpot_ms, ...gc, ...(reason ? { reason } : {}), ...(measured ? { measured } : {}) });
    }
    capacity.push({ pool_id: p.id, by_gpu: by });
  }
  return { capacity, rows };
}

export interface PlanInputs { scenario: Scenario; input: TimelineInput; rows: CapacityRow[]; factorsKind: 'calibrated' | 'default'; warnings: string[] }

export function planInputs(w: World): PlanInputs {
  const scenario = w.scenario;
  if (!scenario) throw new ApiError('bad_request', 'scenario: a plan needs a scenario', 'scenario');
  const warnings: string[] = [];
  const fleet = poolFleet(w, scenario, warnings);
  const { capacity, rows } = poolCapacity(w, scenario, fleet, warnings);
  return { scenario, input: { scenario, capacity, fleet, capacity_error: w.capacity_error ?? null }, rows, factorsKind: w.factors_kind, warnings };
}

