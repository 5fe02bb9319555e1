// The export as language-specific tables: one model that the XLSX, CSV and PDF writers all
// render, so the three formats always carry the same numbers. Money stays a decimal string
// here (exact); each writer decides how to show it. Formulas are described abstractly and
// turned into cell references by the XLSX writer; the other writers use the cached values.
import { Decimal } from 'decimal.js';
import { BURN_CATEGORIES, type ExportInput, type Lang, type PlanMonth } from './types.js';
import { labeller, type LabelKey } from './labels.js';

export type Kind = 'text' | 'month' | 'int' | 'number' | 'money' | 'percent';
export type Value = string | number | null;
export type TableId = 'summary' | 'monthly' | 'sites' | 'fleet' | 'actions' | 'budgets' | 'inputs' | 'prices';

export type Formula =
  /** Sum of other columns on the same row. */
  | { op: 'rowsum'; keys: string[] }
  /** IF(den > 0, num / den, "") on the same row. */
  | { op: 'rowdiv'; num: string; den: string }
  /** a × b on the same row. */
  | { op: 'rowmul'; a: string; b: string }
  /** SUM of a whole column of another table. */
  | { op: 'colsum'; table: TableId; key: string }
  /** SUM(num column) / SUM(den column) of another table. */
  | { op: 'colratio'; table: TableId; num: string; den: string }
  /** SUMIF(match column = match, sum column) of another table. */
  | { op: 'colsumif'; table: TableId; matchKey: string; match: string; sumKey: string };

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
  summary: Table;
  monthly: Table;
  /** Power and hosting per site (rows only when the plan carries burn). */
  sites: Table;
  /** The price each existing cluster was charged at, and where it came from. */
  fleet: Table;
  actions: Table;
  /** Quarterly budgets against the plan's spend (rows only for procurement runs with budgets). */
  budgets: Table;
  inputs: Table;
  prices: Table;
  /** Every GPU id that appears in any month, in a stable order (Monthly's GPU columns). */
  gpuIds: string[];
}

