// Calibration: fit efficiency factors to published results by robust least squares in log
// space with Gaussian priors toward the datasheet defaults, hierarchically (global →
// GPU family → family × precision) so a sparse group borrows strength and cannot overfit.
// Cross-validation holds out one source × GPU group at a time (leave-one-group-out).
import type { GpuSpec, ModelSpec } from '../catalog.js';
import {
  DEFAULT_FACTORS, FACTOR_KEYS, referenceEngine, gpuFamily, skuKey, precisionClass, resolveFactors, resolvePrecision, type EfficiencyFactors, type FactorTable,
} from '../capacity/index.js';
import type { EngineRatio, Observation } from './observations.js';
import { predictObservation } from './predict.js';

export interface FitOptions {
  /** Prior standard deviations in natural-log units, per level (engine levels: shrinkage toward the global fit). */
  prior_sd?: { global: number; family: number; group: number; engine?: number; engine_vendor?: number; sku?: number };
  /** Huber threshold on the log residual (0.2 ≈ 22 %): beyond it residuals count linearly. */
  huber?: number;
  iterations?: number;
  /** Defaults the priors pull toward (the datasheet-derived factors). */
  prior?: EfficiencyFactors;
  /** Weight of one engine ratio against an absolute row (RATIO_WEIGHT). */
  ratio_weight?: number;
}

export interface GroupError { n: number; median_abs_pct_error: number; p90_abs_pct_error: number }

export interface CvReport {
  median_abs_pct_error: number;
  p90_abs_pct_error: number;
  n: number;
  groups: number;
  by_gpu: Record<string, GroupError>;
  by_model: Record<string, GroupError>;
  by_group: Record<string, GroupError>;
  /** Held-out error per serving engine and per GPU vendor family. */
  by_engine: Record<string, GroupError>;
  by_vendor: Record<string, GroupError>;
  /**
   * Out-of-sample log residuals (ln measured − ln predicted) per "family|engine", for the Monte
   * Carlo's capacity error. Rounded to 3 decimals; at most 200 per key (evenly thinned).
   */
  residuals?: Record<string, number[]>;
  /**
   * The same, but each "family|engine" held out whole (every row of the pair at once): how wrong the
   * engine is for a GPU family under an engine it has never seen measured. The Monte Carlo's error for
   * a pair without any row is drawn from these (timeline/capacity-error.ts). Absent in older fits.
   */
  residuals_unseen?: Record<string, number[]>;
}

export interface FitResult {
  table: FactorTable;
  /**
   * Mean prompt length of datasets whose sources do not state it, estimated jointly with the
   * factors (prior: the assumed value, sd 0.5 in log). Used only to read those observations.
   */
  datasets: Record<string, { assumed_input_tokens: number; fitted_input_tokens: number; multiplier: number }>;
  /** Resolved factors per "family:precisionClass" seen in the data (for display). */
  factors: Record<string, EfficiencyFactors>;
  n: number;
  in_sample: { median_abs_pct_error: number; p90_abs_pct_error: number };
  /** The engine ratios the fit used, each with the ratio the fitted model gives (EngineRatio). */
  ratios: FittedRatio[];
}

export interface FittedRatio {
  source: string;
  gpu_id: string;
  model_id: string;
  /** "a/b", e.g. "vllm/mindie" (b: the vendor's usual engine when the pair has it). */
  engines: string;
  rows_a: number[];
  rows_b: number[];
  measured: number;
  predicted: number;
}

interface Catalog { gpus: Map<string, GpuSpec>; models: Map<string, ModelSpec> }

/** Identical configurations (repeat submissions, several software versions) fit as one row
 * at the geometric mean of their values, weighted by how many there are. */
interface Unique { obs: Observation; logValue: number; weight: number; members: Observation[] }
type Muls = Record<string, number>;

const LOG_MIN = Math.log(1e-4);

