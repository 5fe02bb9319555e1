// Actual vs plan spend per month (issue 15): the plan's burn total beside the imported actual
// spend (summed over categories), the variance and its share of the plan. Money stays decimal
// strings; spend in another currency than the plan's is left out and named, never mixed.
import { Decimal } from 'decimal.js';

export interface SpendFigure { month: string; category: string; amount: string; currency: string }
export interface VarianceRow {
  month: string;
  plan: string | null;
  actual: string;
  /** actual − plan (positive: spent more than planned); null when the month has no plan figure. */
  variance: string | null;
  /** variance ÷ plan; null when the plan is 0 or missing. */
  variance_share: number | null;
  by_category: Record<string, string>;
}

export function spendVariance(plan: { month: string; total: string | null }[], spend: SpendFigure[], currency: string): { rows: VarianceRow[]; skipped: { month: string; category: string; currency: string }[] } {
  const planBy = new Map(plan.map((p) => [p.month, p.total]));
  const by = new Map<string, Map<string, Decimal>>();
  const skipped: { month: string; category: string; currency: string }[] = [];
  for (const s of spend) {
    if (s.currency !== currency) { skipped.push({ month: s.month, category: s.category, currency: s.currency }); continue; }
    const m = by.get(s.month) ?? new Map<string, Decimal>();
    m.set(s.category, (m.get(s.category) ?? new Decimal(0)).plus(s.amount));
    by.set(s.month, m);
  }
  const rows: VarianceRow[] = [...by.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([month, cats]) => {
    const actual = [...cats.values()].reduce((a, b) => a.plus(b), new Decimal(0));
    const p = planBy.get(month) ?? null;
    const v = p === null ? null : actual.minus(p);
    const share = p === null || new Decimal(p).isZero() || v === null ? null : v.div(p).toNumber();
    return {
      month, plan: p, actual: actual.toFixed(), variance: v === null ? null : v.toFixed(), variance_share: share,
      by_category: Object.fromEntries([...cats.entries()].map(([k, d]) => [k, d.toFixed()])),
    };
  });
  return { rows, skipped };
}
