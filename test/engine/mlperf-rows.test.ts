// Pins the MLPerf extractor (issue 13): scripts/mlperf-rows.mjs run on a small real git repository laid
// out like an MLPerf results tree (v5.0 style: no measurements JSON, GPT-J's "inferred" tokens/s;
// v6 style: "Mean Time per Output Token", weight format only in the system's sw_notes), and the rows
// it wrote into db/seed/benchmarks_public.csv for v5.0, v6.0 and v6.1.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, tmpDir } from '../helpers/tmp.js';
import { observationsFromRows } from '../../src-main/engine/calibration/index.js';
import { parseCsvObjects } from '../../src-main/shared/csv.js';
import { BENCH_CSV, GPUS, MODELS } from './capacity-helpers.js';

const git = (dir: string, ...args: string[]) => {
  const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
};
const write = (dir: string, rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};
const rowsOf = (args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'mlperf-rows.mjs'), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const header = BENCH_CSV.split('\n')[0];
  return parseCsvObjects(`${header}\n${r.stdout}`);
};
const system = (o: Record<string, unknown>) => JSON.stringify({ number_of_nodes: 1, ...o });

describe('scripts/mlperf-rows.mjs', () => {
  it('reads a v5.0-style tree: GPT-J inferred tokens/s, FP8 by the TensorRT harness where no measurements JSON exists, skip-existing', () => {
    const dir = tmpDir();
    git(dir, 'init', '-q');
    write(dir, 'closed/Acme/systems/NVL_TRT.json', system({ accelerator_model_name: 'NVIDIA H100-NVL-94GB', accelerator_memory_capacity: '94 GB', accelerators_per_node: 4, framework: 'TensorRT 10.8, CUDA 12.8' }));
    // A ROCm system with neither a measurements JSON nor a stated weight format: no precision, no row.
    write(dir, 'closed/Acme/systems/MI_ROCM.json', system({ accelerator_model_name: 'AMD Instinct MI300X 192GB HBM3', accelerator_memory_capacity: '192 GB', accelerators_per_node: 8, framework: 'ROCm 6.3.0' }));
    const res = 'closed/Acme/results';
    write(dir, `${res}/NVL_TRT/gptj-99/Offline/performance/run_1/mlperf_log_summary.txt`, 'Scenario : Offline\nSamples per second: 104.93\nTokens per second (inferred): 7240.14\nResult is : VALID\ntarget_qps : 124\n');
    write(dir, `${res}/NVL_TRT/gptj-99/Server/performance/run_1/mlperf_log_summary.txt`, 'Scenario : Server\nCompleted samples per second    : 104.06\nCompleted tokens per second (inferred): 7179.86\nResult is : VALID\ntarget_qps : 104\n');
    write(dir, `${res}/NVL_TRT/llama2-70b-99/Offline/performance/run_1/mlperf_log_summary.txt`, 'Scenario : Offline\nSamples per second: 12.8597\nTokens per second: 3741.32\nResult is : VALID\n');
    write(dir, `${res}/NVL_TRT/llama2-70b-99/Offline/accuracy/accuracy.txt`, "{'rouge1': 44.514, 'gen_num': 24576, 'tokens_per_sample': 291.1}\n");
    // An invalid run is left out.
    write(dir, `${res}/NVL_TRT/mixtral-8x7b/Offline/performance/run_1/mlperf_log_summary.txt`, 'Scenario : Offline\nSamples per second: 134.071\nTokens per second: 19500.9\nResult is : INVALID\n');
    write(dir, `${res}/MI_ROCM/llama2-70b-99.9/Offline/performance/run_1/mlperf_log_summary.txt`, 'Scenario : Offline\nSamples per second: 40\nTokens per second: 11700\nResult is : VALID\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'results');
    const gitDir = path.join(dir, '.git');
    const args = [gitDir, 'v5.0', '2025-04-02', '--via', 'someone/copy_v5.0', '--read-at', 'cf354115915ea369f05db424b051da8c5bf957dc'];
    const rows = rowsOf(args);
    expect(rows.map((r) => `${r.model_id} ${r.scenario}`).sort()).toEqual(['gpt-j-6b offline', 'gpt-j-6b server', 'llama-2-70b offline']);
    for (const r of rows) {
      expect(r).toMatchObject({ source: 'MLPerf Inference v5.0', gpu_id: 'h100-nvl', gpus: '4', precision: 'fp8', engine: 'TensorRT-LLM', date: '2025-04-02' });
      expect(r.notes).toContain('FP8 per the NVIDIA TRT-LLM harness');
      expect(r.notes).toContain('read via github.com/someone/copy_v5.0 at cf354115915e');
      expect(r.source_url.startsWith('https://github.com/mlcommons/inference_results_v5.0/tree/main/closed/Acme/results/NVL_TRT/')).toBe(true);
    }
    const gptj = rows.find((r) => r.model_id === 'gpt-j-6b' && r.scenario === 'offline')!;
    expect(gptj.value).toBe('7240.14');
    expect(gptj.notes).toContain('tokens/s inferred by LoadGen from samples/s');
    expect(gptj.notes).not.toContain('tokens_per_sample from accuracy.txt');
    const llama = rows.find((r) => r.model_id === 'llama-2-70b')!;
    expect(llama.output_tokens).toBe('291.1');
    // GPT-J's server scenario reports no TTFT/TPOT: none are made up.
    const gptjServer = rows.find((r) => r.model_id === 'gpt-j-6b' && r.scenario === 'server')!;
    expect([gptjServer.ttft_ms, gptjServer.tpot_ms]).toEqual(['', '']);
    expect(gptjServer.notes).not.toMatch(/NaN|p99 TTFT/);
    // The calibration reads the GPT-J output length as tokens/s ÷ samples/s (the reference 69 tokens).
    const { observations, rejected } = observationsFromRows(rows, GPUS, MODELS);
    expect(rejected).toEqual([]);
    expect(observations.find((o) => o.model_id === 'gpt-j-6b' && o.scenario === 'offline')!.output_tokens).toBeCloseTo(69, 1);
    // --skip-existing leaves out rows whose official URL is already in the file.
    const existing = path.join(dir, 'existing.csv');
    fs.writeFileSync(existing, `${BENCH_CSV.split('\n')[0]}\nx,${gptj.source_url},\n`);
    expect(rowsOf([...args, '--skip-existing', existing])).toHaveLength(2);
    // --override supplies what only a submitter's code states (here the ROCm system's precision and tp), noted on the row.
    const over = rowsOf([...args, '--override', 'MI_ROCM:precision=fp8,tp=1', '--override-note', 'precision from code/server.py']);
    const mi = over.filter((r) => r.gpu_id === 'mi300x');
    expect(mi).toHaveLength(1);
    expect(mi[0]).toMatchObject({ precision: 'fp8', tp: '1', gpus: '8', engine: 'unknown (framework: ROCm 6.3.0)' });
    expect(mi[0].notes).toContain('precision from code/server.py');
    expect(over.filter((r) => r.gpu_id === 'h100-nvl').every((r) => r.tp === '' && !r.notes.includes('code/server.py'))).toBe(true);
  });

  it('reads a v6-style tree: "Time per Output Token", weight format from sw_notes, Interactive as server, an unknown date left empty', () => {
    const dir = tmpDir();
    git(dir, 'init', '-q');
    write(dir, 'closed/Acme/systems/MI355X_vLLM.json', system({ accelerator_model_name: 'AMD Instinct MI355X 288GB HBM3e', accelerator_memory_capacity: '288GB', accelerators_per_node: 8, framework: 'vLLM 0.22.0, PyTorch 2.10.0, ROCm 7.2.2', sw_notes: 'MXFP4 (W4A4) weights with FP8 KV cache, Quark quantization' }));
    const res = 'closed/Acme/results/MI355X_vLLM/llama2-70b-99.9';
    write(dir, `${res}/Server/performance/run_1/mlperf_log_summary.txt`, [
      'Scenario : Server', 'Completed samples per second    : 359.73', 'Completed tokens per second: 101978.57', 'Result is : VALID',
      'Mean First Token latency (ns)               : 592667668', '99.00 percentile first token latency (ns)   : 1072435760',
      'Mean Time per Output Token (ns)               : 138801973', '99.00 percentile time to output token (ns)   : 155866557', 'target_qps : 363', '',
    ].join('\n'));
    write(dir, `${res}/Interactive/performance/run_1/mlperf_log_summary.txt`, [
      'Scenario : Server', 'Completed samples per second    : 257.52', 'Completed tokens per second: 72977.16', 'Result is : VALID',
      'Mean First Token latency (ns)               : 222403186', 'Mean Time per Output Token (ns)               : 32809044', '',
    ].join('\n'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'results');
    const rows = rowsOf([path.join(dir, '.git'), 'v6.1', '-', '--via', 'someone/copy_v6.1']);
    expect(rows).toHaveLength(2);
    const server = rows.find((r) => r.source_url.endsWith('/Server'))!;
    expect(server).toMatchObject({ gpu_id: 'mi355x', precision: 'fp4', engine: 'vLLM', scenario: 'server', ttft_ms: '592.7', tpot_ms: '138.8', date: '' });
    expect(server.notes).toContain("weight format from the system's sw_notes: MXFP4");
    expect(server.notes).toContain('p99 TPOT 155.87 ms');
    const interactive = rows.find((r) => r.source_url.endsWith('/Interactive'))!;
    expect(interactive).toMatchObject({ scenario: 'server', tpot_ms: '32.81' });
    expect(interactive.notes).toContain('MLPerf Interactive scenario');
    // With both latencies the calibration gets the in-flight sequences from Little's law.
    const { observations } = observationsFromRows(rows, GPUS, MODELS);
    const o = observations.find((x) => Math.abs(x.value_per_gpu - 101978.57 / 8) < 1e-6)!;
    expect(o.output_tokens).toBeCloseTo(101978.57 / 359.73, 6);
    expect(o.concurrency).not.toBeNull();
    const reqS = 101978.57 / o.output_tokens;
    expect(o.concurrency!).toBeCloseTo(reqS * (592.7 + o.output_tokens * 138.8) / 1000, 6);
  });

  it('the shipped file: v5.0 and v6.1 rows are accepted, every v6.0 served row has its mean TPOT, v6.0 dated on MLCommons\' announcement', () => {
    const rows = parseCsvObjects(BENCH_CSV);
    const v50 = rows.filter((r) => r.source === 'MLPerf Inference v5.0');
    const v61 = rows.filter((r) => r.source === 'MLPerf Inference v6.1');
    expect(v50.length).toBe(33);
    expect(v61.length).toBe(3);
    const { observations, rejected } = observationsFromRows([...v50, ...v61], GPUS, MODELS);
    expect(rejected).toEqual([]);
    expect(observations.filter((o) => o.gpu_id === 'h100-nvl')).toHaveLength(10);
    expect(observations.filter((o) => o.gpu_id === 'h200-nvl')).toHaveLength(11);
    expect(observations.filter((o) => o.gpu_id === 'l40s')).toHaveLength(2);
    expect(observations.filter((o) => o.gpu_id === 'h100-pcie')).toHaveLength(6);
    // MangoBoost's 4 × 8 MI300X: precision and tp from its submitted code (--override), so noted on the row.
    const mango = v50.filter((r) => r.gpu_id === 'mi300x' && r.source_url.includes('/MangoBoost/'));
    expect(mango.map((r) => [r.gpus, r.tp, r.precision])).toEqual([['32', '1', 'fp8'], ['32', '1', 'fp8']]);
    expect(mango.every((r) => r.notes.includes('fp8_quantized'))).toBe(true);
    const v60 = rows.filter((r) => r.source === 'MLPerf Inference v6.0');
    const served = v60.filter((r) => r.scenario === 'server');
    expect(served.length).toBeGreaterThan(0);
    expect(served.filter((r) => r.tpot_ms === '')).toEqual([]);
    expect(new Set(v60.map((r) => r.date))).toEqual(new Set(['2026-04-01']));
    expect(new Set(v50.map((r) => r.date))).toEqual(new Set(['2025-04-02']));
  });
});
