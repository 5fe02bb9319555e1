// Published benchmark rows (db/seed/benchmarks_public.csv columns) → observations the
// capacity model can predict: per-GPU output tokens/s at a known request shape and load.
// Rows that measure something else (an offered request rate) or lack what the model needs
// are kept out with a stated reason; shapes a source omits are filled from named dataset
// assumptions and flagged, never silently.
import { closestIds, type GpuSpec, type ModelSpec } from '../catalog.js';
import { PRECISIONS, defaultEngine, engineFromText, vendorFamily, type Precision, type ServingEngine } from '../capacity/factors.js';
import { resolvePrecision } from '../capacity/perf.js';

export interface Observation {
  /** 1-based data row in the CSV (header is row 0). */
  row: number;
  source: string;
  /** Leave-one-group-out unit: source × GPU × serving engine. */
  group: string;
  gpu_id: string;
  /** Serving engine (from the free-text engine column; empty → the vendor's usual engine). */
  engine: ServingEngine;
  /** GPU vendor family (nvidia, amd, intel, huawei, other). */
  vendor: string;
  model_id: string;
  precision: Precision;
  /** null: the source does not say; the model picks the best tp that fits in `gpus`. */
  tp: number | null;
  gpus: number;
  input_tokens: number;
  output_tokens: number;
  /** Concurrent sequences per system (given, or from Little's law for served-load rows). */
  concurrency: number | null;
  scenario: 'offline' | 'server';
  /** Measured output tokens/s per GPU. */
  value_per_gpu: number;
  /** Beam search width (MLPerf GPT-J: 4 beams per the MLPerf inference rules). */
  beam_width: number;
  /** Expert-parallel degree and DP-attention, from "DEP<n>" in the notes (attention data-parallel + expert-parallel); else 1 / false. */
  ep: number;
  dp_attention: boolean;
  /** Dataset whose mean prompt length was assumed (the fit estimates it), else null. */
  dataset: string | null;
  /** Which inputs were assumed (dataset means not in the source). */
  assumed: string[];
  weight: number;
}

export interface Rejected { row: number; reason: string }

/**
 * Dataset shapes the sources do not state. These are assumptions, flagged on every row that
 * uses them (and weighted half in the fit): MLPerf datasets' mean input lengths are not
 * published with the results; ShareGPT means depend on the sampler.
 */
export const DATASET_ASSUMPTIONS: Record<string, { input_tokens: number; output_tokens?: number; note: string }> = {
  'mlperf:llama-2-70b': { input_tokens: 800, output_tokens: 294.45, note: 'OpenOrca (MLPerf llama2-70b): inputs capped at 1024 tokens; mean assumed 800; output = MLPerf reference mean 294.45 when the row has none' },
  'mlperf:mixtral-8x7b': { input_tokens: 700, output_tokens: 145.9, note: 'MLPerf mixtral-8x7b mix (OpenOrca, GSM8K, MBXP): mean input assumed 700' },
  'mlperf:gpt-j-6b': { input_tokens: 800, output_tokens: 69, note: 'CNN/DailyMail (MLPerf gpt-j): mean article input assumed 800 tokens; output from tokens/s ÷ samples/s when stated' },
  // Same CNN/DailyMail articles as gpt-j's, counted by Llama 3's larger vocabulary (≈ 0.85 × the tokens).
  'mlperf:llama-3.1-8b': { input_tokens: 700, note: 'CNN/DailyMail (MLPerf llama3.1-8b, Llama 3 tokenizer): mean article input assumed 700 tokens; output from tokens/s ÷ samples/s' },
  sharegpt: { input_tokens: 230, output_tokens: 195, note: 'ShareGPT sampled prompts: mean input assumed 230 tokens; output from tok/s ÷ req/s when stated' },
};

