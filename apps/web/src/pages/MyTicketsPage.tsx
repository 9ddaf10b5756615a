import { Button, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTicketPages, type TicketQuery } from '../api/hooks';
import { useMeRequired } from '../auth/AuthContext';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { TicketCard } from '../components/TicketCard';
import { hasRole } from '../lib/roles';

type Tab = 'active' | 'done' | 'cancelled' | 'all';
const TAB_STATUS: Record<Tab, TicketQuery['status']> = {
  active: ['open'],
  done: ['resolved', 'closed'],
  cancelled: ['cancelled'],
  all: undefined,
};

export function MyTicketsPage() {
  const { t } = useTranslation();
  const me = useMeRequired();
  const [tab, setTab] = useState<Tab>('active');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 350);
  const canFile = hasRole(me, 'requester', 'tier1');
  const unitView = hasRole(me, 'unit_head') && !hasRole(me, 'requester');
  const query = useTicketPages(
    { status: TAB_STATUS[tab], q: q || undefined, sort: 'created', limit: 20 },
    { refetchInterval: 60_000 },
  );
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="sm">
      <PageHeader
        title={unitView ? t('tickets.unitTitle') : t('tickets.myTitle')}
        actions={
          canFile && (
            <Button
              component={Link}
              to="/tickets/new"
              leftSection={<IconPlus size={16} aria-hidden />}
              visibleFrom="sm"
            >
              {t('nav.report')}
            </Button>
          )
        }
      />
      <TextInput
        leftSection={<IconSearch size={16} aria-hidden />}
        placeholder={t('tickets.searchPlaceholder')}
        aria-label={t('tickets.searchPlaceholder')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        type="search"
      />
      <SegmentedControl
        fullWidth
        value={tab}
        onChange={(v) => setTab(v as Tab)}
        aria-label={t('tickets.status')}
        data={[
          { value: 'active', label: t('tickets.tabActive') },
          { value: 'done', label: t('tickets.tabDone') },
          { value: 'cancelled', label: t('tickets.tabCancelled') },
          { value: 'all', label: t('tickets.tabAll') },
        ]}
      />
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          text={canFile && tab === 'active' && !q ? t('tickets.emptyRequester') : t('tickets.empty')}
          action={
            canFile && (
              <Button component={Link} to="/tickets/new" leftSection={<IconPlus size={16} aria-hidden />}>
                {t('nav.report')}
              </Button>
            )
          }
        />
      ) : (
        <Stack gap="xs" aria-busy={query.isFetching}>
          {items.map((ticket) => (
            <TicketCard key={ticket.id} ticket={ticket} />
          ))}
          {query.hasNextPage && (
            <Button
              variant="default"
              onClick={() => void query.fetchNextPage()}
              loading={query.isFetchingNextPage}
            >
              {t('common.loadMore')}
            </Button>
          )}
        </Stack>
      )}
    </Stack>
  );
}
