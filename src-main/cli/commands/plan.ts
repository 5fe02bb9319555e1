import type { Command } from '../command.js';
import { intOpt, numOpt, parse, requireOpt } from '../args.js';
import { call, guarded, print, textTable, withContext } from '../run-api.js';
import { ApiError } from '../../api/errors.js';

type Q = { p10: number; p50: number; p90: number };
type CrashQ = { p10: string | null; p50: string | null; p90: string | null } | null;
interface PosteriorView {
  effective_sample_size: number; matched_paths: number; runs: number; message: string | null; crash_month: CrashQ; prior_crash_month: CrashQ;
  inputs: Record<string, { prior: Q; posterior: Q; shift: number }>; observations: { date: string; status: string; p_overload: number | null; prior_p_overload: number | null }[];
}
interface PriorFromView { scenario: string; effective_sample_size: number; message: string | null; carried: Record<string, { prior: { value: number }; carried: { value: number; p10?: number; p90?: number } }> }

const crashText = (c: CrashQ) => (c ? `P10 ${c.p10 ?? '-'}  P50 ${c.p50 ?? 'beyond horizon'}  P90 ${c.p90 ?? 'beyond horizon'}` : 'holds through the horizon in at least 90% of paths');

/** Human lines for --condition and --prior-from. */
function conditionLines(r: { posterior?: PosteriorView; prior_from?: PriorFromView }): string[] {
  const out: string[] = [];
  if (r.prior_from) {
    const pf = r.prior_from;
    out.push(`prior from ${pf.scenario} (effective sample size ${fmt(pf.effective_sample_size)})${pf.message ? `: ${pf.message}` : ''}`);
    for (const [k, v] of Object.entries(pf.carried)) out.push(`  ${k}: ${fmt(v.prior.value, 3)} → P50 ${fmt(v.carried.value, 3)} (P10 ${fmt(v.carried.p10 ?? v.carried.value, 3)}, P90 ${fmt(v.carried.p90 ?? v.carried.value, 3)})`);
  }
  const p = r.posterior;
  if (!p) return out;
  if (p.message) out.push(`posterior: ${p.message}`);
  out.push(`posterior: ${p.matched_paths} of ${p.runs} paths reproduce every observation; effective sample size ${fmt(p.effective_sample_size)}`);
  out.push(`crash month before (prior) ${crashText(p.prior_crash_month)}`, `crash month after (posterior) ${crashText(p.crash_month)}`);
  const rows = Object.entries(p.inputs).sort((a, b) => Math.abs(Math.log(b[1].shift || 1)) - Math.abs(Math.log(a[1].shift || 1))).map(([k, v]) => ({
    input: k, prior: `${fmt(v.prior.p10, 3)} / ${fmt(v.prior.p50, 3)} / ${fmt(v.prior.p90, 3)}`,
    posterior: `${fmt(v.posterior.p10, 3)} / ${fmt(v.posterior.p50, 3)} / ${fmt(v.posterior.p90, 3)}`, moved: `x${fmt(v.shift, 2)}`,
  }));
  if (rows.length) out.push(textTable(rows, ['input', 'prior', 'posterior', 'moved']));
  const obs = p.observations.map((o) => ({ date: o.date, observed: o.status, p_overload_prior: o.prior_p_overload === null ? 'outside' : fmt(o.prior_p_overload, 2), p_overload_posterior: o.p_overload === null ? 'outside' : fmt(o.p_overload, 2) }));
  if (obs.length) out.push(textTable(obs, ['date', 'observed', 'p_overload_prior', 'p_overload_posterior']));
  return out;
}

const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : String(x));