const num = (s: string | undefined): number | null => {
  if (s === undefined || s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

/**
 * `vllm bench serve` / `sglang.bench_serving` at an infinite request rate with no concurrency cap send every
 * prompt at once and report tokens ÷ makespan. The makespan ends with the longest ShareGPT outputs decoding at
 * a small batch, a tail that a short run cannot amortise: on the same H100/H200 parts GPUStack's 1,000-prompt
 * runs came out 2.4–3.2× below the model while the SGLang README's 5,000-prompt runs of the same tool were within
 * 7–13 % (docs/capacity.md). Concurrency-capped runs are steady state and are kept.
 */
export const MIN_BURST_PROMPTS = 2000;

/** The prompt count of an uncapped infinite-rate burst named in a row's notes, else null. */
export function burstPrompts(notes: string, concurrency: string | undefined): number | null {
  if ((concurrency ?? '').trim() !== '') return null;
  if (!/request[- _]rate[ =:]*inf|infinite request rate/i.test(notes)) return null;
  if (/max(imum)?[- _]?(request[- _])?concurrency\s*(=|:)?\s*\d/i.test(notes)) return null;
  const m = notes.match(/(\d[\d,]*)\s+prompts/i);
  return m ? Number(m[1].replace(/,/g, '')) : null;
}

/**
 * Two runs of one benchmark that differ only in the serving engine: same source page, GPU, GPU count,
 * tp, model, precision, scenario and prompt count, mean lengths within 2 %. Their absolute figures may
 * be unusable (a short burst's makespan tail), but the tail is the same workload on the same part, so
 * the ratio still measures the engine gap — the only evidence for an engine that has no usable absolute
 * row (MindIE). The fit uses ln(a ÷ b) to constrain only what differs between the two: the engine levels.
 */
export interface EngineRatio {
  /** CSV rows (1-based) behind each side; several rows of one engine fit as their geometric mean. */
  rows_a: number[];
  rows_b: number[];
  source: string;
  /** The two configurations; `b` runs the vendor's usual engine when the pair has it. */
  a: Observation;
  b: Observation;
  /** ln(measured a ÷ measured b). */
  log_ratio: number;
}

export interface ObservationSet { observations: Observation[]; rejected: Rejected[]; ratios: EngineRatio[] }

/** A row rejected only as a short burst: the observation it would be, its page and its prompt count. */
interface Burst { obs: Observation; url: string; prompts: number }

/** Relative agreement within which two runs' mean lengths count as the same workload. */
const SAME_LENGTH = 0.02;

/**
 * Pairs of burst runs that differ only in engine (EngineRatio). Only where the precision runs natively
 * on the part: a weight-only fallback (MXFP4 on an H100) is a kernel each engine has or lacks, so the
 * ratio measures that kernel, not the engine (GPUStack's gpt-oss-120b on A100: vLLM 6.9× SGLang).
 */
function engineRatios(bursts: Burst[], gpuOf: (o: Observation) => GpuSpec): EngineRatio[] {
  const usual = (o: Observation) => defaultEngine(gpuOf(o));
  const byKey = new Map<string, Burst[]>();
  for (const b of bursts) {
    const o = b.obs;
    if (resolvePrecision(gpuOf(o), o.precision).note !== undefined) continue;
    const k = [b.url, o.gpu_id, o.gpus, o.tp ?? '', o.model_id, o.precision, o.scenario, b.prompts].join('|');
    (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(b);
  }
  const close = (x: number, y: number) => Math.abs(x - y) <= SAME_LENGTH * Math.max(x, y);
  const out: EngineRatio[] = [];
  for (const list of byKey.values()) {
    const done = new Set<Observation>();
    for (const seed of list) {
      if (done.has(seed.obs)) continue;
      const same = list.filter((x) => !done.has(x.obs) && close(x.obs.input_tokens, seed.obs.input_tokens) && close(x.obs.output_tokens, seed.obs.output_tokens));
      for (const x of same) done.add(x.obs);
      const perEngine = new Map<ServingEngine, Observation[]>();
      for (const x of same) (perEngine.get(x.obs.engine) ?? perEngine.set(x.obs.engine, []).get(x.obs.engine)!).push(x.obs);
      if (perEngine.size < 2) continue;
      const engines = [...perEngine.keys()].sort();
      const ref = engines.includes(usual(seed.obs)) ? usual(seed.obs) : engines[0];
      const meanLog = (os: Observation[]) => os.reduce((a, o) => a + Math.log(o.value_per_gpu), 0) / os.length;
      const b = perEngine.get(ref)!;
      for (const e of engines) {
        if (e === ref) continue;
        const a = perEngine.get(e)!;
        out.push({ rows_a: a.map((o) => o.row), rows_b: b.map((o) => o.row), source: seed.obs.source, a: a[0], b: b[0], log_ratio: meanLog(a) - meanLog(b) });
      }
    }
  }
  return out;
}

/** Turn CSV objects (header → cell) into observations. Rows are 1-based data rows. */
export function observationsFromRows(rows: Record<string, string>[], gpus: readonly GpuSpec[], models: readonly ModelSpec[]): ObservationSet {
  const gpuIds = new Set(gpus.map((g) => g.id));
  const gpuById = new Map(gpus.map((g) => [g.id, g]));
  const modelIds = new Set(models.map((m) => m.id));
  const ctxOf = new Map(models.map((m) => [m.id, m.max_context]));
  const observations: Observation[] = [];
  const rejected: Rejected[] = [];
  const bursts: Burst[] = [];
  rows.forEach((r, i) => {
    const row = i + 1;
    // A short burst is rejected as an absolute figure whatever else is wrong with the row (the reason
    // it always got), but a row that is otherwise whole is kept for engine ratios.
    let burstReason: string | null = null;
    const reject = (reason: string) => { rejected.push({ row, reason: burstReason ?? reason }); };
    const gpu = (r.gpu_id ?? '').trim();
    const model = (r.model_id ?? '').trim();
    if (!gpuIds.has(gpu)) return reject(`unknown gpu_id "${gpu}" (closest: ${closestIds(gpu, [...gpuIds]).join(', ')})`);
    if (!modelIds.has(model)) return reject(`unknown model_id "${model}" (closest: ${closestIds(model, [...modelIds]).join(', ')})`);
    const precision = (r.precision ?? '').trim().toLowerCase() as Precision;
    if (!PRECISIONS.includes(precision)) return reject(`unknown precision "${r.precision}"`);
    const metric = (r.metric ?? '').trim();
    const value = num(r.value);
    if (value === null || value <= 0) return reject('value is missing or not positive');
    if (metric !== 'output_tokens_per_s' && metric !== 'output_tokens_per_s_per_gpu') {
      return reject(`metric ${metric} is an offered request rate, not a measured throughput`);
    }
    const notes = r.notes ?? '';
    if (/maxq/i.test(notes)) return reject('power-capped (MaxQ) system: not the datasheet operating point');
    const burst = burstPrompts(notes, r.concurrency);
    if (burst !== null && burst < MIN_BURST_PROMPTS) {
      burstReason = `a burst of ${burst} prompts at an infinite request rate: the run ends when its longest output finishes decoding alone, so the figure is a makespan, not a steady-state throughput (fewer than ${MIN_BURST_PROMPTS} prompts)`;
    }
    const nGpus = num(r.gpus) ?? num(r.tp);
    if (!nGpus || nGpus < 1) return reject('gpus is missing');
    // "DEP4": attention data-parallel + expert-parallel over 4 GPUs, one replica of 4 GPUs.
    const dep = notes.match(/\bDEP(\d+)\b/);
    const depN = dep ? Number(dep[1]) : 0;
    const tp = depN > 1 ? depN : num(r.tp);
    const source = (r.source ?? '').trim();
    const scenario = (r.scenario ?? '').trim() === 'server' ? 'server' : 'offline';
    const assumed: string[] = [];

    let input = num(r.input_tokens);
    let output = num(r.output_tokens);
    const dsKey = /sharegpt/i.test(notes) ? 'sharegpt' : /^mlperf/i.test(source) ? `mlperf:${model}` : '';
    const ds = DATASET_ASSUMPTIONS[dsKey];
    if (output === null) {
      const samples = notes.match(/([\d.]+)\s+(?:completed\s+)?samples\/s/);
      const reqs = notes.match(/([\d.]+)\s+req\/s/);
      const perReq = samples ? Number(samples[1]) : reqs ? Number(reqs[1]) : null;
      if (perReq && perReq > 0 && metric === 'output_tokens_per_s') output = value / perReq;
      else if (ds?.output_tokens) { output = ds.output_tokens; assumed.push('output_tokens'); }
    }
    if (input === null && ds) { input = ds.input_tokens; assumed.push('input_tokens'); }
    if (input === null || output === null) return reject('request shape (input/output tokens) not stated and no dataset assumption applies');

    const ctx = ctxOf.get(model)!;
    if (input + output > ctx) return reject(`input + output tokens (${Math.round(input + output)}) exceed ${model}'s context window of ${ctx} in models.csv`);
    const perGpu = metric === 'output_tokens_per_s' ? value / nGpus : value;
    let concurrency = num(r.concurrency);
    const ttft = num(r.ttft_ms), tpot = num(r.tpot_ms);
    if (concurrency === null && scenario === 'server' && ttft !== null && tpot !== null) {
      // A served-load row measures throughput at the load it was offered: by Little's law
      // the sequences in flight are (requests/s) × (request latency).
      const reqS = (perGpu * nGpus) / output;
      concurrency = reqS * (ttft + output * tpot) / 1000;
    }
    const spec = gpuById.get(gpu)!;
    const engine = engineFromText(r.engine, spec);
    const obs: Observation = {
      row, source, group: `${source} × ${gpu} × ${engine}`, gpu_id: gpu, engine, vendor: vendorFamily(spec), model_id: model, precision, tp: tp && tp > 0 ? tp : null,
      gpus: nGpus, dataset: assumed.includes('input_tokens') ? dsKey : null, beam_width: /^mlperf/i.test(source) && model === 'gpt-j-6b' ? 4 : 1, ep: depN > 1 ? depN : 1, dp_attention: depN > 1, input_tokens: input, output_tokens: output, concurrency, scenario, value_per_gpu: perGpu, assumed,
      weight: assumed.length ? 0.5 : 1,
    };
    if (burstReason !== null) {
      reject(burstReason);
      bursts.push({ obs, url: (r.source_url ?? '').trim() || source, prompts: burst! });
      return;
    }
    observations.push(obs);
  });
  return { observations, rejected, ratios: engineRatios(bursts, (o) => gpuById.get(o.gpu_id)!) };
}
