import type { Command } from '../command.js';
import { intOpt, numOpt, parse, requireOpt } from '../args.js';
import { call, guarded, print, textTable, withContext } from '../run-api.js';
import { ApiError } from '../../api/errors.js';

const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : String(x));

type Crash = { p10: string | null; p50: string | null; p90: string | null } | null;
const crashLine = (label: string, c: Crash) =>
  c ? `${label} P10 ${c.p10 ?? '-'}  P50 ${c.p50 ?? 'beyond horizon'}  P90 ${c.p90 ?? 'beyond horizon'}` : `${label}: holds through the horizon in at least 90% of paths`;

export const planCommand: Command = {
  name: 'plan',
  summary: 'month-by-month demand vs capacity, overload probability and the crash month (Monte Carlo)',
  usage: `headroom plan --db PATH --scenario NAME [--no-procure] [--service-level P] [--months N] [--runs N] [--seed S] [--view accrual|cash] [--json]

Plans the fleet as it is (inventory in service each month) against the scenario's demand.
--months overrides the horizon (1-120), --runs the Monte Carlo paths (default 10000),
--seed its seed (default 1; same seed, same result). Without --no-procure the procurement
optimiser (HiGHS MILP) first plans what to buy, lease or rent and when (actions), sizing each
pool and month to the --service-level quantile (0.5-0.999, default the stored setting, 0.9) of
the Monte Carlo need, so each month's P(overload) <= 1 - P; the months are then planned with
those arrivals and p_overload / crash_month are WITH the plan (crash_month_without_plan: the
fleet as it is). --no-procure plans the fleet as it is. --view picks how purchases enter each
month's burn: depreciation over their useful life (accrual, the default) or the month they are paid (cash).

JSON: { scenario, currency, months: [{ month, users, peak_requests_per_s, peak_output_tokens_per_s,
capacity_output_tokens_per_s, utilisation, overload_hours_per_day, p_overload, gpus: { gpu_id: count },
burn: { total, depreciation, lease, cloud, electricity, hosting, fixed }, cost_per_million_tokens,
cost_per_million_total_tokens, served_output_tokens, served_total_tokens, ... }], crash_month: { p10, p50, p90 } | null,
crash_month_without_plan, deterministic_crash_month, monte_carlo, sensitivity, capacity,
warnings: [{ code, message, cluster_id?, site?, pool?, month? }], assumptions: { service_level, headroom,
hardware_life_months, discount_rate, lease_term_months, hours_rule, monte_carlo, ... , app_version, inputs_hash },
risk: { service_level, months: [{ month, p_overload_without_plan, p_overload, meets_target }] },
actions: [{ order_month, arrival_month, site, gpu_id, mode, quantity, unit_price, currency, ... }],
infeasible?: { reason, constraint, month }, procurement: { service_level, infeasible_months, ... } | null }`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, {
      db: { type: 'string' }, scenario: { type: 'string' }, months: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' },
      'no-procure': { type: 'boolean' }, procure: { type: 'boolean' }, view: { type: 'string' }, 'service-level': { type: 'string' },
    });
    if (values.view !== undefined && values.view !== 'accrual' && values.view !== 'cash') throw new ApiError('bad_request', 'view: must be accrual or cash', 'view');
    const level = numOpt(values['service-level'], 'service-level');
    if (level !== undefined && !(level >= 0.5 && level <= 0.999)) throw new ApiError('bad_request', 'service-level: must be from 0.5 to 0.999', 'service-level');
    const scenario = requireOpt(values.scenario, 'scenario');
    await withContext(io, values.db, async (ctx) => {
      const r = await call(ctx, 'plan.run', {
        scenario, months: intOpt(values.months, 'months'), runs: intOpt(values.runs, 'runs'), seed: intOpt(values.seed, 'seed'), procure: !values['no-procure'],
        view: values.view as 'accrual' | 'cash' | undefined, ...(level !== undefined ? { service_level: level } : {}),
      });
      print(io, values.json, r, () => {
        const extra = r as typeof r & {
          actions?: { order_month: string; arrival_month: string; site: string; gpu_id: string; mode: string; quantity: number; why?: { text: string } }[];
          infeasible?: { reason: string };
          procurement?: { service_level: number; infeasible_months: { month: string; reason: string; constraint: string }[] } | null;
          risk?: { target_p_overload: number; months: { month: string; p_overload_without_plan: number; p_overload: number; meets_target: boolean }[] };
        };
        const procured = !!extra.procurement;
        const riskBy = new Map((extra.risk?.months ?? []).map((m) => [m.month, m]));
        const rows = r.months.map((m) => ({
          month: m.month, users_m: fmt(m.users / 1e6, 1), peak_req_s: fmt(m.peak_requests_per_s), peak_tok_s: fmt(m.peak_output_tokens_per_s),
          capacity_tok_s: fmt(m.capacity_output_tokens_per_s), util: `${fmt(m.utilisation * 100, 1)}%`, over_h_day: fmt(m.overload_hours_per_day, 2),
          // Before/after risk side by side when the plan procured (issue 12).
          ...(procured ? { p_over_before: fmt(riskBy.get(m.month)?.p_overload_without_plan ?? NaN, 3), p_over_with_plan: fmt(m.p_overload, 3) } : { p_overload: fmt(m.p_overload, 3) }),
        }));
        const lines = [`${r.scenario} (${r.currency})`, textTable(rows, Object.keys(rows[0] ?? {}))];
        if (procured) {
          lines.push(`service level ${extra.procurement!.service_level}: each month's P(overload) target <= ${fmt(extra.risk?.target_p_overload ?? 0, 3)}`);
          lines.push(crashLine('crash month without the plan:', r.crash_month_without_plan), crashLine('crash month with the plan:   ', r.crash_month));
        } else lines.push(crashLine('crash month', r.crash_month));
        for (const a of extra.actions ?? []) lines.push(`order ${a.order_month} → arrives ${a.arrival_month}: ${a.quantity} × ${a.gpu_id} (${a.mode}) at ${a.site}${a.why ? ` — ${a.why.text}` : ''}`);
        for (const f of extra.procurement?.infeasible_months ?? []) lines.push(`cannot hold ${f.month}: ${f.reason} (${f.constraint})`);
        if (!extra.procurement && extra.infeasible) lines.push(`cannot hold: ${extra.infeasible.reason}`);
        for (const w of r.warnings) lines.push(`warning${w.code === 'note' ? '' : ` [${w.code}]`}: ${w.message}`);
        return lines.join('\n');
      });
    });
  }),
};
