// The comparison workbook (`export --compare A,B[,C]`, API `export.compare`): two or three
// scenarios side by side. Each scenario's numbers are its own export's (buildTables of the
// ExportInput that `export.run` would write), so a comparison never disagrees with the single
// exports. Sheets: About (provenance of each scenario, options, rules), Comparison (one row per
// figure, one column per scenario, then each other scenario minus the first), Cash flows (the
// monthly series the totals, NPV and IRR are formulas over) and Actions (every scenario's
// purchases, for Plan spend). Pure: no database, no clock.
import { Decimal } from 'decimal.js';
import { buildTables, columnIndex, type Column, type Formula, type Kind, type Row, type Table, type Value } from './tables.js';
import { labeller, type LabelKey } from './labels.js';
import { optionsOf } from './finance.js';
import { addMonths, monthOrdinal } from '../../engine/burn/months.js';
import type { ExportInput, Lang } from './types.js';

export interface CompareTables {
  lang: Lang;
  currency: string;
  /** In sheet order: About, Comparison, Cash flows, Actions. */
  tables: Table[];
  /** The headline figures per scenario (the CLI's --json and the API return them). */
  figures: ScenarioFigures[];
  discount_rate: string;
}

export interface ScenarioFigures {
  scenario: string;
  inputs_hash: string;
  first_month: string | null;
  last_month: string | null;
  crash_month: { p10: string | null; p50: string | null; p90: string | null } | null;
  /** Money as decimal strings in the reporting currency; null when the plan carries no costs. */
  total_burn: string | null;
  total_cash: string | null;
  total_accrual: string | null;
  output_tokens_millions: string | null;
  cost_per_million_tokens: string | null;
  gpus_last_month: number;
  plan_spend: string;
  /** Present value of the monthly total cash at the discount rate (2 decimals). */
  npv: string | null;
  /** Annual IRR of choosing this scenario over the first (null for the first, or when not defined). */
  irr: number | null;
  /** Why the IRR is not given (or a caveat), in words; null when it simply is. */
  irr_note: string | null;
  /** Buy-vs-lease-vs-cloud comparison only: the one acquisition mode this variant was planned with. */
  acquisition?: AcquisitionMode;
  /** Buy-vs-lease-vs-cloud comparison only: months whose P(overload) with the plan stays above the risk target. */
  months_above_target?: number;
}

export type AcquisitionMode = 'cloud' | 'lease' | 'buy';

/** What the buy-vs-lease-vs-cloud comparison knows of each variant beyond its export (from its plan). */
export interface AcquisitionMeta {
  mode: AcquisitionMode;
  /** The risk target every variant was sized to: each month's P(overload) ≤ this. */
  target_p_overload: number | null;
  /** Months whose P(overload) with the plan stays above the target. */
  months_short: number;
  /** The optimiser's binding limits over the months it could not cover, grouped (engine/procure Infeasibility). */
  limits: { constraint: string; months: number; first: string; last: string }[];
  /** The mode had no offer at all (no price for any candidate GPU, or cloud without a cloud site). */
  no_offer: boolean;
  /** Cloud asked for but the scenario has no cloud site to rent into. */
  no_cloud_site: boolean;
  /** Buy or lease asked for but every site of the scenario is a cloud region. */
  no_owned_site: boolean;
}

const D = (v: Value | undefined): Decimal | null => {
  if (v === null || v === undefined || v === '') return null;
  try { return new Decimal(v); } catch { return null; }
};

/** The monthly rate of an annual one: (1 + r)^(1/12) − 1. */
export const monthlyRate = (annual: number): number => Math.pow(1 + annual, 1 / 12) - 1;

/** Excel's NPV: each value at the end of its period, the first discounted by one period. */
export function npv(rate: number, values: number[]): number {
  let s = 0;
  for (let i = values.length - 1; i >= 0; i--) s = (s + values[i]) / (1 + rate);
  return s;
}

/** Σ v_i / (1+x)^i and its derivative (the first value undiscounted, as Excel's IRR). */
function npv0(x: number, v: number[]): [number, number] {
  let f = 0, df = 0;
  for (let i = 0; i < v.length; i++) {
    const d = Math.pow(1 + x, i);
    f += v[i] / d;
    df -= (i * v[i]) / (d * (1 + x));
  }
  return [f, df];
}

