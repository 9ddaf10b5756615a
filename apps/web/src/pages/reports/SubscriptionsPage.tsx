import '@mantine/dates/styles.layer.css';
import type { ReportSubscription, SendNowPeriodName } from '@desk/contracts';
import { Badge, Button, Collapse, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { IconEdit, IconHistory, IconPlus, IconSend, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteSubscription, useReportSubscriptions, useSendNow } from '../../api/reports';
import { useMeRequired } from '../../auth/AuthContext';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatClock, formatDateTime, useTimeZone, zoneAbbr } from '../../lib/dates';
import { notify } from '../../lib/notify';
import { problemMessage } from '../../lib/problem';
import { hasRole } from '../../lib/roles';
import { NotFoundPage } from '../NotFoundPage';
import { DeliveryLog } from './DeliveryLog';
import { SendNowDialog } from './SendNowDialog';
import { SubscriptionForm } from './SubscriptionForm';

/** Report subscriptions (supervisors: any scope; PD heads: their PD) with send-now and the delivery log. */
export default function SubscriptionsPage() {
  const { t } = useTranslation();
  const me = useMeRequired();
  const manager = hasRole(me, 'supervisor', 'unit_head');
  const subs = useReportSubscriptions(manager);
  const [editing, setEditing] = useState<ReportSubscription | 'new' | null>(null);
  const [removing, setRemoving] = useState<ReportSubscription | null>(null);
  if (!manager) return <NotFoundPage />;

  const header = (
    <PageHeader
      title={t('subs.title')}
      subtitle={t('subs.subtitle')}
      actions={
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
          {t('subs.new')}
        </Button>
      }
    />
  );

  return (
    <Stack gap="md">
      {header}
      {subs.isPending ? (
        <LoadingState />
      ) : subs.isError ? (
        <ErrorState error={subs.error} onRetry={() => void subs.refetch()} />
      ) : subs.data.length === 0 ? (
        <EmptyState
          title={t('subs.emptyTitle')}
          text={t('subs.empty')}
          action={
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
              {t('subs.new')}
            </Button>
          }
        />
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('subs.title')}>
          {subs.data.map((sub) => (
            <SubscriptionCard
              key={sub.id}
              sub={sub}
              onEdit={() => setEditing(sub)}
              onRemove={() => setRemoving(sub)}
            />
          ))}
        </Stack>
      )}

      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('subs.new') : t('subs.edit')}
        centered
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing !== null && (
          <SubscriptionForm sub={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
      <RemoveDialog sub={removing} onClose={() => setRemoving(null)} />
    </Stack>
  );
}

function SubscriptionCard({
  sub,
  onEdit,
  onRemove,
}: {
  sub: ReportSubscription;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const [logOpen, setLogOpen] = useState(false);
  const sendNow = useSendNow();
  const scope = [
    sub.scope.unitName ?? t('dashboard.regencyWide'),
    sub.scope.teamName ? t('subs.teamScope', { team: sub.scope.teamName }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const recipients = sub.recipients.map((r) => r.name ?? r.email ?? t('subs.userInactive'));
  const logId = `log-${sub.id}`;

  const [choosing, setChoosing] = useState(false);

  async function send(period?: SendNowPeriodName) {
    setChoosing(false);
    try {
      const delivery = await sendNow.mutateAsync({ id: sub.id, period });
      notify(t('subs.sendNowDone', { period: delivery.periodLabel }));
      setLogOpen(true);
    } catch (error) {
      notify(problemMessage(error, t), 'red');
    }
  }

  return (
    <Paper
      component="li"
      withBorder
      p={{ base: 'sm', sm: 'md' }}
      radius="md"
      data-testid="subscription"
      miw={0}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          {/* A basis, not just flex 1: on a phone the badges go under the name instead of squeezing it. */}
          <Stack gap={2} miw={0} style={{ flex: '1 1 220px' }}>
            <Title order={2} size="h5" style={{ overflowWrap: 'anywhere' }}>
              {sub.name}
            </Title>
            <Text size="sm">{scope}</Text>
          </Stack>
          <Group gap={6}>
            <Badge variant="light" color="desk">
              {t(`subs.frequencies.${sub.frequency}`)} · {formatClock(sub.sendAt)} {zoneAbbr(tz)}
            </Badge>
            <Badge color={sub.active ? 'ok.8' : 'gray.3'} autoContrast>
              {sub.active ? t('subs.active') : t('subs.paused')}
            </Badge>
          </Group>
        </Group>
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {t('subs.recipients', { count: recipients.length })}: {recipients.join(', ')}
        </Text>
        {sub.active && sub.schedule.nextRunAt && (
          <Text size="sm" c="dimmed">
            {t('subs.nextRun', { when: formatDateTime(sub.schedule.nextRunAt, tz) })}
          </Text>
        )}
        <Group gap="xs">
          <Button
            size="xs"
            leftSection={<IconSend size={14} aria-hidden />}
            onClick={() => (sub.sendNowPeriods?.length ? setChoosing(true) : void send())}
            loading={sendNow.isPending}
            aria-label={`${t('subs.sendNow')}: ${sub.name}`}
          >
            {t('subs.sendNow')}
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconHistory size={14} aria-hidden />}
            onClick={() => setLogOpen((v) => !v)}
            aria-expanded={logOpen}
            aria-controls={logId}
            aria-label={`${t('subs.log.title')}: ${sub.name}`}
          >
            {t('subs.log.title')}
          </Button>
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconEdit size={14} aria-hidden />}
            onClick={onEdit}
            aria-label={`${t('common.edit')}: ${sub.name}`}
          >
            {t('common.edit')}
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={14} aria-hidden />}
            onClick={onRemove}
            aria-label={`${t('subs.delete')}: ${sub.name}`}
          >
            {t('subs.delete')}
          </Button>
        </Group>
        <Collapse expanded={logOpen} id={logId}>
          {logOpen && (
            <Stack gap="xs" mt="xs">
              <Text fw={600} size="sm">
                {t('subs.log.title')}
              </Text>
              <DeliveryLog subscriptionId={sub.id} />
            </Stack>
          )}
        </Collapse>
      </Stack>
      <SendNowDialog
        opened={choosing}
        name={sub.name}
        periods={sub.sendNowPeriods ?? []}
        onClose={() => setChoosing(false)}
        onSend={(period) => void send(period)}
      />
    </Paper>
  );
}

function RemoveDialog({ sub, onClose }: { sub: ReportSubscription | null; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteSubscription();
  async function confirm() {
    if (!sub) return;
    try {
      await remove.mutateAsync(sub.id);
      notify(t('subs.deleted'));
      onClose();
    } catch (error) {
      notify(problemMessage(error, t), 'red');
    }
  }
  return (
    <Modal
      opened={!!sub}
      onClose={onClose}
      title={t('subs.deleteTitle')}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="sm">
        <Text size="sm">{t('subs.deleteText', { name: sub?.name ?? '' })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={remove.isPending}>
            {t('subs.delete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
