// Pins the Ascend measurements (issue 13): scripts/ascend-nightly-rows.mjs turns vLLM-Ascend CI perf
// cases into benchmark rows (run here on a small real git repository laid out like vllm-ascend:
// A2 = 910B NPUs, A3 = two dies per 910C package, concurrency capped by max-num-seqs × DP, speculative
// decoding and prefix-cached cases left out), the shipped rows are accepted as Huawei observations at
// the right per-GPU value, and the shipped fit carries an Ascend family factor and a Huawei CV group.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, tmpDir } from '../helpers/tmp.js';
import { observationsFromRows } from '../../src-main/engine/calibration/index.js';
import { parseCsvObjects } from '../../src-main/shared/csv.js';
import { BENCH_CSV, GPUS, MODELS, model } from './capacity-helpers.js';

const SOURCE = 'vLLM-Ascend CI perf baselines (nightly/weekly)';
const git = (dir: string, ...args: string[]) => {
  const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', GIT_COMMITTER_DATE: '2026-08-19T08:00:00Z', GIT_AUTHOR_DATE: '2026-08-19T08:00:00Z' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
};
const write = (dir: string, rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};

function multiNode(name: string, npus: number, tp: number, dp: number, seqs: number, batch: number, baseline: number, extra = ''): string {
  return `test_name: "${name}"
model: "Qwen/Qwen3-235B-A22B"
num_nodes: 2
npu_per_node: ${npus}
deployment:
  -
    server_cmd: >
        vllm serve "Qwen/Qwen3-235B-A22B" --data-parallel-size ${dp} --tensor-parallel-size ${tp}
        --enable-expert-parallel --max-num-seqs ${seqs} --no-enable-prefix-caching ${extra}
benchmarks:
  perf:
    case_type: performance
    dataset_path: vllm-ascend/GSM8K-in3500-bs2800
    request_conf: vllm_api_stream_chat
    dataset_conf: gsm8k/gsm8k_gen_0_shot_cot_str_perf
    num_prompts: 2800
    max_out_len: 1500
    batch_size: ${batch}
    request_rate: 11.2
    baseline: ${baseline}
    threshold: 0.97
`;
}

