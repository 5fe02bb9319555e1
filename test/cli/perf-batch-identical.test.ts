// perf --batch and perf one config at a time give the same numbers, bit for bit, on mixed rows
// (engines, expert parallelism, attention DP, fractional mean lengths, SLOs, arrival rates): the
// batch path loads the perf domain alone and must not drift from the one-by-one path (issue 13).
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { cli, cliJson, tmpDir } from '../helpers/tmp.js';

const HEADER = ['gpu_id', 'model_id', 'tp', 'pp', 'precision', 'input_tokens', 'output_tokens', 'concurrency', 'tpot_ms', 'ttft_ms', 'engine', 'ep', 'dp_attention', 'arrival_rate', 'expert_skew'] as const;
type Row = Partial<Record<(typeof HEADER)[number], string>>;
const ROWS: Row[] = [
  { gpu_id: 'h100-sxm', model_id: 'llama-3.1-70b', tp: '4', precision: 'fp8', input_tokens: '1000', output_tokens: '200' },
  { gpu_id: 'h100-sxm', model_id: 'llama-3.1-8b', tp: '1', precision: 'bf16', input_tokens: '231.7', output_tokens: '684.68', engine: 'vllm' },
  { gpu_id: 'h200-sxm', model_id: 'llama-3.1-70b', tp: '2', precision: 'fp8', input_tokens: '2048.5', output_tokens: '128.25', engine: 'sglang', tpot_ms: '40' },
  { gpu_id: 'mi300x', model_id: 'llama-3.1-70b', tp: '1', precision: 'fp8', input_tokens: '1000', output_tokens: '300' },
  { gpu_id: 'mi325x', model_id: 'qwen2.5-72b', tp: '2', precision: 'bf16', input_tokens: '512', output_tokens: '256', engine: 'trt-llm', concurrency: '32' },
  { gpu_id: 'ascend-910b', model_id: 'qwen2.5-7b', tp: '1', precision: 'int8', input_tokens: '800.4', output_tokens: '150', engine: 'mindie' },
  { gpu_id: 'h20', model_id: 'qwen3-30b-a3b', tp: '2', precision: 'fp8', input_tokens: '1500', output_tokens: '400', engine: 'lmdeploy', ep: '2' },
  { gpu_id: 'h200-sxm', model_id: 'deepseek-v3', tp: '8', precision: 'fp8', input_tokens: '1000', output_tokens: '500', ep: '8' },
  { gpu_id: 'h200-sxm', model_id: 'deepseek-v3', tp: '8', precision: 'fp8', input_tokens: '1000', output_tokens: '500', ep: '8', dp_attention: 'true', expert_skew: '1.5' },
  { gpu_id: 'b200', model_id: 'deepseek-v3', tp: '8', precision: 'fp4', input_tokens: '3000.75', output_tokens: '684.68', ep: '4', arrival_rate: '2.5', engine: 'sglang' },
  { gpu_id: 'h100-sxm', model_id: 'llama-3.1-70b', tp: '4', pp: '2', precision: 'bf16', input_tokens: '8000', output_tokens: '500', ttft_ms: '2000', tpot_ms: '60' },
  { gpu_id: 'l40s', model_id: 'mixtral-8x7b', tp: '2', precision: 'int4', input_tokens: '300', output_tokens: '90.5', engine: 'other', arrival_rate: '0.75' },
  { gpu_id: 'l4', model_id: 'llama-3.1-405b', tp: '1', precision: 'bf16', input_tokens: '1000', output_tokens: '200' },
  { gpu_id: 'gaudi3', model_id: 'gpt-oss-120b', tp: '1', precision: 'fp8', input_tokens: '640', output_tokens: '320', ttft_ms: '500' },
];

const single = (r: Row): string[] => {
  const a = ['perf', '--gpu', r.gpu_id!, '--model', r.model_id!, '--tp', r.tp!, '--precision', r.precision!, '--input-tokens', r.input_tokens!, '--output-tokens', r.output_tokens!, '--json'];
  const opt: [keyof Row, string][] = [['pp', '--pp'], ['concurrency', '--concurrency'], ['tpot_ms', '--tpot-ms'], ['ttft_ms', '--ttft-ms'], ['engine', '--engine'], ['ep', '--ep'], ['arrival_rate', '--arrival-rate'], ['expert_skew', '--expert-skew']];
  for (const [k, flag] of opt) if (r[k]) a.push(flag, r[k]!);
  if (r.dp_attention) a.push('--dp-attention');
  return a;
};

describe('perf --batch equals perf one by one', () => {
  it('every row of a mixed batch has the single run\'s fields and values exactly (compact: no memory/breakdown/factors)', () => {
    const f = path.join(tmpDir(), 'mixed.csv');
    fs.writeFileSync(f, [HEADER.join(','), ...ROWS.map((r) => HEADER.map((h) => r[h] ?? '').join(','))].join('\n') + '\n');
    const batch = cliJson<Record<string, unknown>[]>(['perf', '--batch', f, '--json']);
    expect(batch).toHaveLength(ROWS.length);
    let feasible = 0, withTails = 0;
    ROWS.forEach((r, i) => {
      const one = cliJson<Record<string, unknown>>(single(r));
      const { memory, breakdown, factors, ...rest } = one;
      expect(memory && breakdown && factors).toBeTruthy();
      // Same keys in the same order, same numbers to the last bit (JSON prints the shortest round-trip form).
      expect(batch[i]).toStrictEqual({ row: i + 1, gpu_id: r.gpu_id, model_id: r.model_id, ...rest });
      // Printed form too: the result's fields first (schema order), then row, gpu_id, model_id.
      expect(JSON.stringify(batch[i])).toBe(JSON.stringify({ ...rest, row: i + 1, gpu_id: r.gpu_id, model_id: r.model_id }));
      if (one.feasible) feasible++;
      if (one.ttft_p99_ms !== undefined) withTails++;
    });
    // The fixture is not trivially all-failing: most rows run, some report tails under load.
    expect(feasible).toBeGreaterThanOrEqual(8);
    expect(withTails).toBeGreaterThanOrEqual(2);
  }, 180_000);

  it('a bad row is reported in place with the single run\'s message and exit code 2 on its own', () => {
    const f = path.join(tmpDir(), 'bad.csv');
    fs.writeFileSync(f, 'gpu_id,model_id,tp,precision,input_tokens,output_tokens,ep\nh100-sxm,llama-3.1-8b,1,bf16,1000,200,\nh100-sxm,llama-3.1-8b,1,bf16,1000,200,2\n');
    const out = cliJson<{ feasible: boolean; error?: string }[]>(['perf', '--batch', f, '--json']);
    expect(out[0].feasible).toBe(true);
    const one = cli(['perf', '--gpu', 'h100-sxm', '--model', 'llama-3.1-8b', '--tp', '1', '--precision', 'bf16', '--input-tokens', '1000', '--output-tokens', '200', '--ep', '2', '--json']);
    expect(one.code).toBe(2);
    expect(out[1].error).toBeDefined();
    expect(one.stderr.trim()).toBe(`headroom: ${out[1].error}`);
  }, 60_000);
});
