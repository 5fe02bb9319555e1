#!/usr/bin/env node
// Derive benchmark rows (db/seed/benchmarks_public.csv's columns) from an MLPerf Inference results
// repository checked out locally (a git directory; read with `git show`, no work tree needed).
// Reads each closed-division system's systems/<sys>.json (accelerator, count, framework),
// measurements/<sys>/<bench>/<scenario>/*.json (weight precision), results/.../performance/run_1/
// mlperf_log_summary.txt (tokens/s, latencies) and accuracy/accuracy.txt (measured mean output).
// Only LLM benchmarks whose dataset shape the calibration knows, only GPUs in db/seed/gpus.csv,
// only valid runs. Identical results listed under two accuracy targets (99 and 99.9) are kept once.
// Usage: node scripts/mlperf-rows.mjs <git-dir> <version e.g. v5.1> <published YYYY-MM-DD> [--ref COMMIT] [--via OWNER/REPO] [--read-at COMMIT] [--override SYSTEM:precision=P,tp=N --override-note TEXT] [--skip-existing db/seed/benchmarks_public.csv]
// --read-at: the git-dir is a local rebuild of files read one by one from the public copy at COMMIT
// (used where the whole repository is too large to fetch); only files the rows use need be present.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const [gitDir, version, publishedArg] = process.argv.slice(2);
if (!gitDir || !version || !publishedArg) {
  console.error('usage: node scripts/mlperf-rows.mjs <git-dir> <version> <YYYY-MM-DD | - when not known> [--skip-existing CSV]');
  process.exit(2);
}
// "-": the round's publication date could not be established; the date column stays empty.
const published = publishedArg === '-' ? '' : publishedArg;
const skipIdx = process.argv.indexOf('--skip-existing');
const refIdx = process.argv.indexOf('--ref');
// The publishing commit, not a fork's later uploads.
const ref = refIdx > 0 ? process.argv[refIdx + 1] : 'HEAD';
const viaIdx = process.argv.indexOf('--via');
// Where the files were read: a public copy of mlcommons/inference_results_<version>.
const via = viaIdx > 0 ? process.argv[viaIdx + 1] : `mlcommons/inference_results_${version}`;
// When the copy was rebuilt locally from a file index (only the lines these rows use), the commit
// of the public copy those files were read at; recorded in the notes instead of the local ref.
const readAtIdx = process.argv.indexOf('--read-at');
const readAt = readAtIdx > 0 ? process.argv[readAtIdx + 1] : (ref !== 'HEAD' ? ref : '');
// --override SYSTEM:precision=fp8,tp=1 --override-note TEXT: what a system's result files do not say but its
// submitted code does (e.g. the quantized checkpoint it loads); the note, naming that file, goes on each row.
const overIdx = process.argv.indexOf('--override');
const override = overIdx > 0 ? (() => {
  const [sys, kv] = process.argv[overIdx + 1].split(':');
  return { system: sys, ...Object.fromEntries(kv.split(',').map((p) => p.split('='))) };
})() : null;
const overNoteIdx = process.argv.indexOf('--override-note');
const overrideNote = overNoteIdx > 0 ? process.argv[overNoteIdx + 1] : '';
const existing = skipIdx > 0 ? fs.readFileSync(process.argv[skipIdx + 1], 'utf8') : '';
const git = (...a) => execFileSync('git', ['--git-dir', gitDir, ...a], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
const show = (p) => { try { return git('show', `${ref}:${p}`); } catch { return null; } };
const files = git('ls-tree', '-r', '--name-only', ref, 'closed').split('\n');

const BENCH = {
  'llama2-70b-99': 'llama-2-70b', 'llama2-70b-99.9': 'llama-2-70b',
  'mixtral-8x7b': 'mixtral-8x7b', 'gptj-99': 'gpt-j-6b', 'gptj-99.9': 'gpt-j-6b', 'llama3.1-8b': 'llama-3.1-8b',
  // v5.0 listed the interactive server (tighter p99 TTFT/TPOT) as a benchmark of its own.
  'llama2-70b-interactive-99': 'llama-2-70b', 'llama2-70b-interactive-99.9': 'llama-2-70b',
};
/** accelerator_model_name → our gpu id; null for parts we do not model as such (racks, other memory sizes). */
function gpuId(name, memory) {
  const n = name.toUpperCase();
  if (/GB200|GB300|GH200|MI250|MI210|GAUDI|BMG|RTX 4000|RTX 2000|RTX4090|4090/.test(n)) return null;
  if (/MI355X/.test(n)) return 'mi355x';
  if (/MI325X/.test(n)) return 'mi325x';
  if (/MI300X/.test(n)) return 'mi300x';
  if (/H200/.test(n)) return /NVL|PCIE/.test(n) ? 'h200-nvl' : 'h200-sxm';
  if (/H100/.test(n)) return /NVL|94\s*GB/.test(n + memory) ? 'h100-nvl' : /PCIE/.test(n) ? 'h100-pcie' : 'h100-sxm';
  if (/B300/.test(n)) return 'b300';
  if (/B200/.test(n)) return 'b200';
  if (/L40S/.test(n)) return 'l40s';
  if (/\bL4\b/.test(n)) return 'l4';
  if (/RTX PRO 6000/.test(n)) return 'rtx-pro-6000';
  return null;
}
function engineOf(framework) {
  if (/sglang/i.test(framework)) return 'SGLang';
  if (/vllm/i.test(framework)) return 'vLLM';
  if (/tensorrt|trt/i.test(framework)) return 'TensorRT-LLM';
  // No serving engine named: the calibration reads "unknown" as the vendor's usual engine.
  return `unknown (framework: ${framework.split(',')[0].trim() || 'not stated'})`;
}
const num = (s, re) => { const m = s?.match(re); return m ? Number(m[1]) : null; };
const NUM = String.raw`([\d.]+(?:e[+-]?\d+)?)`;
const csv = (v) => { const s = String(v ?? ''); return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };
const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d;

const rows = [];
const seen = new Set();
const summaries = files.filter((f) => /^closed\/[^/]+\/results\/[^/]+\/[^/]+\/(Offline|Server|Interactive)\/performance\/run_1\/mlperf_log_summary\.txt$/.test(f));
for (const f of summaries) {
  const [, submitter, , system, bench, scenario] = f.split('/');
  const model = BENCH[bench];
  if (!model) continue;
  const sys = JSON.parse(show(`closed/${submitter}/systems/${system}.json`) ?? 'null');
  if (!sys) continue;
  const gpu = gpuId(String(sys.accelerator_model_name ?? ''), String(sys.accelerator_memory_capacity ?? ''));
  if (!gpu) continue;
  if (/maxq/i.test(system) || /maxq/i.test(String(sys.system_name ?? ''))) continue;
  const gpus = Number(sys.accelerators_per_node) * Number(sys.number_of_nodes ?? 1);
  if (!(gpus >= 1)) continue;
  const summary = show(f);
  if (!summary || !/Result is\s*:\s*VALID/.test(summary)) continue;
  // GPT-J's LoadGen reports "Tokens per second (inferred)": samples/s × the dataset's reference output length.
  const tokS = num(summary, new RegExp(`Completed tokens per second(?: \\(inferred\\))?\\s*:\\s*${NUM}`)) ?? num(summary, new RegExp(`Tokens per second(?: \\(inferred\\))?\\s*:\\s*${NUM}`));
  const inferred = /tokens per second \(inferred\)/i.test(summary);
  if (!tokS) continue;
  if (process.env.DEBUG) console.error('ok', f);
  const key = `${submitter}|${system}|${model}|${scenario}|${tokS}`;
  if (seen.has(key)) continue;
  seen.add(key);
  const base = `closed/${submitter}/results/${system}/${bench}/${scenario}`;
  const url = `https://github.com/mlcommons/inference_results_${version}/tree/main/${base}`;
  if (existing.includes(url)) continue;
  // v4–v5 keep measurements/<sys>/<bench>/<scenario>/*.json; v6 keeps results/.../<scenario>/measurements.json.
  const measFile = files.find((x) => x.startsWith(`closed/${submitter}/measurements/${system}/${bench}/${scenario}/`) && x.endsWith('.json'))
    ?? files.find((x) => x === `closed/${submitter}/results/${system}/${bench}/${scenario}/measurements.json`);
  const meas = measFile ? JSON.parse(show(measFile) ?? 'null') : null;
  const wt = String(meas?.weight_data_types ?? '').toLowerCase();
  const framework = String(sys.framework ?? '');
  let precision = /fp4|nvfp4|mxfp4/.test(wt) ? 'fp4' : /fp8|e4m3/.test(wt) ? 'fp8' : /int8/.test(wt) ? 'int8' : /bf16/.test(wt) ? 'bf16' : /fp16/.test(wt) ? 'fp16' : null;
  // No measurements JSON in the copy read: NVIDIA's TensorRT-LLM harness (which every TensorRT
  // submission on Hopper/Ada parts runs) quantizes these models to FP8 per its code README.
  const fp8ByHarness = !meas && /tensorrt/i.test(framework) && /^(h100|h200|l40s|l4)/.test(gpu);
  if (!precision && fp8ByHarness) precision = 'fp8';
  const overridden = override?.system === system ? override : null;
  if (!precision && overridden?.precision) precision = overridden.precision;
  // Otherwise the system description's own software notes, where they name the weight format.
  const swNotes = String(sys.sw_notes ?? '');
  const bySwNotes = !meas && !precision && /\b(mxfp4|nvfp4|fp4|fp8)\b/i.test(swNotes);
  if (bySwNotes) precision = /fp4/i.test(swNotes) ? 'fp4' : 'fp8';
  if (!precision) continue;
  const acc = show(`${base}/accuracy/accuracy.txt`) ?? '';
  const tps = num(acc, /'tokens_per_sample':\s*([\d.]+)/);
  const samplesS = num(summary, new RegExp(`Completed samples per second\\s*:\\s*${NUM}`)) ?? num(summary, new RegExp(`Samples per second\\s*:\\s*${NUM}`));
  const ns = (re) => { const v = num(summary, re); return v === null ? null : v / 1e6; };
  const served = scenario !== 'Offline';
  const ttft = served ? ns(/Mean First Token latency \(ns\)\s*:\s*(\d+)/) : null;
  // LoadGen ≥ v6.0 prints "Mean Time per Output Token"; earlier rounds "Mean Time to Output Token".
  const tpot = served ? ns(/Mean Time (?:to|per) Output Token \(ns\)\s*:\s*(\d+)/) : null;
  const notes = [
    `submitter=${submitter}`, `system=${system} (${sys.accelerators_per_node}x ${sys.accelerator_model_name}${Number(sys.number_of_nodes) > 1 ? `, ${sys.number_of_nodes} nodes` : ''})`,
    `accuracy_target=${bench}`, bySwNotes ? `weight format from the system's sw_notes: ${swNotes}` : fp8ByHarness ? 'weight_data_types not read (no measurements JSON in the copy read): FP8 per the NVIDIA TRT-LLM harness (closed/NVIDIA/code/<model>/tensorrt/README.md)' : !meas && overridden ? 'weight_data_types not in the copy read (precision from the submitted code, below)' : `weight_data_types=${wt}`,
    `read via github.com/${via}${readAt ? ` at ${readAt.slice(0, 12)}` : ''} (a copy of the official repository)`,
  ];
  if (inferred) notes.push('tokens/s inferred by LoadGen from samples/s');
  if (overridden && overrideNote) notes.push(overrideNote);
  if (/interactive/.test(bench)) notes.push('MLPerf llama2-70b-interactive benchmark (server scenario with tighter p99 TTFT/TPOT limits): recorded as server');
  if (scenario === 'Interactive') notes.push('MLPerf Interactive scenario (a server scenario with tighter p99 TTFT/TPOT limits): recorded as server');
  if (served) {
    const p99ttft = ns(/99\.00 percentile first token latency \(ns\)\s*:\s*(\d+)/);
    const p99tpot = ns(/99\.00 percentile time to output token \(ns\)\s*:\s*(\d+)/);
    // GPT-J's server scenario bounds whole-query latency only (no TTFT/TPOT reported).
    if (p99ttft !== null) notes.push(`p99 TTFT ${round(p99ttft, 1)} ms`);
    if (p99tpot !== null) notes.push(`p99 TPOT ${round(p99tpot, 2)} ms`);
    const q = num(summary, /target_qps\s*:\s*([\d.]+)/);
    if (q) notes.push(`target_qps ${q}`);
    if (samplesS) notes.push(`${samplesS} completed samples/s`);
  } else {
    if (tps !== null) notes.push('output_tokens = tokens_per_sample from accuracy.txt (dataset mean)');
    if (samplesS) notes.push(`${samplesS} samples/s`);
  }
  rows.push([
    `MLPerf Inference ${version}`, url, `${version} (${framework})`, gpu, gpus, overridden?.tp ?? '', model, precision, engineOf(framework),
    served ? 'server' : 'offline', '', served || tps === null ? '' : tps, '', 'output_tokens_per_s', tokS,
    ttft === null ? '' : round(ttft, 1), tpot === null ? '' : round(tpot, 2), notes.join('; '), published,
  ].map(csv).join(','));
}
process.stdout.write(rows.join('\n') + (rows.length ? '\n' : ''));
console.error(`${rows.length} rows from ${summaries.length} LLM/other summaries`);
