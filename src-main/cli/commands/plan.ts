import type { Command } from '../command.js';
import { intOpt, parse, requireOpt } from '../args.js';
import { call, guarded, print, textTable, withContext } from '../run-api.js';
import { ApiError } from '../../api/errors.js';

const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : String(x));

export const planCommand: Command = {
  name: 'plan',
  summary: 'month-by-month demand vs capacity, overload probability and the crash month (Monte Carlo)',
  usage: `headroom plan --db PATH --scenario NAME [--no-procure] [--months N] [--runs N] [--seed S] [--view accrual|cash] [--json]

Plans the fleet as it is (inventory in service each month) against the scenario's demand.
--months overrides the horizon (1-120), --runs the Monte Carlo paths (default 10000),
--seed its seed (default 1; same seed, same result). Without --no-procure the procurement
optimiser (HiGHS MILP) first plans what to buy, lease or rent and when (actions), and the months
are planned with those arrivals; --no-procure plans the fleet as it is. --view picks how purchases enter each month's burn: depreciation over
their useful life (accrual, the default) or the month they are paid (cash).

JSON: { scenario, currency, months: [{ month, users, peak_requests_per_s, peak_output_tokens_per_s,
capacity_output_tokens_per_s, utilisation, overload_hours_per_day, p_overload, gpus: { gpu_id: count },
burn: { total, depreciation, lease, cloud, electricity, hosting, fixed }, cost_per_million_tokens, ... }], crash_month: { p10, p50, p90 } | null, deterministic_crash_month, monte_carlo, sensitivity,
capacity, warnings, actions: [{ order_month, arrival_month, site, gpu_id, mode, quantity, unit_price, currency, ... }],
infeasible?: { reason, constraint, month } }`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, {
      db: { type: 'string' }, scenario: { type: 'string' }, months: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' },
      'no-procure': { type: 'boolean' }, procure: { type: 'boolean' }, view: { type: 'string' },
    });
    if (values.view !== undefined && values.view !== 'accrual' && values.view !== 'cash') throw new ApiError('bad_request', 'view: must be accrual or cash', 'view');
    const scenario = requireOpt(values.scenario, 'scenario');
    await withContext(io, values.db, async (ctx) => {
      const r = await call(ctx, 'plan.run', {
        scenario, months: intOpt(values.months, 'months'), runs: intOpt(values.runs, 'runs'), seed: intOpt(values.seed, 'seed'), procure: !values['no-procure'],
        view: values.view as 'accrual' | 'cash' | undefined,
      });
      print(io, values.json, r, () => {
        const rows = r.months.map((m) => ({
          month: m.month, users_m: fmt(m.users / 1e6, 1), peak_req_s: fmt(m.peak_requests_per_s), peak_tok_s: fmt(m.peak_output_tokens_per_s),
          capacity_tok_s: fmt(m.capacity_output_tokens_per_s), util: `${fmt(m.utilisation * 100, 1)}%`, over_h_day: fmt(m.overload_hours_per_day, 2),
          p_overload: fmt(m.p_overload, 3),
        }));
        const c = r.crash_month;
        const crash = c ? `crash month P10 ${c.p10 ?? '-'}  P50 ${c.p50 ?? 'beyond horizon'}  P90 ${c.p90 ?? 'beyond horizon'}` : 'crash month: holds through the horizon in at least 90% of paths';
        const extra = r as { actions?: { order_month: string; arrival_month: string; site: string; gpu_id: string; mode: string; quantity: number; why?: { text: string } }[]; infeasible?: { reason: string } };
        const acts = (extra.actions ?? []).map((a) => `order ${a.order_month} → arrives ${a.arrival_month}: ${a.quantity} × ${a.gpu_id} (${a.mode}) at ${a.site}${a.why ? ` — ${a.why.text}` : ''}`);
        return [`${r.scenario} (${r.currency})`, textTable(rows, Object.keys(rows[0] ?? {})), crash, ...acts, ...(extra.infeasible ? [`cannot hold: ${extra.infeasible.reason}`] : []), ...r.warnings.map((w) => `warning: ${w}`)].join('\n');
      });
    });
  }),
};
