#!/usr/bin/env node
// Derive benchmark rows (db/seed/benchmarks_public.csv's columns) from the vLLM-Ascend repository's
// nightly CI performance cases (vllm-project/vllm-ascend, tests/e2e/nightly/**): each case states the
// model, the serving command (tensor/data parallel sizes, max-num-seqs, quantization), the AISBench
// request shape (dataset "GSM8K-in<N>" = N-token prompts; max_out_len with ignore_eos=True for
// performance tasks, tools/aisbench.py; batch_size = client concurrency) and a `baseline`: the
// Output Token Throughput (token/s, whole server) a nightly run must reach at least 0.97× of. The
// baselines were set from measured nightly runs (PR #14553 "update nightly cases perf baseline",
// tested by "run the cases nightly"), so they are real measurements, recorded as such with that caveat.
//
// Only cases without speculative decoding, prefill/decode disaggregation or prefix caching, on
// Atlas A2 (Ascend 910B; nightly_config.yaml runs A2 on "a2b3" runners, read as 910B3) or Atlas A3 (Ascend
// 910C: 16 dies per node, two dies per 910C package, so dies / 2 = packages), and only models in
// db/seed/models.csv. The hardware class comes from the nightly_config.yaml section that runs the case.
// Usage: node scripts/ascend-nightly-rows.mjs <git-dir> [--ref COMMIT]
import { execFileSync } from 'node:child_process';
import yaml from 'js-yaml';

const gitDir = process.argv[2];
if (!gitDir) {
  console.error('usage: node scripts/ascend-nightly-rows.mjs <git-dir of vllm-project/vllm-ascend> [--ref COMMIT]');
  process.exit(2);
}
const refIdx = process.argv.indexOf('--ref');
const git = (...a) => execFileSync('git', ['--git-dir', gitDir, ...a], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] });
const ref = git('rev-parse', refIdx > 0 ? process.argv[refIdx + 1] : 'HEAD').trim();
const show = (p) => git('show', `${ref}:${p}`);

/** Which section of the nightly (or weekly) matrix runs a config file: 'a2', 'a3' (and whether the A3-560T cluster also runs it). */
const matrices = {
  nightly: yaml.load(show('.github/workflows/configs/nightly_config.yaml')),
  weekly: yaml.load(show('.github/workflows/configs/weekly_config.yaml')),
};
function sectionsOf(configFile, schedule) {
  const out = new Set();
  const walk = (node, section) => {
    if (Array.isArray(node)) { for (const x of node) walk(x, section); return; }
    if (node && typeof node === 'object') {
      if (node.config_file_path === configFile) out.add(section);
      for (const v of Object.values(node)) walk(v, section);
    }
  };
  for (const [section, body] of Object.entries(matrices[schedule])) walk(body, section);
  return out;
}

// Cases read (file, and for single-node files the test case carrying the perf benchmark).
// model: the db/seed/models.csv id of the checkpoint's architecture.
const CASES = [
  { file: 'tests/e2e/nightly/multi_node/internal_dp/config/Qwen3-235B-A22B-A2.yaml', model_id: 'qwen3-235b-a22b' },
  { file: 'tests/e2e/nightly/multi_node/internal_dp/config/Qwen3-235B-A22B.yaml', model_id: 'qwen3-235b-a22b' },
  { file: 'tests/e2e/nightly/single_node/models/configs/Qwen3-32B-Int8-A2.yaml', model_id: 'qwen3-32b' },
  { file: 'tests/e2e/nightly/single_node/models/configs/Qwen3-32B-Int8.yaml', model_id: 'qwen3-32b' },
  { file: 'tests/e2e/nightly/single_node/models/configs/Qwen3_32b_w8a8_ml_A3.yaml', model_id: 'qwen3-32b' },
  { file: 'tests/e2e/weekly/single_node/configs/Qwen3_32b_W8A8_wl_A3.yaml', model_id: 'qwen3-32b' },
];

/** "--flag value" pairs from a server command (string or array). */
function flags(cmd) {
  const toks = Array.isArray(cmd) ? cmd.map(String) : String(cmd).split(/\s+/).filter(Boolean);
  const f = {};
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!t.startsWith('--')) continue;
    const nxt = toks[i + 1];
    f[t.slice(2).replace(/_/g, '-')] = nxt !== undefined && !nxt.startsWith('--') ? nxt : true;
  }
  return f;
}