export type IrrResult =
  | { kind: 'ok'; monthly: number; annual: number; signChanges: number; /** Newton from 0.1 (Excel/LibreOffice's start) did not find it: pass this guess. */ guess?: number }
  | { kind: 'same' | 'never_more' | 'never_less' | 'not_found' };

/**
 * IRR of a monthly series of cash saved (positive) or spent extra (negative). Defined only when the
 * series changes sign. Newton from 0.1 with LibreOffice's stopping rule (|Δx| < 1e-7, 20 steps), else a
 * bracketing search and bisection (the formula then carries the root as its guess, so a spreadsheet
 * finds the same one).
 */
export function irr(values: number[]): IrrResult {
  const nz = values.filter((v) => v !== 0);
  if (nz.length === 0) return { kind: 'same' };
  if (nz.every((v) => v > 0)) return { kind: 'never_more' };
  if (nz.every((v) => v < 0)) return { kind: 'never_less' };
  let signChanges = 0;
  for (let i = 1; i < nz.length; i++) if (Math.sign(nz[i]) !== Math.sign(nz[i - 1])) signChanges++;
  const done = (m: number, guess?: number): IrrResult => ({ kind: 'ok', monthly: m, annual: Math.pow(1 + m, 12) - 1, signChanges, ...(guess === undefined ? {} : { guess }) });
  let x = 0.1;
  for (let k = 0; k < 20; k++) {
    const [f, df] = npv0(x, values);
    if (df === 0 || !Number.isFinite(df)) break;
    const nx = x - f / df;
    if (!Number.isFinite(nx) || nx <= -1) break;
    if (Math.abs(nx - x) < 1e-7) return done(nx);
    x = nx;
  }
  const grid = [-0.99, -0.9, -0.5, -0.2, -0.1, -0.05, -0.02, -0.01, -0.005, 0, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2];
  for (let g = 1; g < grid.length; g++) {
    let lo = grid[g - 1], hi = grid[g];
    let flo = npv0(lo, values)[0];
    const fhi = npv0(hi, values)[0];
    if (flo === 0) return done(lo, lo);
    if (Math.sign(flo) === Math.sign(fhi)) continue;
    for (let k = 0; k < 200 && hi - lo > 1e-12; k++) {
      const mid = (lo + hi) / 2;
      const fm = npv0(mid, values)[0];
      if (Math.sign(fm) === Math.sign(flo)) { lo = mid; flo = fm; } else hi = mid;
    }
    const root = (lo + hi) / 2;
    return done(root, Number(root.toPrecision(10)));
  }
  return { kind: 'not_found' };
}

