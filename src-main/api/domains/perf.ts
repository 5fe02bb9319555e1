// The perf.* methods: one replica's throughput and latency (perf.run), thousands of configurations
// (perf.batch) and a batch-size curve (perf.curve), with the active efficiency factors.
import { z } from 'zod';
import { method } from '../method.js';
import { ApiError } from '../errors.js';
import type { AppContext } from '../context.js';
import type { GpuSpec, ModelSpec } from '../../engine/catalog.js';
import { closest } from '../../shared/suggest.js';
import {
  CapacityConfigError, DEFAULT_UTILISATION_CEILING, PRECISIONS, SERVING_ENGINES, candidateTp, perf, servingCurve, type FactorSource, type PerfConfig, type PerfResult,
  type ServingEngine,
} from '../../engine/capacity/index.js';
import {
  CalibrationFileError, catalogSpecs, resolveCalibration,
} from '../../store/calibration.js';
import { wordOrLocalPath, type LocalPath } from '../../shared/local-path.js';
import { MIN_MEASURED_ROWS, coverageOf, engineGap, ratioFor, round3, rowCountsFromGroups, type RowCounts } from '../../engine/calibration/coverage.js';
import type { FittedRatio } from '../../engine/calibration/fit.js';

const precisionSchema = z.enum(PRECISIONS as unknown as [string, ...string[]]);
/** default | none from anyone; a calibration JSON file only as a LocalPath (the CLI's --calibration FILE). */
const calibrationChoice = wordOrLocalPath(['default', 'none'] as const).default('default');
/** A mean request length in tokens; only counts of things (GPUs, tp, pp, batch) are whole numbers. */
const meanTokens = z.number().finite().min(1, 'must be at least 1').max(10_000_000);
/** Serving engine names, case-insensitive, with the common spellings of TensorRT-LLM. */
const engineSchema = z.preprocess(
  (v) => (typeof v === 'string' ? ({ 'tensorrt-llm': 'trt-llm', trtllm: 'trt-llm', tensorrt_llm: 'trt-llm' } as Record<string, string>)[v.trim().toLowerCase()] ?? v.trim().toLowerCase() : v),
  z.enum(SERVING_ENGINES as unknown as [ServingEngine, ...ServingEngine[]], { message: `must be one of ${SERVING_ENGINES.join(', ')}` }),
);
/** An SLO in milliseconds (issue 17: 5e-324 ms planned into Infinity). */
const optNum = z.number().positive('must be greater than 0').finite().min(0.01, 'must be at least 0.01 ms').max(600_000, 'must be at most 600,000 ms').nullable().optional();

const perfInput = z.object({
  gpu_id: z.string().min(1, 'is required').max(64),
  model_id: z.string().min(1, 'is required').max(64),
  tp: z.number().int('must be a whole number').min(1, 'must be at least 1').max(64),
  pp: z.number().int('must be a whole number').min(1, 'must be at least 1').max(64).default(1),
  precision: precisionSchema,
  /** Mean lengths: fractional values are valid (MLPerf publishes 684.68 output tokens). */
  input_tokens: meanTokens,
  output_tokens: meanTokens,
  tpot_ms: optNum,
  ttft_ms: optNum,
  concurrency: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1_000_000).nullable().optional(),
  kv_precision: z.enum(['bf16', 'fp16', 'fp8', 'int8']).nullable().optional(),
  /** Serving engine; default: the GPU vendor's usual engine (TensorRT-LLM on NVIDIA, vLLM on AMD, MindIE on Ascend). */
  engine: engineSchema.nullable().optional(),
  /** Expert-parallel degree (MoE models; divides tp). */
  ep: z.number().int('must be a whole number').min(1, 'must be at least 1').max(64).nullable().optional(),
  /** Attention data-parallel across the tp ranks (shards an MLA latent cache by sequence). */
  dp_attention: z.boolean().nullable().optional(),
  /** MoE routing skew on top of the statistical expert imbalance under EP (1 = uniform routing; a measured hot-expert factor such as 1.3). */
  expert_skew: z.number().min(1, 'must be at least 1 (1 = uniform routing)').max(8).nullable().optional(),
  /** Poisson arrivals offered to this replica (requests/s): adds p50/p99 TTFT/TPOT; SLOs are then checked on the p99s. */
  arrival_rate: z.number().positive('must be greater than 0').finite().max(1e9).nullable().optional(),
});

