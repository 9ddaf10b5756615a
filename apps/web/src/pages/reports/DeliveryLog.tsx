import type {
  DeliveryStatusName,
  MailStatusName,
  ReportDelivery,
  ReportDeliveryAttempt,
} from '@desk/contracts';
import { Badge, Group, List, Stack, Table, Text, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDeliveries } from '../../api/reports';
import { ScrollBox } from '../../components/ChartCard';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDateTime, useTimeZone } from '../../lib/dates';

const DELIVERY_COLOR: Record<DeliveryStatusName, MantineColor> = {
  pending: 'yellow.4',
  mailed: 'ok.8',
  failed: 'red.9',
};
const MAIL_COLOR: Record<MailStatusName, MantineColor> = {
  held: 'gray.3',
  queued: 'yellow.4',
  sending: 'yellow.4',
  sent: 'ok.8',
  failed: 'red.9',
};

/** Every delivery of a subscription: when, which period, how it went, and each recipient's mail. */
export function DeliveryLog({ subscriptionId }: { subscriptionId: string }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const deliveries = useDeliveries(subscriptionId);
  if (deliveries.isPending) return <LoadingState />;
  if (deliveries.isError)
    return <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  if (!deliveries.data.length)
    return <EmptyState title={t('subs.log.emptyTitle')} text={t('subs.log.empty')} />;
  return (
    <ScrollBox label={t('subs.log.title')}>
      <Table striped withTableBorder fz="sm" verticalSpacing="xs" miw={640} data-testid="delivery-log">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('subs.log.createdAt')}</Table.Th>
            <Table.Th>{t('subs.log.period')}</Table.Th>
            <Table.Th>{t('subs.log.status')}</Table.Th>
            <Table.Th>{t('subs.log.mails')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.data.map((d) => (
            <DeliveryRow key={d.id} delivery={d} tz={tz} />
          ))}
        </Table.Tbody>
      </Table>
    </ScrollBox>
  );
}

function DeliveryRow({ delivery: d, tz }: { delivery: ReportDelivery; tz: string }) {
  const { t } = useTranslation();
  // A mailed attempt is worded in the reader's language; an error keeps the server's message.
  const attemptDetail = (a: ReportDeliveryAttempt) =>
    a.recipients === undefined
      ? a.detail
      : a.recipients.length
        ? t('subs.log.mailedTo', { count: a.recipients.length, recipients: a.recipients.join(', ') })
        : t('subs.log.noRecipient');
  return (
    <Table.Tr data-testid="delivery-row" data-status={d.status}>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(d.createdAt, tz)}
        </Text>
        <Text size="xs" c="dimmed">
          {t(`subs.log.triggers.${d.trigger}`)}
        </Text>
      </Table.Td>
      <Table.Td>{d.periodLabel}</Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <Badge color={DELIVERY_COLOR[d.status]} autoContrast size="sm">
            {t(`subs.log.statuses.${d.status}`)}
          </Badge>
          <Text size="xs" c="dimmed">
            {t('subs.log.attempts', { count: d.attempts })}
          </Text>
          {d.lastError && (
            <Text size="xs" c="red.9">
              {t('subs.log.error', { error: d.lastError })}
            </Text>
          )}
          {d.attemptLog.length > 0 && (
            <List size="xs" spacing={2} aria-label={t('subs.log.attemptLog')}>
              {d.attemptLog.map((a, i) => (
                <List.Item key={i}>
                  {formatDateTime(a.at, tz)} · {t(`subs.log.outcomes.${a.outcome}`)}
                  {a.detail || a.recipients ? `: ${attemptDetail(a)}` : ''}
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        {d.mails.length ? (
          <Stack gap={4}>
            {d.mails.map((m) => (
              <Group key={m.recipient} gap={6} wrap="nowrap" data-testid="delivery-mail">
                <Badge color={MAIL_COLOR[m.status]} autoContrast size="sm" style={{ flexShrink: 0 }}>
                  {t(`subs.log.mailStatuses.${m.status}`)}
                </Badge>
                <Text size="sm" style={{ overflowWrap: 'break-word' }}>
                  {m.recipient}
                </Text>
                {m.lastError && (
                  <Text size="xs" c="red.9">
                    {m.lastError}
                  </Text>
                )}
              </Group>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {d.status === 'pending' ? t('subs.log.building') : '—'}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