function dedupe(obs: Observation[]): Unique[] {
  const m = new Map<string, Unique>();
  for (const o of obs) {
    const k = [o.gpu_id, o.engine, o.ep, o.model_id, o.precision, o.tp, o.gpus, o.input_tokens.toFixed(1), o.output_tokens.toFixed(1), o.concurrency?.toFixed(1), o.beam_width].join('|');
    const u = m.get(k);
    if (u) { u.members.push(o); u.weight += o.weight; } else m.set(k, { obs: o, logValue: 0, weight: o.weight, members: [o] });
  }
  for (const u of m.values()) {
    const w = u.members.reduce((a, o) => a + o.weight, 0);
    u.logValue = u.members.reduce((a, o) => a + o.weight * Math.log(o.value_per_gpu), 0) / w;
    // Repeats of one configuration are not independent evidence: damp their weight.
    u.weight = Math.sqrt(u.members.length) * (w / u.members.length);
  }
  return [...m.values()];
}

/** Parameter layout: log multipliers per level and factor key. */
/**
 * Prior sd (log) of a part's own offset from its family (factors.ts skuKey); 0 turns the level
 * off. Chosen by the leave-one-group-out sweep (docs/capacity.md): 0 → 14.3 % / 34.1 % shipped
 * CV, 0.15 → 13.9 / 33.2, 0.5 → 13.4 / 33.3, 1.0 → 13.5 / 33.3 but one engine held out 44.6 % P90.
 */
export const SKU_PRIOR_SD = 0.5;
/**
 * Prior sd of the power-limit exponent (factors.ts powerLimitMultiplier), centred on 0 (no
 * effect). Chosen by the leave-one-group-out sweep in docs/capacity.md.
 */
export const POWER_EXP_PRIOR_SD = 1;
/**
 * Log-normal prior of the per-sequence decode step cost (factors.ts per_seq_s): centred on 5 µs
 * with a log sd of 1 (≈ 1.8–14 µs at ±1 sd), wide enough that the rows set it. Together with the
 * engine batch cap at 4,096 (perf.ts DEFAULT_MAX_BATCH) it replaced a flat cap of 512
 * (docs/capacity.md "Per-sequence step cost").
 */
export const PER_SEQ_PRIOR_S = 5e-6;
export const PER_SEQ_PRIOR_SD = 1;
/**
 * Weight of one engine ratio (EngineRatio) against an absolute row's 1. A ratio cancels the model's
 * error for the shared configuration, so its noise is the runs' own (a few per cent) rather than
 * the model's (≈ 0.2 in log): weighted as ten rows.
 */
export const RATIO_WEIGHT = 10;
/**
 * Where a ratio's error turns from squared to linear: a 2× gap between two engines on one
 * benchmark is still a level (MindIE 1.79× vLLM-Ascend, SGLang 1.96× TensorRT-LLM on DeepSeek-R1);
 * beyond it the pair more likely caught one engine without a fast path for that model.
 */
export const RATIO_HUBER = Math.log(2);

class Params {
  names: string[] = [];
  index = new Map<string, number>();
  prior: number[] = [];
  sd: number[] = [];
  add(name: string, prior: number, sd: number): number {
    const i = this.index.get(name);
    if (i !== undefined) return i;
    this.index.set(name, this.names.length);
    this.names.push(name);
    this.prior.push(prior);
    this.sd.push(sd);
    return this.names.length - 1;
  }
}

function groupKeys(o: Observation, cat: Catalog): { fam: string; fc: string; eng: string | null; ev: string | null } {
  const gpu = cat.gpus.get(o.gpu_id)!;
  const fam = gpuFamily(gpu);
  const cls = resolvePrecision(gpu, o.precision).cls;
  // The vendor's reference engine is the family levels' own: no engine parameters (see factorGroupKeys).
  const usual = o.engine === referenceEngine(gpu);
  return { fam, fc: `${fam}:${cls}`, eng: usual ? null : `engine:${o.engine}`, ev: usual ? null : `engine:${o.engine}:${o.vendor}` };
}