const memorySchema = z.object({
  weights_bytes: z.number(), kv_bytes: z.number(), reserve_bytes: z.number(), kv_bytes_per_token: z.number(), max_batch: z.number(),
});
const breakdownSchema = z.object({ t_mem: z.number(), t_compute: z.number(), t_comm: z.number(), t_overhead: z.number(), t_prefill: z.number() });
export const factorsOut = z.object({ eta_bw: z.number(), eta_decode: z.number(), eta_prefill: z.number(), overhead_s: z.number(), eta_comm: z.number() });
export const perfResultSchema = z.object({
  tokens_per_s: z.number(),
  output_tokens_per_s: z.number(),
  output_tokens_per_s_per_gpu: z.number(),
  requests_per_s: z.number(),
  batch: z.number(),
  ttft_ms: z.number(),
  tpot_ms: z.number(),
  bound: z.enum(['memory', 'compute']),
  feasible: z.boolean(),
  reason: z.string().optional(),
  precision_used: z.string(),
  kv_precision: z.string(),
  engine: z.string(),
  note: z.string().optional(),
  gpus: z.number(),
  memory: memorySchema,
  breakdown: breakdownSchema,
  factors: factorsOut,
  /** The power-limit term folded into factors.eta_prefill (docs/capacity.md). */
  power_limit: z.object({ tflops_per_w: z.number(), prefill_multiplier: z.number(), exponent: z.number() }).optional(),
  calibration: z.enum(['stored', 'shipped', 'none']),
  /** Published rows behind this figure in the active fit (engine/calibration/coverage.ts): this GPU under this engine,
   *  its family under this engine, this GPU under any engine; absent when the fit has no CV report (or none is used). */
  measured: z.object({
    rows: z.number(), family_rows: z.number(), gpu_rows: z.number(),
    /** An engine with fewer rows than the bar and a same-benchmark ratio on this GPU (issue 13): this engine ÷ `vs`,
     *  as measured on `model_id`, as fitted there, and as the fitted model gives it for this very configuration. */
    ratio: z.object({ vs: z.string(), model_id: z.string(), measured: z.number(), fitted: z.number(), here: z.number().nullable() }).optional(),
  }).optional(),
  /** With --arrival-rate (or an SLO: then at the utilisation ceiling): latency percentiles under Poisson arrivals. */
  arrival_rate: z.number().optional(),
  utilisation: z.number().optional(),
  ttft_p50_ms: z.number().optional(),
  ttft_p99_ms: z.number().optional(),
  tpot_p50_ms: z.number().optional(),
  tpot_p99_ms: z.number().optional(),
});
export type PerfOut = z.infer<typeof perfResultSchema>;

const batchRowOut = perfResultSchema.partial({ memory: true, breakdown: true, factors: true }).extend({
  row: z.number(), gpu_id: z.string(), model_id: z.string(), error: z.string().optional(),
});

interface Loaded {
  gpus: Map<string, GpuSpec>; models: Map<string, ModelSpec>; factors: FactorSource; kind: 'stored' | 'shipped' | 'none';
  rows: RowCounts | null; specs: Record<string, GpuSpec>;
  measured: Map<string, { rows: number; family_rows: number; gpu_rows: number }>;
  ratios: readonly FittedRatio[];
}

function load(ctx: AppContext, calibration: 'default' | 'none' | LocalPath): Loaded {
  const { gpus, models } = catalogSpecs(ctx.db);
  let cal;
  try {
    cal = resolveCalibration(calibration, ctx.appRoot, ctx.db);
  } catch (e) {
    if (e instanceof CalibrationFileError) throw new ApiError('bad_request', e.message, 'calibration');
    throw e;
  }
  return {
    gpus: new Map(gpus.map((g) => [g.id, g])), models: new Map(models.map((m) => [m.id, m])), factors: cal.factors, kind: cal.kind,
    rows: rowCountsFromGroups(cal.file?.cv?.by_group), specs: Object.fromEntries(gpus.map((g) => [g.id, g])), measured: new Map(),
    ratios: cal.file?.engine_ratios ?? [],
  };
}

