import { ticketPath } from '../api/deskTools';
import type { Ticket } from '@desk/contracts';
import { Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMeRequired } from '../auth/AuthContext';
import { formatDateTime, useTimeZone } from '../lib/dates';
import { shownStatus } from '../lib/roles';
import { PriorityBadge, StatusBadge } from './Badges';
import { SlaChip } from './SlaClock';

const OPEN = ['new', 'assigned', 'in_progress', 'pending'];

/** One ticket as a card: readable on a 360 px phone, a link to the ticket page. */
export function TicketCard({ ticket, actions }: { ticket: Ticket; actions?: ReactNode }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const me = useMeRequired();
  return (
    <Paper withBorder p="sm" radius="md" className="clickable-card" data-testid="ticket-card" pos="relative">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="sm" className="ticket-number" fw={600}>
            {ticket.number}
          </Text>
          <StatusBadge status={shownStatus(me, ticket)} size="sm" />
        </Group>
        {/* The title is the card's link; its ::after stretches over the whole card (buttons stay on top). */}
        <Text component={Link} to={ticketPath(ticket)} fw={500} lineClamp={2} className="card-link">
          {ticket.title}
        </Text>
        <Group gap="xs" justify="space-between">
          <Group gap="xs">
            <PriorityBadge priority={ticket.priority} size="sm" />
            {OPEN.includes(ticket.status) && <SlaChip ticket={ticket} />}
          </Group>
          <Text size="xs" c="dimmed">
            {formatDateTime(ticket.createdAt, tz)}
          </Text>
        </Group>
        {(ticket.assignee || actions) && (
          <Group justify="space-between" gap="xs">
            <Text size="xs" c="dimmed">
              {ticket.assignee
                ? `${t('tickets.assignee')}: ${ticket.assignee.name}`
                : t('tickets.unassigned')}
            </Text>
            {actions && <div className="card-actions">{actions}</div>}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
