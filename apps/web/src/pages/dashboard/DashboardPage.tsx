import '@mantine/charts/styles.layer.css';
import '@mantine/dates/styles.layer.css';
import { PRIORITIES, TICKET_STATUSES, type Ticket } from '@desk/contracts';
import { BarChart, DonutChart } from '@mantine/charts';
import { Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { DatePickerInput, DatesProvider, type DatesRangeValue } from '@mantine/dates';
import { notify } from '../../lib/notify';
import { IconDownload, IconTable } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCapabilities } from '../../api/capabilities';
import { downloadFile } from '../../api/client';
import { useTeams, useTicketSample, useUnits } from '../../api/hooks';
import { useMeRequired } from '../../auth/AuthContext';
import { PageHeader } from '../../components/PageHeader';
import { ComingSoon, EmptyState, ErrorState, LoadingState } from '../../components/States';
import { dayjs } from '../../lib/dates';
import { problemMessage } from '../../lib/problem';
import { hasRole } from '../../lib/roles';
import { isBreached } from '../../lib/sla';

const SNAPSHOT_MAX = 500;
const DAY = 86_400_000;

const STATUS_COLORS: Record<string, string> = {
  new: 'desk.6',
  assigned: 'indigo.6',
  in_progress: 'violet.6',
  pending: 'yellow.5',
};
const PRIORITY_COLORS: Record<string, string> = { P1: 'red.7', P2: 'orange.5', P3: 'yellow.5', P4: 'gray.5' };

