// Pins the capacity engine on hand-checked examples: weights/KV arithmetic (GQA, MLA), fit/no-fit, precision fallback, PCIe vs NVLink, MoE expert reads, SLO batch choice, config errors.
import { describe, it, expect } from 'vitest';
import {
  perf, servingCapacity, kvBytesPerToken, weightsBytes, expertsTouched, moeSplit, CapacityConfigError, DEFAULT_FACTORS,
  resolvePrecision, tpLink, DEFAULT_PER_SEQ_S, DEFAULT_TABLE, perSequenceStepCost, PCIE_BUSBW_GEN4, PCIE_BUSBW_GEN5, gpuFamily, servingCurve, DEFAULT_MAX_BATCH, DECODE_HALF_EFFICIENCY_BATCH, BEAM_ATTENTION_BYTES_PER_FLOP, embeddingParams,
} from '../../src-main/engine/capacity/index.js';
import { gpu, model } from './capacity-helpers.js';

const F = DEFAULT_FACTORS;
const base = { input_tokens: 1000, output_tokens: 200 } as const;

describe('memory arithmetic', () => {
  it('Llama-3.1-70B KV cache is 320 KiB per token in bf16 (2 × 80 layers × 8 kv heads × 128 × 2 B)', () => {
    expect(kvBytesPerToken(model('llama-3.1-70b'), 2)).toBe(320 * 1024);
    expect(kvBytesPerToken(model('llama-3.1-70b'), 1)).toBe(160 * 1024);
  });

  it('DeepSeek-V3 MLA caches one latent: 61 × (512 + 64) × 2 B = 70,272 B per token', () => {
    expect(kvBytesPerToken(model('deepseek-v3'), 2)).toBe(61 * 576 * 2);
  });

  it('beams share the prompt KV and keep their own generated tokens: GPT-J, 4 beams, 1,000 in / 200 out on an L40S', () => {
    const cfg = { tp: 1, precision: 'fp8', ...base } as const;
    const one = perf(gpu('l40s'), model('gpt-j-6b'), cfg, F);
    const four = perf(gpu('l40s'), model('gpt-j-6b'), { ...cfg, beam_width: 4 }, F);
    const kvpt = four.memory.kv_bytes_per_token;
    expect(four.memory.kv_bytes).toBe(one.memory.kv_bytes);
    // 1,000 prompt tokens once + 4 × 200 generated, not 4 × 1,200.
    expect(four.memory.max_batch).toBe(Math.floor(four.memory.kv_bytes / (kvpt * (1000 + 4 * 200))));
    expect(one.memory.max_batch).toBe(Math.floor(one.memory.kv_bytes / (kvpt * 1200)));
  });

  it('beam search: HBM reads the shared prompt once per request; attending over each beam\'s context is SM work', () => {
    // GPT-J fp8, 4 beams, batch 100 on one H100 SXM with the datasheet priors (no power term).
    const g = gpu('h100-sxm'), m = model('gpt-j-6b');
    const fp8 = g.fp8_flops ?? NaN;
    const I = 800, O = 69, B = 100, b = 4 * B;
    const r = perf(g, m, { tp: 1, precision: 'fp8', input_tokens: I, output_tokens: O, beam_width: 4, concurrency: B }, F);
    const kvpt = r.memory.kv_bytes_per_token;
    expect(kvpt).toBe(2 * 28 * 4096); // fp8 cache: 2 × 28 layers × 4,096 × 1 B
    const embParams = embeddingParams(m);
    const weights = (m.params_total - embParams) * 1 + m.vocab_size * m.hidden_size * 2;
    const hbm = weights + B * I * kvpt + b * (O / 2) * kvpt;
    expect(r.breakdown.t_mem).toBeCloseTo((hbm / (g.mem_bw_bytes_s * F.eta_bw)) * 1000, 6);
    const etaDecode = F.eta_decode * b / (b + DECODE_HALF_EFFICIENCY_BATCH);
    const attended = b * (I + O / 2) * kvpt / (BEAM_ATTENTION_BYTES_PER_FLOP * g.bf16_flops);
    const gemmParams = Math.max(m.params_active - embParams / 2, m.params_active * 0.5);
    const gemm = b * (2 * gemmParams / fp8 + 4 * m.layers * m.attention_heads * m.head_dim * (I + O / 2) / fp8);
    expect(r.breakdown.t_compute).toBeCloseTo(((attended + gemm) / etaDecode) * 1000, 6);
    // Reading every beam's prompt from HBM would have cost (4 − 1) × B × I × kvpt more.
    expect(r.bound).toBe('compute');
  });

  it('Llama-2-70B in bf16 does not fit on one 80 GB GPU, and fits on tp=2', () => {
    const one = perf(gpu('h100-sxm'), model('llama-2-70b'), { tp: 1, precision: 'bf16', ...base }, F);
    expect(one.feasible).toBe(false);
    expect(one.reason).toMatch(/weights need 1\d\d\.\d GiB/);
    expect(one.memory.weights_bytes).toBeGreaterThan(138e9);
    const two = perf(gpu('h100-sxm'), model('llama-2-70b'), { tp: 2, precision: 'bf16', ...base }, F);
    expect(two.feasible).toBe(true);
    expect(two.memory.max_batch).toBeGreaterThanOrEqual(1);
    expect(two.memory.weights_bytes + two.memory.kv_bytes + two.memory.reserve_bytes).toBeCloseTo(160 * 1024 ** 3, -6);
  });

  it('HBM is binary: an "80 GB" H100 holds 80 GiB = 85.9e9 bytes, the reserve is 4 % + 1 GiB', () => {
    const g = gpu('h100-sxm');
    expect(g.hbm_bytes).toBe(80 * 2 ** 30);
    // 70B fp8 on one H100: 80 GiB − (3.2 + 1) GiB reserve − weights leaves KV room for a real batch.
    const r = perf(g, model('llama-3.1-70b'), { tp: 1, precision: 'fp8', ...base }, F);
    expect(r.memory.reserve_bytes).toBe(0.04 * 80 * 2 ** 30 + 2 ** 30);
    expect(r.memory.kv_bytes).toBeCloseTo(80 * 2 ** 30 - r.memory.reserve_bytes - r.memory.weights_bytes, 0);
    expect(r.feasible).toBe(true);
  });

  it('mean lengths may be fractional (MLPerf 684.68 output tokens); counts stay whole', () => {
    const r = perf(gpu('h100-sxm'), model('llama-3.1-8b'), { tp: 1, precision: 'bf16', input_tokens: 231.7, output_tokens: 684.68 }, F);
    expect(r.feasible).toBe(true);
    expect(Number.isInteger(r.batch)).toBe(true);
    expect(r.tokens_per_s).toBeCloseTo(r.requests_per_s * (231.7 + 684.68), 6);
    const lo = perf(gpu('h100-sxm'), model('llama-3.1-8b'), { tp: 1, precision: 'bf16', input_tokens: 231, output_tokens: 684 }, F);
    const hi = perf(gpu('h100-sxm'), model('llama-3.1-8b'), { tp: 1, precision: 'bf16', input_tokens: 232, output_tokens: 685 }, F);
    expect(r.requests_per_s).toBeLessThanOrEqual(lo.requests_per_s);
    expect(r.requests_per_s).toBeGreaterThanOrEqual(hi.requests_per_s);
  });

  it('fp8 halves the weights; fp4 is about a quarter of bf16 (block scales included)', () => {
    const m = model('llama-3.1-405b');
    const bf = weightsBytes(m, 'bf16');
    expect(weightsBytes(m, 'fp8') / bf).toBeGreaterThan(0.5);
    expect(weightsBytes(m, 'fp8') / bf).toBeLessThan(0.52);
    expect(weightsBytes(m, 'fp4') / bf).toBeGreaterThan(0.28);
    expect(weightsBytes(m, 'fp4') / bf).toBeLessThan(0.3);
  });
});

