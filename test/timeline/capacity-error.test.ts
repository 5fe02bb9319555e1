// Pins the capacity engine's own error in the Monte Carlo (issue 13): zero residuals give exactly the old results, wider residuals never make the crash P10 later, same seed → same result (any split of paths), the shrunk lognormal fit by hand, the tornado's engine bars and the demand-vs-engine split, and risk sizing that covers a pessimistic engine.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/tmp.js';
import { unseenFit } from '../../src-main/engine/timeline/capacity-error.js';
import { compile, capacityErrorDists, type TimelineInput } from '../../src-main/engine/timeline/index.js';
import { monteCarlo, rhoTable, runPaths, sensitivity, sensitivitySplit, summarise } from '../../src-main/engine/montecarlo/index.js';
import { demandScale } from '../../src-main/engine/montecarlo/risk.js';
import { runMonteCarloInWorkers } from '../../src-main/workers/montecarlo-worker.js';
import { baseScenario, CAP, fleet } from './helpers.js';

const KEY = 'ampere|trt-llm';
const s = baseScenario({ horizon_months: 36 });

function withError(residuals: Record<string, number[]> | null, gpus = 512): TimelineInput {
  return {
    scenario: s,
    capacity: s.pools.map((p) => ({ pool_id: p.id, by_gpu: { 'a100-sxm-80gb': { ...CAP, error_key: KEY } } })),
    fleet: fleet(s, gpus),
    capacity_error: residuals ? { residuals } : null,
  };
}
/** Residuals symmetric about 0 with spread `w` (ln units). */
const sym = (w: number) => ({ [KEY]: [-1, -0.5, -0.25, 0, 0.25, 0.5, 1].map((x) => x * w) });
const idx = (m: string | null) => (m === null ? 99 : (Number(m.slice(0, 4)) - 2024) * 12 + Number(m.slice(5)) - 1);

