// How many published measurements stand behind a capacity figure (issue 13). The fitted factors
// give every GPU × engine a number, but where no row of that GPU under that engine was measured
// the number rests on other GPUs or other engines (the family, vendor and engine levels shrunk
// toward the global fit): a planner buying on it should be told so where the figure is used.
// Counts come from the calibration's held-out groups (cv.by_group, "source × gpu × engine" → n).
// Pure.
import type { GpuSpec } from '../catalog.js';
import { defaultEngine, gpuFamily, type ServingEngine } from '../capacity/factors.js';
import type { PlanWarning } from '../plan/warnings.js';
import type { CapacityErrorDist } from '../timeline/capacity-error.js';
import type { FittedRatio } from './fit.js';

/** Fewer measured rows of a GPU under an engine than this and the plan says so (the "thin group" bar). */
export const MIN_MEASURED_ROWS = 10;

/** Accepted calibration rows per "gpu_id|engine". */
export type RowCounts = Record<string, number>;

/** Rows per "gpu_id|engine" from the calibration's CV groups ("source × gpu × engine"; the source may itself hold " × "). */
export function rowCountsFromGroups(byGroup: Readonly<Record<string, { n: number }>> | null | undefined): RowCounts | null {
  if (!byGroup) return null;
  const out: RowCounts = {};
  for (const [key, g] of Object.entries(byGroup)) {
    const parts = key.split(' × ');
    if (parts.length < 3 || !Number.isFinite(g?.n)) continue;
    const k = `${parts[parts.length - 2]}|${parts[parts.length - 1]}`;
    out[k] = (out[k] ?? 0) + g.n;
  }
  return out;
}

export interface Coverage {
  gpu_id: string;
  engine: ServingEngine;
  family: string;
  /** Rows of this GPU type under this engine. */
  rows: number;
  /** Rows of any GPU of its family under this engine (this one included). */
  family_rows: number;
  /** Rows of this GPU type under any engine. */
  gpu_rows: number;
}

type SpecLike = Pick<GpuSpec, 'id' | 'vendor'>;

export function coverageOf(counts: RowCounts, gpu: SpecLike, engine: ServingEngine | null | undefined, specs: Readonly<Record<string, SpecLike>>): Coverage {
  const eng = engine ?? defaultEngine(gpu);
  const family = gpuFamily(gpu);
  let rows = 0, familyRows = 0, gpuRows = 0;
  for (const [key, n] of Object.entries(counts)) {
    const bar = key.lastIndexOf('|');
    const id = key.slice(0, bar), e = key.slice(bar + 1);
    if (id === gpu.id) gpuRows += n;
    if (e !== eng) continue;
    if (id === gpu.id) rows += n;
    if (gpuFamily(specs[id] ?? { id, vendor: '' }) === family) familyRows += n;
  }
  return { gpu_id: gpu.id, engine: eng, family, rows, family_rows: familyRows, gpu_rows: gpuRows };
}

const ENGINE_NAMES: Record<ServingEngine, string> = {
  'trt-llm': 'TensorRT-LLM', vllm: 'vLLM', sglang: 'SGLang', lmdeploy: 'LMDeploy', mindie: 'MindIE', other: 'another engine',
};
export const engineName = (e: ServingEngine): string => ENGINE_NAMES[e];

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
const times = (x: number) => `${Math.round(x * 100) / 100}×`;
export const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The engine ratio on this GPU with `engine` on one side, turned to read "`engine` ÷ the other":
 * the only measured evidence for an engine with no absolute row. The first such ratio in the file.
 */
export function ratioFor(ratios: readonly FittedRatio[], gpuId: string, engine: ServingEngine): { vs: ServingEngine; model_id: string; measured: number; fitted: number } | null {
  for (const q of ratios) {
    if (q.gpu_id !== gpuId) continue;
    const [a, b] = q.engines.split('/') as [ServingEngine, ServingEngine];
    if (a === engine) return { vs: b, model_id: q.model_id, measured: round3(q.measured), fitted: round3(q.predicted) };
    if (b === engine) return { vs: a, model_id: q.model_id, measured: round3(1 / q.measured), fitted: round3(1 / q.predicted) };
  }
  return null;
}

