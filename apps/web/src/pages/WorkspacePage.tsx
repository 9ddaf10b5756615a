import 'mantine-datatable/styles.layer.css';
import { ticketPath } from '../api/deskTools';
import { BulkBar } from '../components/BulkBar';
import type { TFunction } from 'i18next';
import {
  PRIORITIES,
  TICKET_KINDS,
  type Me,
  type QueueCounts as ServerCounts,
  type Team,
  type Ticket,
  type Unit,
  type WorkQueue,
} from '@desk/contracts';
import {
  Anchor,
  Badge,
  Button,
  Collapse,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure, useMediaQuery } from '@mantine/hooks';
import { notify } from '../lib/notify';
import {
  IconAdjustmentsHorizontal,
  IconBolt,
  IconBroadcast,
  IconHandGrab,
  IconRefresh,
  IconSearch,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isApiError, request } from '../api/client';
import {
  useCategories,
  useTeams,
  useTicketPages,
  useTicketSample,
  useUnits,
  useUserDirectory,
  useWorkQueues,
  type TicketQuery,
} from '../api/hooks';
import { DateField } from '../components/DateFields';
import {
  activeFilterCount,
  filtersToParams,
  filtersToQuery,
  NO_FILTERS,
  paramsToFilters,
  type DeskFilters,
} from '../components/workspace/filters';
import { OverviewBar } from '../components/workspace/OverviewBar';
import { useLiveStatus } from '../api/live';
import { useMeRequired } from '../auth/AuthContext';
import { PriorityBadge, StatusBadge } from '../components/Badges';
import { PageHeader } from '../components/PageHeader';
import { SlaChip } from '../components/SlaClock';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { TicketCard } from '../components/TicketCard';
import { fromNow, useTimeZone } from '../lib/dates';
import { problemMessage } from '../lib/problem';
import { QueuePicker } from '../components/workspace/QueuePicker';
import { canWork, hasRole } from '../lib/roles';
import { isBreached, isDueSoon } from '../lib/sla';
import { useNow } from '../lib/useNow';

/** Queues follow the api's live stream; this polling is the fallback when a proxy breaks it. */
const LIVE_REFRESH_MS = 20_000;
const COUNT_SAMPLE = 200;

interface Queue {
  key: string;
  label: string;
  params: TicketQuery;
  /** A Tier 2 team queue: "take next" applies. */
  teamId?: string;
  /** From GET /queues: the counts the api computed, and whether the caller may take the next ticket. */
  counts?: ServerCounts;
  canClaim?: boolean;
  /** POST path of "take next" for this queue. */
  nextPath?: string;
}

/** The queues of GET /queues (the user's own first), then the views every agent has. */
function queuesFromServer(me: Me, items: WorkQueue[], t: TFunction<'translation'>): Queue[] {
  const own = (q: WorkQueue) => (q.kind === 'desk' ? q.unit?.id === me.unitId : me.teamIds.includes(q.id));
  const sorted = [...items.filter(own), ...items.filter((q) => !own(q))];
  const queues: Queue[] = sorted.map((q): Queue =>
    q.kind === 'desk'
      ? {
          key: q.unit?.id === me.unitId ? 'desk' : `desk-${q.id}`,
          label: t('workspace.desk', { unit: q.unit?.name ?? q.name }),
          params: { tier: 1, unitId: q.unit?.id },
          counts: q.counts,
          canClaim: q.canClaim,
          // The api's "next of desk" claims from the caller's own desk only.
          nextPath: q.unit?.id === me.unitId ? '/queues/desk/next' : undefined,
        }
      : {
          key: `team-${q.id}`,
          label: q.name,
          params: { tier: 2, teamId: q.id },
          teamId: q.id,
          counts: q.counts,
          canClaim: q.canClaim,
          nextPath: `/queues/${q.id}/next`,
        },
  );
  if (hasRole(me, 'supervisor')) {
    queues.push({ key: 'tier1-all', label: t('workspace.allTier1'), params: { tier: 1 } });
    queues.push({ key: 'tier2-all', label: t('workspace.allTier2'), params: { tier: 2 } });
  }
  if (hasRole(me, 'tier1')) {
    queues.push({
      key: 'desk-escalated',
      label: t('workspace.escalatedFromDesk'),
      params: { tier: 2, unitId: me.unitId },
    });
  }
  queues.push({ key: 'mine', label: t('workspace.myWork'), params: { assignee: 'me' } });
  return queues;
}

