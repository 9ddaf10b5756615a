import '@mantine/charts/styles.layer.css';
import '@mantine/dates/styles.layer.css';
import type { ReportDuration, ReportRate, SlaReport } from '@desk/contracts';
import {
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DatePickerInput, DatesProvider } from '@mantine/dates';
import { IconDownload, IconLock, IconMailForward } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { downloadFile } from '../../api/client';
import { useTeams, useUnits } from '../../api/hooks';
import { slaReportParams, useSlaReport, type SlaReportQuery } from '../../api/reports';
import { useMeRequired } from '../../auth/AuthContext';
import { StatTile } from '../../components/ChartCard';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDateTime, useTimeZone } from '../../lib/dates';
import { notify } from '../../lib/notify';
import { problemMessage } from '../../lib/problem';
import { hasRole } from '../../lib/roles';
import { BreachesTable } from './BreachesTable';
import { useIncidentT } from '../../i18n/useIncidentT';
import { formatBusiness, formatNumber, formatPct, rateHint } from './format';
import { isPreset, PERIOD_PRESETS, presetRange, type PeriodPreset } from './period';
import { ReportCharts } from './ReportCharts';

const ALL_UNITS = 'all';

export default function DashboardPage() {
  const { i18n } = useTranslation();
  return (
    <DatesProvider settings={{ locale: i18n.language === 'en' ? 'en' : 'id', firstDayOfWeek: 1 }}>
      <Dashboard />
    </DatesProvider>
  );
}

/**
 * The manager dashboard over `GET /reports/sla`: period and scope in the address (so a view can be
 * bookmarked and shared), figures, charts with tables on demand, the breaches list and the CSV.
 * Supervisors pick any PD, team or the whole regency; a PD head's view is their own PD.
 */