function tableFrom(theta: number[], p: Params): FactorTable {
  const global = { ...DEFAULT_FACTORS };
  const groups: FactorTable['groups'] = {};
  const table: FactorTable = { kind: 'factor-table', global, groups };
  for (let i = 0; i < p.names.length; i++) {
    const [level, key, k] = p.names[i].split('|') as [string, string, keyof EfficiencyFactors];
    if (level === 'x') { table.power_exp = theta[i]; continue; }
    const v = Math.exp(theta[i]);
    if (level === 'y') { table.per_seq_s = v; continue; }
    if (level === 'd') continue;
    if (level === 'g') global[k] = v;
    else (groups[key] ??= {})[k] = v;
  }
  return table;
}

/** Solve A x = b (small dense symmetric positive definite) by Gaussian elimination. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    const d = M[c][c] || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / d;
      if (f === 0) continue;
      for (let j = c; j <= n; j++) M[r][j] -= f * M[c][j];
    }
  }
  return M.map((r, i) => r[n] / (r[i] || 1e-12));
}

interface Prepared { u: Unique; idx: number[]; tp: number | null; ds: number }

function predictLog(u: Unique, tp: number | null, table: FactorTable, cat: Catalog, inputMul = 1): number {
  const o = tp === null && inputMul === 1 ? u.obs : { ...u.obs, tp: tp ?? u.obs.tp, input_tokens: Math.max(1, u.obs.input_tokens * inputMul) };
  const p = predictObservation(o, cat.gpus.get(o.gpu_id)!, cat.models.get(o.model_id)!, table);
  return p.feasible && p.per_gpu > 0 ? Math.log(p.per_gpu) : LOG_MIN;
}

function absPct(logErr: number): number {
  return Math.abs(Math.exp(logErr) - 1);
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function summarise(errs: number[]): GroupError {
  const s = errs.map((e) => e * 100).sort((a, b) => a - b);
  return { n: s.length, median_abs_pct_error: round1(quantile(s, 0.5)), p90_abs_pct_error: round1(quantile(s, 0.9)) };
}
const round1 = (x: number) => Math.round(x * 10) / 10;

export class Calibrator {
  private cat: Catalog;
  private opts: Required<FitOptions>;
  constructor(gpus: readonly GpuSpec[], models: readonly ModelSpec[], opts: FitOptions = {}) {
    this.cat = { gpus: new Map(gpus.map((g) => [g.id, g])), models: new Map(models.map((m) => [m.id, m])) };
    this.opts = {
      prior_sd: { engine: 0.3, engine_vendor: 0.2, sku: SKU_PRIOR_SD, ...(opts.prior_sd ?? { global: 0.7, family: 0.35, group: 0.25 }) },
      huber: opts.huber ?? 0.2,
      iterations: opts.iterations ?? 8,
      prior: opts.prior ?? DEFAULT_FACTORS,
      ratio_weight: opts.ratio_weight ?? RATIO_WEIGHT,
    };
  }

  private layout(obs: Observation[], ratios: readonly EngineRatio[]): { params: Params; prepared: Prepared[]; sides: Prepared[] } {
    const params = new Params();
    const sd = this.opts.prior_sd;
    for (const k of FACTOR_KEYS) params.add(`g|*|${k}`, Math.log(this.opts.prior[k]), sd.global);
    const power = POWER_EXP_PRIOR_SD > 0 ? params.add('x|*|power_exp', 0, POWER_EXP_PRIOR_SD) : -1;
    // One per-sequence decode step cost for every engine and part (factors.ts per_seq_s), log prior 5 µs, sd 1.
    const perSeq = params.add('y|*|per_seq_s', Math.log(PER_SEQ_PRIOR_S), PER_SEQ_PRIOR_SD);
    const prepared: Prepared[] = [];
    // A ratio's two sides are predicted like rows but carry no absolute weight (EngineRatio).
    const sideUniques = ratios.flatMap((q) => [q.a, q.b].map((o): Unique => ({ obs: o, logValue: Math.log(o.value_per_gpu), weight: 0, members: [o] })));
    const sides: Prepared[] = [];
    for (const [list, u] of [...dedupe(obs).map((u) => [prepared, u] as const), ...sideUniques.map((u) => [sides, u] as const)]) {
      const { fam, fc, eng, ev } = groupKeys(u.obs, this.cat);
      const idx: number[] = [];
      for (const k of FACTOR_KEYS) {
        idx.push(params.index.get(`g|*|${k}`)!);
        idx.push(params.add(`f|${fam}|${k}`, 0, sd.family));
        if (sd.sku && sd.sku > 0) idx.push(params.add(`s|${skuKey(u.obs.gpu_id)}|${k}`, 0, sd.sku));
        idx.push(params.add(`c|${fc}|${k}`, 0, sd.group));
        if (eng && ev) {
          idx.push(params.add(`e|${eng}|${k}`, 0, sd.engine ?? 0.3));
          idx.push(params.add(`v|${ev}|${k}`, 0, sd.engine_vendor ?? 0.2));
        }
      }
      if (power >= 0) idx.push(power);
      idx.push(perSeq);
      let ds = -1;
      if (u.obs.dataset) {
        ds = params.add(`d|${u.obs.dataset}|input_tokens`, 0, 0.5);
        idx.push(ds);
      }
      list.push({ u, idx, tp: u.obs.tp, ds });
    }
    return { params, prepared, sides };
  }

  /**
   * Fit on observations (and engine ratios, EngineRatio); `start` warm-starts from an earlier
   * fit's table.
   */
  fit(obs: Observation[], start?: FactorTable, iterations = this.opts.iterations, startMuls: Muls = {}, ratios: readonly EngineRatio[] = []): FitResult {
    const { params, prepared: rowsPrepared, sides } = this.layout(obs, ratios);
    // Rows first, then each ratio's two sides (a at R + 2j, b at R + 2j + 1).
    const prepared = [...rowsPrepared, ...sides];
    const R = rowsPrepared.length;
    const P = params.names.length;
    let theta = params.prior.slice();
    if (start) {
      for (let i = 0; i < P; i++) {
        const [level, key, k] = params.names[i].split('|') as [string, string, keyof EfficiencyFactors];
        if (level === 'x') { theta[i] = start.power_exp ?? 0; continue; }
        if (level === 'y') { if (start.per_seq_s && start.per_seq_s > 0) theta[i] = Math.log(start.per_seq_s); continue; }
        const v = level === 'd' ? startMuls[key] : level === 'g' ? start.global[k] : start.groups[key]?.[k];
        if (v !== undefined && v > 0) theta[i] = Math.log(v);
      }
    }
    // Rows whose tp the source omits: fix the tp the model itself would choose at the start,
    // so finite differences do not jump between parallelisms.
    const t0 = tableFrom(theta, params);
    for (const pr of prepared) {
      if (pr.tp === null) {
        const p = predictObservation(pr.u.obs, this.cat.gpus.get(pr.u.obs.gpu_id)!, this.cat.models.get(pr.u.obs.model_id)!, t0);
        pr.tp = p.tp;
      }
    }
    const h = 0.02;
    let mu = 1e-3;
    const d = this.opts.huber;
    const huber = (e: number, dd = d) => { const a = Math.abs(e); return a <= dd ? e * e : 2 * dd * a - dd * dd; };
    const ratioErr = (preds: number[], j: number) => preds[R + 2 * j] - preds[R + 2 * j + 1] - ratios[j].log_ratio;
    const objective = (th: number[], preds: number[]) => {
      let s = 0;
      for (let r = 0; r < R; r++) s += prepared[r].u.weight * huber(preds[r] - prepared[r].u.logValue);
      for (let j = 0; j < ratios.length; j++) s += this.opts.ratio_weight * huber(ratioErr(preds, j), RATIO_HUBER);
      for (let i = 0; i < P; i++) s += ((th[i] - params.prior[i]) / params.sd[i]) ** 2;
      return s;
    };
    const predictAll = (th: number[]) => {
      const t = tableFrom(th, params);
      return prepared.map((pr) => predictLog(pr.u, pr.tp, t, this.cat, pr.ds >= 0 ? Math.exp(th[pr.ds]) : 1));
    };
    let preds = predictAll(theta);
    let obj = objective(theta, preds);
    for (let it = 0; it < iterations; it++) {
      // Jacobian by forward differences, one parameter at a time, only on rows it touches.
      const J: Map<number, number>[] = prepared.map(() => new Map());
      const rowsOf: number[][] = Array.from({ length: P }, () => []);
      prepared.forEach((pr, r) => { for (const i of pr.idx) rowsOf[i].push(r); });
      for (let i = 0; i < P; i++) {
        if (!rowsOf[i].length) continue;
        const th = theta.slice();
        th[i] += h;
        const t = tableFrom(th, params);
        for (const r of rowsOf[i]) {
          const pr = prepared[r];
          const dv = (predictLog(pr.u, pr.tp, t, this.cat, pr.ds >= 0 ? Math.exp(th[pr.ds]) : 1) - preds[r]) / h;
          if (dv !== 0) J[r].set(i, dv);
        }
      }
      const A = Array.from({ length: P }, () => new Array<number>(P).fill(0));
      const g = new Array<number>(P).fill(0);
      const accumulate = (e: number, weight: number, entries: [number, number][], dd = d) => {
        const a = Math.abs(e);
        const w = weight * (a <= dd ? 1 : dd / a);
        for (const [i, di] of entries) {
          g[i] += w * di * e;
          for (const [j, dj] of entries) A[i][j] += w * di * dj;
        }
      };
      for (let r = 0; r < R; r++) accumulate(preds[r] - prepared[r].u.logValue, prepared[r].u.weight, [...J[r].entries()]);
      for (let j = 0; j < ratios.length; j++) {
        // d(ln a − ln b)/dθ: the parameters both sides share cancel.
        const diff = new Map(J[R + 2 * j]);
        for (const [i, v] of J[R + 2 * j + 1]) diff.set(i, (diff.get(i) ?? 0) - v);
        accumulate(ratioErr(preds, j), this.opts.ratio_weight, [...diff.entries()].filter(([, v]) => v !== 0), RATIO_HUBER);
      }
      for (let i = 0; i < P; i++) {
        const pw = 1 / params.sd[i] ** 2;
        A[i][i] += pw;
        g[i] += pw * (theta[i] - params.prior[i]);
      }
      // Levenberg–Marquardt step: damp until the objective falls.
      let gain = 0;
      for (let tries = 0; tries < 6; tries++) {
        const Ad = A.map((row, i) => row.map((v, j) => (i === j ? v * (1 + mu) + 1e-9 : v)));
        const step = solve(Ad, g.map((x) => -x));
        const cand = theta.map((v, i) => v + Math.max(-0.7, Math.min(0.7, step[i])));
        const cp = predictAll(cand);
        const co = objective(cand, cp);
        if (co < obj) { gain = obj - co; theta = cand; preds = cp; obj = co; mu = Math.max(1e-6, mu / 3); break; }
        mu *= 10;
      }
      if (gain <= 1e-4 * obj) break;
    }
    const table = tableFrom(theta, params);
    const datasets: FitResult['datasets'] = {};
    for (const pr of prepared) {
      if (pr.ds < 0 || datasets[pr.u.obs.dataset!]) continue;
      const mul = Math.exp(theta[pr.ds]);
      datasets[pr.u.obs.dataset!] = { assumed_input_tokens: pr.u.obs.input_tokens, fitted_input_tokens: Math.round(pr.u.obs.input_tokens * mul), multiplier: sig(mul) };
    }
    const factors: Record<string, EfficiencyFactors> = {};
    for (const pr of prepared) {
      const gpu = this.cat.gpus.get(pr.u.obs.gpu_id)!;
      const { fc } = groupKeys(pr.u.obs, this.cat);
      const cls = fc.split(':')[1] as ReturnType<typeof precisionClass>;
      // Per part: each GPU type has its own level under its family (factors.ts skuKey).
      const key = `${gpu.id}:${cls}|${pr.u.obs.engine}`;
      if (factors[key]) continue;
      const keep = Object.fromEntries(FACTOR_KEYS.map((k) => [k, 0])) as unknown as EfficiencyFactors;
      const resolved = resolveFactors(table, gpu, cls, pr.u.obs.engine);
      for (const k of FACTOR_KEYS) keep[k] = sig(resolved[k]);
      factors[key] = keep;
    }
    const errs = rowsPrepared.flatMap((pr, r) => pr.u.members.map((m) => absPct(preds[r] - Math.log(m.value_per_gpu))));
    const s = errs.map((e) => e * 100).sort((a, b) => a - b);
    const fittedRatios = ratios.map((q, j): FittedRatio => ({
      source: q.source, gpu_id: q.a.gpu_id, model_id: q.a.model_id, engines: `${q.a.engine}/${q.b.engine}`, rows_a: q.rows_a, rows_b: q.rows_b,
      measured: sig(Math.exp(q.log_ratio)), predicted: sig(Math.exp(preds[R + 2 * j] - preds[R + 2 * j + 1])),
    }));
    return { table, datasets, factors, n: obs.length, in_sample: { median_abs_pct_error: round1(quantile(s, 0.5)), p90_abs_pct_error: round1(quantile(s, 0.9)) }, ratios: fittedRatios };
  }

  /** Absolute relative errors of observations under a table. */
  errors(obs: Observation[], table: FactorTable, datasets: FitResult['datasets'] = {}): number[] {
    // |predicted / measured − 1|: the error relative to the measurement.
    return this.logResiduals(obs, table, datasets).map((r) => (r === null ? 1 : absPct(-r)));
  }

  /** ln(measured / predicted) per observation; null where the model finds it infeasible. */
  logResiduals(obs: Observation[], table: FactorTable, datasets: FitResult['datasets'] = {}): (number | null)[] {
    return obs.map((o0) => {
      const mul = o0.dataset ? datasets[o0.dataset]?.multiplier ?? 1 : 1;
      const o = mul === 1 ? o0 : { ...o0, input_tokens: Math.max(1, o0.input_tokens * mul) };
      const p = predictObservation(o, this.cat.gpus.get(o.gpu_id)!, this.cat.models.get(o.model_id)!, table);
      return p.feasible && p.per_gpu > 0 ? Math.log(o.value_per_gpu / p.per_gpu) : null;
    });
  }

  /** The "family|engine" pairs of `obs`: what unseenResiduals holds out one at a time. */
  pairKeys(obs: Observation[]): string[] {
    return [...new Set(obs.map((o) => this.pairOf(o)))].sort();
  }

  private pairOf(o: Observation): string {
    return `${gpuFamily(this.cat.gpus.get(o.gpu_id)!)}|${o.engine}`;
  }

  /**
   * The rows `key` puts in `held`, predicted by a refit on every other row and every ratio not
   * touching `held` (warm-started from the full fit): what both cross-validations below do once
   * per held-out unit.
   */
  private heldOut(obs: Observation[], full: FitResult, key: (o: Observation) => string, held: string, iterations: number, ratios: readonly EngineRatio[]): { test: Observation[]; res: (number | null)[] } {
    const train = obs.filter((o) => key(o) !== held);
    const test = obs.filter((o) => key(o) === held);
    // A ratio with a side in the held-out unit is evidence about that unit: held out with it.
    const kept = ratios.filter((q) => key(q.a) !== held && key(q.b) !== held);
    const startMuls = Object.fromEntries(Object.entries(full.datasets).map(([k, d]) => [k, d.multiplier]));
    const fit = train.length ? this.fit(train, full.table, iterations, startMuls, kept) : full;
    return { test, res: this.logResiduals(test, fit.table, fit.datasets) };
  }

  /**
   * Leave-one-pair-out: for each "family|engine" pair, refit without every row of it and predict
   * its rows — the error of a pair the fit never saw.
   */
  unseenResiduals(obs: Observation[], full: FitResult, onPair?: (done: number, total: number) => void, iterations = 3, ratios: readonly EngineRatio[] = []): Record<string, number[]> {
    const keys = this.pairKeys(obs);
    const rows: { key: string; res: number | null }[] = [];
    keys.forEach((key, i) => {
      for (const res of this.heldOut(obs, full, (o) => this.pairOf(o), key, iterations, ratios).res) rows.push({ key, res });
      onPair?.(i + 1, keys.length);
    });
    return residualsBy(rows);
  }

  /**
   * Leave-one-group-out cross-validation: for each source × GPU group, refit without it
   * (warm-started from the full fit) and predict its rows. `onGroup` reports progress.
   */
  crossValidate(obs: Observation[], full: FitResult, onGroup?: (done: number, total: number) => void, iterations = 3, ratios: readonly EngineRatio[] = []): CvReport {
    const groups = [...new Set(obs.map((o) => o.group))];
    const rows: { o: Observation; err: number; res: number | null }[] = [];
    groups.forEach((gname, gi) => {
      const { test, res } = this.heldOut(obs, full, (o) => o.group, gname, iterations, ratios);
      test.forEach((o, i) => rows.push({ o, res: res[i], err: res[i] === null ? 1 : absPct(-(res[i] as number)) }));
      onGroup?.(gi + 1, groups.length);
    });
    const by = (key: (o: Observation) => string) => {
      const m: Record<string, number[]> = {};
      for (const r of rows) (m[key(r.o)] ??= []).push(r.err);
      return Object.fromEntries(Object.entries(m).sort(([a], [b]) => a.localeCompare(b)).map(([k, e]) => [k, summarise(e)]));
    };
    const all = summarise(rows.map((r) => r.err));
    return {
      median_abs_pct_error: all.median_abs_pct_error,
      p90_abs_pct_error: all.p90_abs_pct_error,
      n: all.n,
      groups: groups.length,
      by_gpu: by((o) => o.gpu_id),
      by_model: by((o) => o.model_id),
      by_group: by((o) => o.group),
      by_engine: by((o) => o.engine),
      by_vendor: by((o) => o.vendor),
      residuals: residualsBy(rows.map((r) => ({ key: this.pairOf(r.o), res: r.res }))),
    };
  }
}

const sig = (x: number) => Number(x.toPrecision(4));

/** Held-out log residuals per key, sorted, rounded to 3 decimals, thinned evenly to at most 200. */
function residualsBy(rows: { key: string; res: number | null }[]): Record<string, number[]> {
  const m: Record<string, number[]> = {};
  for (const r of rows) if (r.res !== null && Number.isFinite(r.res)) (m[r.key] ??= []).push(r.res);
  const out: Record<string, number[]> = {};
  for (const k of Object.keys(m).sort()) {
    const v = m[k].sort((a, b) => a - b);
    const n = Math.min(200, v.length);
    out[k] = Array.from({ length: n }, (_, i) => Math.round(v[Math.floor((i + 0.5) * v.length / n)] * 1000) / 1000);
  }
  return out;
}

