// The few figures the Plan page puts side by side when comparing two plans: GPUs added, months
// with a shortfall, and each site's peak facility power against its limit.
import type { ProcureResult } from './types.js';

export interface PlanSummary {
  gpus_added: number;
  /** Distinct months in which some pool stays short. */
  short_months: number;
  /** Highest facility power per site over the horizon, kW, with the plan applied. */
  peak_power_kw: Record<string, number>;
}

export function planSummary(r: Pick<ProcureResult, 'actions' | 'shortfalls' | 'months'>): PlanSummary {
  const peak: Record<string, number> = {};
  for (const m of r.months) for (const [site, kw] of Object.entries(m.power_kw)) peak[site] = Math.max(peak[site] ?? 0, kw);
  return {
    gpus_added: r.actions.reduce((s, a) => s + a.quantity, 0),
    short_months: new Set(r.shortfalls.map((s) => s.month)).size,
    peak_power_kw: peak,
  };
}
