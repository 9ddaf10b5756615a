import type { ReportRate, ReportUnitRow, SlaReport, Unit } from '@desk/contracts';
import { BarChart, LineChart } from '@mantine/charts';
import { SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ChartCard } from '../../components/ChartCard';
import { bucketLabel } from './period';
import { formatNumber, formatPct } from './format';

const AGE_KEYS = ['lt1d', 'd1to3', 'd3to7', 'gt7d'] as const;
const pctTick = (v: number) => `${v}%`;
const PCT_AXIS = { domain: [0, 100] as [number, number], width: 48, tickFormatter: pctTick };
const PCT_X_AXIS = { domain: [0, 100] as [number, number], tickFormatter: pctTick };

/** Bars along the x axis (time, age, priority), with a legend when there are several series. */
const COLUMNS = { dataKey: 'label', tickLine: 'y' } as const;
const LEGEND = { withLegend: true, legendProps: { verticalAlign: 'bottom' } } as const;
/** One bar group per PD, PD codes down the y axis. */
const ROWS = { dataKey: 'label', orientation: 'vertical', yAxisProps: { width: 96 }, tickLine: 'x' } as const;

/** ★★★★☆ for an average of 4.2 (decoration: the number next to it says it). */
const stars = (average: number | null) => {
  const full = Math.round(average ?? 0);
  return '★'.repeat(full) + '☆'.repeat(5 - full);
};

/** Short PD codes on a chart's axis (full names in its table). */
function unitCode(row: ReportUnitRow, units: Unit[] | undefined): string {
  return units?.find((u) => u.id === row.unitId)?.code ?? row.unitName;
}

const rowsHeight = (rows: unknown[]) => Math.max(220, rows.length * 44);

/** Shares per PD side by side (two series of percentages), PD codes down the axis. */
function UnitRateBars({
  rows,
  units,
  picks,
}: {
  rows: ReportUnitRow[];
  units: Unit[] | undefined;
  picks: { name: string; label: string; color: string; rate: (u: ReportUnitRow) => ReportRate }[];
}) {
  const { i18n } = useTranslation();
  return (
    <BarChart
      {...ROWS}
      {...LEGEND}
      h={rowsHeight(rows)}
      data={rows.map((u) => ({
        label: unitCode(u, units),
        ...Object.fromEntries(picks.map((p) => [p.name, p.rate(u).pct])),
      }))}
      series={picks.map(({ name, label, color }) => ({ name, label, color }))}
      xAxisProps={PCT_X_AXIS}
      valueFormatter={(v) => formatPct(v, i18n.language)}
    />
  );
}

