// Per-replica serving performance from public specs (DESIGN.md "Engine"): one model on
// tp × pp GPUs of one type at one precision, continuous batching, requests of I input and
// O output tokens. Pure arithmetic; every figure is returned with its breakdown.
import { GIB, type GpuSpec, type ModelSpec } from '../catalog.js';
import { erlangC } from '../queueing/erlang.js';
import {
  defaultEngine, gpuFamily, perSequenceStepCost, powerLimitTerm, resolveFactors, type EfficiencyFactors, type PowerLimitTerm, type FactorSource, type Precision, type PrecisionClass, type ServingEngine,
} from './factors.js';
import {
  KV_BYTES, WEIGHT_BYTES, embeddingParams, expertImbalance, expertsTouched, kvBytesPerToken, kvReplication, moeSplit, reservePerGpu,
  weightsBytes, type KvPrecision,
} from './memory.js';

export interface PerfConfig {
  tp: number;
  pp?: number;
  precision: Precision;
  input_tokens: number;
  output_tokens: number;
  /** SLO on time per output token, ms (the batch is the largest that meets it). */
  tpot_ms?: number | null;
  /** SLO on time to first token, ms. */
  ttft_ms?: number | null;
  /** Fixed batch (concurrent sequences); without it the batch is the largest allowed. */
  concurrency?: number | null;
  kv_precision?: KvPrecision | null;
  /** Engine's own batch cap (max_batch_size / max_num_seqs). */
  max_batch?: number | null;
  /** Beam search width: each request decodes this many sequences (MLPerf GPT-J uses 4). */
  beam_width?: number | null;
  /** Serving engine (its fitted efficiencies); default: the vendor's usual engine (defaultEngine). */
  engine?: ServingEngine | null;
  /**
   * Expert-parallel degree (MoE only): experts are spread over ep of each stage's tp GPUs (ep
   * divides tp) and reached by all-to-all dispatch/combine instead of tensor-parallel all-reduce.
   * Default 1: MoE layers are tensor-parallel.
   */
  ep?: number | null;
  /** Attention data-parallel across the tp ranks (DP-attention / "DEP"): shards the KV cache by sequence, no attention all-reduce. */
  dp_attention?: boolean | null;
  /** Routing skew on top of the statistical expert imbalance (≥ 1; 1 = uniform routing). */
  expert_skew?: number | null;
  /**
   * Poisson arrivals offered to this replica, requests/s: the result adds p50/p99 TTFT and
   * TPOT at that load, and SLOs are checked on the p99s (as MLPerf's server scenario does).
   */
  arrival_rate?: number | null;
  /** Load at which tails are reported when SLOs are given without an arrival rate (share of capacity; none: not reported). */
  utilisation_ceiling?: number | null;
}

/** Tail latency of one replica under Poisson arrivals (see tailLatency). */
export interface TailLatency {
  arrival_rate: number;
  /** Offered load over the replica's request slots (λ × time in a slot / batch). */
  utilisation: number;
  ttft_p50_ms: number;
  ttft_p99_ms: number;
  tpot_p50_ms: number;
  tpot_p99_ms: number;
}

/**
 * Operational utilisation ceiling: a pool is planned to run no hotter than this share of its
 * capacity even where Erlang C would allow ≈ 0.9999 for a huge pool of slots (rollouts,
 * uneven balancing, retries and failover headroom that no queueing formula sees).
 */
export const DEFAULT_UTILISATION_CEILING = 0.85;

export interface PerfMemory {
  weights_bytes: number;
  kv_bytes: number;
  reserve_bytes: number;
  kv_bytes_per_token: number;
  max_batch: number;
}

/** Per decode iteration at the chosen batch, and prefill per request; milliseconds. */
export interface PerfBreakdown {
  t_mem: number;
  t_compute: number;
  t_comm: number;
  t_overhead: number;
  t_prefill: number;
}

export interface PerfResult {
  tokens_per_s: number;
  output_tokens_per_s: number;
  output_tokens_per_s_per_gpu: number;
  requests_per_s: number;
  batch: number;
  ttft_ms: number;
  tpot_ms: number;
  bound: 'memory' | 'compute';
  feasible: boolean;
  reason?: string;
  precision_used: string;
  kv_precision: KvPrecision;
  /** The serving engine whose efficiencies were used. */
  engine: ServingEngine;
  note?: string;
  gpus: number;
  memory: PerfMemory;
  breakdown: PerfBreakdown;
  factors: EfficiencyFactors;
  /** The power-limit term folded into factors.eta_prefill (absent when the table has none or the part no TDP). */
  power_limit?: PowerLimitTerm;
  /** With an arrival rate (or SLOs: then at the utilisation ceiling), the p50/p99 latencies. */
  tail?: TailLatency;
}