/** The desks and teams this user works, from their roles (GET /queues will supply them with counts). */
function buildQueues(me: Me, teams: Team[], units: Unit[], t: TFunction<'translation'>): Queue[] {
  const queues: Queue[] = [];
  const unitName = units.find((u) => u.id === me.unitId)?.name ?? '';
  if (hasRole(me, 'tier1')) {
    queues.push({
      key: 'desk',
      label: t('workspace.desk', { unit: unitName }),
      params: { tier: 1, unitId: me.unitId },
    });
  }
  if (hasRole(me, 'tier2', 'csirt')) {
    for (const team of teams.filter((tm) => me.teamIds.includes(tm.id))) {
      queues.push({
        key: `team-${team.id}`,
        label: team.name,
        params: { tier: 2, teamId: team.id },
        teamId: team.id,
      });
    }
  }
  if (hasRole(me, 'supervisor')) {
    queues.push({ key: 'tier1-all', label: t('workspace.allTier1'), params: { tier: 1 } });
    queues.push({ key: 'tier2-all', label: t('workspace.allTier2'), params: { tier: 2 } });
    for (const team of teams) {
      if (!queues.some((q) => q.teamId === team.id)) {
        queues.push({
          key: `team-${team.id}`,
          label: team.name,
          params: { tier: 2, teamId: team.id },
          teamId: team.id,
        });
      }
    }
  }
  if (hasRole(me, 'tier1')) {
    queues.push({
      key: 'desk-escalated',
      label: t('workspace.escalatedFromDesk'),
      params: { tier: 2, unitId: me.unitId },
    });
  }
  queues.push({ key: 'mine', label: t('workspace.myWork'), params: { assignee: 'me' } });
  return queues;
}

const CHIP_COLORS = {
  new: 'desk.7',
  open: 'gray.7',
  dueSoon: 'yellow.4',
  breached: 'red.9',
  unassigned: 'grape.8',
};

/** The api's own counts (GET /queues): exact, with the unassigned tickets "take next" would pick. */
function ServerQueueCounts({ counts }: { counts: ServerCounts }) {
  const { t } = useTranslation();
  const keys = ['new', 'open', 'unassigned', 'dueSoon', 'breached'] as const;
  return (
    <Group gap={6} aria-live="polite" data-testid="queue-counts">
      {keys.map((key) => (
        <Badge
          key={key}
          color={CHIP_COLORS[key]}
          autoContrast
          size="lg"
          variant="filled"
          style={{ textTransform: 'none' }}
          data-testid={`count-${key}`}
        >
          {t(`workspace.counts.${key}`)}: {counts[key]}
        </Badge>
      ))}
    </Group>
  );
}

function QueueCounts({ queue }: { queue: Queue }) {
  if (queue.counts) return <ServerQueueCounts counts={queue.counts} />;
  return <SampledQueueCounts queue={queue} />;
}

/** Counts from the first tickets of the queue, for an api without GET /queues. */
function SampledQueueCounts({ queue }: { queue: Queue }) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const sample = useTicketSample({ ...queue.params, status: ['open'], sort: 'due' }, COUNT_SAMPLE, {
    refetchInterval: LIVE_REFRESH_MS,
  });
  const items = sample.data?.items ?? [];
  const counts = {
    new: items.filter((i) => i.status === 'new').length,
    open: items.length,
    dueSoon: items.filter((i) => isDueSoon(i, now)).length,
    breached: items.filter((i) => isBreached(i, now)).length,
  };
  const plus = sample.data?.truncated ? '+' : '';
  const chips: { key: keyof typeof counts; color: string }[] = [
    { key: 'new', color: 'desk.7' },
    { key: 'open', color: 'gray.7' },
    { key: 'dueSoon', color: 'yellow.4' },
    { key: 'breached', color: 'red.9' },
  ];
  return (
    <Group gap={6} aria-live="polite" data-testid="queue-counts">
      {chips.map((c) => (
        <Badge
          key={c.key}
          color={c.color}
          autoContrast
          size="lg"
          variant="filled"
          style={{ textTransform: 'none' }}
        >
          {t(`workspace.counts.${c.key}`)}: {sample.isPending ? '…' : `${counts[c.key]}${plus}`}
        </Badge>
      ))}
      {sample.data?.truncated && (
        <Text size="xs" c="dimmed">
          {t('workspace.countsPartial', { count: COUNT_SAMPLE })}
        </Text>
      )}
    </Group>
  );
}

