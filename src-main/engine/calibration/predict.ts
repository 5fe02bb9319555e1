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
    const conc = o.concurrency ? Math.max(1, o.concurrency / replicas) : null;
    const r = perf(gpu, model, {
      tp, pp: 1, precision: o.precision, input_tokens: o.input_tokens, output_tokens: o.output_tokens, concurrency: conc, beam_width: o.beam_width, engine: o.engine, ep: o.ep ?? 1, dp_attention: o.dp_attention ?? false,
    }, factors);
    if (!r.feasible) continue;
    const perGpu = (r.output_tokens_per_s * replicas) / o.gpus;
    if (!best.feasible || perGpu > best.per_gpu) best = { per_gpu: perGpu, tp, feasible: true };
  }
  return best;
}
