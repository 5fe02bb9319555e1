// The public rows added for the thin groups (issue 13): L40S TensorRT-LLM tables, Intel's Gaudi 2/3
// tables, GPUStack's engine runs; and the rule that leaves out short infinite-rate bursts.
import { describe, it, expect } from 'vitest';
import { observationsFromRows, burstPrompts, MIN_BURST_PROMPTS } from '../../src-main/engine/calibration/observations.js';
import { parseCsvObjects } from '../../src-main/shared/csv.js';
import { BENCH_CSV, GPUS, MODELS, model } from './capacity-helpers.js';

const all = parseCsvObjects(BENCH_CSV);
const from = (prefix: string) => all.filter((r) => r.source.startsWith(prefix));

describe('burst runs (vllm bench serve at an infinite rate)', () => {
  it('reads the prompt count of an uncapped burst and nothing else', () => {
    expect(burstPrompts('vllm bench serve, request-rate inf, no max-concurrency unless stated; ShareGPT 1000 prompts', '')).toBe(1000);
    expect(burstPrompts('ShareGPT 5000 prompts at infinite request rate', '')).toBe(5000);
    expect(burstPrompts('ShareGPT 1,200 prompts; request_rate=inf', '')).toBe(1200);
    // A concurrency cap (column or notes) makes the run steady state; an offered Poisson rate is not a burst.
    expect(burstPrompts('ShareGPT 1000 prompts, request-rate inf', '4')).toBeNull();
    expect(burstPrompts('ShareGPT 100 prompts via vllm bench serve, request-rate inf, Maximum request concurrency 4', '')).toBeNull();
    expect(burstPrompts('offered Poisson request rate (RPS); ShareGPT 1200 prompts', '')).toBeNull();
    expect(burstPrompts('request-rate inf (prompt count not stated)', '')).toBeNull();
  });

  it('rejects the short bursts with a reason and keeps the long ones and the capped runs', () => {
    const gpustack = from('GPUStack performance lab');
    expect(gpustack.length).toBeGreaterThan(10);
    const { observations, rejected } = observationsFromRows(gpustack, GPUS, MODELS);
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) expect(r.reason).toMatch(/^a burst of \d+ prompts at an infinite request rate/);
    expect(observations.length).toBeGreaterThan(0);
    for (const o of observations) expect(o.concurrency).toBe(4);
    const sglangReadme = observationsFromRows(from('SGLang benchmark README'), GPUS, MODELS);
    expect(sglangReadme.observations.length).toBeGreaterThanOrEqual(4);
    expect(sglangReadme.rejected.every((r) => !r.reason.includes('burst'))).toBe(true);
    expect(MIN_BURST_PROMPTS).toBe(2000);
  });
});

describe('the rows added for L40S and Gaudi', () => {
  it('TensorRT-LLM performance.md L40S tables: output tokens per GPU × TP as the system figure, batch as concurrency', () => {
    const rows = from('NVIDIA TensorRT-LLM performance.md');
    const { observations, rejected } = observationsFromRows(rows, GPUS, MODELS);
    // GPT-J's 2,048-token window: TensorRT-LLM ran 128 + 2,048 regardless; those six rows are left out.
    expect(rejected).toHaveLength(6);
    for (const r of rejected) expect(r.reason).toMatch(/exceed gpt-j-6b's context window of 2048/);
    expect(observations.length).toBe(18);
    for (const o of observations) {
      expect(o.gpu_id).toBe('l40s');
      expect(o.engine).toBe('trt-llm');
      expect(o.beam_width).toBe(1);
    }
    // 'GPT-J 6B | 512 | 1 | 128 | 128 | 7,859' (v0.9.0, out tok/s/GPU).
    const gptj = observations.find((o) => o.model_id === 'gpt-j-6b' && o.concurrency === 512)!;
    expect(gptj).toMatchObject({ input_tokens: 128, output_tokens: 128, tp: 1, gpus: 1, value_per_gpu: 7859 });
    // Llama 2 70B on 4 × L40S, 1,912 tok/s for the system = 478 per GPU.
    const l70 = observations.find((o) => o.model_id === 'llama-2-70b' && o.output_tokens === 2048 && o.input_tokens === 128)!;
    expect(l70.value_per_gpu).toBeCloseTo(1912 / 4, 6);
  });

  it('Intel Gaudi tables: an Intel part served by the "other" engine, the whole configuration as the system', () => {
    const rows = from('Intel Model Performance Data for Intel Gaudi');
    for (const r of rows) expect(r.source_url).toMatch(/^https:\/\/intel\.com\//);
    const { observations, rejected } = observationsFromRows(rows, GPUS, MODELS);
    expect(rejected).toEqual([]);
    expect(observations.length).toBe(32);
    for (const o of observations) {
      expect(['gaudi2', 'gaudi3']).toContain(o.gpu_id);
      expect(o.vendor).toBe('intel');
      expect(o.engine).toBe('other');
    }
    // 'LLaMA 2 70b | 2 | fp8 | 128 | 128 | 1,750 | 4,433' on Gaudi 3.
    const g3 = observations.find((o) => o.gpu_id === 'gaudi3' && o.model_id === 'llama-2-70b' && o.output_tokens === 128 && o.input_tokens === 128)!;
    expect(g3).toMatchObject({ gpus: 2, tp: 2, concurrency: 1750 });
    expect(g3.value_per_gpu).toBeCloseTo(4433 / 2, 6);
  });

  it('Qwen3 8B (added for the GPUStack rows) matches its architecture: 8.19B parameters', () => {
    const m = model('qwen3-8b');
    const perLayer = 2 * m.hidden_size * m.attention_heads * m.head_dim + 2 * m.hidden_size * m.kv_heads * m.head_dim + 3 * m.hidden_size * 12288;
    expect((m.layers * perLayer + 2 * m.vocab_size * m.hidden_size) / m.params_total).toBeCloseTo(1, 2);
  });
});
