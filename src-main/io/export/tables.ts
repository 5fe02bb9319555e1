// The export as language-specific tables: one model that the XLSX, CSV and PDF writers all
// render, so the three formats always carry the same numbers. Money stays a decimal string
// here (exact); each writer decides how to show it. Formulas are described abstractly and
// turned into cell references by the XLSX writer; the other writers use the cached values.
import { Decimal } from 'decimal.js';
import { BURN_CATEGORIES, type BurnCategory, type ExportInput, type Lang, type PlanMonth } from './types.js';
import { labeller, type LabelKey } from './labels.js';
import { noteZh } from '../../shared/notes-zh.js';
import { actionLines, assets, chargeback, fiscalYears, fromCents, optionsOf, payments, quarters, type Period } from './finance.js';
import { addMonths } from '../../engine/burn/months.js';
import { DEFAULT_USEFUL_LIFE_MONTHS } from '../../engine/burn/burn.js';

/** `month`: a YYYY-MM month, written as a date cell (first day) formatted yyyy-mm / yyyy年m月;
 *  `date`: YYYY-MM-DD; `datetime`: an ISO timestamp (UTC). */
export type Kind = 'text' | 'month' | 'date' | 'datetime' | 'int' | 'number' | 'money' | 'percent';
export type Value = string | number | null;
export type TableId = 'cover' | 'summary' | 'monthly' | 'quarterly' | 'fiscal' | 'sites' | 'fleet' | 'actions' | 'cash' | 'depreciation' | 'budgets' | 'actuals' | 'chargeback' | 'inputs' | 'prices'
  /** The comparison workbook (compare.ts). */
  | 'compare_about' | 'compare' | 'cashflows' | 'compare_actions';

export type Formula =
  /** Sum of other columns on the same row. */
  | { op: 'rowsum'; keys: string[] }
  /** IF(den > 0, num / den, "") on the same row. */
  | { op: 'rowdiv'; num: string; den: string }
  /** a × b on the same row. */
  | { op: 'rowmul'; a: string; b: string }
  /** Product of columns on the same row. */
  | { op: 'rowprod'; keys: string[] }
  /** a − b on the same row. */
  | { op: 'rowsub'; a: string; b: string }
  /** SUMIF(another table's match column = this row's `here` cell, its sum column). */
  | { op: 'sumif'; table: TableId; matchKey: string; here: string; sumKey: string }
  /** SUMIFS(another table's sum column, its date column between this row's `from` and `to` cells
   *  [, and its `matchKey` column equal to this row's `here` cell]). */
  | { op: 'sumbetween'; table: TableId; dateKey: string; sumKey: string; from: string; to: string; matchKey?: string; here?: string }
  /** SUM of a whole column of another table. */
  | { op: 'colsum'; table: TableId; key: string }
  /** SUM(num column) / SUM(den column) of another table. */
  | { op: 'colratio'; table: TableId; num: string; den: string }
  /** SUMIF(match column = match, sum column) of another table. */
  | { op: 'colsumif'; table: TableId; matchKey: string; match: string; sumKey: string }
  /** NPV of a whole column of another table (one value per month, each at the month's end) at the annual rate
   *  held in row `rateRow` (0-based) of this cell's own column: NPV((1+rate)^(1/12)−1, column). */
  | { op: 'npv'; table: TableId; key: string; rateRow: number }
  /** Annualised IRR of a column of another table (monthly flows) from its row `fromRow` (0-based, default 0)
   *  to the end: (1+IRR(column[, guess]))^12−1. */
  | { op: 'irr'; table: TableId; key: string; guess?: number; fromRow?: number };

export interface Column {
  key: string;
  header: string;
  kind: Kind;
  /** Width in characters (XLSX column width; PDF relative width). */
  width: number;
  /** Money: the key of the column that holds each row's currency (else the table currency). */
  currencyKey?: string;
  /** Decimals shown (XLSX number format, PDF); the value itself is never rounded. Default 2. */
  decimals?: number;
  formula?: Formula;
}

export interface Row {
  cells: Value[];
  /** Per-cell kind overriding the column's (Summary and Inputs mix kinds in one column). */
  kinds?: (Kind | undefined)[];
  formulas?: (Formula | undefined)[];
}

export interface Table {
  id: TableId;
  name: string;
  currency: string;
  columns: Column[];
  rows: Row[];
}

export interface ExportTables {
  lang: Lang;
  currency: string;
  /** Whether the plan carries money (burn per month); without it the money columns are left out. */
  hasBurn: boolean;
  /** Provenance: app version, database, scenario, every option, the inputs hash. */
  cover: Table;
  summary: Table;
  monthly: Table;
  /** Calendar-quarter and fiscal-year roll-ups of Monthly's money columns (SUMIFS formulas). */
  quarterly: Table;
  fiscal: Table;
  /** Every purchase payment under the payment-timing rule (cash capex). */
  cash: Table;
  /** Each bought asset: cost, in-service month, life, monthly charge, charge and net book value by month. */
  depreciation: Table;
  /** Each month's burn allocated to pools and request classes, usage and reservation basis. */
  chargeback: Table;
  /** Power and hosting per site (rows only when the plan carries burn). */
  sites: Table;
  /** The price each existing cluster was charged at, and where it came from. */
  fleet: Table;
  actions: Table;
  /** Quarterly budgets against the plan's spend (rows only for procurement runs with budgets). */
  budgets: Table;
  /** Imported actual spend (issue 15), capex/opex, in the reporting currency; written only when there is some. */
  actuals: Table;
  inputs: Table;
  prices: Table;
  /** Every GPU id that appears in any month, in a stable order (Monthly's GPU columns). */
  gpuIds: string[];
  /** Checks the tables made (e.g. an action whose plan total differs from rate × term). */
  notes: string[];
}

