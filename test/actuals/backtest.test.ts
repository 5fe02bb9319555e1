// Pins the forecast backtest (engine/backtest): a scenario whose shape is right scores MAPE 0 where naive and trend do not, an exact exponential is the trend's home ground, GPU-months over/under follow the forecast error, actual peaks come from peak tokens/s or output tokens, and the `backtest` CLI contract.
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { actualPeaks, backtest, trendForecast } from '../../src-main/engine/backtest/index.js';
import { ROOT, cli, tmpDir } from '../helpers/tmp.js';

const months = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];

describe('backtest engine', () => {
  it('scores the model at 0 when the actuals follow its shape at another level', () => {
    const model_peak = [100, 150, 120, 200, 260, 240]; // a shape neither naive nor trend can follow
    const actual = months.map((m, i) => ({ month: m, peak: model_peak[i] * 0.8 }));
    const r = backtest({ months, model_peak, tokens_per_gpu: months.map(() => 10), actual });
    expect(r.message).toBeNull();
    expect(r.months).toHaveLength(5);
    expect(r.scores.model.mape).toBeCloseTo(0, 12);
    expect(r.scores.model.gpu_months_over).toBeCloseTo(0, 9);
    expect(r.scores.naive.mape!).toBeGreaterThan(0.1);
    expect(r.scores.trend.mape!).toBeGreaterThan(0.05);
    // Naive under-provisions in a rising month: Feb actual 120, naive 80 → 4 GPU-months short at 10 tokens/s per GPU.
    expect(r.months[0]).toMatchObject({ month: '2024-02', actual_peak: 120, naive_peak: 80, from_month: '2024-01' });
    expect(r.scores.naive.gpu_months_under).toBeGreaterThanOrEqual(4);
  });

  it('the trend forecast reproduces an exact exponential', () => {
    expect(trendForecast([0, 1, 2], [100, 110, 121], 3)).toBeCloseTo(133.1, 6);
    expect(trendForecast([0], [100], 3)).toBe(100);
    const actual = months.map((m, i) => ({ month: m, peak: 100 * 1.1 ** i }));
    const r = backtest({ months, model_peak: months.map(() => 1), tokens_per_gpu: months.map(() => null), actual });
    expect(r.scores.trend.mape!).toBeLessThan(r.scores.naive.mape!);
    expect(r.scores.trend.gpu_months_over).toBe(0);
  });

  it('says what is missing with fewer than two months, and never NaN', () => {
    const r = backtest({ months, model_peak: months.map(() => 1), tokens_per_gpu: months.map(() => 1), actual: [{ month: '2024-01', peak: 5 }] });
    expect(r.message).toMatch(/at least two months/);
    expect(r.scores.model.mape).toBeNull();
    expect(JSON.stringify(r)).not.toMatch(/NaN/);
  });

  it('reads actual peaks from peak tokens/s, else from output tokens at the peak-to-mean ratio', () => {
    const p = actualPeaks([
      { pool: 'a', period: '2024-01', peak_tokens_per_s: 10, output_tokens: null },
      { pool: 'b', period: '2024-01', peak_tokens_per_s: 5, output_tokens: null },
      { pool: '', period: '2024-02', peak_tokens_per_s: null, output_tokens: 29 * 86400 * 100 },
      { pool: 'a', period: '2024-03-05', peak_tokens_per_s: 7, output_tokens: null },
      { pool: 'a', period: '2024-03-06', peak_tokens_per_s: 9, output_tokens: null },
    ], 2);
    expect(p).toEqual([{ month: '2024-01', peak: 15, derived: false }, { month: '2024-02', peak: 200, derived: true }, { month: '2024-03', peak: 9, derived: false }]);
  });
});

describe('headroom backtest', () => {
  it('backtests chatgpt-2023-11 against imported actuals with the contract shape', () => {
    const db = path.join(tmpDir(), 'd.db');
    expect(cli(['demo', '--db', db]).code).toBe(0);
    const none = JSON.parse(cli(['backtest', '--db', db, '--scenario', 'chatgpt-2023-11', '--json']).stdout);
    expect(none.message).toMatch(/at least two months/);
    expect(cli(['actuals', 'import', path.join(ROOT, 'test', 'fixtures', 'actuals', 'chatgpt-peaks.csv'), '--db', db, '--scenario', 'chatgpt-2023-11', '--json']).code).toBe(0);
    const r = cli(['backtest', '--db', db, '--scenario', 'chatgpt-2023-11', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.scenario).toBe('chatgpt-2023-11');
    expect(j.months).toHaveLength(5);
    for (const m of j.months) expect(Object.keys(m)).toEqual(expect.arrayContaining(['month', 'actual_peak', 'forecast_peak', 'naive_peak']));
    for (const k of ['model', 'naive', 'trend']) expect(Object.keys(j.scores[k])).toEqual(expect.arrayContaining(['mape', 'gpu_months_over', 'gpu_months_under']));
    expect(j.actual_peaks.find((p: { month: string }) => p.month === '2024-02').derived).toBe(true);
    const bad = cli(['backtest', '--db', db, '--scenario', 'nope', '--json']);
    expect(bad.code).toBe(2);
  });
});

describe('spend variance', () => {
  it('sums categories per month, subtracts the plan exactly and leaves other currencies out', async () => {
    const { spendVariance } = await import('../../src-main/engine/backtest/variance.js');
    const r = spendVariance(
      [{ month: '2024-01', total: '100.10' }, { month: '2024-02', total: '0' }],
      [
        { month: '2024-01', category: 'cloud', amount: '80.05', currency: 'USD' },
        { month: '2024-01', category: 'staff', amount: '30.10', currency: 'USD' },
        { month: '2024-02', category: 'cloud', amount: '5', currency: 'USD' },
        { month: '2024-03', category: 'cloud', amount: '7', currency: 'USD' },
        { month: '2024-01', category: 'power', amount: '9', currency: 'CNY' },
      ], 'USD');
    expect(r.rows).toEqual([
      { month: '2024-01', plan: '100.10', actual: '110.15', variance: '10.05', variance_share: expect.closeTo(0.1004, 3), by_category: { cloud: '80.05', staff: '30.1' } },
      { month: '2024-02', plan: '0', actual: '5', variance: '5', variance_share: null, by_category: { cloud: '5' } },
      { month: '2024-03', plan: null, actual: '7', variance: null, variance_share: null, by_category: { cloud: '7' } },
    ]);
    expect(r.skipped).toEqual([{ month: '2024-01', category: 'power', currency: 'CNY' }]);
  });
});