/** Invalid parallelism or shape: the caller's mistake (CLI exit 2), not an infeasible plan. */
export class CapacityConfigError extends Error {
  constructor(message: string, public readonly field: string) {
    super(message);
    this.name = 'CapacityConfigError';
  }
}

/**
 * Serving engines cap the sequences decoded together (vLLM max_num_seqs, TRT-LLM
 * max_batch_size). 4,096 is trtllm-bench's cap (tensorrt_llm/bench/build/tuning.py: the batch
 * is what the KV cache holds, up to 4,096); below it, memory decides. What keeps a huge batch from
 * being nearly free is the fitted per-sequence step cost (factors.ts per_seq_s). Until the eighth
 * round the cap was 512 with no per-sequence cost, the best flat cap then (docs/capacity.md
 * "Per-sequence step cost" has the sweep). Callers with a known engine setting pass max_batch.
 */
export const DEFAULT_MAX_BATCH = 4096;
/**
 * Decode GEMMs have as many rows as sequences in the step: small batches leave tensor cores
 * idle (tile quantisation, launch and epilogue costs), so the achieved fraction of peak rises
 * with the batch as b / (b + K) toward η_decode. K = 64 is the half-efficiency batch the
 * published results support best: leave-one-group-out median / P90 13.6 % / 34.2 % at 64 against
 * 14.1 % / 36.2 % for a constant efficiency, 13.9 % / 35.7 % (16), 13.6 % / 34.9 % (32), 14.3 % /
 * 34.9 % (128) — measured on 1,597 rows.
 */
export const DECODE_HALF_EFFICIENCY_BATCH = 64;
/** The PCIe bus bandwidths below are measured all-reduce figures, so η_comm is divided back out. */
const DEFAULT_ETA_COMM = 0.5;
/** All-reduce launch + sync latency per call (NCCL/custom all-reduce, NVLink vs PCIe). */
const AR_LATENCY_NVLINK_S = 8e-6;
const AR_LATENCY_PCIE_S = 30e-6;
/**
 * A ring all-reduce across PCIe cards crosses switches and the CPU root complex: NCCL's bus
 * bandwidth stays well below the 32/64 GB/s per-direction link rate. This, not a fudge factor,
 * is why PCIe cards scale badly with tp. 16 GB/s on Gen4 x16 (32 on Gen5) is the figure the
 * published results support best, with no bridge assumed (tpLink): leave-one-GPU-out median /
 * P90 11.3 % / 30.0 % against 11.7 / 30.4 (12 GB/s), 11.3 / 30.7 (20), 11.7 / 31.3 (24).
 */
export const PCIE_BUSBW_GEN4 = 16e9;
export const PCIE_BUSBW_GEN5 = 32e9;
/**
 * Beam-search decode attention runs through the beam cache indirection (TensorRT-LLM's masked MHA):
 * every beam attends over the prompt its beams share, and that work proceeds at a rate set by the
 * part's tensor throughput, not its HBM — the shared prompt is re-read from cache, so HBM sees it
 * once per request. Time = bytes of KV attended per step ÷ (this × dense BF16 FLOP/s × the power-limit
 * multiplier × the decode efficiency), added to the GEMMs' time. Derived by hand from one published run, MLPerf v4.1 GPT-J on H100 SXM (batch 192
 * per NVIDIA's config, 35.9 samples/s per GPU; docs/capacity.md "Beam search"); reading each beam's
 * prompt from HBM instead would need 1.5× an L40S's peak bandwidth to reach its published rate.
 */
export const BEAM_ATTENTION_BYTES_PER_FLOP = 8.7e-3;
/** Pipeline stages are assumed to sit on different nodes: 400 Gb/s NIC per GPU. */
const PP_LINK_BYTES_S = 50e9;
const PP_LATENCY_S = 10e-6;
/** Prefill is scheduled in chunks of this many tokens (TRT-LLM max_num_tokens default). */
const PREFILL_CHUNK_TOKENS = 8192;

export interface ResolvedPrecision {
  weights: Precision;
  /** Peak dense FLOP/s per GPU used by GEMMs. */
  peak_flops: number;
  cls: PrecisionClass;
  used: string;
  note?: string;
}

/**
 * Which kernels actually run. A precision without native tensor-core support falls back
 * honestly: weights are stored small (saving memory and bandwidth) but GEMMs run in 16 bit.
 */