const csv = (v) => { const s = String(v ?? ''); return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };
const rows = [];
const skipped = [];
for (const c of CASES) {
  const base = c.file.split('/').pop();
  let text0;
  try { text0 = show(c.file); } catch { skipped.push(`${base}: not in ${ref.slice(0, 10)}`); continue; }
  const doc = yaml.load(text0);
  const schedule = c.file.includes('/weekly/') ? 'weekly' : 'nightly';
  const sections = sectionsOf(base, schedule);
  const chip = sections.has('a2') ? 'a2' : sections.has('a3') || sections.has('a3-560t') ? 'a3' : null;
  if (!chip) { skipped.push(`${base}: not run by ${schedule}_config.yaml`); continue; }
  // The perf case, its server command and model.
  let perfCase, cmd, modelName, nodes = 1, npusPerNode = null, caseName;
  if (doc.deployment) {
    perfCase = doc.benchmarks?.perf;
    cmd = flags(doc.deployment[0].server_cmd);
    modelName = doc.model;
    nodes = doc.num_nodes ?? 1;
    npusPerNode = doc.npu_per_node ?? null;
    caseName = doc.test_name;
  } else {
    const tc = (doc.test_cases ?? []).find((t) => t.benchmarks?.perf?.case_type === 'performance');
    if (!tc) { skipped.push(`${base}: no performance case`); continue; }
    perfCase = tc.benchmarks.perf;
    cmd = flags([...(tc.server_cmd ?? []), ...(tc.server_cmd_extra ?? [])]);
    modelName = tc.model;
    caseName = doc.test_cases.filter((t) => t.benchmarks?.perf === perfCase || t.benchmarks?.perf?.baseline === perfCase.baseline).map((t) => t.name).join(' / ');
  }
  const text = JSON.stringify(doc);
  if (/speculative|eagle|dflash|mtp/i.test(text)) { skipped.push(`${base}: speculative decoding`); continue; }
  if (/disagg|kv-transfer|kv_transfer/i.test(text)) { skipped.push(`${base}: prefill/decode disaggregation`); continue; }
  if (cmd['enable-prefix-caching']) { skipped.push(`${base}: prefix caching on`); continue; }
  const baseline = Number(perfCase?.baseline);
  if (!(baseline > 1)) { skipped.push(`${base}: no perf baseline`); continue; }
  const inMatch = String(perfCase.dataset_path).match(/in(\d+)/);
  if (!inMatch) { skipped.push(`${base}: prompt length not in the dataset name`); continue; }
  const tpDies = Number(cmd['tensor-parallel-size'] ?? 1);
  const dp = Number(cmd['data-parallel-size'] ?? 1);
  const dies = tpDies * dp;
  if (npusPerNode && dies !== nodes * npusPerNode) { skipped.push(`${base}: ${dies} NPUs used of ${nodes * npusPerNode}`); continue; }
  // A3: a 910C package is two dies; our ascend-910c row is one package.
  if (chip === 'a3' && (tpDies % 2 || dies % 2)) { skipped.push(`${base}: tp ${tpDies} dies is not whole 910C packages`); continue; }
  const gpus = chip === 'a3' ? dies / 2 : dies;
  const tp = chip === 'a3' ? tpDies / 2 : tpDies;
  const maxSeqs = cmd['max-num-seqs'] ? Number(cmd['max-num-seqs']) * dp : null;
  const concurrency = maxSeqs ? Math.min(Number(perfCase.batch_size), maxSeqs) : Number(perfCase.batch_size);
  const int8 = cmd.quantization === 'ascend' || /w8a8|int8/i.test(modelName);
  const precision = int8 ? 'int8' : 'bf16';
  // Date and vLLM version of the commit that set this baseline.
  const log = git('log', '-1', '--format=%H%n%cs%n%B', '-G', 'baseline: *[0-9]{3,}', ref, '--', c.file).split('\n');
  const [commit, date] = log;
  const vllm = log.join('\n').match(/vLLM version:\s*(v[\w.]+)/)?.[1] ?? 'not stated';
  const pr = log[2]?.match(/\(#(\d+)\)/)?.[1];
  const gpuId = chip === 'a2' ? 'ascend-910b' : 'ascend-910c';
  const hw = chip === 'a2'
    ? `Atlas 800 A2 (nightly runner label 'a2b3', read as Ascend 910B3, 64 GB); ${dies} NPUs`
    : `Atlas 800 A3 (16 dies per node; 2 dies = one 910C package): ${dies} dies = ${gpus} packages; tp ${tpDies} dies = ${tp} packages${sections.has('a3-560t') ? '; the same config and baseline also run on the A3-560T cluster (which cluster set the baseline is not stated)' : ''}`;
  const notes = [
    `vllm-ascend ${schedule} CI case '${caseName}' (${base}); ${hw}`,
    `model ${modelName}; ${precision === 'int8' ? 'W8A8 (--quantization ascend)' : 'BF16 (no quantization)'}; TP ${tpDies} x DP ${dp}${cmd['enable-expert-parallel'] ? ' with --enable-expert-parallel (EP over all ranks; attention TP within each DP rank)' : ''}`,
    `AISBench ${perfCase.request_conf} on ${perfCase.dataset_path} (${inMatch[1]}-token prompts), max_out_len ${perfCase.max_out_len} with ignore_eos=True (tools/aisbench.py), ${perfCase.num_prompts} prompts, client concurrency ${perfCase.batch_size}${maxSeqs ? `, max-num-seqs ${cmd['max-num-seqs']} per DP rank → ${concurrency} in flight` : ''}${perfCase.request_rate ? `, request_rate ${perfCase.request_rate}/s (above capacity: concurrency-bound)` : ''}`,
    `value = the case's perf baseline: AISBench Output Token Throughput of the whole server, set from a measured ${schedule} run${pr ? ` (PR #${pr})` : ''}; CI passes at >= ${perfCase.threshold ?? 0.97} x baseline${caseName.includes(' / ') ? '; shared by the listed test cases (aclgraph and eager), so it is at most the slower one' : ''}`,
  ].join('; ');
  rows.push([
    'vLLM-Ascend CI perf baselines (nightly/weekly)', `https://github.com/vllm-project/vllm-ascend/blob/${commit}/${c.file}`,
    `vllm-ascend main @ ${commit.slice(0, 10)} (vLLM ${vllm})`, gpuId, gpus, tp, c.model_id, precision, 'vLLM (vllm-ascend)', 'server',
    Number(inMatch[1]), Number(perfCase.max_out_len), concurrency, 'output_tokens_per_s', baseline, '', '', notes, date,
  ].map(csv).join(','));
}
for (const s of skipped) console.error(`skipped ${s}`);
process.stdout.write(rows.map((r) => r + '\n').join(''));