/** The comparison tables of two or three scenarios' export inputs (same reporting currency). */
export function compareTables(inputs: ExportInput[], lang: Lang, acquisition?: AcquisitionMeta[]): CompareTables {
  if (inputs.length < 2) throw new Error('compare: two or three scenarios');
  if (acquisition && acquisition.length !== inputs.length) throw new Error('compare: one acquisition record per variant');
  const L = labeller(lang);
  const cur = inputs[0].plan.currency;
  const opts = optionsOf(inputs[0]);
  const rate = Number(opts.discount_rate);
  // Buy vs lease vs cloud: the variants are one scenario, told apart by their mode.
  const names = inputs.map((x, k) => (acquisition ? `${x.plan.scenario} · ${L(`acq_${acquisition[k].mode}`)}` : x.plan.scenario));
  const singles = inputs.map((x) => buildTables(x, lang));
  const withBurn = singles.map((t) => t.hasBurn);

  // Cash flows: one row per month of the union calendar, per scenario its monthly figures ------
  const firsts = inputs.map((x) => x.plan.months[0]?.month).filter((m): m is string => !!m);
  const lasts = inputs.map((x) => x.plan.months.at(-1)?.month).filter((m): m is string => !!m);
  const first = firsts.sort()[0], last = lasts.sort().at(-1);
  const calendar: string[] = [];
  if (first && last) for (let o = 0; o <= monthOrdinal(last) - monthOrdinal(first); o++) calendar.push(addMonths(first, o));
  const SERIES = [
    { key: 'total', header: L('total'), kind: 'money' as Kind },
    { key: 'opex', header: singles[0].monthly.columns.find((c) => c.key === 'opex')?.header ?? 'opex', kind: 'money' as Kind },
    { key: 'capex_cash', header: singles[0].monthly.columns.find((c) => c.key === 'capex_cash')?.header ?? 'capex cash', kind: 'money' as Kind },
    { key: 'total_cash', header: singles[0].monthly.columns.find((c) => c.key === 'total_cash')?.header ?? 'total cash', kind: 'money' as Kind, formula: ['opex', 'capex_cash'] },
    { key: 'capex_accrual', header: singles[0].monthly.columns.find((c) => c.key === 'capex_accrual')?.header ?? 'capex accrual', kind: 'money' as Kind },
    { key: 'total_accrual', header: singles[0].monthly.columns.find((c) => c.key === 'total_accrual')?.header ?? 'total accrual', kind: 'money' as Kind, formula: ['opex', 'capex_accrual'] },
    { key: 'output_tokens_m', header: L('output_tokens_m'), kind: 'number' as Kind },
  ];
  const sk = (k: number, key: string) => `s${k}:${key}`;
  const cfCols: Column[] = [{ key: 'month', header: L('month'), kind: 'month', width: 10 }];
  inputs.forEach((_, k) => {
    if (!withBurn[k]) return;
    for (const s of SERIES) {
      cfCols.push({
        key: sk(k, s.key), header: `${names[k]}: ${s.header}`, kind: s.kind, width: 18, ...(s.kind === 'number' ? { decimals: 3 } : {}),
        ...(s.formula ? { formula: { op: 'rowsum', keys: s.formula.map((x) => sk(k, x)) } as Formula } : {}),
      });
    }
  });
  const diffIdx = inputs.map((_, k) => k).filter((k) => k > 0 && withBurn[k] && withBurn[0]);
  for (const k of diffIdx) {
    cfCols.push({ key: `d${k}`, header: L('cmp_saved', { a: names[0], b: names[k] }), kind: 'money', width: 20, formula: { op: 'rowsub', a: sk(0, 'total_cash'), b: sk(k, 'total_cash') } });
  }
  // Each scenario's Monthly values by month (the single export's own cells).
  const byMonth = singles.map((t) => {
    const j = Object.fromEntries(SERIES.map((s) => [s.key, t.hasBurn ? columnIndex(t.monthly, s.key) : -1]));
    return new Map(t.monthly.rows.map((r) => [String(r.cells[0]), Object.fromEntries(SERIES.map((s) => [s.key, j[s.key] < 0 ? null : r.cells[j[s.key]]]))]));
  });
  const num = (v: Value | undefined): Decimal => D(v) ?? new Decimal(0);
  const cfRows: Row[] = calendar.map((mo) => {
    const cells: Value[] = [mo];
    inputs.forEach((_, k) => {
      if (!withBurn[k]) return;
      const m = byMonth[k].get(mo);
      for (const s of SERIES) cells.push(m ? (m[s.key] === null ? '0' : String(m[s.key] ?? '0')) : '0');
    });
    for (const k of diffIdx) {
      const a = byMonth[0].get(mo), b = byMonth[k].get(mo);
      cells.push(num(a?.total_cash).minus(num(b?.total_cash)).toString());
    }
    return { cells };
  });
  const cashflows: Table = { id: 'cashflows', name: L('sheet_cashflows'), currency: cur, columns: cfCols, rows: cfRows };
  const cfCol = (key: string): number[] => { const j = columnIndex(cashflows, key); return cfRows.map((r) => Number(r.cells[j])); };
  const cfSum = (key: string): string => { const j = columnIndex(cashflows, key); return cfRows.reduce((a, r) => a.plus(num(r.cells[j])), new Decimal(0)).toString(); };

  // Actions of every scenario, one sheet (Plan spend = SUMIF by scenario) ----------------------
  const actCols: Column[] = [{ key: 'scenario', header: L('scenario'), kind: 'text', width: 20 }, ...singles[0].actions.columns];
  const actRows: Row[] = singles.flatMap((t, k) => t.actions.rows.map((r) => ({ cells: [names[k], ...r.cells] })));
  const actions: Table = { id: 'compare_actions', name: singles[0].actions.name, currency: cur, columns: actCols, rows: actRows };
  const spendJ = columnIndex(actions, 'total_rep');
  const spendOf = (k: number) => actRows.filter((r) => r.cells[0] === names[k]).reduce((a, r) => a.plus(num(r.cells[spendJ])), new Decimal(0)).toString();

  // Comparison: one row per figure, a column per scenario, then each other minus the first ------
  const n = inputs.length;
  const cmpCols: Column[] = [
    { key: 'item', header: L('item'), kind: 'text', width: 44 },
    ...names.map((nm, k): Column => ({ key: `s${k}`, header: nm, kind: 'text', width: 22 })),
    ...names.slice(1).map((nm, i): Column => ({ key: `x${i + 1}`, header: L('cmp_vs', { a: names[0], b: nm }), kind: 'text', width: 22 })),
  ];
  const cmpRows: Row[] = [];
  /** One row: a value per scenario (with its kind and formula), the differences as formulas where both sides are numbers. */
  const row = (label: string, vals: { v: Value; kind: Kind; f?: Formula }[], diff: 'sub' | 'none' | ((k: number) => { v: Value; kind: Kind } | null) = 'sub') => {
    const cells: Value[] = [label, ...vals.map((x) => x.v)];
    const kinds: (Kind | undefined)[] = [undefined, ...vals.map((x) => x.kind)];
    const formulas: (Formula | undefined)[] = [undefined, ...vals.map((x) => x.f)];
    for (let k = 1; k < n; k++) {
      if (diff === 'none') { cells.push(null); kinds.push(undefined); formulas.push(undefined); continue; }
      if (typeof diff === 'function') { const d = diff(k); cells.push(d?.v ?? null); kinds.push(d?.kind); formulas.push(undefined); continue; }
      const a = D(vals[0].v), b = D(vals[k].v);
      const numeric = vals[0].kind !== 'text' && vals[k].kind !== 'text' && a !== null && b !== null;
      cells.push(numeric ? b!.minus(a!).toString() : null);
      kinds.push(numeric ? vals[k].kind : undefined);
      formulas.push(numeric ? { op: 'rowsub', a: `s${k}`, b: 's0' } : undefined);
    }
    cmpRows.push({ cells, kinds, formulas });
    return cmpRows.length - 1;
  };
  const each = <T>(f: (k: number) => T): T[] => inputs.map((_, k) => f(k));
  row(L('scenario'), each((k) => ({ v: names[k], kind: 'text' })), 'none');
  row(L('currency'), each(() => ({ v: cur, kind: 'text' })), 'none');
  row(L('view'), each((k) => ({ v: inputs[k].view === 'cash' ? L('view_cash') : L('view_accrual'), kind: 'text' })), 'none');
  if (acquisition) row(L('cmp_acq_mode'), each((k) => ({ v: L(`acq_${acquisition[k].mode}_long`), kind: 'text' })), 'none');
  row(L('first_month'), each((k) => ({ v: inputs[k].plan.months[0]?.month ?? '', kind: 'month' })), 'none');
  row(L('last_month'), each((k) => ({ v: inputs[k].plan.months.at(-1)?.month ?? '', kind: 'month' })), 'none');
  row(L('cmp_months'), each((k) => ({ v: inputs[k].plan.months.length, kind: 'int' })));
  const crashOf = (k: number, q: 'p10' | 'p50' | 'p90') => inputs[k].plan.crash_month?.[q] ?? null;
  for (const q of ['p10', 'p50', 'p90'] as const) {
    row(L(`crash_${q}`), each((k) => (crashOf(k, q) ? { v: crashOf(k, q), kind: 'month' as Kind } : { v: L('crash_none'), kind: 'text' as Kind })), (k) => {
      const a = crashOf(0, q), b = crashOf(k, q);
      return a && b ? { v: monthOrdinal(b) - monthOrdinal(a), kind: 'int' } : null;
    });
  }
  if (acquisition) {
    const target = acquisition[0].target_p_overload;
    row(target === null ? L('cmp_acq_short') : L('cmp_acq_short_at', { p: `${(target * 100).toFixed(1)} %` }), each((k) => ({ v: acquisition[k].months_short, kind: 'int' })));
    row(L('cmp_acq_why'), each((k) => ({ v: whyShort(acquisition[k], L), kind: 'text' })), 'none');
  }
  const money = (k: number, key: string): { v: Value; kind: Kind; f?: Formula } => (withBurn[k]
    ? { v: cfSum(sk(k, key)), kind: 'money', f: { op: 'colsum', table: 'cashflows', key: sk(k, key) } }
    : { v: L('no_burn'), kind: 'text' });
  row(L('total_burn'), each((k) => money(k, 'total')));
  for (const key of ['opex', 'capex_cash', 'total_cash', 'capex_accrual', 'total_accrual']) {
    row(`${L('total_of')}: ${SERIES.find((s) => s.key === key)!.header}`, each((k) => money(k, key)));
  }
  row(L('cmp_tokens_total'), each((k) => (withBurn[k] ? { v: cfSum(sk(k, 'output_tokens_m')), kind: 'number' as Kind, f: { op: 'colsum', table: 'cashflows', key: sk(k, 'output_tokens_m') } as Formula } : { v: L('no_burn'), kind: 'text' as Kind })));
  const cpm = each((k) => {
    if (!withBurn[k]) return null;
    const t = D(cfSum(sk(k, 'output_tokens_m')))!;
    return t.isZero() ? null : D(cfSum(sk(k, 'total')))!.div(t).toString();
  });
  row(L('avg_cost_per_m'), each((k) => (withBurn[k]
    ? { v: cpm[k], kind: 'money' as Kind, f: { op: 'colratio', table: 'cashflows', num: sk(k, 'total'), den: sk(k, 'output_tokens_m') } as Formula }
    : { v: L('no_burn'), kind: 'text' as Kind })));
  const gpusLast = each((k) => Object.values(inputs[k].plan.months.at(-1)?.gpus ?? {}).reduce((a, x) => a + x, 0));
  row(L('cmp_gpus_total'), each((k) => ({ v: gpusLast[k], kind: 'int' })));
  row(L('plan_actions'), each((k) => ({ v: inputs[k].plan.actions.length, kind: 'int' })));
  const spend = each(spendOf);
  row(L('plan_spend'), each((k) => ({ v: spend[k], kind: 'money', f: { op: 'colsumif', table: 'compare_actions', matchKey: 'scenario', match: names[k], sumKey: 'total_rep' } })));
  const rateRow = row(L('opt_discount'), each(() => ({ v: rate, kind: 'percent' })), 'none');
  const npvs = each((k) => (withBurn[k] ? npv(monthlyRate(rate), cfCol(sk(k, 'total_cash'))) : null));
  row(L('cmp_npv'), each((k) => (npvs[k] === null ? { v: L('no_burn'), kind: 'text' as Kind }
    : { v: npvs[k]!.toFixed(6), kind: 'money' as Kind, f: { op: 'npv', table: 'cashflows', key: sk(k, 'total_cash'), rateRow } as Formula })));
  // An IRR compares the same months: a scenario that starts in another month than the first has none.
  const startOf = (k: number) => inputs[k].plan.months[0]?.month ?? '';
  const sameStart = (k: number) => startOf(k) === startOf(0);
  // From the common first month (earlier rows of the calendar belong to a third scenario and are 0 here).
  const irrFrom = Math.max(0, calendar.indexOf(startOf(0)));
  const irrs = each((k): IrrResult | null => (diffIdx.includes(k) && sameStart(k) ? irr(cfCol(`d${k}`).slice(irrFrom)) : null));
  const irrText = (k: number): string | null => {
    if (k === 0) return L('cmp_irr_baseline');
    const r = irrs[k];
    if (!r && diffIdx.includes(k)) return L('cmp_irr_other_start', { a: names[0], a_start: startOf(0), b_start: startOf(k) });
    if (!r) return L('no_burn');
    if (r.kind === 'ok') return r.signChanges > 1 ? L('cmp_irr_multi', { n: r.signChanges }) : null;
    return L(`cmp_irr_${r.kind}`, { a: names[0] });
  };
  row(L('cmp_irr', { a: names[0] }), each((k) => {
    const r = irrs[k];
    if (r && r.kind === 'ok') return { v: r.annual, kind: 'percent' as Kind, f: { op: 'irr', table: 'cashflows', key: `d${k}`, fromRow: irrFrom, ...(r.guess === undefined ? {} : { guess: r.guess }) } as Formula };
    return { v: irrText(k), kind: 'text' as Kind };
  }), 'none');
  row(L('cmp_irr_note'), each((k) => ({ v: irrs[k]?.kind === 'ok' ? irrText(k) ?? '' : '', kind: 'text' })), 'none');
  const compare: Table = { id: 'compare', name: L('sheet_compare'), currency: cur, columns: cmpCols, rows: cmpRows };

  // About ------------------------------------------------------------------------------------
  const about: Row[] = [];
  const cv = (label: string, value: Value, kind: Kind = 'text') => about.push({ cells: [label, value], kinds: [undefined, kind] });
  const pay = opts.payment;
  const prov0 = inputs[0].provenance;
  cv(L('report_title'), acquisition ? L('cmp_acq_title') : L('cmp_title'));
  cv(L('app_version'), prov0?.app_version ?? '');
  cv(L('db_file'), prov0?.db_file ?? '');
  cv(L('generated_at'), inputs[0].generated_at, 'datetime');
  inputs.forEach((x, k) => cv(L('cmp_scenario_n', { n: k + 1 }), `${names[k]} (${L('cmp_modified_hash', { modified: x.provenance?.scenario_modified ?? '—', hash: x.provenance?.inputs_hash ?? '' })})`));
  cv(L('currency'), cur);
  cv(L('view'), inputs[0].view === 'cash' ? L('view_cash') : L('view_accrual'));
  cv(L('opt_procure'), opts.procure ? L('yes') : L('no'));
  cv(L('opt_months'), opts.months ?? '', 'int');
  cv(L('opt_runs'), inputs[0].plan.monte_carlo?.runs ?? opts.runs ?? '', 'int');
  cv(L('opt_seed'), inputs[0].plan.monte_carlo?.seed ?? opts.seed ?? '', 'int');
  cv(L('opt_payment'), pay.kind === 'split' ? L('pay_split', { a: Math.round(pay.at_order * 100), b: Math.round((1 - pay.at_order) * 100) }) : L(pay.kind === 'order' ? 'pay_order' : 'pay_arrival'));
  cv(L('opt_discount'), rate, 'percent');
  cv(L('rule_npv'), L('rule_npv_text'));
  cv(L('rule_irr'), L('rule_irr_text'));
  cv(L('rule_calendar'), L('rule_calendar_text'));
  cv(L('rule_same_capacity'), acquisition ? L('cmp_acq_rule_text') : L('rule_same_capacity_text'));
  cv(L('rule_fx'), L('rule_fx_text'));
  cv(L('rule_rental'), L('rule_rental_text'));
  const aboutT: Table = {
    id: 'compare_about', name: L('sheet_cover'), currency: cur,
    columns: [{ key: 'item', header: L('item'), kind: 'text', width: 34 }, { key: 'value', header: L('value'), kind: 'text', width: 90 }],
    rows: about,
  };

  const figures: ScenarioFigures[] = inputs.map((x, k) => ({
    scenario: names[k], inputs_hash: x.provenance?.inputs_hash ?? '',
    first_month: x.plan.months[0]?.month ?? null, last_month: x.plan.months.at(-1)?.month ?? null, crash_month: x.plan.crash_month,
    total_burn: withBurn[k] ? cfSum(sk(k, 'total')) : null, total_cash: withBurn[k] ? cfSum(sk(k, 'total_cash')) : null,
    total_accrual: withBurn[k] ? cfSum(sk(k, 'total_accrual')) : null, output_tokens_millions: withBurn[k] ? cfSum(sk(k, 'output_tokens_m')) : null,
    cost_per_million_tokens: cpm[k], gpus_last_month: gpusLast[k], plan_spend: spend[k],
    npv: npvs[k] === null ? null : npvs[k]!.toFixed(2),
    irr: irrs[k]?.kind === 'ok' ? (irrs[k] as { annual: number }).annual : null,
    irr_note: irrText(k),
    ...(acquisition ? { acquisition: acquisition[k].mode, months_above_target: acquisition[k].months_short } : {}),
  }));
  return { lang, currency: cur, tables: [aboutT, compare, cashflows, actions], figures, discount_rate: opts.discount_rate };
}

/** Why a variant cannot hold at the risk target, in words: no offer at all, else its binding limits with their months. */
function whyShort(a: AcquisitionMeta, L: ReturnType<typeof labeller>): string {
  if (a.months_short === 0) return L('cmp_acq_holds');
  const parts: string[] = [];
  // With nowhere to put this mode or nothing to buy, the optimiser's own limits describe the fleet as it is, not the mode.
  if (a.no_cloud_site) return L('cmp_acq_no_cloud_site');
  if (a.no_owned_site) return L('cmp_acq_no_owned_site', { mode: L(`acq_${a.mode}`) });
  if (a.no_offer) return L('cmp_acq_no_offer', { mode: L(`acq_${a.mode}`) });
  for (const l of a.limits) {
    const span = l.first === l.last ? l.first : `${l.first}–${l.last}`;
    parts.push(L('cmp_acq_limit', { limit: L(`limit_${l.constraint}` as LabelKey), n: l.months, span }));
  }
  if (parts.length === 0) parts.push(L('cmp_acq_unexplained'));
  return parts.join('; ');
}