export const TABLE_ORDER: readonly TableId[] = ['summary', 'monthly', 'sites', 'fleet', 'actions', 'budgets', 'inputs', 'prices'];

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

  // Monthly ------------------------------------------------------------------------------
  const moneyCols: Column[] = [
    ...BURN_CATEGORIES.map((c): Column => ({ key: c, header: catLabel(c), kind: 'money', width: 15 })),
    { key: 'total', header: L('total'), kind: 'money', width: 16, formula: { op: 'rowsum', keys: [...BURN_CATEGORIES] } },
    { key: 'output_tokens_m', header: L('output_tokens_m'), kind: 'number', width: 16, decimals: 3 },
    { key: 'cost_per_million_tokens', header: L('cost_per_million_tokens'), kind: 'money', width: 16, decimals: 4, formula: { op: 'rowdiv', num: 'total', den: 'output_tokens_m' } },
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
  const monthlyRows: Row[] = plan.months.map((m) => ({
    cells: [
      m.month, m.users, m.peak_requests_per_s, m.peak_output_tokens_per_s, m.capacity_output_tokens_per_s,
      m.utilisation, m.overload_hours_per_day, m.p_overload,
      ...gpuIds.map((id) => m.gpus[id] ?? 0),
      ...(hasBurn && m.burn ? [
        ...BURN_CATEGORIES.map((c) => m.burn![c]),
        m.burn.total,
        tokensMillions(m),
        m.cost_per_million_tokens === '' || m.cost_per_million_tokens === undefined ? null : m.cost_per_million_tokens,
      ] : []),
    ],
  }));
  const monthly: Table = { id: 'monthly', name: L('sheet_monthly'), currency: cur, columns: monthlyCols, rows: monthlyRows };

  // Actions ------------------------------------------------------------------------------
  const modeKey = (m: string) => `mode_${m}` as LabelKey;
  const actionsCols: Column[] = [
    { key: 'order_month', header: L('order_month'), kind: 'month', width: 11 },
    { key: 'arrival_month', header: L('arrival_month'), kind: 'month', width: 11 },
    { key: 'site', header: L('site'), kind: 'text', width: 18 },
    { key: 'gpu_id', header: L('gpu'), kind: 'text', width: 14 },
    { key: 'mode', header: L('mode'), kind: 'text', width: 16 },
    { key: 'quantity', header: L('quantity'), kind: 'int', width: 10 },
    { key: 'unit_price', header: L('unit_price'), kind: 'money', width: 15, currencyKey: 'currency' },
    { key: 'currency', header: L('currency_code'), kind: 'text', width: 9 },
    { key: 'action_total', header: L('action_total'), kind: 'money', width: 18, currencyKey: 'currency', formula: { op: 'rowmul', a: 'quantity', b: 'unit_price' } },
  ];
  // In the order they are placed (then arrive), which is how finance reads a purchase plan.
  const ordered = plan.actions.map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.order_month.localeCompare(y.a.order_month) || x.a.arrival_month.localeCompare(y.a.arrival_month) || x.i - y.i)
    .map((x) => x.a);
  const actionsRows: Row[] = ordered.map((a) => {
    const price = dec(a.unit_price);
    return {
      cells: [a.order_month, a.arrival_month, a.site, a.gpu_id, L(modeKey(a.mode)) ?? a.mode, a.quantity, a.unit_price, a.currency,
        price ? price.times(a.quantity).toString() : null],
    };
  });
  const actions: Table = { id: 'actions', name: L('sheet_actions'), currency: cur, columns: actionsCols, rows: actionsRows };

  // Summary ------------------------------------------------------------------------------
  const sumOf = (pick: (m: PlanMonth) => string | null): string => plan.months.reduce((acc, m) => acc.plus(dec(pick(m)) ?? 0), new Decimal(0)).toString();
  const totalBurn = sumOf((m) => m.burn?.total ?? null);
  const totalTokens = sumOf((m) => tokensMillions(m));
  const avgCpm = new Decimal(totalTokens).isZero() ? null : new Decimal(totalBurn).div(totalTokens).toString();
  const spend = plan.actions.filter((a) => a.currency === cur).reduce((acc, a) => acc.plus((dec(a.unit_price) ?? new Decimal(0)).times(a.quantity)), new Decimal(0)).toString();
  const last = plan.months[plan.months.length - 1];
  const crash = plan.crash_month;
  const crashCell = (v: string | null | undefined): string => (crash && v ? v : L('crash_none'));
  const summaryRows: Row[] = [];
  const add = (label: string, value: Value, kind: Kind, formula?: Formula) =>
    summaryRows.push({ cells: [label, value], kinds: [undefined, kind], formulas: [undefined, formula] });
  add(L('scenario'), plan.scenario, 'text');
  add(L('currency'), cur, 'text');
  add(L('view'), input.view === 'cash' ? L('view_cash') : L('view_accrual'), 'text');
  add(L('generated_at'), input.generated_at, 'text');
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
  } else {
    add(L('total_burn'), L('no_burn'), 'text');
  }
  add(L('plan_actions'), plan.actions.length, 'int');
  add(L('plan_spend'), spend, 'money', { op: 'colsumif', table: 'actions', matchKey: 'currency', match: cur, sumKey: 'action_total' });
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
  // Notes such as "burn: cluster 7 (...): USD 4.09 per GPU-hour from cloud_prices_public.csv": the
  // part before the first ": " names the step, the rest is the note.
  for (const n of input.notes ?? []) {
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
  const perKey = (mode: string): LabelKey => (mode === 'buy' ? 'per_gpu' : mode === 'lease' ? 'per_gpu_month' : 'per_gpu_hour');
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

  // Budgets ------------------------------------------------------------------------------
  const budgets: Table = {
    id: 'budgets', name: L('sheet_budgets'), currency: cur,
    columns: [
      { key: 'quarter', header: L('quarter'), kind: 'text', width: 10 },
      { key: 'budget_kind', header: L('budget_kind'), kind: 'text', width: 36 },
      { key: 'budget_limit', header: L('budget_limit'), kind: 'money', width: 18 },
      { key: 'budget_used', header: L('budget_used'), kind: 'money', width: 18 },
      { key: 'budget_share', header: L('budget_share'), kind: 'percent', width: 10, formula: { op: 'rowdiv', num: 'budget_used', den: 'budget_limit' } },
    ],
    rows: (input.budgets ?? []).map((b) => {
      const lim = dec(b.limit), used = dec(b.used);
      return { cells: [b.quarter, L(b.kind), b.limit, b.used, lim && used && lim.gt(0) ? used.div(lim).toNumber() : null] };
    }),
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
      { key: 'valid_from', header: L('valid_from'), kind: 'text', width: 12 },
    ],
    rows: input.prices.map((p) => ({
      cells: [p.vendor, p.list, p.file, p.sheet ?? '', p.row, p.gpu_id, p.kind, p.description ?? '', p.unit_price, p.currency, p.valid_from ?? ''],
    })),
  };

  return { lang, currency: cur, hasBurn, summary, monthly, sites, fleet, actions, budgets, inputs, prices, gpuIds };
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