function lookup(l: Loaded, gpuId: string, modelId: string): { gpu: GpuSpec; model: ModelSpec } {
  const gpu = l.gpus.get(gpuId);
  if (!gpu) {
    const s = closest(gpuId, [...l.gpus.keys()]);
    throw new ApiError('bad_request', `gpu_id: unknown GPU "${gpuId}"; did you mean ${s.join(', ')}?`, 'gpu_id', { suggestions: s });
  }
  const model = l.models.get(modelId);
  if (!model) {
    const s = closest(modelId, [...l.models.keys()]);
    throw new ApiError('bad_request', `model_id: unknown model "${modelId}"; did you mean ${s.join(', ')}?`, 'model_id', { suggestions: s });
  }
  return { gpu, model };
}

/** Rows behind a GPU × engine, counted once per batch (a 10,000-row batch asks for a handful of pairs). */
function measuredOf(l: Loaded, gpu: GpuSpec, engine: ServingEngine): PerfOut['measured'] {
  if (!l.rows) return undefined;
  const key = `${gpu.id}|${engine}`;
  let m = l.measured.get(key);
  if (!m) {
    const { rows, family_rows, gpu_rows } = coverageOf(l.rows, gpu, engine, l.specs);
    m = { rows, family_rows, gpu_rows };
    l.measured.set(key, m);
  }
  return { ...m };
}

function runOne(l: Loaded, gpu: GpuSpec, model: ModelSpec, cfg: PerfConfig): PerfOut {
  try {
    const { tail, ...r } = perf(gpu, model, cfg, l.factors);
    const measured = measuredOf(l, gpu, r.engine);
    const q = measured && measured.rows < MIN_MEASURED_ROWS ? ratioFor(l.ratios, gpu.id, r.engine) : null;
    if (measured && q) {
      // The same configuration under the engine the ratio was measured against: the gap this figure carries.
      const other = r.feasible ? perf(gpu, model, { ...cfg, engine: q.vs, arrival_rate: null }, l.factors) : null;
      const gap = engineGap(r, other);
      const here = gap === null ? null : round3(gap);
      measured.ratio = { vs: q.vs, model_id: q.model_id, measured: q.measured, fitted: q.fitted, here };
    }
    return { ...r, ...(tail ?? {}), calibration: l.kind, ...(measured ? { measured } : {}) };
  } catch (e) {
    if (e instanceof CapacityConfigError) throw new ApiError('bad_request', `${e.field}: ${e.message}`, e.field);
    throw e;
  }
}

const toCfg = (i: z.infer<typeof perfInput>): PerfConfig => ({
  tp: i.tp, pp: i.pp, precision: i.precision as PerfConfig['precision'], input_tokens: i.input_tokens, output_tokens: i.output_tokens,
  tpot_ms: i.tpot_ms ?? null, ttft_ms: i.ttft_ms ?? null, concurrency: i.concurrency ?? null, kv_precision: i.kv_precision ?? null,
  engine: i.engine ?? null, ep: i.ep ?? null, dp_attention: i.dp_attention ?? null, arrival_rate: i.arrival_rate ?? null,
  expert_skew: i.expert_skew ?? null,
  // With an SLO but no rate, report the tails at the operational utilisation ceiling.
  utilisation_ceiling: DEFAULT_UTILISATION_CEILING,
});

const curvePoint = z.object({ batch: z.number(), tpot_ms: z.number(), ttft_ms: z.number(), output_tokens_per_s_per_gpu: z.number() });