export function resolvePrecision(gpu: GpuSpec, p: Precision): ResolvedPrecision {
  const bf16 = gpu.bf16_flops;
  switch (p) {
    case 'bf16':
    case 'fp16':
      // Volta's tensor cores take FP16 only; BF16 checkpoints run converted to FP16 there.
      if (p === 'bf16' && gpuFamily(gpu) === 'volta') return { weights: p, peak_flops: bf16, cls: '16', used: 'fp16', note: `${gpu.id} has no BF16 tensor cores: runs as FP16` };
      return { weights: p, peak_flops: bf16, cls: '16', used: p };
    case 'fp8':
      if (gpu.fp8_flops) return { weights: 'fp8', peak_flops: gpu.fp8_flops, cls: 'fp8', used: 'fp8' };
      return { weights: 'fp8', peak_flops: bf16, cls: 'fp8', used: 'fp8 weight-only (W8A16)', note: `${gpu.id} has no native FP8: runs weight-only (FP8 weights, 16-bit compute)` };
    case 'int8':
      if (gpu.int8_ops) return { weights: 'int8', peak_flops: gpu.int8_ops, cls: 'int8', used: 'int8 (W8A8)' };
      return { weights: 'int8', peak_flops: bf16, cls: 'int8', used: 'int8 weight-only (W8A16)', note: `${gpu.id} has no INT8 tensor cores listed: runs weight-only` };
    case 'int4':
      return { weights: 'int4', peak_flops: bf16, cls: 'int4', used: 'int4 weight-only (W4A16)' };
    case 'fp4':
      if (gpu.fp4_flops) return { weights: 'fp4', peak_flops: gpu.fp4_flops, cls: 'fp4', used: 'fp4' };
      return { weights: 'fp4', peak_flops: bf16, cls: 'fp4', used: 'fp4 weight-only (W4A16)', note: `${gpu.id} has no native FP4: runs weight-only (4-bit weights, 16-bit compute)` };
  }
}

/** Per-direction link bandwidth and all-reduce latency for a tp group. */
const formCache = new Map<string, { pcieCard: boolean; gen5: boolean; bridged: boolean }>();

export function tpLink(gpu: GpuSpec, tp: number): { bytes_s: number; latency_s: number; pcie: boolean } {
  let form = formCache.get(gpu.form_factor);
  if (!form) {
    const ff = gpu.form_factor.toLowerCase();
    form = { pcieCard: ff.startsWith('pcie'), gen5: ff.includes('gen5'), bridged: /nvlink[- ]?bridg/.test(ff) };
    formCache.set(gpu.form_factor, form);
  }
  const { pcieCard, gen5, bridged } = form;
  const pcieBidir = gen5 ? 128e9 : 64e9;
  const ic = gpu.interconnect_bytes_s ?? pcieBidir;
  // A PCIe card's NVLink bridge joins a pair only where the part is sold bridged (H100 NVL); on
  // others (A100 / H100 PCIe) it is an option servers mostly go without, and the published tp 2
  // runs scale like PCIe (A100 PCIe held out: tp 2 over-predicted by up to 1.8× with the bridge
  // assumed, tp 4–8 under-predicted). Beyond the pair traffic crosses PCIe either way.
  if (pcieCard && (!bridged || tp > 2 || ic <= pcieBidir)) return { bytes_s: (gen5 ? PCIE_BUSBW_GEN5 : PCIE_BUSBW_GEN4) / DEFAULT_ETA_COMM, latency_s: AR_LATENCY_PCIE_S, pcie: true };
  // Datasheet figures are bidirectional aggregates.
  return { bytes_s: ic / 2, latency_s: AR_LATENCY_NVLINK_S, pcie: false };
}

export function validateConfig(model: ModelSpec, cfg: Pick<PerfConfig, 'tp' | 'pp' | 'input_tokens' | 'output_tokens' | 'concurrency' | 'ep'>): void {
  const { tp } = cfg;
  const pp = cfg.pp ?? 1;
  const ep = cfg.ep ?? 1;
  if (!Number.isInteger(tp) || tp < 1) throw new CapacityConfigError(`tp must be a positive integer (got ${tp})`, 'tp');
  if (!Number.isInteger(pp) || pp < 1) throw new CapacityConfigError(`pp must be a positive integer (got ${pp})`, 'pp');
  if (!Number.isInteger(ep) || ep < 1) throw new CapacityConfigError(`ep must be a positive integer (got ${ep})`, 'ep');
  if (ep > 1 && !moeSplit(model)) throw new CapacityConfigError(`ep ${ep}: ${model.id} is not a mixture-of-experts model`, 'ep');
  if (ep > 1 && tp % ep !== 0) throw new CapacityConfigError(`ep ${ep} must divide tp ${tp} (experts are spread over the tp GPUs of a stage)`, 'ep');
  if (tp > 8) throw new CapacityConfigError(`tp ${tp} exceeds 8 (one node's NVLink domain); use --pp to span nodes`, 'tp');
  if (model.attention_heads % tp !== 0) {
    const ok = [1, 2, 4, 8].filter((t) => model.attention_heads % t === 0);
    throw new CapacityConfigError(`tp ${tp} does not divide ${model.id}'s ${model.attention_heads} attention heads (valid: ${ok.join(', ')})`, 'tp');
  }
  if (pp > model.layers) throw new CapacityConfigError(`pp ${pp} exceeds ${model.id}'s ${model.layers} layers`, 'pp');
  if (!(cfg.input_tokens >= 1) || !(cfg.output_tokens >= 1)) throw new CapacityConfigError('input and output tokens must be at least 1', cfg.input_tokens >= 1 ? 'output_tokens' : 'input_tokens');
  if (cfg.concurrency !== undefined && cfg.concurrency !== null && !(cfg.concurrency >= 1)) throw new CapacityConfigError('concurrency must be at least 1', 'concurrency');
}