/** A chart with its own heading and, on demand, the same numbers as a table (the chart's text alternative). */
function ChartCard({
  title,
  rows,
  children,
  id,
}: {
  title: string;
  rows: { label: string; value: number }[];
  children: ReactNode;
  id: string;
}) {
  const { t } = useTranslation();
  const [table, setTable] = useState(false);
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="figure"
      m={0}
      aria-labelledby={id}
      data-testid="chart-card"
    >
      <Group justify="space-between" mb="sm" gap="xs">
        <Title order={3} size="h5" id={id}>
          {title}
        </Title>
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconTable size={14} aria-hidden />}
          onClick={() => setTable((v) => !v)}
          aria-expanded={table}
        >
          {table ? t('common.hideTable') : t('common.showTable')}
        </Button>
      </Group>
      {children}
      {table && (
        <Table mt="sm" striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{title}</Table.Th>
              <Table.Th ta="right">{t('common.count')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.label}>
                <Table.Td>{r.label}</Table.Td>
                <Table.Td ta="right">{r.value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

function Stat({ label, value, color }: { label: string; value: number | string; color?: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fz={28} fw={700} c={color}>
        {value}
      </Text>
    </Paper>
  );
}

/** The backlog as it is now, from the open tickets this user can see (real data, no report needed). */
function Snapshot({ unitId, teamId }: { unitId: string | null; teamId: string | null }) {
  const { t } = useTranslation();
  const me = useMeRequired();
  const units = useUnits();
  const sample = useTicketSample(
    { status: ['open'], sort: 'due', ...(unitId ? { unitId } : {}), ...(teamId ? { teamId, tier: 2 } : {}) },
    SNAPSHOT_MAX,
    { refetchInterval: 60_000 },
  );
  if (sample.isPending) return <LoadingState />;
  if (sample.isError) return <ErrorState error={sample.error} onRetry={() => void sample.refetch()} />;
  const items: Ticket[] = sample.data.items;
  if (!items.length) return <EmptyState title={t('workspace.emptyTitle')} text={t('workspace.empty')} />;

  const now = Date.now();
  const ageBuckets = [
    { key: 'lt1d', test: (d: number) => d < 1 },
    { key: 'd1to3', test: (d: number) => d >= 1 && d < 3 },
    { key: 'd3to7', test: (d: number) => d >= 3 && d < 7 },
    { key: 'gt7d', test: (d: number) => d >= 7 },
  ] as const;
  const age = ageBuckets.map((b) => ({
    label: t(`dashboard.age.${b.key}`),
    value: items.filter((i) => b.test((now - Date.parse(i.createdAt)) / DAY)).length,
  }));
  const byStatus = TICKET_STATUSES.filter((s) => STATUS_COLORS[s]).map((s) => ({
    name: t(`status.${s}`),
    value: items.filter((i) => i.status === s).length,
    color: STATUS_COLORS[s],
  }));
  const byPriority = PRIORITIES.map((p) => ({
    label: `${p} · ${t(`priority.${p}`)}`,
    value: items.filter((i) => i.priority === p).length,
    p,
  }));
  // Short PD codes on the chart's axis, full names in its table.
  const unitCounts = new Map<string, { label: string; code: string; value: number }>();
  for (const i of items) {
    const entry = unitCounts.get(i.unit.id) ?? {
      label: i.unit.name,
      code: units.data?.find((u) => u.id === i.unit.id)?.code ?? i.unit.name,
      value: 0,
    };
    entry.value += 1;
    unitCounts.set(i.unit.id, entry);
  }
  const byUnit = [...unitCounts.values()].sort((a, b) => b.value - a.value).slice(0, 10);
  const breached = items.filter((i) => isBreached(i, now)).length;
  const atTier2 = items.filter((i) => i.tier === 2).length;

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {sample.data.truncated
          ? t('dashboard.snapshotTruncated', { count: items.length })
          : t('dashboard.snapshotNote', { count: items.length })}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Stat label={t('dashboard.openNow')} value={items.length} />
        <Stat label={t('dashboard.breachedNow')} value={breached} color={breached ? 'red.9' : undefined} />
        <Stat label={t('dashboard.escalatedNow')} value={atTier2} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ChartCard title={t('dashboard.backlogByAge')} rows={age} id="chart-age">
          <BarChart
            h={220}
            data={age.map((a) => ({ label: a.label, count: a.value }))}
            dataKey="label"
            series={[{ name: 'count', label: t('common.count'), color: 'desk.6' }]}
            tickLine="y"
          />
        </ChartCard>
        <ChartCard
          title={t('dashboard.byStatus')}
          rows={byStatus.map((s) => ({ label: s.name, value: s.value }))}
          id="chart-status"
        >
          <Group justify="center">
            <DonutChart
              h={220}
              data={byStatus.filter((s) => s.value > 0)}
              withLabelsLine
              withLabels
              chartLabel={items.length}
              withTooltip
            />
          </Group>
          <Group gap="sm" justify="center" mt="xs">
            {byStatus.map((s) => (
              <Group key={s.name} gap={4}>
                <span
                  aria-hidden
                  style={{
                    width: 10,
                    height: 10,
                    borderRadius: 2,
                    background: `var(--mantine-color-${s.color.replace('.', '-')})`,
                  }}
                />
                <Text size="xs">
                  {s.name}: {s.value}
                </Text>
              </Group>
            ))}
          </Group>
        </ChartCard>
        <ChartCard title={t('dashboard.byPriority')} rows={byPriority} id="chart-priority">
          <BarChart
            h={220}
            data={byPriority.map((p) => ({ label: p.p, count: p.value, color: PRIORITY_COLORS[p.p] }))}
            dataKey="label"
            series={[{ name: 'count', label: t('common.count'), color: 'orange.5' }]}
            tickLine="y"
          />
        </ChartCard>
        {hasRole(me, 'supervisor') && byUnit.length > 1 && (
          <ChartCard title={t('dashboard.byUnit')} rows={byUnit} id="chart-unit">
            <BarChart
              h={Math.max(220, byUnit.length * 32)}
              data={byUnit.map((u) => ({ label: u.code, count: u.value }))}
              dataKey="label"
              orientation="vertical"
              yAxisProps={{ width: 110 }}
              series={[{ name: 'count', label: t('common.count'), color: 'indigo.6' }]}
              tickLine="x"
            />
          </ChartCard>
        )}
      </SimpleGrid>
    </Stack>
  );
}

export default function DashboardPage() {
  const { i18n } = useTranslation();
  return (
    <DatesProvider settings={{ locale: i18n.language === 'en' ? 'en' : 'id', firstDayOfWeek: 1 }}>
      <Dashboard />
    </DatesProvider>
  );
}

function Dashboard() {
  const { t } = useTranslation();
  const me = useMeRequired();
  const caps = useCapabilities();
  const units = useUnits();
  const teams = useTeams();
  const supervisor = hasRole(me, 'supervisor');
  const [range, setRange] = useState<DatesRangeValue<string>>([
    dayjs().startOf('month').format('YYYY-MM-DD'),
    dayjs().format('YYYY-MM-DD'),
  ]);
  const [unitId, setUnitId] = useState<string | null>(supervisor ? null : me.unitId);
  const [teamId, setTeamId] = useState<string | null>(null);
  const reports = caps.has('get', '/reports/sla');

  async function downloadCsv() {
    const [from, to] = range;
    const qs = new URLSearchParams({
      format: 'csv',
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(unitId ? { unitId } : {}),
      ...(teamId ? { teamId } : {}),
    });
    try {
      await downloadFile(`/reports/sla?${qs.toString()}`, `laporan-sla-${from ?? ''}-${to ?? ''}.csv`);
    } catch (error) {
      notify(problemMessage(error, t), 'red');
    }
  }

  return (
    <Stack gap="lg">
      <PageHeader title={t('dashboard.title')} subtitle={t('dashboard.subtitle')} />
      {/* The scope: supervisors see every PD and team; a PD head's view is their own PD. */}
      {supervisor && (
        <Paper withBorder p="sm" radius="md">
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Select
              label={t('dashboard.scopeUnit')}
              placeholder={t('dashboard.allUnits')}
              data={(units.data ?? [])
                .filter((u) => u.kind === 'pd')
                .map((u) => ({ value: u.id, label: u.name }))}
              value={unitId}
              onChange={setUnitId}
              clearable
              searchable
              w={{ base: '100%', xs: 260 }}
            />
            <Select
              label={t('dashboard.scopeTeam')}
              placeholder={t('dashboard.allTeams')}
              data={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
              value={teamId}
              onChange={setTeamId}
              clearable
              w={{ base: '100%', xs: 240 }}
            />
          </Group>
        </Paper>
      )}

      <Stack gap="sm" component="section" aria-labelledby="dash-snapshot">
        <Title order={2} size="h4" id="dash-snapshot">
          {t('dashboard.snapshotTitle')}
        </Title>
        <Snapshot unitId={unitId} teamId={teamId} />
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="dash-report">
        <Title order={2} size="h4" id="dash-report">
          {t('dashboard.reportTitle')}
        </Title>
        {reports ? (
          <Paper withBorder p="sm" radius="md">
            <Group gap="sm" align="flex-end" wrap="wrap">
              <DatePickerInput
                type="range"
                label={t('dashboard.period')}
                value={range}
                onChange={setRange}
                valueFormat="D MMM YYYY"
                w={{ base: '100%', xs: 280 }}
                allowSingleDateInRange
              />
              <Button
                variant="default"
                leftSection={<IconDownload size={16} aria-hidden />}
                onClick={() => void downloadCsv()}
              >
                {t('dashboard.downloadCsv')}
              </Button>
            </Group>
          </Paper>
        ) : (
          <ComingSoon title={t('dashboard.reportTitle')} text={t('dashboard.reportText')} />
        )}
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="dash-subs">
        <Title order={2} size="h4" id="dash-subs">
          {t('dashboard.subscriptions')}
        </Title>
        <ComingSoon title={t('dashboard.subscriptions')} text={t('dashboard.subscriptionsText')} />
      </Stack>
    </Stack>
  );
}
