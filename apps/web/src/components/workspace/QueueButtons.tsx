import type { Me, Ticket } from '@desk/contracts';
import { Button } from '@mantine/core';
import { IconBolt, IconHandGrab } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError, request } from '../../api/client';
import { ticketPath } from '../../api/deskTools';
import { notify } from '../../lib/notify';
import { problemMessage } from '../../lib/problem';
import { canWork } from '../../lib/roles';

/** "Take": claims one ticket of the list for the user. */
export function ClaimButton({ ticket, me }: { ticket: Ticket; me: Me }) {
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

/** "Take next": claims the queue's next waiting ticket and opens it. */
export function TakeNextButton({ path }: { path: string }) {
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