export const perfMethods = {
  'perf.run': method({
    input: perfInput.extend({ calibration: calibrationChoice }),
    output: perfResultSchema,
    run: (ctx, input) => {
      const l = load(ctx, input.calibration);
      const { gpu, model } = lookup(l, input.gpu_id, input.model_id);
      return runOne(l, gpu, model, toCfg(input));
    },
  }),
  'perf.batch': method({
    input: z.object({
      /** Each row is validated like a perf.run call, one by one, so a bad row is reported in place. */
      rows: z.array(z.record(z.string(), z.unknown())).max(1_000_000),
      calibration: calibrationChoice,
      /** Leave out memory, breakdown and factors per row (smaller output for big batches). */
      compact: z.boolean().default(false),
    }),
    output: z.array(batchRowOut),
    run: (ctx, input) => {
      const l = load(ctx, input.calibration);
      return input.rows.map((r, i) => {
        const row = i + 1;
        try {
          // Each row is validated like a perf.run call; a bad row is reported, not fatal.
          const parsed = perfInput.safeParse({
            ...r, tp: r.tp ?? 1, pp: r.pp ?? 1, tpot_ms: r.tpot_ms ?? null, ttft_ms: r.ttft_ms ?? null, concurrency: r.concurrency ?? null,
            engine: r.engine === '' || r.engine === undefined ? null : r.engine,
            ep: r.ep ?? null, dp_attention: r.dp_attention ?? null, arrival_rate: r.arrival_rate ?? null, expert_skew: r.expert_skew ?? null,
            precision: typeof r.precision === 'string' ? r.precision.toLowerCase() : r.precision,
          });
          if (!parsed.success) {
            const iss = parsed.error.issues[0];
            throw new ApiError('bad_request', `${iss?.path.join('.')}: ${iss?.message}`);
          }
          const { gpu, model } = lookup(l, parsed.data.gpu_id, parsed.data.model_id);
          const res = runOne(l, gpu, model, toCfg(parsed.data));
          const out = { row, gpu_id: parsed.data.gpu_id, model_id: parsed.data.model_id, ...res };
          if (input.compact) { delete (out as Partial<PerfOut>).memory; delete (out as Partial<PerfOut>).breakdown; delete (out as Partial<PerfOut>).factors; }
          return out;
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          return {
            row, gpu_id: String(r.gpu_id ?? ''), model_id: String(r.model_id ?? ''), error: e.message, feasible: false, reason: e.message,
            tokens_per_s: 0, output_tokens_per_s: 0, output_tokens_per_s_per_gpu: 0, requests_per_s: 0, batch: 0, ttft_ms: 0, tpot_ms: 0,
            bound: 'memory' as const, precision_used: String(r.precision ?? ''), kv_precision: '', engine: String(r.engine ?? ''), gpus: 0, calibration: l.kind,
          };
        }
      });
    },
  }),
  'perf.curve': method({
    input: z.object({
      model_id: z.string().min(1).max(64),
      gpu_ids: z.array(z.string().min(1).max(64)).min(1, 'pick at least one GPU').max(4, 'at most four GPUs side by side'),
      /** null: the best tp (1, 2, 4, 8) for each GPU. */
      tp: z.number().int().min(1).max(64).nullable().default(null),
      pp: z.number().int().min(1).max(64).default(1),
      precision: precisionSchema,
      input_tokens: meanTokens,
      output_tokens: meanTokens,
      tpot_ms: optNum,
      ttft_ms: optNum,
      points: z.number().int().min(2).max(64).default(24),
      engine: engineSchema.nullable().optional(),
      calibration: calibrationChoice,
    }),
    output: z.array(z.object({
      gpu_id: z.string(), tp: z.number(), perf: perfResultSchema.nullable(), error: z.string().optional(), points: z.array(curvePoint),
    })),
    run: (ctx, input) => {
      const l = load(ctx, input.calibration);
      return input.gpu_ids.map((gpuId) => {
        const { gpu, model } = lookup(l, gpuId, input.model_id);
        const base: PerfConfig = {
          tp: 1, pp: input.pp, precision: input.precision as PerfConfig['precision'], input_tokens: input.input_tokens,
          output_tokens: input.output_tokens, tpot_ms: input.tpot_ms ?? null, ttft_ms: input.ttft_ms ?? null, engine: input.engine ?? null,
        };
        const tps = input.tp ? [input.tp] : candidateTp(model);
        let best: { tp: number; r: PerfResult } | null = null;
        let err: string | undefined;
        for (const tp of tps) {
          try {
            const r = perf(gpu, model, { ...base, tp }, l.factors);
            if (!best || (r.feasible && (!best.r.feasible || r.output_tokens_per_s_per_gpu > best.r.output_tokens_per_s_per_gpu))) best = { tp, r };
          } catch (e) {
            if (!(e instanceof CapacityConfigError)) throw e;
            err = e.message;
          }
        }
        if (!best) return { gpu_id: gpuId, tp: input.tp ?? 0, perf: null, error: err ?? 'no valid configuration', points: [] };
        const points = best.r.feasible ? servingCurve(gpu, model, { ...base, tp: best.tp }, l.factors, input.points) : [];
        const { tail, ...bestR } = best.r;
        return { gpu_id: gpuId, tp: best.tp, perf: { ...bestR, ...(tail ?? {}), calibration: l.kind }, points };
      });
    },
  }),

  /** Spec confidence per GPU field (db/seed/gpu_spec_sources.csv): official / estimated / unofficial, with source. */
};