/** Everything that does not depend on the batch, computed once per config. */
interface Setup {
  tp: number; pp: number; I: number; O: number;
  f: EfficiencyFactors;
  bw: number; peak: number;
  /** Bytes read per decode step for weights: fixed part and MoE expert part (× touched fraction). */
  wFixed: number; wExperts: number; moeK: number; moeE: number;
  kvRead: number;            // bytes of KV attended per sequence per step (avg context)
  kvPrompt: number;          // bytes of one request's prompt KV (beams share it)
  kvOwn: number;             // bytes of one beam's own generated KV (avg)
  beamAttnRate: number;      // bytes/s of KV one GPU attends over under beam search, before η_decode
  gemmFlops: number;         // decode GEMM FLOPs per token (run at the precision's peak), experts included
  expertFlops: number;       // the routed experts' share of gemmFlops (× imbalance under EP)
  ep: number; dpAttn: boolean; skew: number;
  a2aBytes: number;          // bytes per token per MoE layer for dispatch + combine (before the (ep−1)/ep share)
  epLink: { bytes_s: number; latency_s: number };
  attnFlops: number;         // decode attention FLOPs per token over the avg context
  attnPeak: number;          // attention runs at the KV precision (fp8 or 16-bit), not fp4/int4
  beams: number;
  hidden: number; layers: number;
  link: { bytes_s: number; latency_s: number };
  perSeq: number;            // seconds each sequence adds to a decode step (factors.ts per_seq_s)
}

interface Step { t: number; mem: number; compute: number; comm: number; overhead: number }

/** One decode iteration of the whole replica at batch B (seconds). */
function stepTime(s: Setup, B: number): Step {
  const { tp, pp } = s;
  const b = (pp > 1 ? Math.max(1, B / pp) : B) * s.beams;
  const touched = s.wExperts > 0 ? expertsTouched(s.moeK, s.moeE, b) : 0;
  // Under beam search HBM reads each request's prompt KV once and each beam's own tokens; the
  // attention over every beam's full context is charged to the SMs (BEAM_ATTENTION_BYTES_PER_FLOP).
  const beamSearch = s.beams > 1;
  const kvBytes = beamSearch ? (b / s.beams) * s.kvPrompt + b * s.kvOwn : b * s.kvRead;
  const bytes = (s.wFixed + s.wExperts * touched + kvBytes) / pp;
  const beamAttn = beamSearch ? (b * s.kvRead) / s.beamAttnRate : 0;
  const mem = bytes / (tp * s.bw * s.f.eta_bw);
  // Under EP the busiest rank sets the pace of the expert GEMMs.
  const imb = s.ep > 1 ? expertImbalance(b, s.moeK, s.ep, s.skew) : 1;
  const etaDecode = s.f.eta_decode * b / (b + DECODE_HALF_EFFICIENCY_BATCH);
  // Attention and GEMM kernels run one after another on the same SMs at the decode efficiency:
  // their times add.
  const compute = (beamAttn + b * ((s.gemmFlops + s.expertFlops * (imb - 1)) / s.peak + s.attnFlops / s.attnPeak)) / pp / (tp * etaDecode);
  let comm = 0;
  if (tp > 1) {
    // All-reduces per layer: one after attention (none under DP-attention), one after the
    // MLP/MoE (replaced by all-to-all dispatch + combine under EP).
    const nAr = ((s.dpAttn ? 0 : 1) + (s.ep > 1 ? 0 : 1)) * s.layers / pp;
    comm = nAr * (s.link.latency_s + (2 * (tp - 1)) / tp * (b * s.hidden * 2) / (s.link.bytes_s * s.f.eta_comm));
    if (s.ep > 1) {
      const perRank = (b / s.ep) * imb * s.a2aBytes * (s.ep - 1) / s.ep;
      comm += (s.layers / pp) * (2 * s.epLink.latency_s + perRank / (s.epLink.bytes_s * s.f.eta_comm));
    }
  }
  const stage = Math.max(mem, compute) + comm;
  const p2p = pp > 1 ? (pp - 1) * (PP_LATENCY_S + (b * s.hidden * 2) / PP_LINK_BYTES_S) : 0;
  return { t: pp * stage + p2p + s.f.overhead_s + s.perSeq * B, mem: pp * mem, compute: pp * compute, comm: pp * comm + p2p, overhead: s.f.overhead_s + s.perSeq * B };
}

