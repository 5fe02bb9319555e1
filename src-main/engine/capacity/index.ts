// Capacity engine: public surface. `perf` is one replica at a given configuration;
// `servingCapacity` is what the planners (timeline, procurement) call: per-GPU serving
// capability for a workload, choosing the best feasible tensor-parallel degree.
import type { GpuSpec, ModelSpec } from '../catalog.js';
import type { FactorSource, Precision, ServingEngine } from './factors.js';
import { CapacityConfigError, perf, type PerfResult } from './perf.js';

export * from './factors.js';
export * from './memory.js';
export * from './perf.js';

export interface Workload {
  input_tokens: number;
  output_tokens: number;
  tpot_ms?: number | null;
  ttft_ms?: number | null;
}

export interface ServingOptions {
  /** Fix the tensor-parallel degree; otherwise the best of 1, 2, 4, 8 is chosen. */
  tp?: number;
  pp?: number;
  /** Default bf16. */
  precision?: Precision;
  max_batch?: number;
  /** Serving engine; default: the vendor's usual one. */
  engine?: ServingEngine | null;
}

export interface ServingCapacity {
  output_tokens_per_s_per_gpu: number;
  requests_per_s_per_gpu: number;
  /** Concurrent sequences one replica serves (its request slots). */
  slots_per_replica: number;
  gpus_per_replica: number;
  ttft_ms: number;
  tpot_ms: number;
  feasible: boolean;
  reason?: string;
  tp: number;
  pp: number;
  precision: Precision;
  precision_used: string;
}

/** Tensor-parallel degrees worth trying for a model (dividing its heads, ≤ 8). */
export function candidateTp(model: ModelSpec, max = 8): number[] {
  return [1, 2, 4, 8].filter((t) => t <= max && model.attention_heads % t === 0);
}

/**
 * Per-GPU serving capability for a workload. Picks the feasible tp (1, 2, 4, 8 unless the
 * caller fixes it) with the highest output tokens/s per GPU — the cheapest way to serve.
 * Infeasible everywhere → feasible: false with the reason from the largest tp tried.
 */
export function servingCapacity(gpu: GpuSpec, model: ModelSpec, workload: Workload, factors: FactorSource, opts: ServingOptions = {}): ServingCapacity {
  const precision = opts.precision ?? 'bf16';
  const pp = opts.pp ?? 1;
  const tps = opts.tp ? [opts.tp] : candidateTp(model);
  let best: { r: PerfResult; tp: number } | null = null;
  let lastFail: { r: PerfResult; tp: number } | null = null;
  for (const tp of tps) {
    let r: PerfResult;
    try {
      r = perf(gpu, model, {
        tp, pp, precision, input_tokens: workload.input_tokens, output_tokens: workload.output_tokens,
        tpot_ms: workload.tpot_ms ?? null, ttft_ms: workload.ttft_ms ?? null, max_batch: opts.max_batch ?? null, engine: opts.engine ?? null,
      }, factors);
    } catch (e) {
      if (e instanceof CapacityConfigError && !opts.tp) continue;
      throw e;
    }
    if (!r.feasible) { lastFail = { r, tp }; continue; }
    if (!best || r.output_tokens_per_s_per_gpu > best.r.output_tokens_per_s_per_gpu * 1.0001) best = { r, tp };
  }
  const pick = best ?? lastFail;
  if (!pick) {
    return {
      output_tokens_per_s_per_gpu: 0, requests_per_s_per_gpu: 0, slots_per_replica: 0, gpus_per_replica: 0,
      ttft_ms: 0, tpot_ms: 0, feasible: false, reason: `no valid tensor-parallel degree for ${model.id}`,
      tp: 0, pp, precision, precision_used: precision,
    };
  }
  const { r, tp } = pick;
  return {
    output_tokens_per_s_per_gpu: r.feasible ? r.output_tokens_per_s_per_gpu : 0,
    requests_per_s_per_gpu: r.feasible ? r.requests_per_s / r.gpus : 0,
    slots_per_replica: r.feasible ? r.batch : 0,
    gpus_per_replica: r.gpus,
    ttft_ms: r.ttft_ms,
    tpot_ms: r.tpot_ms,
    feasible: r.feasible,
    ...(r.reason ? { reason: r.reason } : {}),
    tp, pp, precision, precision_used: r.precision_used,
  };
}