function Dashboard() {
  const { t } = useTranslation();
  const me = useMeRequired();
  const tz = useTimeZone();
  const units = useUnits();
  const teams = useTeams();
  const supervisor = hasRole(me, 'supervisor');
  const [params, setParams] = useSearchParams();

  const preset: PeriodPreset = isPreset(params.get('period'))
    ? (params.get('period') as PeriodPreset)
    : 'month';
  const custom = preset === 'custom' && params.get('from') && params.get('to');
  const range = custom
    ? { from: params.get('from')!, to: params.get('to')! }
    : presetRange(preset === 'custom' ? 'month' : preset, tz);
  // A PD head's scope is their PD whatever the address says (the api would refuse another one).
  const unitId = supervisor ? params.get('unitId') : me.unitId;
  const teamId = params.get('teamId');
  const query: SlaReportQuery = { ...range, unitId, teamId };

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );

  const pdOptions = (units.data ?? [])
    .filter((u) => u.kind === 'pd')
    .map((u) => ({ value: u.id, label: u.name }));
  const ownUnit = units.data?.find((u) => u.id === me.unitId);

  return (
    <Stack gap="md">
      <PageHeader
        title={t('dashboard.title')}
        subtitle={t('dashboard.subtitle')}
        actions={
          <Button
            component={Link}
            to="/reports/subscriptions"
            variant="default"
            leftSection={<IconMailForward size={16} aria-hidden />}
          >
            {t('subs.title')}
          </Button>
        }
      />

      <Paper withBorder p="sm" radius="md" component="section" aria-label={t('dashboard.filters')}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <Select
            label={t('dashboard.period')}
            data={PERIOD_PRESETS.map((p) => ({ value: p, label: t(`dashboard.preset.${p}`) }))}
            value={preset}
            onChange={(v) => {
              if (v === 'custom') update({ period: v, from: range.from, to: range.to });
              else update({ period: v === 'month' ? null : v, from: null, to: null });
            }}
            allowDeselect={false}
            data-testid="period-preset"
          />
          {preset === 'custom' && (
            <DatePickerInput
              type="range"
              label={t('dashboard.range')}
              value={[range.from, range.to]}
              onChange={([from, to]) => {
                if (from && to) update({ from, to });
              }}
              valueFormat="D MMM YYYY"
              allowSingleDateInRange
              maxDate={new Date()}
            />
          )}
          {supervisor ? (
            <Select
              label={t('dashboard.scopeUnit')}
              data={[{ value: ALL_UNITS, label: t('dashboard.regencyWide') }, ...pdOptions]}
              value={unitId ?? ALL_UNITS}
              onChange={(v) => update({ unitId: v === ALL_UNITS ? null : v })}
              allowDeselect={false}
              searchable
              data-testid="scope-unit"
            />
          ) : (
            <TextInput
              label={t('dashboard.scopeUnit')}
              value={ownUnit?.name ?? ''}
              readOnly
              rightSection={<IconLock size={16} aria-hidden />}
              description={t('dashboard.lockedUnit')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              data-testid="scope-unit-locked"
            />
          )}
          <Select
            label={t('dashboard.scopeTeam')}
            placeholder={t('dashboard.allTeams')}
            data={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
            value={teamId}
            onChange={(v) => update({ teamId: v })}
            clearable
            data-testid="scope-team"
          />
        </SimpleGrid>
      </Paper>

      <Report query={query} tz={tz} />
    </Stack>
  );
}

function Report({ query, tz }: { query: SlaReportQuery; tz: string }) {
  const { t } = useTranslation();
  const report = useSlaReport(query);
  const units = useUnits();
  const [downloading, setDownloading] = useState<'csv' | 'xlsx' | null>(null);

  async function download(format: 'csv' | 'xlsx') {
    setDownloading(format);
    try {
      await downloadFile(
        `/reports/sla?${slaReportParams(query, format).toString()}`,
        `laporan-sla-${query.from}-${query.to}.${format}`,
      );
    } catch (error) {
      notify(problemMessage(error, t), 'red');
    } finally {
      setDownloading(null);
    }
  }

  if (report.isPending) return <LoadingState label={t('dashboard.loading')} />;
  if (report.isError && !report.data)
    return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const r: SlaReport = report.data!;
  const empty = !r.summary.opened && !r.summary.resolved && !r.summary.backlog;

  return (
    <Stack gap="md" aria-busy={report.isFetching}>
      <Group justify="space-between" gap="sm" align="flex-end">
        <Stack gap={2} miw={0}>
          <Title order={2} size="h4" data-testid="report-heading">
            {r.scope.label} · {r.period.label}
          </Title>
          <Text size="xs" c="dimmed">
            {t('dashboard.asOf', { when: formatDateTime(r.period.asOf, tz) })}
          </Text>
        </Stack>
        <Group gap="xs">
          {report.isFetching && (
            <Group gap={6} role="status">
              <Loader size="xs" aria-hidden />
              <Text size="xs" c="dimmed">
                {t('dashboard.updating')}
              </Text>
            </Group>
          )}
          <Button
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
            onClick={() => void download('csv')}
            loading={downloading === 'csv'}
            data-testid="download-csv"
          >
            {t('dashboard.downloadCsv')}
          </Button>
          <Button
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
            onClick={() => void download('xlsx')}
            loading={downloading === 'xlsx'}
            data-testid="download-xlsx"
          >
            {t('dashboard.downloadXlsx')}
          </Button>
        </Group>
      </Group>
      {report.isError && <ErrorState error={report.error} onRetry={() => void report.refetch()} />}

      {empty ? (
        <EmptyState title={t('dashboard.emptyTitle')} text={t('dashboard.empty')} />
      ) : (
        <>
          <Summary report={r} />
          <ReportCharts report={r} units={units.data} />
          <Stack gap="xs" component="section" aria-labelledby="dash-breaches">
            <Group gap="xs">
              <Title order={2} size="h4" id="dash-breaches">
                {t('dashboard.breaches')}
              </Title>
              <Badge color={r.breaches.total ? 'red.9' : 'ok.8'} autoContrast>
                {r.breaches.total}
              </Badge>
            </Group>
            <BreachesTable breaches={r.breaches} />
          </Stack>
        </>
      )}
    </Stack>
  );
}

function Summary({ report }: { report: SlaReport }) {
  const { t, i18n } = useTranslation();
  const { ti } = useIncidentT();
  const lang = i18n.language;
  const s = report.summary;
  const incidents = report.securityIncidents;
  const count = (v: number) => formatNumber(v, lang);
  const rate = (r: ReportRate) => ({ value: formatPct(r.pct, lang), hint: rateHint(r, t) });
  const time = (d: ReportDuration) => ({
    value: formatBusiness(d.meanSeconds, t),
    hint: t('dashboard.hint.median', { value: formatBusiness(d.medianSeconds, t) }),
    small: true,
  });
  const tiles: (
    { key: string; label?: string; value: string; hint?: string; color?: string; small?: boolean } | false
  )[] = [
    { key: 'opened', value: count(s.opened) },
    { key: 'resolved', value: count(s.resolved) },
    { key: 'backlog', value: count(s.backlog) },
    { key: 'breaches', value: count(s.breaches), color: s.breaches ? 'red.9' : undefined },
    { key: 'response', ...rate(s.response) },
    { key: 'resolution', ...rate(s.resolution) },
    { key: 'escalation', ...rate(s.escalation) },
    { key: 'tier1', ...rate(s.tier1Resolution) },
    {
      key: 'satisfaction',
      value: s.satisfaction.average == null ? '—' : `${formatNumber(s.satisfaction.average, lang, 2)} / 5`,
      hint: t('dashboard.hint.ratings', { count: s.satisfaction.count }),
    },
    { key: 'deflections', value: count(report.deflections ?? 0), hint: t('dashboard.hint.deflections') },
    { key: 'timeToRespond', ...time(s.timeToRespond) },
    { key: 'timeToResolve', ...time(s.timeToResolve) },
    incidents.available && {
      key: 'incidents',
      value: count(incidents.total),
      hint: (['critical', 'high', 'medium', 'low'] as const)
        .map((sev) => `${t(`dashboard.severity.${sev}`)} ${incidents.bySeverity[sev] ?? 0}`)
        .join(' · '),
    },
    incidents.available && {
      key: 'incidentAck',
      label: ti('dashboardAck'),
      value: incidents.acknowledgement.pct == null ? '—' : formatPct(incidents.acknowledgement.pct, lang),
      hint: [
        ti('dashboardAckHint', {
          met: incidents.acknowledgement.met,
          total: incidents.acknowledgement.decided,
        }),
        ti('dashboardOpen', {
          count: incidents.total - (incidents.byPhase.closed ?? 0),
        }),
      ].join(' · '),
    },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, md: 4, xl: 6 }} spacing="sm" data-testid="report-summary">
      {tiles.map(
        (tile) =>
          tile && (
            <StatTile
              key={tile.key}
              testId={`stat-${tile.key}`}
              label={tile.label ?? t(`dashboard.stat.${tile.key as 'opened'}`)}
              value={tile.value}
              hint={tile.hint}
              color={tile.color}
              small={tile.small}
            />
          ),
      )}
    </SimpleGrid>
  );
}