describe('MoE', () => {
  it('splits Mixtral-8x7B into shared and expert weights that add up', () => {
    const s = moeSplit(model('mixtral-8x7b'))!;
    expect(s.sharedParams + s.expertParams).toBeCloseTo(46.7e9, -6);
    expect(s.sharedParams + s.expertParams * (2 / 8)).toBeCloseTo(12.9e9, -6);
  });

  it('expert reads grow with batch until every expert is touched', () => {
    expect(expertsTouched(2, 8, 1)).toBeCloseTo(0.25);
    expect(expertsTouched(8, 128, 1)).toBeCloseTo(1 / 16);
    expect(expertsTouched(8, 128, 64)).toBeGreaterThan(0.98);
  });

  it('an MoE decodes faster than a dense model of the same total size at small batch', () => {
    const moe = perf(gpu('h100-sxm'), model('mixtral-8x7b'), { tp: 2, precision: 'bf16', ...base, concurrency: 1 }, F);
    const dense = perf(gpu('h100-sxm'), model('llama-2-70b'), { tp: 2, precision: 'bf16', ...base, concurrency: 1 }, F);
    expect(moe.tpot_ms).toBeLessThan(dense.tpot_ms / 2);
  });
});

describe('precision', () => {
  it('fp8 on A100 falls back to weight-only and says so', () => {
    const rp = resolvePrecision(gpu('a100-sxm-80gb'), 'fp8');
    expect(rp.peak_flops).toBe(gpu('a100-sxm-80gb').bf16_flops);
    const r = perf(gpu('a100-sxm-80gb'), model('llama-3.1-70b'), { tp: 2, precision: 'fp8', ...base }, F);
    expect(r.feasible).toBe(true);
    expect(r.precision_used).toMatch(/weight-only/);
    expect(r.note).toMatch(/no native FP8/);
    expect(r.kv_precision).toBe('bf16');
  });

  it('bf16 on V100 runs as fp16 and says so', () => {
    const r = perf(gpu('v100-32gb'), model('llama-3.1-8b'), { tp: 1, precision: 'bf16', ...base }, F);
    expect(r.precision_used).toBe('fp16');
    expect(r.note).toMatch(/no BF16/);
  });

  it('fp8 on H100 is native with an fp8 KV cache', () => {
    const r = perf(gpu('h100-sxm'), model('llama-3.1-70b'), { tp: 4, precision: 'fp8', ...base }, F);
    expect(r.precision_used).toBe('fp8');
    expect(r.kv_precision).toBe('fp8');
    expect(r.note).toBeUndefined();
  });
});

