// Efficiency factors (η): how much of a GPU's datasheet bandwidth and FLOPS a serving
// engine reaches, per GPU family × precision. Defaults are datasheet-derived priors; the
// shipped values in db/seed/calibration.json are fitted on published results
// (scripts/fit-calibration.mjs, engine/calibration/fit.ts).
import type { GpuSpec } from '../catalog.js';

export type Precision = 'bf16' | 'fp16' | 'fp8' | 'int8' | 'int4' | 'fp4';
export const PRECISIONS: readonly Precision[] = ['bf16', 'fp16', 'fp8', 'int8', 'int4', 'fp4'];

/** Precision classes the factors are keyed by (bf16 and fp16 run the same kernels). */
export type PrecisionClass = '16' | 'fp8' | 'int8' | 'int4' | 'fp4';
export const precisionClass = (p: Precision): PrecisionClass => (p === 'bf16' || p === 'fp16' ? '16' : p);

export interface EfficiencyFactors {
  /** Fraction of datasheet HBM bandwidth reached by decode (weights + KV reads). */
  eta_bw: number;
  /** Fraction of peak tensor FLOPS reached by batched decode GEMMs. */
  eta_decode: number;
  /** Fraction of peak tensor FLOPS reached by prefill (long GEMMs, attention). */
  eta_prefill: number;
  /** Fixed time per decode iteration (scheduler, launches, sampling), seconds. */
  overhead_s: number;
  /** Fraction of the interconnect's per-direction bandwidth a tensor-parallel all-reduce reaches. */
  eta_comm: number;
}

export const FACTOR_KEYS: readonly (keyof EfficiencyFactors)[] = ['eta_bw', 'eta_decode', 'eta_prefill', 'overhead_s', 'eta_comm'];

/** Datasheet-derived prior: what a tuned serving engine typically reaches. */
export const DEFAULT_FACTORS: EfficiencyFactors = {
  eta_bw: 0.7,
  eta_decode: 0.45,
  eta_prefill: 0.55,
  overhead_s: 0.004,
  eta_comm: 0.5,
};

/**
 * A factor table: log-space offsets fitted hierarchically (global → family → family ×
 * precision, and engine → engine × vendor). `resolveFactors` multiplies them out.
 * Keys: 'hopper', 'hopper:fp8', 'engine:vllm', 'engine:vllm:amd'.
 */
export interface FactorTable {
  kind: 'factor-table';
  global: EfficiencyFactors;
  /** Multipliers relative to global, per family and per family:precisionClass. */
  groups: Record<string, Partial<EfficiencyFactors>>;
  /**
   * Exponent of the power-limit term (see powerLimitMultiplier): 0 or absent turns it off, so
   * tables fitted before it resolve exactly as they did.
   */
  power_exp?: number;
  /**
   * Seconds each sequence in the batch adds to a decode step (scheduling, sampling, per-sequence
   * kernels): what makes a 4,000-sequence batch less than 8× a 512 one. Fitted as one global value;
   * absent (tables fitted before it, or the datasheet priors) = DEFAULT_PER_SEQ_S.
   */
  per_seq_s?: number;
}

/**
 * The per-sequence step cost where a table has none: the shipped fit's value (7.4 µs, rounded),
 * so priors and older fits do not read a 4,096-sequence batch as free.
 */
export const DEFAULT_PER_SEQ_S = 7e-6;

/** The per-sequence decode step cost a factor source implies (seconds per sequence per step). */
export function perSequenceStepCost(src: FactorSource): number {
  return isFactorTable(src) && src.per_seq_s !== undefined ? src.per_seq_s : DEFAULT_PER_SEQ_S;
}

export type FactorSource = EfficiencyFactors | FactorTable;

export const isFactorTable = (f: FactorSource): f is FactorTable => (f as FactorTable).kind === 'factor-table';

export const DEFAULT_TABLE: FactorTable = { kind: 'factor-table', global: { ...DEFAULT_FACTORS }, groups: {} };

