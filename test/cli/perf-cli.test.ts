// Pins the CLI contract of perf (single, --batch, --calibration) and calibrate: DESIGN.md field names, exit codes, one-line errors, user data stored with --db.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import * as XLSX from 'xlsx';
import path from 'node:path';
import { ROOT, cli, cliJson, tmpDir } from '../helpers/tmp.js';

const base = ['perf', '--gpu', 'h100-sxm', '--model', 'llama-3.1-70b', '--tp', '4', '--precision', 'fp8', '--input-tokens', '1000', '--output-tokens', '200'];
const CONTRACT = ['tokens_per_s', 'output_tokens_per_s', 'output_tokens_per_s_per_gpu', 'requests_per_s', 'batch', 'ttft_ms', 'tpot_ms', 'bound', 'feasible'];

describe('headroom perf', () => {
  it('needs no database and prints exactly one JSON document with the contract fields', () => {
    const r = cli([...base, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(expect.arrayContaining(CONTRACT));
    expect(j.feasible).toBe(true);
    expect(['memory', 'compute']).toContain(j.bound);
    expect(j.output_tokens_per_s_per_gpu as number).toBeCloseTo((j.output_tokens_per_s as number) / 4, 6);
    expect(j).toMatchObject({ precision_used: 'fp8', calibration: 'shipped' });
    expect(Object.keys(j.memory as object)).toEqual(expect.arrayContaining(['weights_bytes', 'kv_bytes', 'reserve_bytes', 'kv_bytes_per_token', 'max_batch']));
    expect((j.memory as { kv_bytes_per_token: number }).kv_bytes_per_token).toBe(160 * 1024);
  });

  it('says how many published rows stand behind the figure, under the engine used', () => {
    const h100 = cliJson<{ engine: string; measured: { rows: number; family_rows: number; gpu_rows: number } }>([...base]);
    expect(h100.engine).toBe('trt-llm');
    expect(h100.measured.rows).toBeGreaterThanOrEqual(10);
    expect(h100.measured.family_rows).toBeGreaterThanOrEqual(h100.measured.rows);
    expect(h100.measured.gpu_rows).toBeGreaterThanOrEqual(h100.measured.rows);
    const a910 = ['perf', '--gpu', 'ascend-910b', '--model', 'qwen3-32b', '--tp', '4', '--precision', 'int8', '--input-tokens', '3500', '--output-tokens', '1500'];
    const mindie = cliJson<{ engine: string; measured: { rows: number; family_rows: number; gpu_rows: number } }>(a910);
    expect(mindie).toMatchObject({ engine: 'mindie', measured: { rows: 0, family_rows: 0, gpu_rows: 3 } });
    expect(cliJson<{ measured: { rows: number } }>([...a910, '--engine', 'vllm']).measured.rows).toBe(3);
    const text = cli(a910);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/measured rows +0 of this GPU under mindie \(0 for its family, 3 for this GPU under any engine\) — fewer than 10/);
    // No fit, no count: the datasheet priors stand on no rows, and the result does not pretend otherwise.
    expect(cliJson<{ measured?: unknown }>([...a910, '--calibration', 'none']).measured).toBeUndefined();
  });

  it('an engine known only by a same-benchmark ratio shows it: measured, fitted there, and for this configuration', () => {
    type R = { output_tokens_per_s_per_gpu: number; measured: { rows: number; ratio?: { vs: string; model_id: string; measured: number; fitted: number; here: number | null } } };
    const cal = JSON.parse(fs.readFileSync(path.join(ROOT, 'db', 'seed', 'calibration.json'), 'utf8')) as { engine_ratios: { engines: string; gpu_id: string; measured: number; predicted: number }[] };
    const stored = cal.engine_ratios.find((q) => q.engines === 'vllm/mindie' && q.gpu_id === 'ascend-910b')!;
    // On the ratio's own benchmark (GPUStack's Qwen3-8B burst: 217.4 / 201.6 tokens, one NPU), "here" is the fitted ratio itself.
    const own = ['perf', '--gpu', 'ascend-910b', '--model', 'qwen3-8b', '--tp', '1', '--precision', 'bf16', '--input-tokens', '217.4', '--output-tokens', '201.6'];
    const m = cliJson<R>([...own, '--engine', 'mindie']);
    expect(m.measured.ratio).toEqual({ vs: 'vllm', model_id: 'qwen3-8b', measured: Math.round(1000 / stored.measured) / 1000, fitted: Math.round(1000 / stored.predicted) / 1000, here: expect.any(Number) });
    expect(m.measured.ratio!.here!).toBeCloseTo(1 / stored.predicted, 2);
    // "here" is the two engines' figures for this configuration, divided.
    const v = cliJson<R>([...own, '--engine', 'vllm']);
    expect(m.measured.ratio!.here!).toBeCloseTo(m.output_tokens_per_s_per_gpu / v.output_tokens_per_s_per_gpu, 3);
    expect(v.measured.ratio).toMatchObject({ vs: 'mindie', measured: Math.round(1000 * stored.measured) / 1000 });
    const text = cli(['perf', '--gpu', 'ascend-910b', '--model', 'qwen3-32b', '--tp', '4', '--precision', 'int8', '--input-tokens', '3500', '--output-tokens', '1500', '--tpot-ms', '50']);
    expect(text.stdout).toMatch(/engine ratio +mindie ÷ vllm: measured 1\.79× \(qwen3-8b\), fitted 1\.\d+× there, 1\.\d+× for this configuration/);
    // A well-measured engine carries no ratio.
    expect(cliJson<R>([...base]).measured.ratio).toBeUndefined();
  });

  it('meets a TPOT SLO, and a fixed --concurrency is the batch', () => {
    const slo = cliJson<{ tpot_ms: number; batch: number }>([...base, '--tpot-ms', '40']);
    expect(slo.tpot_ms).toBeLessThanOrEqual(40);
    const fixed = cliJson<{ batch: number }>([...base, '--concurrency', '16']);
    expect(fixed.batch).toBe(16);
  });

  it('an infeasible configuration exits 0 with feasible: false and a reason', () => {
    const j = cliJson<{ feasible: boolean; reason: string }>(['perf', '--gpu', 'h100-sxm', '--model', 'llama-2-70b', '--tp', '1', '--precision', 'bf16', '--input-tokens', '1000', '--output-tokens', '200']);
    expect(j.feasible).toBe(false);
    expect(j.reason).toMatch(/weights need/);
  });

  it('unknown ids exit 2 naming the closest ids; bad tp exits 2 with a clear line', () => {
    const g = cli(['perf', '--gpu', 'h100-sxn', ...base.slice(3), '--json']);
    expect(g.code).toBe(2);
    expect(g.stdout).toBe('');
    expect(g.stderr.trim().split('\n')).toHaveLength(1);
    expect(g.stderr).toMatch(/unknown GPU "h100-sxn".*h100-sxm/);
    const m = cli(['perf', '--gpu', 'h100-sxm', '--model', 'llama-3.1-7b', ...base.slice(5)]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/unknown model "llama-3.1-7b".*llama-3.1-70b/);
    const heads = cli(['perf', '--gpu', 'h100-sxm', '--model', 'ernie-4.5-21b-a3b', '--tp', '8', '--precision', 'bf16', '--input-tokens', '100', '--output-tokens', '10']);
    expect(heads.code).toBe(2);
    expect(heads.stderr).toMatch(/tp 8 does not divide .* 20 attention heads/);
    const big = cli(['perf', '--gpu', 'h100-sxm', '--model', 'llama-3.1-405b', '--tp', '16', '--precision', 'bf16', '--input-tokens', '100', '--output-tokens', '10']);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/exceeds 8.*--pp/);
    expect(cli(['perf', '--gpu', 'h100-sxm', '--model', 'llama-3.1-70b', '--tp', '4', '--precision', 'fp9', '--input-tokens', '1', '--output-tokens', '1']).code).toBe(2);
    expect(cli(['perf', '--gpu', 'h100-sxm', '--model', 'llama-3.1-70b', '--tp', '4', '--precision', 'fp8', '--input-tokens', 'x', '--output-tokens', '1']).code).toBe(2);
  });

  it('--calibration none uses the datasheet priors; a missing file exits 2', () => {
    const none = cliJson<{ calibration: string; factors: { eta_bw: number } }>([...base, '--calibration', 'none']);
    expect(none.calibration).toBe('none');
    expect(none.factors.eta_bw).toBe(0.7);
    const bad = cli([...base, '--calibration', path.join(tmpDir(), 'nope.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--calibration/);
  });

  it('fractional mean lengths are valid on the command line and in --batch rows', () => {
    const j = cliJson<{ feasible: boolean; tokens_per_s: number; requests_per_s: number }>(['perf', '--gpu', 'h100-sxm', '--model', 'llama-3.1-8b', '--tp', '1', '--precision', 'bf16', '--input-tokens', '231.7', '--output-tokens', '684.68']);
    expect(j.feasible).toBe(true);
    expect(j.tokens_per_s).toBeCloseTo(j.requests_per_s * (231.7 + 684.68), 3);
    const f = path.join(tmpDir(), 'frac.csv');
    fs.writeFileSync(f, 'gpu_id,model_id,tp,precision,input_tokens,output_tokens\nh100-sxm,llama-3.1-8b,1,bf16,231.7,684.68\nh100-sxm,llama-3.1-8b,1.5,bf16,231.7,684.68\n');
    const out = cliJson<{ feasible: boolean; error?: string }[]>(['perf', '--batch', f]);
    expect(out[0].feasible).toBe(true);
    expect(out[1].error).toMatch(/tp: must be a whole number/);
  });

  it('--engine picks the serving engine (reported as engine); an unknown engine exits 2; batch rows take an engine column', () => {
    const d = cliJson<{ engine: string }>(base);
    expect(d.engine).toBe('trt-llm');
    const v = cliJson<{ engine: string }>([...base, '--engine', 'vLLM']);
    expect(v.engine).toBe('vllm');
    const bad = cli([...base, '--engine', 'triton', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/engine: must be one of trt-llm, vllm/);
    const f = path.join(tmpDir(), 'eng.csv');
    fs.writeFileSync(f, 'gpu_id,model_id,tp,precision,input_tokens,output_tokens,engine\nmi300x,llama-3.1-8b,1,bf16,1000,200,\nh100-sxm,llama-3.1-8b,1,bf16,1000,200,sglang\nh100-sxm,llama-3.1-8b,1,bf16,1000,200,nope\n');
    const out = cliJson<{ engine: string; error?: string }[]>(['perf', '--batch', f]);
    expect(out.map((r) => r.engine)).toEqual(['vllm', 'sglang', 'nope']);
    expect(out[2].error).toMatch(/engine/);
  });

  it('--ep and --dp-attention are accepted for MoE models; --ep on a dense model exits 2', () => {
    const moe = ['perf', '--gpu', 'h200-sxm', '--model', 'deepseek-v3', '--tp', '8', '--precision', 'fp8', '--input-tokens', '1000', '--output-tokens', '500'];
    const a = cliJson<{ feasible: boolean; memory: { kv_bytes_per_token: number } }>([...moe, '--ep', '8']);
    const b = cliJson<{ feasible: boolean; memory: { kv_bytes_per_token: number } }>([...moe, '--ep', '8', '--dp-attention']);
    expect(a.memory.kv_bytes_per_token).toBe(8 * b.memory.kv_bytes_per_token);
    const bad = cli([...base, '--ep', '4', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a mixture-of-experts/);
  });

  it('--arrival-rate adds ttft_p99_ms and tpot_p99_ms', () => {
    const j = cliJson<{ ttft_p99_ms: number; tpot_p99_ms: number; ttft_p50_ms: number; arrival_rate: number }>([...base, '--arrival-rate', '2.5']);
    expect(j.arrival_rate).toBe(2.5);
    expect(j.ttft_p99_ms).toBeGreaterThanOrEqual(j.ttft_p50_ms);
    expect(j.tpot_p99_ms).toBeGreaterThan(0);
    expect(cliJson<Record<string, unknown>>(base).ttft_p99_ms).toBeUndefined();
    // An SLO without a rate: tails at 0.85 × capacity.
    const slo = cliJson<{ ttft_p99_ms: number; arrival_rate: number; requests_per_s: number }>([...base, '--tpot-ms', '60']);
    expect(slo.arrival_rate).toBeCloseTo(0.85 * slo.requests_per_s, 6);
    expect(slo.ttft_p99_ms).toBeGreaterThan(0);
  });

  it('--batch FILE.csv gives one result per row with "row"; bad rows are reported, not fatal', () => {
    const dir = tmpDir();
    const f = path.join(dir, 'rows.csv');
    fs.writeFileSync(f, [
      'gpu_id,model_id,tp,pp,precision,input_tokens,output_tokens,concurrency,tpot_ms,ttft_ms',
      'h100-sxm,llama-3.1-70b,4,,fp8,1000,200,,,',
      'a100-sxm-80gb,llama-3.1-8b,1,1,bf16,500,500,32,,',
      'h100-sxm,no-such-model,1,,bf16,100,100,,,',
      'l40s,llama-3.1-70b,4,,fp8,2000,200,,50,2000',
    ].join('\n'));
    const out = cliJson<Record<string, unknown>[]>(['perf', '--batch', f]);
    expect(out).toHaveLength(4);
    expect(out.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    for (const r of out) expect(Object.keys(r)).toEqual(expect.arrayContaining([...CONTRACT, 'row']));
    expect(out[0].feasible).toBe(true);
    expect(out[1].batch).toBe(32);
    expect(out[2]).toMatchObject({ feasible: false });
    expect(String(out[2].error)).toMatch(/unknown model/);
    const single = cliJson<{ output_tokens_per_s: number }>(base);
    expect(out[0].output_tokens_per_s).toBeCloseTo(single.output_tokens_per_s, 6);
    expect(cli(['perf', '--batch', path.join(dir, 'missing.csv')]).code).toBe(2);
  });
});

describe('headroom calibrate', () => {
  it('reports factors and the leave-one-group-out CV without --db, writing nothing', () => {
    const j = cliJson<{ factors: { kind: string; global: Record<string, number> }; cv: { median_abs_pct_error: number; p90_abs_pct_error: number; n: number; by_gpu: Record<string, unknown>; by_model: Record<string, unknown> }; stored: number }>(['calibrate']);
    expect(j.factors.kind).toBe('factor-table');
    expect(j.cv.n).toBeGreaterThan(1000);
    expect(j.cv.median_abs_pct_error).toBeLessThan(35);
    expect(Object.keys(j.cv.by_gpu)).toEqual(expect.arrayContaining(['h100-sxm', 'b200', 'a100-pcie-80gb']));
    expect(Object.keys(j.cv.by_model)).toEqual(expect.arrayContaining(['llama-3.1-70b', 'mixtral-8x7b']));
    const cv = j.cv as unknown as { by_engine: Record<string, { n: number }>; by_vendor: Record<string, { n: number }> };
    expect(Object.keys(cv.by_engine)).toEqual(expect.arrayContaining(['trt-llm', 'vllm', 'sglang']));
    expect(Object.keys(cv.by_vendor)).toEqual(expect.arrayContaining(['nvidia', 'amd']));
    // The same-benchmark engine ratios it fitted, each measured against fitted (docs/capacity.md "Engine ratios").
    const ratios = (j as unknown as { engine_ratios: { engines: string; gpu_id: string; measured: number; predicted: number }[] }).engine_ratios;
    const ascend = ratios.find((q) => q.gpu_id === 'ascend-910b' && q.engines === 'vllm/mindie')!;
    expect(ascend.measured).toBeCloseTo(1512.21 / 2711.1, 3);
    expect(ascend.predicted).toBeGreaterThan(ascend.measured);
    expect(j.stored).toBe(0);
  });

  it('--data with --db stores the accepted rows and perf then uses the stored fit', () => {
    const dir = tmpDir();
    const db = path.join(dir, 'h.db');
    expect(cli(['demo', '--db', db]).code).toBe(0);
    const data = path.join(dir, 'mine.csv');
    fs.writeFileSync(data, [
      'source,gpu_id,gpus,tp,model_id,precision,scenario,input_tokens,output_tokens,metric,value',
      'our lab,h20,8,8,qwen2.5-72b,fp8,offline,1000,500,output_tokens_per_s,3000',
      'our lab,h20,8,8,qwen2.5-72b,fp8,offline,2000,200,output_tokens_per_s,1500',
      'our lab,h20,8,8,no-such-model,fp8,offline,2000,200,output_tokens_per_s,1500',
    ].join('\n'));
    const r = cliJson<{ stored: number; rejected: { row: number; reason: string }[]; provenance: { data_files: { path: string }[] } }>(['calibrate', '--data', data, '--db', db, '--no-cv']);
    expect(r.stored).toBe(2);
    expect(r.rejected.some((x) => x.row === 3 && /mine\.csv: unknown model_id/.test(x.reason))).toBe(true);
    expect(r.provenance.data_files.map((f) => f.path)).toContain('mine.csv');
    const p = cliJson<{ calibration: string }>([...base, '--db', db]);
    expect(p.calibration).toBe('stored');
    // A later fit keeps using the stored rows.
    const again = cliJson<{ provenance: { data_files: { path: string; rows: number }[] } }>(['calibrate', '--db', db, '--no-cv']);
    expect(again.provenance.data_files).toContainEqual({ path: 'database: calibration_measurements', rows: 2 });
  });

  it('--data takes an XLSX file too (read, checked and fitted in a worker); an empty or non-table file exits 2', () => {
    const dir = tmpDir();
    const db = path.join(dir, 'h.db');
    expect(cli(['demo', '--db', db]).code).toBe(0);
    const ws = XLSX.utils.aoa_to_sheet([
      ['source', 'gpu_id', 'gpus', 'tp', 'model_id', 'precision', 'scenario', 'input_tokens', 'output_tokens', 'metric', 'value'],
      ['our lab', 'h20', 8, 8, 'qwen2.5-72b', 'fp8', 'offline', 1000, 500, 'output_tokens_per_s', 3000],
      ['our lab', 'h20', 8, 8, 'qwen2.5-72b', 'fp8', 'offline', 2000, 200, 'output_tokens_per_s', 1500],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Measurements');
    const data = path.join(dir, 'mine.xlsx');
    fs.writeFileSync(data, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const r = cliJson<{ stored: number; provenance: { data_files: { path: string; rows: number }[] } }>(['calibrate', '--data', data, '--db', db, '--no-cv']);
    expect(r.stored).toBe(2);
    expect(r.provenance.data_files).toContainEqual({ path: 'mine.xlsx', rows: 2 });
    const fake = path.join(dir, 'fake.xlsx');
    fs.writeFileSync(fake, 'not a spreadsheet');
    const bad = cli(['calibrate', '--data', fake, '--no-cv']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/fake\.xlsx: the file is named \.xlsx but is not a spreadsheet/);
  });

  it('--data with --db keeps the sides of an engine ratio, so a later refit from the database still fits the ratio', () => {
    const dir = tmpDir();
    const db = path.join(dir, 'h.db');
    expect(cli(['demo', '--db', db]).code).toBe(0);
    const data = path.join(dir, 'engines.csv');
    const burst = '"ShareGPT 1000 prompts, request-rate inf"';
    fs.writeFileSync(data, [
      'source,gpu_id,gpus,tp,model_id,precision,engine,scenario,input_tokens,output_tokens,concurrency,metric,value,notes',
      `our lab,h20,1,1,qwen3-8b,bf16,vLLM,offline,220,200,,output_tokens_per_s,1800,${burst}`,
      `our lab,h20,1,1,qwen3-8b,bf16,TensorRT-LLM,offline,220,200,,output_tokens_per_s,2400,${burst}`,
      'our lab,h20,1,1,qwen3-8b,bf16,TensorRT-LLM,server,220,200,8,output_tokens_per_s,700,steady',
    ].join('\n'));
    type Out = { stored: number; stored_for_ratios: number; rejected: { row: number; reason: string }[]; engine_ratios?: { engines: string; gpu_id: string; measured: number }[] };
    const mine = (r: Out) => (r.engine_ratios ?? []).filter((q) => q.gpu_id === 'h20');
    const r = cliJson<Out>(['calibrate', '--data', data, '--db', db, '--no-cv']);
    // Both bursts are rejected as absolute figures, yet stored: they are the two sides of one ratio (1,800 ÷ 2,400).
    expect(r.rejected.filter((x) => /^engines\.csv: a burst of 1000 prompts/.test(x.reason)).map((x) => x.row)).toEqual([1, 2]);
    expect([r.stored, r.stored_for_ratios]).toEqual([3, 2]);
    expect(mine(r)).toEqual([expect.objectContaining({ engines: 'vllm/trt-llm', measured: 0.75 })]);
    const again = cliJson<Out>(['calibrate', '--db', db, '--no-cv']);
    expect(again.stored).toBe(0);
    expect(mine(again)).toEqual([expect.objectContaining({ engines: 'vllm/trt-llm', measured: 0.75 })]);
  });

  it('a data file without the needed columns exits 2', () => {
    const dir = tmpDir();
    const data = path.join(dir, 'bad.csv');
    fs.writeFileSync(data, 'a,b\n1,2\n');
    const r = cli(['calibrate', '--data', data, '--no-cv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing column/);
  });
});