/** The tables of one scenario's export (the comparison workbook has its own). */
export type ReportTableId = Exclude<TableId, 'compare_about' | 'compare' | 'cashflows' | 'compare_actions'>;
export const TABLE_ORDER: readonly ReportTableId[] = ['cover', 'summary', 'monthly', 'quarterly', 'fiscal', 'actions', 'cash', 'depreciation', 'budgets', 'actuals', 'chargeback', 'sites', 'fleet', 'inputs', 'prices'];

/** The tables a file holds: every table, except Actual spend when nothing was imported. */
export const writtenTables = (t: ExportTables): ReportTableId[] => TABLE_ORDER.filter((id) => id !== 'actuals' || t.actuals.rows.length > 0);

const dec = (s: string | null | undefined): Decimal | null => {
  if (s === null || s === undefined || String(s).trim() === '') return null;
  try { return new Decimal(String(s).trim()); } catch { return null; }
};

/** Output tokens in millions for a month: the plan's own count if it gives one, else derived
 *  from total / cost per 1M (so the cost-per-1M formula reproduces Headroom's number). */
export function tokensMillions(m: PlanMonth): string | null {
  if (typeof m.output_tokens === 'number' && Number.isFinite(m.output_tokens)) return new Decimal(m.output_tokens).div(1e6).toString();
  const total = dec(m.burn?.total);
  const cpm = dec(m.cost_per_million_tokens);
  if (!total || !cpm || cpm.isZero()) return null;
  return total.div(cpm).toString();
}

export function gpuIdsOf(input: ExportInput): string[] {
  const seen = new Set<string>();
  for (const m of input.plan.months) for (const id of Object.keys(m.gpus)) seen.add(id);
  for (const a of input.plan.actions) seen.add(a.gpu_id);
  return [...seen].sort();
}