/**
 * GPU family: parts sharing an architecture and software stack share efficiencies.
 * Unknown ids fall back to the vendor name, so a new SKU still gets its vendor's prior.
 */
const familyCache = new Map<string, string>();

export function gpuFamily(gpu: Pick<GpuSpec, 'id' | 'vendor'>): string {
  let fam = familyCache.get(gpu.id);
  if (fam === undefined) { fam = familyOf(gpu); familyCache.set(gpu.id, fam); }
  return fam;
}

function familyOf(gpu: Pick<GpuSpec, 'id' | 'vendor'>): string {
  const id = gpu.id.toLowerCase();
  const table: [RegExp, string][] = [
    [/^(a100|a800|a10|a30|a40|a16|a2)\b|^(a100|a800)-/, 'ampere'],
    [/^(h100|h800|h200|h20)\b|^(h100|h200)-/, 'hopper'],
    [/^(b100|b200|b300|gb200|gb300)/, 'blackwell'],
    [/^(l40|l40s|l20|l4|rtx-40|rtx-4090|rtx-6000-ada)/, 'ada'],
    [/^v100/, 'volta'],
    [/^mi(300|325|350|355)/, 'cdna3'],
    [/^mi(200|210|250)/, 'cdna2'],
    [/^gaudi/, 'gaudi'],
    [/^ascend/, 'ascend'],
  ];
  for (const [re, fam] of table) if (re.test(id)) return fam;
  return (gpu.vendor || 'other').toLowerCase();
}

/**
 * Serving engines: the software reaching a fraction of the datasheet differs as much as the
 * hardware (vLLM on ROCm vs TensorRT-LLM on CUDA at the same shape). `other` is anything else
 * (TGI, NIM's non-TRT back ends, in-house servers).
 */
export type ServingEngine = 'trt-llm' | 'vllm' | 'sglang' | 'lmdeploy' | 'mindie' | 'other';
export const SERVING_ENGINES: readonly ServingEngine[] = ['trt-llm', 'vllm', 'sglang', 'lmdeploy', 'mindie', 'other'];

/** Vendor family of a GPU (the software stack: CUDA, ROCm, CANN, Habana). */
export function vendorFamily(gpu: Pick<GpuSpec, 'vendor'>): string {
  const v = (gpu.vendor || 'other').toLowerCase();
  return v === 'nvidia' || v === 'amd' || v === 'intel' || v === 'huawei' ? v : 'other';
}

/** The engine a vendor's parts are usually served with: what `perf` assumes without --engine. */
export function defaultEngine(gpu: Pick<GpuSpec, 'vendor'>): ServingEngine {
  return vendorDefaultEngine(vendorFamily(gpu));
}

/**
 * The engine a vendor family's hardware levels are fitted under: the one its measurements were taken
 * with. Usually the vendor's usual engine; on Ascend it is vLLM-Ascend, not MindIE: every absolute
 * Ascend row is vLLM-Ascend and MindIE is known only through a same-benchmark ratio against it, so
 * MindIE is the engine read as a multiplier (on vLLM-Ascend). With MindIE as the reference instead,
 * vLLM-Ascend carried the vLLM ÷ TensorRT-LLM levels fitted on NVIDIA, and on a TPOT-bound pool the
 * model gave MindIE 0.69× vLLM-Ascend where the only measurement says 1.79× (docs/capacity.md).
 */
export function referenceEngine(gpu: Pick<GpuSpec, 'vendor'>): ServingEngine {
  return vendorReferenceEngine(vendorFamily(gpu));
}
function vendorReferenceEngine(vendor: string): ServingEngine {
  return vendor === 'huawei' ? 'vllm' : vendorDefaultEngine(vendor);
}

function vendorDefaultEngine(vendor: string): ServingEngine {
  switch (vendor) {
    case 'nvidia': return 'trt-llm';
    case 'amd': return 'vllm';
    case 'huawei': return 'mindie';
    default: return 'other';
  }
}

