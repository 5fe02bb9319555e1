// Forecast backtest (issue 15): for a scenario with actuals, replay the forecast from each past
// month using only the actuals up to then, and score it one step ahead against what happened,
// beside a naive forecast (next = last actual) and a trend forecast (log-linear fit on the
// actuals so far). The model forecast is the scenario's own shape (its deterministic peak per
// month) re-anchored on the last actual: forecast(k | t) = model(k) × actual(t) / model(t).
// Pure: the caller passes the model's peaks, its serving tokens/s per GPU, and the actuals.
import { daysInMonth, monthDiff } from '../demand/calendar.js';

export interface UsageFigure {
  pool: string;               // '' = the whole service
  period: string;             // YYYY-MM or YYYY-MM-DD
  peak_tokens_per_s: number | null;
  output_tokens: number | null;
}

/**
 * Actual peak output tokens/s per month: the stated peak (whole-service row, else the sum of the
 * pools' peaks; a daily file gives each pool's busiest day), else the month's output tokens at
 * the scenario's peak-to-mean ratio (`peakToMean`: busiest hour's share × 24 × burst factor).
 */
export function actualPeaks(rows: UsageFigure[], peakToMean: number): { month: string; peak: number; derived: boolean }[] {
  const by = new Map<string, Map<string, { peak: number | null; tokens: number; daily: boolean }>>();
  for (const r of rows) {
    const month = r.period.slice(0, 7);
    const pools = by.get(month) ?? new Map();
    by.set(month, pools);
    const cur = pools.get(r.pool) ?? { peak: null, tokens: 0, daily: r.period.length > 7 };
    if (r.peak_tokens_per_s !== null) cur.peak = Math.max(cur.peak ?? 0, r.peak_tokens_per_s);
    if (r.output_tokens !== null) cur.tokens += r.output_tokens;
    pools.set(r.pool, cur);
  }
  const out: { month: string; peak: number; derived: boolean }[] = [];
  for (const [month, pools] of [...by.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const pick = pools.has('') ? [pools.get('')!] : [...pools.values()];
    let peak = 0, derived = false, any = false;
    for (const p of pick) {
      if (p.peak !== null) { peak += p.peak; any = true; continue; }
      if (p.tokens > 0) {
        // A daily file's tokens cover only the days given; a monthly row covers the month.
        const seconds = (p.daily ? 1 : daysInMonth(month)) * 86400;
        peak += (p.tokens / seconds) * peakToMean;
        derived = true; any = true;
      }
    }
    if (any) out.push({ month, peak, derived });
  }
  return out;
}

export interface BacktestInput {
  /** The scenario's months and its deterministic peak output tokens/s in each. */
  months: string[];
  model_peak: number[];
  /** Output tokens/s one GPU serves at the safe utilisation, per month (null: no GPUs that month). */
  tokens_per_gpu: (number | null)[];
  actual: { month: string; peak: number }[];
}

export interface Score { mape: number | null; gpu_months_over: number; gpu_months_under: number; n: number }
export interface BacktestMonth { month: string; actual_peak: number; forecast_peak: number | null; naive_peak: number; trend_peak: number; from_month: string }
export interface BacktestResult { months: BacktestMonth[]; scores: { model: Score; naive: Score; trend: Score }; message: string | null }

/** Log-linear least squares on (x, ln y) evaluated at x0; the last value when fewer than 2 points. */
export function trendForecast(xs: number[], ys: number[], x0: number): number {
  const pts = xs.map((x, i) => [x, ys[i]] as const).filter(([, y]) => y > 0);
  if (pts.length < 2) return ys[ys.length - 1];
  const n = pts.length;
  const mx = pts.reduce((a, [x]) => a + x, 0) / n;
  const my = pts.reduce((a, [, y]) => a + Math.log(y), 0) / n;
  let sxy = 0, sxx = 0;
  for (const [x, y] of pts) { sxy += (x - mx) * (Math.log(y) - my); sxx += (x - mx) ** 2; }
  const b = sxx > 0 ? sxy / sxx : 0;
  return Math.exp(my + b * (x0 - mx));
}

export function backtest(input: BacktestInput): BacktestResult {
  const acts = [...input.actual].sort((a, b) => a.month.localeCompare(b.month));
  const start = input.months[0];
  const idx = (m: string) => monthDiff(start, m);
  const months: BacktestMonth[] = [];
  for (let j = 1; j < acts.length; j++) {
    const t = acts[j - 1], k = acts[j];
    const it = idx(t.month), ik = idx(k.month);
    const inH = (i: number) => i >= 0 && i < input.months.length;
    const forecast = inH(it) && inH(ik) && input.model_peak[it] > 0 ? (input.model_peak[ik] * t.peak) / input.model_peak[it] : null;
    const xs = acts.slice(0, j).map((a) => idx(a.month)), ys = acts.slice(0, j).map((a) => a.peak);
    months.push({ month: k.month, from_month: t.month, actual_peak: k.peak, forecast_peak: forecast, naive_peak: t.peak, trend_peak: trendForecast(xs, ys, ik) });
  }
  const score = (get: (m: BacktestMonth) => number | null): Score => {
    let ape = 0, n = 0, over = 0, under = 0;
    for (const m of months) {
      const f = get(m);
      if (f === null) continue;
      n++;
      if (m.actual_peak > 0) ape += Math.abs(f - m.actual_peak) / m.actual_peak;
      const i = idx(m.month);
      const per = i >= 0 && i < input.tokens_per_gpu.length ? input.tokens_per_gpu[i] : null;
      if (per !== null && per > 0) {
        const d = (f - m.actual_peak) / per;
        if (d > 0) over += d; else under -= d;
      }
    }
    const withActual = months.filter((m) => get(m) !== null && m.actual_peak > 0).length;
    return { mape: withActual ? ape / withActual : null, gpu_months_over: over, gpu_months_under: under, n };
  };
  const message = acts.length < 2 ? `a backtest needs actual peaks for at least two months (found ${acts.length}); import actuals with peak tokens/s or output tokens` : null;
  return { months, scores: { model: score((m) => m.forecast_peak), naive: score((m) => m.naive_peak), trend: score((m) => m.trend_peak) }, message };
}