describe('scripts/ascend-nightly-rows.mjs', () => {
  it('derives rows from CI cases: A2 NPUs as 910B, A3 dies as half 910C packages, in-flight concurrency, speculative cases skipped', () => {
    const dir = tmpDir();
    git(dir, 'init', '-q');
    const cfg = 'tests/e2e/nightly/multi_node/internal_dp/config';
    write(dir, '.github/workflows/configs/nightly_config.yaml', `a2:
  multi_node:
    test_config:
      - name: q-a2
        config_file_path: Qwen3-235B-A22B-A2.yaml
a3:
  double_node:
    test_config:
      - name: q-a3
        config_file_path: Qwen3-235B-A22B.yaml
      - name: q32
        os: linux-aarch64-a3-4
        config_file_path: Qwen3-32B-Int8.yaml
`);
    write(dir, '.github/workflows/configs/weekly_config.yaml', 'a3:\n  single_node:\n    test_config: []\n');
    write(dir, `${cfg}/Qwen3-235B-A22B-A2.yaml`, multiNode('q a2', 8, 8, 2, 128, 256, 1152.0278));
    write(dir, `${cfg}/Qwen3-235B-A22B.yaml`, multiNode('q a3', 16, 8, 4, 32, 700, 2209.9211));
    // A speculative-decoding case: the engine does not model it, so it is left out.
    write(dir, 'tests/e2e/nightly/single_node/models/configs/Qwen3-32B-Int8.yaml', `test_cases:
  - name: "q32-mtp"
    model: "vllm-ascend/Qwen3-32B-W8A8"
    server_cmd: ["--quantization", "ascend", "--tensor-parallel-size", "4", "--speculative-config", '{"method": "eagle3"}']
    benchmarks:
      perf:
        case_type: performance
        dataset_path: vllm-ascend/GSM8K-in3500-bs400
        max_out_len: 1500
        batch_size: 76
        baseline: 1249.018
`);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', '[CI] update nightly cases perf baseline (#14553)\n\n- vLLM version: v0.27.1');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'ascend-nightly-rows.mjs'), path.join(dir, '.git')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Qwen3-32B-Int8\.yaml: speculative decoding/);
    const rows = parseCsvObjects(`source,source_url,version,gpu_id,gpus,tp,model_id,precision,engine,scenario,input_tokens,output_tokens,concurrency,metric,value,ttft_ms,tpot_ms,notes,date\n${r.stdout}`);
    expect(rows).toHaveLength(2);
    const [a2, a3] = rows;
    const commit = git(dir, 'rev-parse', 'HEAD').trim();
    expect(a2).toMatchObject({ gpu_id: 'ascend-910b', gpus: '16', tp: '8', model_id: 'qwen3-235b-a22b', precision: 'bf16', input_tokens: '3500', output_tokens: '1500', concurrency: '256', metric: 'output_tokens_per_s', value: '1152.0278', date: '2026-08-19' });
    expect(a2.source_url).toBe(`https://github.com/vllm-project/vllm-ascend/blob/${commit}/${cfg}/Qwen3-235B-A22B-A2.yaml`);
    expect(a2.version).toContain('vLLM v0.27.1');
    // 32 dies = 16 packages; tp 8 dies = 4 packages; 700 clients but 4 DP ranks × 32 seqs in flight.
    expect(a3).toMatchObject({ gpu_id: 'ascend-910c', gpus: '16', tp: '4', concurrency: '128', value: '2209.9211' });
    expect(a3.notes).toContain('PR #14553');
  });
});

describe('shipped Ascend rows and fit', () => {
  const all = parseCsvObjects(BENCH_CSV);
  const mine = all.filter((r) => r.source === SOURCE);

  it('each row is pinned to a commit and accepted as a Huawei vLLM observation at value ÷ GPUs', () => {
    expect(mine.length).toBeGreaterThanOrEqual(6);
    for (const r of mine) {
      expect(r.source_url).toMatch(/^https:\/\/github\.com\/vllm-project\/vllm-ascend\/blob\/[0-9a-f]{40}\/tests\/e2e\//);
      expect(r.date).toMatch(/^2026-\d\d-\d\d$/);
    }
    const { observations, rejected } = observationsFromRows(mine, GPUS, MODELS);
    expect(rejected).toEqual([]);
    expect(observations).toHaveLength(mine.length);
    for (const o of observations) {
      expect(o.vendor).toBe('huawei');
      expect(o.engine).toBe('vllm');
      expect(['ascend-910b', 'ascend-910c']).toContain(o.gpu_id);
    }
    // 1152.0278 tok/s over 16 Ascend 910B = 72.0017 per NPU.
    const a2 = observations.find((o) => o.gpu_id === 'ascend-910b' && o.model_id === 'qwen3-235b-a22b')!;
    expect(a2.value_per_gpu).toBeCloseTo(1152.0278 / 16, 6);
    expect(a2.concurrency).toBe(256);
  });

  it('Qwen3 32B (added for these rows) matches its architecture: 32.8B parameters', () => {
    const m = model('qwen3-32b');
    const perLayer = 2 * m.hidden_size * m.attention_heads * m.head_dim + 2 * m.hidden_size * m.kv_heads * m.head_dim + 3 * m.hidden_size * 25600;
    const params = m.layers * perLayer + 2 * m.vocab_size * m.hidden_size;
    // 32.76e9 from the shapes against the card's 32.8B.
    expect(params / m.params_total).toBeCloseTo(1, 2);
  });

  it('the shipped fit has an Ascend family factor and cross-validates the Huawei rows', () => {
    const cal = JSON.parse(fs.readFileSync(path.join(ROOT, 'db', 'seed', 'calibration.json'), 'utf8'));
    // vLLM-Ascend is the reference on Ascend (its rows are the family's); MindIE is the multiplier, fitted from its ratio.
    expect(Object.keys(cal.factors.groups)).toEqual(expect.arrayContaining(['ascend', 'engine:mindie:huawei']));
    expect(Object.keys(cal.factors.groups)).not.toContain('engine:vllm:huawei');
    // These rows and the other sources' accepted Huawei rows (GPUStack's concurrency-capped run).
    const huawei = observationsFromRows(all, GPUS, MODELS).observations.filter((o) => o.vendor === 'huawei');
    expect(huawei.length).toBeGreaterThan(mine.length);
    expect(cal.cv.by_vendor.huawei.n).toBe(huawei.length);
    expect(cal.cv.by_gpu['ascend-910b'].n + cal.cv.by_gpu['ascend-910c'].n).toBe(huawei.length);
  });
});