/** A benchmark's free-text engine column ("TensorRT-LLM (PyTorch backend)", "vLLM 0.6") → a ServingEngine. */
export function engineFromText(text: string | undefined | null, gpu: Pick<GpuSpec, 'vendor'>): ServingEngine {
  const t = (text ?? '').toLowerCase();
  if (!t.trim() || /^unknown/.test(t)) return defaultEngine(gpu);
  if (/tensorrt|trt-?llm|\bnim\b/.test(t)) return 'trt-llm';
  if (/sglang/.test(t)) return 'sglang';
  if (/lmdeploy|turbomind/.test(t)) return 'lmdeploy';
  if (/mindie/.test(t)) return 'mindie';
  if (/vllm/.test(t)) return 'vllm';
  return 'other';
}

/** Factors for one GPU at one (effective) precision, served by one engine (default: the vendor's usual one). */
const resolvedCache = new WeakMap<FactorTable, Map<string, EfficiencyFactors>>();
const resolvedByObject = new WeakMap<FactorTable, WeakMap<object, Map<string, EfficiencyFactors>>>();

export function resolveFactors(src: FactorSource, gpu: Pick<GpuSpec, 'id' | 'vendor'> & PowerSpec, p: PrecisionClass, engine?: ServingEngine | null): EfficiencyFactors {
  if (!isFactorTable(src)) return src;
  const eng = engine ?? defaultEngine(gpu);
  // Tables and spec objects are treated as immutable once built. The same spec object (a catalogue
  // row) hits a per-object map without building a key string; a copy of it (a what-if spec) falls
  // through to the key, which reads the spec, not only the id.
  let byObject = resolvedByObject.get(src);
  if (!byObject) { byObject = new WeakMap(); resolvedByObject.set(src, byObject); }
  let perGpu = byObject.get(gpu);
  if (!perGpu) { perGpu = new Map(); byObject.set(gpu, perGpu); }
  const short = `${p}|${eng}`;
  const quick = perGpu.get(short);
  if (quick) return quick;
  let byKey = resolvedCache.get(src);
  if (!byKey) { byKey = new Map(); resolvedCache.set(src, byKey); }
  const fam = gpuFamily(gpu);
  // The power term reads the spec, not only the id: a what-if spec of the same part resolves anew.
  const key = `${gpu.id}|${fam}:${p}|${eng}|${gpu.bf16_flops}|${gpu.tdp_w}`;
  const hit = byKey.get(key);
  if (hit) { perGpu.set(short, hit); return hit; }
  const out = multiplyOut(src, fam, p, eng, vendorFamily(gpu), gpu);
  byKey.set(key, out);
  perGpu.set(short, out);
  return out;
}

/**
 * Group keys, outermost first: GPU family, family × precision, then — for an engine other than
 * the vendor's reference one (referenceEngine) — engine and engine × vendor family. The family levels
 * describe the hardware under its reference engine (TensorRT-LLM on NVIDIA, vLLM on AMD and on
 * Ascend); the engine levels are multipliers relative to that, fitted with priors centred on 1
 * (shrinkage toward the family fit), so an engine with few measurements stays close to the reference.
 */
export function factorGroupKeys(fam: string, p: PrecisionClass, engine: ServingEngine, vendor: string, gpuId?: string): string[] {
  const hw = gpuId ? [fam, skuKey(gpuId), `${fam}:${p}`] : [fam, `${fam}:${p}`];
  if (engine === vendorReferenceEngine(vendor)) return hw;
  return [...hw, `engine:${engine}`, `engine:${engine}:${vendor}`];
}

/**
 * The part's own level under its family: SKUs of one architecture differ in power limit, clocks
 * and memory (an H100 NVL at 400 W is not an H100 SXM at 700 W), so a part with measurements of
 * its own gets its own offset, shrunk toward the family; a part without keeps the family's.
 */
export const skuKey = (gpuId: string): string => `gpu:${gpuId}`;

/** Datasheet dense BF16 TFLOPS per board watt at which the power-limit term is 1 (H100/H200 SXM). */
export const POWER_REF_TFLOPS_PER_W = 1.4;
/**
 * The range the term is fitted on (the public file spans 0.72 Gaudi 2 … 2.25 B200 TFLOPS/W) and
 * read within: a part below it (H20 0.37, L20 0.2–0.4) has power to spare and still cannot beat
 * its datasheet clocks, so it gets the floor's multiplier rather than an extrapolation.
 */