export function buildTables(input: ExportInput, lang: Lang): ExportTables {
  const L = labeller(lang);
  const plan = input.plan;
  const cur = plan.currency;
  const gpuIds = gpuIdsOf(input);
  const hasBurn = plan.months.length > 0 && plan.months.every((m) => !!m.burn);
  const catLabel = (c: string): string => (c === 'depreciation' && input.view === 'cash' ? L('capex_cash') : L(c as LabelKey));

  const opts = optionsOf(input);
  const lines = actionLines(input);
  const pays = payments(input, lines);
  const assetList = hasBurn ? assets(input) : [];
  const months = plan.months.map((m) => m.month);
  const notes: string[] = [];

  // Monthly ------------------------------------------------------------------------------
  // Cash and accrual side by side: capex as paid (the cash schedule, under the payment rule)
  // and as depreciation (the depreciation schedule); opex is the same in both.
  const capexCash = months.map((mo) => pays.filter((p) => p.month === mo).reduce((acc, p) => acc.plus(p.amount_rep ?? 0), new Decimal(0)));
  const capexAccrual = months.map((_, i) => assetList.reduce((acc, x) => acc + x.charges[i], 0n));
  const OPEX = ['lease', 'cloud', 'electricity', 'hosting', 'fixed'];
  const moneyCols: Column[] = [
    ...BURN_CATEGORIES.map((c): Column => ({ key: c, header: catLabel(c), kind: 'money', width: 15 })),
    { key: 'total', header: L('total'), kind: 'money', width: 16, formula: { op: 'rowsum', keys: [...BURN_CATEGORIES] } },
    { key: 'output_tokens_m', header: L('output_tokens_m'), kind: 'number', width: 16, decimals: 3 },
    { key: 'cost_per_million_tokens', header: L('cost_per_million_tokens'), kind: 'money', width: 16, decimals: 4, formula: { op: 'rowdiv', num: 'total', den: 'output_tokens_m' } },
    { key: 'opex', header: L('opex_total'), kind: 'money', width: 16, formula: { op: 'rowsum', keys: OPEX } },
    { key: 'capex_cash', header: L('capex_cash_col'), kind: 'money', width: 16 },
    { key: 'total_cash', header: L('total_cash'), kind: 'money', width: 16, formula: { op: 'rowsum', keys: ['opex', 'capex_cash'] } },
    { key: 'capex_accrual', header: L('capex_accrual_col'), kind: 'money', width: 16 },
    { key: 'total_accrual', header: L('total_accrual'), kind: 'money', width: 16, formula: { op: 'rowsum', keys: ['opex', 'capex_accrual'] } },
  ];
  const monthlyCols: Column[] = [
    { key: 'month', header: L('month'), kind: 'month', width: 10 },
    { key: 'users', header: L('users'), kind: 'int', width: 14 },
    { key: 'peak_requests_per_s', header: L('peak_requests_per_s'), kind: 'number', width: 14, decimals: 2 },
    { key: 'peak_output_tokens_per_s', header: L('peak_output_tokens_per_s'), kind: 'number', width: 16, decimals: 0 },
    { key: 'capacity_output_tokens_per_s', header: L('capacity_output_tokens_per_s'), kind: 'number', width: 16, decimals: 0 },
    { key: 'utilisation', header: L('utilisation'), kind: 'percent', width: 11 },
    { key: 'overload_hours_per_day', header: L('overload_hours_per_day'), kind: 'number', width: 12, decimals: 2 },
    { key: 'p_overload', header: L('p_overload'), kind: 'percent', width: 11 },
    ...gpuIds.map((id): Column => ({ key: `gpu:${id}`, header: `${L('gpus_of')}: ${id}`, kind: 'int', width: Math.max(10, id.length + 7) })),
    ...(hasBurn ? moneyCols : []),
  ];
  const monthlyRows: Row[] = plan.months.map((m, i) => {
    const opex = OPEX.reduce((acc, c) => acc.plus(dec(m.burn?.[c as BurnCategory]) ?? 0), new Decimal(0));
    const accrual = new Decimal(fromCents(capexAccrual[i]));
    return {
      cells: [
        m.month, m.users, m.peak_requests_per_s, m.peak_output_tokens_per_s, m.capacity_output_tokens_per_s,
        m.utilisation, m.overload_hours_per_day, m.p_overload,
        ...gpuIds.map((id) => m.gpus[id] ?? 0),
        ...(hasBurn && m.burn ? [
          ...BURN_CATEGORIES.map((c) => m.burn![c]),
          m.burn.total,
          tokensMillions(m),
          m.cost_per_million_tokens === '' || m.cost_per_million_tokens === undefined ? null : m.cost_per_million_tokens,
          opex.toString(), capexCash[i].toString(), opex.plus(capexCash[i]).toString(), accrual.toString(), opex.plus(accrual).toString(),
        ] : []),
      ],
      formulas: hasBurn ? monthlyCols.map((c) => (c.key === 'capex_cash' ? { op: 'sumif', table: 'cash', matchKey: 'month', here: 'month', sumKey: 'amount_rep' }
        : c.key === 'capex_accrual' ? { op: 'colsum', table: 'depreciation', key: `chg:${m.month}` } : undefined) as Formula | undefined) : undefined,
    };
  });
  const monthly: Table = { id: 'monthly', name: L('sheet_monthly'), currency: cur, columns: monthlyCols, rows: monthlyRows };

  // Quarterly and fiscal-year roll-ups: SUMIFS over Monthly's month column -------------------
  const ROLL = hasBurn ? ['total', 'opex', 'capex_cash', 'total_cash', 'capex_accrual', 'total_accrual'] : [];
  const rollup = (id: 'quarterly' | 'fiscal', name: string, periods: Period[]): Table => {
    const cols: Column[] = [
      { key: 'period', header: L(id === 'quarterly' ? 'quarter' : 'fiscal_year'), kind: 'text', width: 12 },
      { key: 'from', header: L('period_from'), kind: 'month', width: 11 },
      { key: 'to', header: L('period_to'), kind: 'month', width: 11 },
      ...ROLL.map((k): Column => {
        const mc = monthlyCols.find((c) => c.key === k)!;
        return { key: k, header: mc.header, kind: 'money', width: 17, formula: { op: 'sumbetween', table: 'monthly', dateKey: 'month', sumKey: k, from: 'from', to: 'to' } };
      }),
    ];
    const colIdx = (k: string) => monthlyCols.findIndex((c) => c.key === k);
    const rows = periods.map((p) => ({
      cells: [p.label, p.from, p.to, ...ROLL.map((k) => monthlyRows.reduce((acc, r, i) => (months[i] >= p.from && months[i] <= p.to ? acc.plus(dec(r.cells[colIdx(k)] as string) ?? 0) : acc), new Decimal(0)).toString())],
    }));
    return { id, name, currency: cur, columns: cols, rows };
  };
  const quarterly = rollup('quarterly', L('sheet_quarterly'), quarters(months));
  const fiscal = rollup('fiscal', L('sheet_fiscal'), fiscalYears(months, opts.fiscal_year_start));

  // Actions ------------------------------------------------------------------------------
  // Unit, unit price, quantity, billable units over the term and the total in the action's
  // currency (a live product), then the FX rate and date and the total in the reporting
  // currency (a live product): Plan spend is the sum of the last column.
  const modeKey = (m: string) => `mode_${m}` as LabelKey;
  const perKey = (mode: string): LabelKey => (mode === 'buy' ? 'per_gpu' : mode === 'lease' ? 'per_gpu_month' : 'per_gpu_hour');
  const actionsCols: Column[] = [
    { key: 'no', header: '#', kind: 'int', width: 5 },
    { key: 'order_month', header: L('order_month'), kind: 'month', width: 11 },
    { key: 'arrival_month', header: L('arrival_month'), kind: 'month', width: 11 },
    { key: 'site', header: L('site'), kind: 'text', width: 18 },
    { key: 'gpu_id', header: L('gpu'), kind: 'text', width: 14 },
    { key: 'mode', header: L('mode'), kind: 'text', width: 16 },
    { key: 'price_unit', header: L('price_per'), kind: 'text', width: 14 },
    { key: 'quantity', header: L('quantity'), kind: 'int', width: 10 },
    { key: 'unit_price', header: L('unit_price'), kind: 'money', width: 15, currencyKey: 'currency', decimals: 4 },
    { key: 'currency', header: L('currency_code'), kind: 'text', width: 9 },
    { key: 'term_months', header: L('term_months'), kind: 'int', width: 10 },
    { key: 'units', header: L('billable_units'), kind: 'int', width: 14 },
    { key: 'action_total', header: L('action_total'), kind: 'money', width: 18, currencyKey: 'currency', formula: { op: 'rowprod', keys: ['quantity', 'unit_price', 'units'] } },
    { key: 'fx_rate', header: L('fx_rate'), kind: 'number', width: 11 },
    { key: 'fx_date', header: L('fx_date'), kind: 'date', width: 12 },
    { key: 'total_rep', header: L('total_rep', { currency: cur }), kind: 'money', width: 18, formula: { op: 'rowmul', a: 'action_total', b: 'fx_rate' } },
    { key: 'note', header: L('detail'), kind: 'text', width: 40 },
  ];
  const actionsRows: Row[] = lines.map((l) => {
    const a = l.action;
    const note = [
      l.plan_total_differs ? L('note_plan_total', { total: l.plan_total_differs }) : '',
      l.fx ? '' : L('note_no_fx', { currency: a.currency }),
    ].filter(Boolean).join(' · ');
    if (l.plan_total_differs) notes.push(`#${l.no} ${a.gpu_id} ${a.mode}: ${L('note_plan_total', { total: l.plan_total_differs })}`);
    return {
      cells: [l.no, a.order_month, a.arrival_month, a.site, a.gpu_id, L(modeKey(a.mode)) ?? a.mode, L(perKey(a.mode)), a.quantity, a.unit_price, a.currency,
        l.term_months, l.units, l.total, l.fx ? l.fx.rate : null, l.fx?.date ?? null, l.total_rep, note],
    };
  });
  const actions: Table = { id: 'actions', name: L('sheet_actions'), currency: cur, columns: actionsCols, rows: actionsRows };

  // Cash schedule -----------------------------------------------------------------------------
  const cash: Table = {
    id: 'cash', name: L('sheet_cash'), currency: cur,
    columns: [
      { key: 'month', header: L('pay_month'), kind: 'month', width: 11 },
      { key: 'ref', header: L('ref'), kind: 'text', width: 12 },
      { key: 'site', header: L('site'), kind: 'text', width: 18 },
      { key: 'gpu_id', header: L('gpu'), kind: 'text', width: 14 },
      { key: 'share', header: L('pay_share'), kind: 'percent', width: 9 },
      { key: 'amount', header: L('pay_amount'), kind: 'money', width: 18, currencyKey: 'currency' },
      { key: 'currency', header: L('currency_code'), kind: 'text', width: 9 },
      { key: 'fx_rate', header: L('fx_rate'), kind: 'number', width: 11 },
      { key: 'fx_date', header: L('fx_date'), kind: 'date', width: 12 },
      { key: 'amount_rep', header: L('total_rep', { currency: cur }), kind: 'money', width: 18, formula: { op: 'rowmul', a: 'amount', b: 'fx_rate' } },
    ],
    rows: hasBurn ? pays.map((p) => ({ cells: [p.month, p.ref, p.site, p.gpu_id, p.share, p.amount, p.currency, p.fx?.rate ?? null, p.fx?.date ?? null, p.amount_rep] })) : [],
  };

  // Depreciation schedule -----------------------------------------------------------------
  const depreciation: Table = {
    id: 'depreciation', name: L('sheet_depreciation'), currency: cur,
    columns: [
      { key: 'ref', header: L('ref'), kind: 'text', width: 12 },
      { key: 'site', header: L('site'), kind: 'text', width: 16 },
      { key: 'gpu_id', header: L('gpu'), kind: 'text', width: 14 },
      { key: 'gpus', header: L('fleet_gpus'), kind: 'int', width: 8 },
      { key: 'in_service', header: L('in_service'), kind: 'month', width: 11 },
      { key: 'life', header: L('life_months'), kind: 'int', width: 9 },
      { key: 'cost', header: L('asset_cost'), kind: 'money', width: 18 },
      { key: 'residual', header: L('residual'), kind: 'money', width: 14 },
      { key: 'monthly_charge', header: L('monthly_charge'), kind: 'money', width: 16, formula: { op: 'rowdiv', num: 'depreciable', den: 'life' } },
      { key: 'depreciable', header: L('depreciable'), kind: 'money', width: 18, formula: { op: 'rowsub', a: 'cost', b: 'residual' } },
      ...months.map((mo): Column => ({ key: `chg:${mo}`, header: `${L('charge')} ${mo}`, kind: 'money', width: 14 })),
      ...months.map((mo): Column => ({ key: `nbv:${mo}`, header: `${L('nbv')} ${mo}`, kind: 'money', width: 16 })),
    ],
    rows: assetList.map((x) => {
      const depreciable = new Decimal(x.cost).minus(x.residual);
      return {
        cells: [x.ref, x.site, x.gpu_id, x.gpus, x.in_service, x.life_months, x.cost, x.residual, depreciable.div(x.life_months).toString(), depreciable.toString(),
          ...x.charges.map((c) => fromCents(c)), ...x.nbv.map((c) => (c === null ? null : fromCents(c)))],
      };
    }),
  };

  // Summary ------------------------------------------------------------------------------
  const sumOf = (pick: (m: PlanMonth) => string | null): string => plan.months.reduce((acc, m) => acc.plus(dec(pick(m)) ?? 0), new Decimal(0)).toString();
  const colTotal = (t: Table, key: string): string => { const j = columnIndex(t, key); return t.rows.reduce((acc, r) => acc.plus(dec(r.cells[j] as string) ?? 0), new Decimal(0)).toString(); };
  const totalBurn = sumOf((m) => m.burn?.total ?? null);
  const totalTokens = sumOf((m) => tokensMillions(m));
  const avgCpm = new Decimal(totalTokens).isZero() ? null : new Decimal(totalBurn).div(totalTokens).toString();
  const spend = lines.reduce((acc, l) => acc.plus(l.total_rep ?? 0), new Decimal(0)).toString();
  const last = plan.months[plan.months.length - 1];
  const crash = plan.crash_month;
  const crashCell = (v: string | null | undefined): string => (crash && v ? v : L('crash_none'));
  const summaryRows: Row[] = [];
  const add = (label: string, value: Value, kind: Kind, formula?: Formula) =>
    summaryRows.push({ cells: [label, value], kinds: [undefined, kind], formulas: [undefined, formula] });
  add(L('scenario'), plan.scenario, 'text');
  add(L('currency'), cur, 'text');
  add(L('view'), input.view === 'cash' ? L('view_cash') : L('view_accrual'), 'text');
  add(L('generated_at'), input.generated_at, 'datetime');
  add(L('horizon'), plan.months.length, 'int');
  add(L('first_month'), plan.months[0]?.month ?? '', 'month');
  add(L('last_month'), last?.month ?? '', 'month');
  add(L('crash_p10'), crashCell(crash?.p10), 'month');
  add(L('crash_p50'), crashCell(crash?.p50), 'month');
  add(L('crash_p90'), crashCell(crash?.p90), 'month');
  if (plan.infeasible) add(L('infeasible'), [plan.infeasible.reason, plan.infeasible.constraint, plan.infeasible.month].filter(Boolean).join(' · '), 'text');
  if (hasBurn) {
    add(L('total_burn'), totalBurn, 'money', { op: 'colsum', table: 'monthly', key: 'total' });
    for (const c of BURN_CATEGORIES) add(`${L('total_of')}: ${catLabel(c)}`, sumOf((m) => m.burn?.[c] ?? null), 'money', { op: 'colsum', table: 'monthly', key: c });
    add(L('avg_cost_per_m'), avgCpm, 'money', { op: 'colratio', table: 'monthly', num: 'total', den: 'output_tokens_m' });
    for (const k of ['opex', 'capex_cash', 'total_cash', 'capex_accrual', 'total_accrual']) {
      add(`${L('total_of')}: ${monthlyCols.find((c) => c.key === k)!.header}`, colTotal(monthly, k), 'money', { op: 'colsum', table: 'monthly', key: k });
    }
  } else {
    add(L('total_burn'), L('no_burn'), 'text');
  }
  add(L('plan_actions'), plan.actions.length, 'int');
  add(L('plan_spend'), spend, 'money', { op: 'colsum', table: 'actions', key: 'total_rep' });
  if (last) for (const id of gpuIds) add(`${L('peak_gpus')}: ${id}`, last.gpus[id] ?? 0, 'int');
  const summary: Table = {
    id: 'summary', name: L('sheet_summary'), currency: cur,
    columns: [{ key: 'item', header: L('item'), kind: 'text', width: 36 }, { key: 'value', header: L('value'), kind: 'text', width: 28 }],
    rows: summaryRows,
  };

  // Inputs -------------------------------------------------------------------------------
  const src = (s: string | null | undefined, why?: string | null) =>
    (s && s.trim() !== '' ? s : why && why.trim() !== '' ? `${L('assumed')}: ${why}` : L('assumed'));
  const inputsRows: Row[] = [];
  const addInput = (section: string, name: string, value: Value, valueKind: Kind, unit: string, source: string, p10: Value = null, p90: Value = null) =>
    inputsRows.push({ cells: [section, name, value, p10, p90, unit, source], kinds: [undefined, undefined, valueKind] });
  for (const r of input.inputs) addInput(r.section, r.name, r.value, typeof r.value === 'number' ? 'number' : 'text', r.unit ?? '', src(r.source, r.assumed), r.p10 ?? null, r.p90 ?? null);
  for (const t of input.tariffs) {
    addInput(L('section_tariff'), `${t.site} · ${t.band}`, t.price_per_kwh, 'number', `${t.currency} ${L('per_kwh')}`, src(t.source));
    // PUE is a property of the site, not of its tariff.
    if (t.pue !== null && t.pue !== undefined) addInput(L('section_tariff'), `${t.site} · ${L('pue')}`, t.pue, 'number', '', L('site_record'));
  }
  for (const f of input.fx) {
    addInput(L('section_fx'), `${f.base} → ${f.quote}`, f.rate, 'number', `${f.quote} ${L('fx_per_unit')} ${f.base}`,
      src(f.source) + (f.as_of ? ` (${L('as_of')} ${f.as_of})` : ''));
  }
  // What one GPU of each pool serves: every capacity figure of the plan is GPUs × this.
  const capKind = input.capacity_factors === 'default' ? L('capacity_default') : L('capacity_calibrated');
  for (const c of input.capacity ?? []) {
    const shape = `${c.model_id ?? '—'} ${c.precision}, tp ${c.tp}${c.tpot_ms ? `, TPOT ≤ ${c.tpot_ms} ms` : ''}, ${c.slots_per_replica} ${L('capacity_slots')}`;
    const measured = c.measured ? `; ${L('capacity_measured', { engine: c.measured.engine, rows: String(c.measured.rows), family: String(c.measured.family_rows), any: String(c.measured.gpu_rows) })}` : '';
    const source = `${L('capacity_engine')}: ${shape}; ${capKind}${measured}${c.error_key ? `; ${L('capacity_error')} ${c.error_key}` : ''}${c.feasible ? '' : `; ${L('capacity_infeasible')}${c.reason ? ` (${c.reason})` : ''}`}`;
    addInput(L('section_capacity'), `${c.pool_id} · ${c.gpu_id}`, Math.round(c.output_tokens_per_s_per_gpu * 100) / 100, 'number', L('capacity_unit'), source);
  }
  // Notes such as "burn: cluster 7 (...): USD 4.09 per GPU-hour from cloud_prices_public.csv": the
  // part before the first ": " names the step, the rest is the note.
  // In Chinese the whole note is worded as the PDF words it (shared/notes-zh.ts), its figures kept.
  for (const n of input.notes ?? []) {
    if (lang === 'zh') { addInput(L('section_notes'), '', noteZh(n), 'text', '', L('plan_note')); continue; }
    const k = n.indexOf(': ');
    addInput(L('section_notes'), k > 0 && k < 24 ? n.slice(0, k) : '', k > 0 && k < 24 ? n.slice(k + 2) : n, 'text', '', L('plan_note'));
  }
  const inputs: Table = {
    id: 'inputs', name: L('sheet_inputs'), currency: cur,
    columns: [
      { key: 'section', header: L('section'), kind: 'text', width: 16 },
      { key: 'name', header: L('name'), kind: 'text', width: 30 },
      { key: 'value', header: L('value'), kind: 'text', width: 16 },
      { key: 'p10', header: 'P10', kind: 'number', width: 12 },
      { key: 'p90', header: 'P90', kind: 'number', width: 12 },
      { key: 'unit', header: L('unit'), kind: 'text', width: 18 },
      { key: 'source', header: L('source'), kind: 'text', width: 50 },
    ],
    rows: inputsRows,
  };

  // By site --------------------------------------------------------------------------------
  // Electricity + hosting is a live sum; the price per kWh a live ratio of the cells beside it.
  const sites: Table = {
    id: 'sites', name: L('sheet_sites'), currency: cur,
    columns: [
      { key: 'site', header: L('site'), kind: 'text', width: 18 },
      { key: 'energy_kwh', header: L('energy_kwh'), kind: 'number', width: 18, decimals: 0 },
      { key: 'peak_kw', header: L('peak_kw'), kind: 'number', width: 14, decimals: 0 },
      { key: 'electricity', header: catLabel('electricity'), kind: 'money', width: 16 },
      { key: 'price_per_kwh', header: L('price_per_kwh'), kind: 'money', width: 16, decimals: 4, formula: { op: 'rowdiv', num: 'electricity', den: 'energy_kwh' } },
      { key: 'hosting', header: catLabel('hosting'), kind: 'money', width: 16 },
      { key: 'site_total', header: L('site_total'), kind: 'money', width: 18, formula: { op: 'rowsum', keys: ['electricity', 'hosting'] } },
      { key: 'share_of_burn', header: L('share_of_burn'), kind: 'percent', width: 14 },
    ],
    // Cached values are the engine's (engine/burn/by-site.ts), formulas or not.
    rows: hasBurn ? (input.sites ?? []).map((x) => ({
      cells: [x.site, x.energy_kwh, x.peak_kw, x.electricity, x.electricity_per_kwh, x.hosting, x.total, x.share_of_burn === null ? null : Number(x.share_of_burn)],
    })) : [],
  };

  // Fleet prices ---------------------------------------------------------------------------
  const fleet: Table = {
    id: 'fleet', name: L('sheet_fleet'), currency: cur,
    columns: [
      { key: 'cluster', header: L('cluster'), kind: 'int', width: 8 },
      { key: 'site', header: L('site'), kind: 'text', width: 18 },
      { key: 'gpu_id', header: L('gpu'), kind: 'text', width: 16 },
      { key: 'mode', header: L('mode'), kind: 'text', width: 14 },
      { key: 'gpus', header: L('fleet_gpus'), kind: 'int', width: 9 },
      { key: 'unit_price', header: L('unit_price'), kind: 'money', width: 15, currencyKey: 'currency', decimals: 4 },
      { key: 'currency', header: L('currency_code'), kind: 'text', width: 9 },
      { key: 'per', header: L('price_per'), kind: 'text', width: 16 },
      { key: 'source', header: L('price_source'), kind: 'text', width: 22 },
      { key: 'detail', header: L('detail'), kind: 'text', width: 60 },
    ],
    rows: (input.applied ?? []).map((a) => ({
      cells: [a.cluster_id, a.site, a.gpu_id, L(modeKey(a.mode)), a.gpus, a.unit_price, a.currency, L(perKey(a.mode)), L(`src_${a.source}` as LabelKey), a.detail],
    })),
  };

  // Budgets: budget vs plan (cash, the payment rule) vs actual, variance as formulas ----------
  // Plan capex = the cash capex of the quarter on Monthly (so Budgets and the cash view agree by
  // construction); plan opex = Monthly's opex. The optimiser's own accounting is shown beside it.
  const qOf = (q: string): Period | null => {
    const m = /^(\d{4})-Q([1-4])$/.exec(q);
    if (!m) return null;
    const first = `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}`;
    return { label: q, from: first, to: addMonths(first, 2) };
  };
  // Actual spend (issue 15): each imported line, capex or opex by its category, at the month's FX rate.
  const actualList = input.actuals ?? [];
  const actualsT: Table = {
    id: 'actuals', name: L('sheet_actuals'), currency: cur,
    columns: [
      { key: 'month', header: L('month'), kind: 'month', width: 10 },
      { key: 'category', header: L('actual_category'), kind: 'text', width: 18 },
      { key: 'kind', header: L('budget_kind'), kind: 'text', width: 24 },
      { key: 'amount', header: L('pay_amount'), kind: 'money', width: 18, currencyKey: 'currency' },
      { key: 'currency', header: L('currency_code'), kind: 'text', width: 9 },
      { key: 'fx_rate', header: L('fx_rate'), kind: 'number', width: 11 },
      { key: 'fx_date', header: L('fx_date'), kind: 'date', width: 12 },
      { key: 'amount_rep', header: L('total_rep', { currency: cur }), kind: 'money', width: 18 },
    ],
    rows: actualList.map((x) => {
      // Without a rate the amount is not in the reporting currency: left blank and out of the sums.
      const formulas: (Formula | undefined)[] = [];
      if (x.fx) formulas[7] = { op: 'rowmul', a: 'amount', b: 'fx_rate' };
      return { cells: [x.month, x.category, L(x.kind), x.amount, x.currency, x.fx?.rate ?? null, x.fx?.date ?? null, x.amount_rep], formulas };
    }),
  };
  const actualOf = (p: Period, kind: 'capex' | 'opex'): string | null => {
    const rows = actualList.filter((x) => x.month >= p.from && x.month <= p.to && x.kind === kind && x.amount_rep !== null);
    return rows.length ? rows.reduce((acc, x) => acc.plus(x.amount_rep!), new Decimal(0)).toString() : null;
  };
  const hasActuals = actualList.length > 0;
  const capexIdx = hasBurn ? columnIndex(monthly, 'capex_cash') : -1, opexIdx = hasBurn ? columnIndex(monthly, 'opex') : -1;
  const budgets: Table = {
    id: 'budgets', name: L('sheet_budgets'), currency: cur,
    columns: [
      { key: 'quarter', header: L('quarter'), kind: 'text', width: 10 },
      { key: 'budget_kind', header: L('budget_kind'), kind: 'text', width: 24 },
      { key: 'from', header: L('period_from'), kind: 'month', width: 11 },
      { key: 'to', header: L('period_to'), kind: 'month', width: 11 },
      { key: 'budget_limit', header: L('budget_limit'), kind: 'money', width: 18 },
      { key: 'budget_plan', header: L('budget_plan'), kind: 'money', width: 18 },
      { key: 'plan_variance', header: L('plan_variance'), kind: 'money', width: 18, formula: { op: 'rowsub', a: 'budget_plan', b: 'budget_limit' } },
      { key: 'budget_share', header: L('budget_share'), kind: 'percent', width: 10, formula: { op: 'rowdiv', num: 'budget_plan', den: 'budget_limit' } },
      ...(hasActuals ? [
        { key: 'budget_actual', header: L('budget_actual'), kind: 'money', width: 18 },
        { key: 'actual_variance', header: L('actual_variance'), kind: 'money', width: 18 },
        { key: 'actual_share', header: L('actual_share'), kind: 'percent', width: 10 },
      ] as Column[] : []),
      { key: 'budget_used', header: L('budget_used'), kind: 'money', width: 18 },
    ],
    rows: (input.budgets ?? []).flatMap((b) => {
      const p = qOf(b.quarter);
      if (!p) return [];
      const lim = dec(b.limit) ?? new Decimal(0);
      const idx = b.kind === 'capex' ? capexIdx : opexIdx;
      const planned = idx < 0 ? null : monthlyRows.reduce((acc, r, i) => (months[i] >= p.from && months[i] <= p.to ? acc.plus(dec(r.cells[idx] as string) ?? 0) : acc), new Decimal(0));
      const actual = actualOf(p, b.kind);
      const share = (x: Decimal | null) => (x && lim.gt(0) ? x.div(lim).toNumber() : null);
      const formulas: (Formula | undefined)[] = [];
      formulas[5] = idx < 0 ? undefined : { op: 'sumbetween', table: 'monthly', dateKey: 'month', sumKey: b.kind === 'capex' ? 'capex_cash' : 'opex', from: 'from', to: 'to' };
      // Actual = SUMIFS over the Actual spend sheet (the quarter's months, this budget's kind); variance and share
      // beside it. A quarter with no actual spend stays blank (not 0: nothing was reported).
      if (actual !== null) {
        formulas[8] = { op: 'sumbetween', table: 'actuals', dateKey: 'month', sumKey: 'amount_rep', from: 'from', to: 'to', matchKey: 'kind', here: 'budget_kind' };
        formulas[9] = { op: 'rowsub', a: 'budget_actual', b: 'budget_limit' };
        formulas[10] = { op: 'rowdiv', num: 'budget_actual', den: 'budget_limit' };
      }
      return [{
        cells: [b.quarter, L(b.kind), p.from, p.to, b.limit, planned?.toString() ?? null, planned ? planned.minus(lim).toString() : null, share(planned),
          ...(hasActuals ? [actual, actual ? new Decimal(actual).minus(lim).toString() : null, share(actual ? new Decimal(actual) : null)] : []), b.used],
        formulas,
      }];
    }),
  };

  // Chargeback / showback ------------------------------------------------------------------------
  const allocs = hasBurn ? chargeback(input) : [];
  const chargebackT: Table = {
    id: 'chargeback', name: L('sheet_chargeback'), currency: cur,
    columns: [
      { key: 'month', header: L('month'), kind: 'month', width: 10 },
      { key: 'basis', header: L('basis'), kind: 'text', width: 22 },
      { key: 'pool', header: L('pool'), kind: 'text', width: 16 },
      { key: 'class', header: L('request_class'), kind: 'text', width: 16 },
      { key: 'weight', header: L('weight'), kind: 'number', width: 16, decimals: 0 },
      { key: 'amount', header: L('allocated'), kind: 'money', width: 18 },
    ],
    rows: allocs.map((x) => ({ cells: [x.month, L(x.basis === 'usage' ? 'basis_usage' : 'basis_reservation'), x.pool || L('unallocated'), x.class_id ?? '', x.weight, x.amount] })),
  };
  if (allocs.length) {
    for (const basis of ['basis_usage', 'basis_reservation'] as const) {
      add(`${L('chargeback_total')}: ${L(basis)}`, allocs.filter((x) => (x.basis === 'usage') === (basis === 'basis_usage')).reduce((acc, x) => acc.plus(x.amount), new Decimal(0)).toString(),
        'money', { op: 'colsumif', table: 'chargeback', matchKey: 'basis', match: L(basis), sumKey: 'amount' });
    }
  }

  // Cover / About: where this file came from ---------------------------------------------------
  const prov = input.provenance;
  const coverRows: Row[] = [];
  const cv = (label: string, value: Value, kind: Kind = 'text') => coverRows.push({ cells: [label, value], kinds: [undefined, kind] });
  const pay = opts.payment;
  cv(L('report_title'), plan.scenario);
  cv(L('app_version'), prov?.app_version ?? '');
  cv(L('db_file'), prov?.db_file ?? '');
  cv(L('scenario'), plan.scenario);
  cv(L('scenario_modified'), prov?.scenario_modified ?? '', prov?.scenario_modified ? 'datetime' : 'text');
  cv(L('generated_at'), input.generated_at, 'datetime');
  cv(L('inputs_hash'), prov?.inputs_hash ?? '');
  cv(L('currency'), cur);
  cv(L('view'), input.view === 'cash' ? L('view_cash') : L('view_accrual'));
  cv(L('opt_procure'), opts.procure ? L('yes') : L('no'));
  cv(L('opt_months'), opts.months ?? plan.months.length, 'int');
  cv(L('opt_runs'), plan.monte_carlo?.runs ?? opts.runs ?? '', 'int');
  cv(L('opt_seed'), plan.monte_carlo?.seed ?? opts.seed ?? '', 'int');
  cv(L('opt_payment'), pay.kind === 'split' ? L('pay_split', { a: Math.round(pay.at_order * 100), b: Math.round((1 - pay.at_order) * 100) }) : L(pay.kind === 'order' ? 'pay_order' : 'pay_arrival'));
  cv(L('opt_fy_start'), opts.fiscal_year_start, 'int');
  cv(L('opt_discount'), Number(opts.discount_rate), 'percent');
  cv(L('opt_life'), input.default_life_months ?? DEFAULT_USEFUL_LIFE_MONTHS, 'int');
  cv(L('opt_cn_scale'), opts.cn_scale ? L('yes') : L('no'));
  cv(L('rule_fx'), L('rule_fx_text'));
  cv(L('rule_depreciation'), L('rule_depreciation_text'));
  cv(L('rule_chargeback'), L('rule_chargeback_text'));
  cv(L('rule_rental'), L('rule_rental_text'));
  if (hasActuals) cv(L('rule_actuals'), L('rule_actuals_text'));
  const cover: Table = {
    id: 'cover', name: L('sheet_cover'), currency: cur,
    columns: [{ key: 'item', header: L('item'), kind: 'text', width: 34 }, { key: 'value', header: L('value'), kind: 'text', width: 70 }],
    rows: coverRows,
  };

  // Prices used --------------------------------------------------------------------------
  const prices: Table = {
    id: 'prices', name: L('sheet_prices'), currency: cur,
    columns: [
      { key: 'vendor', header: L('vendor'), kind: 'text', width: 18 },
      { key: 'list', header: L('list'), kind: 'text', width: 20 },
      { key: 'file', header: L('file'), kind: 'text', width: 24 },
      { key: 'sheet', header: L('sheet'), kind: 'text', width: 12 },
      { key: 'row', header: L('row'), kind: 'int', width: 6 },
      { key: 'gpu_id', header: L('gpu'), kind: 'text', width: 14 },
      { key: 'kind', header: L('kind'), kind: 'text', width: 12 },
      { key: 'description', header: L('description'), kind: 'text', width: 36 },
      { key: 'unit_price', header: L('unit_price'), kind: 'money', width: 15, currencyKey: 'currency' },
      { key: 'currency', header: L('currency_code'), kind: 'text', width: 9 },
      { key: 'valid_from', header: L('valid_from'), kind: 'date', width: 12 },
    ],
    rows: input.prices.map((p) => ({
      cells: [p.vendor, p.list, p.file, p.sheet ?? '', p.row, p.gpu_id, p.kind, p.description ?? '', p.unit_price, p.currency, p.valid_from ?? ''],
    })),
  };

  return { lang, currency: cur, hasBurn, cover, summary, monthly, quarterly, fiscal, sites, fleet, actions, cash, depreciation, budgets, actuals: actualsT, chargeback: chargebackT, inputs, prices, gpuIds, notes };
}

/** The kind a cell is written as (row override, else the column's). */
export function cellKind(table: Table, row: Row, j: number): Kind {
  return row.kinds?.[j] ?? table.columns[j].kind;
}

export function columnIndex(table: Table, key: string): number {
  const j = table.columns.findIndex((c) => c.key === key);
  if (j < 0) throw new Error(`export: table ${table.id} has no column ${key}`);
  return j;
}