describe('KV cache precision by checkpoint', () => {
  it('NVFP4 carries an fp8 cache where the GPU has fp8; integer weights keep a 16-bit one', () => {
    const fp4 = perf(gpu('b200'), model('llama-3.1-70b'), { tp: 1, precision: 'fp4', ...base }, F);
    expect(fp4.kv_precision).toBe('fp8');
    expect(fp4.memory.kv_bytes_per_token).toBe(kvBytesPerToken(model('llama-3.1-70b'), 1));
    const int4 = perf(gpu('h100-sxm'), model('llama-3.1-70b'), { tp: 1, precision: 'int4', ...base }, F);
    expect(int4.kv_precision).toBe('bf16');
    // No native fp8 (A100): the cache stays 16-bit whatever the checkpoint.
    expect(perf(gpu('a100-sxm-80gb'), model('llama-3.1-70b'), { tp: 1, precision: 'fp4', ...base }, F).kv_precision).toBe('bf16');
    // An explicit choice wins.
    expect(perf(gpu('b200'), model('llama-3.1-70b'), { tp: 1, precision: 'fp4', kv_precision: 'bf16', ...base }, F).kv_precision).toBe('bf16');
  });
});

describe('interconnect', () => {
  it('PCIe cards beyond a bridged pair all-reduce far slower than NVLink', () => {
    expect(tpLink(gpu('l40s'), 4).pcie).toBe(true);
    // The NVLink bridge is counted only where the part is sold as a bridged pair (H100 NVL).
    expect(gpu('a100-pcie-80gb').interconnect_bytes_s).toBe(600e9);
    expect(tpLink(gpu('a100-pcie-80gb'), 2).pcie).toBe(true);
    expect(tpLink(gpu('a100-pcie-80gb'), 4).pcie).toBe(true);
    expect(tpLink(gpu('h100-nvl'), 2)).toMatchObject({ pcie: false, bytes_s: 300e9 });
    expect(tpLink(gpu('h100-nvl'), 4).pcie).toBe(true);
    // NCCL bus bandwidth over PCIe (η_comm divided back out): 16 GB/s Gen4, 32 GB/s Gen5.
    expect(tpLink(gpu('a100-pcie-80gb'), 4).bytes_s).toBeCloseTo(PCIE_BUSBW_GEN4 / 0.5, 0);
    expect(tpLink(gpu('h100-pcie'), 4).bytes_s).toBeCloseTo(PCIE_BUSBW_GEN5 / 0.5, 0);
    expect(tpLink(gpu('h100-sxm'), 8).bytes_s).toBe(450e9);
    const cfg = { tp: 8, precision: 'bf16' as const, ...base };
    const sxm = perf(gpu('a100-sxm-80gb'), model('llama-3.1-70b'), cfg, F);
    const pcie = perf(gpu('a100-pcie-80gb'), model('llama-3.1-70b'), cfg, F);
    expect(pcie.breakdown.t_comm).toBeGreaterThan(5 * sxm.breakdown.t_comm);
    expect(pcie.output_tokens_per_s).toBeLessThan(sxm.output_tokens_per_s);
  });
});

