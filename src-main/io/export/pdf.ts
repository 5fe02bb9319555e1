/// <reference path="./pdfmake.d.ts" />
// PDF report (pdfmake 0.3, server build): title page, summary, the timeline and burn charts
// (the UI's chart definitions drawn on a Node canvas), the monthly figures, the procurement
// plan, inputs with sources and the prices used; page numbers; Chinese or English, with a
// CJK font embedded (subset). Reads the font files and nothing else: URL access is refused.
import pdfmake from 'pdfmake';
import { Decimal } from 'decimal.js';
import { labeller } from './labels.js';
import { PLAIN } from './csv.js';
import { cjkFontFiles, type FontFiles } from './fonts.js';
import { registerChartFont, renderChart } from './chart-render.js';
import { burnChartConfig, timelineChartConfig } from '../../shared/charts.js';
import { cellKind, type Column, type ExportTables, type Row, type Table, type Value } from './tables.js';
import type { ExportInput } from './types.js';
import { actionLines, optionsOf } from './finance.js';
import { noteZh } from '../../shared/notes-zh.js';

export interface PdfOptions {
  fonts?: Partial<FontFiles>;
  /** Called with 0..1 while the document is laid out. */
  progress?: (fraction: number) => void;
}

type Node = Record<string, unknown> | string | Node[];
const NUMERIC = new Set<string>(['int', 'number', 'money', 'percent']);

function numberFormatter(lang: string) {
  const locale = lang === 'zh' ? 'zh-CN' : 'en-US';
  const cache = new Map<number, Intl.NumberFormat>();
  return (x: number, decimals: number) => {
    let f = cache.get(decimals);
    if (!f) { f = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }); cache.set(decimals, f); }
    return f.format(x);
  };
}

/** 万 / 亿 scaling of large amounts (zh, when asked): 123456789 → 1.23亿, 56789 → 5.68万. */
export function cnScaled(fmt: (x: number, d: number) => string): (x: number, d: number) => string {
  return (x, d) => (Math.abs(x) >= 1e8 ? `${fmt(x / 1e8, 2)}亿` : Math.abs(x) >= 1e4 ? `${fmt(x / 1e4, 2)}万` : fmt(x, d));
}

export function pdfCellText(table: Table, row: Row, j: number, fmt: (x: number, d: number) => string, money: (x: number, d: number) => string = fmt): string {
  const v: Value = row.cells[j];
  if (v === null || v === undefined || v === '') return '';
  const col: Column = table.columns[j];
  const kind = cellKind(table, row, j);
  const asNum = (): number | null => {
    // A non-finite value is shown as it was given, never as "∞" or "NaN" (issue 17).
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    try { const n = new Decimal(v).toNumber(); return Number.isFinite(n) ? n : null; } catch { return null; }
  };
  switch (kind) {
    case 'int': { const n = asNum(); return n === null ? String(v) : fmt(n, 0); }
    case 'percent': { const n = asNum(); return n === null ? String(v) : `${fmt(n * 100, 1)}%`; }
    case 'number': {
      const n = asNum();
      if (n === null) return String(v);
      if (col.decimals !== undefined && col.kind === 'number') return fmt(n, col.decimals);
      // Inputs, rates and tariffs: every decimal the source gave (up to 6), none invented.
      const places = Math.min(6, (String(v).split('.')[1] ?? '').replace(/e.*$/i, '').length);
      return fmt(n, places);
    }
    case 'money': {
      if (typeof v === 'string' && !/^-?\d/.test(v)) return v;
      const d = col.decimals ?? 2;
      // Round half-up on the exact decimal, then group digits.
      const n = typeof v === 'number' ? v : new Decimal(v).toDecimalPlaces(d, Decimal.ROUND_HALF_UP).toNumber();
      return money(n, d);
    }
    case 'month': return String(v);
    case 'datetime': return String(v).replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    default: return String(v);
  }
}

/** Compact rules: thin lines, small padding, so a 120-month table stays a few pages long. */
const COMPACT = {
  hLineWidth: (i: number, node: { table: { headerRows: number } }) => (i === node.table.headerRows ? 0.8 : 0.3),
  vLineWidth: () => 0,
  hLineColor: () => '#b0b8c4',
  paddingLeft: () => 3, paddingRight: () => 3, paddingTop: () => 1.5, paddingBottom: () => 1.5,
};

