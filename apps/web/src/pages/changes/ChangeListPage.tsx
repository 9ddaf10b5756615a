import type { ChangeSummary } from '@desk/contracts';
import { Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useChanges } from '../../api/changes';
import { useLiveRecordEvents } from '../../api/liveRecords';
import { useMeRequired } from '../../auth/AuthContext';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDateTime, useTimeZone } from '../../lib/dates';
import { hasRole } from '../../lib/roles';
import { PhaseBadge } from './shared';

/** The sections of change management, as links (list, approval queue, calendar, problems). */
export function ChangeNav({ current }: { current: 'list' | 'approvals' | 'calendar' }) {
  const { t } = useTranslation();
  const me = useMeRequired();
  const navigate = useNavigate();
  const data = [
    { value: 'list', label: t('changes.list') },
    ...(hasRole(me, 'supervisor') ? [{ value: 'approvals', label: t('changes.approvals') }] : []),
    { value: 'calendar', label: t('changes.calendar') },
  ];
  return (
    <SegmentedControl
      aria-label={t('changes.title')}
      value={current}
      data={data}
      onChange={(v) => navigate(v === 'list' ? '/changes' : `/changes/${v}`)}
      fullWidth
      mb="md"
    />
  );
}

export function ChangeRow({ c }: { c: ChangeSummary }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component={Link}
      to={`/changes/${c.id}`}
      style={{ display: 'block' }}
    >
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text fw={600} size="sm">
          {c.number} · {c.title}
        </Text>
        <PhaseBadge phase={c.phase} />
      </Group>
      <Text size="xs" c="dimmed">
        {t(`changes.types.${c.type}`)} · {t(`changes.risks.${c.risk}`)} · {c.owningUnit.name} ·{' '}
        {formatDateTime(c.plannedStart, tz)} – {formatDateTime(c.plannedEnd, tz)}
      </Text>
      <Text size="xs" c="dimmed">
        {c.systems.join(', ')}
      </Text>
    </Paper>
  );
}

export function ChangeListPage({ approvals = false }: { approvals?: boolean }) {
  const { t } = useTranslation();
  const me = useMeRequired();
  // Every step of a change the user sees refetches the list (the api filters the stream).
  useLiveRecordEvents('change', true);
  const list = useChanges(approvals ? { approval: 'pending' } : {});
  const canFile = hasRole(me, 'tier1', 'tier2', 'supervisor');
  return (
    <Stack gap="sm">
      <PageHeader
        title={approvals ? t('changes.approvals') : t('changes.title')}
        subtitle={t('changes.subtitle')}
        actions={
          canFile && (
            <Button component={Link} to="/changes/new" leftSection={<IconPlus size={16} aria-hidden />}>
              {t('changes.new')}
            </Button>
          )
        }
      />
      <ChangeNav current={approvals ? 'approvals' : 'list'} />
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={approvals ? t('changes.emptyApprovals') : t('changes.empty')} />
      ) : (
        <Stack gap="xs" data-testid={approvals ? 'approval-queue' : 'change-list'}>
          {list.data.items.map((c) => (
            <ChangeRow key={c.id} c={c} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