describe('capacity error in the Monte Carlo', () => {
  it('zero residuals (or none) give exactly the results of before', () => {
    const before = monteCarlo(compile(withError(null)), 1500, 5);
    const zero = monteCarlo(compile(withError({ [KEY]: [0, 0, 0] })), 1500, 5);
    expect(zero).toEqual(before);
    const sBefore = sensitivity(compile(withError(null)));
    const sZero = sensitivity(compile(withError({ [KEY]: [0, 0] })));
    expect(sZero).toEqual(sBefore);
    expect(sZero.every((b) => b.group === 'demand')).toBe(true);
  });

  it('wider residuals never make the crash P10 later, and raise the early P(overload)', () => {
    let prev = Infinity;
    const p10s: number[] = [];
    for (const w of [0, 0.1, 0.2, 0.4, 0.8]) {
      const mc = monteCarlo(compile(withError(sym(w))), 2000, 3);
      const p10 = idx(mc.crash_month?.p10 ?? null);
      p10s.push(p10);
      expect(p10).toBeLessThanOrEqual(prev);
      prev = p10;
    }
    expect(p10s[p10s.length - 1]).toBeLessThan(p10s[0]);
  });

  it('same seed → same result, whichever split of paths runs it', () => {
    const model = compile(withError(sym(0.3)));
    const a = monteCarlo(model, 1200, 9);
    expect(monteCarlo(compile(withError(sym(0.3))), 1200, 9)).toEqual(a);
    const t = rhoTable(model);
    const parts = [runPaths(model, t, { seed: 9, from: 700, to: 1200 }), runPaths(model, t, { seed: 9, from: 0, to: 700 })];
    expect({ ...summarise(model, parts, 9), cancelled: false }).toEqual(a);
    expect(monteCarlo(model, 1200, 10)).not.toEqual(a);
  });

  it('fits a lognormal per (family, engine), shrunk toward all groups with the weight of 5 rows', () => {
    // Pooled: {-0.4, -0.2, 0, 0.2, 0.4, 1}: mean 1/6, Σ(x − mean)² = 0.3211 + 0.1344 + 0.0278 + 0.0011 + 0.0544 + 0.6944 = 1.2333, sample variance 1.2333 / 5 = 0.2467.
    const res = { 'a|x': [-0.4, -0.2, 0, 0.2, 0.4], 'b|y': [1] };
    const all = [-0.4, -0.2, 0, 0.2, 0.4, 1];
    const m0 = 1 / 6;
    const var0 = all.reduce((a, x) => a + (x - m0) ** 2, 0) / 5;
    expect(var0).toBeCloseTo(0.246667, 5);
    const [a, b, c] = capacityErrorDists(res, ['b|y', 'a|x', 'c|z']);
    // a|x: n 5, mean 0, Σ(x − x̄)² 0.4: mu = (5·0 + 5·m0)/10 = 0.0833; var = (0.4 + 5·0.2467)/(4 + 5) = 0.1815.
    expect(a).toMatchObject({ key: 'a|x', n: 5 });
    expect(a.mu).toBeCloseTo(0.083333, 5);
    expect(a.sigma).toBeCloseTo(Math.sqrt((0.4 + 5 * var0) / 9), 9);
    // b|y: one row: mu = (1 + 5·m0)/6 = 0.3056, sd from the pool alone (0 own spread).
    expect(b.mu).toBeCloseTo((1 + 5 * m0) / 6, 9);
    expect(b.sigma).toBeCloseTo(Math.sqrt(var0), 9);
    // c|z: no held-out rows: the pooled fit (a fit made before pairs were held out whole).
    expect(c).toEqual({ key: 'c|z', mu: m0, sigma: Math.sqrt(var0), n: 0, basis: 'pooled' });
    expect(a.basis).toBe('own');
  });

  it('a family × engine never measured takes the error of pairs held out whole, each pair weighted alike', () => {
    // Pairs held out whole: means 0.2, −0.2, 0.2 → mu 0.0667; spread of the means (Σ 0.01778 + 0.07111 + 0.01778)/2
    // = 0.05333; within-pair variances 0.02 (p) and 0.04 (r), the one-row pair has none: mean 0.03; sigma √0.08333 = 0.28868.
    const unseen = { 'p|x': [0.1, 0.3], 'q|y': [-0.2], 'r|z': [0, 0.2, 0.4] };
    const fit = unseenFit(unseen)!;
    expect(fit.mu).toBeCloseTo(0.066667, 5);
    expect(fit.sigma).toBeCloseTo(0.288675, 5);
    expect(fit.pairs).toBe(3);
    const [seen, never] = capacityErrorDists({ 'a|x': [-0.1, 0.1] }, ['a|x', 'n|w'], 5, unseen);
    expect(seen.basis).toBe('own');
    expect(never).toEqual({ key: 'n|w', mu: fit.mu, sigma: fit.sigma, n: 0, basis: 'unseen' });
    // One pair gives no spread to estimate: the pooled fit stands in.
    expect(unseenFit({ 'p|x': [0.1, 0.3] })).toBeNull();
    expect(capacityErrorDists({ 'a|x': [-0.1, 0.1] }, ['n|w'], 5, { 'p|x': [0.1, 0.3] })[0].basis).toBe('pooled');
  });

  it('the shipped fit holds every measured pair out whole, and a pair never measured is wider than the measured ones', () => {
    const cal = JSON.parse(fs.readFileSync(path.join(ROOT, 'db/seed/calibration.json'), 'utf8')) as { cv: { residuals: Record<string, number[]>; residuals_unseen: Record<string, number[]> } };
    expect(Object.keys(cal.cv.residuals_unseen).sort()).toEqual(Object.keys(cal.cv.residuals).sort());
    const [never] = capacityErrorDists(cal.cv.residuals, ['ascend|mindie'], 5, cal.cv.residuals_unseen);
    const all = Object.values(cal.cv.residuals).flat();
    const m = all.reduce((a, b) => a + b, 0) / all.length;
    const pooledSd = Math.sqrt(all.reduce((a, b) => a + (b - m) ** 2, 0) / (all.length - 1));
    expect(never.basis).toBe('unseen');
    expect(never.sigma).toBeGreaterThan(pooledSd);
  });

  it('the tornado has an engine bar and the split says how much spread is the engine', () => {
    const model = compile(withError(sym(0.4)));
    const bars = sensitivity(model);
    const eng = bars.find((b) => b.group === 'engine');
    expect(eng?.key).toBe(`capacity_error:${KEY}`);
    expect(eng!.low).toBeLessThan(1);
    expect(eng!.high).toBeGreaterThan(1);
    expect(idx(eng!.crash_low)).toBeLessThanOrEqual(idx(eng!.crash_high));
    const split = sensitivitySplit(model, 800, 2);
    expect(split.engine.variance).toBeGreaterThan(0);
    expect(split.engine_share).toBeGreaterThan(0);
    expect(split.engine_share).toBeLessThan(1);
    expect(sensitivitySplit(model, 800, 2)).toEqual(split);
    const none = sensitivitySplit(compile(withError(null)), 800, 2);
    expect(none.engine.variance).toBe(0);
    expect(none.engine_share).toBe(0);
    expect(none.demand).toEqual(none.both);
  });

  it('risk sizing covers an engine that is optimistic out of sample', () => {
    const plain = demandScale(compile(withError(null)), 1000, 4, 0.9);
    const opt = demandScale(compile(withError({ [KEY]: [-0.5, -0.4, -0.3, -0.2, -0.1] })), 1000, 4, 0.9);
    for (let m = 0; m < s.horizon_months; m++) expect(opt.pools[0].scale[m]).toBeGreaterThan(plain.pools[0].scale[m]);
  });

  it('a forecast asked for a service level sizes from its own paths exactly as demandScale does (any split of the paths)', async () => {
    const input = withError(sym(0.3), 384);
    const model = compile(input);
    const direct = demandScale(model, 900, 6, 0.9);
    expect(monteCarlo(model, 900, 6, undefined, undefined, 0.9).demand_scale).toEqual(direct);
    const table = rhoTable(model);
    const parts = [[600, 900], [0, 250], [250, 600]].map(([from, to]) => runPaths(model, table, { seed: 6, from, to, need: true }));
    const split = summarise(model, parts, 6, 0.9);
    expect(split.demand_scale).toEqual(direct);
    // The rest of the summary is the forecast without the sizing.
    const { demand_scale: _, ...rest } = split;
    const { cancelled: __, ...plain } = monteCarlo(model, 900, 6);
    expect(rest).toEqual(plain);
    // The host's runner (here in-process slices, as from sources) gives the same.
    const viaRunner = await runMonteCarloInWorkers(input, 900, 6, { service_level: 0.9 });
    expect(viaRunner.demand_scale).toEqual(direct);
    expect((await runMonteCarloInWorkers(input, 900, 6)).demand_scale).toBeUndefined();
  });
});