function emptyBreakdown(): PerfBreakdown {
  return { t_mem: 0, t_compute: 0, t_comm: 0, t_overhead: 0, t_prefill: 0 };
}

/**
 * Serving performance of one replica. Infeasible configurations (weights or one
 * sequence's KV do not fit, SLO unreachable) come back with feasible: false and a reason.
 */
export function perf(gpu: GpuSpec, model: ModelSpec, cfg: PerfConfig, factors: FactorSource): PerfResult {
  validateConfig(model, cfg);
  const tp = cfg.tp, pp = cfg.pp ?? 1, n = tp * pp;
  const I = cfg.input_tokens, O = cfg.output_tokens;
  const rp = resolvePrecision(gpu, cfg.precision);
  const engine = cfg.engine ?? defaultEngine(gpu);
  const f = resolveFactors(factors, gpu, rp.cls, engine);
  const power = powerLimitTerm(factors, gpu);
  // FP8 and NVFP4 checkpoints ship an FP8 KV cache (MLPerf: "qformat fp8 + fp8 KV"; ModelOpt's
  // NVFP4 checkpoints set kv_cache_quant_algo FP8) where the GPU has native fp8; integer (AWQ/GPTQ)
  // checkpoints quantise weights only and keep a 16-bit cache. Reading NVFP4 with a 16-bit cache
  // put RTX PRO 6000 28 % low held out (docs/capacity.md).
  const kvPrec: KvPrecision = cfg.kv_precision ?? ((rp.cls === 'fp8' || rp.cls === 'fp4') && gpu.fp8_flops ? 'fp8' : 'bf16');
  const ep = cfg.ep ?? 1;
  const dpAttn = !!cfg.dp_attention && tp > 1;
  const kvpt = kvBytesPerToken(model, KV_BYTES[kvPrec]) * kvReplication(model, tp, dpAttn);

  // Memory.
  const W = weightsBytes(model, rp.weights);
  const reserve = n * reservePerGpu(gpu);
  const kvMem = n * gpu.hbm_bytes - reserve - W;
  const beams = Math.max(1, Math.floor(cfg.beam_width ?? 1));
  // Beams share the prompt's KV blocks (paged caches in TensorRT-LLM and vLLM fork beams after the
  // context phase) and each keep their own generated tokens'. Counting the prompt once per beam
  // put MLPerf GPT-J (4 beams) 20–40 % low on 48–80 GB parts (docs/capacity.md).
  const seqBytes = kvpt * (I + O * beams);
  const memBatch = kvMem > 0 ? Math.floor(kvMem / seqBytes) : 0;
  const memory: PerfMemory = {
    weights_bytes: W, kv_bytes: Math.max(0, kvMem), reserve_bytes: reserve, kv_bytes_per_token: kvpt, max_batch: memBatch,
  };

  // Batch-independent parts of the step model.
  const wb = WEIGHT_BYTES[rp.weights];
  const emb = embeddingParams(model);
  const lmHead = model.vocab_size * model.hidden_size * 2;
  const moe = moeSplit(model);
  const experts = moe ? moe.expertParams : 0;
  const denseBody = model.params_total - emb - experts;
  const ctxAvg = I + O / 2;
  const attnDim = model.attention === 'mla' && model.kv_lora_rank
    ? model.attention_heads * (2 * model.kv_lora_rank + (model.qk_rope_head_dim ?? 0)) / 2
    : model.attention_heads * model.head_dim;
  const gemmParams = Math.max(model.params_active - emb / 2, model.params_active * 0.5);
  const s: Setup = {
    tp, pp, I, O, f,
    bw: gpu.mem_bw_bytes_s, peak: rp.peak_flops,
    wFixed: denseBody * wb + lmHead, wExperts: experts * wb, moeK: moe?.k ?? 0, moeE: moe?.e ?? 1,
    kvRead: ctxAvg * kvpt,
    kvPrompt: I * kvpt,
    kvOwn: (O / 2) * kvpt,
    beamAttnRate: BEAM_ATTENTION_BYTES_PER_FLOP * gpu.bf16_flops * (power ? power.prefill_multiplier : 1),
    gemmFlops: 2 * gemmParams,
    expertFlops: moe ? 2 * moe.expertParams * (moe.k / moe.e) : 0,
    ep, dpAttn, skew: cfg.expert_skew ?? 1,
    // Dispatch in the activation precision (fp8 where the GPU has it and the model runs fp8/fp4), combine in 16 bit.
    a2aBytes: (moe?.k ?? 0) * model.hidden_size * ((rp.cls === 'fp8' || rp.cls === 'fp4') && gpu.fp8_flops ? 1 + 2 : 2 + 2),
    epLink: tpLink(gpu, ep),
    attnFlops: 4 * model.layers * attnDim * ctxAvg,
    attnPeak: kvPrec === 'fp8' && gpu.fp8_flops ? Math.min(gpu.fp8_flops, rp.peak_flops * 2) : gpu.bf16_flops,
    beams,
    hidden: model.hidden_size, layers: model.layers,
    link: tpLink(gpu, tp),
    perSeq: perSequenceStepCost(factors),
  };

  // Prefill of one request: compute-bound GEMMs plus causal attention (grows with I²),
  // weights streamed once per chunk, TP all-reduces of I × hidden activations.
  const prefillCompute = (2 * gemmParams * I / rp.peak_flops + 2 * model.layers * attnDim * I * I / s.attnPeak) / (n * f.eta_prefill);
  const prefillMem = ((denseBody + experts) * wb + lmHead) * Math.min(1, I / PREFILL_CHUNK_TOKENS) / (n * gpu.mem_bw_bytes_s * f.eta_bw);
  // Prefill collectives: the bytes (I × hidden per all-reduce) and the per-call launch/sync latency, kept apart.
  let prefillCommBytes = 0, prefillCommLatency = 0;
  if (tp > 1) {
    const nAr = (dpAttn ? 0 : 1) + (ep > 1 ? 0 : 1);
    prefillCommLatency = nAr * model.layers * s.link.latency_s;
    prefillCommBytes = nAr * model.layers * (2 * (tp - 1)) / tp * (I * model.hidden_size * 2) / (s.link.bytes_s * f.eta_comm);
    if (ep > 1) {
      prefillCommLatency += model.layers * 2 * s.epLink.latency_s;
      prefillCommBytes += model.layers * I * s.a2aBytes * (ep - 1) / ep / (s.epLink.bytes_s * f.eta_comm);
    }
  }
  // GPU time one prefill takes from the replica (stages work on other requests meanwhile). Under
  // in-flight batching a prompt's chunk rides in the same forward pass as the decoding sequences, so
  // its activations join the step's all-reduces: the replica pays their bytes, not another round of
  // per-call latency (already in the decode step). Charging it per request put prefill-heavy
  // shapes at tp 4–8 too slow (docs/capacity.md "Prefill collectives under in-flight batching").
  const tPrefill = Math.max(prefillCompute, prefillMem) + prefillCommBytes / pp;
  // Latency of one prefill: all stages in sequence, and the request does wait for every call.
  const tPrefillLatency = pp * Math.max(prefillCompute, prefillMem) + prefillCommBytes + prefillCommLatency + (pp > 1 ? (pp - 1) * (PP_LATENCY_S + I * model.hidden_size * 2 / PP_LINK_BYTES_S) : 0);

  const evalAt = (B: number) => {
    const st = stepTime(s, B);
    const reqS = B / (B * tPrefill + O * st.t);
    const tpot = st.t + (tPrefill * B) / O;
    const ttft = tPrefillLatency + st.t;
    return { st, reqS, tpot, ttft };
  };

  const fail = (reason: string): PerfResult => {
    const r: PerfResult = {
      tokens_per_s: 0, output_tokens_per_s: 0, output_tokens_per_s_per_gpu: 0, requests_per_s: 0, batch: 0,
      ttft_ms: 0, tpot_ms: 0, bound: 'memory', feasible: false, reason, precision_used: rp.used, kv_precision: kvPrec, engine,
      gpus: n, memory, breakdown: emptyBreakdown(), factors: { ...f },
    };
    if (rp.note) r.note = rp.note;
    if (power) r.power_limit = { ...power };
    return r;
  };

  if (kvMem <= 0) {
    return fail(`weights need ${gb(W)} GiB but ${n} × ${gpu.id} leave ${gb(n * gpu.hbm_bytes - reserve)} GiB after the runtime reserve`);
  }
  if (memBatch < 1) {
    return fail(`KV cache for one ${tok(I + O)}-token sequence needs ${gb(seqBytes)} GiB; only ${gb(kvMem)} GiB left after weights`);
  }
  if (I + O > model.max_context) {
    return fail(`${tok(I + O)} tokens exceed ${model.id}'s context window of ${model.max_context}`);
  }

  // The engine's batch cap is per attention instance: under DP-attention every rank has its own.
  let cap = Math.min(memBatch, (cfg.max_batch ?? DEFAULT_MAX_BATCH) * (dpAttn ? tp : 1));
  if (cfg.concurrency) cap = Math.min(cap, Math.floor(cfg.concurrency));
  cap = Math.max(1, cap);
  const tpotSlo = cfg.tpot_ms ? cfg.tpot_ms / 1000 : Infinity;
  const ttftSlo = cfg.ttft_ms ? cfg.ttft_ms / 1000 : Infinity;
  const meets = (e: ReturnType<typeof evalAt>) => e.tpot <= tpotSlo && e.ttft <= ttftSlo;

  let B = cap;
  let e = evalAt(B);
  let reason: string | undefined;
  if (!meets(e)) {
    // TPOT and TTFT grow with the batch, so the batches meeting both are 1..B*: find B* by keeping
    // a bracket (lo meets, hi does not) and guessing inside it by linear interpolation of the
    // worse relative SLO excess, which is nearly linear in the batch, bisecting whenever a guess
    // fails to halve the bracket. Same answer as plain bisection, in a few evaluations instead of
    // twelve at the 4,096 cap.
    const e1 = evalAt(1);
    if (!meets(e1)) {
      B = 1; e = e1;
      reason = e1.tpot > tpotSlo
        ? `TPOT SLO ${cfg.tpot_ms} ms cannot be met: ${ms(e1.tpot)} ms even at batch 1`
        : `TTFT SLO ${cfg.ttft_ms} ms cannot be met: ${ms(e1.ttft)} ms even at batch 1`;
    } else {
      const excess = (x: ReturnType<typeof evalAt>) => Math.max(x.tpot / tpotSlo - 1, x.ttft / ttftSlo - 1);
      let lo = 1, hi = cap, eLo = e1, gLo = excess(e1), gHi = excess(e), bisect = false;
      while (hi - lo > 1) {
        const width = hi - lo;
        let mid = bisect || !(gHi > gLo) ? (lo + hi) >> 1 : Math.floor(lo + (-gLo / (gHi - gLo)) * width);
        mid = Math.min(hi - 1, Math.max(lo + 1, mid));
        const em = evalAt(mid);
        if (meets(em)) { lo = mid; eLo = em; gLo = excess(em); } else { hi = mid; gHi = excess(em); }
        bisect = hi - lo > width / 2;
      }
      B = lo; e = eLo;
    }
  }
  // Tail latency under Poisson arrivals: an M/M/c view of the replica's B request slots
  // (service = time a request holds a slot), busy slots ≈ Poisson(offered load) for the
  // TPOT spread, and an M/D/1 prefill queue (prefills take turns on the replica).
  let tail: TailLatency | undefined;
  // Without a rate, tails are reported only when the caller names a ceiling (the API does when an
  // SLO is given), so planners' grids do not pay for them.
  const lambda = cfg.arrival_rate ?? ((cfg.tpot_ms || cfg.ttft_ms) && cfg.utilisation_ceiling ? cfg.utilisation_ceiling * e.reqS : null);
  if (lambda !== null && lambda > 0 && reason === undefined) {
    const t = tailLatency(evalAt, B, O, tPrefill, lambda);
    if (!t) {
      // Reported tails only (SLOs without a rate) never change feasibility.
      if (cfg.arrival_rate) reason = `arrival rate ${lambda.toPrecision(4)} req/s exceeds what one replica serves (${e.reqS.toPrecision(4)} req/s at batch ${B})`;
    } else {
      tail = t;
      if (cfg.arrival_rate) {
        if (t.tpot_p99_ms > tpotSlo * 1000) reason = `p99 TPOT ${t.tpot_p99_ms.toFixed(1)} ms at ${lambda.toPrecision(4)} req/s exceeds the ${cfg.tpot_ms} ms SLO`;
        else if (t.ttft_p99_ms > ttftSlo * 1000) reason = `p99 TTFT ${t.ttft_p99_ms.toFixed(1)} ms at ${lambda.toPrecision(4)} req/s exceeds the ${cfg.ttft_ms} ms SLO`;
      }
    }
  }
  const reqS = e.reqS;
  const out: PerfResult = {
    tokens_per_s: reqS * (I + O),
    output_tokens_per_s: reqS * O,
    output_tokens_per_s_per_gpu: (reqS * O) / n,
    requests_per_s: reqS,
    batch: B,
    ttft_ms: e.ttft * 1000,
    tpot_ms: e.tpot * 1000,
    bound: e.st.mem >= e.st.compute ? 'memory' : 'compute',
    feasible: reason === undefined,
    precision_used: rp.used,
    kv_precision: kvPrec,
    engine,
    gpus: n,
    memory,
    breakdown: {
      t_mem: e.st.mem * 1000, t_compute: e.st.compute * 1000, t_comm: e.st.comm * 1000,
      t_overhead: e.st.overhead * 1000, t_prefill: tPrefill * 1000,
    },
    factors: { ...f },
  };
  if (reason !== undefined) out.reason = reason;
  if (rp.note) out.note = rp.note;
  if (power) out.power_limit = { ...power };
  if (tail) out.tail = tail;
  return out;
}

