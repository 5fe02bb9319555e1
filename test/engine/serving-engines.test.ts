// Pins the serving-engine dimension: engine names from benchmark text, each vendor's usual engine, engine × vendor factor levels that apply only away from the usual engine, shrinkage of thin engine groups, CV by engine and vendor, and the scenario pool field.
import { describe, it, expect } from 'vitest';
import {
  DEFAULT_FACTORS, defaultEngine, engineFromText, factorGroupKeys, referenceEngine, perf, resolveFactors, servingCapacity, vendorFamily, type FactorTable,
} from '../../src-main/engine/capacity/index.js';
import { Calibrator, observationsFromRows } from '../../src-main/engine/calibration/index.js';
import { parseCsvObjects } from '../../src-main/shared/csv.js';
import { poolSchema } from '../../src-main/engine/demand/scenario.js';
import { BENCH_CSV, GPUS, MODELS, gpu, model } from './capacity-helpers.js';

describe('engine names and defaults', () => {
  it('reads the free-text engine column of published results', () => {
    const h100 = gpu('h100-sxm');
    expect(engineFromText('TensorRT-LLM (PyTorch backend)', h100)).toBe('trt-llm');
    expect(engineFromText('NVIDIA NIM', h100)).toBe('trt-llm');
    expect(engineFromText('vLLM', gpu('mi300x'))).toBe('vllm');
    expect(engineFromText('SGLang v0.3.0', h100)).toBe('sglang');
    expect(engineFromText('LMDeploy (TurboMind)', h100)).toBe('lmdeploy');
    expect(engineFromText('MindIE 1.0', gpu('ascend-910b'))).toBe('mindie');
    expect(engineFromText('TGI-Gaudi (optimum-habana)', gpu('gaudi2'))).toBe('other');
    // Empty or "unknown": the vendor's usual engine.
    expect(engineFromText('', gpu('mi300x'))).toBe('vllm');
    expect(engineFromText('unknown (software field: CUDA 12.2)', h100)).toBe('trt-llm');
  });

  it('each vendor has a usual engine, and perf reports the engine it used', () => {
    expect(defaultEngine(gpu('h100-sxm'))).toBe('trt-llm');
    expect(defaultEngine(gpu('mi300x'))).toBe('vllm');
    expect(defaultEngine(gpu('ascend-910b'))).toBe('mindie');
    expect(vendorFamily(gpu('gaudi2'))).toBe('intel');
    const r = perf(gpu('mi300x'), model('llama-3.1-8b'), { tp: 1, precision: 'bf16', input_tokens: 1000, output_tokens: 200 }, DEFAULT_FACTORS);
    expect(r.engine).toBe('vllm');
  });
});

describe('engine × vendor factor levels', () => {
  const table: FactorTable = {
    kind: 'factor-table', global: { ...DEFAULT_FACTORS },
    groups: { hopper: { eta_bw: 0.9 }, 'engine:vllm': { eta_bw: 0.8 }, 'engine:vllm:nvidia': { overhead_s: 2 } },
  };

  it('apply only away from the vendor\'s usual engine (the family levels describe the usual one)', () => {
    expect(factorGroupKeys('hopper', 'fp8', 'trt-llm', 'nvidia')).toEqual(['hopper', 'hopper:fp8']);
    expect(factorGroupKeys('cdna3', 'fp8', 'vllm', 'amd')).toEqual(['cdna3', 'cdna3:fp8']);
    expect(factorGroupKeys('hopper', 'fp8', 'vllm', 'nvidia')).toEqual(['hopper', 'hopper:fp8', 'engine:vllm', 'engine:vllm:nvidia']);
    // On Ascend the levels are vLLM-Ascend's (the engine every absolute row used), though MindIE is the default engine.
    expect(referenceEngine(gpu('ascend-910b'))).toBe('vllm');
    expect(defaultEngine(gpu('ascend-910b'))).toBe('mindie');
    expect(factorGroupKeys('ascend', 'int8', 'vllm', 'huawei')).toEqual(['ascend', 'ascend:int8']);
    expect(factorGroupKeys('ascend', 'int8', 'mindie', 'huawei')).toEqual(['ascend', 'ascend:int8', 'engine:mindie', 'engine:mindie:huawei']);
    const h100 = gpu('h100-sxm');
    const trt = resolveFactors(table, h100, '16', 'trt-llm');
    const vllm = resolveFactors(table, h100, '16', 'vllm');
    expect(trt.eta_bw).toBeCloseTo(0.7 * 0.9, 9);
    expect(vllm.eta_bw).toBeCloseTo(0.7 * 0.9 * 0.8, 9);
    expect(vllm.overhead_s).toBeCloseTo(DEFAULT_FACTORS.overhead_s * 2, 9);
    // Default engine = trt-llm on NVIDIA.
    expect(resolveFactors(table, h100, '16')).toEqual(trt);
  });

  it('a slower engine gives less throughput at the same shape, through perf and servingCapacity', () => {
    const wl = { input_tokens: 1000, output_tokens: 200 };
    const a = servingCapacity(gpu('h100-sxm'), model('llama-3.1-70b'), wl, table, { precision: 'fp8', engine: 'trt-llm' });
    const b = servingCapacity(gpu('h100-sxm'), model('llama-3.1-70b'), wl, table, { precision: 'fp8', engine: 'vllm' });
    expect(b.output_tokens_per_s_per_gpu).toBeLessThan(a.output_tokens_per_s_per_gpu);
  });
});

describe('fitting per engine with shrinkage', () => {
  const { observations } = observationsFromRows(parseCsvObjects(BENCH_CSV), GPUS, MODELS);

  it('observations carry engine and vendor; groups are source × GPU × engine', () => {
    const sgl = observations.filter((o) => o.engine === 'sglang');
    expect(sgl.length).toBeGreaterThan(0);
    expect(sgl.every((o) => o.group.endsWith('× sglang'))).toBe(true);
    expect(observations.find((o) => o.gpu_id === 'mi300x')?.vendor).toBe('amd');
  });

  it('a thin engine group stays near the family fit (multipliers close to 1)', () => {
    const fit = new Calibrator(GPUS, MODELS).fit(observations, undefined, 4);
    const sg = fit.table.groups['engine:sglang'] ?? {};
    for (const v of Object.values(sg)) expect(Math.abs(Math.log(v as number))).toBeLessThan(0.3);
    // No engine levels for an engine nobody measured.
    expect(fit.table.groups['engine:lmdeploy']).toBeUndefined();
  });
});

describe('scenario pools', () => {
  const pool = {
    id: 'chat', label: 'Chat', model_id: 'llama-3.1-70b', precision: 'fp8', tp: 4, clusters: [],
    availability: { value: 0.98, assumed: 'x' }, ttft_tail: { value: 0.05, assumed: 'x' },
  };
  it('take an optional serving engine from the known list', () => {
    expect(poolSchema.safeParse(pool).success).toBe(true);
    expect(poolSchema.parse({ ...pool, engine: 'sglang' }).engine).toBe('sglang');
    expect(poolSchema.safeParse({ ...pool, engine: 'triton' }).success).toBe(false);
  });
});