/** Every chart of the dashboard, charts first; each has its numbers as a table on demand. */
export function ReportCharts({ report, units }: { report: SlaReport; units: Unit[] | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const pct = (v: number | null | undefined) => formatPct(v, lang);
  const num = (v: number | null | undefined, digits = 0) => formatNumber(v, lang, digits);
  const { summary, series } = report;
  const granularity = series.granularity;
  const points = series.points.map((p) => ({ ...p, label: bucketLabel(p.bucket, granularity) }));
  const byUnit = report.scope.regencyWide ? report.byUnit : [];
  const valueFormatter = (v: number) => pct(v);
  const timeHead = t(
    `dashboard.col.${granularity === 'month' ? 'month' : granularity === 'hour' ? 'hour' : 'day'}`,
  );

  const age = AGE_KEYS.map((k) => ({
    key: k,
    label: t(`dashboard.age.${k}`),
    count: report.backlogByAge[k],
  }));
  const rates = [
    { key: 'escalation', label: t('dashboard.series.escalation'), value: summary.escalation.pct ?? 0 },
    { key: 'tier1', label: t('dashboard.series.tier1'), value: summary.tier1Resolution.pct ?? 0 },
  ];

  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <ChartCard
        id="chart-compliance"
        title={t('dashboard.chart.compliance')}
        description={t('dashboard.chart.complianceText')}
        table={{
          head: [timeHead, t('dashboard.series.response'), t('dashboard.series.resolution')],
          rows: points.map((p) => ({
            key: p.bucket,
            cells: [p.label, pct(p.responseMetPct), pct(p.resolutionMetPct)],
          })),
        }}
      >
        <LineChart
          {...COLUMNS}
          {...LEGEND}
          h={240}
          data={points}
          series={[
            { name: 'responseMetPct', label: t('dashboard.series.response'), color: 'desk.7' },
            { name: 'resolutionMetPct', label: t('dashboard.series.resolution'), color: 'ok.7' },
          ]}
          connectNulls
          curveType="linear"
          yAxisProps={PCT_AXIS}
          valueFormatter={valueFormatter}
        />
      </ChartCard>

      <ChartCard
        id="chart-volume"
        title={t('dashboard.chart.volume')}
        description={t('dashboard.chart.volumeText', { opened: summary.opened, resolved: summary.resolved })}
        table={{
          head: [timeHead, t('dashboard.series.opened'), t('dashboard.series.resolved')],
          rows: points.map((p) => ({ key: p.bucket, cells: [p.label, p.opened, p.resolved] })),
        }}
      >
        <BarChart
          {...COLUMNS}
          {...LEGEND}
          h={240}
          data={points}
          series={[
            { name: 'opened', label: t('dashboard.series.opened'), color: 'desk.6' },
            { name: 'resolved', label: t('dashboard.series.resolved'), color: 'ok.6' },
          ]}
          yAxisProps={{ allowDecimals: false, width: 36 }}
        />
      </ChartCard>

      {byUnit.length > 0 && (
        <ChartCard
          id="chart-units"
          title={t('dashboard.chart.units')}
          description={t('dashboard.chart.unitsText')}
          table={{
            head: [
              t('dashboard.col.unit'),
              t('dashboard.series.opened'),
              t('dashboard.series.resolved'),
              t('dashboard.col.backlog'),
              t('dashboard.series.response'),
              t('dashboard.series.resolution'),
              t('dashboard.col.breaches'),
            ],
            rows: byUnit.map((u) => ({
              key: u.unitId,
              cells: [
                u.unitName,
                u.opened,
                u.resolved,
                u.backlog,
                pct(u.response.pct),
                pct(u.resolution.pct),
                u.breaches,
              ],
            })),
          }}
        >
          <UnitRateBars
            rows={byUnit}
            units={units}
            picks={[
              {
                name: 'response',
                label: t('dashboard.series.response'),
                color: 'desk.7',
                rate: (u) => u.response,
              },
              {
                name: 'resolution',
                label: t('dashboard.series.resolution'),
                color: 'ok.7',
                rate: (u) => u.resolution,
              },
            ]}
          />
        </ChartCard>
      )}

      <ChartCard
        id="chart-backlog"
        title={t('dashboard.chart.backlog')}
        description={t('dashboard.chart.backlogText', { count: summary.backlog })}
        table={{
          head: [t('dashboard.col.age'), t('dashboard.series.count')],
          rows: age.map((a) => ({ key: a.key, cells: [a.label, a.count] })),
        }}
      >
        <BarChart
          {...COLUMNS}
          h={220}
          data={age}
          series={[{ name: 'count', label: t('dashboard.series.count'), color: 'orange.6' }]}
          yAxisProps={{ allowDecimals: false, width: 36 }}
        />
      </ChartCard>

      <ChartCard
        id="chart-rates"
        title={t('dashboard.chart.rates')}
        description={t('dashboard.chart.ratesText')}
        table={
          byUnit.length
            ? {
                head: [
                  t('dashboard.col.unit'),
                  t('dashboard.series.escalation'),
                  t('dashboard.series.tier1'),
                ],
                rows: byUnit.map((u) => ({
                  key: u.unitId,
                  cells: [u.unitName, pct(u.escalation.pct), pct(u.tier1Resolution.pct)],
                })),
              }
            : {
                head: [t('dashboard.col.measure'), t('dashboard.col.value')],
                rows: rates.map((r, i) => ({
                  key: r.key,
                  cells: [r.label, pct(i === 0 ? summary.escalation.pct : summary.tier1Resolution.pct)],
                })),
              }
        }
      >
        {byUnit.length ? (
          <UnitRateBars
            rows={byUnit}
            units={units}
            picks={[
              {
                name: 'escalation',
                label: t('dashboard.series.escalation'),
                color: 'grape.7',
                rate: (u) => u.escalation,
              },
              {
                name: 'tier1',
                label: t('dashboard.series.tier1'),
                color: 'teal.7',
                rate: (u) => u.tier1Resolution,
              },
            ]}
          />
        ) : (
          <BarChart
            {...COLUMNS}
            h={220}
            data={rates}
            series={[{ name: 'value', label: t('dashboard.col.value'), color: 'grape.7' }]}
            yAxisProps={PCT_AXIS}
            valueFormatter={valueFormatter}
          />
        )}
      </ChartCard>

      <ChartCard
        id="chart-satisfaction"
        title={t('dashboard.chart.satisfaction')}
        description={
          summary.satisfaction.count
            ? t('dashboard.chart.satisfactionText', {
                average: num(summary.satisfaction.average, 2),
                count: summary.satisfaction.count,
              })
            : t('dashboard.chart.satisfactionNone')
        }
        table={{
          head: [t('dashboard.col.unit'), t('dashboard.series.satisfaction'), t('dashboard.col.ratings')],
          rows: (byUnit.length
            ? byUnit.map((u) => ({ key: u.unitId, name: u.unitName, s: u.satisfaction }))
            : [{ key: 'all', name: report.scope.label, s: summary.satisfaction }]
          ).map((r) => ({ key: r.key, cells: [r.name, num(r.s.average, 2), r.s.count] })),
        }}
      >
        {byUnit.length ? (
          <BarChart
            {...ROWS}
            h={rowsHeight(byUnit)}
            data={byUnit.map((u) => ({ label: unitCode(u, units), average: u.satisfaction.average }))}
            series={[{ name: 'average', label: t('dashboard.series.satisfaction'), color: 'yellow.6' }]}
            xAxisProps={{ domain: [0, 5] }}
            valueFormatter={(v) => num(v, 2)}
          />
        ) : (
          <Stack align="center" gap={4} py="lg">
            <Text fz={40} fw={700} lh={1}>
              {num(summary.satisfaction.average, 2)}
            </Text>
            <Text fz={24} c="yellow.8" aria-hidden lh={1}>
              {stars(summary.satisfaction.average)}
            </Text>
            <Text size="sm" c="dimmed">
              {t('dashboard.chart.stars', { value: num(summary.satisfaction.average, 2) })}
            </Text>
          </Stack>
        )}
      </ChartCard>

      <ChartCard
        id="chart-priority"
        title={t('dashboard.chart.priority')}
        table={{
          head: [
            t('dashboard.col.priority'),
            t('dashboard.series.opened'),
            t('dashboard.series.resolved'),
            t('dashboard.series.response'),
            t('dashboard.series.resolution'),
          ],
          rows: report.byPriority.map((p) => ({
            key: p.priority,
            cells: [
              `${p.priority} · ${t(`priority.${p.priority as 'P1'}`)}`,
              p.opened,
              p.resolved,
              pct(p.response.pct),
              pct(p.resolution.pct),
            ],
          })),
        }}
      >
        <BarChart
          {...COLUMNS}
          {...LEGEND}
          h={220}
          data={report.byPriority.map((p) => ({
            label: p.priority,
            response: p.response.pct,
            resolution: p.resolution.pct,
          }))}
          series={[
            { name: 'response', label: t('dashboard.series.response'), color: 'desk.7' },
            { name: 'resolution', label: t('dashboard.series.resolution'), color: 'ok.7' },
          ]}
          yAxisProps={PCT_AXIS}
          valueFormatter={valueFormatter}
        />
      </ChartCard>

      {report.topCategories.length > 0 && (
        <ChartCard
          id="chart-categories"
          title={t('dashboard.chart.categories')}
          table={{
            head: [t('dashboard.col.category'), t('dashboard.series.opened')],
            rows: report.topCategories.map((c) => ({
              key: c.categoryId ?? 'none',
              cells: [c.name, c.count],
            })),
          }}
        >
          <BarChart
            {...ROWS}
            h={Math.max(200, report.topCategories.length * 44)}
            data={report.topCategories.map((c) => ({ label: c.name, count: c.count }))}
            series={[{ name: 'count', label: t('dashboard.series.opened'), color: 'indigo.6' }]}
            yAxisProps={{ width: 150 }}
            xAxisProps={{ allowDecimals: false }}
          />
        </ChartCard>
      )}
    </SimpleGrid>
  );
}
