// Predict a published observation with the capacity model: same GPU, model, precision,
// request shape and load; the system's GPUs split into replicas of tp GPUs.
import type { GpuSpec, ModelSpec } from '../catalog.js';
import { candidateTp } from '../capacity/index.js';
import type { FactorSource } from '../capacity/factors.js';
import { perf } from '../capacity/perf.js';
import type { Observation } from './observations.js';

export interface Prediction { per_gpu: number; tp: number; feasible: boolean }

export function predictObservation(o: Observation, gpu: GpuSpec, model: ModelSpec, factors: FactorSource): Prediction {
  const tps = o.tp ? [o.tp] : candidateTp(model, Math.min(8, o.gpus));
  let best: Prediction = { per_gpu: 0, tp: tps[0] ?? 1, feasible: false };
  for (const tp of tps) {
    if (model.attention_heads % tp !== 0 || tp > 8) continue;
    const replicas = Math.floor(o.gpus / tp);
    if (replicas < 1) continue;
    const run = (concurrency: number | null) => perf(gpu, model, {
      tp, pp: 1, precision: o.precision, input_tokens: o.input_tokens, output_tokens: o.output_tokens, concurrency, beam_width: o.beam_width, engine: o.engine, ep: o.ep ?? 1, dp_attention: o.dp_attention ?? false,
    }, factors);
    const conc = o.concurrency ? o.concurrency / replicas : null;
    const r = run(conc === null ? null : Math.max(1, Math.floor(conc)));
    if (!r.feasible) continue;
    const perGpu = (servedAtMeanConcurrency(conc, r.output_tokens_per_s, run) * replicas) / o.gpus;
    if (!best.feasible || perGpu > best.per_gpu) best = { per_gpu: perGpu, tp, feasible: true };
  }
  return best;
}

/**
 * Output tokens/s of a replica holding `conc` requests on average (Little's law on a served-load
 * row): a mean below one request means the replica is idle the rest of the time, so it serves
 * conc × its one-request rate; a fractional mean above one lies between the whole batches around it.
 * Taking the floor (or one) instead put low-load rows (TensorRT-LLM's online table at 0.2–0.6
 * requests in flight) 1.6–3.8× high.
 */
export function servedAtMeanConcurrency(conc: number | null, atFloor: number, at: (batch: number) => { feasible: boolean; output_tokens_per_s: number }): number {
  if (conc === null) return atFloor;
  if (conc < 1) return atFloor * conc;
  const frac = conc - Math.floor(conc);
  if (frac < 1e-9) return atFloor;
  const up = at(Math.floor(conc) + 1);
  return up.feasible ? atFloor + frac * (up.output_tokens_per_s - atFloor) : atFloor;
}
