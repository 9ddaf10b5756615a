import type { Me, Ticket } from '@desk/contracts';
import { Anchor, Stack, Text } from '@mantine/core';
import type { DataTableColumn } from 'mantine-datatable';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ticketPath } from '../../api/deskTools';
import { PriorityBadge, StatusBadge } from '../Badges';
import { SlaChip } from '../SlaClock';
import { ClaimButton } from './QueueButtons';

/** The queue table's columns: number, subject and requester, priority, status and assignee, due. */
export function useQueueColumns(me: Me): DataTableColumn<Ticket>[] {
  const { t } = useTranslation();
  return [
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
}