export const POWER_TFLOPS_PER_W_RANGE: readonly [number, number] = [0.7, 3];

/**
 * Sustained clocks fall short of the datasheet's boost clock the more FLOPS a board promises per
 * watt of its power limit (an H100 NVL at 400 W promises 2.1 TFLOPS/W, an L40S 1.0), so prefill,
 * the compute-bound phase that runs into the power limit, reaches (TFLOPS per W / reference)^(−exp)
 * of what the family levels say. Bandwidth-bound decode is left alone: applying the term there too
 * made the held-out error worse (docs/capacity.md). A physical covariate rather than a per-part
 * offset, so it carries to a part with no measurements of its own. Parts without a stated power
 * limit get 1.
 */
export function powerLimitMultiplier(gpu: PowerSpec, exp: number | undefined): number {
  const perWatt = tflopsPerWatt(gpu);
  if (!exp || perWatt === null) return 1;
  const [lo, hi] = POWER_TFLOPS_PER_W_RANGE;
  return Math.pow(Math.min(hi, Math.max(lo, perWatt)) / POWER_REF_TFLOPS_PER_W, -exp);
}
type PowerSpec = Partial<Pick<GpuSpec, 'tdp_w'>> & { bf16_flops?: number };

/** Datasheet dense BF16 TFLOPS per watt of the power limit; null without a stated limit or FLOPS. */
function tflopsPerWatt(gpu: PowerSpec): number | null {
  return gpu.tdp_w && gpu.bf16_flops && gpu.bf16_flops > 0 ? gpu.bf16_flops / 1e12 / gpu.tdp_w : null;
}

/** The power-limit term as applied to one part, for showing where it is used (perf, Catalog). */
export interface PowerLimitTerm {
  /** Datasheet dense BF16 TFLOPS per watt of the board's power limit. */
  tflops_per_w: number;
  /** What prefill efficiency is multiplied by (1 at the reference; the range floor/ceiling applied). */
  prefill_multiplier: number;
  exponent: number;
}

const powerTermCache = new WeakMap<FactorTable, WeakMap<object, PowerLimitTerm | null>>();

/** Cached per table and spec object (both immutable); perf copies it into each result. */
export function powerLimitTerm(src: FactorSource, gpu: PowerSpec): PowerLimitTerm | null {
  if (!isFactorTable(src) || !src.power_exp) return null;
  let byGpu = powerTermCache.get(src);
  if (!byGpu) { byGpu = new WeakMap(); powerTermCache.set(src, byGpu); }
  const hit = byGpu.get(gpu);
  if (hit !== undefined) return hit;
  const perWatt = tflopsPerWatt(gpu);
  const term = perWatt === null ? null : { tflops_per_w: perWatt, prefill_multiplier: powerLimitMultiplier(gpu, src.power_exp), exponent: src.power_exp };
  byGpu.set(gpu, term);
  return term;
}

function multiplyOut(src: FactorTable, fam: string, p: PrecisionClass, engine: ServingEngine, vendor: string, gpu: Pick<GpuSpec, 'id'> & PowerSpec): EfficiencyFactors {
  const out = { ...src.global };
  for (const key of factorGroupKeys(fam, p, engine, vendor, gpu.id)) {
    const g = src.groups[key];
    if (!g) continue;
    for (const k of FACTOR_KEYS) if (g[k] !== undefined) out[k] *= g[k] as number;
  }
  out.eta_prefill *= powerLimitMultiplier(gpu, src.power_exp);
  // Efficiencies are fractions of a datasheet peak: never above 1.
  out.eta_bw = Math.min(out.eta_bw, 1);
  out.eta_decode = Math.min(out.eta_decode, 1);
  out.eta_prefill = Math.min(out.eta_prefill, 1);
  out.eta_comm = Math.min(out.eta_comm, 1);
  return out;
}