export const planCommand: Command = {
  name: 'plan',
  summary: 'month-by-month demand vs capacity, overload probability and the crash month (Monte Carlo)',
  usage: `headroom plan --db PATH --scenario NAME [--no-procure] [--service-level P] [--months N] [--runs N] [--seed S]
             [--view accrual|cash] [--condition] [--prior-from NAME] [--pessimistic-specs] [--json]

Plans the fleet as it is (inventory in service each month) against the scenario's demand.
--months overrides the horizon (1-120), --runs the Monte Carlo paths (default 10000),
--seed its seed (default 1; same seed, same result). Without --no-procure the procurement
optimiser (HiGHS MILP) first plans what to buy, lease or rent and when (actions), and the months
are planned with those arrivals; --no-procure plans the fleet as it is. --service-level P (0.5-0.999,
default the stored setting, 0.9) sizes each pool and month to the P quantile of its Monte Carlo need
(jointly over the pools), so each month's P(overload) <= 1 - P; p_overload and crash_month are then
WITH the plan and crash_month_without_plan is the fleet as it is. --view picks how purchases enter each month's burn: depreciation over
their useful life (accrual, the default) or the month they are paid (cash).
--condition weights the Monte Carlo paths by how well they reproduce the scenario's observations
(outages, held days) and adds the posterior: prior vs posterior P10/P50/P90 of every uncertain
input, the effective sample size, P(overload) on each observed day, and the crash month before
and after. --prior-from NAME first takes NAME's posterior as the prior of the inputs both share
(tokens per request, burst factor, GPU availability) and adds prior_from.
--pessimistic-specs also runs the optimiser with every GPU spec that has another public figure
(db/seed/gpu_spec_sources.csv, e.g. the unofficial L20 dense BF16 119.5 vs 59.8 TFLOPS) at its
pessimistic end, and adds spec_what_if: what changed, GPUs added per type and committed cost in both
runs, and the types whose quantity differs (choice_flips: a type bought in one run only).

JSON: { scenario, currency, months: [{ month, users, peak_requests_per_s, peak_output_tokens_per_s,
capacity_output_tokens_per_s, utilisation, overload_hours_per_day, p_overload, gpus: { gpu_id: count },
burn: { total, depreciation, lease, cloud, electricity, hosting, fixed }, cost_per_million_tokens, cost_per_million_total_tokens,
served_output_tokens, served_total_tokens, ... }], crash_month: { p10, p50, p90 } | null, crash_month_without_plan,
deterministic_crash_month, monte_carlo, sensitivity, capacity,
warnings: [{ code, message, cluster_id?, site?, pool?, month? }], assumptions: { service_level, headroom, hardware_life_months,
discount_rate, lease_term_months, hours_rule, monte_carlo: { runs, seed }, procurement, price_as_of, app_version, inputs_hash, ... },
risk: { service_level, target_p_overload, monte_carlo_error, months: [{ month, p_overload_without_plan, p_overload, meets_target }] },
actions: [{ order_month, arrival_month, site, gpu_id, mode, quantity, unit_price, currency, ... }],
infeasible?: { reason, constraint, month }, procurement: { service_level, infeasible_months: [...], ... } | null,
posterior?: { effective_sample_size, matched_paths, runs, seed, message, crash_month, prior_crash_month, p_overload,
  inputs: { name: { prior: { p10, p50, p90 }, posterior: { p10, p50, p90 }, shift } },
  observations: [{ date, month, pool, status, source, used, p_overload, prior_p_overload }] },
prior_from?: { scenario, effective_sample_size, message, carried: { name: { prior, carried } } },
spec_what_if?: { changed: [{ gpu_id, field, confidence, value, alt_value, source_url, note }],
  stated: { gpus: { gpu_id: count }, total_cost, short_months, crash_month_with_plan }, pessimistic: { ... },
  flips: [{ gpu_id, stated, pessimistic }], choice_flips } }`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, {
      db: { type: 'string' }, scenario: { type: 'string' }, months: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' },
      'no-procure': { type: 'boolean' }, procure: { type: 'boolean' }, view: { type: 'string' },
      condition: { type: 'boolean' }, 'prior-from': { type: 'string' }, 'service-level': { type: 'string' },
      'pessimistic-specs': { type: 'boolean' },
    });
    if (values['pessimistic-specs'] && values['no-procure']) throw new ApiError('bad_request', '--pessimistic-specs re-runs the optimiser, so it cannot go with --no-procure', 'pessimistic-specs');
    if (values.view !== undefined && values.view !== 'accrual' && values.view !== 'cash') throw new ApiError('bad_request', 'view: must be accrual or cash', 'view');
    const level = numOpt(values['service-level'], 'service-level');
    if (level !== undefined && !(level >= 0.5 && level <= 0.999)) throw new ApiError('bad_request', 'service-level: must be from 0.5 to 0.999', 'service-level');
    const scenario = requireOpt(values.scenario, 'scenario');
    await withContext(io, values.db, async (ctx) => {
      const r = await call(ctx, 'plan.run', {
        scenario, months: intOpt(values.months, 'months'), runs: intOpt(values.runs, 'runs'), seed: intOpt(values.seed, 'seed'), procure: !values['no-procure'],
        view: values.view as 'accrual' | 'cash' | undefined,
        condition: values.condition ?? false, prior_from: values['prior-from'], ...(level !== undefined ? { service_level: level } : {}),
      });
      const what = values['pessimistic-specs']
        ? await call(ctx, 'procure.specWhatIf', { scenario, overrides: level !== undefined ? { service_level: level } : {} })
        : undefined;
      print(io, values.json, what ? { ...r, spec_what_if: what } : r, () => {
        const procured = !!r.procurement;
        const riskBy = new Map((r.risk?.months ?? []).map((m) => [m.month, m]));
        const rows = r.months.map((m) => ({
          month: m.month, users_m: fmt(m.users / 1e6, 1), peak_req_s: fmt(m.peak_requests_per_s), peak_tok_s: fmt(m.peak_output_tokens_per_s),
          capacity_tok_s: fmt(m.capacity_output_tokens_per_s), util: `${fmt(m.utilisation * 100, 1)}%`, over_h_day: fmt(m.overload_hours_per_day, 2),
          // Before/after risk side by side when the plan procured (issue 12).
          ...(procured ? { p_over_before: fmt(riskBy.get(m.month)?.p_overload_without_plan ?? NaN, 3), p_over_with_plan: fmt(m.p_overload, 3) } : { p_overload: fmt(m.p_overload, 3) }),
        }));
        const lines = [`${r.scenario} (${r.currency})`, textTable(rows, Object.keys(rows[0] ?? {}))];
        if (procured) {
          lines.push(`service level ${r.procurement!.service_level}: each month's P(overload) target <= ${fmt(r.risk?.target_p_overload ?? 0, 3)}`);
          lines.push(`crash month without the plan: ${crashText(r.crash_month_without_plan ?? null)}`, `crash month with the plan:    ${crashText(r.crash_month)}`);
        } else lines.push(`crash month ${crashText(r.crash_month)}`);
        lines.push(...conditionLines(r as { posterior?: PosteriorView; prior_from?: PriorFromView }));
        for (const a of r.actions ?? []) lines.push(`order ${a.order_month} → arrives ${a.arrival_month}: ${a.quantity} × ${a.gpu_id} (${a.mode}) at ${a.site}${a.why ? ` — ${a.why.text}` : ''}`);
        for (const f of r.procurement?.infeasible_months ?? []) lines.push(`cannot hold ${f.month}: ${f.reason} (${f.constraint})`);
        if (!r.procurement && r.infeasible) lines.push(`cannot hold: ${r.infeasible.reason}`);
        for (const w of r.warnings) lines.push(`warning${w.code === 'note' ? '' : ` [${w.code}]`}: ${w.message}`);
        if (what) lines.push(...specWhatIfLines(what));
        return lines.join('\n');
      });
    });
  }),
};

