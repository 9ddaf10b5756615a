import 'mantine-datatable/styles.layer.css';
import type { Ticket } from '@desk/contracts';
import { Button, Collapse, Grid, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue, useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconBroadcast, IconRefresh } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ticketPath } from '../api/deskTools';
import { useTeams, useTicketPages, useUnits, useWorkQueues, type TicketQuery } from '../api/hooks';
import { useLiveStatus } from '../api/live';
import { useMeRequired } from '../auth/AuthContext';
import { BulkBar } from '../components/BulkBar';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { TicketCard } from '../components/TicketCard';
import { DeskFilterPanel } from '../components/workspace/DeskFilterPanel';
import {
  activeFilterCount,
  filtersToParams,
  filtersToQuery,
  NO_FILTERS,
  paramsToFilters,
  type DeskFilters,
} from '../components/workspace/filters';
import { OverviewBar } from '../components/workspace/OverviewBar';
import { ClaimButton, TakeNextButton } from '../components/workspace/QueueButtons';
import { useQueueColumns } from '../components/workspace/queueColumns';
import { QueueCounts } from '../components/workspace/QueueCounts';
import { QueuePicker } from '../components/workspace/QueuePicker';
import { buildQueues, LIVE_REFRESH_MS, queuesFromServer } from '../components/workspace/queues';
import { fromNow, useTimeZone } from '../lib/dates';

export default function WorkspacePage() {
  const { t } = useTranslation();
  const me = useMeRequired();
  const teams = useTeams();
  const units = useUnits();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const live = useLiveStatus();
  const serverQueues = useWorkQueues(true, LIVE_REFRESH_MS);
  const queues = useMemo(
    () =>
      serverQueues.data
        ? queuesFromServer(me, serverQueues.data.items, t)
        : buildQueues(me, teams.data ?? [], units.data ?? [], t),
    [me, serverQueues.data, teams.data, units.data, t],
  );
  const queue = queues.find((q) => q.key === params.get('queue')) ?? queues[0];

  const tz = useTimeZone();
  const [filters, setFilters] = useState<DeskFilters>(NO_FILTERS);
  const [overviewId, setOverviewId] = useState<string | null>(null);
  // Changing a filter by hand leaves the saved overview that was picked.
  const set = <K extends keyof DeskFilters>(key: K, value: DeskFilters[K]) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setOverviewId(null);
  };
  const phone = useMediaQuery('(max-width: 48em)');
  const [filtersOpen, { toggle: toggleFilters }] = useDisclosure(false);
  const [q] = useDebouncedValue(filters.search.trim(), 350);

  const query: TicketQuery = { ...filtersToQuery(queue.params, filters, q, tz), sort: 'due', limit: 50 };
  const pages = useTicketPages(query, { refetchInterval: LIVE_REFRESH_MS });
  const records = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);

  const activeFilters = activeFilterCount(filters);
  const [selected, setSelected] = useState<Ticket[]>([]);

  const columns = useQueueColumns(me);

  const selectQueue = (key: string) =>
    setParams(key === queues[0]?.key ? {} : { queue: key }, { replace: true });
  const updatedAt = pages.dataUpdatedAt ? fromNow(new Date(pages.dataUpdatedAt).toISOString()) : null;

  return (
    <Stack gap="sm">
      <PageHeader title={t('workspace.title')} />
      <QueuePicker queues={queues} current={queue.key} onSelect={selectQueue} />
      <Grid gap="md">
        <Grid.Col span={12}>
          <Stack gap="sm">
            <Group justify="space-between" gap="xs" align="flex-start">
              <Stack gap={4}>
                <Title order={2} size="h4" data-testid="queue-title">
                  {queue.label}
                </Title>
                <QueueCounts queue={queue} />
              </Stack>
              <Group gap="xs">
                {queue.counts
                  ? queue.canClaim && queue.nextPath && <TakeNextButton path={queue.nextPath} />
                  : queue.teamId &&
                    me.teamIds.includes(queue.teamId) && (
                      <TakeNextButton path={`/queues/${queue.teamId}/next`} />
                    )}
                {live && (
                  <Group gap={4} c="teal.9" data-testid="live-indicator" aria-live="polite">
                    <IconBroadcast size={16} aria-hidden />
                    <Text size="sm" fw={600} c="teal.9">
                      {t('workspace.liveOn')}
                    </Text>
                  </Group>
                )}
                <Tooltip
                  label={updatedAt ? t('workspace.updatedAt', { when: updatedAt }) : t('workspace.live')}
                >
                  <Button
                    variant="default"
                    leftSection={<IconRefresh size={16} aria-hidden />}
                    onClick={() => void pages.refetch()}
                    loading={pages.isRefetching}
                  >
                    {t('common.refresh')}
                  </Button>
                </Tooltip>
              </Group>
            </Group>

            <OverviewBar
              current={overviewId}
              params={filtersToParams(filters, tz)}
              onApply={(o) => {
                setOverviewId(o?.id ?? null);
                setFilters(o ? paramsToFilters(o.query, tz) : NO_FILTERS);
              }}
            />
            {phone && (
              <Button
                variant="default"
                leftSection={<IconAdjustmentsHorizontal size={16} aria-hidden />}
                onClick={toggleFilters}
                aria-expanded={filtersOpen}
              >
                {activeFilters ? `${t('common.filter')} (${activeFilters})` : t('common.filter')}
              </Button>
            )}
            <Collapse expanded={!phone || filtersOpen}>
              <DeskFilterPanel
                me={me}
                queue={queue}
                records={records}
                filters={filters}
                set={set}
                activeFilters={activeFilters}
                onClear={() => {
                  setFilters(NO_FILTERS);
                  setOverviewId(null);
                }}
              />
            </Collapse>

            {pages.isError ? (
              <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />
            ) : !pages.isPending && records.length === 0 ? (
              <EmptyState title={t('workspace.emptyTitle')} text={t('workspace.empty')} />
            ) : phone ? (
              pages.isPending ? (
                <LoadingState />
              ) : (
                <Stack gap="xs">
                  {records.map((r) => (
                    <TicketCard key={r.id} ticket={r} actions={<ClaimButton ticket={r} me={me} />} />
                  ))}
                </Stack>
              )
            ) : (
              <>
                <BulkBar selected={selected} me={me} onDone={() => setSelected([])} />
                <DataTable<Ticket>
                  selectedRecords={selected}
                  onSelectedRecordsChange={setSelected}
                  allRecordsSelectionCheckboxProps={{ 'aria-label': t('tools.selectAll') }}
                  selectionCheckboxProps={{ 'aria-label': t('tools.selectAll') }}
                  getRecordSelectionCheckboxProps={(record) => ({
                    'aria-label': t('tools.select', { number: record.number }),
                  })}
                  withTableBorder
                  borderRadius="md"
                  highlightOnHover
                  verticalSpacing="xs"
                  minHeight={records.length ? undefined : 160}
                  records={records}
                  columns={columns}
                  fetching={pages.isPending}
                  noRecordsText={t('workspace.empty')}
                  onRowClick={({ record }) => navigate(ticketPath(record))}
                  idAccessor="id"
                  data-testid="queue-table"
                />
              </>
            )}
            {pages.hasNextPage && (
              <Button
                variant="default"
                onClick={() => void pages.fetchNextPage()}
                loading={pages.isFetchingNextPage}
              >
                {t('common.loadMore')}
              </Button>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