function tableNode(table: Table, fmt: (x: number, d: number) => string, keys?: string[], fontSize = 8, money = fmt): Node {
  const idx = keys ? keys.map((k) => table.columns.findIndex((c) => c.key === k)).filter((j) => j >= 0) : table.columns.map((_, j) => j);
  const numericCol = (j: number) => NUMERIC.has(table.columns[j].kind);
  const body: Node[] = [idx.map((j) => ({ text: table.columns[j].header, style: 'th', alignment: numericCol(j) ? 'right' : 'left' }))];
  for (const row of table.rows) {
    body.push(idx.map((j) => {
      const v = row.cells[j];
      const right = NUMERIC.has(cellKind(table, row, j)) && (typeof v === 'number' || PLAIN.test(String(v)));
      return { text: pdfCellText(table, row, j, fmt, money), alignment: right ? 'right' : 'left' };
    }));
  }
  // Long text columns share what is left; everything else is as wide as its content.
  // A table of figures only spreads evenly over the page.
  let widths = idx.map((j) => (table.columns[j].kind === 'text' && table.columns[j].width >= 20 ? '*' : 'auto'));
  if (!widths.includes('*')) widths = widths.map(() => '*');
  return { table: { headerRows: 1, dontBreakRows: true, widths, body }, layout: COMPACT, fontSize };
}