const Z99 = 2.326;

/** p50/p99 TTFT and TPOT at arrival rate λ on a replica of B slots; null when λ is beyond its capacity. */
function tailLatency(
  evalAt: (B: number) => { reqS: number; tpot: number; ttft: number },
  B: number, O: number, tPrefill: number, lambda: number,
): TailLatency | null {
  const at = (n: number) => evalAt(Math.max(1, Math.min(B, n)));
  // Time a request holds a slot depends on how many slots are busy: fixed point on the load.
  let n = 1, hold = 0, a = 0;
  for (let i = 0; i < 6; i++) {
    const r = at(Math.round(n));
    hold = r.ttft + O * r.tpot;
    a = lambda * hold;
    n = Math.min(B, a);
  }
  const rhoP = lambda * tPrefill;
  if (a >= B || rhoP >= 1) return null;
  const n50 = Math.max(1, Math.round(a));
  const n99 = Math.max(1, Math.ceil(a + Z99 * Math.sqrt(a)));
  // Slot wait: P(W > t) = C · e^{−(B − a) t / hold}.
  const C = erlangC(B, a);
  const slotWait = (q: number) => (C > 1 - q ? Math.log(C / (1 - q)) * hold / (B - a) : 0);
  // Prefill queue, M/D/1: P(wait > 0) = ρ, mean wait ρτ / (2(1 − ρ)), exponential tail.
  const meanP = rhoP * tPrefill / (2 * (1 - rhoP));
  const prefillWait = (q: number) => (rhoP > 1 - q ? (meanP / rhoP) * Math.log(rhoP / (1 - q)) : 0);
  const ms = (x: number) => x * 1000;
  return {
    arrival_rate: lambda,
    utilisation: a / B,
    ttft_p50_ms: ms(slotWait(0.5) + prefillWait(0.5) + at(n50).ttft),
    ttft_p99_ms: ms(slotWait(0.99) + prefillWait(0.99) + at(n99).ttft),
    tpot_p50_ms: ms(at(n50).tpot),
    tpot_p99_ms: ms(at(n99).tpot),
  };
}

