import 'mantine-datatable/styles.layer.css';
import type { PriorityName, ReportBreachItem, ReportBreaches } from '@desk/contracts';
import { Anchor, Text } from '@mantine/core';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PriorityBadge } from '../../components/Badges';
import { EmptyState } from '../../components/States';
import { formatDateTime, useTimeZone } from '../../lib/dates';

const PAGE_SIZE = 10;

/** The period's breached SLA clocks, latest first, each linking to its ticket. */
export function BreachesTable({ breaches }: { breaches: ReportBreaches }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const [page, setPage] = useState(1);
  if (!breaches.items.length)
    return <EmptyState title={t('dashboard.breach.emptyTitle')} text={t('dashboard.breach.empty')} />;
  const records = breaches.items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  return (
    <>
      {breaches.total > breaches.items.length && (
        <Text size="sm" c="dimmed">
          {t('dashboard.breach.latest', { count: breaches.items.length, total: breaches.total })}
        </Text>
      )}
      <DataTable<ReportBreachItem>
        withTableBorder
        borderRadius="md"
        striped
        verticalSpacing="xs"
        records={records}
        idAccessor={(b) => `${b.ticketId}-${b.clock}`}
        totalRecords={breaches.items.length}
        recordsPerPage={PAGE_SIZE}
        page={page}
        onPageChange={setPage}
        paginationText={({ from, to, totalRecords }) =>
          t('dashboard.breach.pages', { from, to, total: totalRecords })
        }
        getPaginationControlProps={(control) =>
          control === 'previous'
            ? { 'aria-label': t('dashboard.breach.previous') }
            : control === 'next'
              ? { 'aria-label': t('dashboard.breach.next') }
              : {}
        }
        data-testid="breaches-table"
        columns={[
          {
            accessor: 'number',
            title: t('dashboard.breach.ticket'),
            noWrap: true,
            render: (b) => (
              <Anchor
                component={Link}
                to={`/tickets/${b.ticketId}`}
                className="ticket-number"
                size="sm"
                fw={600}
              >
                {b.number}
              </Anchor>
            ),
          },
          {
            accessor: 'title',
            title: t('tickets.subject'),
            render: (b) => (
              <Text size="sm" lineClamp={2} miw={160}>
                {b.title}
              </Text>
            ),
          },
          {
            accessor: 'clock',
            title: t('dashboard.breach.clock'),
            render: (b) => t(`dashboard.breach.clocks.${b.clock as 'response'}`, b.clock),
          },
          {
            accessor: 'priority',
            title: t('tickets.priority'),
            render: (b) => <PriorityBadge priority={b.priority as PriorityName} size="sm" />,
            visibleMediaQuery: (th) => `(min-width: ${th.breakpoints.sm})`,
          },
          {
            accessor: 'unitName',
            title: t('tickets.unit'),
            render: (b) => (b.teamName ? `${b.unitName} · ${b.teamName}` : b.unitName),
            visibleMediaQuery: (th) => `(min-width: ${th.breakpoints.md})`,
          },
          {
            accessor: 'breachedAt',
            title: t('dashboard.breach.at'),
            noWrap: true,
            render: (b) => formatDateTime(b.breachedAt, tz),
            visibleMediaQuery: (th) => `(min-width: ${th.breakpoints.sm})`,
          },
        ]}
      />
    </>
  );
}