/** The pessimistic-spec what-if in words: what changed, and whether the optimiser's choice moves. */
function specWhatIfLines(w: { changed: { gpu_id: string; field: string; confidence: string; value: number | null; alt_value: number }[]; currency: string;
  stated: { total_cost: string; short_months: number }; pessimistic: { total_cost: string; short_months: number }; flips: { gpu_id: string; stated: number; pessimistic: number }[]; choice_flips: boolean }): string[] {
  const out = ['spec what-if (pessimistic public figures):'];
  if (!w.changed.length) return [...out, '  no spec has a worse public figure: nothing changed'];
  for (const c of w.changed) out.push(`  ${c.gpu_id} ${c.field} ${c.value ?? '?'} -> ${c.alt_value} (${c.confidence})`);
  out.push(`  committed cost ${w.stated.total_cost} -> ${w.pessimistic.total_cost} ${w.currency}; months short ${w.stated.short_months} -> ${w.pessimistic.short_months}`);
  if (!w.flips.length) out.push('  the same GPUs are added either way: the choice does not rest on these figures');
  for (const f of w.flips) out.push(`  ${f.gpu_id}: ${f.stated} -> ${f.pessimistic} GPUs`);
  if (w.choice_flips) out.push('  the choice of GPU type flips: check these figures before ordering');
  return out;
}