/** The serving curve: throughput against TPOT as the batch grows (for charts). */
export function servingCurve(gpu: GpuSpec, model: ModelSpec, cfg: PerfConfig, factors: FactorSource, points = 24):
  { batch: number; tpot_ms: number; ttft_ms: number; output_tokens_per_s_per_gpu: number }[] {
  const top = perf(gpu, model, { ...cfg, tpot_ms: null, ttft_ms: null, concurrency: cfg.concurrency ?? null }, factors);
  if (!top.feasible || top.batch < 1) return [];
  const out: { batch: number; tpot_ms: number; ttft_ms: number; output_tokens_per_s_per_gpu: number }[] = [];
  let last = 0;
  for (let i = 0; i < points; i++) {
    const B = Math.max(1, Math.round(Math.pow(top.batch, i / Math.max(1, points - 1))));
    if (B === last) continue;
    last = B;
    const r = perf(gpu, model, { ...cfg, tpot_ms: null, ttft_ms: null, concurrency: B }, factors);
    out.push({ batch: r.batch, tpot_ms: r.tpot_ms, ttft_ms: r.ttft_ms, output_tokens_per_s_per_gpu: r.output_tokens_per_s_per_gpu });
  }
  return out;
}

const gb = (b: number) => (b / GIB).toFixed(1);
/** Mean lengths may be fractional (684.68 tokens): at most two decimals in messages. */
const tok = (x: number) => String(Math.round(x * 100) / 100);
const ms = (s: number) => (s * 1000).toFixed(1);