function ClaimButton({ ticket, me }: { ticket: Ticket; me: Me }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const claim = useMutation({
    mutationFn: () =>
      request<Ticket>(`/tickets/${ticket.id}/claim`, { method: 'POST', body: { version: ticket.version } }),
    onSuccess: (updated) => {
      qc.setQueryData(['ticket', ticket.id], updated);
      void qc.invalidateQueries({ queryKey: ['tickets'] });
      notify(`${updated.number}: ${t('status.assigned')} · ${updated.assignee?.name ?? ''}`);
    },
    onError: (error) => {
      void qc.invalidateQueries({ queryKey: ['tickets'] });
      notify(problemMessage(error, t), 'red');
    },
  });
  // Only for tickets the user may claim: Tier 1's view of its escalated tickets offers none.
  if (!['new', 'assigned'].includes(ticket.status) || ticket.assignee?.id === me.id || !canWork(me, ticket))
    return null;
  return (
    <Button
      size="compact-sm"
      variant="light"
      leftSection={<IconHandGrab size={14} aria-hidden />}
      loading={claim.isPending}
      onClick={(e) => {
        e.stopPropagation();
        claim.mutate();
      }}
      aria-label={`${t('actions.claim')} ${ticket.number}`}
    >
      {t('actions.claim')}
    </Button>
  );
}