describe('batching and SLOs', () => {
  it('offline (no SLO) takes the largest batch memory allows; an SLO picks a smaller one that meets it', () => {
    const g = gpu('h100-sxm'), m = model('llama-3.1-70b');
    const off = perf(g, m, { tp: 4, precision: 'fp8', ...base }, F);
    const slo = perf(g, m, { tp: 4, precision: 'fp8', ...base, tpot_ms: 30 }, F);
    expect(off.batch).toBe(Math.min(off.memory.max_batch, DEFAULT_MAX_BATCH));
    expect(slo.feasible).toBe(true);
    expect(slo.tpot_ms).toBeLessThanOrEqual(30);
    expect(slo.batch).toBeLessThan(off.batch);
    const one_more = perf(g, m, { tp: 4, precision: 'fp8', ...base, concurrency: slo.batch + 1 }, F);
    expect(one_more.tpot_ms).toBeGreaterThan(30);
    expect(off.output_tokens_per_s).toBeGreaterThan(slo.output_tokens_per_s);
  });

  it('the batch chosen under SLOs is the largest meeting them, for TPOT, TTFT or both', () => {
    const cases: [string, string, number, 'bf16' | 'fp8', number, number, number | null, number | null][] = [
      ['h100-sxm', 'llama-3.1-8b', 1, 'bf16', 128, 128, 20, null],
      ['h200-sxm', 'llama-3.1-70b', 4, 'fp8', 1000, 300, 50, 2000],
      ['b200', 'qwen3-235b-a22b', 8, 'fp8', 128, 2048, 40, null],
      ['a100-sxm-80gb', 'mixtral-8x7b', 2, 'bf16', 8000, 500, null, 3000],
      ['l40s', 'llama-3.1-8b', 1, 'fp8', 1000, 300, 100, 1000],
    ];
    for (const [g, m, tp, precision, I, O, tpot, ttft] of cases) {
      const cfg = { tp, precision, input_tokens: I, output_tokens: O, tpot_ms: tpot, ttft_ms: ttft };
      const r = perf(gpu(g), model(m), cfg, F);
      expect(r.feasible).toBe(true);
      const meets = (x: ReturnType<typeof perf>) => (tpot === null || x.tpot_ms <= tpot) && (ttft === null || x.ttft_ms <= ttft);
      expect(meets(r)).toBe(true);
      const fixed = (b: number) => perf(gpu(g), model(m), { ...cfg, tpot_ms: null, ttft_ms: null, concurrency: b }, F);
      expect(meets(fixed(r.batch))).toBe(true);
      if (r.batch < Math.min(r.memory.max_batch, DEFAULT_MAX_BATCH)) expect(meets(fixed(r.batch + 1))).toBe(false);
    }
  });

  it('an unreachable SLO is infeasible with a reason, not an error', () => {
    const r = perf(gpu('l4'), model('llama-3.1-8b'), { tp: 1, precision: 'bf16', ...base, tpot_ms: 1 }, F);
    expect(r.feasible).toBe(false);
    expect(r.reason).toMatch(/TPOT SLO 1 ms cannot be met/);
  });

  it('the numbers are consistent: tokens = requests × (I + O), per GPU = total / gpus', () => {
    const r = perf(gpu('h200-sxm'), model('mixtral-8x7b'), { tp: 2, precision: 'fp8', ...base, concurrency: 64 }, F);
    expect(r.batch).toBe(64);
    expect(r.tokens_per_s).toBeCloseTo(r.requests_per_s * 1200, 6);
    expect(r.output_tokens_per_s).toBeCloseTo(r.requests_per_s * 200, 6);
    expect(r.output_tokens_per_s_per_gpu).toBeCloseTo(r.output_tokens_per_s / 2, 6);
    expect(r.ttft_ms).toBeGreaterThan(r.breakdown.t_prefill);
  });

  it("a prompt's prefill joins the decode step's all-reduces: the replica pays their bytes, the request's TTFT also their latency", () => {
    // TPOT = step + t_prefill × B / O and TTFT = prefill latency + one step; at tp > 1 the prefill latency is
    // t_prefill plus one launch/sync per all-reduce (2 per layer; 8 µs over NVLink, 30 µs over PCIe), at tp 1 it is t_prefill.
    const cases = [
      { g: 'h100-sxm', m: 'llama-3.1-70b', tp: 8, latency_ms: 2 * 80 * 0.008 },
      { g: 'l40s', m: 'llama-3.1-70b', tp: 4, latency_ms: 2 * 80 * 0.030 },
      { g: 'h100-sxm', m: 'llama-3.1-8b', tp: 1, latency_ms: 0 },
    ];
    for (const c of cases) {
      const B = 64, O = 128;
      const r = perf(gpu(c.g), model(c.m), { tp: c.tp, precision: 'fp8', input_tokens: 128, output_tokens: O, concurrency: B }, F);
      const step = r.tpot_ms - (r.breakdown.t_prefill * B) / O;
      expect(step).toBeCloseTo(Math.max(r.breakdown.t_mem, r.breakdown.t_compute) + r.breakdown.t_comm + r.breakdown.t_overhead, 6);
      expect(r.ttft_ms - step - r.breakdown.t_prefill).toBeCloseTo(c.latency_ms, 6);
    }
  });

  it('every sequence in the batch adds the per-sequence cost to a decode step; tables without one use the default', () => {
    const g = gpu('h100-sxm'), m = model('llama-3.1-8b');
    const cfg = (B: number) => ({ tp: 1, precision: 'bf16' as const, input_tokens: 128, output_tokens: 128, concurrency: B });
    expect(perf(g, m, cfg(1024), F).batch).toBe(1024); // memory holds it: the batch, not the KV cache, differs
    const at = (B: number, f: Parameters<typeof perf>[3]) => perf(g, m, cfg(B), f).breakdown.t_overhead;
    expect(perSequenceStepCost(F)).toBe(DEFAULT_PER_SEQ_S);
    expect(perSequenceStepCost(DEFAULT_TABLE)).toBe(DEFAULT_PER_SEQ_S);
    expect(at(1024, F) - at(512, F)).toBeCloseTo(512 * DEFAULT_PER_SEQ_S * 1000, 9);
    const table = { ...DEFAULT_TABLE, per_seq_s: 1e-5 };
    expect(at(1024, table) - at(512, table)).toBeCloseTo(512 * 1e-5 * 1000, 9);
    expect(at(512, table) - at(512, { ...table, per_seq_s: 0 })).toBeCloseTo(512 * 1e-5 * 1000, 9);
  });

  it('prefill grows faster than linearly with the prompt (attention is quadratic)', () => {
    const g = gpu('h100-sxm'), m = model('llama-3.1-8b');
    const p = (I: number) => perf(g, m, { tp: 1, precision: 'bf16', input_tokens: I, output_tokens: 10, concurrency: 1 }, F).breakdown.t_prefill;
    expect(p(32000) / p(4000)).toBeGreaterThan(8.5);
  });

  it('pipeline parallelism spreads weights but adds bubbles at small batch', () => {
    const g = gpu('h100-sxm'), m = model('llama-3.1-405b');
    const one = perf(g, m, { tp: 8, pp: 2, precision: 'bf16', ...base, concurrency: 1 }, F);
    expect(one.feasible).toBe(true);
    expect(one.gpus).toBe(16);
    const big = perf(g, m, { tp: 8, pp: 2, precision: 'bf16', ...base, concurrency: 64 }, F);
    expect(big.output_tokens_per_s / 64).toBeLessThan(one.output_tokens_per_s);
    expect(big.output_tokens_per_s).toBeGreaterThan(10 * one.output_tokens_per_s);
  });

  it('the serving curve rises in throughput and TPOT together', () => {
    const pts = servingCurve(gpu('h100-sxm'), model('llama-3.1-70b'), { tp: 4, precision: 'fp8', ...base }, F, 12);
    expect(pts.length).toBeGreaterThan(5);
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i].batch).toBeGreaterThan(pts[i - 1].batch);
      expect(pts[i].tpot_ms).toBeGreaterThanOrEqual(pts[i - 1].tpot_ms);
      expect(pts[i].output_tokens_per_s_per_gpu).toBeGreaterThanOrEqual(pts[i - 1].output_tokens_per_s_per_gpu);
    }
  });
});