/** The report as PDF bytes. */
export async function pdfBuffer(tables: ExportTables, input: ExportInput, opts: PdfOptions = {}): Promise<Buffer> {
  const lang = tables.lang;
  const L = labeller(lang);
  const fmt = numberFormatter(lang);
  const fonts = cjkFontFiles(opts.fonts);
  const plan = input.plan;

  const xopts = optionsOf(input);
  const money = lang === 'zh' && xopts.cn_scale ? cnScaled(fmt) : fmt;
  const note = (n: string) => (lang === 'zh' ? noteZh(n) : n);

  // Charts: the same configs the UI renders, with axis titles and units added here.
  registerChartFont(fonts.regular);
  const style = { fontSize: 12 };
  const axis = (text: string) => ({ display: true, text, font: { size: 12 } });
  const timelineCfg = timelineChartConfig(plan.months, {
    demand: L('chart_demand'), capacity: L('chart_capacity'), utilisation: L('chart_utilisation'),
  }, style);
  const ts = timelineCfg.options!.scales as Record<string, Record<string, unknown>>;
  ts.x.title = axis(L('axis_month')); ts.y.title = axis(L('axis_tokens')); ts.u.title = axis(L('axis_util'));
  const timelineImg = renderChart(timelineCfg as never, 900, 500, { type: 'jpeg' });
  let burnImg: Buffer | false = false;
  if (tables.hasBurn) {
    const burnCfg = burnChartConfig(plan.months, {
      depreciation: input.view === 'cash' ? L('capex_cash') : L('depreciation'), lease: L('lease'), cloud: L('cloud'),
      electricity: L('electricity'), hosting: L('hosting'), fixed: L('fixed'), currency: L('axis_money', { currency: plan.currency }),
    }, style);
    (burnCfg.options!.scales as Record<string, Record<string, unknown>>).x.title = axis(L('axis_month'));
    burnImg = renderChart(burnCfg as never, 900, 500, { type: 'jpeg' });
  }
  const jpeg = (b: Buffer) => `data:image/jpeg;base64,${b.toString('base64')}`;

  const summaryRows = tables.summary.rows.map((r) => [
    { text: String(r.cells[0] ?? ''), style: 'label' },
    { text: pdfCellText(tables.summary, r, 1, fmt, money) + (cellKind(tables.summary, r, 1) === 'money' ? ` ${plan.currency}` : '') },
  ]);
  const crash = plan.crash_month;
  const cm = (v: string | null | undefined) => (crash && v ? v : L('crash_none'));

  // Page 1: the three answers and every warning.
  const lastMonth = plan.months[plan.months.length - 1]?.month ?? '';
  const holds = !crash || (!crash.p10 && !crash.p50 && !crash.p90);
  const lines = actionLines(input);
  const moneyText = (x: string | null) => (x === null ? '' : `${money(new Decimal(x).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber(), 2)} ${plan.currency}`);
  const summaryValue = (label: string) => {
    const r = tables.summary.rows.find((x) => x.cells[0] === label);
    return r && typeof r.cells[1] === 'string' && /^-?\d/.test(r.cells[1]) ? r.cells[1] : null;
  };
  const modeLabel = (m: string) => L(`mode_${m}` as Parameters<typeof L>[0]);
  const buyLines = lines.slice(0, 8).map((l) => `${l.action.order_month} → ${l.action.arrival_month}: ${fmt(l.action.quantity, 0)} × ${l.action.gpu_id}, ${modeLabel(l.action.mode)}, ${l.action.site} — ${moneyText(l.total_rep)}`);
  const warnings = [
    ...(plan.infeasible ? [`${L('infeasible')}: ${[plan.infeasible.reason, plan.infeasible.constraint, plan.infeasible.month].filter(Boolean).join(' · ')}`] : []),
    ...(plan.warnings ?? []).map(note), ...tables.notes,
  ];
  const viewText = input.view === 'cash' ? L('view_cash') : L('view_accrual');
  const costRows: [string, string | null][] = tables.hasBurn ? [
    [L('cost_burn', { view: viewText }), summaryValue(L('total_burn'))],
    [L('cost_cash'), summaryValue(`${L('total_of')}: ${L('total_cash')}`)],
    [L('cost_accrual'), summaryValue(`${L('total_of')}: ${L('total_accrual')}`)],
    [L('plan_spend'), summaryValue(L('plan_spend'))],
  ] : [[L('total_burn'), null], [L('plan_spend'), summaryValue(L('plan_spend'))]];
  const cpm = summaryValue(L('avg_cost_per_m'));
  const exec: Node[] = [
    { text: `${L('report_title')} — ${plan.scenario}`, style: 'title2' },
    { text: `${L('exec_summary')} · ${viewText} · ${L('money_in', { currency: plan.currency })} · ${L('generated_at')}: ${input.generated_at}`, style: 'note' },
    { text: L('q_hold'), style: 'h2' },
    { text: holds ? L('hold_yes', { month: lastMonth }) : L(crash?.p50 ? 'hold_no' : 'hold_risk', { p10: cm(crash?.p10), p50: cm(crash?.p50), p90: cm(crash?.p90) }), bold: !holds },
    { text: L('q_buy'), style: 'h2' },
    lines.length ? { ul: [...buyLines, ...(lines.length > 8 ? [L('buy_more', { n: lines.length - 8 })] : [])] } : { text: L('buy_none') },
    { text: L('q_cost'), style: 'h2' },
    { table: { widths: [260, '*'], body: [...costRows.map(([k, v]) => [{ text: k, style: 'label' }, { text: v === null ? L('no_burn') : moneyText(v) }]),
      ...(cpm ? [[{ text: L('cost_cpm'), style: 'label' }, { text: `${money(Number(cpm), 4)} ${plan.currency}` }]] : [])] }, layout: COMPACT, fontSize: 10 },
    { text: L('warnings'), style: 'h2' },
    warnings.length ? { ul: warnings.map((w) => ({ text: w, fontSize: 8 })) } : { text: L('no_warnings') },
  ];

  const content: Node[] = [
    ...exec,
    // Summary
    { text: L('contents_summary'), style: 'h1', pageBreak: 'before' },
    { table: { headerRows: 0, widths: [260, '*'], body: summaryRows }, layout: COMPACT, fontSize: 10 },
    // Charts
    { text: L('chart_timeline'), style: 'h1', pageBreak: 'before' },
    { image: jpeg(timelineImg), width: 760 },
    ...(burnImg ? [{ text: L('chart_burn'), style: 'h1', pageBreak: 'before' }, { image: jpeg(burnImg), width: 760 }] : []),
    // Monthly figures (a digest; the XLSX and CSV carry every column)
    { text: L('monthly_table'), style: 'h1', pageBreak: 'before' },
    tableNode(tables.monthly, fmt, ['month', 'users', 'peak_requests_per_s', 'peak_output_tokens_per_s', 'capacity_output_tokens_per_s', 'utilisation', 'overload_hours_per_day', 'p_overload', ...tables.gpuIds.slice(0, 6).map((id) => `gpu:${id}`)], 8),
    ...(tables.hasBurn ? [
      { text: L('chart_burn'), style: 'h1', pageBreak: 'before' },
      { text: L('money_in', { currency: plan.currency }), style: 'note' },
      tableNode(tables.monthly, fmt, ['month', 'depreciation', 'lease', 'cloud', 'electricity', 'hosting', 'fixed', 'total', 'output_tokens_m', 'cost_per_million_tokens'], 8, money),
      tableNode(tables.monthly, fmt, ['month', 'opex', 'capex_cash', 'total_cash', 'capex_accrual', 'total_accrual'], 8, money),
      ...(tables.quarterly.rows.length ? [{ text: L('sheet_quarterly'), style: 'h1', margin: [0, 16, 0, 8] }, tableNode(tables.quarterly, fmt, undefined, 8, money)] : []),
      ...(tables.fiscal.rows.length ? [{ text: L('sheet_fiscal'), style: 'h1', margin: [0, 16, 0, 8] }, tableNode(tables.fiscal, fmt, undefined, 8, money)] : []),
      ...(tables.sites.rows.length ? [{ text: L('sheet_sites'), style: 'h1', margin: [0, 16, 0, 8] }, tableNode(tables.sites, fmt, undefined, 8, money)] : []),
    ] : []),
    // Plan
    { text: L('plan_table'), style: 'h1', pageBreak: 'before' },
    tables.actions.rows.length ? tableNode(tables.actions, fmt, ['no', 'order_month', 'arrival_month', 'site', 'gpu_id', 'mode', 'price_unit', 'quantity', 'unit_price', 'currency', 'term_months', 'units', 'action_total', 'fx_rate', 'total_rep'], 7, money) : { text: L('no_actions') },
    ...(tables.fleet.rows.length ? [{ text: L('sheet_fleet'), style: 'h1', margin: [0, 16, 0, 8] }, tableNode(tables.fleet, fmt, undefined, 7, money)] : []),
    { text: L('sheet_budgets'), style: 'h1', margin: [0, 16, 0, 8] },
    tables.budgets.rows.length ? tableNode(tables.budgets, fmt, undefined, 8, money) : { text: L('no_budgets') },
    // Inputs and sources
    { text: L('inputs_table'), style: 'h1', pageBreak: 'before' },
    tables.inputs.rows.length ? tableNode(lang === 'zh' ? { ...tables.inputs, rows: tables.inputs.rows.map((r) => (r.cells[6] === L('plan_note') ? { ...r, cells: r.cells.map((c, j) => (j === 2 && typeof c === 'string' ? note(`${r.cells[1] ? `${r.cells[1]}: ` : ''}${c}`) : c)) } : r)) } : tables.inputs, fmt) : { text: L('no_rows') },
    { text: L('prices_table'), style: 'h1', margin: [0, 16, 0, 8] },
    tables.prices.rows.length ? tableNode(tables.prices, fmt, undefined, 7) : { text: L('no_rows') },
    // About: where this report came from
    { text: L('sheet_cover'), style: 'h1', pageBreak: 'before' },
    tableNode(tables.cover, fmt, undefined, 9),
  ];
  const prov = input.provenance;
  const footerText = L('footer', { version: prov?.app_version || '?', db: prov?.db_file || '-', scenario: plan.scenario, modified: prov?.scenario_modified ?? '-', hash: (prov?.inputs_hash ?? '').slice(0, 12) || '-' });

  const doc = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [36, 36, 36, 40],
    info: { title: `${L('report_title')} — ${plan.scenario}`, author: 'Headroom', creator: 'Headroom', producer: 'Headroom' },
    defaultStyle: { font: 'CJK', fontSize: 9, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 28, bold: true, alignment: 'center' },
      title2: { fontSize: 20, bold: true, margin: [0, 0, 0, 4] },
      h2: { fontSize: 13, bold: true, margin: [0, 12, 0, 4] },
      subtitle: { fontSize: 18, alignment: 'center' },
      headline: { fontSize: 14, bold: true },
      h1: { fontSize: 16, bold: true, margin: [0, 0, 0, 10] },
      th: { bold: true, fillColor: '#e8eef7' },
      label: { bold: true },
      note: { fontSize: 8, color: '#555555', margin: [0, 0, 0, 6] },
    },
    footer: (page: number, pages: number) => ({ text: `${L('page_of', { n: page, total: pages })} · ${footerText}`, alignment: 'center', fontSize: 7, margin: [36, 12, 36, 0] }),
    content,
  };

  const allowed = new Set([fonts.regular, fonts.bold]);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p) => allowed.has(p));
  pdfmake.setFonts({ CJK: { normal: fonts.regular, bold: fonts.bold, italics: fonts.regular, bolditalics: fonts.bold } });
  // pdfmake reports after every element; pass on at most one call per 1 %.
  let last = -1;
  const progress = opts.progress;
  pdfmake.setProgressCallback(progress ? (f: number) => { const pc = Math.floor(f * 100); if (pc !== last) { last = pc; progress(f); } } : undefined);
  try {
    return await pdfmake.createPdf(doc).getBuffer();
  } finally {
    pdfmake.setProgressCallback(undefined);
  }
}
