// Draws a chart.js config (the same one the UI renders, src-main/shared/charts.ts) to a PNG on
// an @napi-rs/canvas canvas, for the PDF report. A CJK font is registered so Chinese labels do
// not come out as tofu (TOOLCHAIN.md pitfall 5).
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';

Chart.register(...registerables);

export const CHART_FONT = 'HeadroomCJK';
const registered = new Set<string>();

export function registerChartFont(ttfPath: string): void {
  if (registered.has(ttfPath)) return;
  GlobalFonts.registerFromPath(ttfPath, CHART_FONT);
  registered.add(ttfPath);
}

/** White background: PNGs are transparent by default and PDFs would show it as black in some viewers. */
const whiteBackground = {
  id: 'headroomWhiteBackground',
  beforeDraw(chart: Chart) {
    const c = chart.ctx;
    c.save();
    c.globalCompositeOperation = 'destination-over';
    c.fillStyle = '#ffffff';
    c.fillRect(0, 0, chart.width, chart.height);
    c.restore();
  },
};

/** Image bytes of the chart at width × height CSS pixels, drawn at `scale` × for sharpness.
 *  PNG for the UI's sake; the PDF asks for JPEG, which pdfkit embeds as is instead of decoding
 *  and re-compressing every pixel (a third of the report's time with PNG). */
export function renderChart(config: ChartConfiguration, width: number, height: number, opts: { scale?: number; type?: 'png' | 'jpeg' } = {}): Buffer {
  const scale = opts.scale ?? 2;
  const canvas = createCanvas(width * scale, height * scale);
  const ctx = canvas.getContext('2d');
  Chart.defaults.font.family = CHART_FONT;
  const chart = new Chart(ctx as unknown as ConstructorParameters<typeof Chart>[0], {
    ...config,
    options: { ...(config.options ?? {}), responsive: false, animation: false, devicePixelRatio: scale },
    plugins: [...(config.plugins ?? []), whiteBackground],
  } as ChartConfiguration);
  try {
    chart.resize(width, height);
    chart.draw();
    return opts.type === 'jpeg' ? canvas.toBuffer('image/jpeg', 92) : canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}

export function renderChartPng(config: ChartConfiguration, width: number, height: number, scale = 2): Buffer {
  return renderChart(config, width, height, { scale, type: 'png' });
}
