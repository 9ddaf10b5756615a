import type { Me, Ticket } from '@desk/contracts';
import { PRIORITIES, TICKET_KINDS } from '@desk/contracts';
import { Button, Group, Paper, SegmentedControl, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCategories, useUnits, useUserDirectory } from '../../api/hooks';
import { hasRole } from '../../lib/roles';
import { DateField } from '../DateFields';
import type { DeskFilters } from './filters';
import type { Queue } from './queues';

/**
 * Requesters to filter by: those met in the lists so far, and for supervisors the directory
 * (searched by name as they type).
 */
function useRequesterOptions(me: Me, records: Ticket[]) {
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
  return { requesterSearch, setRequesterSearch, requesterOptions };
}

/** The workspace's filters: search, status, priority, kind, unit, category, requester, dates. */
export function DeskFilterPanel({
  me,
  queue,
  records,
  filters,
  set,
  activeFilters,
  onClear,
}: {
  me: Me;
  queue: Queue;
  /** The tickets listed so far (their requesters are offered in the requester filter). */
  records: Ticket[];
  filters: DeskFilters;
  set: <K extends keyof DeskFilters>(key: K, value: DeskFilters[K]) => void;
  activeFilters: number;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const units = useUnits();
  const categories = useCategories();
  const { requesterSearch, setRequesterSearch, requesterOptions } = useRequesterOptions(me, records);
  return (
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
            <Button size="xs" variant="subtle" onClick={onClear}>
              {t('workspace.filters.clear')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
