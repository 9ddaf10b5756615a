import type * as Echarts from 'echarts';
import { SlaReportView } from './dto/sla-report.view';
import { bucketLabel, REPORT_WORDS } from './report-format';
import type { Locale } from './report-period';

export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 320;

/**
 * The report's chart as PNG: tickets filed and resolved per bucket (bars) with the share answered
 * and resolved on time (lines, right axis). echarts renders SVG on the server (no browser, no
 * canvas), resvg turns it into a PNG at twice the size for sharp display on phones.
 */
export async function renderReportChart(report: SlaReportView, locale: Locale): Promise<Buffer> {
  // Loaded on first use: echarts and resvg add some 25 MB to every process that imports this lib.
  const [echarts, { Resvg }]: [typeof Echarts, typeof import('@resvg/resvg-js')] = await Promise.all([
    import('echarts'),
    import('@resvg/resvg-js'),
  ]);
  const w = REPORT_WORDS[locale];
  const points = report.series.points;
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
  });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      // Liberation Sans has Arial's metrics, which echarts assumes when it lays out text on the server.
      textStyle: { fontFamily: 'Liberation Sans, Arial, DejaVu Sans, sans-serif', fontSize: 11 },
      color: ['#0b5cad', '#7fb3e6', '#1b7f3b', '#d9822b'],
      legend: { bottom: 2, itemWidth: 14, itemHeight: 10, itemGap: 18, textStyle: { fontSize: 11 } },
      grid: { left: 44, right: 44, top: 32, bottom: 52 },
      xAxis: {
        type: 'category',
        data: points.map((p) => bucketLabel(p.bucket, report.series.granularity, locale)),
        axisTick: { alignWithLabel: true },
        axisLabel: { interval: points.length > 16 ? Math.ceil(points.length / 16) - 1 : 0 },
      },
      yAxis: [
        { type: 'value', name: w.tickets, minInterval: 1, nameTextStyle: { align: 'left' } },
        { type: 'value', name: '%', min: 0, max: 100, interval: 25, splitLine: { show: false } },
      ],
      series: [
        { name: w.chartOpened, type: 'bar', data: points.map((p) => p.opened), barMaxWidth: 14 },
        { name: w.chartResolved, type: 'bar', data: points.map((p) => p.resolved), barMaxWidth: 14 },
        {
          name: w.chartResolution,
          type: 'line',
          yAxisIndex: 1,
          connectNulls: true,
          symbolSize: 4,
          data: points.map((p) => p.resolutionMetPct),
        },
        {
          name: w.chartResponse,
          type: 'line',
          yAxisIndex: 1,
          connectNulls: true,
          symbolSize: 4,
          lineStyle: { type: 'dashed' },
          data: points.map((p) => p.responseMetPct),
        },
      ],
    });
    const svg = chart.renderToSVGString();
    return new Resvg(svg, {
      font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans' },
      fitTo: { mode: 'width', value: CHART_WIDTH * 2 },
      background: '#ffffff',
    })
      .render()
      .asPng();
  } finally {
    // Without dispose the SSR chart keeps timers alive and the process never exits.
    chart.dispose();
  }
}
