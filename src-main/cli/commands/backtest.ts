import type { Command } from '../command.js';
import { parse, requireOpt } from '../args.js';
import { call, guarded, print, textTable, withContext } from '../run-api.js';

const fmt = (x: number | null, d = 0) => (x === null ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));

export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'replay the forecast from each past month against the imported actuals (model vs naive vs trend)',
  usage: `headroom backtest --db PATH --scenario NAME [--json]

For each month with actuals after the first, forecasts its peak output tokens/s from the month
before using only the actuals up to then: the scenario's own shape re-anchored on the last actual
(model), the last actual (naive), and a log-linear fit of the actuals so far (trend). Scores each:
MAPE of the peak, and GPU-months over/under-provisioned had the fleet been sized to the forecast
(GPUs = peak / (tokens/s per GPU x safe utilisation), from the scenario's capacity).
Actual peaks come from peak tokens/s, else from output tokens at the scenario's peak-to-mean ratio.

JSON: { scenario, months: [{ month, actual_peak, forecast_peak, naive_peak, trend_peak, from_month }],
        scores: { model: { mape, gpu_months_over, gpu_months_under, n }, naive: {...}, trend: {...} },
        actual_peaks: [{ month, peak, derived }], message }`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, { db: { type: 'string' }, scenario: { type: 'string' } });
    const scenario = requireOpt(values.scenario, 'scenario');
    await withContext(io, values.db, async (ctx) => {
      const r = await call(ctx, 'backtest.run', { scenario });
      print(io, values.json, r, () => {
        const rows = r.months.map((m) => ({ month: m.month, actual: fmt(m.actual_peak), model: fmt(m.forecast_peak), naive: fmt(m.naive_peak), trend: fmt(m.trend_peak) }));
        const sc = (['model', 'naive', 'trend'] as const).map((k) => ({
          forecast: k, mape: r.scores[k].mape === null ? '-' : `${fmt(r.scores[k].mape! * 100, 1)}%`, gpu_months_over: fmt(r.scores[k].gpu_months_over), gpu_months_under: fmt(r.scores[k].gpu_months_under), n: r.scores[k].n,
        }));
        return [`${r.scenario}: peak output tokens/s, one month ahead`, ...(r.message ? [r.message] : []), textTable(rows, ['month', 'actual', 'model', 'naive', 'trend']), '', textTable(sc, ['forecast', 'mape', 'gpu_months_over', 'gpu_months_under', 'n'])].join('\n');
      });
    });
  }),
};