/** One engine's output per GPU ÷ another's for the same configuration; null where either cannot serve it. */
export function engineGap(a: EngineServing | null, b: EngineServing | null): number | null {
  return a?.feasible && b?.feasible && b.output_tokens_per_s_per_gpu > 0 ? a.output_tokens_per_s_per_gpu / b.output_tokens_per_s_per_gpu : null;
}
type EngineServing = { feasible: boolean; output_tokens_per_s_per_gpu: number };

/**
 * The fitted model's throughput per GPU under `engine` ÷ under `vs` for this pool's own workload
 * (model, tp, precision, lengths, TPOT); null where either side cannot serve it.
 */
export type ShapeRatio = (pool: string, gpuId: string, engine: ServingEngine, vs: ServingEngine) => number | null;

/**
 * One warning per (pool, GPU type, engine) the plan serves with fewer than MIN_MEASURED_ROWS measured
 * rows of that GPU under that engine. `dists` (the Monte Carlo's capacity error per "family|engine")
 * lets the message say how wide the error drawn for it is, and whether it is its own or every group's.
 */
export function capacityCoverageWarnings(
  pairs: readonly { pool: string; gpu_id: string; engine: ServingEngine | null | undefined }[],
  counts: RowCounts | null | undefined,
  specs: Readonly<Record<string, GpuSpec>>,
  names: ReadonlyMap<string, string> = new Map(),
  dists: readonly CapacityErrorDist[] = [],
  ratios: readonly FittedRatio[] = [],
  ratioHere?: ShapeRatio,
): PlanWarning[] {
  if (!counts) return [];
  const out: PlanWarning[] = [];
  const seen = new Set<string>();
  for (const p of pairs) {
    const gpu = specs[p.gpu_id];
    if (!gpu) continue;
    const c = coverageOf(counts, gpu, p.engine, specs);
    const key = `${p.pool}|${p.gpu_id}|${c.engine}`;
    if (seen.has(key) || c.rows >= MIN_MEASURED_ROWS) continue;
    seen.add(key);
    const name = names.get(p.gpu_id) ?? p.gpu_id;
    const eng = engineName(c.engine);
    const what = c.rows === 0
      ? `no published measurement of ${name} under ${eng}`
      : `only ${c.rows} published measurement${c.rows === 1 ? '' : 's'} of ${name} under ${eng}`;
    // Sibling parts measured under the same engine are a far better basis than other engines or families.
    const basis = c.family_rows - c.rows >= MIN_MEASURED_ROWS
      ? `its capacity per GPU rests on the factors fitted on other ${c.family} GPUs under ${eng}`
      : 'its capacity per GPU rests on factors fitted on other engines or GPU families';
    const d = dists.find((x) => x.key === `${c.family}|${c.engine}`);
    const from = d?.basis === 'own' ? `the held-out residuals of ${c.family} GPUs under ${eng} (${d.n} kept, shrunk toward all groups)`
      : d?.basis === 'unseen' ? 'the residuals of GPU family × engine pairs held out whole'
      : 'the held-out residuals of all groups';
    const spread = !d ? '' : `; the Monte Carlo draws its error from ${from}, sd ${pct(d.sigma)} in log terms`;
    const r = ratioFor(ratios, p.gpu_id, c.engine);
    // The ratio was measured on one model and workload; the plan uses the engine on its own, where the
    // fitted levels (per factor) may give a different gap, even the other way round: say which.
    const here = r && ratioHere ? ratioHere(p.pool, p.gpu_id, c.engine, r.vs) : null;
    const hereText = here === null ? '' : ` (on this pool's workload ${times(round3(here))})`;
    const vs = r ? `; a same-benchmark run on this GPU measured ${eng} at ${times(r.measured)} ${engineName(r.vs)} (${r.model_id}), the fitted model gives ${times(r.fitted)}${hereText}` : '';
    out.push({
      code: 'capacity_unmeasured', pool: p.pool, gpu_id: p.gpu_id, engine: c.engine, rows: c.rows, family_rows: c.family_rows, gpu_rows: c.gpu_rows,
      ...(r ? { ratio_vs: r.vs, ratio_model: r.model_id, ratio_measured: r.measured, ratio_fitted: r.fitted } : {}),
      ...(here !== null ? { ratio_here: round3(here) } : {}),
      message: `pool ${p.pool}: ${what} (${c.family_rows} for its family under this engine, ${c.gpu_rows} for this GPU under any engine; fewer than ${MIN_MEASURED_ROWS}) — ${basis}${spread}${vs}; add measured rows (calibrate) before buying on it`,
    });
  }
  return out;
}