function TakeNextButton({ path }: { path: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const take = useMutation({
    mutationFn: () => request<Ticket | undefined>(path, { method: 'POST' }),
    onSuccess: (ticket) => {
      void qc.invalidateQueries({ queryKey: ['tickets'] });
      void qc.invalidateQueries({ queryKey: ['queues'] });
      if (ticket?.id) qc.setQueryData(['ticket', ticket.id], ticket);
      if (!ticket || !ticket.id) {
        notify(t('actions.takeNextEmpty'), 'gray');
        return;
      }
      notify(t('actions.takeNextDone', { number: ticket.number }));
      navigate(ticketPath(ticket));
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 404) notify(t('actions.takeNextEmpty'), 'gray');
      else notify(problemMessage(error, t), 'red');
    },
  });
  return (
    <Button
      leftSection={<IconBolt size={16} aria-hidden />}
      loading={take.isPending}
      onClick={() => take.mutate()}
      data-testid="take-next"
    >
      {t('actions.takeNext')}
    </Button>
  );
}

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
  const categories = useCategories();
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

  // Requesters to filter by: those met in the lists so far, and for supervisors the directory.
  const [requesterSearch, setRequesterSearch] = useState('');
  const [directoryQ] = useDebouncedValue(requesterSearch.trim(), 300);
  const directory = useUserDirectory(directoryQ, hasRole(me, 'supervisor') && directoryQ.length >= 2);
  const seenRequesters = useRef(new Map<string, string>());
  const requesterOptions = useMemo(() => {
    const seen = seenRequesters.current;
    for (const r of records) seen.set(r.requester.id, r.requester.name);
    for (const u of directory.data?.items ?? []) seen.set(u.id, `${u.name} · ${u.unitName}`);
    return [...seen]
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [records, directory.data]);
  const activeFilters = activeFilterCount(filters);
  const [selected, setSelected] = useState<Ticket[]>([]);

  const columns: DataTableColumn<Ticket>[] = [
    {
      accessor: 'number',
      title: t('tickets.number'),
      noWrap: true,
      render: (r) => (
        <Anchor
          component={Link}
          to={ticketPath(r)}
          className="ticket-number"
          size="sm"
          fw={600}
          onClick={(e) => e.stopPropagation()}
        >
          {r.number}
        </Anchor>
      ),
    },
    {
      accessor: 'title',
      title: t('tickets.subject'),
      render: (r) => (
        <Stack gap={0} miw={180} maw={420}>
          <Text size="sm" fw={500} lineClamp={2}>
            {r.title}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {r.requester.name} · {r.unit.name}
          </Text>
        </Stack>
      ),
    },
    {
      accessor: 'priority',
      title: t('tickets.priority'),
      noWrap: true,
      render: (r) => <PriorityBadge priority={r.priority} size="sm" />,
    },
    {
      accessor: 'status',
      title: `${t('tickets.status')} · ${t('tickets.assignee')}`,
      render: (r) => (
        <Stack gap={2} align="flex-start">
          <StatusBadge status={r.status} size="sm" />
          <Text size="xs" c={r.assignee ? undefined : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
            {r.assignee?.name ?? t('tickets.unassigned')}
          </Text>
        </Stack>
      ),
      visibleMediaQuery: (th) => `(min-width: ${th.breakpoints.sm})`,
    },
    { accessor: 'due', title: t('tickets.due'), noWrap: true, render: (r) => <SlaChip ticket={r} /> },
    {
      accessor: 'actions',
      title: '',
      noWrap: true,
      textAlign: 'right',
      render: (r) => <ClaimButton ticket={r} me={me} />,
    },
  ];

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
              <Paper withBorder p="sm" radius="md" data-testid="desk-filters">
                <Stack gap="xs">
                  <Group gap="xs" align="flex-end" wrap="wrap">
                    <TextInput
                      leftSection={<IconSearch size={16} aria-hidden />}
                      label={t('common.search')}
                      placeholder={t('tickets.searchPlaceholder')}
                      value={filters.search}
                      onChange={(e) => set('search', e.currentTarget.value)}
                      type="search"
                      style={{ flex: '1 1 220px' }}
                    />
                    <Select
                      label={t('workspace.filters.status')}
                      value={filters.status}
                      onChange={(v) => set('status', v ?? 'open')}
                      allowDeselect={false}
                      data={[
                        { value: 'open', label: t('workspace.filters.openStatuses') },
                        ...(['new', 'assigned', 'in_progress', 'pending', 'resolved'] as const).map((s) => ({
                          value: s,
                          label: t(`status.${s}`),
                        })),
                      ]}
                      w={{ base: '100%', xs: 210 }}
                    />
                    <Select
                      label={t('workspace.filters.priority')}
                      value={filters.priority}
                      onChange={(v) => set('priority', v)}
                      clearable
                      placeholder={t('common.all')}
                      data={PRIORITIES.map((p) => ({ value: p, label: `${p} · ${t(`priority.${p}`)}` }))}
                      w={{ base: '100%', xs: 150 }}
                    />
                    <Select
                      label={t('workspace.filters.kind')}
                      value={filters.kind}
                      onChange={(v) => set('kind', v)}
                      clearable
                      placeholder={t('common.all')}
                      data={TICKET_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
                      w={{ base: '100%', xs: 170 }}
                    />
                    {hasRole(me, 'supervisor') && !queue.params.unitId && (
                      <Select
                        label={t('workspace.filters.unit')}
                        value={filters.unitId}
                        onChange={(v) => set('unitId', v)}
                        clearable
                        searchable
                        placeholder={t('common.all')}
                        data={(units.data ?? [])
                          .filter((u) => u.kind === 'pd')
                          .map((u) => ({ value: u.id, label: u.name }))}
                        w={{ base: '100%', xs: 220 }}
                      />
                    )}
                  </Group>
                  <Group gap="xs" align="flex-end" wrap="wrap">
                    <Select
                      label={t('workspace.filters.category')}
                      value={filters.categoryId}
                      onChange={(v) => set('categoryId', v)}
                      clearable
                      searchable
                      placeholder={t('common.all')}
                      data={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                      w={{ base: '100%', xs: 220 }}
                    />
                    <Select
                      label={t('workspace.filters.requester')}
                      value={filters.requesterId}
                      onChange={(v) => set('requesterId', v)}
                      searchValue={requesterSearch}
                      onSearchChange={setRequesterSearch}
                      clearable
                      searchable
                      placeholder={t('workspace.filters.requesterPlaceholder')}
                      nothingFoundMessage={t('workspace.filters.requesterNone')}
                      data={requesterOptions}
                      w={{ base: '100%', xs: 240 }}
                    />
                    <DateField
                      label={t('workspace.filters.from')}
                      value={filters.from}
                      onChange={(v) => set('from', v)}
                      maxDate={filters.to ?? undefined}
                      clearable
                      w={{ base: '100%', xs: 190 }}
                      data-testid="filter-from"
                    />
                    <DateField
                      label={t('workspace.filters.to')}
                      value={filters.to}
                      onChange={(v) => set('to', v)}
                      minDate={filters.from ?? undefined}
                      clearable
                      w={{ base: '100%', xs: 190 }}
                      data-testid="filter-to"
                    />
                  </Group>
                  <Group gap="md" wrap="wrap">
                    {!queue.params.assignee && (
                      <SegmentedControl
                        size="xs"
                        aria-label={t('workspace.filters.assignee')}
                        value={filters.assignee}
                        onChange={(v) => set('assignee', v as DeskFilters['assignee'])}
                        data={[
                          { value: 'any', label: t('workspace.filters.anyone') },
                          { value: 'me', label: t('workspace.filters.me') },
                          { value: 'none', label: t('workspace.filters.none') },
                        ]}
                      />
                    )}
                    <Switch
                      label={t('workspace.filters.breachedOnly')}
                      checked={filters.breached}
                      onChange={(e) => set('breached', e.currentTarget.checked)}
                    />
                    {activeFilters > 0 && (
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => {
                          setFilters(NO_FILTERS);
                          setOverviewId(null);
                        }}
                      >
                        {t('workspace.filters.clear')}
                      </Button>
                    )}
                  </Group>
                </Stack>
              </Paper>
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
