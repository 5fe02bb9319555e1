// Memory model of one replica: weights, KV cache per token, reserve, and the batch that
// fits (vidur's memory_planner formula with precision as a parameter, infeasibility as data).
import { GIB, type GpuSpec, type ModelSpec } from '../catalog.js';
import type { Precision } from './factors.js';

/** Bytes per stored weight, block scales included (NVFP4: 16 values share an fp8 scale;
 * int4 AWQ/GPTQ: group 128 with fp16 scale + zero). */
export const WEIGHT_BYTES: Record<Precision, number> = {
  bf16: 2, fp16: 2, fp8: 1, int8: 1, int4: 0.5 + 4 / 128, fp4: 0.5 + 1 / 16,
};

export type KvPrecision = 'bf16' | 'fp16' | 'fp8' | 'int8';
export const KV_BYTES: Record<KvPrecision, number> = { bf16: 2, fp16: 2, fp8: 1, int8: 1 };

/** Embedding and LM head stay 16-bit in every quantisation recipe we model. */
export function embeddingParams(m: ModelSpec): number {
  return Math.min(2 * m.vocab_size * m.hidden_size, m.params_total * 0.5);
}

export function weightsBytes(m: ModelSpec, p: Precision): number {
  const emb = embeddingParams(m);
  return (m.params_total - emb) * WEIGHT_BYTES[p] + emb * 2;
}

/**
 * KV bytes per token for the whole model (one copy).
 * GQA/MHA: 2 (K and V) × layers × kv_heads × head_dim × bytes.
 * MLA (DeepSeek): layers × (kv_lora_rank + qk_rope_head_dim) × bytes (one latent, no separate V).
 */
export function kvBytesPerToken(m: ModelSpec, kvBytes: number): number {
  if (m.attention === 'mla' && m.kv_lora_rank && m.qk_rope_head_dim !== null) {
    return m.layers * (m.kv_lora_rank + (m.qk_rope_head_dim ?? 0)) * kvBytes;
  }
  return 2 * m.layers * m.kv_heads * m.head_dim * kvBytes;
}

/**
 * How many copies of each token's KV the tp ranks hold together.
 * GQA/MHA: with tp > kv_heads each KV head is stored on tp/kv_heads ranks.
 * MLA: the latent has no head dimension to split, so every TP rank keeps the whole latent
 * cache (replicated tp times) — unless attention runs data-parallel (DP-attention: each rank
 * attends for its own sequences), which shards the cache by sequence (one copy).
 */
export function kvReplication(m: ModelSpec, tp: number, dpAttention = false): number {
  if (dpAttention) return 1;
  if (m.attention === 'mla') return tp;
  return Math.max(1, tp / m.kv_heads);
}

/**
 * Expert load imbalance of expert parallelism: the busiest of `ep` ranks gets more than the
 * mean λ = tokens × k / ep routed token-experts. With uniform routing the expected maximum of
 * ep Poisson(λ) loads is ≈ λ + √(2 λ ln ep); `skew` (≥ 1) adds measured routing skew (hot
 * experts) on top. Returned as max / mean (1 without EP), never above ep.
 */
export function expertImbalance(tokens: number, k: number, ep: number, skew = 1): number {
  if (ep <= 1) return 1;
  const lambda = Math.max(1e-9, (tokens * k) / ep);
  return Math.min(ep, (1 + Math.sqrt((2 * Math.log(ep)) / lambda)) * Math.max(1, skew));
}

/** MoE split: expert weights (sharded across experts) and the always-read rest. */
export function moeSplit(m: ModelSpec): { expertParams: number; sharedParams: number; k: number; e: number } | null {
  const e = m.moe_experts, k = m.moe_active_experts;
  if (!e || !k || e <= k || m.params_active >= m.params_total) return null;
  // active = shared + (k/e) × experts ; total = shared + experts
  const expertParams = (m.params_total - m.params_active) / (1 - k / e);
  return { expertParams, sharedParams: m.params_total - expertParams, k, e };
}

/**
 * Expected fraction of a layer's experts touched by B tokens each routing to k of e
 * experts (uniform routing): 1 − (1 − k/e)^B. Grows with batch; all experts at large B.
 */
export function expertsTouched(k: number, e: number, tokens: number): number {
  if (tokens <= 0) return 0;
  return 1 - Math.pow(1 - k / e, tokens);
}

/** Per-GPU memory the runtime keeps for itself: CUDA context, activations, fragmentation (4 % + 1 GiB). */
export function reservePerGpu(gpu: GpuSpec): number {
  return 0.04 * gpu.hbm_bytes + GIB;
}
