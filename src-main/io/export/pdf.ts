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

export function pdfCellText(table: Table, row: Row, j: number, fmt: (x: number, d: number) => string): string {
  const v: Value = row.cells[j];
  if (v === null || v === undefined || v === '') return '';
  const col: Column = table.columns[j];
  const kind = cellKind(table, row, j);
  const asNum = (): number | null => {
    if (typeof v === 'number') return v;
    try { return new Decimal(v).toNumber(); } catch { return null; }
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
      return fmt(n, d);
    }
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

function tableNode(table: Table, fmt: (x: number, d: number) => string, keys?: string[], fontSize = 8): Node {
  const idx = keys ? keys.map((k) => table.columns.findIndex((c) => c.key === k)).filter((j) => j >= 0) : table.columns.map((_, j) => j);
  const numericCol = (j: number) => NUMERIC.has(table.columns[j].kind);
  const body: Node[] = [idx.map((j) => ({ text: table.columns[j].header, style: 'th', alignment: numericCol(j) ? 'right' : 'left' }))];
  for (const row of table.rows) {
    body.push(idx.map((j) => {
      const v = row.cells[j];
      const right = NUMERIC.has(cellKind(table, row, j)) && (typeof v === 'number' || PLAIN.test(String(v)));
      return { text: pdfCellText(table, row, j, fmt), alignment: right ? 'right' : 'left' };
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

  // Charts: the same configs the UI renders.
  registerChartFont(fonts.regular);
  const style = { fontSize: 12 };
  const timelineImg = renderChart(timelineChartConfig(plan.months, {
    demand: L('chart_demand'), capacity: L('chart_capacity'), utilisation: L('chart_utilisation'),
  }, style) as never, 900, 500, { type: 'jpeg' });
  const burnImg = tables.hasBurn && renderChart(burnChartConfig(plan.months, {
    depreciation: input.view === 'cash' ? L('capex_cash') : L('depreciation'), lease: L('lease'), cloud: L('cloud'),
    electricity: L('electricity'), hosting: L('hosting'), fixed: L('fixed'), currency: plan.currency,
  }, style) as never, 900, 500, { type: 'jpeg' });
  const jpeg = (b: Buffer) => `data:image/jpeg;base64,${b.toString('base64')}`;

  const summaryRows = tables.summary.rows.map((r) => [
    { text: String(r.cells[0] ?? ''), style: 'label' },
    { text: pdfCellText(tables.summary, r, 1, fmt) + (cellKind(tables.summary, r, 1) === 'money' ? ` ${plan.currency}` : '') },
  ]);
  const crash = plan.crash_month;
  const cm = (v: string | null | undefined) => (crash && v ? v : L('crash_none'));
  const headline = `${L('crash_p10')}: ${cm(crash?.p10)}    ${L('crash_p50')}: ${cm(crash?.p50)}    ${L('crash_p90')}: ${cm(crash?.p90)}`;

  const content: Node[] = [
    // Title page
    { text: L('report_title'), style: 'title', margin: [0, 140, 0, 20] },
    { text: plan.scenario, style: 'subtitle' },
    { text: headline, style: 'headline', alignment: 'center', margin: [0, 28, 0, 28] },
    { text: `${L('view')}: ${input.view === 'cash' ? L('view_cash') : L('view_accrual')}`, alignment: 'center' },
    { text: L('money_in', { currency: plan.currency }), alignment: 'center' },
    { text: `${L('generated_at')}: ${input.generated_at}`, alignment: 'center', color: '#555555', margin: [0, 4, 0, 0] },
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
      tableNode(tables.monthly, fmt, ['month', 'depreciation', 'lease', 'cloud', 'electricity', 'hosting', 'fixed', 'total', 'output_tokens_m', 'cost_per_million_tokens'], 8),
      ...(tables.sites.rows.length ? [{ text: L('sheet_sites'), style: 'h1', margin: [0, 16, 0, 8] }, tableNode(tables.sites, fmt)] : []),
    ] : []),
    // Plan
    { text: L('plan_table'), style: 'h1', pageBreak: 'before' },
    tables.actions.rows.length ? tableNode(tables.actions, fmt) : { text: L('no_actions') },
    ...(tables.fleet.rows.length ? [{ text: L('sheet_fleet'), style: 'h1', margin: [0, 16, 0, 8] }, tableNode(tables.fleet, fmt, undefined, 7)] : []),
    { text: L('sheet_budgets'), style: 'h1', margin: [0, 16, 0, 8] },
    tables.budgets.rows.length ? tableNode(tables.budgets, fmt) : { text: L('no_budgets') },
    // Inputs and sources
    { text: L('inputs_table'), style: 'h1', pageBreak: 'before' },
    tables.inputs.rows.length ? tableNode(tables.inputs, fmt) : { text: L('no_rows') },
    { text: L('prices_table'), style: 'h1', margin: [0, 16, 0, 8] },
    tables.prices.rows.length ? tableNode(tables.prices, fmt, undefined, 7) : { text: L('no_rows') },
  ];

  const doc = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [36, 36, 36, 40],
    info: { title: `${L('report_title')} — ${plan.scenario}`, author: 'Headroom', creator: 'Headroom', producer: 'Headroom' },
    defaultStyle: { font: 'CJK', fontSize: 9, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 28, bold: true, alignment: 'center' },
      subtitle: { fontSize: 18, alignment: 'center' },
      headline: { fontSize: 14, bold: true },
      h1: { fontSize: 16, bold: true, margin: [0, 0, 0, 10] },
      th: { bold: true, fillColor: '#e8eef7' },
      label: { bold: true },
      note: { fontSize: 8, color: '#555555', margin: [0, 0, 0, 6] },
    },
    footer: (page: number, pages: number) => ({ text: L('page_of', { n: page, total: pages }), alignment: 'center', fontSize: 8, margin: [0, 12, 0, 0] }),
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