describe('config errors', () => {
  it('tp that does not divide the heads, or tp > 8, is the caller\'s error', () => {
    expect(() => perf(gpu('h100-sxm'), model('ernie-4.5-21b-a3b'), { tp: 8, precision: 'bf16', ...base }, F)).toThrow(CapacityConfigError);
    expect(() => perf(gpu('h100-sxm'), model('ernie-4.5-21b-a3b'), { tp: 8, precision: 'bf16', ...base }, F)).toThrow(/does not divide .*20 attention heads/);
    expect(() => perf(gpu('h100-sxm'), model('llama-3.1-405b'), { tp: 16, precision: 'bf16', ...base }, F)).toThrow(/exceeds 8.*--pp/);
  });
});

describe('servingCapacity (for the planners)', () => {
  it('chooses the tp with the best per-GPU throughput and reports slots and GPUs per replica', () => {
    const s = servingCapacity(gpu('h100-sxm'), model('llama-3.1-70b'), { input_tokens: 1000, output_tokens: 200, tpot_ms: 50 }, F);
    expect(s.feasible).toBe(true);
    expect(s.precision).toBe('bf16');
    expect(s.gpus_per_replica).toBe(s.tp);
    expect(s.tp).toBeGreaterThanOrEqual(2);
    expect(s.tpot_ms).toBeLessThanOrEqual(50);
    for (const tp of [2, 4, 8]) {
      const fixed = servingCapacity(gpu('h100-sxm'), model('llama-3.1-70b'), { input_tokens: 1000, output_tokens: 200, tpot_ms: 50 }, F, { tp });
      expect(fixed.output_tokens_per_s_per_gpu).toBeLessThanOrEqual(s.output_tokens_per_s_per_gpu + 1e-9);
    }
    expect(s.requests_per_s_per_gpu * 200).toBeCloseTo(s.output_tokens_per_s_per_gpu, 6);
  });

  it('is infeasible with a reason when nothing fits', () => {
    const s = servingCapacity(gpu('l4'), model('llama-3.1-405b'), { input_tokens: 1000, output_tokens: 200 }, F);
    expect(s.feasible).toBe(false);
    expect(s.reason).toMatch(/weights need/);
    expect(s.output_tokens_per_s_per_gpu).toBe(0);
  });

  it('groups GPUs into families for calibration', () => {
    expect(gpuFamily(gpu('h20'))).toBe('hopper');
    expect(gpuFamily(gpu('a10'))).toBe('ampere');
    expect(gpuFamily(gpu('a100-pcie-80gb'))).toBe('ampere');
    expect(gpuFamily(gpu('l40s'))).toBe('ada');
    expect(gpuFamily(gpu('mi325x'))).toBe('cdna3');
    expect(gpuFamily(gpu('b200'))).toBe('blackwell');
  });
});
