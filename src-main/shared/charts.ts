// Chart definitions shared by the UI (src-renderer/lib/Chart.svelte takes the config as is)
// and the PDF export (src-main/io/export/chart-render.ts draws the same config on a Node
// canvas), so the report shows exactly the charts the user saw. Pure: data in, config out;
// visible strings are passed in already translated.
import type { ChartConfiguration } from 'chart.js';

export interface TimelineMonth {
  month: string;
  peak_output_tokens_per_s: number;
  capacity_output_tokens_per_s: number;
  utilisation: number;
}
export interface BurnMonth {
  month: string;
  /** Decimal strings (DESIGN.md plan output); a month without burn draws no bar. */
  burn?: { depreciation: string; lease: string; cloud: string; electricity: string; hosting: string; fixed: string; total: string };
}

export interface TimelineLabels { title?: string; demand: string; capacity: string; utilisation: string }
export interface BurnLabels {
  title?: string;
  depreciation: string; lease: string; cloud: string; electricity: string; hosting: string; fixed: string;
  /** Axis title, e.g. "CNY". */
  currency: string;
}
export interface ChartStyle { fontFamily?: string; fontSize?: number }

export const CHART_COLOURS = {
  demand: '#d94841', capacity: '#2f6fb0', utilisation: '#8a8a8a',
  depreciation: '#2f6fb0', lease: '#57a773', cloud: '#e0a030', electricity: '#d94841', hosting: '#7b5ea7', fixed: '#8a8a8a',
} as const;

const font = (s: ChartStyle | undefined) => (s?.fontFamily || s?.fontSize ? { family: s.fontFamily, size: s.fontSize } : undefined);

/** Peak demand against capacity (output tokens/s) by month, utilisation on the right axis. */
export function timelineChartConfig(months: TimelineMonth[], labels: TimelineLabels, style?: ChartStyle): ChartConfiguration<'line'> {
  const f = font(style);
  return {
    type: 'line',
    data: {
      labels: months.map((m) => m.month),
      datasets: [
        { label: labels.demand, data: months.map((m) => m.peak_output_tokens_per_s), borderColor: CHART_COLOURS.demand, backgroundColor: CHART_COLOURS.demand, pointRadius: 0, borderWidth: 2, yAxisID: 'y' },
        { label: labels.capacity, data: months.map((m) => m.capacity_output_tokens_per_s), borderColor: CHART_COLOURS.capacity, backgroundColor: CHART_COLOURS.capacity, pointRadius: 0, borderWidth: 2, stepped: 'before', yAxisID: 'y' },
        { label: labels.utilisation, data: months.map((m) => Math.round(m.utilisation * 1000) / 10), borderColor: CHART_COLOURS.utilisation, backgroundColor: CHART_COLOURS.utilisation, pointRadius: 0, borderWidth: 1, borderDash: [4, 3], yAxisID: 'u' },
      ],
    },
    options: {
      ...frame(labels.title, f),
      scales: {
        x: { ticks: { autoSkip: true, maxTicksLimit: 12, font: f } },
        y: { beginAtZero: true, ticks: { font: f } },
        u: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { font: f, callback: (v) => `${v}%` } },
      },
    },
  };
}

/** What every Headroom chart shares: no animation, index tooltips, title and legend below. */
function frame(title: string | undefined, f: ReturnType<typeof font>) {
  return {
    animation: false as const,
    layout: { padding: { right: 12 } },
    interaction: { mode: 'index' as const, intersect: false },
    plugins: {
      title: { display: !!title, text: title ?? '', font: f },
      legend: { position: 'bottom' as const, labels: { font: f } },
    },
  };
}

const CATS = ['depreciation', 'lease', 'cloud', 'electricity', 'hosting', 'fixed'] as const;

/** Monthly burn as stacked bars, one stack segment per category. */
export function burnChartConfig(months: BurnMonth[], labels: BurnLabels, style?: ChartStyle): ChartConfiguration<'bar'> {
  const f = font(style);
  return {
    type: 'bar',
    data: {
      labels: months.map((m) => m.month),
      datasets: CATS.map((c) => ({
        label: labels[c], data: months.map((m) => (m.burn ? Number(m.burn[c]) : null)), backgroundColor: CHART_COLOURS[c], borderWidth: 0, stack: 'burn',
      })),
    },
    options: {
      ...frame(labels.title, f),
      scales: {
        x: { stacked: true, ticks: { autoSkip: true, maxTicksLimit: 12, font: f } },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: labels.currency, font: f }, ticks: { font: f } },
      },
    },
  };
}
