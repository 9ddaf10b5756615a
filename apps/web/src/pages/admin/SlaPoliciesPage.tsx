import { type SlaPolicy } from '@desk/contracts';
import { ActionIcon, Badge, Stack, Text } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import { AdminList, FormDialog } from '../../components/AdminList';
import { durationLabel } from './slaDurations';
import { PolicyForm } from './SlaPolicyForm';

function ladderLabel(p: SlaPolicy, t: ReturnType<typeof useTranslation>['t']): string {
  return p.ladder.length
    ? p.ladder.map((l) => `${Math.round(l.at * 100)} %`).join(' → ')
    : // A plain key lookup: the full typed signature of `t` is too deep for the compiler here.
      (t as unknown as (key: string) => string)('slaPolicy.noLadder');
}

/** Which hours the policy counts: dark text on a light outline, readable in both colour schemes. */
function CalendarBadge({ policy }: { policy: SlaPolicy }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="default"
      style={{ textTransform: 'none', whiteSpace: 'normal', height: 'auto' }}
      maw={160}
    >
      {t(`slaPolicy.calendars.${policy.calendar}`)}
    </Badge>
  );
}

export function SlaPoliciesPage() {
  const { t } = useTranslation();
  const policies = useQuery({
    queryKey: ['sla-policies'],
    queryFn: ({ signal }) => request<SlaPolicy[]>('/sla-policies', { signal }),
  });
  const [editing, setEditing] = useState<SlaPolicy | 'new' | null>(null);
  return (
    <>
      <AdminList<SlaPolicy>
        title={t('admin.slaPolicies')}
        newLabel={t('slaPolicy.newPolicy')}
        onNew={() => setEditing('new')}
        records={policies.data}
        fetching={policies.isPending}
        error={policies.error}
        onRetry={() => void policies.refetch()}
        testId="sla-table"
        columns={[
          {
            accessor: 'name',
            title: t('admin.name'),
            render: (p) => (
              <Stack gap={2}>
                <Text size="sm" fw={500}>
                  {p.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {p.kind ? t(`kind.${p.kind}`) : t('slaPolicy.anyKind')} ·{' '}
                  {p.priority ? `${p.priority} ${t(`priority.${p.priority}`)}` : t('slaPolicy.anyPriority')}
                </Text>
                {/* Below extra-wide screens the last two columns move here, so nothing is cut off. */}
                <Stack gap={2} hiddenFrom="xl" align="flex-start">
                  <CalendarBadge policy={p} />
                  <Text size="xs" c="dimmed">
                    {t('slaPolicy.ladder')}: {ladderLabel(p, t)}
                  </Text>
                </Stack>
              </Stack>
            ),
          },
          {
            accessor: 'responseTarget',
            title: t('slaPolicy.response'),
            render: (p) => durationLabel(p.responseTarget, p.calendar, t),
          },
          {
            accessor: 'resolutionTarget',
            title: t('slaPolicy.resolution'),
            render: (p) => durationLabel(p.resolutionTarget, p.calendar, t),
          },
          {
            accessor: 'tier2ResponseTarget',
            title: t('slaPolicy.tier2Response'),
            render: (p) => durationLabel(p.tier2ResponseTarget, p.calendar, t),
            visibleMediaQuery: (th) => `(min-width: ${th.breakpoints.sm})`,
          },
          {
            accessor: 'calendar',
            title: t('slaPolicy.calendar'),
            render: (p) => <CalendarBadge policy={p} />,
            visibleMediaQuery: (th) => `(min-width: ${th.breakpoints.xl})`,
          },
          {
            accessor: 'ladder',
            title: t('slaPolicy.ladder'),
            render: (p) => ladderLabel(p, t),
            noWrap: false,
            visibleMediaQuery: (th) => `(min-width: ${th.breakpoints.xl})`,
          },
          {
            accessor: 'actions',
            title: '',
            textAlign: 'right',
            width: 56,
            render: (p) => (
              <ActionIcon
                variant="subtle"
                aria-label={`${t('slaPolicy.editPolicy')} ${p.name}`}
                onClick={() => setEditing(p)}
              >
                <IconPencil size={16} aria-hidden />
              </ActionIcon>
            ),
          },
        ]}
      >
        <Text size="sm" c="dimmed">
          {t('admin.slaText')}
        </Text>
      </AdminList>
      <FormDialog
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('slaPolicy.newPolicy') : t('slaPolicy.editPolicy')}
        size="xl"
      >
        <PolicyForm
          policy={editing === 'new' ? undefined : (editing ?? undefined)}
          onDone={() => setEditing(null)}
        />
      </FormDialog>
    </>
  );
}
